//! Structural statistics of a graph, as network scientists report them (and as networkx
//! computes them, which `scripts/compare_stats.py` checks): density, connected components,
//! the degree distribution, the average clustering coefficient and degree assortativity.
//! They read the structure only: edge weights and self-loops aside, directed edges as
//! undirected (as `networkx.Graph(G)` would).

use super::Csr;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphStats {
    pub nodes: usize,
    /// Undirected edges between distinct nodes.
    pub edges: usize,
    /// `2m / (n (n − 1))`.
    pub density: f64,
    pub components: usize,
    /// Nodes in the largest component.
    pub largest_component: usize,
    /// Mean local clustering coefficient (nodes of degree below 2 count as 0, as networkx).
    pub clustering: f64,
    /// Pearson correlation of the degrees at the two ends of each edge (NaN when every node
    /// has the same degree).
    pub assortativity: f64,
    /// `(degree, nodes with it)`, for the degree distribution.
    pub degree_histogram: Vec<(usize, usize)>,
}

/// Lists per node in one flat array (no allocation per node: a million-edge graph's lists
/// are two allocations, not a hundred thousand).
pub(super) struct Lists {
    offsets: Vec<usize>,
    items: Vec<u32>,
}

impl Lists {
    pub(super) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub(super) fn get(&self, u: usize) -> &[u32] {
        &self.items[self.offsets[u]..self.offsets[u + 1]]
    }

    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        (0..self.len()).map(|u| self.get(u))
    }

    /// Each list filtered by `keep(u, v)`, in order.
    fn filtered(&self, keep: impl Fn(usize, u32) -> bool) -> Self {
        let mut offsets = Vec::with_capacity(self.offsets.len());
        offsets.push(0);
        let mut items = Vec::with_capacity(self.items.len() / 2 + 1);
        for u in 0..self.len() {
            items.extend(self.get(u).iter().copied().filter(|&v| keep(u, v)));
            offsets.push(items.len());
        }
        Self { offsets, items }
    }
}

/// Each node's distinct neighbours (no self-loops), sorted: row `u` of `A` merged with column
/// `u` (the transpose's rows come out sorted from a counting pass), so a directed graph is
/// read as undirected and nothing is sorted.
pub(super) fn neighbours(a: &Csr) -> Lists {
    let n = a.node_count();
    let mut t_off = vec![0usize; n + 1];
    for (_, v, _) in a.iter() {
        t_off[v as usize + 1] += 1;
    }
    for i in 0..n {
        t_off[i + 1] += t_off[i];
    }
    let mut fill = t_off.clone();
    let mut t_items = vec![0u32; a.nnz()];
    for (u, v, _) in a.iter() {
        t_items[fill[v as usize]] = u;
        fill[v as usize] += 1;
    }
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut items = Vec::with_capacity(a.nnz());
    for u in 0..n {
        let (row, col) = (a.row(u).0, &t_items[t_off[u]..t_off[u + 1]]);
        let (mut i, mut j) = (0, 0);
        while i < row.len() || j < col.len() {
            let next = match (row.get(i), col.get(j)) {
                (Some(&x), Some(&y)) if x == y => {
                    i += 1;
                    j += 1;
                    x
                }
                (Some(&x), Some(&y)) if x < y => {
                    i += 1;
                    x
                }
                (Some(&x), None) => {
                    i += 1;
                    x
                }
                (_, Some(&y)) => {
                    j += 1;
                    y
                }
                (None, None) => break,
            };
            // Rows hold no duplicates, so the merge is strictly increasing.
            if next as usize != u {
                items.push(next);
            }
        }
        offsets.push(items.len());
    }
    Lists { offsets, items }
}

