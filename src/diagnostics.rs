//! The known failure modes of pooling, said in plain words for each level: collapse, uniform
//! assignments, empty clusters, a pooled graph that falls apart, score methods keeping nodes
//! from one region only, over-smoothed embeddings and dead units. Thresholds are deliberately loose: a
//! warning is a place to look, not a verdict.

use crate::graph::Csr;
use crate::hierarchy::Hierarchy;
use serde::Serialize;
use std::collections::VecDeque;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The level whose assignment (or embeddings) the warning is about.
    pub level: usize,
    pub kind: &'static str,
    pub message: String,
}

/// Largest share of nodes one cluster may hold before the assignment counts as collapsed.
pub const COLLAPSE_SHARE: f64 = 0.8;
/// Mean assignment entropy, as a fraction of ln K, above which rows count as nearly uniform.
pub const UNIFORM_RATIO: f64 = 0.9;
/// Share of kept nodes within two hops of one node above which a selection is local.
pub const LOCAL_SHARE: f64 = 0.8;
/// Embedding variance below which a level counts as over-smoothed.
pub const SMOOTH_VARIANCE: f64 = 1e-4;

/// Connected components among the nodes `keep` marks (all of them for `None`).
fn components(a: &Csr, keep: Option<&[bool]>) -> usize {
    let n = a.node_count();
    let mut seen: Vec<bool> = (0..n)
        .map(|i| keep.is_some_and(|k| !k.get(i).copied().unwrap_or(false)))
        .collect();
    let mut count = 0;
    for s in 0..n {
        if seen[s] {
            continue;
        }
        count += 1;
        seen[s] = true;
        let mut q = VecDeque::from([s]);
        while let Some(u) = q.pop_front() {
            for &v in a.row(u).0 {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    q.push_back(v as usize);
                }
            }
        }
    }
    count
}

/// Nodes within `hops` of `start`.
fn ball(a: &Csr, start: usize, hops: usize) -> Vec<bool> {
    let mut dist = vec![usize::MAX; a.node_count()];
    dist[start] = 0;
    let mut q = VecDeque::from([start]);
    while let Some(u) = q.pop_front() {
        if dist[u] == hops {
            continue;
        }
        for &v in a.row(u).0 {
            if dist[v as usize] == usize::MAX {
                dist[v as usize] = dist[u] + 1;
                q.push_back(v as usize);
            }
        }
    }
    dist.into_iter().map(|d| d != usize::MAX).collect()
}

