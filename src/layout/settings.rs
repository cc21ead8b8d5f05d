//! The layout settings shared by `layout`, `render`, the window and saved sessions, so that the
//! window's level 0 shows what `layout` computes with no options.
//!
//! The defaults were chosen by measurement (`scripts/layout_quality.py`): LinLog attraction
//! with a repulsion scale of 0.5 and weak gravity (0.1) separates communities into islands
//! (silhouette by ground truth 0.91 on a 5,000-node LFR graph, 0.60 on football, 0.45 on
//! polbooks), where ForceAtlas2's standard settings give a uniform disc (−0.15, 0.38, 0.39).
//! `Auto` still lays out both attractions where that is cheap and keeps the one whose edges
//! are shorter inside the graph's own modularity clusters than between them.

use super::Fa2Settings;
use serde::{Deserialize, Serialize};

/// How edges pull their ends together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attraction {
    /// Both where cheap, keeping the one that shows the graph's communities better.
    #[default]
    Auto,
    /// `ln(1 + d)`: tight clusters, far apart.
    LinLog,
    /// Proportional to distance (ForceAtlas2's standard).
    Linear,
}

impl Attraction {
    pub const ALL: [Attraction; 3] = [Self::Auto, Self::LinLog, Self::Linear];

    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::LinLog => "LinLog",
            Self::Linear => "linear",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutSettings {
    pub attraction: Attraction,
    /// Repulsion scale `kr`; `None`: 0.5 with LinLog, 2 with linear attraction.
    pub scaling: Option<f32>,
    /// Gravity `kg`; `None`: 0.1 with LinLog, 1 with linear attraction.
    pub gravity: Option<f32>,
    pub strong_gravity: bool,
    /// Repel by the gap between node discs rather than their centres.
    pub prevent_overlap: bool,
    /// δ in `w^δ`: 0 ignores edge weights, 1 uses them as they are.
    pub edge_weight_influence: f32,
    /// Coarsen, lay out the coarsest graph, then refine level by level (sfdp, FM³).
    pub multilevel: bool,
    /// ForceAtlas2 iterations on the input graph at most (fewer if it settles first).
    pub max_iterations: usize,
    pub seed: u64,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        Self {
            attraction: Attraction::Auto,
            scaling: None,
            gravity: None,
            strong_gravity: false,
            prevent_overlap: false,
            edge_weight_influence: 1.0,
            multilevel: true,
            max_iterations: 1000,
            seed: 0,
        }
    }
}

/// Most iterations anyone may ask for.
pub const MAX_LAYOUT_ITERATIONS: usize = 1_000_000;

impl LayoutSettings {
    /// ForceAtlas2's settings for one attraction.
    pub fn fa2(&self, lin_log: bool) -> Fa2Settings {
        Fa2Settings {
            lin_log,
            scaling: self.scaling.unwrap_or(if lin_log { 0.5 } else { 2.0 }),
            gravity: self.gravity.unwrap_or(if lin_log { 0.1 } else { 1.0 }),
            strong_gravity: self.strong_gravity,
            prevent_overlap: self.prevent_overlap,
            edge_weight_influence: self.edge_weight_influence,
            ..Fa2Settings::default()
        }
    }

    /// Refuses values no layout can run with, saying which and why.
    pub fn check(&self) -> Result<(), String> {
        if let Some(s) = self.scaling
            && !(s.is_finite() && s > 0.0 && s <= 1e6)
        {
            return Err(format!("scaling {s}: expected a positive number up to 1e6"));
        }
        if let Some(g) = self.gravity
            && !(g.is_finite() && (0.0..=1e6).contains(&g))
        {
            return Err(format!("gravity {g}: expected a number from 0 to 1e6"));
        }
        if !(self.edge_weight_influence.is_finite()
            && (0.0..=4.0).contains(&self.edge_weight_influence))
        {
            return Err(format!(
                "edge weight influence {}: expected a number from 0 to 4",
                self.edge_weight_influence
            ));
        }
        if self.max_iterations == 0 || self.max_iterations > MAX_LAYOUT_ITERATIONS {
            return Err(format!(
                "{} iterations: expected 1 to {MAX_LAYOUT_ITERATIONS}",
                self.max_iterations
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_scales_follow_the_attraction_and_bad_values_are_refused() {
        let s = LayoutSettings::default();
        assert_eq!((s.fa2(true).scaling, s.fa2(true).gravity), (0.5, 0.1));
        assert_eq!((s.fa2(false).scaling, s.fa2(false).gravity), (2.0, 1.0));
        let given = LayoutSettings {
            scaling: Some(3.0),
            ..s.clone()
        };
        assert_eq!(given.fa2(true).scaling, 3.0);
        assert!(s.check().is_ok());
        for bad in [
            LayoutSettings {
                scaling: Some(f32::NAN),
                ..s.clone()
            },
            LayoutSettings {
                gravity: Some(-1.0),
                ..s.clone()
            },
            LayoutSettings {
                max_iterations: 0,
                ..s.clone()
            },
            LayoutSettings {
                edge_weight_influence: f32::INFINITY,
                ..s.clone()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
        let json = serde_json::to_string(&given).expect("serialises");
        let back: LayoutSettings = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, given);
        let partial: LayoutSettings =
            serde_json::from_str(r#"{"attraction": "linlog"}"#).expect("defaults fill in");
        assert_eq!(partial.attraction, Attraction::LinLog);
        assert!(partial.multilevel);
    }
}
