//! Restarts for the clustering defaults: small graphs are cheap to train several times, and
//! DMoN and MinCut on them depend on the start (karate with DMoN, seed 1: NMI 0.04 where the
//! other seeds give 0.84; polbooks with spectral features: modularity 0.455–0.506 where
//! one-hot identity features reach 0.511). With the defaults (features not chosen by the
//! user), a run on a graph of at most [`UP_TO`] nodes is trained from [`SEEDS`] seeds with
//! spectral and with identity features, and the run whose level-1 hard assignment has the
//! highest modularity is kept. Modularity is computed from the graph and the assignment
//! alone: labels never choose. Features chosen by hand train once, exactly as asked.

use super::config::{Task, TrainConfig};
use super::features::FeatureKind;
use super::session::{Session, TrainError};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::nn::ParamStore;
use std::sync::Arc;

/// Graphs up to this many nodes get restarts.
pub const UP_TO: usize = 2_000;
/// Seeds per feature kind.
pub const SEEDS: u64 = 3;
/// Seeds of the restarts are this far apart, so restarts of seeds 0–4 never coincide.
const SEED_STRIDE: u64 = 1_000_003;

/// Whether restarts can apply to `cfg`'s method and task on a graph of `n` nodes (whether
/// they do also depends on `cfg.restarts`).
pub fn possible(cfg: &TrainConfig, n: usize) -> bool {
    cfg.task == Task::Cluster && cfg.method.pooler().restarts() && n <= UP_TO
}

/// The settings to train, the user's own first; one entry when restarts do not apply.
pub fn candidates(cfg: &TrainConfig, n: usize) -> Vec<TrainConfig> {
    let mut first = cfg.clone();
    first.restarts = false;
    if !(cfg.restarts && possible(cfg, n)) {
        return vec![first];
    }
    let mut out = vec![first];
    for kind in [FeatureKind::Spectral, FeatureKind::Identity] {
        for r in 0..SEEDS {
            let mut c = cfg.clone();
            c.restarts = false;
            c.features = kind;
            c.seed = cfg.seed.wrapping_add(r * SEED_STRIDE);
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// What a finished run is ranked by: level 1's hard modularity.
pub fn score(h: &Hierarchy) -> f64 {
    h.levels
        .first()
        .map_or(f64::NEG_INFINITY, |l| l.metrics.modularity)
}

/// One candidate's outcome: its trained session (history, weights) and hierarchy.
pub struct Outcome {
    pub session: Session,
    pub hierarchy: Hierarchy,
    pub score: f64,
}

impl Outcome {
    pub fn new(session: Session, hierarchy: Hierarchy) -> Self {
        let score = score(&hierarchy);
        Self {
            session,
            hierarchy,
            score,
        }
    }

    pub fn weights(&self) -> &ParamStore {
        self.session.weights()
    }
}

/// Which run is shown, and why, in words for the window and the CLI.
pub fn explain(chosen: usize, of: usize, cfg: &TrainConfig, best: f64, first: f64) -> String {
    if chosen == 0 {
        format!(
            "the run shown beat its {} restarts: level-1 modularity {best:.3} (restarts are \
             ranked by modularity, never by labels)",
            of - 1
        )
    } else {
        format!(
            "restart {} of {} shown ({} features, seed {}): level-1 modularity {best:.3} \
             against {first:.3} for the first run (ranked by modularity, never by labels; \
             choose the features to train once)",
            chosen + 1,
            of,
            format!("{:?}", cfg.features).to_lowercase(),
            cfg.seed
        )
    }
}

/// After the first candidate's run: trains the others and returns the kept run, its settings
/// and, in words, which it is and why (see [`explain`]).
pub fn keep_best(
    graph: &Arc<Graph>,
    candidates: &[TrainConfig],
    first: Outcome,
    on_restart: impl FnMut(usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<(Outcome, TrainConfig, String), TrainError> {
    let first_score = first.score;
    let rest = candidates.get(1..).unwrap_or(&[]);
    let (chosen, best) = best_of(graph, first, rest, on_restart, cancelled)?;
    let cfg = candidates
        .get(chosen)
        .cloned()
        .unwrap_or_else(|| best.session.cfg.clone());
    let why = explain(chosen, candidates.len(), &cfg, best.score, first_score);
    Ok((best, cfg, why))
}

/// What a run ends with: the session and hierarchy kept, and, when restarts ran, the kept
/// run's settings and in words which it is and why.
pub struct Kept {
    pub session: Session,
    pub hierarchy: Hierarchy,
    pub chosen: Option<(TrainConfig, String)>,
}

/// Ends a run that trained `candidates[0]`: with one candidate it keeps it; with more it trains
/// the others and keeps the best ([`keep_best`]). `on_restart(r, of)` before restart `r` of
/// `of` (the watched run is 1); `cancelled` is asked between epochs. The window's trainer and
/// `train` both end their runs here.
pub fn finish(
    first: Session,
    candidates: &[TrainConfig],
    mut on_restart: impl FnMut(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<Kept, TrainError> {
    let hierarchy = first.hierarchy();
    if candidates.len() <= 1 {
        return Ok(Kept {
            session: first,
            hierarchy,
            chosen: None,
        });
    }
    let graph = first.graph.clone();
    let of = candidates.len();
    let (best, cfg, why) = keep_best(
        &graph,
        candidates,
        Outcome::new(first, hierarchy),
        |r| on_restart(r + 1, of),
        cancelled,
    )?;
    Ok(Kept {
        session: best.session,
        hierarchy: best.hierarchy,
        chosen: Some((cfg, why)),
    })
}

/// Trains every candidate (after `first`, already trained) and keeps the best; `cancelled`
/// is asked between epochs.
pub fn best_of(
    graph: &Arc<Graph>,
    first: Outcome,
    rest: &[TrainConfig],
    mut on_restart: impl FnMut(usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<(usize, Outcome), TrainError> {
    let mut best = (0, first);
    for (i, cfg) in rest.iter().enumerate() {
        on_restart(i + 1);
        let mut s = Session::new(graph.clone(), cfg.clone())?;
        while !s.is_done() {
            if cancelled() {
                return Ok(best);
            }
            s.step()?;
        }
        let h = s.hierarchy();
        let outcome = Outcome::new(s, h);
        if outcome.score > best.1.score {
            best = (i + 1, outcome);
        }
    }
    Ok(best)
}
