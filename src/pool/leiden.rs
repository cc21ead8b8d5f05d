//! Leiden (Traag, Waltman, van Eck, Sci. Rep. 2019) as a coarsener: Louvain with a refinement
//! before each aggregation, so no community is internally disconnected. Not learned, a second
//! reference beside Louvain; its refined partitions nest and are the levels.
//!
//! - Select: Louvain's local moving, then inside each community a refinement from singletons
//!   (a node well connected to the rest of its community joins a well-connected refined
//!   community of non-negative gain, chosen at random, nearly always the best); the graph of
//!   refined communities is the next level's, each starting in its moved community. Rounds
//!   repeat from the last partition until one changes nothing. The last round's last levels
//!   are the ones asked for; the top is Leiden's final partition.
//! - Reduce: `X' = Sᵀ X` averaged by cluster size.
//! - Connect: `A' = Sᵀ A S`.

use super::fixed::FixedLevel;
use super::fixed_layer::FixedLayer;
use super::louvain::{Louvain, MAX_DENSE_ENTRIES, hard, split};
use super::options::Options;
use super::pooler::{Card, Counts, Layer, LayerSetup, Learning, Pooler};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

/// The `levels` coarsest of Leiden's levels (see [`super::louvain::levels`]).
pub fn levels(a: &Csr, levels: usize, seed: u64) -> Vec<(Vec<u32>, usize)> {
    let passes = crate::graph::leiden_passes(a, seed);
    split(passes, a.node_count(), levels, MAX_DENSE_ENTRIES)
}

pub struct Leiden;

impl Pooler for Leiden {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }

    /// Louvain's, and a refinement that holds a few vectors per node more.
    fn peak_floats(&self, n: usize, arcs: usize, k: usize) -> f64 {
        Louvain.peak_floats(n, arcs, k) + 8.0 * n as f64
    }

    fn counts(&self) -> Counts {
        Counts::Own
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, _: &Options) -> Vec<FixedLevel> {
        hard(levels(raw, ks.len(), seed))
    }

    fn idle_reason(&self, _: &str) -> String {
        "Leiden is not learned: Louvain's moves, refined so every community is connected, in \
         one pass before training; a reference the learned methods' modularity is read against"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "Leiden found {got} communities where modularity stops rising ({asked} were asked \
             for: Leiden chooses its own counts, only the number of levels is used)"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Louvain's local moving, then a refinement inside each community: from singletons, a node well connected to the rest of its community joins a well-connected refined community with gain w_vC - k_v K_C / 2m >= 0 (chosen at random, weight exp(gain / 0.01)); the graph of refined communities is the next level's; rounds repeat from the last partition until one changes nothing. The last levels are the ones asked for, the top Leiden's final partition. Not learned.",
            reduce: "X' = the members' mean",
            connect: "A' = S^T A S (edges between communities summed)",
            losses: &[],
            failure: "Blind to features and labels, as Louvain; modularity's resolution limit merges small communities in big graphs. Rounds are repeated from the last partition until one changes nothing (at most 10), so it costs a few Louvain runs: on a 10,000-node planted partition of 20 blocks it reaches 0.745 where Louvain stops at 0.662 (igraph's Leiden 0.749), on 100,000 nodes 0.772 (igraph 0.780). Its levels are the last round's refined communities, finer than Louvain's passes, so a first level may be composed into the next on big graphs.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_into_leiden_s_partition_with_every_community_connected() {
        let g = crate::generate::generate("sbm:n=600,k=6,din=10,dout=1,seed=3").expect("spec");
        let a = g.adjacency();
        let (flat, k) = crate::graph::leiden(a, 0);
        let two = levels(a, 2, 0);
        assert_eq!(two.len(), 2);
        let composed: Vec<u32> = two[0].0.iter().map(|&c| two[1].0[c as usize]).collect();
        assert_eq!(composed, flat);
        assert_eq!(two[1].1, k);
        let truth = &g.nodes.label("block").expect("labels").codes;
        let nmi = crate::metrics::nmi(truth, &flat);
        assert!(nmi > 0.95, "NMI {nmi}");
    }
}
