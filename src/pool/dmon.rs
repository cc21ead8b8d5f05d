//! DMoN (Tsitsulin, Palowitch, Perozzi, Müller, "Graph Clustering with Graph Neural
//! Networks", JMLR 2023), as `torch_geometric.nn.DMoNPooling`.
//!
//! - Select: `S = softmax(MLP(H))`.
//! - Reduce: `X' = SELU(Sᵀ H)`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//! - Losses: spectral `−Tr(Sᵀ(A − ddᵀ/2m)S)/2m` (minus the soft modularity), cluster
//!   `√K ‖Σᵢ Sᵢ‖₂ / N − 1`; the orthogonality term `dmon_ortho` (MinCut's) is reported but
//!   not trained on, as torch-geometric-pool's coefficient 0 and PyG's example.

use super::adjacency::{normalise_pooled, pooled};
use super::dense::{LogitsLayer, SOFT_CONNECT};
use super::losses::{dmon_cluster, dmon_spectral, mincut_ortho};
use super::output::{Assignment, Pooled};
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, logits: Var) -> Pooled {
    let s = t.softmax_rows(logits);
    let st = t.transpose(s);
    let x = t.matmul(st, h);
    let x = t.selu(x);
    let raw = pooled(t, adj, s);
    let norm = normalise_pooled(t, raw);
    let losses = vec![
        ("dmon_spectral", dmon_spectral(t, adj, s)),
        ("dmon_cluster", dmon_cluster(t, s)),
    ];
    let reported = vec![("dmon_ortho", mincut_ortho(t, s))];
    Pooled {
        assignment: Assignment::Soft(s),
        x,
        adj: Adjacency::Dense(norm),
        raw_adj: Adjacency::Dense(raw),
        losses,
        reported,
        objective: None,
    }
}

pub struct DMoN;

impl Pooler for DMoN {
    fn learning(&self) -> Learning {
        Learning::Alone
    }

    fn restarts(&self) -> bool {
        true
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
            reduce: "X' = SELU(S^T X)",
            connect: SOFT_CONNECT,
            losses: &[
                (
                    "dmon_spectral",
                    "-Tr(S^T (A - d d^T/2m) S) / 2m  (minus the modularity)",
                ),
                ("dmon_cluster", "sqrt(K) ||sum_i  S_i||2 / N - 1"),
                (
                    "dmon_ortho",
                    "||S^TS/||S^TS||_F - I/sqrt(K)||_F  (shown, not trained on)",
                ),
            ],
            failure: "Without the cluster term it collapses like MinCut; with too strong a one it spreads nodes evenly whatever the graph says. At 15,000 nodes (an LFR graph of 181 planted communities, K = 181 then 60) its first level reaches modularity 0.559, 81% of Louvain's 0.688, and its second 0.674 (98%), in about 45 s here.",
        }
    }
}
