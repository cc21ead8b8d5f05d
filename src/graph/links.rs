//! A node's neighbours as an explorer asks for them: on a directed graph its out-links and
//! in-links apart (a neuron's "degree 18" is ambiguous), with the weights; and the nodes a
//! few hops away, for lighting up a neighbourhood.

use super::{Csr, Graph};

/// One node's links. On an undirected graph every link is in `out` and `incoming` is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeLinks {
    pub directed: bool,
    /// `(neighbour, weight)` of arcs leaving the node (all links when undirected), self-loops
    /// left out.
    pub out: Vec<(usize, f32)>,
    /// `(neighbour, weight)` of arcs arriving at the node.
    pub incoming: Vec<(usize, f32)>,
    /// Weight of the node's self-loop, if it has one.
    pub self_loop: Option<f32>,
}

impl NodeLinks {
    /// Links of node `i`; `transpose` is the graph's transposed adjacency (in-links), needed
    /// only when the graph is directed.
    pub fn of(g: &Graph, transpose: Option<&Csr>, i: usize) -> Self {
        let mut links = Self {
            directed: g.is_directed(),
            ..Self::default()
        };
        if i >= g.node_count() {
            return links;
        }
        let row = |a: &Csr, self_loop: &mut Option<f32>| {
            let (targets, weights) = a.row(i);
            let mut out = Vec::with_capacity(targets.len());
            for (&t, &w) in targets.iter().zip(weights) {
                if t as usize == i {
                    *self_loop = Some(w);
                } else {
                    out.push((t as usize, w));
                }
            }
            out
        };
        links.out = row(g.adjacency(), &mut links.self_loop);
        if links.directed {
            let mut ignored = None;
            links.incoming = match transpose {
                Some(t) => row(t, &mut ignored),
                None => row(&g.adjacency().transpose(), &mut ignored),
            };
        }
        links
    }

    /// Distinct neighbours, whichever the direction.
    pub fn neighbour_count(&self) -> usize {
        let mut all: Vec<usize> = self
            .out
            .iter()
            .chain(&self.incoming)
            .map(|&(n, _)| n)
            .collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    }

    /// `in 3, out 5, weighted in 7, out 12` on a directed graph; `degree 5, weighted 12` on an
    /// undirected one (the weighted part only when some weight is not 1).
    pub fn degree_text(&self) -> String {
        let sum = |l: &[(usize, f32)]| l.iter().map(|e| f64::from(e.1)).sum::<f64>();
        let weighted = self.out.iter().chain(&self.incoming).any(|e| e.1 != 1.0);
        let loop_note = match self.self_loop {
            Some(w) => format!(", self-loop {}", short(f64::from(w))),
            None => String::new(),
        };
        if self.directed {
            let mut t = format!(
                "in-degree {}, out-degree {} ({} distinct neighbours)",
                self.incoming.len(),
                self.out.len(),
                self.neighbour_count()
            );
            if weighted {
                t.push_str(&format!(
                    "; weighted in {}, out {}",
                    short(sum(&self.incoming)),
                    short(sum(&self.out))
                ));
            }
            t + &loop_note
        } else if weighted {
            format!(
                "degree {}, weighted degree {}{loop_note}",
                self.out.len(),
                short(sum(&self.out))
            )
        } else {
            format!("degree {}{loop_note}", self.out.len())
        }
    }
}

/// A number as a person writes it: `12`, `0.25`, `1.5e6`.
fn short(x: f64) -> String {
    if x == x.round() && x.abs() < 1e9 {
        format!("{x:.0}")
    } else {
        let t = format!("{x:.4}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Hops from the nearest seed, for every node within `hops` of one (`Some(0)` for the
/// seeds), following `a`'s entries in either direction only as stored: pass a symmetric
/// matrix for an undirected neighbourhood.
pub fn hop_distances(a: &Csr, seeds: &[bool], hops: usize) -> Vec<Option<u8>> {
    let n = a.node_count();
    let mut dist: Vec<Option<u8>> = (0..n)
        .map(|i| seeds.get(i).copied().unwrap_or(false).then_some(0))
        .collect();
    let mut frontier: Vec<usize> = (0..n).filter(|&i| dist[i].is_some()).collect();
    for step in 1..=hops.min(u8::MAX as usize) {
        let mut next = Vec::new();
        for &u in &frontier {
            for &v in a.row(u).0 {
                let v = v as usize;
                if dist[v].is_none() {
                    dist[v] = Some(step as u8);
                    next.push(v);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeTable;

    fn directed(n: usize, arcs: &[(u32, u32, f32)]) -> Graph {
        Graph::new(true, Csr::from_triplets(n, arcs), NodeTable::numbered(n))
    }

    #[test]
    fn directed_links_keep_their_direction_and_weights() {
        // 0 → 1 (2), 2 → 0 (3), 0 ↔ 3 (1 each way), 0 → 0 (5).
        let g = directed(
            4,
            &[
                (0, 1, 2.0),
                (2, 0, 3.0),
                (0, 3, 1.0),
                (3, 0, 1.0),
                (0, 0, 5.0),
            ],
        );
        let l = NodeLinks::of(&g, None, 0);
        assert_eq!(l.out, vec![(1, 2.0), (3, 1.0)]);
        assert_eq!(l.incoming, vec![(2, 3.0), (3, 1.0)]);
        assert_eq!(l.self_loop, Some(5.0));
        assert_eq!(l.neighbour_count(), 3);
        assert_eq!(
            l.degree_text(),
            "in-degree 2, out-degree 2 (3 distinct neighbours); weighted in 4, out 3, self-loop 5"
        );
        let t = g.adjacency().transpose();
        assert_eq!(NodeLinks::of(&g, Some(&t), 0), l);
        assert_eq!(
            NodeLinks::of(&g, None, 9),
            NodeLinks {
                directed: true,
                ..Default::default()
            }
        );
    }

    #[test]
    fn undirected_links_are_one_list() {
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (0, 2, 1.0)]);
        let l = NodeLinks::of(&g, None, 0);
        assert_eq!((l.out.len(), l.incoming.len()), (2, 0));
        assert_eq!(l.degree_text(), "degree 2");
        let w = Graph::from_edges(3, &[(0, 1, 0.5), (0, 2, 2.0)]);
        assert_eq!(
            NodeLinks::of(&w, None, 0).degree_text(),
            "degree 2, weighted degree 2.5"
        );
    }

    #[test]
    fn hops_reach_as_far_as_asked() {
        // A path 0-1-2-3-4.
        let g = Graph::from_edges(5, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)]);
        let seeds = [false, false, true, false, false];
        let d = hop_distances(g.adjacency(), &seeds, 1);
        assert_eq!(d, vec![None, Some(1), Some(0), Some(1), None]);
        let d = hop_distances(g.adjacency(), &seeds, 2);
        assert_eq!(d, vec![Some(2), Some(1), Some(0), Some(1), Some(2)]);
        assert_eq!(hop_distances(g.adjacency(), &seeds, 0)[1], None);
    }
}
