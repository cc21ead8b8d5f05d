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

/// Each node's distinct neighbours (no self-loops), sorted.
fn neighbours(a: &Csr) -> Vec<Vec<u32>> {
    let n = a.node_count();
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (u, v, _) in a.iter() {
        if u != v {
            out[u as usize].push(v);
            out[v as usize].push(u);
        }
    }
    for l in &mut out {
        l.sort_unstable();
        l.dedup();
    }
    out
}

impl GraphStats {
    pub fn of(a: &Csr) -> Self {
        let nb = neighbours(a);
        let n = nb.len();
        let degree: Vec<usize> = nb.iter().map(Vec::len).collect();
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
        for (u, list) in nb.iter().enumerate() {
            for &v in list {
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
        // Local clustering: triangles through each node over its pairs of neighbours.
        let clustering = if n == 0 {
            0.0
        } else {
            use rayon::prelude::*;
            use std::sync::atomic::{AtomicU32, Ordering};
            // Triangles counted once each: every edge is oriented from the lower to the higher
            // (degree, id), and a triangle is found at its lowest corner by intersecting two
            // short out-lists: O(m^1.5) at worst, far less than merging whole neighbour lists
            // for every edge. Counts are integers, so the thread count cannot change them.
            let rank = |x: usize| (degree[x], x);
            let out: Vec<Vec<u32>> = (0..n)
                .into_par_iter()
                .map(|u| {
                    nb[u]
                        .iter()
                        .copied()
                        .filter(|&v| rank(v as usize) > rank(u))
                        .collect()
                })
                .collect();
            let triangles: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
            (0..n).into_par_iter().for_each(|u| {
                for &v in &out[u] {
                    let (a, b) = (&out[u], &out[v as usize]);
                    let (mut i, mut j) = (0, 0);
                    while i < a.len() && j < b.len() {
                        match a[i].cmp(&b[j]) {
                            std::cmp::Ordering::Less => i += 1,
                            std::cmp::Ordering::Greater => j += 1,
                            std::cmp::Ordering::Equal => {
                                for x in [u, v as usize, a[i] as usize] {
                                    triangles[x].fetch_add(1, Ordering::Relaxed);
                                }
                                i += 1;
                                j += 1;
                            }
                        }
                    }
                }
            });
            // Summed in node order so the float sum does not depend on the thread count.
            let local: Vec<f64> = (0..n)
                .map(|u| {
                    let k = degree[u];
                    if k < 2 {
                        return 0.0;
                    }
                    let t = triangles[u].load(Ordering::Relaxed) as f64;
                    t / (k * (k - 1) / 2) as f64
                })
                .collect();
            local.iter().sum::<f64>() / n as f64
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
