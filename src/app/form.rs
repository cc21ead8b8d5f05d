//! The model settings being edited in the left panel, before they become a run.

use crate::train::{Sizes, TrainConfig};

pub struct Form {
    pub cfg: TrainConfig,
    /// Clusters per level.
    pub ks: Vec<usize>,
    /// The user picked the features: they no longer follow the method's default.
    pub features_chosen: bool,
    /// The user set the hidden width: it no longer follows the method's default.
    pub hidden_chosen: bool,
    /// The user changed a method setting: none follows the labels any more.
    pub options_chosen: bool,
}

/// 60 epochs a second: a 300-epoch run takes five seconds to watch.
pub const DEFAULT_PACE: f32 = 60.0;

impl Default for Form {
    fn default() -> Self {
        Self {
            cfg: TrainConfig {
                pace_epochs_per_second: DEFAULT_PACE,
                ..TrainConfig::default()
            },
            ks: vec![12, 4],
            features_chosen: false,
            hidden_chosen: false,
            options_chosen: false,
        }
    }
}

impl Form {
    /// Which of the settings that follow the method the user set.
    pub fn chosen(&self) -> crate::train::Chosen {
        crate::train::Chosen {
            features: self.features_chosen,
            hidden: self.hidden_chosen,
            options: self.options_chosen,
        }
    }

    /// The method's default features on an `n`-node graph and its width, except what the
    /// user chose.
    pub fn follow_method(&mut self, n: usize) {
        let chosen = self.chosen();
        crate::train::follow_method(&mut self.cfg, n, chosen);
    }

    /// The run's settings: restarts only with the method's default features, as in `train`
    /// (features chosen by hand train once, exactly as asked).
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            clusters: Sizes::Counts(self.ks.clone()),
            restarts: self.cfg.restarts && !self.features_chosen,
            ..self.cfg.clone()
        }
    }
}
