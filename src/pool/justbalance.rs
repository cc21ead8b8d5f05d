//! JustBalance (Bianchi, "Simplifying Clustering with Graph Neural Networks", NLDL 2023), as
//! torch-geometric-pool 1.0's `JustBalancePooling`.
//!
//! - Select: `S = softmax(MLP(X))`.
//! - Reduce: `X' = Sᵀ X`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//! - Loss: balance only, `−Tr(√(SᵀS)) / √(NK)` (element-wise root). The paper's point: the
//!   message passing already smooths features within communities, so a cut term is not
//!   needed; the balance term alone keeps the clusters from collapsing. The clusters are
//!   therefore only as good as the features' smoothness over the graph.

use super::adjacency::{Adjacency, normalise_pooled, pooled};
use super::losses::just_balance;
use super::output::{Assignment, Pooled};
use crate::autodiff::{Tape, Var};

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let st = t.transpose(s);
    let x = t.matmul(st, h);
    let raw = pooled(t, adj, s);
    let norm = normalise_pooled(t, raw);
    Pooled {
        assignment: Assignment::Soft(s),
        x,
        adj: Adjacency::Dense(norm),
        raw_adj: Adjacency::Dense(raw),
        losses: vec![("just_balance", just_balance(t, s))],
        reported: Vec::new(),
        objective: None,
    }
}
