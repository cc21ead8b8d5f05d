//! The loaded graph with everything the window keeps about it: the training run, the latest
//! hierarchy, the loss history, and the level layouts. Talks to the trainer only through
//! [`TrainCommand`] and [`TrainEvent`]; events from a replaced run are dropped by run id.

use super::canvas::GraphCanvas;
use super::level_layouts::LevelLayouts;
use super::runs::{OtherRun, RunParts};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::train::{EpochStats, TrainCommand, TrainConfig, TrainEvent, Trainer};
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Normalised entropy of each node's assignment row (0 hard … 1 uniform); `None` on the top
/// level and for single-cluster assignments.
fn entropy_rings(h: &Hierarchy, l: usize) -> Option<Vec<f32>> {
    let s = h.levels[l].assignment.as_ref()?;
    let k = s.ncols();
    if k < 2 {
        return None;
    }
    let ln_k = (k as f32).ln();
    Some(
        s.rows()
            .into_iter()
            .map(|r| {
                r.iter()
                    .filter(|&&v| v > 0.0)
                    .map(|&v| -v * v.ln())
                    .sum::<f32>()
                    / ln_k
            })
            .collect(),
    )
}

#[derive(Clone, Debug, PartialEq)]
pub enum TrainStatus {
    Idle,
    Running,
    Paused,
    Finished,
    Failed(String),
}

pub struct Workspace {
    pub graph: Arc<Graph>,
    /// The hierarchy shown; set with [`Workspace::display`] only, so its id changes with it.
    hierarchy: Option<Arc<Hierarchy>>,
    /// What is shown (the graph and its hierarchy) by an id new at every change.
    shown_id: u64,
    trainer: Option<Trainer>,
    run: u64,
    pub history: Vec<EpochStats>,
    pub status: TrainStatus,
    pub epoch: usize,
    pub epochs: usize,
    pub epochs_per_second: f64,
    pub snapshots: usize,
    /// Per snapshot: epoch, level-1 NMI, modularity, clusters used.
    pub metric_history: Vec<[f64; 4]>,
    /// A hierarchy kept for comparison, with its description.
    pub reference: Option<(String, Arc<Hierarchy>)>,
    /// Plain-words warnings about the current hierarchy.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    pub layouts: LevelLayouts,
    pub canvases: Vec<GraphCanvas>,
    pub level0_edges: Vec<(u32, u32, f32)>,
    /// Each level's edges once per pair (level 0 left empty: see `level0_edges`), listed when
    /// the hierarchy arrives rather than every frame.
    pub upper_edges: Arc<Vec<Vec<(u32, u32, f32)>>>,
    /// Per level, each node's normalised assignment entropy (the ring drawn around it), and
    /// per level the number of connected parts of the pooled graph above it: computed when a
    /// hierarchy arrives, not every frame (a 100,000 x 500 assignment is 50 million values).
    pub rings: Arc<Vec<Option<Vec<f32>>>>,
    pub pooled_parts: Arc<Vec<usize>>,
    pub components: usize,
    /// The trained weights and the settings they were trained with (for saved sessions).
    pub weights: Option<(Arc<crate::nn::ParamStore>, TrainConfig)>,
    /// The settings of the current run.
    run_config: Option<TrainConfig>,
    /// Why the last run stopped before its epochs (a method with nothing to learn).
    pub finish_note: Option<String>,
    /// The restart training in the background after the watched run, and how many there are.
    pub restarting: Option<(usize, usize)>,
    /// The finished run kept beside the one shown: a restart that scored higher than the
    /// watched run (offered, never shown on its own), or the watched run while the restart is.
    pub other_run: Option<OtherRun>,
    /// The name of the run shown when it is a restart (`restart 3 of 6 (…)`).
    pub shown_restart: Option<String>,
    /// Every snapshot of the run, for the scrubber (bounded memory, thinned evenly).
    pub timeline: crate::train::Timeline,
    /// The snapshot being replayed; `None`: the latest, following the run.
    pub replay: Option<usize>,
    /// The positions drawn last frame, easing towards the layout's (see [`Self::eased_positions`]).
    eased: super::easing::Eased,
    /// A log directory being followed, its steps going onto the timeline.
    pub log: Option<super::log_follow::LogFollower>,
    /// The method a log's loss names point to (a log records no model), for the model panel
    /// to say, and (once, when `log_method_followed` is still false) for the form and the card
    /// to follow.
    pub log_method: Option<crate::pool::Method>,
    pub log_method_followed: bool,
    /// The label column the run's (or log's) snapshots are scored against, and the shown
    /// hierarchy (by address) rescored against another since: the titles' NMI follows the
    /// *Labels* picker at once, without retraining.
    run_labels: Option<String>,
    rescored: (usize, Option<String>),
    /// Level 0's symmetric adjacency (neighbourhoods, hover links) and, for a directed graph,
    /// its transpose (in-links), made once rather than per frame.
    pub level0_sym: Arc<crate::graph::Csr>,
    /// Level 0's undirected edges (pairs, self-loops aside), as pooling sees them.
    pub level0_pairs: usize,
    pub transpose: Option<Arc<crate::graph::Csr>>,
    /// The last few focuses asked for (the selection's and the hover's), by what they were
    /// computed from: recomputed when the selection, the hops or the hierarchy change.
    focus_cache: Vec<(FocusKey, Arc<super::focus::Focus>)>,
    /// The graph's names, ids and values lower-cased for the find box, made on first use.
    finder: Option<Arc<super::find::Finder>>,
    /// The filter's per-level result and what it was computed for.
    filtered: Option<(super::filter::Filter, u64, FilterLevels)>,
    /// The node measures have been asked for (their thread started).
    measures_asked: std::sync::atomic::AtomicBool,
}

