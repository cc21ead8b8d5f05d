//! Per-node measures of the node table: degree, weighted degree, PageRank, betweenness, k-core
//! number and local clustering, the columns a Gephi user computes before reading a graph.
//!
//! Each follows networkx's definition (named in [`Measure::help`]) so a figure can be checked
//! there. They are computed together, once per graph, off the window's thread: betweenness is
//! the costly one, so above a work bound it is estimated from a seeded sample of sources, as
//! networkx does with `k`, and the table says how many.

use super::stats::{Lists, local_clustering, neighbours};
use super::{Csr, Graph};
use rayon::prelude::*;

/// Breadth-first searches of betweenness cost about `nodes + links` steps each; above this
/// many steps in all, a sample of sources stands in for every node (a few seconds on two cores).
const BETWEENNESS_WORK: usize = 400_000_000;

/// Fewest sources of a sampled betweenness (fewer would leave most nodes at zero).
const MIN_SOURCES: usize = 64;

/// Betweenness sums the sources' contributions in this many fixed groups, then in order, so
/// the figures do not depend on the number of threads.
const SOURCE_GROUPS: usize = 8;

/// PageRank's damping (networkx's `alpha`).
pub const PAGERANK_ALPHA: f64 = 0.85;

/// One computed column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Degree,
    WeightedDegree,
    PageRank,
    Betweenness,
    Core,
    Clustering,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Degree,
        Measure::WeightedDegree,
        Measure::PageRank,
        Measure::Betweenness,
        Measure::Core,
        Measure::Clustering,
    ];

    /// The column's name, as `--colour-by scale:NAME` and `--size-by NAME` take it.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::WeightedDegree => "weighted-degree",
            Measure::PageRank => "pagerank",
            Measure::Betweenness => "betweenness",
            Measure::Core => "k-core",
            Measure::Clustering => "clustering",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == text)
    }

    /// What the figure is, and which networkx call gives the same numbers.
    pub fn help(self) -> &'static str {
        match self {
            Measure::Degree => {
                "Links other than self-loops; in plus out on a directed graph (networkx: G.degree)"
            }
            Measure::WeightedDegree => {
                "Sum of link weights, self-loops left out; in plus out on a directed graph"
            }
            Measure::PageRank => {
                "PageRank with damping 0.85 along the links' directions and weights, dangling \
                 nodes' rank spread evenly (networkx: pagerank(G))"
            }
            Measure::Betweenness => {
                "Share of shortest paths (in hops, along the links' directions) through the node, \
                 normalised by (n-1)(n-2) (networkx: betweenness_centrality(G)); on big graphs \
                 estimated from a sample of sources (networkx's k)"
            }
            Measure::Core => {
                "The largest k such that the node lies in a subgraph where every node has at least \
                 k neighbours; directions ignored (networkx: core_number(G.to_undirected()))"
            }
            Measure::Clustering => {
                "Share of the node's pairs of neighbours that are linked; directions and weights \
                 ignored (networkx: clustering(G.to_undirected()))"
            }
        }
    }
}

/// Every measure of one graph, by node.
#[derive(Clone, Debug, PartialEq)]
pub struct Measures {
    pub degree: Vec<f64>,
    pub weighted_degree: Vec<f64>,
    pub pagerank: Vec<f64>,
    pub betweenness: Vec<f64>,
    /// The sources betweenness was summed over: the node count when exact.
    pub betweenness_sources: usize,
    pub core: Vec<f64>,
    pub clustering: Vec<f64>,
}

impl Measures {
    pub fn of(g: &Graph) -> Self {
        let n = g.node_count();
        let a = g.adjacency();
        let simple = neighbours(a);
        let (degree, weighted_degree) = degrees(a, g.is_directed());
        let (betweenness, betweenness_sources) = betweenness(a, 0);
        Self {
            degree,
            weighted_degree,
            pagerank: pagerank(a, g.is_directed()),
            betweenness,
            betweenness_sources,
            core: core_numbers(&simple).into_iter().map(f64::from).collect(),
            clustering: local_clustering(&simple),
        }
        .checked(n)
    }

    fn checked(self, n: usize) -> Self {
        debug_assert!(self.pagerank.len() == n && self.clustering.len() == n);
        self
    }

    pub fn values(&self, m: Measure) -> &[f64] {
        match m {
            Measure::Degree => &self.degree,
            Measure::WeightedDegree => &self.weighted_degree,
            Measure::PageRank => &self.pagerank,
            Measure::Betweenness => &self.betweenness,
            Measure::Core => &self.core,
            Measure::Clustering => &self.clustering,
        }
    }