/// Every warning for every level of `h`.
pub fn diagnose(h: &Hierarchy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (l, level) in h.levels.iter().enumerate() {
        let m = &level.metrics;
        if let Some(s) = &level.assignment {
            let k = s.ncols();
            let assigned = level.hard.iter().filter(|x| x.is_some()).count();
            let selection = assigned < level.hard.len();
            if !selection && m.largest_cluster_share >= COLLAPSE_SHARE && k > 1 {
                out.push(Diagnostic {
                    level: l,
                    kind: "collapse",
                    message: format!(
                        "collapse: 1 of {k} clusters holds {:.0}% of nodes ({} of {k} used)",
                        100.0 * m.largest_cluster_share,
                        m.clusters_used
                    ),
                });
            } else if !selection && m.clusters_used < k {
                out.push(Diagnostic {
                    level: l,
                    kind: "empty clusters",
                    message: format!("{} of {k} clusters are empty", k - m.clusters_used),
                });
            }
            if !selection && k > 1 && m.assignment_entropy_ratio >= UNIFORM_RATIO {
                out.push(Diagnostic {
                    level: l,
                    kind: "uniform",
                    message: format!(
                        "assignments nearly uniform (mean entropy {:.2} ln K): every pooled feature row is almost the same",
                        m.assignment_entropy_ratio
                    ),
                });
            }
            if let Some(next) = h.levels.get(l + 1) {
                // Only parts the pooling made count: a graph of two components pooled
                // into two parts is as it was. Empty clusters are not parts (the warning
                // above counts them): DMoN without labels leaves them by design, and 52 of
                // them read as "53 disconnected parts" of a pooled graph whose 70 used
                // clusters were connected.
                let mut used = vec![false; next.node_count];
                for c in level.hard.iter().flatten() {
                    if let Some(u) = used.get_mut(*c as usize) {
                        *u = true;
                    }
                }
                let parts = components(&next.adjacency, Some(&used));
                let before = components(&level.adjacency, None);
                if parts > before && next.node_count > 1 {
                    out.push(Diagnostic {
                        level: l,
                        kind: "disconnected",
                        message: if before == 1 {
                            format!(
                                "pooled graph falls into {parts} disconnected parts (level {l} is connected)"
                            )
                        } else {
                            format!(
                                "pooled graph falls into {parts} disconnected parts, more than level {l}'s {before}"
                            )
                        },
                    });
                }
            }
            if selection && assigned > 1 {
                let kept: Vec<usize> = level
                    .hard
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.is_some())
                    .map(|(i, _)| i)
                    .collect();
                let mut best = (0usize, 0usize);
                for &c in kept.iter().take(200) {
                    let near = ball(&level.adjacency, c, 2);
                    let inside = kept.iter().filter(|&&k| near[k]).count();
                    if inside > best.1 {
                        best = (c, inside);
                    }
                }
                let share = best.1 as f64 / kept.len() as f64;
                if share >= LOCAL_SHARE && kept.len() * 2 < level.node_count {
                    out.push(Diagnostic {
                        level: l,
                        kind: "local selection",
                        message: format!(
                            "kept nodes come from one region: {:.0}% within 2 hops of node {}",
                            100.0 * share,
                            best.0
                        ),
                    });
                }
            }
        }
        // Every embedding exactly 0 is not smoothing: the ReLUs output nothing for any node
        // (dead units, from too high a learning rate or a bad start), and the cure differs.
        let dead = level
            .embeddings
            .as_ref()
            .is_some_and(|e| !e.is_empty() && e.iter().all(|&x| x == 0.0));
        if dead && level.node_count > 2 {
            out.push(Diagnostic {
                level: l,
                kind: "dead units",
                message: "embeddings all zero: every unit's ReLU outputs 0 for every node (dead \
                          units, not smoothing); a lower learning rate or another seed revives \
                          them"
                    .to_string(),
            });
        } else if let Some(v) = m.embedding_variance
            && v < SMOOTH_VARIANCE
            && level.node_count > 2
        {
            out.push(Diagnostic {
                level: l,
                kind: "over-smoothed",
                message: format!(
                    "embeddings over-smoothed: variance {v:.1e}, nodes are indistinguishable"
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    fn hierarchy(s: Array2<f32>, embeddings: Option<Array2<f32>>) -> Hierarchy {
        let g = ring_of_cliques(4, 5);
        let mut h = Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![s],
            None,
            vec![embeddings],
            "t",
        );
        h.compute_metrics(&g, Some("clique"));
        h
    }

    #[test]
    fn perfect_assignment_has_no_warnings() {
        let s = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i / 5 == k));
        let e = Array2::from_shape_fn((20, 3), |(i, j)| (i * 3 + j) as f32);
        assert!(diagnose(&hierarchy(s, Some(e))).is_empty());
    }

    #[test]
    fn collapse_is_named_with_its_share() {
        let s = Array2::from_shape_fn((20, 12), |(i, k)| {
            f32::from(if i == 0 { k == 1 } else { k == 0 })
        });
        let d = diagnose(&hierarchy(s, None));
        let c = d
            .iter()
            .find(|d| d.kind == "collapse")
            .expect("collapse warning");
        assert_eq!(
            c.message,
            "collapse: 1 of 12 clusters holds 95% of nodes (2 of 12 used)"
        );
        assert!(
            !d.iter().any(|d| d.kind == "disconnected"),
            "ten empty clusters are isolated nodes above, but not parts: {d:?}"
        );
    }

    #[test]
    fn parts_the_input_already_had_are_not_flagged() {
        // Two separate triangles pooled one cluster each: two parts above, as below.
        let g = crate::graph::Graph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
            ],
        );
        let two = Array2::from_shape_fn((6, 2), |(i, k)| f32::from(i / 3 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![two], None, vec![], "t");
        assert!(!diagnose(&h).iter().any(|d| d.kind == "disconnected"));
        // Three clusters used of four: the empty one is an isolated node above, not a part.
        let three = Array2::from_shape_fn((6, 4), |(i, k)| {
            f32::from(match i {
                0..=2 => k == 0,
                3 | 4 => k == 1,
                _ => k == 3,
            })
        });
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![three], None, vec![], "t");
        assert!(!diagnose(&h).iter().any(|d| d.kind == "disconnected"));
        // A selection keeping 0, 1 and 3 of a path 0-1-2-3: its kept nodes fall apart.
        let mut edges: Vec<(u32, u32, f32)> = (0..3).map(|i| (i, i + 1, 1.0)).collect();
        edges.extend([(3, 4, 1.0), (4, 5, 1.0)]);
        let g = crate::graph::Graph::from_edges(6, &edges);
        let kept = [Some(0), Some(1), None, Some(2), None, None];
        let s = Array2::from_shape_fn((6, 3), |(i, k)| f32::from(kept[i] == Some(k)));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t");
        assert_eq!(h.levels[0].hard, kept.map(|k| k.map(|k: usize| k as u32)));
        let d = diagnose(&h);
        let w = d
            .iter()
            .find(|d| d.kind == "disconnected")
            .expect("flagged");
        assert_eq!(
            w.message,
            "pooled graph falls into 2 disconnected parts (level 0 is connected)"
        );
    }

    #[test]
    fn uniform_rows_and_flat_embeddings() {
        let s = Array2::from_shape_fn((20, 4), |(i, k)| if k == i / 5 { 0.26 } else { 0.74 / 3.0 });
        let flat = Array2::from_elem((20, 3), 0.5f32);
        let d = diagnose(&hierarchy(s, Some(flat)));
        assert!(
            d.iter()
                .any(|d| d.kind == "uniform" && d.message.contains("mean entropy 1.00 ln K")),
            "{d:?}"
        );
        assert!(d.iter().any(|d| d.kind == "over-smoothed"));
    }

    #[test]
    fn local_selection() {
        // Keep 4 nodes of the first clique out of 20: all within two hops of each other.
        let s = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i < 4 && i == k));
        let d = diagnose(&hierarchy(s, None));
        let w = d
            .iter()
            .find(|d| d.kind == "local selection")
            .expect("local warning");
        assert!(
            w.message
                .starts_with("kept nodes come from one region: 100% within 2 hops of node"),
            "{}",
            w.message
        );
    }

    #[test]
    fn all_zero_embeddings_are_dead_units_not_smoothing() {
        let g = ring_of_cliques(2, 4);
        let s = ndarray::Array2::from_shape_fn((8, 2), |(i, k)| f32::from(i / 4 == k));
        let embed = |value: f32| {
            let mut h = Hierarchy::from_parts(
                g.symmetric().into_owned(),
                vec![s.clone()],
                None,
                vec![Some(ndarray::Array2::from_elem((8, 3), value)), None],
                "t",
            );
            h.compute_metrics(&g, None);
            h
        };
        let kinds = |h: &Hierarchy| -> Vec<&'static str> {
            diagnose(h)
                .iter()
                .filter(|d| d.level == 0)
                .map(|d| d.kind)
                .collect()
        };
        let dead = kinds(&embed(0.0));
        assert!(
            dead.contains(&"dead units") && !dead.contains(&"over-smoothed"),
            "{dead:?}"
        );
        let smooth = kinds(&embed(0.7));
        assert!(
            smooth.contains(&"over-smoothed") && !smooth.contains(&"dead units"),
            "{smooth:?}"
        );
    }
}