/// Per level, per node: 0 shown, 1 faded, 2 hidden.
type FilterLevels = Arc<Vec<Vec<u8>>>;

/// What a [`super::focus::Focus`] was computed from.
type FocusKey = (super::selection::Selection, usize, u64);

/// Ids of what workspaces show, never reused in the process.
fn next_shown_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Above this many nodes Louvain's reference waits for the layout's coarse levels, at most
/// [`LOUVAIN_WAITS_AT_MOST`].
const LOUVAIN_AFTER_LAYOUT_ABOVE: usize = 200_000;
const LOUVAIN_WAITS_AT_MOST: std::time::Duration = std::time::Duration::from_secs(120);

impl Workspace {
    /// The hierarchy shown.
    pub fn hierarchy(&self) -> Option<&Arc<Hierarchy>> {
        self.hierarchy.as_ref()
    }

    /// What is shown, the graph and the hierarchy on it, as an id that changes whenever either
    /// does and is never reused: what panels cache is keyed on it. (An `Arc`'s address is not
    /// such a key: a freed hierarchy's memory comes back for the next one.)
    /// Starts computing the node table's measures (PageRank, betweenness, …) off the UI
    /// thread, once; they are drawn from [`Graph::measures_if_known`] when done.
    pub fn want_measures(&self, ctx: &egui::Context) {
        if self.graph.measures_if_known().is_some()
            || self.measures_asked.swap(true, Ordering::Relaxed)
        {
            return;
        }
        let (g, ctx) = (self.graph.clone(), ctx.clone());
        let _ = std::thread::Builder::new()
            .name("node measures".into())
            .spawn(move || {
                g.measures();
                ctx.request_repaint();
            });
    }

    /// The measures are being computed.
    pub fn measures_pending(&self) -> bool {
        self.graph.measures_if_known().is_none() && self.measures_asked.load(Ordering::Relaxed)
    }

    pub fn shown_id(&self) -> u64 {
        self.shown_id
    }

