//! ClusterPooling (Roy, Demeester, Develder et al., "Edge-Based Graph Component Pooling",
//! 2024, arXiv:2409.11856), as PyG 2.8's `ClusterPooling`.
//!
//! - Select: every edge `i → j` (self-loops aside) scores `eᵢⱼ = act(w·[xᵢ ‖ xⱼ] + b)`, with
//!   `act` a tanh (the default), a sigmoid, or a log-softmax over all edges. The edges scoring
//!   above the threshold (0.5 for the sigmoid, 0 otherwise: PyG's automatic one) are
//!   contracted, and the clusters are the connected components they form, direction aside,
//!   numbered by their smallest node. The count is the scores', not K's.
//! - Reduce: `X' = (S C)ᵀ X` with `Sᵢⱼ = eᵢⱼ` on every edge and `Sᵢᵢ = 1` for a node that no
//!   contracted edge touches, `C` the one-hot clusters: each edge into a cluster carries its
//!   source's features weighted by its score (so the scores learn through a task's loss).
//! - Connect: `A' = Cᵀ A C` with its diagonal zeroed (PyG keeps the pattern, poolscope the
//!   summed weights too).
//!
//! No auxiliary loss: clustering alone pools once with the untrained scores. With the
//! log-softmax every score is negative, so PyG's threshold of 0 contracts nothing.

use super::edges::group_sum;
use super::options::{OptionKind, OptionSpec};
use super::output::{Assignment, Pooled};
use super::pooler::{Card, Counts, Layer, LayerInput, LayerSetup, Learning, Pooler};
use crate::autodiff::{Adjacency, Tape, Var};
use crate::graph::Csr;
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// How raw edge scores become scores.
pub const EDGE_SCORE: OptionSpec = OptionSpec {
    name: "edge_score",
    label: "Edge score",
    help: "How raw edge scores become scores: tanh (contract above 0), sigmoid (above 0.5) or log_softmax over all edges (above 0: nothing contracts), as PyG's edge_score_method.",
    kind: OptionKind::Choice {
        default: "tanh",
        choices: &["tanh", "sigmoid", "log_softmax"],
    },
};

/// The scores of every edge (`E x 1`) and the threshold above which an edge contracts.
fn scores(t: &mut Tape, raw: Var, activation: &str) -> (Var, f32) {
    match activation {
        "sigmoid" => (t.sigmoid(raw), 0.5),
        "log_softmax" => {
            let row = t.transpose(raw);
            let l = t.log_softmax_rows(row);
            (t.transpose(l), 0.0)
        }
        _ => (t.tanh(raw), 0.0),
    }
}

