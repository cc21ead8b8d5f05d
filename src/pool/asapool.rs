//! ASAPool (Ranjan, Sanyal, Talukdar, "ASAP: Adaptive Structure Aware Pooling for Learning
//! Hierarchical Graph Representations", AAAI 2020), as torch-geometric-pool 1.0's
//! `ASAPooling` with its defaults (no intra-cluster GNN, sigmoid scores, no dropout).
//!
//! - Select: every node `i` heads a cluster of its neighbourhood `N(i) ∪ {i}` (self-loops
//!   added). Master2Token attention: `m_i = W max_{j ∈ N(i)} x_j + b`, `e_ij =
//!   LeakyReLU_0.2(a · [m_i ‖ x_j] + c)`, `α_ij` its softmax over `j`, and the cluster's
//!   feature `x̂_i = Σ_j α_ij x_j`. The clusters' fitness is a one-channel LEConv on them,
//!   `φ_i = Σ_j a_ij (w₁·x̂_j + b₁ − w₂·x̂_i) + w₃·x̂_i + b₃`; the `⌈ratio · N⌉` best by
//!   `σ(φ)` are kept.
//! - Reduce: `X' = X̂[idx] ⊙ σ(φ[idx])`.
//! - Connect: `A' = A[idx, idx]`, self-loops removed. (tgp's connect; PyG's `ASAPooling`
//!   and the paper instead connect kept clusters through their members, `Sᵀ Â S` with the
//!   attention as `S`.)
//!
//! No auxiliary loss: like TopK and SAGPool it learns only through a task's loss.

use super::edges::{group_sum, softmax_by_target};
use super::output::Pooled;
use super::pooler::{Card, Keeps, Layer, LayerInput, LayerSetup, Learning, Pooler};
use super::topk::pool_with_gate;
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Sparse, Tape, Var};
use crate::graph::Csr;
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// The operator's weights on the tape, for features of width `h`.
pub struct Weights {
    /// `h x h` and `1 x h`: the master query's linear map.
    pub lin: (Var, Var),
    /// `2h x 1` and `1 x 1`: the attention.
    pub att: (Var, Var),
    /// LEConv's three maps, `h x 1` each (the first and third with a `1 x 1` bias).
    pub le1: (Var, Var),
    pub le2: Var,
    pub le3: (Var, Var),
}

/// The level's adjacency with every missing self-loop added at weight 1.
fn with_self_loops(t: &Tape, adj: &Adjacency) -> Csr {
    let a = adj.csr(t);
    let n = a.node_count();
    let mut trip: Vec<(u32, u32, f32)> = a.iter().collect();
    let mut has = vec![false; n];
    for &(i, j, _) in &trip {
        if i == j {
            has[i as usize] = true;
        }
    }
    trip.extend(
        (0..n as u32)
            .filter(|&i| !has[i as usize])
            .map(|i| (i, i, 1.0)),
    );
    Csr::from_triplets(n, &trip)
}

/// The clusters' features `X̂` and their fitness `φ` (`n x 1`, before the sigmoid).
pub fn clusters(t: &mut Tape, adj: &Adjacency, x: Var, w: &Weights) -> (Var, Var) {
    let a = with_self_loops(t, adj);
    let n = a.node_count();
    // Edges j → i, grouped by the target i (PyG's edge_index[1]).
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for (i, j, _) in a.iter() {
        dst.push(i as usize);
        src.push(j as usize);
    }
    let (src, dst) = (Arc::new(src), Arc::new(dst));
    let master = t.neighbour_max(x, &a);
    let master = t.matmul(master, w.lin.0);
    let master = t.add(master, w.lin.1);
    let mq = t.gather_rows(master, dst.clone());
    let xj = t.gather_rows(x, src);
    let pair = t.concat_cols(mq, xj);
    let e = t.matmul(pair, w.att.0);
    let e = t.add(e, w.att.1);
    // LeakyReLU with slope 0.2: 0.2 e + 0.8 relu(e).
    let pos = t.relu(e);
    let pos = t.scale(pos, 0.8);
    let neg = t.scale(e, 0.2);
    let e = t.add(pos, neg);
    let alpha = softmax_by_target(t, e, &dst, n);
    let weighted = t.mul(xj, alpha);
    let xhat = group_sum(t, weighted, &dst, n);
    // LEConv: Σ_j a_ij (u_j − v_i) + r_i = Â u − deg ⊙ v + r.
    let degree = Mat::from_shape_fn((n, 1), |(i, _)| a.weighted_degree(i));
    let hat = Sparse::new(a);
    let u = t.matmul(xhat, w.le1.0);
    let u = t.add(u, w.le1.1);
    let u = t.spmm(&hat, u);
    let v = t.matmul(xhat, w.le2);
    let v = t.mul_const(v, Arc::new(degree));
    let r = t.matmul(xhat, w.le3.0);
    let r = t.add(r, w.le3.1);
    let phi = t.sub(u, v);
    (xhat, t.add(phi, r))
}