    pub fn new(graph: Graph, layout: crate::layout::LayoutSettings, ctx: &egui::Context) -> Self {
        let layouts = LevelLayouts::start(&graph, layout, ctx);
        let components = graph.component_count();
        let level0_sym = Arc::new(graph.symmetric().into_owned());
        // A directed graph keeps its arcs for drawing (arrows, in- and out-links).
        let level0_edges = if graph.is_directed() {
            graph
                .adjacency()
                .iter()
                .filter(|&(u, v, _)| u != v)
                .collect()
        } else {
            level0_sym.iter().filter(|&(u, v, _)| u < v).collect()
        };
        let transpose = graph
            .is_directed()
            .then(|| Arc::new(graph.adjacency().transpose()));
        let graph = Arc::new(graph);
        // Louvain's modularity, the reference the level titles quote, off the UI thread; the
        // titles show it once it is there. On a big graph it waits for the layout to reach the
        // graph itself: on a million nodes it took 40% of the two cores while the coarse levels
        // were being laid out, and the first meaningful picture matters more.
        if graph.louvain_if_known().is_none() {
            let (g, ctx) = (graph.clone(), ctx.clone());
            let big = g.node_count() > LOUVAIN_AFTER_LAYOUT_ABOVE;
            let reached = layouts.reached_graph();
            let _ = std::thread::Builder::new()
                .name("louvain reference".into())
                .spawn(move || {
                    crate::priority::lower_this_thread();
                    let start = std::time::Instant::now();
                    while big && !reached() && start.elapsed() < LOUVAIN_WAITS_AT_MOST {
                        std::thread::sleep(std::time::Duration::from_millis(250));
                    }
                    g.louvain_modularity();
                    ctx.request_repaint();
                });
        }
        Self {
            graph,
            hierarchy: None,
            shown_id: next_shown_id(),
            trainer: None,
            run: 0,
            history: Vec::new(),
            status: TrainStatus::Idle,
            epoch: 0,
            epochs: 0,
            epochs_per_second: 0.0,
            snapshots: 0,
            metric_history: Vec::new(),
            warnings: Vec::new(),
            reference: None,
            layouts,
            canvases: Vec::new(),
            level0_edges,
            upper_edges: Arc::default(),
            rings: Arc::default(),
            pooled_parts: Arc::default(),
            measures_asked: std::sync::atomic::AtomicBool::new(false),
            components,
            weights: None,
            run_config: None,
            finish_note: None,
            restarting: None,
            other_run: None,
            shown_restart: None,
            timeline: crate::train::Timeline::default(),
            replay: None,
            eased: Default::default(),
            log: None,
            log_method: None,
            log_method_followed: false,
            run_labels: None,
            rescored: (0, None),
            level0_pairs: level0_sym.iter().filter(|&(u, v, _)| u < v).count(),
            level0_sym,
            transpose,
            focus_cache: Vec::new(),
            finder: None,
            filtered: None,
        }
    }

    /// Per level, per node, what `filter` does (0 shown, 1 faded, 2 hidden), cached.
    pub fn filtered(&mut self, filter: &super::filter::Filter) -> Arc<Vec<Vec<u8>>> {
        let tree = self.shown_id;
        if let Some((f, t, levels)) = &self.filtered
            && f == filter
            && *t == tree
        {
            return levels.clone();
        }
        let levels =
            Arc::new(filter.levels(&self.graph, &self.level0_sym, self.hierarchy.as_deref()));
        self.filtered = Some((filter.clone(), tree, levels.clone()));
        levels
    }

    /// The find box's index of this graph.
    pub fn finder(&mut self) -> Arc<super::find::Finder> {
        self.finder
            .get_or_insert_with(|| Arc::new(super::find::Finder::new(&self.graph)))
            .clone()
    }

    /// Makes an integer node column a label column too (the graph's table changes, so the
    /// find box's index is rebuilt).
    pub fn use_as_labels(&mut self, column: &str) -> Result<(), String> {
        let mut g = (*self.graph).clone();
        g.nodes.use_as_labels(column)?;
        self.graph = Arc::new(g);
        self.finder = None;
        Ok(())
    }

    /// What `sel` lights up with its neighbourhood `hops` out (see [`super::focus::focus`]),
    /// from a small cache: the window asks every frame.
    pub fn focus(
        &mut self,
        sel: &super::selection::Selection,
        hops: usize,
    ) -> Arc<super::focus::Focus> {
        let tree = self.shown_id;
        let key = (sel.clone(), hops, tree);
        if let Some((_, f)) = self.focus_cache.iter().find(|(k, _)| *k == key) {
            return f.clone();
        }
        let f = Arc::new(super::focus::focus(
            self.hierarchy.as_deref(),
            &self.level0_sym,
            sel,
            hops,
        ));
        if self.focus_cache.len() >= 3 {
            self.focus_cache.remove(0);
        }
        self.focus_cache.push((key, f.clone()));
        f
    }

    /// Whether level `l` is drawn with its arcs' directions (level 0 of a directed graph).
    pub fn directed_level(&self, l: usize) -> bool {
        l == 0 && self.graph.is_directed()
    }

