//! Asymmetric Cheeger cut pooling (Hansen & Bianchi, "Total Variation Graph Neural Networks",
//! ICML 2023), as torch-geometric-pool 1.0's `AsymCheegerCutPooling`.
//!
//! - Select: `S = softmax(MLP(X))`.
//! - Reduce: `X' = Sᵀ X`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//! - Losses: graph total variation `Σᵢⱼ aᵢⱼ ‖Sᵢ − Sⱼ‖₁ / 2E` (an ℓ1 cut: sharp boundaries
//!   rather than MinCut's smooth ones) and the asymmetric norm `1 − Σₖ ‖S:ₖ − quant(S:ₖ)‖_ρ /
//!   N(K−1)`, which is 0 when every cluster holds N/K nodes and 1 when the assignment is
//!   constant. tgp's own runs on planted partitions often settle on fewer clusters than K.

use super::adjacency::Adjacency;
use super::losses::{acc_asym_norm, acc_totvar};
use super::output::Pooled;
use crate::autodiff::{Tape, Var};

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let losses = vec![
        ("acc_totvar", acc_totvar(t, adj, s)),
        ("acc_asym_norm", acc_asym_norm(t, s)),
    ];
    Pooled::soft(t, adj, h, s, losses)
}