    /// `betweenness` or `betweenness (from 1,960 of 14,845 sources)`.
    pub fn title(&self, m: Measure) -> String {
        let n = self.degree.len();
        if m == Measure::Betweenness && self.betweenness_sources < n {
            format!(
                "betweenness (from {} of {} sources)",
                self.betweenness_sources, n
            )
        } else {
            m.name().to_string()
        }
    }
}

/// Degree and weighted degree without self-loops; a directed graph's arcs count at both ends.
fn degrees(a: &Csr, directed: bool) -> (Vec<f64>, Vec<f64>) {
    let n = a.node_count();
    let mut d = vec![0.0f64; n];
    let mut wd = vec![0.0f64; n];
    for (u, v, w) in a.iter() {
        if u == v {
            continue;
        }
        d[u as usize] += 1.0;
        wd[u as usize] += f64::from(w);
        if directed {
            d[v as usize] += 1.0;
            wd[v as usize] += f64::from(w);
        }
    }
    (d, wd)
}

/// PageRank by power iteration, networkx's scheme: rank flows along out-links in proportion
/// to their (non-negative) weights, a node without out-weight spreads its rank evenly, and
/// every node gets `(1 - α) / n`. Stops when the ranks move by less than `n · 1e-10` in all
/// (networkx stops at `n · 1e-6`; the tighter bound makes its figures checkable to 1e-6).
pub fn pagerank(a: &Csr, directed: bool) -> Vec<f64> {
    let n = a.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out: Vec<f64> = (0..n)
        .map(|i| a.row(i).1.iter().map(|&w| f64::from(w.max(0.0))).sum())
        .collect();
    // Pull along in-links: each node sums what its in-neighbours send, in parallel by node.
    let transposed;
    let inward = if directed {
        transposed = a.transpose();
        &transposed
    } else {
        a
    };
    let nf = n as f64;
    let mut x = vec![1.0 / nf; n];
    let mut share = vec![0.0f64; n];
    for _ in 0..1000 {
        let mut dangling = 0.0;
        for i in 0..n {
            if out[i] > 0.0 {
                share[i] = x[i] / out[i];
            } else {
                share[i] = 0.0;
                dangling += x[i];
            }
        }
        let base = (1.0 - PAGERANK_ALPHA) / nf + PAGERANK_ALPHA * dangling / nf;
        let next: Vec<f64> = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .map(|v| {
                let (cols, ws) = inward.row(v);
                let pulled: f64 = cols
                    .iter()
                    .zip(ws)
                    .map(|(&u, &w)| share[u as usize] * f64::from(w.max(0.0)))
                    .sum();
                base + PAGERANK_ALPHA * pulled
            })
            .collect();
        let moved: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if moved < nf * 1e-10 {
            break;
        }
    }
    x
}

/// Brandes' betweenness in hops along `a`'s rows (out-links), normalised as networkx does:
/// the sum over sources divided by `(n - 1)(n - 2)`, times `n / k` when `k` sampled sources
/// stand in for all. Returns the figures and the number of sources.
pub fn betweenness(a: &Csr, seed: u64) -> (Vec<f64>, usize) {
    let n = a.node_count();
    let step = n + a.nnz();
    let k = if n.saturating_mul(step) <= BETWEENNESS_WORK {
        n
    } else {
        (BETWEENNESS_WORK / step.max(1)).clamp(MIN_SOURCES.min(n), n)
    };
    (sampled_betweenness(a, k, seed), k)
}

