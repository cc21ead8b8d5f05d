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
                let mut builder = rayon::ThreadPoolBuilder::new();
                if cfg.threads > 0 {
                    builder = builder.num_threads(cfg.threads);
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
    send(TrainEvent::Snapshot {
        run,
        epoch: 0,
        hierarchy: first,
        weights: Arc::new(session.weights().clone()),
    });
    let mut paused = false;
    let mut last_snapshot = Instant::now();
    let started = Instant::now();
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
                Some(TrainCommand::Resume) => paused = false,
                Some(TrainCommand::Step) => step_once = true,
                Some(TrainCommand::Cancel) => return,
                Some(TrainCommand::SetLearningRate(lr)) => session.set_learning_rate(lr),
                None if paused && !step_once => continue,
                None => break,
            }
        }
        if session.is_done() {
            let (h, _) = snapshot(&session);
            send(TrainEvent::Finished {
                run,
                hierarchy: h,
                weights: Arc::new(session.weights().clone()),
            });
            return;
        }
        if session.cfg.pace_epochs_per_second > 0.0 {
            let due = started
                + Duration::from_secs_f64(
                    session.epoch as f64 / session.cfg.pace_epochs_per_second as f64,
                );
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
                let eps = session.epoch as f64 / started.elapsed().as_secs_f64().max(1e-9);
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
