//! Restarts for the clustering defaults: small graphs are cheap to train several times, and
//! DMoN and MinCut on them depend on the start (karate with DMoN, seed 1: NMI 0.04 where the
//! other seeds give 0.84; polbooks with spectral features: modularity 0.455–0.506 where
//! one-hot identity features reach 0.511). With the defaults (features not chosen by the
//! user), a run on a graph of at most [`UP_TO`] nodes is trained from [`SEEDS`] seeds with
//! spectral and with identity features, and the run whose level-1 hard assignment has the
//! highest modularity is kept. Modularity is computed from the graph and the assignment
//! alone: labels never choose. Features chosen by hand train once, exactly as asked.
//!
//! Six runs are not always enough: where their scores span [`SPREAD`] or more the start
//! matters on this graph, and on graphs of at most [`MORE_UP_TO`] nodes up to three more
//! rounds of six are trained ([`MAX_ROUNDS`] in all). Measured with seeds 0–4
//! (`scripts/restarts_quality.sh`), worst NMI with six runs and with the rounds: JustBalance
//! on the planted partition 0.923 → 0.984 and on football 0.794 → 0.846, MinCut on football
//! 0.814 → 0.873, HOSC 0.880 → 0.908, DMoN 0.912 → 0.924; DiffPool's six runs agree (no
//! more rounds). Stopping at the first round whose best was matched by another run kept
//! several seeds at their worst, so the rounds are not cut short.

use super::config::{Task, TrainConfig};
use super::features::FeatureKind;
use super::session::{Session, TrainError};
use crate::diagnostics::COLLAPSE_SHARE;
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
/// Runs per round: [`SEEDS`] with each feature kind.
pub const ROUND: usize = 2 * SEEDS as usize;
/// Rounds at most, the first included.
pub const MAX_ROUNDS: u64 = 4;
/// Another round is trained while the scores of the runs so far span at least this much.
pub const SPREAD: f64 = 0.02;
/// Graphs up to this many nodes get the later rounds; a third as many for a method whose
/// losses score every pair of nodes (BN-Pool: six more runs on 600 nodes take a minute).
pub const MORE_UP_TO: usize = 1_000;

/// Whether restarts can apply to `cfg`'s method and task on a graph of `n` nodes (whether
/// they do also depends on `cfg.restarts`).
pub fn possible(cfg: &TrainConfig, n: usize) -> bool {
    cfg.task == Task::Cluster && cfg.method.pooler().restarts() && n <= UP_TO
}

/// The settings to train, the user's own first; one entry when restarts do not apply. This
/// is the first round; [`train_restarts`] adds the later ones when the scores disagree.
pub fn candidates(cfg: &TrainConfig, n: usize) -> Vec<TrainConfig> {
    let mut first = cfg.clone();
    first.restarts = false;
    if !(cfg.restarts && possible(cfg, n)) {
        return vec![first];
    }
    let mut out = vec![first.clone()];
    for c in round(&first, 0) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Round `r`'s settings: [`SEEDS`] seeds with spectral and with identity features, each
/// round's seeds after the last's.
fn round(first: &TrainConfig, r: u64) -> Vec<TrainConfig> {
    let mut out = Vec::with_capacity(ROUND);
    for kind in [FeatureKind::Spectral, FeatureKind::Identity] {
        for i in r * SEEDS..(r + 1) * SEEDS {
            let mut c = first.clone();
            c.restarts = false;
            c.features = kind;
            c.seed = first.seed.wrapping_add(i * SEED_STRIDE);
            out.push(c);
        }
    }
    out
}

/// Whether a graph of `n` nodes gets rounds after the first with `cfg`'s method.
fn more_rounds(cfg: &TrainConfig, n: usize) -> bool {
    let bound = if cfg.method.pooler().scores_pairs() {
        MORE_UP_TO / 3
    } else {
        MORE_UP_TO
    };
    n <= bound
}

/// Whether `scores` disagree enough for another round.
fn spread(scores: &[f64]) -> bool {
    let (lo, hi) = scores
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &s| {
            (lo.min(s), hi.max(s))
        });
    hi - lo >= SPREAD
}

/// What a finished run is ranked by: level 1's modularity, less 1 for every level that
/// collapsed (one cluster holding [`COLLAPSE_SHARE`] of its nodes, or half of its clusters
/// or more left empty), so a run
/// whose levels all separate beats any run with a collapse, and among equals the better
/// level 1 wins. Ranking by level 1 alone kept football's MinCut 12,4 with 83% of the top
/// level in one cluster; averaging the levels' modularity instead traded level 1's NMI
/// (0.90 → 0.84 on seed 4) for a slightly better top.
pub fn score(h: &Hierarchy) -> f64 {
    let Some(first) = h.levels.first() else {
        return f64::NEG_INFINITY;
    };
    let collapsed = h
        .levels
        .iter()
        .filter(|l| {
            let m = &l.metrics;
            m.clusters > 1
                && (m.largest_cluster_share >= COLLAPSE_SHARE || 2 * m.clusters_used <= m.clusters)
        })
        .count();
    first.metrics.modularity - collapsed as f64
}