pub fn pool(t: &mut Tape, adj: &Adjacency, x: Var, w: &Weights, ratio: f32) -> Pooled {
    let (xhat, phi) = clusters(t, adj, x, w);
    let gate = t.sigmoid(phi);
    pool_with_gate(t, adj, xhat, gate, ratio)
}

pub struct AsaPool;

/// The query map, attention and LEConv weights, in [`Weights`] order.
struct Asap([ParamId; 9]);

impl Layer for Asap {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        let v = |k: usize| p[self.0[k].0];
        let w = Weights {
            lin: (v(0), v(1)),
            att: (v(2), v(3)),
            le1: (v(4), v(5)),
            le2: v(6),
            le3: (v(7), v(8)),
        };
        pool(t, input.adj, input.h, &w, input.ratio)
    }
}

impl Pooler for AsaPool {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
    }
    /// Its attention over each node's neighbourhood: about 300 floats per arc (measured: 29 MB
    /// for 2,000 nodes and 24,000 arcs).
    fn peak_floats(&self, n: usize, arcs: usize, k: usize) -> f64 {
        300.0 * arcs as f64 + 4.0 * n as f64 * k as f64
    }

    fn keeps(&self) -> Keeps {
        Keeps::Selected
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        let h = setup.hidden;
        let name = |part: &str| setup.name(&format!("asap.{part}"));
        Box::new(Asap([
            params.glorot(&name("lin"), h, h, rng),
            params.zeros(&name("lin_b"), 1, h),
            params.glorot(&name("att"), 2 * h, 1, rng),
            params.zeros(&name("att_b"), 1, 1),
            params.glorot(&name("le1"), h, 1, rng),
            params.zeros(&name("le1_b"), 1, 1),
            params.glorot(&name("le2"), h, 1, rng),
            params.glorot(&name("le3"), h, 1, rng),
            params.zeros(&name("le3_b"), 1, 1),
        ]))
    }

    fn card(&self) -> Card {
        Card {
            select: "Each node heads a cluster of its neighbourhood (self-loops added): Master2Token attention, m_i = W max_j x_j, alpha_ij = softmax_j LeakyReLU(a . [m_i || x_j]), x^_i = sum_j alpha_ij x_j. A one-channel LEConv on x^ scores the clusters' fitness; the ceil(ratio N) best by sigmoid(score) are kept.",
            reduce: "X' = X^[idx] * sigmoid(score[idx])",
            connect: "A' = A[idx, idx] (torch-geometric-pool's; the paper and PyG connect the clusters through their members, S^T A S)",
            losses: &[],
            failure: "No loss of its own: clustering alone it keeps the clusters its untrained scores like; it learns through a node or graph task. Neighbouring clusters overlap, so the kept nodes' clusters cover some nodes twice and others not at all, and the kept induced graph can fall apart.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_follow_the_equations_on_a_path() {
        // Path 0-1-2, features 1-d: x = [1, 2, 4]; all weights 1, biases 0 except where said.
        let a = Csr::from_triplets(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)]);
        let adj = Adjacency::sparse(a);
        let mut t = Tape::new();
        let x = t.constant(Mat::from_shape_vec((3, 1), vec![1.0, 2.0, 4.0]).unwrap());
        let one = |t: &mut Tape, r, c| t.constant(Mat::ones((r, c)));
        let zero = |t: &mut Tape| t.constant(Mat::zeros((1, 1)));
        let w = Weights {
            lin: (one(&mut t, 1, 1), zero(&mut t)),
            att: (one(&mut t, 2, 1), zero(&mut t)),
            le1: (one(&mut t, 1, 1), zero(&mut t)),
            le2: one(&mut t, 1, 1),
            le3: (one(&mut t, 1, 1), zero(&mut t)),
        };
        let (xhat, phi) = clusters(&mut t, &adj, x, &w);
        // Node 0: N = {0, 1}, master = max(1, 2) = 2, e_0j = 2 + x_j = 3, 4 → α = softmax.
        let (e0, e1) = (3f32.exp(), 4f32.exp());
        let x0 = (e0 * 1.0 + e1 * 2.0) / (e0 + e1);
        assert!((t.value(xhat)[[0, 0]] - x0).abs() < 1e-5);
        // Node 1: N = {0, 1, 2}, master 4, e = 5, 6, 8.
        let (a, b, c) = (5f32.exp(), 6f32.exp(), 8f32.exp());
        let x1 = (a * 1.0 + b * 2.0 + c * 4.0) / (a + b + c);
        assert!((t.value(xhat)[[1, 0]] - x1).abs() < 1e-5);
        // φ_0 = (x̂_0 + x̂_1) − 2 x̂_0 + x̂_0 = x̂_1 (degree 2 with the self-loop).
        assert!((t.value(phi)[[0, 0]] - x1).abs() < 1e-4);
    }
}
