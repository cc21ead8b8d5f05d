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

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let st = t.transpose(s);
    let x = t.matmul(st, h);
    let a = pooled(t, adj, s);
    let losses = vec![
        ("diffpool_link", diffpool_link(t, adj, s)),
        ("diffpool_entropy", diffpool_entropy(t, s)),
    ];
    Pooled {
        assignment: Assignment::Soft(s),
        x,
        adj: Adjacency::Dense(a),
        raw_adj: Adjacency::Dense(a),
        losses,
        reported: Vec::new(),
    }
}
