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

use super::dense::{LogitsLayer, SOFT_CONNECT, SOFT_REDUCE};
use super::losses::just_balance;
use super::output::Pooled;
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let losses = vec![("just_balance", just_balance(t, s))];
    Pooled::soft(t, adj, h, s, losses)
}

/// Identity features stop here (`n x n` values; spectral above).
const IDENTITY_UP_TO: usize = 5_000;

pub struct JustBalance;

impl Pooler for JustBalance {
    fn learning(&self) -> Learning {
        Learning::Alone
    }

    /// Restarts, measured with seeds 0-4: the worst NMI on `sbm:n=600,k=6,din=10,dout=2,seed=7`
    /// rose from 0.815 to 0.923 (football, K = 12: 0.806 to 0.794).
    fn restarts(&self) -> bool {
        true
    }

    /// Twice the usual width, measured with seeds 0-4 and restarts: the worst NMI on football
    /// with one level of 12 rose from 0.846 to 0.870, on two planted partitions
    /// (`sbm:n=600,k=6,din=10,dout=2`, seeds 3 and 11) from 0.954 to 0.969; a run takes about
    /// half as long again. Its clusters come from the features' smoothing alone, and a wider
    /// layer keeps more directions of it apart.
    fn default_hidden(&self) -> usize {
        64
    }

    /// JustBalance has no term that looks at the edges, so its clusters come from how the
    /// message passing smooths the features: smoothed identity features separate a planted
    /// partition (NMI 0.995 on `sbm:n=600,k=6`), while the spectral ones, already smooth,
    /// leave its balance loss free to cut anywhere (0.65).
    fn prefers_identity_features(&self, n: usize) -> bool {
        n <= IDENTITY_UP_TO
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        LogitsLayer::plain(setup, params, rng, pool)
    }

    fn card(&self) -> Card {
        Card {
            select: "S = softmax(MLP(X)).",
            reduce: SOFT_REDUCE,
            connect: SOFT_CONNECT,
            losses: &[(
                "just_balance",
                "-Tr(sqrt(S^T S)) / sqrt(N K)  (element-wise root: balance only)",
            )],
            failure: "No term looks at the edges: the clusters are only as good as the message passing's smoothing of the features. With features that do not vary along the graph it balances nodes into arbitrary groups.",
        }
    }
}
