//! Graclus-style heavy-edge matching (Dhillon, Guan, Kulis, TPAMI 2007; the coarsening of
//! METIS and of `torch_geometric.nn.graclus`): not learned.
//!
//! - Select: visit nodes in a seeded random order; each unmatched node joins its unmatched
//!   neighbour with the heaviest normalised edge `w_ij (1/d_i + 1/d_j)`, or stays alone.
//!   Repeated on the coarsened graph until at most `target` clusters remain (or nothing merges).
//! - Reduce: `X' = Sᵀ X` averaged by cluster size.
//! - Connect: `A' = Sᵀ A S`.
//!
//! Cost is linear in the edges per round, so this is also how graphs too big to train on are
//! coarsened for viewing.

use super::fixed::{FixedLevel, level_by_level};
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Counts, Layer, LayerSetup, Learning, Pooler};
use crate::graph::{Csr, contract, heavy_edge_matching};
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

/// Matches repeatedly until at most `target` clusters remain; returns each node's cluster and
/// the cluster count.
pub fn coarsen_to(a: &Csr, target: usize, seed: u64) -> (Vec<u32>, usize) {
    let mut rng = Rng::new(seed);
    let n = a.node_count();
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let mut current = a.clone();
    let mut k = n;
    while k > target.max(1) {
        let (c, k2) = heavy_edge_matching(&current, &mut rng);
        if k2 == k {
            break;
        }
        // Merge no further than needed: undo matches beyond the target is not possible in one
        // round, so a round may overshoot below `target` by at most half.
        for x in &mut assign {
            *x = c[*x as usize];
        }
        current = contract(&current, &c, k2);
        k = k2;
    }
    (assign, k)
}

pub struct Graclus;

impl Pooler for Graclus {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }

    fn counts(&self) -> Counts {
        Counts::AtMost
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, _: &Options) -> Vec<FixedLevel> {
        level_by_level(raw, ks, seed, |a, k, seed| {
            let (c, got) = coarsen_to(a, k, seed);
            FixedLevel::Hard {
                clusters: std::sync::Arc::new(c),
                k: got,
            }
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "Graclus is not learned: heavy-edge matching coarsens the graph in one pass, so there \
         is nothing to train (the cluster counts follow from the matching, which about halves \
         the graph per round)"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "asked for {asked} clusters, matching gave {got}: each Graclus round pairs nodes and \
             about halves the graph, stopping at the first round with at most {asked}"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Greedy heavy-edge matching: each unmatched node joins its unmatched neighbour with the heaviest w(1/d_i + 1/d_j); repeated to reach K.",
            reduce: "X' = mean of the members' features",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "Not learned: clusters follow edge weights only, and each round at most halves the graph, so K is reached only approximately.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarsens_a_big_graph_to_a_target() {
        let g = crate::generate::generate("sbm:n=2000,k=8,din=10,dout=2,seed=1").expect("spec");
        let (assign, k) = coarsen_to(g.adjacency(), 50, 3);
        assert!((10..=50).contains(&k), "{k}");
        assert_eq!(assign.len(), 2000);
        assert!(assign.iter().all(|&c| (c as usize) < k));
    }
}
