//! SAGPool (Lee, Lee, Kang, "Self-Attention Graph Pooling", ICML 2019), as
//! `torch_geometric.nn.SAGPooling` with a GCN scorer.
//!
//! - Select: `y = tanh(GCN₁(H, A))`, a one-channel GCN gives each node a score; keep the
//!   `⌈ratio · N⌉` best.
//! - Reduce: `X' = H[idx] ⊙ y[idx]`.
//! - Connect: `A' = A[idx, idx]`.

use super::output::Pooled;
use super::pooler::{Card, Keeps, Layer, LayerInput, LayerSetup, Learning, Pooler};
use super::topk::pool_with_scores;
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
use crate::nn::{Conv, ConvKind, ParamStore};
use crate::numeric::rng::Rng;

/// `scores` is the one-channel GCN's output on `(H, A)`, computed by the model.
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, scores: Var, ratio: f32) -> Pooled {
    pool_with_scores(t, adj, h, scores, ratio)
}

pub struct SagPool;

/// The one-channel GCN that scores the nodes.
struct Scorer(Conv);

impl Layer for Scorer {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        let scores = self.0.forward(t, p, input.adj, input.ops, input.h);
        pool(t, input.adj, input.h, scores, input.ratio)
    }
}

impl Pooler for SagPool {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
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
        Box::new(Scorer(Conv::new(
            ConvKind::Gcn,
            &setup.name("score"),
            setup.hidden,
            1,
            params,
            rng,
        )))
    }

    fn card(&self) -> Card {
        Card {
            select: "y = tanh(GCN_1(X, A)): a one-channel GCN scores each node; keep the best ceil(ratio N).",
            reduce: "X' = X[idx] * y[idx]",
            connect: "A' = A[idx, idx]",
            losses: &[],
            failure: "As TopK: local selections and disconnected pooled graphs; the score sees the neighbourhood, so whole hubs' regions win.",
        }
    }
}
