//! The coarsening chain of the multilevel layout: matching by algebraic-distance closeness,
//! contraction and each coarse level's heaviest links, until the graph is small; then every
//! level renumbered so that a coarse node's members are consecutive in memory.

use crate::graph::{Csr, SWEEPS, contract, matching_by_closeness, smoothed};
use crate::numeric::Rng;

/// Links kept per coarse node, at least (twice the input's mean degree when that is more): a
/// coarse level keeps each node's heaviest links ([`Csr::strongest`]). Contracting a planted
/// partition of 100,000 nodes otherwise gives a 3,400-node level 700,000 entries, and a
/// million-node one coarse levels that cost more than the input graph.
const BACKBONE: usize = 16;
/// Coarsening stops at this many nodes.
const COARSEST: usize = 40;
/// A matching round that merges fewer than this share of the nodes ends the coarsening (a star
/// merges one pair per round).
const MIN_REDUCTION: f64 = 0.15;
/// One graph of the coarsening chain.
pub struct Level {
    pub adjacency: Csr,
    /// ForceAtlas2 mass of each node: degree + 1 on the input, members' sums above.
    pub mass: Vec<f32>,
    /// Each node's node on the next coarser level (empty on the coarsest).
    pub parent: Vec<u32>,
}

/// New numbers for every level's nodes (old → new), the coarsest level's kept: each finer
/// level's nodes sorted by their parent's new number, so siblings, and cousins under one
/// grandparent, are consecutive.
pub fn hierarchical_order(levels: &[Level]) -> Vec<Vec<u32>> {
    let top = levels.len() - 1;
    let mut orders = vec![Vec::new(); levels.len()];
    orders[top] = (0..levels[top].mass.len() as u32).collect();
    for l in (0..top).rev() {
        let parent_rank = &orders[l + 1];
        let mut start = vec![0u32; parent_rank.len() + 1];
        for &p in &levels[l].parent {
            start[parent_rank[p as usize] as usize + 1] += 1;
        }
        for k in 0..parent_rank.len() {
            start[k + 1] += start[k];
        }
        orders[l] = levels[l]
            .parent
            .iter()
            .map(|&p| {
                let slot = &mut start[parent_rank[p as usize] as usize];
                *slot += 1;
                *slot - 1
            })
            .collect();
    }
    orders
}

/// Renumbers every level by `orders` (old → new per level).
pub fn relabel(levels: &mut [Level], orders: &[Vec<u32>]) {
    for l in 0..levels.len() {
        let order = &orders[l];
        let level = &mut levels[l];
        level.adjacency = level.adjacency.relabelled(order);
        let mut mass = vec![0.0; order.len()];
        for (old, &new) in order.iter().enumerate() {
            mass[new as usize] = level.mass[old];
        }
        level.mass = mass;
        if let Some(up) = orders.get(l + 1) {
            let mut parent = vec![0; order.len()];
            for (old, &new) in order.iter().enumerate() {
                parent[new as usize] = up[level.parent[old] as usize];
            }
            level.parent = parent;
        }
    }
}

/// `values` by input node, from `internal` by layout number.
pub fn to_input<T: Copy>(internal_of_input: &[u32], internal: &[T]) -> Vec<T> {
    internal_of_input
        .iter()
        .map(|&i| internal[i as usize])
        .collect()
}

/// `values` by layout number, from `input` by input node.
pub fn to_internal<T: Copy + Default>(internal_of_input: &[u32], input: &[T]) -> Vec<T> {
    let mut out = vec![T::default(); input.len()];
    for (v, &i) in input.iter().zip(internal_of_input) {
        out[i as usize] = *v;
    }
    out
}

/// Heavy-edge matching until [`COARSEST`] nodes or until a round merges too little.
pub fn coarsening_chain(a: Csr, seed: u64) -> Vec<Level> {
    let n = a.node_count();
    let mass0: Vec<f32> = (0..n).map(|i| a.degree(i) as f32 + 1.0).collect();
    let mut levels = vec![Level {
        adjacency: a,
        mass: mass0,
        parent: Vec::new(),
    }];
    let mut rng = Rng::new(seed ^ 0x6d75_6c74_696c_6576);
    let backbone = BACKBONE.max(2 * levels[0].adjacency.nnz() / n.max(1));
    let mut closeness = if n > COARSEST {
        smoothed(&levels[0].adjacency, SWEEPS, seed)
    } else {
        Vec::new()
    };
    while let Some(last) = levels.last_mut() {
        let n = last.adjacency.node_count();
        if n <= COARSEST {
            break;
        }
        let (cluster, k, coarse) = matching_by_closeness(&last.adjacency, &closeness, &mut rng);
        closeness = coarse;
        if (k as f64) > (1.0 - MIN_REDUCTION) * n as f64 {
            break;
        }
        let mut adjacency = contract(&last.adjacency, &cluster, k);
        if adjacency.nnz() > backbone * k {
            adjacency = adjacency.strongest(backbone);
        }
        let mut mass = vec![0.0f32; k];
        for (i, &c) in cluster.iter().enumerate() {
            mass[c as usize] += last.mass[i];
        }
        last.parent = cluster;
        levels.push(Level {
            adjacency,
            mass,
            parent: Vec::new(),
        });
    }
    levels
}

/// The input graph alone, for a single-level layout.
pub fn coarsening_chain_of_one(a: Csr) -> Vec<Level> {
    let n = a.node_count();
    let mass = (0..n).map(|i| a.degree(i) as f32 + 1.0).collect();
    vec![Level {
        adjacency: a,
        mass,
        parent: Vec::new(),
    }]
}