/// The components of the contracted edges, numbered by their smallest node.
fn components(n: usize, contracted: &[(usize, usize)]) -> (Vec<u32>, usize) {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(i, j) in contracted {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut label = vec![u32::MAX; n];
    let mut cluster = vec![0u32; n];
    let mut k = 0u32;
    for (i, c) in cluster.iter_mut().enumerate() {
        let r = root(&mut parent, i);
        if label[r] == u32::MAX {
            label[r] = k;
            k += 1;
        }
        *c = label[r];
    }
    (cluster, k as usize)
}

/// One pooling step with edge-score weights `w` (`2h x 1`) and bias `b` (`1 x 1`).
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, w: Var, b: Var, activation: &str) -> Pooled {
    let a = adj.csr(t);
    let n = a.node_count();
    let edges: Vec<(usize, usize)> = a
        .iter()
        .filter(|&(i, j, w)| i != j && w != 0.0)
        .map(|(i, j, _)| (i as usize, j as usize))
        .collect();
    let src = Arc::new(edges.iter().map(|e| e.0).collect::<Vec<_>>());
    let dst = Arc::new(edges.iter().map(|e| e.1).collect::<Vec<_>>());
    let scored = (!edges.is_empty()).then(|| {
        let hs = t.gather_rows(h, src.clone());
        let hd = t.gather_rows(h, dst.clone());
        let pair = t.concat_cols(hs, hd);
        let raw = t.matmul(pair, w);
        let raw = t.add(raw, b);
        let (score, threshold) = scores(t, raw, activation);
        (hs, score, threshold)
    });
    let contracted: Vec<(usize, usize)> = match &scored {
        Some((_, score, threshold)) => {
            let values = t.value(*score);
            edges
                .iter()
                .zip(values.column(0))
                .filter(|(_, v)| **v > *threshold)
                .map(|(e, _)| *e)
                .collect()
        }
        None => Vec::new(),
    };
    let (cluster, k) = components(n, &contracted);
    let mut touched = vec![false; n];
    for &(i, j) in &contracted {
        touched[i] = true;
        touched[j] = true;
    }
    // X'_c = Σ over edges i → j with j in c of e_ij x_i, plus x_i for an untouched node i.
    let singles: Vec<usize> = (0..n).filter(|&i| !touched[i]).collect();
    let own = (!singles.is_empty()).then(|| {
        let groups: Vec<usize> = singles.iter().map(|&i| cluster[i] as usize).collect();
        let rows = t.gather_rows(h, Arc::new(singles));
        group_sum(t, rows, &groups, k)
    });
    let carried = scored.map(|(hs, score, _)| {
        let weighted = t.mul(hs, score);
        let groups: Vec<usize> = dst.iter().map(|&j| cluster[j] as usize).collect();
        group_sum(t, weighted, &groups, k)
    });
    let x = match (own, carried) {
        (Some(a), Some(b)) => t.add(a, b),
        (Some(a), None) | (None, Some(a)) => a,
        // No nodes at all: nothing to pool.
        (None, None) => h,
    };
    let contracted_graph = crate::graph::contract(&a, &cluster, k);
    let off_diagonal: Vec<(u32, u32, f32)> =
        contracted_graph.iter().filter(|e| e.0 != e.1).collect();
    let pooled = Adjacency::sparse(Csr::from_triplets(k, &off_diagonal));
    Pooled {
        assignment: Assignment::Hard {
            clusters: Arc::new(cluster),
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

pub struct ClusterPool;

/// The edge-score weights (`2h x 1`), the bias and the activation.
struct EdgeScores {
    w: ParamId,
    b: ParamId,
    activation: String,
}

impl Layer for EdgeScores {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(
            t,
            input.adj,
            input.h,
            p[self.w.0],
            p[self.b.0],
            &self.activation,
        )
    }
}

impl Pooler for ClusterPool {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
    }
    /// About 6 floats per arc times the square root of the nodes (measured: 28 MB at 2,000
    /// nodes, 583 MB at 20,000).
    fn peak_floats(&self, n: usize, arcs: usize, _k: usize) -> f64 {
        6.0 * arcs as f64 * (n as f64).sqrt()
    }

    fn counts(&self) -> Counts {
        Counts::Own
    }

    fn options(&self) -> &'static [OptionSpec] {
        &[EDGE_SCORE]
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        Box::new(EdgeScores {
            w: params.glorot(&setup.name("edge_score"), 2 * setup.hidden, 1, rng),
            b: params.zeros(&setup.name("edge_score_bias"), 1, 1),
            activation: EDGE_SCORE.choice(setup.options),
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "ClusterPooling has no loss of its own: clustering alone, the untrained edge scores \
         decide which edges contract, one pass (choose the node task with a label column to \
         train them)"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "ClusterPooling contracted the edges scoring above its threshold: their components \
             gave {got} clusters ({asked} were asked for: the scores, not K, decide the count)"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Each edge i->j scores e_ij = tanh(w [x_i || x_j] + b) (or a sigmoid, or a log-softmax over all edges); the edges above the threshold (0; 0.5 for the sigmoid) are contracted and the clusters are the components they form. The scores, not K, decide the count.",
            reduce: "X' = (S C)^T X: each edge into a cluster carries its source's features times its score; a node no contracted edge touches carries its own",
            connect: "A' = C^T A C, diagonal zeroed",
            losses: &[],
            failure: "No loss of its own: clustering alone the untrained scores decide, and one score above the threshold on each edge of a chain merges the whole chain, so a cluster can swallow the graph (or nothing merges). With the log-softmax every score is negative and PyG's threshold of 0 contracts nothing.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::Mat;

    /// Two 4-cliques joined by 3–4, a pendant 8 on 7; `x[i] = (1, i/8, (−1)^i)`.
    fn worked() -> (Adjacency, Mat) {
        let mut e = Vec::new();
        let mut link = |a: u32, b: u32| {
            e.push((a, b, 1.0));
            e.push((b, a, 1.0));
        };
        for (lo, hi) in [(0, 4), (4, 8)] {
            for a in lo..hi {
                for b in a + 1..hi {
                    link(a, b);
                }
            }
        }
        link(3, 4);
        link(7, 8);
        let x = Mat::from_shape_fn((9, 3), |(i, c)| match c {
            0 => 1.0,
            1 => i as f32 / 8.0,
            _ => {
                if i % 2 == 0 {
                    1.0
                } else {
                    -1.0
                }
            }
        });
        (Adjacency::sparse(Csr::from_triplets(9, &e)), x)
    }

    #[test]
    fn equals_pyg_on_the_worked_graph() {
        // scripts/pyg_clusterpool.py: PyG 2.8.1's ClusterPooling(3) with lin.weight =
        // [0.05, −8, 0.1, 0, 8, −0.05] and bias −1.25, i.e. e_ij = act(j − i − 1.2 + 0.1(−1)^i
        // − 0.05(−1)^j): positive on the edges that skip a node inside a clique.
        let pyg_tanh: [[f64; 3]; 3] = [
            [-5.0414896, -2.1895087, 2.2821856],
            [-5.3778648, -4.8363943, 2.6185606],
            [0.6636247, 0.7056716, 1.3363752],
        ];
        let pyg_sigmoid: [[f64; 3]; 3] = [
            [4.1369772, 0.4165668, 1.5034534],
            [4.5503592, 2.6400738, 1.0900704],
            [1.4133825, 1.3617097, 0.5866175],
        ];
        let (adj, x) = worked();
        for (activation, want) in [("tanh", pyg_tanh), ("sigmoid", pyg_sigmoid)] {
            let mut t = Tape::new();
            let h = t.constant(x.clone());
            let w = t.constant(
                Mat::from_shape_vec((6, 1), vec![0.05, -8.0, 0.1, 0.0, 8.0, -0.05]).expect("shape"),
            );
            let b = t.constant(Mat::from_elem((1, 1), -1.25));
            let p = pool(&mut t, &adj, h, w, b, activation);
            let Assignment::Hard { clusters, k } = &p.assignment else {
                panic!("hard clusters")
            };
            assert_eq!(clusters.as_slice(), &[0, 0, 0, 0, 1, 1, 1, 1, 2]);
            assert_eq!(*k, 3);
            let got = t.value(p.x);
            for (c, row) in want.iter().enumerate() {
                for (d, v) in row.iter().enumerate() {
                    assert!(
                        (f64::from(got[[c, d]]) - v).abs() < 1e-4,
                        "{activation} x'[{c}][{d}] = {} (PyG {v})",
                        got[[c, d]]
                    );
                }
            }
            // PyG's pooled edges: 0–1 and 1–2; the cliques' own edges fall on the diagonal.
            let a = p.adj.csr(&t);
            let pattern: Vec<(u32, u32)> = a.iter().map(|(i, j, _)| (i, j)).collect();
            assert_eq!(pattern, vec![(0, 1), (1, 0), (1, 2), (2, 1)]);
            assert_eq!(a.get(0, 1), 1.0);
        }
    }

    #[test]
    fn the_log_softmax_contracts_nothing_and_carries_pyg_s_features() {
        // PyG's output row for node 8 with the log-softmax: (−2.7736049, −2.3019042, 4.7736049).
        let (adj, x) = worked();
        let mut t = Tape::new();
        let h = t.constant(x);
        let w = t.constant(
            Mat::from_shape_vec((6, 1), vec![0.05, -8.0, 0.1, 0.0, 8.0, -0.05]).expect("shape"),
        );
        let b = t.constant(Mat::from_elem((1, 1), -1.25));
        let p = pool(&mut t, &adj, h, w, b, "log_softmax");
        assert_eq!(t.shape(p.x), (9, 3));
        let got = t.value(p.x);
        for (d, v) in [-2.7736049f64, -2.3019042, 4.7736049].iter().enumerate() {
            assert!((f64::from(got[[8, d]]) - v).abs() < 1e-4, "{}", got[[8, d]]);
        }
        assert!(
            (f64::from(got[[0, 0]]) + 19.1208153).abs() < 1e-3,
            "{}",
            got[[0, 0]]
        );
    }

    #[test]
    fn components_are_numbered_by_their_smallest_node() {
        let (c, k) = components(6, &[(5, 2), (4, 1), (2, 0)]);
        assert_eq!((c, k), (vec![0, 1, 0, 2, 1, 0], 3));
        assert_eq!(components(3, &[]), (vec![0, 1, 2], 3));
    }
}
