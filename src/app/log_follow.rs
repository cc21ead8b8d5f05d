//! Following a log directory while the user's training still writes it: a worker thread reads
//! the steps added since it last looked (every third of a second), turns each into a
//! hierarchy, and hands them to the window, which puts them on the training timeline.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the follower found: a step, its hierarchy and its curves' values (see
/// [`step_losses`]), or why the log cannot be read.
pub type Found = Result<(usize, Arc<Hierarchy>, Vec<(String, f64)>), String>;

/// A step's values for the loss curves: each loss as the user's model logged it
/// (`dmon_spectral (logged)` when poolscope knows the name, else the name as logged), and
/// beside it poolscope's value on the same S of level 0 into 1 under its own key, which the
/// method card shows too.
/// `bn`: BN-Pool's posterior and connectivity for level 0 when the step logged them, with the
/// prior's concentration.
pub fn step_losses(
    logged: &[(String, f64)],
    h: &Hierarchy,
    bn: Option<(&crate::pool::bnpool::Logged, f32)>,
) -> Vec<(String, f64)> {
    let names: Vec<&str> = logged.iter().map(|(n, _)| n.as_str()).collect();
    let keys: Vec<Option<&'static str>> = names
        .iter()
        .map(|n| crate::pool::logged::key_for(n, &names))
        .collect();
    let recomputed = match h.levels.first() {
        Some(lv) if keys.iter().any(Option::is_some) => lv
            .assignment
            .as_ref()
            .map(|s| {
                let mut all = crate::pool::logged::all_losses(&lv.adjacency, s);
                if let Some((b, alpha_dp)) = bn {
                    crate::pool::logged::with_bnpool(&mut all, &lv.adjacency, s, b, alpha_dp);
                }
                all
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for ((name, value), key) in logged.iter().zip(&keys) {
        match key {
            Some(k) => {
                out.push((format!("{k} (logged)"), *value));
                if let Some((_, r)) = recomputed.iter().find(|(n, _)| n == k) {
                    out.push((k.to_string(), *r));
                }
            }
            None => out.push((name.clone(), *value)),
        }
    }
    out
}

pub struct LogFollower {
    rx: Receiver<Found>,
    stop: Arc<AtomicBool>,
    /// Where the log is, for the window's line about it.
    pub dir: PathBuf,
    /// Steps read so far.
    pub steps: Arc<Mutex<usize>>,
}

impl LogFollower {
    pub fn start(
        dir: PathBuf,
        graph: Arc<Graph>,
        labels: Option<String>,
        waker: crate::train::Waker,
    ) -> Self {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let steps = Arc::new(Mutex::new(0));
        let (stop2, steps2, dir2) = (stop.clone(), steps.clone(), dir.clone());
        let _ = std::thread::Builder::new()
            .name("log".into())
            .spawn(move || {
                let mut offset = 0u64;
                let alpha_dp = crate::io::logset::LogModel::read(&dir2)
                    .map_or(crate::pool::bnpool::ALPHA_DP, |m| {
                        crate::pool::logged::alpha_dp_of(&m.settings)
                    });
                while !stop2.load(Ordering::Relaxed) {
                    match crate::io::logdir::read_steps(&dir2, &graph, offset) {
                        Ok(read) => {
                            offset = read.next;
                            for why in read.skipped {
                                eprintln!("note: {why}");
                            }
                            for s in read.steps {
                                let found =
                                    crate::export::step_hierarchy(&graph, &s, labels.as_deref())
                                        .map(|h| {
                                            let bn = s.bnpool.first().and_then(Option::as_ref);
                                            let losses = step_losses(
                                                &s.losses,
                                                &h,
                                                bn.map(|b| (b, alpha_dp)),
                                            );
                                            (s.step, Arc::new(h), losses)
                                        });
                                if let Ok(mut n) = steps2.lock() {
                                    *n += 1;
                                }
                                if tx.send(found).is_err() {
                                    return;
                                }
                            }
                            waker();
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e.to_string()));
                            waker();
                            return;
                        }
                    }
                    std::thread::sleep(Duration::from_millis(300));
                }
            });
        Self {
            rx,
            stop,
            dir,
            steps,
        }
    }

    /// What arrived since the last call; never blocks.
    pub fn drain(&self) -> Vec<Found> {
        self.rx.try_iter().collect()
    }

    /// Waits up to `timeout` for one more (tests only).
    pub fn wait(&self, timeout: Duration) -> Option<Found> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for LogFollower {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
