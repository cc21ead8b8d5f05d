//! Edge contraction pooling (Diehl, "Edge Contraction Pooling for Graph Neural Networks",
//! 2019), as PyG's `EdgePooling` and torch-geometric-pool 1.0's `EdgeContractionPooling`.
//!
//! - Select: each edge `i → j` scores `σⱼ(w·[xᵢ ‖ xⱼ] + b) + 1/2`, the softmax taken over the
//!   edges into `j`; edges are contracted greedily, best first, each node in at most one
//!   contraction per round; unmatched nodes stay alone with score 1. Rounds repeat on the
//!   pooled graph (same weights, pooled features) until at most K remain.
//! - Reduce: `X'` = the sum of the merged nodes' features times the contracted edge's score
//!   (which is how the scores learn, through a task's loss).
//! - Connect: `A' = Sᵀ A S`.
//!
//! There is no auxiliary loss: clustering alone pools the untrained scores once.

use super::output::{Assignment, Pooled};
use super::pooler::{Card, Counts, Layer, LayerInput, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Csr;
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// One contraction round on `adj` with features `h`: clusters, their count, pooled features.
fn contract(t: &mut Tape, a: &Csr, h: Var, w: Var, b: Var) -> (Vec<u32>, usize, Var) {
    let n = a.node_count();
    let edges: Vec<(usize, usize)> = a
        .iter()
        .filter(|e| e.0 != e.1)
        .map(|(i, j, _)| (i as usize, j as usize))
        .collect();
    let e_count = edges.len();
    if e_count == 0 {
        return ((0..n as u32).collect(), n, h);
    }
    let src = Arc::new(edges.iter().map(|e| e.0).collect::<Vec<_>>());
    let dst = Arc::new(edges.iter().map(|e| e.1).collect::<Vec<_>>());
    let hs = t.gather_rows(h, src);
    let hd = t.gather_rows(h, dst.clone());
    let pair = t.concat_cols(hs, hd);
    let raw = t.matmul(pair, w);
    let raw = t.add(raw, b);
    // Softmax over the edges into each node.
    let score = super::edges::softmax_by_target(t, raw, &dst, n);
    let score = t.add_scalar(score, 0.5);
    // Greedy contraction, best edge first (ties by edge order).
    let values = t.value(score).column(0).to_vec();
    let mut order: Vec<usize> = (0..e_count).collect();
    order.sort_by(|&x, &y| values[y].total_cmp(&values[x]).then(x.cmp(&y)));
    let mut cluster = vec![u32::MAX; n];
    let mut chosen_edge: Vec<Option<usize>> = Vec::new();
    for e in order {
        let (i, j) = edges[e];
        if cluster[i] == u32::MAX && cluster[j] == u32::MAX {
            cluster[i] = chosen_edge.len() as u32;
            cluster[j] = cluster[i];
            chosen_edge.push(Some(e));
        }
    }
    for c in &mut cluster {
        if *c == u32::MAX {
            *c = chosen_edge.len() as u32;
            chosen_edge.push(None);
        }
    }
    let k = chosen_edge.len();
    let s = Mat::from_shape_fn((k, n), |(c, i)| f32::from(cluster[i] as usize == c));
    let s = t.constant(s);
    let summed = t.matmul(s, h);
    // Each cluster's factor: its edge's score, or 1 for a node left alone.
    let row = t.transpose(score);
    let one = t.constant(Mat::ones((1, 1)));
    let row = t.concat_cols(row, one);
    let factors = t.transpose(row);
    let pick = Arc::new(
        chosen_edge
            .iter()
            .map(|e| e.unwrap_or(e_count))
            .collect::<Vec<_>>(),
    );
    let factor = t.gather_rows(factors, pick);
    let x = t.mul(summed, factor);
    (cluster, k, x)
}

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, w: Var, b: Var, target: usize) -> Pooled {
    let mut a = adj.csr(t).as_ref().clone();
    let n = a.node_count();
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let (mut x, mut k) = (h, n);
    while k > target.max(1) {
        let (c, k2, x2) = contract(t, &a, x, w, b);
        if k2 >= k {
            break;
        }
        for v in &mut assign {
            *v = c[*v as usize];
        }
        a = crate::graph::contract(&a, &c, k2);
        (x, k) = (x2, k2);
    }
    let pooled = Adjacency::sparse(a);
    Pooled {
        assignment: Assignment::Hard {
            clusters: Arc::new(assign),
            k,
        },
        x,
        adj: pooled.clone(),
        raw_adj: pooled,
        losses: Vec::new(),
        reported: Vec::new(),
        objective: None,
    }
}

pub struct EdgePool;

/// The edge-score weights (`2h x 1`) and bias.
struct EdgeScores {
    w: ParamId,
    b: ParamId,
}

impl Layer for EdgeScores {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(t, input.adj, input.h, p[self.w.0], p[self.b.0], input.k)
    }
}

impl Pooler for EdgePool {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
    }
    /// Its edge contractions grow faster than the arcs: about 15 floats per arc times the
    /// square root of the nodes (measured: 73 MB at 2,000 nodes, 2 GB at 20,000).
    fn peak_floats(&self, n: usize, arcs: usize, _k: usize) -> f64 {
        15.0 * arcs as f64 * (n as f64).sqrt()
    }

    fn counts(&self) -> Counts {
        Counts::AtMost
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        Box::new(EdgeScores {
            w: params.glorot(&setup.name("edge"), 2 * setup.hidden, 1, rng),
            b: params.zeros(&setup.name("edge_bias"), 1, 1),
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "EdgePool has no loss of its own: clustering alone, the untrained edge scores contract \
         the graph, one pass (choose the node task with a label column to train them)"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "asked for {asked} clusters, contraction gave {got}: each EdgePool round merges each \
             node at most once, at best halving the graph, stopping at the first round with at \
             most {asked}"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Each edge i->j scores softmax_j(w [x_i || x_j] + b) + 1/2; edges are contracted greedily, best first, each node at most once per round; rounds repeat until at most K remain.",
            reduce: "X' = (sum of the merged nodes' features) x the contracted edge's score",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "No loss of its own: clustering alone it contracts by the untrained scores, which is close to a random matching; it learns through a task only. Each round at most halves the graph.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contraction_merges_each_node_at_most_once_per_round() {
        let g = crate::generate::generate("ring:cliques=4,size=5").expect("spec");
        let adj = Adjacency::sparse(g.adjacency().clone());
        let mut t = Tape::new();
        let h = t.constant(crate::autodiff::gradcheck::random(20, 3, -1.0, 1.0, 1));
        let w = t.constant(crate::autodiff::gradcheck::random(6, 1, -1.0, 1.0, 2));
        let b = t.constant(Mat::zeros((1, 1)));
        let (c, k, x) = contract(&mut t, g.adjacency(), h, w, b);
        assert!((10..20).contains(&k), "{k} clusters from 20 nodes");
        let mut sizes = vec![0; k];
        for &v in &c {
            sizes[v as usize] += 1;
        }
        assert!(sizes.iter().all(|&s| s == 1 || s == 2));
        assert_eq!(t.shape(x), (k, 3));
        let p = pool(&mut t, &adj, h, w, b, 4);
        let Assignment::Hard { k, .. } = p.assignment else {
            panic!("hard")
        };
        assert!((2..=4).contains(&k), "{k}");
    }
}