    /// Starts a new run, replacing any current one.
    pub fn train(&mut self, cfg: TrainConfig, ctx: &egui::Context) {
        self.run_labels = cfg.labels.clone();
        self.run += 1;
        self.history.clear();
        self.metric_history.clear();
        self.epoch = 0;
        self.epochs = cfg.epochs;
        self.snapshots = 0;
        self.status = TrainStatus::Running;
        self.weights = None;
        self.finish_note = None;
        self.restarting = None;
        self.other_run = None;
        self.shown_restart = None;
        self.timeline.clear();
        self.replay = None;
        self.log = None;
        self.run_config = Some(cfg.clone());
        let ctx = ctx.clone();
        self.trainer = Some(Trainer::start(
            self.graph.clone(),
            cfg,
            self.run,
            Arc::new(move || ctx.request_repaint()),
        ));
    }

    pub fn command(&mut self, c: TrainCommand) {
        match (&c, &self.status) {
            (TrainCommand::Pause, TrainStatus::Running) => self.status = TrainStatus::Paused,
            (TrainCommand::Resume, TrainStatus::Paused) => self.status = TrainStatus::Running,
            (TrainCommand::Cancel, _) => self.status = TrainStatus::Idle,
            _ => {}
        }
        if let Some(t) = &self.trainer {
            t.send(c);
        }
    }

    /// Forgets the run and its hierarchy; the graph stays.
    pub fn reset(&mut self) {
        self.trainer = None;
        self.log = None;
        self.run += 1;
        self.hierarchy = None;
        self.shown_id = next_shown_id();
        self.focus_cache.clear();
        self.upper_edges = Arc::default();
        self.rings = Arc::default();
        self.pooled_parts = Arc::default();
        self.weights = None;
        self.warnings.clear();
        self.history.clear();
        self.metric_history.clear();
        self.timeline.clear();
        self.replay = None;
        self.status = TrainStatus::Idle;
        self.epoch = 0;
    }

    fn apply(&mut self, e: TrainEvent) {
        if e.run() != self.run {
            return;
        }
        match e {
            TrainEvent::Progress {
                stats,
                epochs,
                epochs_per_second,
                ..
            } => {
                self.epoch = stats.epoch;
                self.epochs = epochs;
                self.epochs_per_second = epochs_per_second;
                self.history.push(stats);
            }
            TrainEvent::Snapshot {
                hierarchy,
                weights,
                epoch,
                ..
            } => {
                self.record(epoch, hierarchy);
                self.weights = self.run_config.clone().map(|c| (weights, c));
            }
            TrainEvent::Restarting { restart, of, .. } => {
                self.restarting = Some((restart, of));
            }
            TrainEvent::Finished {
                hierarchy,
                weights,
                note,
                restarts,
                ..
            } => {
                self.restarting = None;
                self.record(self.epoch, hierarchy);
                self.weights = self.run_config.clone().map(|c| (weights, c));
                let mut notes: Vec<String> = note.into_iter().collect();
                if let Some(r) = restarts {
                    match r.better {
                        Some(better) => {
                            notes.push(format!(
                                "{}; the run you watched stays on screen",
                                better.why
                            ));
                            let cap = self.timeline.cap_bytes();
                            self.other_run = Some(OtherRun::from_restart(*better, cap));
                        }
                        None => notes.push(format!(
                            "the run you watched beat its {} restarts: {} (ranked by \
                             modularity, never by labels)",
                            r.of - 1,
                            r.watched.words()
                        )),
                    }
                }
                let note = (!notes.is_empty()).then(|| notes.join("\n"));
                if let Some(n) = &note {
                    eprintln!("note: {n}");
                }
                self.finish_note = note;
                self.status = TrainStatus::Finished;
            }
            TrainEvent::Failed {
                message, last_good, ..
            } => {
                if let Some(h) = last_good {
                    self.record(self.epoch, h);
                }
                eprintln!("error: training stopped: {message}");
                self.status = TrainStatus::Failed(message);
            }
        }
    }

    /// The score of the run shown, what restarts are ranked by (`train::restarts::score`).
    pub fn shown_score(&self) -> f64 {
        self.hierarchy()
            .map_or(f64::NAN, |h| crate::train::restarts::score(h))
    }

