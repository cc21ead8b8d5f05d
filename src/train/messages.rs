//! What the window and the trainer say to each other. Every event carries the run id it
//! belongs to, so the window drops events from a run it has already replaced.

use super::session::EpochStats;
use crate::hierarchy::Hierarchy;
use std::sync::Arc;

/// From the window to the trainer.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainCommand {
    /// Stop after the current epoch until resumed.
    Pause,
    Resume,
    /// Run exactly one epoch (while paused) and send a snapshot.
    Step,
    /// End the run; the thread exits.
    Cancel,
    /// Change Adam's learning rate from the next epoch on.
    SetLearningRate(f32),
    /// Epochs per second to train at from now on (0: as fast as it goes).
    SetPace(f32),
}

/// From the trainer to the window.
#[derive(Clone, Debug)]
pub enum TrainEvent {
    /// After every epoch: its losses and metrics, and the speed.
    Progress {
        run: u64,
        stats: EpochStats,
        epochs: usize,
        epochs_per_second: f64,
    },
    /// The hierarchy as it is now; sent at most about every 100 ms (less often when computing
    /// it is slow), and after a step or pause.
    Snapshot {
        run: u64,
        epoch: usize,
        hierarchy: Arc<Hierarchy>,
        /// The weights that gave this hierarchy (small: a session saved mid-run keeps them).
        weights: Arc<crate::nn::ParamStore>,
    },
    /// The watched run is over and restart `restart` of `of` trains in the background.
    Restarting { run: u64, restart: usize, of: usize },
    /// Training ended normally: the run that was watched (its weights go into saved
    /// sessions), and what its restarts gave, which never replaces it on its own.
    Finished {
        run: u64,
        hierarchy: Arc<Hierarchy>,
        weights: Arc<crate::nn::ParamStore>,
        /// Why the run stopped before its epochs, in words (a method with nothing to learn).
        note: Option<String>,
        restarts: Option<Restarts>,
    },
    /// Training stopped: bad settings, or a loss diverged (the last good hierarchy is kept).
    Failed {
        run: u64,
        message: String,
        last_good: Option<Arc<Hierarchy>>,
    },
}

impl TrainEvent {
    pub fn run(&self) -> u64 {
        match self {
            TrainEvent::Progress { run, .. }
            | TrainEvent::Snapshot { run, .. }
            | TrainEvent::Restarting { run, .. }
            | TrainEvent::Finished { run, .. }
            | TrainEvent::Failed { run, .. } => *run,
        }
    }
}

/// What the restarts of a watched run gave.
#[derive(Clone, Debug)]
pub struct Restarts {
    /// How many runs there were, the watched one included.
    pub of: usize,
    /// The watched run's score, beside its level-1 modularity.
    pub watched: super::restarts::Ranked,
    /// The best restart, when it scored higher than the watched run.
    pub better: Option<Box<BetterRun>>,
}

/// A restart that scored higher than the watched run: everything needed to show it instead,
/// should the user ask (its final hierarchy, weights, settings, loss history and snapshots).
#[derive(Clone, Debug)]
pub struct BetterRun {
    /// `restart 3 of 6 (identity features, seed 2000006)`.
    pub name: String,
    /// Its number among the runs (the watched run is 1).
    pub restart: usize,
    pub score: f64,
    /// In words, against the watched run.
    pub why: String,
    pub hierarchy: Arc<Hierarchy>,
    pub weights: Arc<crate::nn::ParamStore>,
    pub config: super::TrainConfig,
    pub history: Vec<EpochStats>,
    pub snapshots: Vec<(usize, Arc<Hierarchy>)>,
}
