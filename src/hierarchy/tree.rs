//! [`Hierarchy`]: the one result every consumer reads (window, export, metrics, CLI), whether
//! it was trained here or imported from assignment matrices made elsewhere.
//!
//! Level 0 is the input graph. Level l holds its adjacency, its embeddings (when known), its
//! assignment to level l+1 (`n_l x n_(l+1)`; rows sum to 1 for clustering methods, one-hot rows
//! for kept nodes and zero rows for dropped ones under score methods), the hard argmax, each
//! node's size in original nodes, and metrics.

use super::level::{Level, LevelMetrics, hard_rows};
use crate::graph::{Csr, Graph};
use crate::metrics;
use ndarray::Array2;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hierarchy {
    pub levels: Vec<Level>,
    /// Where it came from: a method name, or "imported".
    pub source: String,
}

/// Bytes pooling an `n x k` assignment takes at its peak: `AS` (`n x k`), `SᵀAS` dense and
/// then stored sparse, and the losses' `k x k` products.
pub fn pooling_bytes(n: usize, k: usize) -> f64 {
    let (n, k) = (n as f64, k as f64);
    4.0 * n * k + 16.0 * k * k
}

/// Refuses an assignment whose pooled graph could not be built in `machine` bytes (a file
/// with 50,000 columns for karate asked for 10 GB at once and aborted), saying what it needs.
pub fn check_pooling_memory(
    level: usize,
    n: usize,
    k: usize,
    machine: Option<f64>,
) -> Result<(), String> {
    let need = pooling_bytes(n, k);
    match machine {
        Some(m) if need > crate::train::budget::SHARE * m => Err(format!(
            "level {level}: {k} clusters would need about {:.0} GB to pool (their {k} x {k} \
             pooled adjacency); this machine has {:.0} GB. Keep only the columns of clusters \
             in use, or pass fewer",
            need / 1e9,
            m / 1e9
        )),
        _ => Ok(()),
    }
}

impl Hierarchy {
    /// Builds levels from level-0 adjacency and the per-level assignments, computing pooled
    /// adjacencies `SᵀAS` and sizes. `embeddings[l]` is optional per level.
    pub fn from_parts(
        adjacency0: impl Into<std::sync::Arc<Csr>>,
        assignments: Vec<Array2<f32>>,
        pooled: Option<Vec<Csr>>,
        embeddings: Vec<Option<Array2<f32>>>,
        source: &str,
    ) -> Self {
        let mut levels = Vec::new();
        let mut adjacency: std::sync::Arc<Csr> = adjacency0.into();
        let mut sizes = vec![1.0f32; adjacency.node_count()];
        for (l, s) in assignments.iter().enumerate() {
            let hard = hard_rows(s);
            let k = s.ncols();
            let next_adj: std::sync::Arc<Csr> = match pooled.as_ref().and_then(|p| p.get(l)) {
                Some(p) => std::sync::Arc::new(p.clone()),
                None => {
                    // SᵀAS via sparse A times dense S.
                    let mut as_ = Array2::<f32>::zeros((adjacency.node_count(), k));
                    for (i, j, w) in adjacency.iter() {
                        let mut row = as_.row_mut(i as usize);
                        row.scaled_add(w, &s.row(j as usize));
                    }
                    std::sync::Arc::new(Csr::from_dense(&s.t().dot(&as_)))
                }
            };
            let mut next_sizes = vec![0.0f32; k];
            for (i, h) in hard.iter().enumerate() {
                if let Some(c) = h {
                    next_sizes[*c as usize] += sizes[i];
                }
            }
            levels.push(Level {
                node_count: adjacency.node_count(),
                adjacency,
                embeddings: embeddings.get(l).cloned().flatten(),
                assignment: Some(s.clone()),
                hard,
                sizes,
                metrics: LevelMetrics::default(),
            });
            adjacency = next_adj;
            sizes = next_sizes;
        }
        let top = assignments.len();
        levels.push(Level {
            node_count: adjacency.node_count(),
            hard: Vec::new(),
            adjacency,
            embeddings: embeddings.get(top).cloned().flatten(),
            assignment: None,
            sizes,
            metrics: LevelMetrics::default(),
        });
        Self {
            levels,
            source: source.to_string(),
        }
    }

