//! The layer the dense, learned methods share: a linear head turns each node's embedding into
//! K assignment logits, and the method's own function pools with them (its softmax, losses,
//! reduce and connect). Also the words the dense methods share on their cards.

use super::output::Pooled;
use super::pooler::{Layer, LayerInput, LayerSetup};
use crate::autodiff::{Adjacency, Tape, Var};
use crate::nn::{Linear, ParamStore};
use crate::numeric::rng::Rng;

/// How a dense method pools, given its logits.
type PoolFn = dyn Fn(&mut Tape, &LayerInput<'_>, Var) -> Pooled + Send + Sync;

/// A linear head of `hidden x k` (`level{l}.assign`) and the method's pooling.
pub struct LogitsLayer {
    head: Linear,
    pool: Box<PoolFn>,
}

impl LogitsLayer {
    /// The layer, boxed for the model.
    pub fn boxed(
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
        pool: impl Fn(&mut Tape, &LayerInput<'_>, Var) -> Pooled + Send + Sync + 'static,
    ) -> Box<dyn Layer> {
        Box::new(Self {
            head: Linear::new(&setup.name("assign"), setup.hidden, setup.k, params, rng),
            pool: Box::new(pool),
        })
    }
}

impl LogitsLayer {
    /// The layer of a method whose pooling reads only the adjacency, the embeddings and the
    /// logits.
    pub fn plain(
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
        pool: fn(&mut Tape, &Adjacency, Var, Var) -> Pooled,
    ) -> Box<dyn Layer> {
        Self::boxed(setup, params, rng, move |t, i, logits| {
            pool(t, i.adj, i.h, logits)
        })
    }
}

impl Layer for LogitsLayer {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        let logits = self.head.forward(t, p, input.h);
        (self.pool)(t, input, logits)
    }
}

/// The card's reduce and connect of the methods that pool with `Pooled::soft`.
pub const SOFT_REDUCE: &str = "X' = S^T X";
pub const SOFT_CONNECT: &str = "A' = S^T A S, diagonal zeroed, then D'^(-1/2) A' D'^(-1/2)";
