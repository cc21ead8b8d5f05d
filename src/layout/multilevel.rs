//! Multilevel ForceAtlas2, as graphviz's sfdp (Hu, Mathematica J. 2005) and OGDF's FM³ (Hachul
//! and Jünger, GD 2004) do it: coarsen the graph by heavy-edge matching until it is small, lay
//! the coarsest graph out, then place each finer level's nodes around their parent and refine
//! with a few ForceAtlas2 iterations, down to the input graph.
//!
//! The matching weighs each edge by how close its ends' algebraic distance says they are
//! (`graph::algebraic`), so coarse nodes keep to one community: on a 1,000,000-node planted
//! partition the coarsest level (3,000 nodes) already shows the 32 blocks (inside/between-block
//! edge length 0.22) where plain heavy-edge matching gave 0.98 there and 0.24 only on the
//! last level but one, 16 s in; that is what the window draws while the fine levels refine.
//!
//! Takes a symmetric adjacency and [`LayoutSettings`]; produces one position per node. A coarse
//! node's mass is the sum of its members' masses and its edges the sums of theirs, so each
//! coarse layout is a small version of the finished one and the refinements only sort out
//! detail. Most of the work is then spent where it is cheap, and the input graph needs a few
//! hundred iterations instead of thousands.
//!
//! With [`Attraction::Auto`], both attractions are laid out up to the finest level of at most
//! [`CHOOSE_AT`] nodes, and the one whose edges are shorter inside that level's own modularity
//! clusters (Louvain) than between them is kept; labels are never looked at. Graphs above
//! [`LINLOG_UP_TO`] nodes take the linear attraction (LinLog's fine levels would need more
//! iterations than a big graph's work caps leave them).
//!
//! [`Multilevel::step`] runs for a time budget, so the window's layout thread can publish
//! positions as they improve; [`Multilevel::run`] runs to the end.

use super::coarsening::{
    Level, coarsening_chain, coarsening_chain_of_one, hierarchical_order, relabel, to_input,
    to_internal,
};
use super::packing::Packing;
use super::quality::edge_length_ratio;
use super::{Attraction, ForceAtlas2, LayoutSettings};
use crate::graph::{Csr, louvain};
use crate::numeric::Rng;
use std::time::{Duration, Instant};

/// The attraction is chosen on the finest level with at most this many nodes. Coarse nodes
/// that keep to one community carry heavy edges inside it, where the linear attraction looks
/// tighter than it will be on the graph: on a 100,000-node planted partition of 32 blocks the
/// 1,075-node level gave linear 0.054 against LinLog's 0.108 (Louvain's inside/between edge
/// length), the 3,935-node level LinLog 0.087 against 0.121, and the graph itself LinLog 0.061
/// against linear 0.186.
pub const CHOOSE_AT: usize = 5000;
/// Above this many nodes [`Attraction::Auto`] is linear without a comparison. LinLog needs
/// more iterations on the fine levels than their work caps leave a big graph: on planted
/// partitions of 32 blocks (`layout … --out`, inside/between-block edge length) LinLog gives
/// 0.033 at 100,000 nodes (settled; linear 0.185), 0.140 at 200,000 (capped; 0.186), 0.507 at
/// 300,000 and 0.97 at 1,000,000 (no blocks to be seen, where linear still gives 0.186 in the
/// same 48 s), although it wins the comparison on the coarse level. (Those figures are from
/// plain heavy-edge matching; coarsening by algebraic distance brought LinLog at 1,000,000 to
/// 0.206 in 48 s, capped, against linear's 0.185 in 31 s, settled.)
pub const LINLOG_UP_TO: usize = 200_000;