    /// A hierarchy from assignment matrices made elsewhere, one per level: `S₀` is `N x K₀`
    /// for the graph's N nodes, `S₁` is `K₀ x K₁`, and so on. Shapes must chain and values be
    /// finite, non-negative, with rows summing to 1 (or all zero: a dropped node).
    pub fn import(
        graph: &Graph,
        assignments: Vec<Array2<f32>>,
        labels: Option<&str>,
    ) -> Result<Self, String> {
        if assignments.is_empty() {
            return Err("expected at least one assignment matrix".into());
        }
        let mut rows = graph.node_count();
        for (l, s) in assignments.iter().enumerate() {
            if s.nrows() != rows {
                return Err(if l == 0 {
                    format!(
                        "level 1: the assignment has {} rows but the graph has {rows} nodes (one row per node, in file order)",
                        s.nrows()
                    )
                } else {
                    format!(
                        "level {}: the assignment has {} rows but level {l} has {rows} clusters",
                        l + 1,
                        s.nrows()
                    )
                });
            }
            check_assignment(l + 1, s)?;
            check_pooling_memory(
                l + 1,
                s.nrows(),
                s.ncols(),
                crate::train::budget::machine_bytes(),
            )?;
            rows = s.ncols();
        }
        let mut h = Self::from_parts(
            graph.symmetric().into_owned(),
            assignments,
            None,
            Vec::new(),
            "imported",
        );
        h.compute_metrics(graph, labels);
        Ok(h)
    }

    pub fn depth(&self) -> usize {
        self.levels.len()
    }

    /// The level-0 nodes that node `node` of level `level` stands for.
    pub fn members(&self, level: usize, node: usize) -> Vec<usize> {
        let mut current: Vec<usize> = vec![node];
        for l in (0..level).rev() {
            let hard = &self.levels[l].hard;
            let targets: std::collections::HashSet<usize> = current.into_iter().collect();
            current = hard
                .iter()
                .enumerate()
                .filter(|(_, h)| h.is_some_and(|c| targets.contains(&(c as usize))))
                .map(|(i, _)| i)
                .collect();
        }
        current
    }

    /// The node that `node` of level `level` belongs to on every level above, in order
    /// (`None` once a score method dropped it).
    pub fn ancestors(&self, level: usize, node: usize) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        let mut current = Some(node);
        for l in level..self.levels.len().saturating_sub(1) {
            current = current.and_then(|c| {
                self.levels[l]
                    .hard
                    .get(c)
                    .copied()
                    .flatten()
                    .map(|x| x as usize)
            });
            out.push(current);
        }
        out
    }

    /// For each level-0 node, its node on level `level` (`None` if dropped on the way).
    pub fn level0_partition(&self, level: usize) -> Vec<Option<u32>> {
        self.partition(0, level)
    }

    /// For each node of level `from`, its node on level `to` above it (`None` if dropped on
    /// the way); `to <= from` maps every node to itself.
    pub fn partition(&self, from: usize, to: usize) -> Vec<Option<u32>> {
        let n = self.levels.get(from).map_or(0, |l| l.node_count);
        let mut part: Vec<Option<u32>> = (0..n as u32).map(Some).collect();
        for l in from..to.min(self.levels.len().saturating_sub(1)) {
            let hard = &self.levels[l].hard;
            for p in &mut part {
                *p = p.and_then(|c| hard.get(c as usize).copied().flatten());
            }
        }
        part
    }

    /// NMI and ARI against another label column, the rest of the metrics as they are: what
    /// the window does when the user picks other labels, so the titles follow at once.
    pub fn rescore(&mut self, graph: &Graph, labels: Option<&str>) {
        let chosen = labels
            .and_then(|c| graph.nodes.label(c))
            .or(graph.nodes.labels.first());
        for l in 0..self.levels.len() {
            if self.levels[l].assignment.is_none() {
                continue;
            }
            let pred: Vec<u32> = self
                .level0_partition(l + 1)
                .iter()
                .map(|p| p.unwrap_or(u32::MAX))
                .collect();
            let m = &mut self.levels[l].metrics;
            m.nmi = chosen.map(|c| metrics::nmi(&c.codes, &pred));
            m.ari = chosen.map(|c| metrics::ari(&c.codes, &pred));
        }
    }

    /// Fills every level's metrics; `labels` names the column NMI and ARI use.
    pub fn compute_metrics(&mut self, graph: &Graph, labels: Option<&str>) {
        let columns: Vec<_> = graph.nodes.labels.iter().collect();
        let chosen = labels
            .and_then(|c| graph.nodes.label(c))
            .or(columns.first().copied());
        for l in 0..self.levels.len() {
            let part_next = self.level0_partition(l + 1);
            let level = &self.levels[l];
            let mut m = LevelMetrics::default();
            if let Some(s) = &level.assignment {
                let k = s.ncols();
                m.clusters = k;
                let hard: Vec<u32> = level.hard.iter().map(|h| h.unwrap_or(u32::MAX)).collect();
                let kept: Vec<u32> = hard.iter().copied().filter(|&h| h != u32::MAX).collect();
                let sizes = metrics::cluster_sizes(&kept, k);
                m.clusters_used = sizes.iter().filter(|&&s| s > 0).count();
                m.size_entropy = metrics::size_entropy(&sizes);
                m.largest_cluster_share =
                    sizes.iter().copied().max().unwrap_or(0) as f64 / kept.len().max(1) as f64;
                m.assignment_entropy = metrics::mean_assignment_entropy(s);
                m.assignment_entropy_ratio = if k > 1 {
                    m.assignment_entropy / (k as f64).ln()
                } else {
                    0.0
                };
                let (ortho, cluster) = ortho_and_cluster(s);
                m.ortho = ortho;
                m.ortho_max = (2.0 - 2.0 / (k as f64).sqrt()).max(0.0).sqrt();
                m.dmon_cluster = cluster;
                if kept.len() == hard.len() {
                    m.modularity = metrics::modularity(&level.adjacency, &hard);
                    m.conductance = metrics::mean_conductance(&level.adjacency, &hard);
                }
                let pred: Vec<u32> = part_next.iter().map(|p| p.unwrap_or(u32::MAX)).collect();
                for col in &columns {
                    m.nmi_by_column
                        .push((col.name.clone(), metrics::nmi(&col.codes, &pred)));
                }
                if let Some(col) = chosen {
                    m.nmi = Some(metrics::nmi(&col.codes, &pred));
                    m.ari = Some(metrics::ari(&col.codes, &pred));
                }
            }
            m.embedding_variance = level.embeddings.as_ref().map(metrics::embedding_variance);
            self.levels[l].metrics = m;
        }
    }
}

