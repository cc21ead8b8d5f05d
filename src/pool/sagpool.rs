//! SAGPool (Lee, Lee, Kang, "Self-Attention Graph Pooling", ICML 2019), as
//! `torch_geometric.nn.SAGPooling` with a GCN scorer.
//!
//! - Select: `y = tanh(GCN₁(H, A))`, a one-channel GCN gives each node a score; keep the
//!   `⌈ratio · N⌉` best.
//! - Reduce: `X' = H[idx] ⊙ y[idx]`.
//! - Connect: `A' = A[idx, idx]`.

use super::adjacency::Adjacency;
use super::output::Pooled;
use super::topk::pool_with_scores;
use crate::autodiff::{Tape, Var};

/// `scores` is the one-channel GCN's output on `(H, A)`, computed by the model.
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, scores: Var, ratio: f32) -> Pooled {
    pool_with_scores(t, adj, h, scores, ratio)
}