/// The attraction [`Attraction::Auto`] takes on an `n`-node graph without comparing the two
/// (`None`: compare them on the coarse level).
fn auto_without_comparison(n: usize) -> Option<bool> {
    (n > LINLOG_UP_TO).then_some(false)
}
/// Iterations for the coarsest graph and for each level between it and the input, at most.
const COARSEST_ITERATIONS: usize = 400;
const COARSE_ITERATIONS: usize = 150;
/// Node-iterations a coarse level may take, and the input graph (a big graph gets fewer
/// iterations per level: 30 at 50,000 nodes; 300 on a 100,000-node input).
const COARSE_WORK: usize = 1_500_000;
const INPUT_WORK: usize = 30_000_000;
/// Relative displacement (smoothed) below which the input graph's layout counts as settled, and
/// a coarse level as good enough to refine from. Started from the coarse layout, the input
/// graph's picture no longer changes visibly below this; ForceAtlas2's own jitter keeps the
/// displacement near 5e-4 for thousands more iterations.
const SETTLED: f32 = 8e-4;
const COARSE_SETTLED: f32 = 1.5e-3;
/// Iterations every level gets before settling is asked: ForceAtlas2 starts slowly and speeds
/// up, so its first moves are small whether or not the layout is done.
const MIN_ITERATIONS: usize = 40;

/// Why a level's layout stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LevelEnd {
    Settled,
    Capped,
    /// The time budget ran out; the level goes on at the next step.
    Paused,
}

/// Where a multilevel layout has got to.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutProgress {
    /// The level being refined (0: the input graph) and the number of levels.
    pub level: usize,
    pub levels: usize,
    /// ForceAtlas2 iterations so far, over all levels, and on the input graph.
    pub iterations: usize,
    pub level0_iterations: usize,
    /// The attraction in use (LinLog or linear).
    pub lin_log: bool,
    pub finished: bool,
    /// The level being refined: its nodes, its iterations so far and at most.
    pub level_nodes: usize,
    pub level_iterations: usize,
    pub level_cap: usize,
}

pub struct Multilevel {
    settings: LayoutSettings,
    levels: Vec<Level>,
    /// The level being refined, and its layout.
    current: usize,
    fa: ForceAtlas2,
    lin_log: bool,
    decided: bool,
    level_iterations: usize,
    iterations: usize,
    level0_iterations: usize,
    finished: bool,
    settled: bool,
    /// The current level's smoothed relative displacement.
    smoothed: f32,
    /// Input node → its node on the current level.
    to_current: Vec<u32>,
    rng: Rng,
    /// A disconnected input's components, shown around the largest (`None`: connected).
    packing: Option<Packing>,
    /// Input node → its number inside the layout (`None`: the same). Nodes are renumbered so
    /// that the members of a coarse node are consecutive: neighbours in the picture are then
    /// neighbours in memory, and an iteration on a big graph reads its rows and positions
    /// nearly in order instead of missing the cache on every edge.
    internal_of_input: Option<Vec<u32>>,
}

/// Node discs for prevent-overlap, in layout units: a quarter of the mean edge length, so
/// neighbours keep a visible gap whatever the layout's scale.
fn size_discs(fa: &mut ForceAtlas2) {
    let r = 0.25 * mean_edge_length(fa.adjacency(), &fa.positions);
    fa.sizes = vec![r; fa.node_count()];
}

/// Mean edge length (self-loops aside); 1 when there are no edges.
fn mean_edge_length(a: &Csr, pos: &[[f32; 2]]) -> f32 {
    let (mut sum, mut count) = (0.0f64, 0usize);
    for (i, j, _) in a.iter() {
        if i < j {
            let (p, q) = (pos[i as usize], pos[j as usize]);
            let d = f64::from((p[0] - q[0]).hypot(p[1] - q[1]));
            if d.is_finite() {
                sum += d;
                count += 1;
            }
        }
    }
    if count == 0 || sum <= 0.0 {
        1.0
    } else {
        (sum / count as f64) as f32
    }
}

