//! The model settings being edited in the left panel, before they become a run.

use crate::train::{Sizes, TrainConfig};

pub struct Form {
    pub cfg: TrainConfig,
    /// Clusters per level.
    pub ks: Vec<usize>,
}

impl Default for Form {
    fn default() -> Self {
        // 60 epochs a second: a 300-epoch run takes five seconds to watch.
        Self {
            cfg: TrainConfig {
                pace_epochs_per_second: 60.0,
                ..TrainConfig::default()
            },
            ks: vec![12, 4],
        }
    }
}

impl Form {
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            clusters: Sizes::Counts(self.ks.clone()),
            ..self.cfg.clone()
        }
    }
}
