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

use crate::graph::Csr;
use crate::numeric::rng::Rng;

/// One matching round: the cluster of each node, and the cluster count.
pub fn match_once(a: &Csr, rng: &mut Rng) -> (Vec<u32>, usize) {
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
            let score = w * (1.0 / degree[i] + 1.0 / degree[j]);
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

/// `Sᵀ A S` for a hard assignment.
pub fn coarsen(a: &Csr, cluster: &[u32], k: usize) -> Csr {
    let t: Vec<_> = a
        .iter()
        .map(|(i, j, w)| (cluster[i as usize], cluster[j as usize], w))
        .collect();
    Csr::from_triplets(k, &t)
}

/// Matches repeatedly until at most `target` clusters remain; returns each node's cluster and
/// the cluster count.
pub fn coarsen_to(a: &Csr, target: usize, seed: u64) -> (Vec<u32>, usize) {
    let mut rng = Rng::new(seed);
    let n = a.node_count();
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let mut current = a.clone();
    let mut k = n;
    while k > target.max(1) {
        let (c, k2) = match_once(&current, &mut rng);
        if k2 == k {
            break;
        }
        // Merge no further than needed: undo matches beyond the target is not possible in one
        // round, so a round may overshoot below `target` by at most half.
        for x in &mut assign {
            *x = c[*x as usize];
        }
        current = coarsen(&current, &c, k2);
        k = k2;
    }
    (assign, k)
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
        let (c, k) = match_once(&a, &mut Rng::new(0));
        assert_eq!(k, 2);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
        let pooled = coarsen(&a, &c, k);
        assert_eq!(pooled.get(c[0] as usize, c[2] as usize), 1.0);
        assert_eq!(pooled.get(c[0] as usize, c[0] as usize), 20.0);
    }

    #[test]
    fn coarsens_a_big_graph_to_a_target() {
        let g = crate::generate::generate("sbm:n=2000,k=8,din=10,dout=2,seed=1").expect("spec");
        let (assign, k) = coarsen_to(g.adjacency(), 50, 3);
        assert!((10..=50).contains(&k), "{k}");
        assert_eq!(assign.len(), 2000);
        assert!(assign.iter().all(|&c| (c as usize) < k));
    }
}