impl Multilevel {
    /// A layout of `adjacency` (symmetric). `initial`, with one finite position per node,
    /// starts from there on the input graph alone (a warm start needs no coarsening).
    pub fn new(adjacency: Csr, initial: Option<Vec<[f32; 2]>>, settings: LayoutSettings) -> Self {
        let n = adjacency.node_count();
        let warm = initial.as_ref().is_some_and(|p| {
            p.len() == n && p.iter().all(|q| q[0].is_finite() && q[1].is_finite())
        });
        let packing = Packing::of(&adjacency);
        let mut levels = if settings.multilevel && !warm {
            coarsening_chain(adjacency, settings.seed)
        } else {
            coarsening_chain_of_one(adjacency)
        };
        let top = levels.len() - 1;
        let internal_of_input = (top > 0).then(|| {
            let orders = hierarchical_order(&levels);
            relabel(&mut levels, &orders);
            orders.into_iter().next().unwrap_or_default()
        });
        let fixed = match settings.attraction {
            Attraction::Auto => auto_without_comparison(n),
            Attraction::LinLog => Some(true),
            Attraction::Linear => Some(false),
        };
        let lin_log = fixed.unwrap_or(true);
        let mut me = Self {
            fa: ForceAtlas2::new(Csr::empty(0), None, 0),
            current: top,
            lin_log,
            decided: fixed.is_some() || warm,
            level_iterations: 0,
            iterations: 0,
            level0_iterations: 0,
            finished: false,
            settled: false,
            smoothed: f32::INFINITY,
            to_current: Vec::new(),
            rng: Rng::new(settings.seed.wrapping_add(1)),
            packing,
            internal_of_input,
            levels,
            settings,
        };
        me.fa = me.level_layout(top, if warm { initial } else { None }, lin_log);
        me.to_current = me.map_to(top);
        me
    }

    fn level_layout(&self, l: usize, start: Option<Vec<[f32; 2]>>, lin_log: bool) -> ForceAtlas2 {
        let level = &self.levels[l];
        let mut fa = ForceAtlas2::new(level.adjacency.clone(), start, self.settings.seed);
        fa.set_mass(level.mass.clone());
        fa.settings = self.settings.fa2(lin_log);
        if fa.settings.prevent_overlap {
            size_discs(&mut fa);
        }
        fa
    }

    /// New settings for the layout under way: it goes on from where it is (restart it with a
    /// new [`Multilevel`] to start from scratch).
    pub fn set_settings(&mut self, settings: LayoutSettings) {
        self.lin_log = match settings.attraction {
            Attraction::Auto => self.lin_log,
            Attraction::LinLog => true,
            Attraction::Linear => false,
        };
        if settings.attraction != Attraction::Auto {
            self.decided = true;
        }
        self.fa.settings = settings.fa2(self.lin_log);
        if settings.prevent_overlap {
            size_discs(&mut self.fa);
        }
        self.settings = settings;
        self.finished = false;
        self.settled = false;
        self.level_iterations = 0;
        self.smoothed = f32::INFINITY;
    }

    /// Input node → node of level `l`.
    fn map_to(&self, l: usize) -> Vec<u32> {
        let n = self.levels[0].adjacency.node_count();
        let mut map: Vec<u32> = (0..n as u32).collect();
        for level in &self.levels[..l] {
            for m in &mut map {
                *m = level.parent[*m as usize];
            }
        }
        map
    }

    fn cap(&self, l: usize) -> usize {
        let n = self.levels[l].mass.len().max(1);
        if l == 0 {
            // A single-level layout has no coarse start to lean on: the user's cap alone.
            let work = if self.levels.len() > 1 {
                (INPUT_WORK / n).max(100)
            } else {
                usize::MAX
            };
            self.settings.max_iterations.min(work)
        } else if l + 1 == self.levels.len() {
            COARSEST_ITERATIONS
        } else {
            (COARSE_WORK / n).clamp(MIN_ITERATIONS, COARSE_ITERATIONS)
        }
    }

    /// Positions for level `l - 1` from the layout of level `l`: each node at its parent, a
    /// little apart from its siblings.
    fn prolonged(&mut self, l: usize, coarse: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let spread = 0.1 * mean_edge_length(&self.levels[l].adjacency, coarse);
        let parent = &self.levels[l - 1].parent;
        parent
            .iter()
            .map(|&p| {
                let c = coarse[p as usize];
                let angle = self.rng.next_f32() * std::f32::consts::TAU;
                let r = spread * self.rng.next_f32().sqrt();
                [c[0] + r * angle.cos(), c[1] + r * angle.sin()]
            })
            .collect()
    }

