//! Louvain (Blondel, Guillaume, Lambiotte, Lefebvre, J. Stat. Mech. 2008) as a coarsener: not
//! learned, a reference for the learned levels. Its passes are the levels.
//!
//! - Select: local moving: each node, in a seeded random order, joins the neighbouring
//!   community that raises modularity most (`(w_ic − tot_c·k_i/2m)/m`), until no move helps;
//!   each pass then works on the graph of the pass before's communities. Of its passes, the
//!   last ones give the levels asked for, so the top level is always Louvain's final
//!   partition (the one whose modularity the level titles quote as "Louvain").
//! - Reduce: `X' = Sᵀ X` averaged by cluster size.
//! - Connect: `A' = Sᵀ A S`.
//!
//! The graph decides the counts (Louvain stops where modularity stops rising): only the
//! number of levels is asked for. Linear-ish in the edges, so usable on big graphs.

use super::fixed::FixedLevel;
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Counts, Layer, LayerSetup, Learning, Pooler};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// Entries (`nodes x communities`) a level's assignment may have. A level is held as a dense
/// matrix, and Louvain's first pass on a sparse graph leaves many small communities (19,260
/// on a 100,000-node planted partition: a 7.7 GB matrix, 15 GB at the peak); such a pass is
/// composed into the next instead of being a level of its own.
pub const MAX_DENSE_ENTRIES: usize = 1 << 25;

/// The `levels` coarsest partitions of Louvain's passes, each of the level below's nodes
/// (the first of the graph's); fewer passes than levels leave the further levels unchanged.
/// A first level wider than [`MAX_DENSE_ENTRIES`] takes in the passes after it until it fits
/// (or is Louvain's final partition).
pub fn levels(a: &Csr, levels: usize, seed: u64) -> Vec<(Vec<u32>, usize)> {
    levels_within(a, levels, seed, MAX_DENSE_ENTRIES)
}

fn levels_within(a: &Csr, levels: usize, seed: u64, max_entries: usize) -> Vec<(Vec<u32>, usize)> {
    let passes = crate::graph::louvain_passes(a, seed);
    split(passes, a.node_count(), levels, max_entries)
}

/// The `levels` coarsest of `passes` (nested partitions, the first of `n` nodes), the first
/// level taking in the passes after it until it holds at most `max_entries`: Louvain's and
/// Leiden's levels alike.
pub(super) fn split(
    passes: Vec<(Vec<u32>, usize)>,
    n: usize,
    levels: usize,
    max_entries: usize,
) -> Vec<(Vec<u32>, usize)> {
    let mut out = Vec::new();
    if !passes.is_empty() {
        let mut split = passes.len().saturating_sub(levels.max(1));
        while split + 1 < passes.len() && n.saturating_mul(passes[split].1) > max_entries {
            split += 1;
        }
        // Level 1 is every pass up to the split composed: the graph's nodes into communities.
        let mut first: Vec<u32> = (0..n as u32).collect();
        let mut k = n;
        for (part, k2) in &passes[..=split] {
            for x in &mut first {
                *x = part[*x as usize];
            }
            k = *k2;
        }
        out.push((first, k));
        out.extend(passes[split + 1..].iter().cloned());
    }
    while out.len() < levels.max(1) {
        let k = out.last().map_or(n, |l| l.1);
        out.push(((0..k as u32).collect(), k));
    }
    out
}

/// Levels as hard assignments.
pub(super) fn hard(levels: Vec<(Vec<u32>, usize)>) -> Vec<FixedLevel> {
    levels
        .into_iter()
        .map(|(c, k)| FixedLevel::Hard {
            clusters: Arc::new(c),
            k,
        })
        .collect()
}

pub struct Louvain;

impl Pooler for Louvain {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }
    /// About 250 floats a node while its communities are few (measured: 14 MB at 5,000 nodes
    /// on a 16-block SBM), and a few copies of the widest level allowed
    /// ([`MAX_DENSE_ENTRIES`]); a lower bound only where Louvain's final partition alone is
    /// wider than that.
    fn peak_floats(&self, n: usize, _arcs: usize, _k: usize) -> f64 {
        250.0 * n as f64 + 4.0 * (MAX_DENSE_ENTRIES.min(n.saturating_mul(n))) as f64
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
        "Louvain is not learned: local moving and merging raise modularity until no move helps, \
         in one pass before training; it is the reference the learned methods' modularity is \
         read against"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "Louvain found {got} communities where modularity stops rising ({asked} were asked \
             for: Louvain chooses its own counts, only the number of levels is used)"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Local moving: each node joins the neighbouring community that raises modularity most, gain (w_ic - tot_c k_i / 2m) / m, until no move helps; then each community becomes a node and the next pass moves those. The last passes are the levels, the top one Louvain's final partition. Not learned; the counts are Louvain's.",
            reduce: "X' = the members' mean",
            connect: "A' = S^T A S (edges between communities summed)",
            losses: &[],
            failure: "Blind to features and labels: it finds the graph's densest groups, not the ones a task needs. Modularity's resolution limit merges small communities in big graphs; a pass can leave a community internally disconnected (Leiden's refinement fixes that).",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_the_last_passes_and_the_top_is_louvain_s_partition() {
        let g = crate::generate::generate("sbm:n=600,k=6,din=10,dout=1,seed=3").expect("spec");
        let a = g.adjacency();
        let (flat, k) = crate::graph::louvain(a, 0);
        let two = levels(a, 2, 0);
        assert_eq!(two.len(), 2);
        // Level 2's communities composed with level 1's are Louvain's final partition.
        let composed: Vec<u32> = two[0].0.iter().map(|&c| two[1].0[c as usize]).collect();
        assert_eq!(composed, flat);
        assert_eq!(two[1].1, k);
        let one = levels(a, 1, 0);
        assert_eq!(one[0], (flat, k), "one level: the final partition");
        // More levels than passes: the top repeats the last.
        let many = levels(a, 6, 0);
        assert_eq!(many.len(), 6);
        assert_eq!(many[5].1, k);
        // No edges, no passes: every node stays alone.
        let alone = levels(&Csr::empty(3), 2, 0);
        assert_eq!(alone, vec![(vec![0, 1, 2], 3), (vec![0, 1, 2], 3)]);
    }

    #[test]
    fn a_first_pass_too_wide_to_hold_is_composed_into_the_next() {
        // Sparse enough that the first pass leaves many small communities.
        let g = crate::generate::generate("sbm:n=2000,k=16,din=3,dout=1,seed=3").expect("spec");
        let a = g.adjacency();
        let passes = crate::graph::louvain_passes(a, 0);
        assert!(passes.len() >= 2, "{} passes", passes.len());
        let (flat, k) = crate::graph::louvain(a, 0);
        let fine = passes[passes.len() - 2].1;
        // Room for the fine pass: the last two passes, as before.
        let roomy = levels_within(a, 2, 0, 2000 * fine);
        assert_eq!(roomy[0].1, fine);
        // Too little room for it: level 1 is the final partition, and level 2 repeats it.
        let tight = levels_within(a, 2, 0, 2000 * fine - 1);
        assert_eq!(tight[0], (flat, k));
        assert_eq!(tight[1], ((0..k as u32).collect(), k));
        // Room for nothing: the final partition still, never an empty level.
        assert_eq!(levels_within(a, 1, 0, 1)[0].1, k);
    }
}
