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

use super::adjacency::Adjacency;
use super::losses::just_balance;
use super::output::Pooled;
use crate::autodiff::{Tape, Var};

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let losses = vec![("just_balance", just_balance(t, s))];
    Pooled::soft(t, adj, h, s, losses)
}