/// Betweenness summed over `k` sources drawn with `seed` (all of them when `k` is the node
/// count), scaled by `n / k`.
fn sampled_betweenness(a: &Csr, k: usize, seed: u64) -> Vec<f64> {
    let n = a.node_count();
    let k = k.min(n);
    let sources: Vec<u32> = if k == n {
        (0..n as u32).collect()
    } else {
        let mut all: Vec<u32> = (0..n as u32).collect();
        let mut rng = crate::numeric::Rng::new(seed);
        for i in 0..k {
            let j = i + rng.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all.sort_unstable();
        all
    };
    let group = sources.len().div_ceil(SOURCE_GROUPS).max(1);
    let partial: Vec<Vec<f64>> = sources
        .par_chunks(group)
        .map(|chunk| {
            let mut sums = vec![0.0f64; n];
            let mut work = Brandes::new(n);
            for &s in chunk {
                work.accumulate(a, s as usize, &mut sums);
            }
            sums
        })
        .collect();
    let mut total = vec![0.0f64; n];
    for p in &partial {
        for (t, v) in total.iter_mut().zip(p) {
            *t += v;
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64) * (n as f64 / k.max(1) as f64);
        for t in &mut total {
            *t *= scale;
        }
    }
    total
}

/// The reusable arrays of one breadth-first search and its back-propagation.
struct Brandes {
    dist: Vec<i64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    order: Vec<u32>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Self {
            dist: vec![-1; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
        }
    }

    /// Adds source `s`'s dependencies to `sums`, then resets the arrays it touched.
    fn accumulate(&mut self, a: &Csr, s: usize, sums: &mut [f64]) {
        self.order.clear();
        self.dist[s] = 0;
        self.sigma[s] = 1.0;
        self.order.push(s as u32);
        let mut head = 0;
        while head < self.order.len() {
            let u = self.order[head] as usize;
            head += 1;
            let du = self.dist[u];
            for &v in a.row(u).0 {
                let v = v as usize;
                if self.dist[v] < 0 {
                    self.dist[v] = du + 1;
                    self.order.push(v as u32);
                }
                if self.dist[v] == du + 1 {
                    self.sigma[v] += self.sigma[u];
                }
            }
        }
        // Back in reverse order of distance: a node's dependency gathers its successors'
        // (out-neighbours one hop further), so the rows serve and no predecessor lists are kept.
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let next = self.dist[w] + 1;
            let mut dep = 0.0;
            for &x in a.row(w).0 {
                let x = x as usize;
                if self.dist[x] == next {
                    dep += (1.0 + self.delta[x]) / self.sigma[x];
                }
            }
            self.delta[w] = self.sigma[w] * dep;
            if w != s {
                sums[w] += self.delta[w];
            }
        }
        self.reset();
    }

    fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = -1;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
        }
    }
}

