//! Stochastic block models: the planted partition (`sbm:`) and the nested, hierarchical one
//! (`nested:`), e.g. the H13-4 benchmark (Arenas, Díaz-Guilera, Pérez-Vicente 2006): 256 nodes,
//! 4 groups of 64 each split into 4 of 16; per node 13 links inside its 16, 4 to the rest of
//! its 64 and 1 outside.
//!
//! Pairs are drawn per block pair by geometric skipping (Batagelj & Brandes 2005), so time is
//! proportional to the edges made, not to n².

use crate::graph::{Graph, LabelColumn};
use crate::numeric::rng::Rng;

/// Calls `emit(k)` for each index `k` in `0..count` kept with probability `p`.
fn sample_indices(count: u64, p: f64, rng: &mut Rng, mut emit: impl FnMut(u64)) {
    if p <= 0.0 || count == 0 {
        return;
    }
    if p >= 1.0 {
        (0..count).for_each(emit);
        return;
    }
    let log_q = (1.0 - p).ln();
    let mut k: i64 = -1;
    loop {
        let r = 1.0 - rng.next_f64();
        k += 1 + (r.ln() / log_q).floor() as i64;
        if k < 0 || k as u64 >= count {
            return;
        }
        emit(k as u64);
    }
}

/// Edges of a block model over contiguous blocks `starts[b]..starts[b+1]`, with
/// `p(a, b)` the edge probability between blocks `a` and `b`.
pub fn block_edges(
    starts: &[usize],
    p: impl Fn(usize, usize) -> f64,
    rng: &mut Rng,
) -> Vec<(u32, u32, f32)> {
    let blocks = starts.len() - 1;
    let mut edges = Vec::new();
    for a in 0..blocks {
        let (a0, na) = (starts[a], starts[a + 1] - starts[a]);
        for b in a..blocks {
            let (b0, nb) = (starts[b], starts[b + 1] - starts[b]);
            let prob = p(a, b);
            if a == b {
                // Pairs i < j inside the block, enumerated row by row.
                let count = (na as u64) * (na as u64).saturating_sub(1) / 2;
                sample_indices(count, prob, rng, |k| {
                    // Invert k -> (i, j) with j < i: i = floor((1 + sqrt(1 + 8k)) / 2).
                    let mut i = ((1.0 + (1.0 + 8.0 * k as f64).sqrt()) / 2.0) as u64;
                    while i * (i - 1) / 2 > k {
                        i -= 1;
                    }
                    while (i + 1) * i / 2 <= k {
                        i += 1;
                    }
                    let j = k - i * (i - 1) / 2;
                    edges.push(((a0 as u64 + j) as u32, (a0 as u64 + i) as u32, 1.0));
                });
            } else {
                sample_indices(na as u64 * nb as u64, prob, rng, |k| {
                    let (i, j) = (k / nb as u64, k % nb as u64);
                    edges.push(((a0 as u64 + i) as u32, (b0 as u64 + j) as u32, 1.0));
                });
            }
        }
    }
    edges
}

/// Block boundaries for `sizes`.
pub fn starts_of(sizes: &[usize]) -> Vec<usize> {
    let mut starts = vec![0];
    for s in sizes {
        starts.push(starts.last().copied().unwrap_or(0) + s);
    }
    starts
}

/// A label column giving each node its block.
pub fn block_column(name: &str, starts: &[usize], group: impl Fn(usize) -> usize) -> LabelColumn {
    let n = starts.last().copied().unwrap_or(0);
    let mut values = Vec::with_capacity(n);
    for b in 0..starts.len() - 1 {
        for _ in starts[b]..starts[b + 1] {
            values.push(Some(group(b).to_string()));
        }
    }
    LabelColumn::from_values(name, &values)
}

/// A planted partition: blocks of the given sizes, `p_in` inside, `p_out` between.
pub fn planted_partition(sizes: &[usize], p_in: f64, p_out: f64, seed: u64) -> Graph {
    let starts = starts_of(sizes);
    let mut rng = Rng::new(seed);
    let edges = block_edges(&starts, |a, b| if a == b { p_in } else { p_out }, &mut rng);
    let mut g = Graph::from_edges(*starts.last().unwrap_or(&0), &edges);
    g.nodes.labels.push(block_column("block", &starts, |b| b));
    g
}