    /// Lays out the levels from the coarsest down to `to` with one attraction, to the end;
    /// returns the positions of level `to`, whether it settled and its iterations.
    fn lay_out_down_to(&mut self, to: usize, lin_log: bool) -> (Vec<[f32; 2]>, bool, usize) {
        let top = self.levels.len() - 1;
        let mut fa = self.level_layout(top, None, lin_log);
        let mut l = top;
        loop {
            let mut smoothed = f32::INFINITY;
            let (its, end) = self.run_level(&mut fa, l, (0, self.cap(l)), &mut smoothed, None);
            self.iterations += its;
            if l == to {
                return (fa.positions, end == LevelEnd::Settled, its);
            }
            let start = self.prolonged(l, &fa.positions);
            l -= 1;
            fa = self.level_layout(l, Some(start), lin_log);
        }
    }

    /// Runs level `l`'s layout (`before` iterations run already) for at most `cap` more, until
    /// it settles or the deadline passes; `smoothed` carries the smoothed displacement from one
    /// call to the next.
    fn run_level(
        &self,
        fa: &mut ForceAtlas2,
        l: usize,
        (before, cap): (usize, usize),
        smoothed: &mut f32,
        deadline: Option<Instant>,
    ) -> (usize, LevelEnd) {
        let threshold = if l == 0 { SETTLED } else { COARSE_SETTLED };
        let mut done = 0;
        while done < cap {
            fa.step();
            done += 1;
            // Displacement jitters from one iteration to the next: judge it smoothed.
            let d = fa.displacement();
            *smoothed = if smoothed.is_finite() {
                0.8 * *smoothed + 0.2 * d
            } else {
                d
            };
            if *smoothed < threshold && before + done >= MIN_ITERATIONS {
                return (done, LevelEnd::Settled);
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return (done, LevelEnd::Paused);
            }
        }
        (done, LevelEnd::Capped)
    }

    /// For [`Attraction::Auto`]: lays out both attractions down to the finest level of at most
    /// [`CHOOSE_AT`] nodes and keeps the one whose edges are shorter inside that level's
    /// modularity clusters than between them.
    fn decide(&mut self) {
        self.decided = true;
        let Some(at) =
            (0..self.levels.len()).find(|&l| self.levels[l].adjacency.node_count() <= CHOOSE_AT)
        else {
            return;
        };
        let (clusters, _) = louvain(&self.levels[at].adjacency, self.settings.seed);
        let linear = self.lay_out_down_to(at, false);
        let linlog = self.lay_out_down_to(at, true);
        let adjacency = &self.levels[at].adjacency;
        let score = |p: &[[f32; 2]]| edge_length_ratio(adjacency, p, &clusters);
        self.lin_log = match (score(&linlog.0), score(&linear.0)) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        let (chosen, settled, its) = if self.lin_log { linlog } else { linear };
        self.fa = self.level_layout(at, Some(chosen), self.lin_log);
        self.current = at;
        self.to_current = self.map_to(at);
        if at == 0 {
            // Both were laid out to the end on the input graph itself.
            self.finished = true;
            self.settled = settled;
            self.level0_iterations = its;
        } else {
            self.descend();
        }
    }

    /// Works for at most `budget` (to the end with `None`); returns whether the layout is done.
    pub fn step(&mut self, budget: Option<Duration>) -> bool {
        let deadline = budget.map(|b| Instant::now() + b);
        if !self.decided {
            self.decide();
        }
        while !self.finished {
            let l = self.current;
            let left = self.cap(l).saturating_sub(self.level_iterations);
            let mut fa = std::mem::replace(&mut self.fa, ForceAtlas2::new(Csr::empty(0), None, 0));
            let mut smoothed = self.smoothed;
            let before = self.level_iterations;
            let (done, end) = self.run_level(&mut fa, l, (before, left), &mut smoothed, deadline);
            self.fa = fa;
            self.smoothed = smoothed;
            self.level_iterations += done;
            self.iterations += done;
            if l == 0 {
                self.level0_iterations += done;
            }
            match end {
                LevelEnd::Paused => break,
                _ if l > 0 => self.descend(),
                end => {
                    self.finished = true;
                    self.settled = end == LevelEnd::Settled;
                }
            }
        }
        self.finished
    }