    /// Shows the other finished run (the better restart, or back to the watched run), keeping
    /// the one shown until now in its place: everything that belongs to a run goes together,
    /// so a picture, the replay and a saved session show the same one.
    pub fn swap_run(&mut self) {
        let Some(other) = self.other_run.take() else {
            return;
        };
        let shown_name = self
            .shown_restart
            .clone()
            .unwrap_or_else(|| "the run you watched".to_string());
        let shown = OtherRun {
            is_restart: self.shown_restart.is_some(),
            score: self.shown_score(),
            why: format!("{shown_name}, shown before"),
            name: shown_name,
            parts: RunParts {
                hierarchy: self.hierarchy.clone(),
                weights: self.weights.take(),
                run_config: self.run_config.take(),
                timeline: std::mem::take(&mut self.timeline),
                history: std::mem::take(&mut self.history),
                metric_history: std::mem::take(&mut self.metric_history),
                epoch: self.epoch,
            },
        };
        self.shown_restart = other.is_restart.then(|| other.name.clone());
        let parts = other.parts;
        self.weights = parts.weights;
        self.run_config = parts.run_config;
        self.timeline = parts.timeline;
        self.history = parts.history;
        self.metric_history = parts.metric_history;
        self.epoch = parts.epoch;
        self.replay = None;
        if let Some(h) = parts.hierarchy {
            self.display(h);
        }
        self.other_run = Some(shown);
    }

    /// Shows a hierarchy that did not come from this run's training (imported, opened,
    /// swapped in): the timeline starts over from it.
    pub fn set_hierarchy(&mut self, h: Arc<Hierarchy>) {
        self.timeline.clear();
        self.replay = None;
        self.record(self.epoch, h);
    }

    /// A snapshot of the run after `epoch`: kept on the timeline, added to the metric curves,
    /// and shown unless the user is replaying an earlier one.
    fn record(&mut self, epoch: usize, h: Arc<Hierarchy>) {
        self.snapshots += 1;
        if let Some(m) = h.levels.first().map(|l| &l.metrics) {
            self.metric_history.push([
                epoch as f64,
                m.nmi.unwrap_or(f64::NAN),
                m.modularity,
                m.clusters_used as f64,
            ]);
        }
        self.timeline.push(epoch, h.clone());
        if self.replay.is_none() {
            self.display(h);
        }
    }

    /// Shows snapshot `index` of the timeline on every view; `None` follows the run again.
    pub fn scrub(&mut self, index: Option<usize>) {
        let index = index.filter(|&i| i + 1 < self.timeline.len());
        self.replay = index;
        let shown = match index {
            Some(i) => self.timeline.get(i),
            None => self.timeline.last(),
        };
        if let Some(h) = shown.map(|s| s.hierarchy.clone())
            && !self.hierarchy.as_ref().is_some_and(|c| Arc::ptr_eq(c, &h))
        {
            self.display(h);
        }
    }

    /// The epoch of what is shown: the replayed snapshot's, or the run's latest.
    pub fn shown_epoch(&self) -> usize {
        match self.replay.and_then(|i| self.timeline.get(i)) {
            Some(s) => s.epoch,
            None => self.timeline.last().map_or(self.epoch, |s| s.epoch),
        }
    }

    /// Puts `h` on every view: layouts, rings, pooled graphs, warnings.
    fn display(&mut self, h: Arc<Hierarchy>) {
        self.layouts.set_hierarchy(h.clone());
        self.rings = Arc::new((0..h.depth()).map(|l| entropy_rings(&h, l)).collect());
        self.pooled_parts = Arc::new(
            h.levels
                .iter()
                .enumerate()
                .map(|(l, n)| {
                    if l == 0 {
                        // Level 0 is the graph: its parts are known (and it may be big).
                        return self.components;
                    }
                    Graph::new(
                        false,
                        (*n.adjacency).clone(),
                        crate::graph::NodeTable::numbered(n.node_count),
                    )
                    .component_count()
                })
                .collect(),
        );
        self.upper_edges = Arc::new(
            h.levels
                .iter()
                .enumerate()
                .map(|(l, lv)| {
                    if l == 0 {
                        Vec::new()
                    } else {
                        lv.adjacency.iter().filter(|&(u, v, _)| u < v).collect()
                    }
                })
                .collect(),
        );
        self.warnings = crate::diagnostics::diagnose(&h);
        if let Some(cfg) = &self.run_config {
            self.warnings.extend(crate::train::count_notes(cfg, &h));
            // Advice once the run has ended (mid-run the level is not what it will be), and only
            // where the reference is already known: the UI thread never computes it.
            if let Some(louvain) = self.graph.louvain_if_known()
                && self.shown_epoch() >= self.epochs.max(1)
            {
                self.warnings
                    .extend(crate::train::reference_notes(cfg, &h, louvain));
            }
        }
        self.hierarchy = Some(h);
        self.shown_id = next_shown_id();
        self.focus_cache.clear();
        self.filtered = None;
    }