/// A nested block model: `groups` groups of `sub` subgroups of `size` nodes; each node expects
/// `d_sub` links inside its subgroup, `d_group` to the rest of its group and `d_out` outside.
pub fn nested(
    groups: usize,
    sub: usize,
    size: usize,
    d_sub: f64,
    d_group: f64,
    d_out: f64,
    seed: u64,
) -> Graph {
    let sizes = vec![size; groups * sub];
    let starts = starts_of(&sizes);
    let n = groups * sub * size;
    let p_sub = if size > 1 {
        d_sub / (size - 1) as f64
    } else {
        0.0
    };
    let rest_group = (sub - 1) * size;
    let p_group = if rest_group > 0 {
        d_group / rest_group as f64
    } else {
        0.0
    };
    let outside = n - sub * size;
    let p_out = if outside > 0 {
        d_out / outside as f64
    } else {
        0.0
    };
    let mut rng = Rng::new(seed);
    let edges = block_edges(
        &starts,
        |a, b| {
            if a == b {
                p_sub
            } else if a / sub == b / sub {
                p_group
            } else {
                p_out
            }
        },
        &mut rng,
    );
    let mut g = Graph::from_edges(n, &edges);
    g.nodes
        .labels
        .push(block_column("group", &starts, |b| b / sub));
    g.nodes
        .labels
        .push(block_column("subgroup", &starts, |b| b));
    g
}

/// A uniformly random simple graph with `n` nodes and `m` edges (Erdős–Rényi G(n, m)); the
/// benchmark graphs of the layout issue. `m` must fit in `n(n-1)/2`. Rejection sampling draws
/// the smaller of the edges and the non-edges, so its work stays proportional to that (a
/// complete 2,000-node graph took 12.8 s drawing its last edges by luck; now it draws none).
pub fn random_graph(n: usize, m: usize, seed: u64) -> Graph {
    let mut rng = Rng::new(seed);
    let pairs = n * n.saturating_sub(1) / 2;
    let m = m.min(pairs);
    // Distinct pairs in the order drawn.
    let mut draw = |count: usize| {
        let mut seen = std::collections::HashSet::with_capacity(count);
        let mut order = Vec::with_capacity(count);
        while order.len() < count && n > 1 {
            let (a, b) = (rng.below(n) as u32, rng.below(n) as u32);
            if a != b && seen.insert((a.min(b), a.max(b))) {
                order.push((a.min(b), a.max(b)));
            }
        }
        (seen, order)
    };
    let edges: Vec<(u32, u32, f32)> = if m > pairs / 2 {
        let (left_out, _) = draw(pairs - m);
        (0..n as u32)
            .flat_map(|a| (a + 1..n as u32).map(move |b| (a, b)))
            .filter(|p| !left_out.contains(p))
            .map(|(a, b)| (a, b, 1.0))
            .collect()
    } else {
        draw(m).1.into_iter().map(|(a, b)| (a, b, 1.0)).collect()
    };
    Graph::from_edges(n, &edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_complete_random_graphs_draw_the_missing_pairs() {
        // 300 nodes, 44,850 pairs: all of them, and all but ten.
        let full = random_graph(300, 44_850, 1);
        assert_eq!(full.edge_count(), 44_850);
        let almost = random_graph(300, 44_840, 1);
        assert_eq!(almost.edge_count(), 44_840);
        let sparse = random_graph(300, 900, 1);
        assert_eq!(sparse.edge_count(), 900);
        assert_eq!(
            random_graph(300, 900, 1).edges().collect::<Vec<_>>(),
            sparse.edges().collect::<Vec<_>>()
        );
    }

    #[test]
    fn dense_blocks_are_complete_and_empty_ones_empty() {
        let g = planted_partition(&[4, 3], 1.0, 0.0, 1);
        assert_eq!(g.edge_count(), 6 + 3);
        assert_eq!(g.component_count(), 2);
        assert_eq!(
            g.nodes.label("block").map(|c| c.class_counts()),
            Some(vec![4, 3])
        );
    }

    #[test]
    fn expected_degrees_are_met() {
        let g = planted_partition(&[500; 4], 10.0 / 499.0, 2.0 / 1500.0, 3);
        let mean = 2.0 * g.edge_count() as f64 / g.node_count() as f64;
        assert!((mean - 12.0).abs() < 0.5, "mean degree {mean}");
        let block = g.nodes.label("block").expect("block column");
        let inside = g
            .edges()
            .filter(|&(u, v, _)| block.codes[u as usize] == block.codes[v as usize])
            .count();
        let frac = inside as f64 / g.edge_count() as f64;
        assert!((frac - 10.0 / 12.0).abs() < 0.03, "inside fraction {frac}");
    }

    #[test]
    fn h13_4_has_the_published_degrees() {
        let g = nested(4, 4, 16, 13.0, 4.0, 1.0, 1);
        assert_eq!(g.node_count(), 256);
        let mean = 2.0 * g.edge_count() as f64 / 256.0;
        assert!((mean - 18.0).abs() < 1.0, "mean degree {mean}");
        assert_eq!(g.nodes.label("group").map(|c| c.classes.len()), Some(4));
        assert_eq!(g.nodes.label("subgroup").map(|c| c.classes.len()), Some(16));
        assert_eq!(
            g,
            nested(4, 4, 16, 13.0, 4.0, 1.0, 1),
            "deterministic for a seed"
        );
        assert_ne!(g, nested(4, 4, 16, 13.0, 4.0, 1.0, 2));
    }
}