    /// Runs to the end.
    pub fn run(&mut self) -> LayoutProgress {
        self.step(None);
        self.progress()
    }

    /// Moves from the current level to the next finer one.
    fn descend(&mut self) {
        let l = self.current;
        self.smoothed = f32::INFINITY;
        let coarse = std::mem::take(&mut self.fa.positions);
        let start = self.prolonged(l, &coarse);
        self.current = l - 1;
        self.level_iterations = 0;
        self.fa = self.level_layout(self.current, Some(start), self.lin_log);
        self.to_current = self.map_to(self.current);
    }

    /// Skips the remaining coarse levels: the input graph's nodes at their coarse positions,
    /// refined from there (the user dragged a node, or positions are being restored).
    pub fn go_to_input(&mut self) {
        self.decided = true;
        while self.current > 0 {
            self.descend();
        }
    }

    /// The input graph's nodes: where their node on the current level is, each component of
    /// a disconnected graph moved next to the largest ([`Packing`]).
    pub fn positions(&self) -> Vec<[f32; 2]> {
        let raw = self.input_order(&self.raw_positions());
        match &self.packing {
            Some(p) => p.apply(&raw),
            None => raw,
        }
    }

    /// Values by layout number, put in input order.
    fn input_order<T: Copy>(&self, internal: &[T]) -> Vec<T> {
        match &self.internal_of_input {
            Some(map) => to_input(map, internal),
            None => internal.to_vec(),
        }
    }

    /// The layout number of input node `node`.
    fn internal(&self, node: usize) -> usize {
        match &self.internal_of_input {
            Some(map) => map.get(node).map_or(node, |&i| i as usize),
            None => node,
        }
    }

    /// The input graph's nodes where the simulation has them, by layout number.
    fn raw_positions(&self) -> Vec<[f32; 2]> {
        if self.current == 0 {
            return self.fa.positions.clone();
        }
        self.to_current
            .iter()
            .map(|&c| self.fa.positions[c as usize])
            .collect()
    }

    /// Puts an input node somewhere (where [`Self::positions`] shows it) and keeps it there;
    /// the layout goes on around it.
    pub fn pin(&mut self, node: usize, pos: [f32; 2]) {
        self.go_to_input();
        if node < self.fa.node_count() {
            let pos = match &self.packing {
                Some(p) => p.unapply(&self.input_order(&self.fa.positions), node, pos),
                None => pos,
            };
            let at = self.internal(node);
            self.fa.positions[at] = pos;
            self.fa.pinned[at] = true;
            self.finished = false;
            self.settled = false;
            self.level_iterations = 0;
            self.smoothed = f32::INFINITY;
        }
    }

    /// Replaces the input graph's positions (saved ones, as shown: packing a packed layout
    /// moves nothing) and stops.
    pub fn restore(&mut self, positions: &[[f32; 2]]) {
        self.go_to_input();
        if positions.len() == self.fa.node_count() {
            self.fa.positions = match &self.internal_of_input {
                Some(map) => to_internal(map, positions),
                None => positions.to_vec(),
            };
            self.finished = true;
            self.settled = true;
        }
    }

    /// Whether the input graph's layout settled rather than stopping at the iteration cap.
    pub fn is_settled(&self) -> bool {
        self.settled
    }

    pub fn node_count(&self) -> usize {
        self.levels[0].mass.len()
    }