/// The score's name in a short label: `Q` while it is level 1's modularity, `score` when a
/// collapse took 1 off.
pub fn score_symbol(h: Option<&Hierarchy>) -> &'static str {
    match h.and_then(|h| h.levels.first().map(|l| (score(h), l.metrics.modularity))) {
        Some((s, q)) if s < q => "score",
        _ => "Q",
    }
}

/// A run's score beside level 1's modularity, from which a collapse took whole ones off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    pub score: f64,
    pub modularity: f64,
}

impl Ranked {
    pub fn of(h: &Hierarchy) -> Self {
        Ranked {
            score: score(h),
            modularity: h.levels.first().map_or(f64::NAN, |l| l.metrics.modularity),
        }
    }

    /// Levels that cost the run 1 each.
    fn penalty(self) -> usize {
        if self.score.is_finite() && self.modularity.is_finite() {
            (self.modularity - self.score).round().max(0.0) as usize
        } else {
            0
        }
    }

    /// In words: level 1's modularity, or the score and why it is lower (a one-level run whose
    /// clusters were half empty was reported as "level-1 modularity -0.492" where the level's
    /// modularity was 0.508).
    pub fn words(self) -> String {
        let why = match self.penalty() {
            0 => return format!("level-1 modularity {:.3}", self.score),
            1 => "less 1 for a level that collapsed or left half its clusters empty".to_string(),
            p => {
                format!("less {p} for {p} levels that collapsed or left half their clusters empty")
            }
        };
        format!(
            "score {:.3} (level-1 modularity {:.3}, {why})",
            self.score, self.modularity
        )
    }
}

/// Two runs' standing: `best`'s, then `other`'s, shortened when neither lost anything.
fn against(best: Ranked, other: Ranked) -> String {
    if best.penalty() == 0 && other.penalty() == 0 {
        format!(
            "level-1 modularity {:.3} against {:.3}",
            best.score, other.score
        )
    } else {
        format!("{} against {}", best.words(), other.words())
    }
}

/// One candidate's outcome: its trained session (history, weights) and hierarchy, and its
/// snapshots when they were recorded.
pub struct Outcome {
    pub session: Session,
    pub hierarchy: Hierarchy,
    pub score: f64,
    /// `(epoch, hierarchy)` from the untrained start to the end, when asked for.
    pub snapshots: Vec<(usize, Arc<Hierarchy>)>,
}

impl Outcome {
    pub fn new(session: Session, hierarchy: Hierarchy) -> Self {
        let score = score(&hierarchy);
        Self {
            session,
            hierarchy,
            score,
            snapshots: Vec::new(),
        }
    }

    pub fn weights(&self) -> &ParamStore {
        self.session.weights()
    }
}

/// `restart 3 of 6 (identity features, seed 2000006)`.
pub fn describe(index: usize, of: usize, cfg: &TrainConfig) -> String {
    format!(
        "restart {} of {of} ({} features, seed {})",
        index + 1,
        format!("{:?}", cfg.features).to_lowercase(),
        cfg.seed
    )
}

/// Which run is shown, and why, in words for the command line (which keeps the best run).
pub fn explain(
    chosen: usize,
    of: usize,
    cfg: &TrainConfig,
    (best, first): (Ranked, Ranked),
) -> String {
    if chosen == 0 {
        format!(
            "the run shown beat its {} restarts: {} (restarts are ranked by modularity, never \
             by labels)",
            of - 1,
            best.words()
        )
    } else {
        format!(
            "{} shown: {} for the first run (ranked by modularity, never by labels; choose the \
             features to train once)",
            describe(chosen, of, cfg),
            against(best, first)
        )
    }
}

