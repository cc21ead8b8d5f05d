//! MinCutPool (Bianchi, Grattarola, Alippi, "Spectral Clustering with Graph Neural Networks
//! for Graph Pooling", ICML 2020), as `torch_geometric.nn.dense_mincut_pool`.
//!
//! - Select: `S = softmax(logits / temperature)`.
//! - Reduce: `X' = Sᵀ H`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//! - Losses: cut `−Tr(SᵀAS)/Tr(SᵀDS)`, ortho `‖SᵀS/‖SᵀS‖_F − I/√K‖_F`.
//!
//! The window draws the raw `SᵀAS`: after normalisation a near-empty cluster's edges look as
//! heavy as any other.

use super::adjacency::Adjacency;
use super::losses::{mincut_cut, mincut_ortho};
use super::output::Pooled;
use crate::autodiff::{Tape, Var};

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var, temperature: f32) -> Pooled {
    let scaled = if temperature != 1.0 {
        t.scale(logits, 1.0 / temperature)
    } else {
        logits
    };
    let s = t.softmax_rows(scaled);
    let losses = vec![
        ("mincut_cut", mincut_cut(t, adj, s)),
        ("mincut_ortho", mincut_ortho(t, s)),
    ];
    Pooled::soft(t, adj, h, s, losses)
}
