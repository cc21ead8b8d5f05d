//! The run a workspace shows and the one it keeps beside it. Restarts never replace the run
//! the class watched: when one scores higher it waits here, and a button offers it; showing it
//! swaps everything that belongs to a run (its final hierarchy, weights and settings, its
//! timeline, loss and metric curves), so the slide, the replay and a saved session always
//! show one run. The same button swaps back.

use crate::hierarchy::Hierarchy;
use crate::nn::ParamStore;
use crate::train::{BetterRun, EpochStats, Timeline, TrainConfig};
use std::sync::Arc;

/// What belongs to one run, as the workspace holds it.
pub struct RunParts {
    pub hierarchy: Option<Arc<Hierarchy>>,
    pub weights: Option<(Arc<ParamStore>, TrainConfig)>,
    pub run_config: Option<TrainConfig>,
    pub timeline: Timeline,
    pub history: Vec<EpochStats>,
    pub metric_history: Vec<[f64; 4]>,
    pub epoch: usize,
}

/// A finished run that is not on screen.
pub struct OtherRun {
    /// `restart 3 of 6 (identity features, seed 2000006)`, or `the run you watched`.
    pub name: String,
    /// Whether it is a restart (else the watched run, while a restart is shown).
    pub is_restart: bool,
    /// What restarts are ranked by (`train::restarts::score`).
    pub score: f64,
    /// Why it is offered, in words.
    pub why: String,
    pub parts: RunParts,
}

/// `[epoch, level-1 NMI, modularity, clusters used]`, as the metric curves plot them.
pub fn metric_point(epoch: usize, h: &Hierarchy) -> Option<[f64; 4]> {
    h.levels.first().map(|l| {
        let m = &l.metrics;
        [
            epoch as f64,
            m.nmi.unwrap_or(f64::NAN),
            m.modularity,
            m.clusters_used as f64,
        ]
    })
}

impl OtherRun {
    /// The better restart a trainer reported, ready to be shown (its timeline and curves made
    /// from its snapshots).
    pub fn from_restart(b: BetterRun, cap_bytes: usize) -> Self {
        let mut timeline = Timeline::with_cap(cap_bytes);
        let mut metric_history = Vec::new();
        for (epoch, h) in &b.snapshots {
            metric_history.extend(metric_point(*epoch, h));
            timeline.push(*epoch, h.clone());
        }
        if timeline.is_empty() {
            timeline.push(b.config.epochs, b.hierarchy.clone());
        }
        Self {
            name: b.name,
            is_restart: true,
            score: b.score,
            why: b.why,
            parts: RunParts {
                hierarchy: Some(b.hierarchy),
                weights: Some((b.weights, b.config.clone())),
                run_config: Some(b.config.clone()),
                timeline,
                epoch: b.history.last().map_or(b.config.epochs, |s| s.epoch),
                history: b.history,
                metric_history,
            },
        }
    }

    /// The button's words on presentation mode's one row: the number and score (the hover
    /// says the rest).
    pub fn short_offer(&self) -> String {
        let q = self.symbol();
        if self.is_restart {
            let number = self.name.split(" of ").next().unwrap_or(&self.name);
            format!("Show {number} ({q} {:.3})", self.score)
        } else {
            format!("Back to the watched run ({q} {:.3})", self.score)
        }
    }

    /// `Q`, or `score` when a collapse counted against the run (`train::restarts::score`).
    fn symbol(&self) -> &'static str {
        crate::train::restarts::score_symbol(self.parts.hierarchy.as_deref())
    }

    /// The button's words, against the score of the run shown (`shown_symbol`: its
    /// [`crate::train::restarts::score_symbol`]): "score" when either run lost 1 for a
    /// collapse, so "Q 0.563 against -0.463" never reads as a modularity of -0.463.
    pub fn offer(&self, shown_score: f64, shown_symbol: &str) -> String {
        let symbol = if shown_symbol == "Q" {
            self.symbol()
        } else {
            shown_symbol
        };
        if self.is_restart {
            let number = self
                .name
                .split(" of ")
                .next()
                .unwrap_or(&self.name)
                .replacen("restart", "Restart", 1);
            // "Q 0.554 against 0.549"; a score with a collapse's penalty is no modularity.
            let (name, note) = match symbol {
                "Q" => ("Q ", ""),
                _ => ("", ", 1 off per collapsed level"),
            };
            format!(
                "{number} scored {name}{:.3} against {shown_score:.3}{note}: show it",
                self.score
            )
        } else {
            format!(
                "Back to the run you watched ({} {:.3})",
                self.symbol(),
                self.score
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restart(score: f64) -> OtherRun {
        OtherRun {
            name: "restart 13 of 24 (spectral features, seed 6000018)".into(),
            is_restart: true,
            score,
            why: String::new(),
            parts: RunParts {
                hierarchy: None,
                weights: None,
                run_config: None,
                timeline: Timeline::with_cap(1 << 20),
                history: Vec::new(),
                metric_history: Vec::new(),
                epoch: 300,
            },
        }
    }

    #[test]
    fn the_offer_names_a_modularity_as_q_and_a_penalised_score_without_repeating_itself() {
        assert_eq!(
            restart(0.554).offer(0.549, "Q"),
            "Restart 13 scored Q 0.554 against 0.549: show it"
        );
        // The watched run collapsed: a score, not a modularity ("scored score" before).
        assert_eq!(
            restart(0.603).offer(-0.463, "score"),
            "Restart 13 scored 0.603 against -0.463, 1 off per collapsed level: show it"
        );
    }
}