/// An assignment's values, as every reader checks them: at least one column, finite and
/// non-negative, each row summing to 1 (or all zero: a dropped node). `level` counts from 1.
pub fn check_assignment(level: usize, s: &Array2<f32>) -> Result<(), String> {
    let l = level - 1;
    if s.ncols() == 0 {
        return Err(format!("level {}: the assignment has no columns", l + 1));
    }
    if let Some(((i, k), v)) = s.indexed_iter().find(|(_, v)| !v.is_finite() || **v < 0.0) {
        return Err(format!(
            "level {}: row {}, column {}: {v} is not a finite non-negative number",
            l + 1,
            i + 1,
            k + 1
        ));
    }
    for (i, r) in s.rows().into_iter().enumerate() {
        let sum: f32 = r.sum();
        if sum != 0.0 && (sum - 1.0).abs() > 1e-3 {
            return Err(format!(
                "level {}: row {} sums to {sum}, expected 1 (apply a softmax to logits)",
                l + 1,
                i + 1
            ));
        }
    }
    Ok(())
}

/// MinCut's ortho loss and DMoN's cluster loss of an assignment, computed directly.
fn ortho_and_cluster(s: &Array2<f32>) -> (f64, f64) {
    let (n, k) = s.dim();
    // SᵀS in f64, a block of rows at a time, so a 100,000-row S is never copied whole.
    let mut ss = Array2::<f64>::zeros((k, k));
    let mut sums = ndarray::Array1::<f64>::zeros(k);
    let nonzero = s.iter().filter(|&&v| v != 0.0).count();
    if nonzero * 8 < n * k {
        // Mostly zeros (a hard or selection level of many clusters): only the pairs of each
        // row's non-zeros, O(n · nnz²/n²) instead of the product's O(n k²).
        let mut nz: Vec<(usize, f64)> = Vec::new();
        for row in s.rows() {
            nz.clear();
            nz.extend(
                row.iter()
                    .enumerate()
                    .filter(|(_, v)| **v != 0.0)
                    .map(|(c, &v)| (c, v as f64)),
            );
            for &(a, va) in &nz {
                sums[a] += va;
                for &(b, vb) in &nz {
                    ss[[a, b]] += va * vb;
                }
            }
        }
    } else {
        for block in s.axis_chunks_iter(ndarray::Axis(0), 4096) {
            let b = block.mapv(|v| v as f64);
            ss += &b.t().dot(&b);
            sums += &b.sum_axis(ndarray::Axis(0));
        }
    }
    let norm = ss.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-15);
    let eye = 1.0 / (k as f64).sqrt();
    let ortho = ss
        .indexed_iter()
        .map(|((i, j), v)| (v / norm - if i == j { eye } else { 0.0 }).powi(2))
        .sum::<f64>()
        .sqrt();
    let cluster =
        (k as f64).sqrt() * sums.iter().map(|v| v * v).sum::<f64>().sqrt() / n.max(1) as f64 - 1.0;
    (ortho, cluster)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;

    fn clique_hierarchy() -> (Graph, Hierarchy) {
        let g = ring_of_cliques(4, 3);
        // Level 0 -> 4 cliques -> 2 pairs of cliques.
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(i / 3 == k));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let h = Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![s0, s1],
            None,
            vec![],
            "test",
        );
        (g, h)
    }

    #[test]
    fn members_and_ancestors() {
        let (_, h) = clique_hierarchy();
        assert_eq!(h.depth(), 3);
        assert_eq!(h.levels[1].node_count, 4);
        assert_eq!(h.levels[2].node_count, 2);
        assert_eq!(h.members(1, 2), vec![6, 7, 8]);
        assert_eq!(h.members(2, 1), vec![6, 7, 8, 9, 10, 11]);
        assert_eq!(h.ancestors(0, 7), vec![Some(2), Some(1)]);
        assert_eq!(h.levels[2].sizes, vec![6.0, 6.0]);
        // Pooled adjacency: each clique keeps 3 inner edges (6 in SᵀAS) and one edge to each neighbour.
        assert_eq!(h.levels[1].adjacency.get(0, 0), 6.0);
        assert_eq!(h.levels[1].adjacency.get(0, 1), 1.0);
    }

    #[test]
    fn perfect_assignment_scores_perfectly() {
        let (g, mut h) = clique_hierarchy();
        h.compute_metrics(&g, Some("clique"));
        let m = &h.levels[0].metrics;
        assert_eq!(m.nmi, Some(1.0));
        assert_eq!(m.clusters_used, 4);
        assert!(m.ortho.abs() < 1e-9);
        assert!(m.dmon_cluster.abs() < 1e-9);
        assert!(
            (m.modularity - 0.5).abs() < 1e-9,
            "24/32 inside minus 4 x (8/32)²: {}",
            m.modularity
        );
        assert!(
            h.levels[1].metrics.nmi.is_some_and(|v| v < 1.0),
            "pairs of cliques are coarser than the truth"
        );
    }

    #[test]
    fn import_checks_the_chain() {
        let g = ring_of_cliques(4, 3);
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(i / 3 == k));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let h = Hierarchy::import(&g, vec![s0.clone(), s1], Some("clique")).expect("valid chain");
        assert_eq!(h.depth(), 3);
        assert_eq!(h.levels[0].metrics.nmi, Some(1.0));
        let bad = Array2::from_shape_fn((5, 2), |(_, k)| f32::from(k == 0));
        assert!(
            check_pooling_memory(1, 34, 50_000, Some(24e9)).is_err_and(|e| {
                e.contains("level 1: 50000 clusters would need about 40 GB") && e.contains("24 GB")
            })
        );
        assert!(check_pooling_memory(1, 34, 5_000, Some(24e9)).is_ok());
        assert!(check_pooling_memory(1, 34, 50_000, None).is_ok());
        let e = Hierarchy::import(&g, vec![s0.clone(), bad], None)
            .err()
            .unwrap_or_default();
        assert!(
            e.contains("level 2: the assignment has 5 rows but level 1 has 4 clusters"),
            "{e}"
        );
        let mut half = s0.clone();
        half[[0, 0]] = 0.5;
        assert!(
            Hierarchy::import(&g, vec![half], None)
                .err()
                .unwrap_or_default()
                .contains("row 1 sums to 0.5")
        );
        let short = Array2::from_elem((3, 2), 0.5f32);
        assert!(
            Hierarchy::import(&g, vec![short], None)
                .err()
                .unwrap_or_default()
                .contains("graph has 12 nodes")
        );
    }

    #[test]
    fn collapse_and_selection() {
        let g = ring_of_cliques(2, 3);
        let collapsed = Array2::from_shape_fn((6, 3), |(_, k)| f32::from(k == 0));
        let mut h = Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![collapsed],
            None,
            vec![],
            "t",
        );
        h.compute_metrics(&g, None);
        let m = &h.levels[0].metrics;
        assert_eq!(m.clusters_used, 1);
        assert_eq!(m.largest_cluster_share, 1.0);
        assert!(
            (m.ortho - m.ortho_max).abs() < 1e-6,
            "a collapsed assignment has the maximal ortho loss"
        );
        // Selection: keep nodes 0 and 4.
        let sel = Array2::from_shape_fn((6, 2), |(i, k)| {
            f32::from((i == 0 && k == 0) || (i == 4 && k == 1))
        });
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![sel], None, vec![], "t");
        assert_eq!(h.levels[0].hard[1], None);
        assert_eq!(h.members(1, 1), vec![4]);
        assert_eq!(h.level0_partition(1)[1], None);
    }
}
