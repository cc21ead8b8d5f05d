//! Modularity clusters by the Louvain method (Blondel, Guillaume, Lambiotte, Lefebvre, J. Stat.
//! Mech. 2008): move each node to the neighbouring community that raises modularity most, until
//! no move helps; then merge each community into one node and repeat on the smaller graph.
//!
//! Moving node i into community c raises modularity by `(w_ic − tot_c · k_i / 2m) / m`, where
//! `w_ic` is the weight from i into c, `tot_c` the summed degree of c, `k_i` the degree of i and
//! `2m` the sum of all entries of A (self-loops included as stored). Nodes are visited in a
//! seeded random order, so a seed always gives the same communities.
//!
//! poolscope uses it where a layout must be judged without labels: the communities a graph
//! holds by its own edges.

use super::Csr;
use crate::numeric::Rng;

/// Passes over the nodes per level at most; Louvain's local moving converges in a few.
const MAX_PASSES: usize = 32;

/// Each node's community (numbered from 0) and the number of communities.
pub fn louvain(a: &Csr, seed: u64) -> (Vec<u32>, usize) {
    compose(&passes(a, seed), a.node_count())
}

/// Nested partitions (the first of `n` nodes) composed: each node's community in the last.
pub(super) fn compose(levels: &[(Vec<u32>, usize)], n: usize) -> (Vec<u32>, usize) {
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let mut k = n;
    for (part, k2) in levels {
        for x in &mut assign {
            *x = part[*x as usize];
        }
        k = *k2;
    }
    (assign, k)
}

/// Louvain's passes, each a partition of the one before's communities (the first of the
/// graph's nodes) with its count, coarsest last: the levels of a hierarchy.
pub fn passes(a: &Csr, seed: u64) -> Vec<(Vec<u32>, usize)> {
    let mut rng = Rng::new(seed);
    let mut current = a.clone();
    let mut out = Vec::new();
    loop {
        let start = (0..current.node_count()).collect();
        let (part, k2) = local_moving(&current, start, &mut rng);
        if k2 == current.node_count() {
            break;
        }
        current = aggregate(&current, &part, k2);
        out.push((part, k2));
    }
    out
}

/// The graph `a` with each community of `part` (numbered below `k`) merged into one node, the
/// weights between them summed (inside weights as self-loops).
pub(super) fn aggregate(a: &Csr, part: &[u32], k: usize) -> Csr {
    let triplets: Vec<(u32, u32, f32)> = a
        .iter()
        .map(|(i, j, w)| (part[i as usize], part[j as usize], w))
        .collect();
    Csr::from_triplets(k, &triplets)
}

/// One level of local moving from the communities `community` (each below the node count):
/// each node's community, renumbered from 0 in order of first appearance, and their count.
pub(super) fn local_moving(a: &Csr, mut community: Vec<usize>, rng: &mut Rng) -> (Vec<u32>, usize) {
    let n = a.node_count();
    let degree: Vec<f64> = (0..n).map(|i| a.weighted_degree(i) as f64).collect();
    let m2: f64 = degree.iter().sum();
    if m2 <= 0.0 {
        return renumber(&community);
    }
    let mut total = vec![0.0f64; n];
    for (i, &c) in community.iter().enumerate() {
        total[c] += degree[i];
    }
    let mut to_community = vec![0.0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    for _ in 0..MAX_PASSES {
        let mut moved = false;
        for &i in &order {
            let own = community[i];
            let (cols, vals) = a.row(i);
            for (&j, &w) in cols.iter().zip(vals) {
                let j = j as usize;
                if j == i || w <= 0.0 {
                    continue;
                }
                let c = community[j];
                if to_community[c] == 0.0 {
                    touched.push(c);
                }
                to_community[c] += w as f64;
            }
            total[own] -= degree[i];
            let gain = |c: usize| to_community[c] - total[c] * degree[i] / m2;
            let mut best = (own, gain(own));
            for &c in &touched {
                let g = gain(c);
                // A node moves only for a strict gain, so ties keep it where it is.
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += degree[i];
            if best.0 != own {
                community[i] = best.0;
                moved = true;
            }
            for &c in &touched {
                to_community[c] = 0.0;
            }
            touched.clear();
        }
        if !moved {
            break;
        }
    }
    renumber(&community)
}

/// Communities numbered from 0 in order of first appearance, and their count.
pub(super) fn renumber(community: &[usize]) -> (Vec<u32>, usize) {
    let mut number = vec![u32::MAX; community.len()];
    let mut next = 0u32;
    let part = community
        .iter()
        .map(|&c| {
            if number[c] == u32::MAX {
                number[c] = next;
                next += 1;
            }
            number[c]
        })
        .collect();
    (part, next as usize)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::graph) fn two_cliques() -> Csr {
        // {0..3} and {4..7}, joined by the edge 3–4 (DESIGN.md's worked example).
        let mut t = Vec::new();
        for block in [0u32, 4] {
            for i in block..block + 4 {
                for j in block..block + 4 {
                    if i != j {
                        t.push((i, j, 1.0));
                    }
                }
            }
        }
        t.push((3, 4, 1.0));
        t.push((4, 3, 1.0));
        Csr::from_triplets(8, &t)
    }

    #[test]
    fn finds_the_two_cliques_whatever_the_seed() {
        let a = two_cliques();
        for seed in 0..5 {
            let (c, k) = louvain(&a, seed);
            assert_eq!(k, 2, "seed {seed}: {c:?}");
            assert!(c[..4].iter().all(|&x| x == c[0]));
            assert!(c[4..].iter().all(|&x| x == c[4]));
            assert_ne!(c[0], c[4]);
        }
    }

    #[test]
    fn recovers_a_planted_partition() {
        let g = crate::generate::generate("sbm:n=400,k=4,din=12,dout=1,seed=2").expect("spec");
        let (c, k) = louvain(g.adjacency(), 0);
        assert_eq!(k, 4, "four blocks");
        let truth = &g.nodes.label("block").expect("labels").codes;
        let nmi = crate::metrics::nmi(truth, &c);
        assert!(nmi > 0.95, "NMI {nmi}");
        // Deterministic for a seed.
        assert_eq!(louvain(g.adjacency(), 0).0, c);
    }

    #[test]
    fn edgeless_graph_keeps_every_node_alone() {
        let (c, k) = louvain(&Csr::empty(3), 0);
        assert_eq!((c, k), (vec![0, 1, 2], 3));
    }
}