/// Core numbers by Batagelj and Zaversnik's bucket peeling, on a simple undirected graph's
/// neighbour lists.
fn core_numbers(nb: &Lists) -> Vec<u32> {
    let n = nb.len();
    let mut deg: Vec<usize> = (0..n).map(|i| nb.get(i).len()).collect();
    let max = deg.iter().copied().max().unwrap_or(0);
    // Nodes sorted by degree, with where each degree's bucket starts.
    let mut start = vec![0usize; max + 2];
    for &d in &deg {
        start[d + 1] += 1;
    }
    for d in 0..=max {
        start[d + 1] += start[d];
    }
    let mut order = vec![0usize; n];
    let mut pos = vec![0usize; n];
    let mut fill = start.clone();
    for (v, &d) in deg.iter().enumerate() {
        pos[v] = fill[d];
        order[pos[v]] = v;
        fill[d] += 1;
    }
    for i in 0..n {
        let v = order[i];
        for &u in nb.get(v) {
            let u = u as usize;
            if deg[u] <= deg[v] {
                continue;
            }
            // Move u to the front of its bucket, then shrink the bucket past it.
            let du = deg[u];
            let first = start[du];
            let w = order[first];
            if w != u {
                order.swap(first, pos[u]);
                pos[w] = pos[u];
                pos[u] = first;
            }
            start[du] += 1;
            deg[u] -= 1;
        }
    }
    deg.into_iter().map(|d| d as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeTable;

    fn karate() -> Graph {
        crate::samples::graph("karate").expect("sample")
    }

    #[test]
    fn karate_matches_networkx() {
        let m = Measures::of(&karate());
        // networkx 3.6.1 on sample_graphs/karate.gml (weighted: Zachary's interaction
        // counts): degree, degree(weight="weight"), pagerank (tol 1e-12, weighted),
        // betweenness_centrality (hops), core_number, clustering of nodes 0, 2, 33, 11, 16.
        let expect = [
            (
                0,
                16.0,
                42.0,
                0.088_500_315_437_669_16,
                0.437_635_281_385_281_46,
                4.0,
                0.15,
            ),
            (
                2,
                10.0,
                33.0,
                0.062_765_623_850_085_95,
                0.143_656_806_156_806_18,
                4.0,
                0.244_444_444_444_444_44,
            ),
            (
                33,
                17.0,
                48.0,
                0.096_989_362_825_069_88,
                0.304_074_975_949_975_96,
                4.0,
                0.110_294_117_647_058_82,
            ),
            (11, 1.0, 3.0, 0.009_784_998_143_358_01, 0.0, 1.0, 0.0),
            (16, 2.0, 6.0, 0.016_752_260_141_580_967, 0.0, 2.0, 1.0),
        ];
        for (v, deg, wdeg, pr, bc, core, cl) in expect {
            assert_eq!(m.degree[v], deg, "degree {v}");
            assert_eq!(m.weighted_degree[v], wdeg, "weighted degree {v}");
            assert!(
                (m.pagerank[v] - pr).abs() < 1e-9,
                "pagerank {v}: {}",
                m.pagerank[v]
            );
            assert!(
                (m.betweenness[v] - bc).abs() < 1e-12,
                "betweenness {v}: {}",
                m.betweenness[v]
            );
            assert_eq!(m.core[v], core, "core {v}");
            assert!((m.clustering[v] - cl).abs() < 1e-12, "clustering {v}");
        }
        assert_eq!(m.betweenness_sources, 34);
        assert!((m.pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(m.title(Measure::Betweenness), "betweenness");
    }

    #[test]
    fn a_directed_weighted_graph_follows_its_arcs_as_networkx() {
        // networkx 3.6.1: a DiGraph with these weighted arcs and node 5 pointing at 0.
        let arcs = [
            (0, 1, 1.0),
            (1, 2, 2.0),
            (2, 0, 1.0),
            (2, 3, 0.5),
            (3, 4, 1.0),
            (4, 2, 1.0),
            (1, 4, 3.0),
            (5, 0, 1.0),
        ];
        let g = Graph::new(true, Csr::from_triplets(6, &arcs), NodeTable::numbered(6));
        let m = Measures::of(&g);
        let pr = [
            0.199_146_972_895_482_78,
            0.194_274_926_962_565_63,
            0.269_818_187_462_566_3,
            0.101_448_486_447_741_4,
            0.210_311_426_231_643_76,
            0.025,
        ];
        let bc = [0.35, 0.3, 0.45, 0.05, 0.15, 0.0];
        for v in 0..6 {
            assert!(
                (m.pagerank[v] - pr[v]).abs() < 1e-9,
                "pagerank {v}: {}",
                m.pagerank[v]
            );
            assert!((m.betweenness[v] - bc[v]).abs() < 1e-12, "betweenness {v}");
        }
        assert_eq!(m.core, vec![2.0, 2.0, 2.0, 2.0, 2.0, 1.0]);
        // In plus out: node 2 has arcs from 1 and 4 and to 0 and 3.
        assert_eq!(m.degree[2], 4.0);
        assert_eq!(m.weighted_degree[2], 2.0 + 1.0 + 1.0 + 0.5);
    }

    #[test]
    fn sampled_betweenness_estimates_the_exact_figures() {
        // A planted partition big enough to be sampled: the estimate is unbiased, so the
        // total and the ranking of the busiest nodes stay close to the exact ones.
        let g = crate::generate::generate("sbm:n=3000,k=6,din=8,dout=1,seed=2").expect("spec");
        let a = g.adjacency();
        let exact = {
            let n = a.node_count();
            let mut sums = vec![0.0; n];
            let mut work = Brandes::new(n);
            for s in 0..n {
                work.accumulate(a, s, &mut sums);
            }
            let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
            sums.into_iter().map(|x| x * scale).collect::<Vec<_>>()
        };
        let (full, k) = betweenness(a, 0);
        assert_eq!(k, a.node_count(), "small enough to be exact");
        for (x, y) in full.iter().zip(&exact) {
            assert!((x - y).abs() < 1e-12);
        }
        let sampled = sampled_betweenness(a, 300, 5);
        let (st, et): (f64, f64) = (sampled.iter().sum(), exact.iter().sum());
        assert!((st - et).abs() < 0.05 * et, "sum {st} vs {et}");
        let top = |v: &[f64]| {
            let mut i: Vec<usize> = (0..v.len()).collect();
            i.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
            i.truncate(100);
            i
        };
        let shared = top(&sampled)
            .iter()
            .filter(|i| top(&exact).contains(i))
            .count();
        assert!(shared >= 50, "{shared} of the busiest 100 agree");
    }

    #[test]
    fn core_numbers_peel_a_clique_with_a_tail() {
        // A 4-clique 0..3 with a path 3-4-5 and an isolated node 6.
        let mut e = vec![(4, 5, 1.0), (3, 4, 1.0)];
        for u in 0..4 {
            for v in (u + 1)..4 {
                e.push((u, v, 1.0));
            }
        }
        let g = Graph::from_edges(7, &e);
        let m = Measures::of(&g);
        assert_eq!(m.core, vec![3.0, 3.0, 3.0, 3.0, 1.0, 1.0, 0.0]);
        assert_eq!(m.clustering[0], 1.0);
        assert!((m.clustering[3] - 0.5).abs() < 1e-12, "3 of 6 pairs linked");
        assert_eq!(m.pagerank.len(), 7);
        for name in Measure::ALL.map(Measure::name) {
            assert_eq!(Measure::parse(name).map(Measure::name), Some(name));
        }
    }
}
