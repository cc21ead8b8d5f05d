//! Heavy-edge matching (the coarsening step of Graclus and METIS) and the contraction of a
//! graph by a hard clustering: the pooling operator Graclus and the multilevel layout both
//! coarsen with them.

use super::{Csr, Smoothed};
use crate::numeric::rng::Rng;

/// One matching round: the cluster of each node, and the cluster count.
pub fn heavy_edge_matching(a: &Csr, rng: &mut Rng) -> (Vec<u32>, usize) {
    match_by(a, rng, |_, _| 1.0)
}

/// Heavy-edge matching with each edge's weight divided by how far apart its ends' smoothed
/// values are ([`algebraic`](super::algebraic)): a node is matched with the neighbour it is
/// most tied to, not just one with a heavy edge. Returns the clusters, their count and their
/// smoothed values.
pub fn matching_by_closeness(
    a: &Csr,
    x: &[[f32; super::algebraic::VECTORS]],
    rng: &mut Rng,
) -> (Vec<u32>, usize, Smoothed) {
    let (cluster, k) = match_by(a, rng, |i, j| {
        1.0 / (CLOSE + super::algebraic::distance2(&x[i], &x[j]))
    });
    let coarse = super::algebraic::coarsened(x, &cluster, k);
    (cluster, k, coarse)
}

/// Squared smoothed distance below which two nodes count as equally close (values are scaled
/// to at most 1 per coordinate; a floor keeps identical values from dividing by zero).
const CLOSE: f32 = 1e-6;

/// Visits the nodes in random order and pairs each unmatched one with the unmatched neighbour
/// of highest `w (1/dᵢ + 1/dⱼ) · tie(i, j)`.
fn match_by(a: &Csr, rng: &mut Rng, tie: impl Fn(usize, usize) -> f32) -> (Vec<u32>, usize) {
    let n = a.node_count();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let degree: Vec<f32> = (0..n).map(|i| a.weighted_degree(i).max(1e-12)).collect();
    let mut cluster = vec![u32::MAX; n];
    let mut next = 0u32;
    for &i in &order {
        if cluster[i] != u32::MAX {
            continue;
        }
        let (cols, vals) = a.row(i);
        let mut best: Option<(usize, f32)> = None;
        for (&j, &w) in cols.iter().zip(vals) {
            let j = j as usize;
            if j == i || cluster[j] != u32::MAX || w <= 0.0 {
                continue;
            }
            let score = w * (1.0 / degree[i] + 1.0 / degree[j]) * tie(i, j);
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((j, score));
            }
        }
        cluster[i] = next;
        if let Some((j, _)) = best {
            cluster[j] = next;
        }
        next += 1;
    }
    (cluster, next as usize)
}

/// The graph of the clusters, `Sᵀ A S` for a hard assignment: edge weights between
/// clusters summed, the weight inside a cluster on its diagonal.
pub fn contract(a: &Csr, cluster: &[u32], k: usize) -> Csr {
    let t: Vec<_> = a
        .iter()
        .map(|(i, j, w)| (cluster[i as usize], cluster[j as usize], w))
        .collect();
    Csr::from_triplets(k, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pairs_heavy_edges() {
        // 0=1 heavy, 1-2 light, 2=3 heavy.
        let a = Csr::from_triplets(
            4,
            &[
                (0, 1, 10.0),
                (1, 0, 10.0),
                (1, 2, 1.0),
                (2, 1, 1.0),
                (2, 3, 10.0),
                (3, 2, 10.0),
            ],
        );
        let (c, k) = heavy_edge_matching(&a, &mut Rng::new(0));
        assert_eq!(k, 2);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
        let pooled = contract(&a, &c, k);
        assert_eq!(pooled.get(c[0] as usize, c[2] as usize), 1.0);
        assert_eq!(pooled.get(c[0] as usize, c[0] as usize), 20.0);
    }
}
