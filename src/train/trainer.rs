//! The background trainer: a thread with its own rayon pool that runs a [`Session`], obeys
//! [`TrainCommand`]s and reports [`TrainEvent`]s. It never touches the UI; it calls the waker
//! closure the window gives it (e.g. `request_repaint`) after sending.

use super::config::TrainConfig;
use super::messages::{BetterRun, Restarts, TrainCommand, TrainEvent};
use super::session::{Session, TrainError};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Called after each event so the receiver can wake up.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Snapshots are sent at most this often.
const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(100);

pub struct Trainer {
    pub run: u64,
    commands: Sender<TrainCommand>,
    events: Receiver<TrainEvent>,
    handle: Option<JoinHandle<()>>,
}

impl Trainer {
    pub fn start(graph: Arc<Graph>, cfg: TrainConfig, run: u64, waker: Waker) -> Self {
        let (ctx, crx) = channel();
        let (etx, erx) = channel();
        let handle = std::thread::Builder::new()
            .name(format!("trainer-{run}"))
            .spawn(move || {
                // The window's training runs below the UI in priority: it takes whatever the
                // frames leave (on an idle window, everything).
                crate::priority::lower_this_thread();
                let mut builder = rayon::ThreadPoolBuilder::new()
                    .start_handler(|_| crate::priority::lower_this_thread());
                // Settings from a session are checked by `validate` in the run; the pool is
                // built first, so it never asks for more than the machine takes.
                if cfg.threads > 0 {
                    builder = builder.num_threads(cfg.threads.min(super::config::max_threads()));
                }
                match builder.build() {
                    Ok(pool) => pool.install(move || {
                        let send = |e: TrainEvent| {
                            let _ = etx.send(e);
                            waker();
                        };
                        run_loop(graph, cfg, run, &crx, &send)
                    }),
                    Err(e) => {
                        let _ = etx.send(TrainEvent::Failed {
                            run,
                            message: format!("cannot start threads: {e}"),
                            last_good: None,
                        });
                        waker();
                    }
                }
            })
            .ok();
        Self {
            run,
            commands: ctx,
            events: erx,
            handle,
        }
    }

    pub fn send(&self, c: TrainCommand) {
        let _ = self.commands.send(c);
    }

    pub fn try_recv(&self) -> Option<TrainEvent> {
        self.events.try_recv().ok()
    }

    pub fn recv_timeout(&self, timeout: Duration) -> Option<TrainEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// True once the thread has exited.
    pub fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for Trainer {
    fn drop(&mut self) {
        let _ = self.commands.send(TrainCommand::Cancel);
    }
}

/// Level 0's hard assignment in a snapshot.
fn first_hard(h: &Hierarchy) -> Vec<Option<u32>> {
    h.levels.first().map(|l| l.hard.clone()).unwrap_or_default()
}

/// Share of nodes whose cluster differs between two assignments.
fn changed_share(a: &[Option<u32>], b: &[Option<u32>]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 1.0;
    }
    a.iter().zip(b).filter(|(x, y)| x != y).count() as f64 / a.len() as f64
}

/// Epochs per second over about the last second, true from the first epoch on.
struct Speed {
    since: Instant,
    samples: std::collections::VecDeque<(Instant, usize)>,
}

impl Default for Speed {
    fn default() -> Self {
        Self {
            since: Instant::now(),
            samples: Default::default(),
        }
    }
}

impl Speed {
    fn record(&mut self, epoch: usize) -> f64 {
        let now = Instant::now();
        self.samples.push_back((now, epoch));
        while self.samples.len() > 2
            && now.duration_since(self.samples[0].0) > Duration::from_secs(1)
        {
            self.samples.pop_front();
        }
        let (t0, e0) = match self.samples.front() {
            // One sample: count from when this speed began.
            Some(&(t, e)) if self.samples.len() > 1 => (t, e),
            _ => (self.since, epoch.saturating_sub(1)),
        };
        (epoch - e0) as f64 / now.duration_since(t0).as_secs_f64().max(1e-6)
    }
}

/// What the trainer thread does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Epochs run, at the pace asked for.
    Training,
    /// Waiting for a command; `Step` runs one epoch.
    Paused,
    /// One epoch asked for, unpaced and with a snapshot; then paused again (or training on,
    /// when the step came while training).
    Stepping,
    /// The epochs are done: restarts, then `Finished`.
    Finishing,
    /// Cancelled, failed or finished: the thread ends.
    Stopped,
}

