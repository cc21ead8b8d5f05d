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

use super::dense::{LogitsLayer, SOFT_CONNECT, SOFT_REDUCE};
use super::losses::{mincut_cut, mincut_ortho};
use super::options::{OptionKind, OptionSpec, Options};
use super::output::Pooled;
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

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

/// The softmax temperature: below 1 sharper assignments, above 1 softer.
pub const TEMPERATURE: OptionSpec = OptionSpec {
    name: "temperature",
    label: "Temperature",
    help: "MinCut's softmax temperature: S = softmax(logits / temperature). 1 where labels give the count of classes, 0.1 on a graph without labels, where the count is about the square root of n and softer rows collapse.",
    kind: OptionKind::Float {
        default: 1.0,
        min: 0.01,
        max: 100.0,
    },
};

/// The temperature on a graph without labels, where K is about √n. There every row of S
/// starts near the uniform one, where the cut reads −1 and MinCut collapses: at temperature 1
/// on bare edge lists one cluster took every node of a 2,000-node LFR graph (K = 44), of
/// 3,000 nodes in 10 planted blocks (54), of a random 1,000-node graph (31) and of 15,000
/// nodes, LFR or 20 blocks (122). Sharper rows keep them apart: at 0.1 level 1 reaches 82%,
/// 64%, 89%, 70% and 106% of Louvain's modularity, and none of the samples collapsed; 0.3
/// still collapsed on two of those five (and gave 101% on the 3,000-node one: MinCut is
/// touchy about it).
pub const UNLABELLED_TEMPERATURE: f32 = 0.1;

/// The losses read `D^-1/2 A D^-1/2` (the Spektral example's input) instead of `A`.
pub const NORMALIZED: OptionSpec = OptionSpec {
    name: "normalized_adjacency",
    label: "Normalised adjacency",
    help: "Losses on the symmetric-normalised input adjacency D^-1/2 A D^-1/2 (as the Spektral example), not the raw one.",
    kind: OptionKind::Flag { default: false },
};

/// `D^-1/2 A D^-1/2` without self-loops (isolated nodes keep zero rows).
pub fn normalised(raw: &Csr) -> Csr {
    let n = raw.node_count();
    let d: Vec<f32> = (0..n).map(|i| raw.weighted_degree(i)).collect();
    let t: Vec<_> = raw
        .iter()
        .map(|(i, j, w)| {
            let s = (d[i as usize] * d[j as usize]).sqrt();
            (i, j, if s > 0.0 { w / s } else { 0.0 })
        })
        .collect();
    Csr::from_triplets(n, &t)
}

pub struct MinCut;

impl Pooler for MinCut {
    fn learning(&self) -> Learning {
        Learning::Alone
    }

    fn restarts(&self) -> bool {
        true
    }

    fn options(&self) -> &'static [OptionSpec] {
        &[TEMPERATURE, NORMALIZED]
    }

    fn unlabelled_options(&self) -> &'static [(OptionSpec, f32)] {
        &[(TEMPERATURE, UNLABELLED_TEMPERATURE)]
    }

    fn below_reference_note(&self, options: &Options) -> Option<String> {
        let t = TEMPERATURE.float(options);
        (t > 0.2).then(|| {
            format!(
                "at temperature {t} MinCut's rows start near uniform, where its cut loss reads \
                 its best and one cluster can take every node; try 0.1 (--option \
                 temperature=0.1, or mincut settings; the default without labels): on a \
                 2,000-node LFR graph (K = 44) 0% became 82%"
            )
        })
    }

    fn loss_adjacency(&self, raw: &Csr, options: &Options) -> Option<Csr> {
        NORMALIZED.flag(options).then(|| normalised(raw))
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        let temperature = TEMPERATURE.float(setup.options);
        LogitsLayer::boxed(setup, params, rng, move |t, i, logits| {
            pool(t, i.adj, i.h, logits, temperature)
        })
    }

    /// Where every row of S is the same the cut reads −1 and the orthogonality 1 whatever
    /// the row, and both are flat to first order in any move that tells rows apart; the
    /// level above a first MinCut level reads cluster means of ReLU features that share a
    /// large common part, so its rows start nearly alike and training drove them together:
    /// on football 12,4 (no restarts) the top level put every cluster in one on 5 of seeds
    /// 0–11. Standardised inputs start the rows apart: 1 of 12, and the nested SBM's top
    /// level NMI rose from 0.67–0.89 to 0.67–1.0.
    fn standardises_next_level(&self) -> bool {
        true
    }

    fn card(&self) -> Card {
        Card {
            select: "S = softmax(MLP(X) / temperature).",
            reduce: SOFT_REDUCE,
            connect: SOFT_CONNECT,
            losses: &[
                ("mincut_cut", "-Tr(S^T A S) / Tr(S^T D S)"),
                ("mincut_ortho", "||S^TS/||S^TS||_F - I/sqrt(K)||_F"),
            ],
            failure: "Collapse: one cluster takes everything and the cut loss reads a perfect -1; with one-hot features it happens on football and SBMs, and on graphs whose degrees follow a power law whatever the features and the size: LFR graphs of 1,000 nodes (K = 20; spectral, identity or degree features) and 15,000 (K = 20, 60 or 181, also at temperature 0.1) end with one cluster used, as torch-geometric-pool's MinCut does on the 1,000-node one (3 of 3 seeds), while a 15,000-node planted partition of even degrees is found (K = 20, NMI 0.998). Without labels K is about the square root of n and poolscope trains at temperature 0.1, where 1 collapsed on edge lists of 1,000 to 15,000 nodes: there a 15,000-node LFR graph (K = 122) reaches modularity 0.480, 70% of Louvain's 0.688, in 29 s, short of DMoN's 98%, astro-ph's co-authors 73%, and 20 planted blocks of 750 106%. DMoN holds on the LFR graphs (1,000 nodes: NMI 0.88). The normalised A' draws a near-empty cluster's edges at full weight, so the canvases draw the raw S^TAS.",
        }
    }
}