/// Trains `cfg` to the end (recording a snapshot every `record_every` epochs when asked);
/// `None` when cancelled between epochs.
fn train_one(
    graph: &Arc<Graph>,
    cfg: &TrainConfig,
    record_every: Option<usize>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<Outcome>, TrainError> {
    let mut s = Session::new(graph.clone(), cfg.clone())?;
    let mut snapshots = Vec::new();
    if record_every.is_some() {
        snapshots.push((0, Arc::new(s.hierarchy())));
    }
    while !s.is_done() {
        if cancelled() {
            return Ok(None);
        }
        let stats = s.step()?;
        if let Some(every) = record_every
            && stats.epoch % every.max(1) == 0
            && !s.is_done()
        {
            snapshots.push((stats.epoch, Arc::new(s.hierarchy())));
        }
    }
    let h = s.hierarchy();
    if record_every.is_some() {
        snapshots.push((s.epoch, Arc::new(h.clone())));
    }
    let mut outcome = Outcome::new(s, h);
    outcome.snapshots = snapshots;
    Ok(Some(outcome))
}

/// The restarts trained after the first run, and the best that beat it.
struct Search {
    /// Its index in `tried`, and its run.
    best: Option<(usize, Outcome)>,
    /// Every setting trained, the first run's at 0, in order.
    tried: Vec<TrainConfig>,
}

/// Trains the restarts (`candidates[1..]`, then later rounds while the scores disagree) and
/// keeps the best that scored above `to_beat`, the first run's score. `on_restart(i, of)`
/// before run `i` of the `of` planned so far.
fn train_restarts(
    graph: &Arc<Graph>,
    candidates: &[TrainConfig],
    to_beat: f64,
    record_every: Option<usize>,
    mut on_restart: impl FnMut(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<Search, TrainError> {
    let mut tried = candidates.to_vec();
    let mut scores = vec![to_beat];
    let mut best: Option<(usize, Outcome)> = None;
    let mut rounds = 1;
    let more = candidates.len() > 1
        && candidates
            .first()
            .is_some_and(|c| more_rounds(c, graph.node_count()));
    let mut i = 1;
    while i < tried.len() {
        on_restart(i, tried.len());
        let Some(outcome) = train_one(graph, &tried[i], record_every, cancelled)? else {
            break;
        };
        scores.push(outcome.score);
        if outcome.score > best.as_ref().map_or(to_beat, |b| b.1.score) {
            best = Some((i, outcome));
        }
        i += 1;
        if i == tried.len() && more && rounds < MAX_ROUNDS && spread(&scores) {
            tried.extend(round(&tried[0], rounds));
            rounds += 1;
        }
    }
    Ok(Search { best, tried })
}

/// After the first candidate's run: trains the others and returns the best run (the first
/// unless a restart scored higher), its settings and, in words, which it is and why (see
/// [`explain`]). What the command line keeps.
pub fn keep_best(
    graph: &Arc<Graph>,
    candidates: &[TrainConfig],
    first: Outcome,
    on_restart: impl FnMut(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<(Outcome, TrainConfig, String), TrainError> {
    let first_score = first.score;
    let first_ranked = Ranked::of(&first.hierarchy);
    let search = train_restarts(graph, candidates, first_score, None, on_restart, cancelled)?;
    let (chosen, best) = match search.best {
        Some(b) => b,
        None => (0, first),
    };
    let cfg = search
        .tried
        .get(chosen)
        .cloned()
        .unwrap_or_else(|| best.session.cfg.clone());
    let why = explain(
        chosen,
        search.tried.len(),
        &cfg,
        (Ranked::of(&best.hierarchy), first_ranked),
    );
    Ok((best, cfg, why))
}

/// A restart that scored higher than the run that was watched.
pub struct Better {
    pub outcome: Outcome,
    /// Its index among the candidates (the watched run is 0).
    pub index: usize,
    pub of: usize,
    pub cfg: TrainConfig,
}

impl Better {
    /// In words, against the watched run's score.
    pub fn why(&self, watched: Ranked) -> String {
        format!(
            "{} scored {} for the run you watched (ranked by modularity, never by labels)",
            describe(self.index, self.of, &self.cfg),
            against(Ranked::of(&self.outcome.hierarchy), watched)
        )
    }
}

/// How a run ended: the run that was watched, and the best restart when one scored higher.
pub struct Finished {
    pub watched: Outcome,
    pub better: Option<Better>,
    /// How many runs there were, the watched one included (1: no restarts).
    pub of: usize,
}

/// Ends a run that trained `candidates[0]`: with more candidates it trains the restarts
/// (recording each one's snapshots every `record_every` epochs, when asked) and keeps the
/// best of them beside the watched run, never in its place. `on_restart(r, of)` before
/// restart `r` of `of` (the watched run is 1); `cancelled` is asked between epochs. The
/// window's trainer ends its runs here; `train` and `render` keep the better of the two.
pub fn finish(
    first: Session,
    candidates: &[TrainConfig],
    record_every: Option<usize>,
    mut on_restart: impl FnMut(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<Finished, TrainError> {
    let hierarchy = first.hierarchy();
    let watched = Outcome::new(first, hierarchy);
    if candidates.len() <= 1 {
        return Ok(Finished {
            watched,
            better: None,
            of: 1,
        });
    }
    let graph = watched.session.graph.clone();
    let search = train_restarts(
        &graph,
        candidates,
        watched.score,
        record_every,
        |i, of| on_restart(i + 1, of),
        cancelled,
    )?;
    let of = search.tried.len();
    let better = search.best.map(|(index, outcome)| Better {
        outcome,
        index,
        of,
        cfg: search.tried[index].clone(),
    });
    Ok(Finished {
        watched,
        better,
        of,
    })
}

impl Finished {
    /// What the command line keeps: the better run, and in words which it is.
    pub fn keep_best(self) -> (Outcome, Option<String>) {
        let (watched, of) = (Ranked::of(&self.watched.hierarchy), self.of);
        match self.better {
            Some(b) => {
                let best = Ranked::of(&b.outcome.hierarchy);
                let why = explain(b.index, of, &b.cfg, (best, watched));
                (b.outcome, Some(why))
            }
            None if of > 1 => {
                let why = explain(0, of, &TrainConfig::default(), (watched, watched));
                (self.watched, Some(why))
            }
            None => (self.watched, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::Method;

    #[test]
    fn a_penalised_score_is_never_called_a_modularity() {
        // BN-Pool on football, one level of 12 with 9 empty: its score is 0.508 - 1.
        let bnpool = Ranked {
            score: 0.508 - 1.0,
            modularity: 0.508,
        };
        assert_eq!(
            bnpool.words(),
            "score -0.492 (level-1 modularity 0.508, less 1 for a level that collapsed or left \
             half its clusters empty)"
        );
        let plain = Ranked {
            score: 0.603,
            modularity: 0.603,
        };
        assert_eq!(plain.words(), "level-1 modularity 0.603");
        let twice = Ranked {
            score: 0.4 - 2.0,
            modularity: 0.4,
        };
        assert!(
            twice.words().contains("less 2 for 2 levels"),
            "{}",
            twice.words()
        );
        let cfg = TrainConfig::default();
        let why = explain(6, 24, &cfg, (bnpool, twice));
        assert!(
            why.starts_with("restart 7 of 24")
                && why.contains("shown: score -0.492 (level-1 modularity 0.508, less 1")
                && why.contains("against score -1.600 (level-1 modularity 0.400, less 2"),
            "{why}"
        );
        let why = explain(
            6,
            24,
            &cfg,
            (
                plain,
                Ranked {
                    score: 0.569,
                    modularity: 0.569,
                },
            ),
        );
        assert!(
            why.contains("shown: level-1 modularity 0.603 against 0.569 for the first run"),
            "{why}"
        );
        let why = explain(0, 6, &cfg, (bnpool, bnpool));
        assert!(
            why.starts_with("the run shown beat its 5 restarts: score -0.492 (level-1"),
            "{why}"
        );
    }

    #[test]
    fn rounds_never_repeat_a_setting_and_the_first_is_the_user_s() {
        let cfg = TrainConfig {
            method: Method::DMoN,
            seed: 4,
            ..TrainConfig::default()
        };
        let first = candidates(&cfg, 100);
        assert_eq!(
            first.len(),
            ROUND,
            "the user's run is one of the first round's"
        );
        assert_eq!(first[0].seed, 4);
        let mut all = first.clone();
        for r in 1..MAX_ROUNDS {
            let next = round(&first[0], r);
            assert_eq!(next.len(), ROUND);
            for c in next {
                assert!(!all.contains(&c), "round {r} repeats {c:?}");
                assert!(!c.restarts);
                all.push(c);
            }
        }
        // Seeds of 0-4 never meet: seed 1's later rounds are not seed 0's.
        let other = candidates(&TrainConfig { seed: 5, ..cfg }, 100);
        let later = round(&other[0], MAX_ROUNDS - 1);
        assert!(later.iter().all(|c| !all.iter().any(|a| a.seed == c.seed)));
    }

    #[test]
    fn later_rounds_only_where_the_runs_disagree_and_the_graph_is_small() {
        assert!(spread(&[0.50, 0.52]));
        assert!(!spread(&[0.50, 0.515, 0.51]));
        assert!(
            spread(&[0.6, -0.4]),
            "a collapsed run counts against the others"
        );
        let dmon = TrainConfig {
            method: Method::DMoN,
            ..TrainConfig::default()
        };
        assert!(more_rounds(&dmon, MORE_UP_TO));
        assert!(!more_rounds(&dmon, MORE_UP_TO + 1));
        let bnpool = TrainConfig {
            method: Method::BnPool,
            ..TrainConfig::default()
        };
        assert!(more_rounds(&bnpool, MORE_UP_TO / 3));
        assert!(!more_rounds(&bnpool, MORE_UP_TO / 2));
    }
}
