//! What a selection lights up on every level: the selected nodes and everything holding or
//! held by them ([`Lit::On`]), and their neighbourhood a hop or two out ([`Lit::Near`]), so
//! a clicked node's neighbours and links stay visible while the rest of the graph dims.

use super::selection::{Selection, highlighted};
use crate::graph::{Csr, hop_distances};
use crate::hierarchy::Hierarchy;

/// How a node is lit, stored as a byte per node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Lit {
    Off = 0,
    /// Within the chosen number of hops of the selection.
    Near = 1,
    /// Selected, or a member or ancestor of a selected node.
    On = 2,
}

/// Per level, per node, a [`Lit`] as `u8`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focus {
    pub levels: Vec<Vec<u8>>,
}

impl Focus {
    pub fn level(&self, l: usize) -> Option<&[u8]> {
        self.levels.get(l).map(Vec::as_slice)
    }

    /// Nodes of level `l` lit at least as `at_least`.
    pub fn nodes(&self, l: usize, at_least: Lit) -> Vec<usize> {
        self.level(l).map_or_else(Vec::new, |v| {
            (0..v.len()).filter(|&i| v[i] >= at_least as u8).collect()
        })
    }
}

/// What `sel` lights up, with its neighbourhood `hops` out on the selection's own level
/// (level 0's `level0` adjacency, else that level's pooled graph), carried to the other
/// levels through the level-0 members: a level-1 cluster is near when it holds a near
/// level-0 node.
pub fn focus(h: Option<&Hierarchy>, level0: &Csr, sel: &Selection, hops: usize) -> Focus {
    let n0 = level0.node_count();
    let on = highlighted(h, n0, sel);
    let mut levels: Vec<Vec<u8>> = on
        .iter()
        .map(|l| {
            l.iter()
                .map(|&x| if x { Lit::On as u8 } else { 0 })
                .collect()
        })
        .collect();
    if hops == 0 || sel.is_empty() {
        return Focus { levels };
    }
    let sl = sel.level.min(levels.len().saturating_sub(1));
    let adjacency = match h {
        Some(h) if sl > 0 => &h.levels[sl].adjacency,
        _ => level0,
    };
    let Some(seeds) = on.get(sl) else {
        return Focus { levels };
    };
    if adjacency.node_count() != seeds.len() {
        return Focus { levels };
    }
    let dist = hop_distances(adjacency, seeds, hops);
    let near: Vec<bool> = dist
        .iter()
        .zip(seeds)
        .map(|(d, &s)| d.is_some() && !s)
        .collect();
    // Level-0 nodes under a near node of the selection's level.
    let near0: Vec<bool> = match h {
        Some(h) if sl > 0 => h
            .level0_partition(sl)
            .iter()
            .map(|p| p.is_some_and(|p| near.get(p as usize).copied().unwrap_or(false)))
            .collect(),
        _ => near.clone(),
    };
    for (l, lit) in levels.iter_mut().enumerate() {
        let mark = |lit: &mut Vec<u8>, i: usize| {
            if let Some(x) = lit.get_mut(i)
                && *x == Lit::Off as u8
            {
                *x = Lit::Near as u8;
            }
        };
        if l == sl {
            for (i, &x) in near.iter().enumerate() {
                if x {
                    mark(lit, i);
                }
            }
            continue;
        }
        match h {
            Some(h) if l > 0 => {
                for (i, p) in h.level0_partition(l).iter().enumerate() {
                    if near0[i]
                        && let Some(p) = p
                    {
                        mark(lit, *p as usize);
                    }
                }
            }
            _ => {
                for (i, &x) in near0.iter().enumerate() {
                    if x {
                        mark(lit, i);
                    }
                }
            }
        }
    }
    Focus { levels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    /// Four triangles in a ring (0-2, 3-5, 6-8, 9-11), pooled into 4 then 2.
    fn ring() -> (crate::graph::Graph, Hierarchy) {
        let g = ring_of_cliques(4, 3);
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(i / 3 == k));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        (g, h)
    }

    #[test]
    fn a_node_lights_its_neighbours_on_every_level() {
        let (g, h) = ring();
        let a = g.symmetric().into_owned();
        let node = 4; // in the second triangle
        let f = focus(Some(&h), &a, &Selection::single(0, node), 1);
        let expected_near: Vec<usize> = {
            let mut v: Vec<usize> = a.row(node).0.iter().map(|&x| x as usize).collect();
            v.retain(|&x| x != node);
            v
        };
        assert_eq!(f.nodes(0, Lit::On), vec![node]);
        let near: Vec<usize> = (0..12)
            .filter(|&i| f.levels[0][i] == Lit::Near as u8)
            .collect();
        assert_eq!(near, expected_near);
        // Its own cluster is on; clusters holding a neighbour outside it are near.
        assert_eq!(f.levels[1][1], Lit::On as u8);
        let near_clusters: Vec<usize> = (0..4).filter(|&k| f.levels[1][k] == 1).collect();
        let mut want: Vec<usize> = expected_near
            .iter()
            .map(|&i| i / 3)
            .filter(|&k| k != 1)
            .collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(near_clusters, want);
        // No hops: just the selection and its ancestors, as before.
        let f0 = focus(Some(&h), &a, &Selection::single(0, node), 0);
        assert!(f0.levels[0].iter().all(|&x| x != Lit::Near as u8));
        assert_eq!(f0.levels[2], vec![Lit::On as u8, 0]);
    }

    #[test]
    fn two_hops_reach_further_and_a_cluster_selection_uses_its_level() {
        let (g, h) = ring();
        let a = g.symmetric().into_owned();
        let one = focus(Some(&h), &a, &Selection::single(0, 4), 1);
        let two = focus(Some(&h), &a, &Selection::single(0, 4), 2);
        let count = |f: &Focus| f.levels[0].iter().filter(|&&x| x > 0).count();
        assert!(
            count(&two) > count(&one),
            "{} vs {}",
            count(&two),
            count(&one)
        );
        // Cluster 0 of level 1 (nodes 0-2): its neighbours on level 1 are clusters 1 and 3.
        let c = focus(Some(&h), &a, &Selection::single(1, 0), 1);
        assert_eq!(c.levels[1], vec![2, 1, 0, 1]);
        assert_eq!(&c.levels[0][0..3], &[2, 2, 2]);
        assert!(c.levels[0][3..6].iter().all(|&x| x == 1) && c.levels[0][6..9] == [0, 0, 0]);
    }
}
