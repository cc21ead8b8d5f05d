//! One level of a hierarchy: its graph, embeddings, assignment to the next level and metrics.

use crate::graph::Csr;
use ndarray::Array2;
use serde::Serialize;

/// Per-level numbers, the same ones the CLI prints and the window shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LevelMetrics {
    /// Clusters this level's nodes are assigned to, out of the next level's size.
    pub clusters_used: usize,
    pub clusters: usize,
    /// NMI and ARI of the level-0 nodes' cluster at the next level against the label column.
    pub nmi: Option<f64>,
    pub ari: Option<f64>,
    /// NMI against every label column, for nested ground truth.
    pub nmi_by_column: Vec<(String, f64)>,
    /// Modularity of the hard assignment on this level's graph.
    pub modularity: f64,
    pub conductance: f64,
    pub size_entropy: f64,
    /// Mean row entropy of the soft assignment, and its ratio to ln K.
    pub assignment_entropy: f64,
    pub assignment_entropy_ratio: f64,
    /// MinCut's ortho loss of the assignment, and its maximum √(2 − 2/√K).
    pub ortho: f64,
    pub ortho_max: f64,
    /// DMoN's cluster (collapse) loss √K‖Σᵢ Sᵢ‖/N − 1.
    pub dmon_cluster: f64,
    /// Mean per-dimension variance of the embeddings (over-smoothing shows as ~0).
    pub embedding_variance: Option<f64>,
    /// Share of this level's nodes in the largest cluster.
    pub largest_cluster_share: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub node_count: usize,
    /// Symmetric weighted adjacency (the raw `SᵀAS` above level 0). Shared: every snapshot of
    /// a run holds the same level 0, so a timeline of them costs that graph once.
    pub adjacency: std::sync::Arc<Csr>,
    pub embeddings: Option<Array2<f32>>,
    /// Assignment to the next level; `None` on the top level.
    pub assignment: Option<Array2<f32>>,
    /// Argmax of each row; `None` for nodes a score method dropped.
    pub hard: Vec<Option<u32>>,
    /// Original (level-0) nodes each node stands for.
    pub sizes: Vec<f32>,
    pub metrics: LevelMetrics,
}

/// The hard assignment of rows; all-zero rows (dropped nodes) give `None`.
pub fn hard_rows(s: &Array2<f32>) -> Vec<Option<u32>> {
    s.rows()
        .into_iter()
        .map(|r| {
            if r.iter().all(|&v| v == 0.0) {
                return None;
            }
            let mut best = 0;
            for (k, &v) in r.iter().enumerate() {
                if v > r[best] {
                    best = k;
                }
            }
            Some(best as u32)
        })
        .collect()
}