    pub fn progress(&self) -> LayoutProgress {
        LayoutProgress {
            level: self.current,
            levels: self.levels.len(),
            iterations: self.iterations,
            level0_iterations: self.level0_iterations,
            lin_log: self.lin_log,
            finished: self.finished,
            level_nodes: self.levels[self.current].mass.len(),
            level_iterations: self.level_iterations,
            level_cap: self.cap(self.current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_compares_the_attractions_only_where_linlog_can_settle() {
        assert_eq!(auto_without_comparison(100_000), None);
        assert_eq!(auto_without_comparison(LINLOG_UP_TO), None);
        assert_eq!(auto_without_comparison(1_000_000), Some(false));
    }
    use crate::generate::generate;

    /// Mean silhouette of 2-D positions by group: (b − a) / max(a, b) per point, where a is the
    /// mean distance to its own group and b to the nearest other group.
    fn silhouette(pos: &[[f32; 2]], group: &[u32]) -> f64 {
        let k = group.iter().copied().max().map_or(0, |m| m as usize + 1);
        let mut total = 0.0;
        for (i, p) in pos.iter().enumerate() {
            let (mut sum, mut count) = (vec![0.0f64; k], vec![0usize; k]);
            for (j, q) in pos.iter().enumerate() {
                if i != j {
                    sum[group[j] as usize] += f64::from((p[0] - q[0]).hypot(p[1] - q[1]));
                    count[group[j] as usize] += 1;
                }
            }
            let own = group[i] as usize;
            let a = sum[own] / count[own].max(1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && count[c] > 0)
                .map(|c| sum[c] / count[c] as f64)
                .fold(f64::INFINITY, f64::min);
            total += (b - a) / a.max(b);
        }
        total / pos.len() as f64
    }

    /// The share of each coarse node's members in its commonest block, averaged over the
    /// coarsest level's nodes.
    fn coarsest_purity(levels: &[Level], blocks: &[u32], k: usize) -> f64 {
        let mut of: Vec<u32> = (0..blocks.len() as u32).collect();
        for level in &levels[..levels.len() - 1] {
            for c in of.iter_mut() {
                *c = level.parent[*c as usize];
            }
        }
        let top = levels.last().expect("a level").adjacency.node_count();
        let mut counts = vec![vec![0usize; k]; top];
        for (node, &c) in of.iter().enumerate() {
            counts[c as usize][blocks[node] as usize] += 1;
        }
        let shares = counts
            .iter()
            .filter(|c| c.iter().sum::<usize>() > 0)
            .map(|c| *c.iter().max().expect("k > 0") as f64 / c.iter().sum::<usize>() as f64);
        let (sum, n) = shares.fold((0.0, 0), |(s, n), x| (s + x, n + 1));
        sum / n as f64
    }

    #[test]
    fn coarse_nodes_keep_to_one_block_of_a_sparse_planted_partition() {
        // Nine edges per node, one in nine between blocks: plain heavy-edge matching sees every
        // edge alike, and after a dozen rounds its coarse nodes mix the blocks.
        let g = generate("sbm:n=20000,k=16,din=8,dout=1,seed=1").expect("spec");
        let blocks: Vec<u32> = g
            .nodes
            .label("block")
            .expect("labels")
            .codes
            .iter()
            .map(|b| b.unwrap_or(0))
            .collect();
        let levels = coarsening_chain(g.symmetric().into_owned(), 0);
        let purity = coarsest_purity(&levels, &blocks, 16);
        assert!(purity > 0.9, "{} levels, purity {purity:.3}", levels.len());
    }

    #[test]
    fn the_default_layout_separates_planted_blocks() {
        let g = generate("sbm:n=600,k=6,din=10,dout=2,seed=4").expect("spec");
        let mut layout =
            Multilevel::new(g.symmetric().into_owned(), None, LayoutSettings::default());
        let progress = layout.run();
        assert!(progress.finished && progress.levels > 2, "{progress:?}");
        let blocks = &g.nodes.label("block").expect("labels").codes;
        let blocks: Vec<u32> = blocks.iter().map(|b| b.unwrap_or(0)).collect();
        let s = silhouette(&layout.positions(), &blocks);
        // It reaches about 0.8; a uniform disc scores near 0.
        assert!(s > 0.5, "silhouette {s}");
    }

    #[test]
    fn finer_nodes_start_at_their_parent() {
        let g = generate("sbm:n=400,k=4,din=8,dout=2,seed=1").expect("spec");
        let settings = LayoutSettings {
            attraction: Attraction::LinLog,
            ..LayoutSettings::default()
        };
        let mut layout = Multilevel::new(g.symmetric().into_owned(), None, settings);
        let top = layout.levels.len() - 1;
        assert!(top >= 2, "the graph is coarsened");
        let mut fa = layout.level_layout(top, None, true);
        fa.run(200, None);
        let coarse = fa.positions.clone();
        let spread = 0.1 * mean_edge_length(&layout.levels[top].adjacency, &coarse);
        let fine = layout.prolonged(top, &coarse);
        let parent = &layout.levels[top - 1].parent;
        assert_eq!(fine.len(), parent.len());
        for (i, p) in fine.iter().enumerate() {
            let c = coarse[parent[i] as usize];
            let d = (p[0] - c[0]).hypot(p[1] - c[1]);
            assert!(
                d <= spread * 1.0001,
                "node {i} starts {d} from its parent (spread {spread})"
            );
        }
        // Coarse masses add up to the input's.
        let total = |l: &Level| l.mass.iter().sum::<f32>();
        assert!((total(&layout.levels[0]) - total(&layout.levels[top])).abs() < 1e-2);
    }

    #[test]
    fn stepping_in_slices_gives_the_same_layout_as_one_run() {
        // The window steps with a time budget; `layout` runs to the end: same positions.
        // (Auto lays a graph this small out in one go, both attractions, at its first step.)
        let g = generate("sbm:n=300,k=3,din=8,dout=2,seed=2").expect("spec");
        let a = g.symmetric().into_owned();
        let settings = LayoutSettings {
            attraction: Attraction::LinLog,
            ..LayoutSettings::default()
        };
        let mut whole = Multilevel::new(a.clone(), None, settings.clone());
        whole.run();
        let mut sliced = Multilevel::new(a, None, settings);
        let mut steps = 0;
        while !sliced.step(Some(Duration::ZERO)) {
            steps += 1;
            assert!(steps < 100_000, "finishes");
        }
        assert!(steps > 10, "it did stop and go on: {steps} steps");
        assert_eq!(whole.positions(), sliced.positions());
        assert_eq!(whole.progress(), sliced.progress());
    }

    #[test]
    fn renumbered_nodes_come_back_as_the_input_numbers_them() {
        // The layout numbers nodes its own way inside; positions, pins and restores speak
        // the input's numbers.
        let g = generate("sbm:n=400,k=4,din=8,dout=2,seed=3").expect("spec");
        let a = g.symmetric().into_owned();
        let mut layout = Multilevel::new(a.clone(), None, LayoutSettings::default());
        let map = layout
            .internal_of_input
            .clone()
            .expect("coarsened, so renumbered");
        assert!(map.iter().enumerate().any(|(i, &k)| i != k as usize));
        // Siblings are consecutive: every coarse node's members form one run.
        let parent = &layout.levels[0].parent;
        let runs = parent.windows(2).filter(|w| w[0] != w[1]).count() + 1;
        assert_eq!(runs, layout.levels[1].mass.len());
        // The renumbered graph is the input graph.
        for (i, j, w) in a.iter() {
            assert_eq!(
                layout.levels[0]
                    .adjacency
                    .get(map[i as usize] as usize, map[j as usize] as usize),
                w
            );
        }
        layout.run();
        let mut p = layout.positions();
        p[7] = [123.0, -45.0];
        layout.restore(&p);
        assert_eq!(layout.positions(), p);
        layout.pin(11, [9.0, 9.0]);
        layout.run();
        let after = layout.positions();
        assert_eq!(after[11], [9.0, 9.0]);
        assert_ne!(after[7], [123.0, -45.0], "the rest moved on");
    }

    #[test]
    fn awkward_graphs_lay_out_to_finite_positions() {
        for spec in [
            "grid:w=1,h=1",
            "barbell:m=3,path=0",
            "random:n=50,m=0,seed=1",
        ] {
            let g = generate(spec).expect("spec");
            let mut layout =
                Multilevel::new(g.symmetric().into_owned(), None, LayoutSettings::default());
            layout.run();
            let p = layout.positions();
            assert_eq!(p.len(), g.node_count(), "{spec}");
            assert!(p.iter().flatten().all(|x| x.is_finite()), "{spec}");
        }
        let empty = Multilevel::new(Csr::empty(0), None, LayoutSettings::default()).run();
        assert!(empty.finished);
    }
}