/// The watched run on the trainer thread: its session, its pace and when it last sent a
/// snapshot.
struct Run<'a> {
    id: u64,
    session: Session,
    /// The candidates of the restarts; the session trains the first.
    candidates: Vec<TrainConfig>,
    commands: &'a Receiver<TrainCommand>,
    send: &'a dyn Fn(TrainEvent),
    state: State,
    /// What follows a step: training when the step came while training, else the pause.
    train_after_step: bool,
    /// Paced epochs are due at `anchor.0 + (epoch − anchor.1) / pace`; the anchor moves
    /// whenever the pace changes or training resumes, so a pause is not made up for by a burst.
    anchor: (Instant, usize),
    speed: Speed,
    last_snapshot: Instant,
    snapshot_cost: Duration,
    /// Level 0's assignment at the last snapshot, and whether it is still changing fast.
    last_hard: Vec<Option<u32>>,
    changing: bool,
}

impl<'a> Run<'a> {
    /// Starts the session and sends the untrained snapshot (epoch 0).
    fn start(
        graph: Arc<Graph>,
        cfg: TrainConfig,
        id: u64,
        commands: &'a Receiver<TrainCommand>,
        send: &'a dyn Fn(TrainEvent),
    ) -> Result<Self, TrainError> {
        let candidates = super::restarts::candidates(&cfg, graph.node_count());
        let session = Session::new(graph, candidates[0].clone())?;
        let changing = session.cfg.slow_while_changing;
        let mut run = Self {
            id,
            session,
            candidates,
            commands,
            send,
            state: State::Training,
            train_after_step: false,
            anchor: (Instant::now(), 0),
            speed: Speed::default(),
            last_snapshot: Instant::now(),
            snapshot_cost: Duration::ZERO,
            last_hard: Vec::new(),
            changing,
        };
        let h = run.send_snapshot();
        run.last_hard = first_hard(&h);
        Ok(run)
    }

    /// Computes the hierarchy now, sends it as a snapshot and notes what it cost.
    fn send_snapshot(&mut self) -> Arc<Hierarchy> {
        let start = Instant::now();
        let h = Arc::new(self.session.hierarchy());
        self.snapshot_cost = start.elapsed();
        self.last_snapshot = Instant::now();
        (self.send)(TrainEvent::Snapshot {
            run: self.id,
            epoch: self.session.epoch,
            hierarchy: h.clone(),
            weights: Arc::new(self.session.weights().clone()),
        });
        h
    }

    /// Counts paced epochs from now (after a resume or a change of pace).
    fn restart_pace(&mut self) {
        self.anchor = (Instant::now(), self.session.epoch);
        self.speed = Speed::default();
    }

    /// Carries out the commands that have arrived; while paused, waits for one.
    fn drain_commands(&mut self) {
        loop {
            let next = if self.state == State::Paused {
                match self.commands.recv_timeout(Duration::from_millis(200)) {
                    Ok(c) => c,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => {
                        self.state = State::Stopped;
                        return;
                    }
                }
            } else {
                match self.commands.try_recv() {
                    Ok(c) => c,
                    Err(TryRecvError::Empty) => return,
                    Err(TryRecvError::Disconnected) => {
                        self.state = State::Stopped;
                        return;
                    }
                }
            };
            match next {
                TrainCommand::Pause => {
                    self.state = State::Paused;
                    self.send_snapshot();
                }
                TrainCommand::Resume => {
                    self.state = State::Training;
                    self.restart_pace();
                }
                TrainCommand::SetPace(p) => {
                    if p.is_finite() && p >= 0.0 {
                        self.session.cfg.pace_epochs_per_second = p;
                        self.restart_pace();
                    }
                }
                TrainCommand::Step => {
                    self.train_after_step = self.state == State::Training;
                    self.state = State::Stepping;
                    return;
                }
                TrainCommand::Cancel => {
                    self.state = State::Stopped;
                    return;
                }
                TrainCommand::SetLearningRate(lr) => self.session.set_learning_rate(lr),
            }
        }
    }

    /// Whether the next paced epoch is due; if not, sleeps a short slice towards it (so
    /// commands still get through) and says no.
    fn pace_allows(&self) -> bool {
        let pace = if self.changing && self.session.cfg.slow_while_changing {
            self.session.cfg.pace_epochs_per_second / 3.0
        } else {
            self.session.cfg.pace_epochs_per_second
        };
        if pace <= 0.0 || self.state == State::Stepping {
            return true;
        }
        let due = self.anchor.0
            + Duration::from_secs_f64(
                (self.session.epoch + 1 - self.anchor.1) as f64 / pace as f64,
            );
        let now = Instant::now();
        if due > now {
            std::thread::sleep((due - now).min(Duration::from_millis(50)));
            return Instant::now() >= due;
        }
        true
    }

