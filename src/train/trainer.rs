//! The background trainer: a thread with its own rayon pool that runs a [`Session`], obeys
//! [`TrainCommand`]s and reports [`TrainEvent`]s. It never touches the UI; it calls the waker
//! closure the window gives it (e.g. `request_repaint`) after sending.

use super::config::TrainConfig;
use super::messages::{TrainCommand, TrainEvent};
use super::session::Session;
use crate::graph::Graph;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
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
fn first_hard(h: &crate::hierarchy::Hierarchy) -> Vec<Option<u32>> {
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

fn run_loop(
    graph: Arc<Graph>,
    cfg: TrainConfig,
    run: u64,
    commands: &Receiver<TrainCommand>,
    send: &dyn Fn(TrainEvent),
) {
    let mut session = match Session::new(graph, cfg) {
        Ok(s) => s,
        Err(e) => {
            send(TrainEvent::Failed {
                run,
                message: e.to_string(),
                last_good: None,
            });
            return;
        }
    };
    let snapshot = |session: &Session| -> (Arc<crate::hierarchy::Hierarchy>, Duration) {
        let start = Instant::now();
        let h = Arc::new(session.hierarchy());
        (h, start.elapsed())
    };
    let (first, mut snapshot_cost) = snapshot(&session);
    let first_hierarchy = first.clone();
    send(TrainEvent::Snapshot {
        run,
        epoch: 0,
        hierarchy: first,
        weights: Arc::new(session.weights().clone()),
    });
    let mut paused = false;
    let mut last_snapshot = Instant::now();
    // Paced epochs are due at `anchor + k / pace`; the anchor moves whenever the pace changes
    // or training resumes, so a pause is not made up for by a burst.
    let mut anchor = (Instant::now(), 0usize);
    let mut speed = Speed::default();
    // Level 0's assignment at the last snapshot, and whether it is still changing fast.
    let mut last_hard = first_hard(&first_hierarchy);
    let mut changing = session.cfg.slow_while_changing;
    loop {
        let mut step_once = false;
        loop {
            let next = if paused && !step_once {
                match commands.recv_timeout(Duration::from_millis(200)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                commands.try_recv().ok()
            };
            match next {
                Some(TrainCommand::Pause) => {
                    paused = true;
                    let (h, _) = snapshot(&session);
                    send(TrainEvent::Snapshot {
                        run,
                        epoch: session.epoch,
                        hierarchy: h,
                        weights: Arc::new(session.weights().clone()),
                    });
                }
                Some(TrainCommand::Resume) => {
                    paused = false;
                    anchor = (Instant::now(), session.epoch);
                    speed = Speed::default();
                }
                Some(TrainCommand::SetPace(p)) => {
                    if p.is_finite() && p >= 0.0 {
                        session.cfg.pace_epochs_per_second = p;
                        anchor = (Instant::now(), session.epoch);
                        speed = Speed::default();
                    }
                }
                Some(TrainCommand::Step) => step_once = true,
                Some(TrainCommand::Cancel) => return,
                Some(TrainCommand::SetLearningRate(lr)) => session.set_learning_rate(lr),
                None if paused && !step_once => continue,
                None => break,
            }
        }
        if session.is_done() {
            let candidates = super::restarts::candidates(&session.cfg, session.graph.node_count());
            let note = session.untrained_reason();
            if candidates.len() > 1 {
                // The restarts run after the watched one, at full speed, on this thread;
                // a Cancel between epochs ends them (and the run) at once.
                let graph = session.graph.clone();
                let h = session.hierarchy();
                let first = super::restarts::Outcome::new(session, h);
                let of = candidates.len();
                let cancelled = std::cell::Cell::new(false);
                // Only Cancel matters now: pausing or pacing a finished run has no meaning.
                let poll = || {
                    use std::sync::mpsc::TryRecvError;
                    if let Ok(TrainCommand::Cancel) | Err(TryRecvError::Disconnected) =
                        commands.try_recv()
                    {
                        cancelled.set(true);
                    }
                    cancelled.get()
                };
                let result = super::restarts::keep_best(
                    &graph,
                    &candidates,
                    first,
                    |r| {
                        send(TrainEvent::Restarting {
                            run,
                            restart: r + 1,
                            of,
                        })
                    },
                    &poll,
                );
                if cancelled.get() {
                    return;
                }
                match result {
                    Ok((best, cfg, why)) => {
                        send(TrainEvent::Finished {
                            run,
                            hierarchy: Arc::new(best.hierarchy),
                            weights: Arc::new(best.session.weights().clone()),
                            note,
                            chosen: Some((cfg, why)),
                        });
                    }
                    Err(e) => send(TrainEvent::Failed {
                        run,
                        message: format!("a restart failed: {e}"),
                        last_good: None,
                    }),
                }
                return;
            }
            let (h, _) = snapshot(&session);
            send(TrainEvent::Finished {
                run,
                hierarchy: h,
                weights: Arc::new(session.weights().clone()),
                note,
                chosen: None,
            });
            return;
        }
        let pace = if changing && session.cfg.slow_while_changing {
            session.cfg.pace_epochs_per_second / 3.0
        } else {
            session.cfg.pace_epochs_per_second
        };
        if pace > 0.0 && !step_once {
            let due = anchor.0
                + Duration::from_secs_f64((session.epoch + 1 - anchor.1) as f64 / pace as f64);
            let now = Instant::now();
            if due > now {
                // Sleep in short slices so commands still get through.
                std::thread::sleep((due - now).min(Duration::from_millis(50)));
                if Instant::now() < due {
                    continue;
                }
            }
        }
        match session.step() {
            Ok(stats) => {
                let eps = speed.record(session.epoch);
                let epochs = session.cfg.epochs;
                send(TrainEvent::Progress {
                    run,
                    stats,
                    epochs,
                    epochs_per_second: eps,
                });
                let due = last_snapshot.elapsed() >= SNAPSHOT_INTERVAL.max(snapshot_cost * 2);
                if (due || step_once) && !session.is_done() {
                    let (h, cost) = snapshot(&session);
                    snapshot_cost = cost;
                    last_snapshot = Instant::now();
                    let hard = first_hard(&h);
                    let now_changing = changed_share(&last_hard, &hard) > 0.02;
                    if now_changing != changing && session.cfg.slow_while_changing {
                        // The pace changes: count from here, so it neither bursts nor stalls.
                        anchor = (Instant::now(), session.epoch);
                    }
                    changing = now_changing;
                    last_hard = hard;
                    send(TrainEvent::Snapshot {
                        run,
                        epoch: session.epoch,
                        hierarchy: h,
                        weights: Arc::new(session.weights().clone()),
                    });
                }
            }
            Err(e) => {
                let (h, _) = snapshot(&session);
                send(TrainEvent::Failed {
                    run,
                    message: e.to_string(),
                    last_good: Some(h),
                });
                return;
            }
        }
    }
}
