//! DiffPool (Ying et al., "Hierarchical Graph Representation Learning with Differentiable
//! Pooling", NeurIPS 2018), as `torch_geometric.nn.dense_diff_pool`.
//!
//! - Select: `S = softmax(logits)`, logits from a GNN/linear head on the level's embeddings.
//! - Reduce: `X' = Sᵀ H`.
//! - Connect: `A' = Sᵀ A S`.
//! - Losses: link `‖A − SSᵀ‖_F / N²`, entropy `mean −Σ S log S`.

use super::adjacency::pooled;
use super::dense::LogitsLayer;
use super::losses::{diffpool_entropy, diffpool_link};
use super::output::{Assignment, Pooled};
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

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

pub struct DiffPool;

impl Pooler for DiffPool {
    fn learning(&self) -> Learning {
        Learning::Alone
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        LogitsLayer::boxed(setup, params, rng, |t, i, logits| {
            pool(t, i.adj, i.h, logits, i.unsupervised)
        })
    }

    fn card(&self) -> Card {
        Card {
            select: "S = softmax(GNN(X, A)): every node spreads over K clusters.",
            reduce: "X' = S^T X",
            connect: "A' = S^T A S",
            losses: &[
                ("diffpool_link", "||A - S S^T||_F / N^2"),
                (
                    "diffpool_entropy",
                    "mean over nodes of -sum_k  S_ik log S_ik",
                ),
            ],
            failure: "Soft, near-uniform rows make every pooled feature the same. Clustering alone, PyG's link loss (divided by N^2) is too small beside the entropy and the assignment hardens into a few clusters, so poolscope trains on N^2 times it, as torch-geometric-pool does; the value shown is PyG's.",
        }
    }
}