    /// One epoch: its progress, and a snapshot when one is due (or after a step).
    fn epoch(&mut self) {
        let stepping = self.state == State::Stepping;
        match self.session.step() {
            Ok(stats) => {
                let eps = self.speed.record(self.session.epoch);
                (self.send)(TrainEvent::Progress {
                    run: self.id,
                    stats,
                    epochs: self.session.cfg.epochs,
                    epochs_per_second: eps,
                });
                let due =
                    self.last_snapshot.elapsed() >= SNAPSHOT_INTERVAL.max(self.snapshot_cost * 2);
                if (due || stepping) && !self.session.is_done() {
                    let h = self.send_snapshot();
                    let hard = first_hard(&h);
                    let now_changing = changed_share(&self.last_hard, &hard) > 0.02;
                    if now_changing != self.changing && self.session.cfg.slow_while_changing {
                        // The pace changes: count from here, so it neither bursts nor stalls.
                        self.anchor = (Instant::now(), self.session.epoch);
                    }
                    self.changing = now_changing;
                    self.last_hard = hard;
                }
                self.state = if self.session.is_done() {
                    State::Finishing
                } else if stepping && !self.train_after_step {
                    State::Paused
                } else if stepping {
                    State::Training
                } else {
                    self.state
                };
            }
            Err(e) => {
                let h = Arc::new(self.session.hierarchy());
                (self.send)(TrainEvent::Failed {
                    run: self.id,
                    message: e.to_string(),
                    last_good: Some(h),
                });
                self.state = State::Stopped;
            }
        }
    }

    /// The epochs are done: the restarts train (at full speed, on this thread; a Cancel
    /// between epochs ends them and the run at once), and the kept run is sent as finished.
    fn finish(self) {
        let note = self.session.untrained_reason();
        let (id, send, commands) = (self.id, self.send, self.commands);
        let cancelled = std::cell::Cell::new(false);
        // Only Cancel matters now: pausing or pacing a finished run has no meaning.
        let poll = || {
            if let Ok(TrainCommand::Cancel) | Err(TryRecvError::Disconnected) = commands.try_recv()
            {
                cancelled.set(true);
            }
            cancelled.get()
        };
        let epochs = self.session.cfg.epochs;
        // Restarts keep about fifty snapshots each, so one shown instead can be replayed.
        let record_every = Some((epochs / 50).max(1));
        let result = super::restarts::finish(
            self.session,
            &self.candidates,
            record_every,
            |restart, of| {
                send(TrainEvent::Restarting {
                    run: id,
                    restart,
                    of,
                })
            },
            &poll,
        );
        if cancelled.get() {
            return;
        }
        send(match result {
            Ok(finished) => {
                let watched = super::restarts::Ranked::of(&finished.watched.hierarchy);
                let restarts = (finished.of > 1).then(|| Restarts {
                    of: finished.of,
                    watched,
                    better: finished.better.map(|b| {
                        Box::new(BetterRun {
                            name: super::restarts::describe(b.index, b.of, &b.cfg),
                            restart: b.index + 1,
                            score: b.outcome.score,
                            why: b.why(watched),
                            weights: Arc::new(b.outcome.weights().clone()),
                            history: b.outcome.session.history.clone(),
                            hierarchy: Arc::new(b.outcome.hierarchy),
                            snapshots: b.outcome.snapshots,
                            config: b.cfg,
                        })
                    }),
                });
                TrainEvent::Finished {
                    run: id,
                    hierarchy: Arc::new(finished.watched.hierarchy),
                    weights: Arc::new(finished.watched.session.weights().clone()),
                    note,
                    restarts,
                }
            }
            Err(e) => TrainEvent::Failed {
                run: id,
                message: format!("a restart failed: {e}"),
                last_good: None,
            },
        });
    }
}

/// The trainer thread: drain the commands, wait for the pace, run an epoch, until the run is
/// done (then finish) or stopped.
fn run_loop(
    graph: Arc<Graph>,
    cfg: TrainConfig,
    id: u64,
    commands: &Receiver<TrainCommand>,
    send: &dyn Fn(TrainEvent),
) {
    let mut run = match Run::start(graph, cfg, id, commands, send) {
        Ok(run) => run,
        Err(e) => {
            send(TrainEvent::Failed {
                run: id,
                message: e.to_string(),
                last_good: None,
            });
            return;
        }
    };
    loop {
        run.drain_commands();
        if run.session.is_done() && run.state != State::Stopped {
            run.state = State::Finishing;
        }
        match run.state {
            State::Stopped => return,
            State::Finishing => return run.finish(),
            State::Paused => continue,
            State::Training | State::Stepping => {
                if run.pace_allows() {
                    run.epoch();
                }
            }
        }
    }
}