/// Each node's local clustering coefficient on the lists' simple undirected graph: linked
/// pairs of neighbours over all pairs, 0 below two neighbours (networkx's `clustering`).
pub(super) fn local_clustering(nb: &Lists) -> Vec<f64> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    let n = nb.len();
    let degree: Vec<usize> = nb.iter().map(<[u32]>::len).collect();
    // Triangles counted once each: every edge is oriented from the lower to the higher
    // (degree, id), and a triangle is found at its lowest corner by intersecting two
    // short out-lists: O(m^1.5) at worst, far less than merging whole neighbour lists
    // for every edge. Counts are integers, so the thread count cannot change them.
    let rank = |x: usize| (degree[x], x);
    let out = nb.filtered(|u, v| rank(v as usize) > rank(u));
    let triangles: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
    // Each node's out-list marked in a per-thread stamp array; a triangle is a mark met
    // in the out-list of one of its out-neighbours (no merging, few branches taken).
    (0..n).into_par_iter().for_each_init(
        || vec![u32::MAX; n],
        |mark, u| {
            let stamp = u as u32;
            for &v in out.get(u) {
                mark[v as usize] = stamp;
            }
            for &v in out.get(u) {
                for &w in out.get(v as usize) {
                    if mark[w as usize] == stamp {
                        for x in [u, v as usize, w as usize] {
                            triangles[x].fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
        },
    );
    (0..n)
        .map(|u| {
            let k = degree[u];
            if k < 2 {
                return 0.0;
            }
            let t = f64::from(triangles[u].load(Ordering::Relaxed));
            t / (k * (k - 1) / 2) as f64
        })
        .collect()
}

impl GraphStats {
    pub fn of(a: &Csr) -> Self {
        let nb = neighbours(a);
        let n = nb.len();
        let degree: Vec<usize> = nb.iter().map(<[u32]>::len).collect();
        let edges = degree.iter().sum::<usize>() / 2;
        let density = if n > 1 {
            2.0 * edges as f64 / (n as f64 * (n as f64 - 1.0))
        } else {
            0.0
        };
        // Components by union-find over the edges.
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        // Each edge once: the lists hold both directions.
        for (u, list) in nb.iter().enumerate() {
            for &v in list.iter().filter(|&&v| v as usize > u) {
                let (a, b) = (find(&mut parent, u), find(&mut parent, v as usize));
                if a != b {
                    parent[a] = b;
                }
            }
        }
        let mut size = vec![0usize; n];
        for x in 0..n {
            let r = find(&mut parent, x);
            size[r] += 1;
        }
        let components = size.iter().filter(|&&s| s > 0).count();
        let largest_component = size.iter().copied().max().unwrap_or(0);
        // Local clustering: triangles through each node over its pairs of neighbours, summed
        // in node order so the float sum does not depend on the thread count.
        let clustering = if n == 0 {
            0.0
        } else {
            local_clustering(&nb).iter().sum::<f64>() / n as f64
        };
        // Degree assortativity over both orientations of every edge, as networkx.
        let (mut sx, mut sxx, mut sxy, mut count) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for (u, list) in nb.iter().enumerate() {
            for &v in list {
                let (x, y) = (degree[u] as f64, degree[v as usize] as f64);
                sx += x;
                sxx += x * x;
                sxy += x * y;
                count += 1.0;
            }
        }
        let assortativity = if count > 0.0 {
            let mean = sx / count;
            let var = sxx / count - mean * mean;
            if var > 1e-12 {
                (sxy / count - mean * mean) / var
            } else {
                f64::NAN
            }
        } else {
            f64::NAN
        };
        let mut histogram = std::collections::BTreeMap::new();
        for &d in &degree {
            *histogram.entry(d).or_insert(0usize) += 1;
        }
        Self {
            nodes: n,
            edges,
            density,
            components,
            largest_component,
            clustering,
            assortativity,
            degree_histogram: histogram.into_iter().collect(),
        }
    }

    /// Two lines for `info`.
    pub fn text(&self) -> String {
        format!(
            "  structure     density {:.4}, clustering {:.4}, assortativity {}, largest component {} nodes\n  degree:nodes  {}\n",
            self.density,
            self.clustering,
            if self.assortativity.is_finite() {
                format!("{:.4}", self.assortativity)
            } else {
                "undefined (every degree equal)".to_string()
            },
            self.largest_component,
            self.degree_histogram
                .iter()
                .take(12)
                .map(|(d, c)| format!("{d}:{c}"))
                .collect::<Vec<_>>()
                .join(" ")
                + if self.degree_histogram.len() > 12 {
                    " …"
                } else {
                    ""
                }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_of_known_graphs() {
        // A triangle with a tail: 0-1-2-0, 2-3. networkx: clustering (1 + 1 + 1/3 + 0) / 4,
        // density 4 / 6, degree_assortativity_coefficient −5/7.
        let g = crate::graph::Graph::from_edges(
            4,
            &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)],
        );
        let s = GraphStats::of(g.adjacency());
        assert_eq!((s.nodes, s.edges, s.components), (4, 4, 1));
        assert!((s.density - 4.0 / 6.0).abs() < 1e-12);
        assert!((s.clustering - (1.0 + 1.0 + 1.0 / 3.0) / 4.0).abs() < 1e-12);
        assert!(
            (s.assortativity + 5.0 / 7.0).abs() < 1e-9,
            "{}",
            s.assortativity
        );
        assert_eq!(s.degree_histogram, vec![(1, 1), (2, 2), (3, 1)]);
        // Two separate edges: two components, equal degrees, assortativity undefined.
        let two = crate::graph::Graph::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)]);
        let s = GraphStats::of(two.adjacency());
        assert_eq!((s.components, s.largest_component), (2, 2));
        assert!(s.assortativity.is_nan());
        assert_eq!(s.clustering, 0.0);
    }

    #[test]
    fn karate_matches_networkx() {
        let loaded = crate::samples::find("karate")
            .expect("sample")
            .load()
            .expect("loads");
        let g = loaded.first_graph().expect("graph");
        let s = GraphStats::of(g.adjacency());
        // networkx 3.6: average_clustering 0.5706384782076823,
        // degree_assortativity_coefficient -0.47561309768461413, density 0.13903743315508021.
        assert!(
            (s.clustering - 0.570_638_478_207_682_3).abs() < 1e-9,
            "{}",
            s.clustering
        );
        assert!(
            (s.assortativity + 0.475_613_097_684_614_1).abs() < 1e-9,
            "{}",
            s.assortativity
        );
        assert!((s.density - 0.139_037_433_155_080_2).abs() < 1e-12);
    }
}