    /// Scores the shown hierarchy's NMI and ARI against `labels` when it was scored against
    /// another column (a cheap pass over the level-0 partitions; once per change).
    pub fn follow_labels(&mut self, labels: Option<&str>) {
        let Some(h) = &self.hierarchy else {
            return;
        };
        let at = Arc::as_ptr(h) as usize;
        let scored = if self.rescored.0 == at {
            self.rescored.1.as_deref()
        } else {
            self.run_labels.as_deref()
        };
        if scored == labels {
            return;
        }
        let mut again = (**h).clone();
        again.rescore(&self.graph, labels);
        let again = Arc::new(again);
        self.rescored = (Arc::as_ptr(&again) as usize, labels.map(str::to_string));
        self.hierarchy = Some(again);
    }

    /// Applies the events that have arrived; never blocks.
    pub fn poll(&mut self) {
        let mut budget = 256;
        while budget > 0 {
            let Some(e) = self.trainer.as_ref().and_then(Trainer::try_recv) else {
                break;
            };
            self.apply(e);
            budget -= 1;
        }
        let found = self.log.as_ref().map(|f| f.drain()).unwrap_or_default();
        for f in found {
            self.take_logged(f);
        }
    }

    /// Follows a log directory written by the Python package: its steps go on the timeline
    /// as they are written.
    pub fn follow_log(
        &mut self,
        dir: std::path::PathBuf,
        labels: Option<String>,
        ctx: &egui::Context,
    ) {
        self.reset();
        self.run_labels = labels.clone();
        let ctx = ctx.clone();
        self.log = Some(super::log_follow::LogFollower::start(
            dir,
            self.graph.clone(),
            labels,
            Arc::new(move || ctx.request_repaint()),
        ));
        self.status = TrainStatus::Running;
    }

    fn take_logged(&mut self, found: super::log_follow::Found) {
        match found {
            Ok((step, h, losses)) => {
                self.epoch = step;
                self.epochs = self.epochs.max(step);
                if self.history.is_empty() && self.log_method.is_none() {
                    let names: Vec<&str> = losses
                        .iter()
                        .filter_map(|(n, _)| n.strip_suffix(" (logged)").or(Some(n.as_str())))
                        .collect();
                    self.log_method = crate::pool::logged::method_for(&names);
                }
                if !losses.is_empty() {
                    self.history.push(crate::train::EpochStats {
                        epoch: step,
                        // The user's model made the total; a log does not say it.
                        total: 0.0,
                        losses,
                        train_accuracy: None,
                        test_accuracy: None,
                        seconds: 0.0,
                    });
                }
                self.record(step, h);
            }
            Err(e) => {
                eprintln!("error: the log: {e}");
                self.status = TrainStatus::Failed(format!("the log: {e}"));
            }
        }
    }

    /// Waits for the log follower's next step (tests only).
    pub fn wait_for_log(&mut self, timeout: Duration) -> bool {
        match self.log.as_ref().and_then(|f| f.wait(timeout)) {
            Some(found) => {
                self.take_logged(found);
                true
            }
            None => false,
        }
    }

    /// Waits until `done` holds or `timeout` passes (tests only; the window polls).
    pub fn wait_until(&mut self, timeout: Duration, done: impl Fn(&Workspace) -> bool) -> bool {
        let start = Instant::now();
        while !done(self) {
            if start.elapsed() > timeout {
                return false;
            }
            match self
                .trainer
                .as_ref()
                .and_then(|t| t.recv_timeout(Duration::from_millis(50)))
            {
                Some(e) => self.apply(e),
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        true
    }

    /// The positions to draw this frame, and whether they are still moving (see
    /// [`super::easing::Eased::step`]).
    pub fn eased_positions(&mut self, dt_secs: f32) -> (Arc<Vec<Vec<[f32; 2]>>>, bool) {
        self.eased.step(&self.layouts, dt_secs)
    }

    /// Seconds left at the current speed.
    pub fn eta_seconds(&self) -> Option<f64> {
        (self.epochs_per_second > 0.0 && self.status == TrainStatus::Running)
            .then(|| self.epochs.saturating_sub(self.epoch) as f64 / self.epochs_per_second)
    }

    /// Whether a training run belongs to this graph (false after opening a session).
    pub fn has_trainer(&self) -> bool {
        self.trainer.is_some()
    }

    pub fn level_count(&self) -> usize {
        self.hierarchy.as_ref().map_or(1, |h| h.depth())
    }
}
