//! EigenPooling (Ma, Wang, Aggarwal, Tang, "Graph Convolutional Networks with EigenPooling",
//! KDD 2019), as torch-geometric-pool 1.0's `EigenPooling` with its 5 modes.
//!
//! - Select: spectral clustering, k-means (k-means++ seeding, 10 restarts, the lowest
//!   inertia kept) on the rows of the K smallest non-trivial eigenvectors of the normalised
//!   Laplacian, each row scaled to unit length. Nothing is learned.
//! - Reduce: per cluster the eigenvectors of its own subgraph's normalised Laplacian, the
//!   smoothest first (a cluster with fewer nodes than modes repeats its last), signed so their
//!   first entry is non-negative, form `Θ_m` (n x K, mode m of every cluster); the pooled
//!   features are the modes side by side, `X' = [Θ₀ᵀX, Θ₁ᵀX, …, Θ₄ᵀX]`, so each supernode
//!   carries its cluster's signal at 5 graph frequencies (`5d` features).
//! - Connect: `A' = Sᵀ A_ext S`, `A_ext` the edges between clusters only.

use super::fixed::{FixedLevel, level_by_level};
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Mat;
use crate::graph::{Csr, laplacian_eigenvectors};
use crate::nn::ParamStore;
use crate::numeric::linalg::symmetric_eigen;
use crate::numeric::rng::Rng;

/// Graph-frequency modes per cluster.
pub const MODES: usize = 5;
/// Clusters up to this size are decomposed exactly; bigger ones by subspace iteration.
const EXACT_UP_TO: usize = 96;

/// Spectral clusters of `a`: each node's cluster and the count.
pub fn spectral_clusters(a: &Csr, k: usize, seed: u64) -> (Vec<u32>, usize) {
    let n = a.node_count();
    let k = k.clamp(1, n.max(1));
    if k == 1 || k >= n {
        return (
            (0..n as u32).map(|i| if k == 1 { 0 } else { i }).collect(),
            k,
        );
    }
    let mut e = laplacian_eigenvectors(a, k, seed);
    for mut row in e.rows_mut() {
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.mapv_inplace(|v| v / norm);
        }
    }
    let labels = crate::numeric::kmeans::kmeans(&e, k, 10, seed);
    // Numbered by first appearance, dropping empty clusters.
    let mut id = vec![u32::MAX; k];
    let mut next = 0u32;
    let out = labels
        .iter()
        .map(|&c| {
            if id[c] == u32::MAX {
                id[c] = next;
                next += 1;
            }
            id[c]
        })
        .collect();
    (out, next as usize)
}

/// The mode matrices `Θ_m` side by side: `n x (MODES·k)`, mode-major as tgp's `theta`.
pub fn modes(a: &Csr, clusters: &[u32], k: usize, seed: u64) -> Mat {
    let n = a.node_count();
    let mut theta = Mat::zeros((n, MODES * k));
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &c) in clusters.iter().enumerate() {
        members[c as usize].push(i);
    }
    for (c, nodes) in members.iter().enumerate() {
        if nodes.is_empty() {
            continue;
        }
        let mut local = vec![usize::MAX; n];
        for (p, &i) in nodes.iter().enumerate() {
            local[i] = p;
        }
        let sub: Vec<(u32, u32, f32)> = nodes
            .iter()
            .flat_map(|&i| {
                let (cols, w) = a.row(i);
                let local = &local;
                cols.iter()
                    .zip(w)
                    .filter(move |(j, _)| local[**j as usize] != usize::MAX)
                    .map(move |(j, w)| (local[i] as u32, local[*j as usize] as u32, *w))
            })
            .collect();
        let m = nodes.len();
        let sub = Csr::from_triplets(m, &sub);
        let vecs = cluster_modes(&sub, seed.wrapping_add(c as u64));
        for mode in 0..MODES {
            let col = vecs.column(mode.min(vecs.ncols() - 1)).to_owned();
            let sign = if col[0] < 0.0 { -1.0 } else { 1.0 };
            for (p, &i) in nodes.iter().enumerate() {
                theta[[i, mode * k + c]] = sign * col[p];
            }
        }
    }
    theta
}

/// A cluster's normalised-Laplacian eigenvectors, smoothest first, at most `MODES` columns.
fn cluster_modes(sub: &Csr, seed: u64) -> Mat {
    let m = sub.node_count();
    if m == 1 {
        return Mat::ones((1, 1));
    }
    let deg: Vec<f64> = (0..m).map(|i| f64::from(sub.weighted_degree(i))).collect();
    if m <= EXACT_UP_TO {
        let mut l = ndarray::Array2::<f64>::eye(m);
        for (i, j, w) in sub.iter() {
            let (i, j) = (i as usize, j as usize);
            let s = (deg[i] * deg[j]).sqrt();
            if s > 0.0 {
                l[[i, j]] -= f64::from(w) / s;
            }
        }
        for i in 0..m {
            if deg[i] == 0.0 {
                l[[i, i]] = 0.0;
            }
        }
        let (values, vectors) = symmetric_eigen(&l);
        // Descending from the solver: the smoothest are last.
        let order: Vec<usize> = (0..values.len()).rev().take(MODES).collect();
        return Mat::from_shape_fn((m, order.len()), |(i, c)| vectors[[i, order[c]]] as f32);
    }
    // The trivial mode ∝ D^1/2 1, then the next smoothest.
    let norm = deg.iter().sum::<f64>().sqrt().max(1e-12);
    let rest = laplacian_eigenvectors(sub, MODES - 1, seed);
    Mat::from_shape_fn((m, MODES.min(rest.ncols() + 1)), |(i, c)| {
        if c == 0 {
            (deg[i].sqrt() / norm) as f32
        } else {
            rest[[i, c - 1]]
        }
    })
}

/// `Sᵀ A_ext S`: the edges between clusters, summed per pair of clusters.
pub fn connect(a: &Csr, clusters: &[u32], k: usize) -> Csr {
    let t: Vec<(u32, u32, f32)> = a
        .iter()
        .filter(|&(i, j, _)| clusters[i as usize] != clusters[j as usize])
        .map(|(i, j, w)| (clusters[i as usize], clusters[j as usize], w))
        .collect();
    Csr::from_triplets(k, &t)
}

pub struct EigenPool;

impl Pooler for EigenPool {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }
    /// Its eigenvectors and each cluster's modes: about 15 `n x k` matrices (measured: 12 MB
    /// for 5,000 nodes and K = 16).
    fn peak_floats(&self, n: usize, _arcs: usize, k: usize) -> f64 {
        15.0 * n as f64 * k as f64
    }

    fn width_factor(&self) -> usize {
        MODES
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, _: &Options) -> Vec<FixedLevel> {
        level_by_level(raw, ks, seed, |a, k, seed| {
            let (clusters, got) = spectral_clusters(a, k, seed);
            let theta = modes(a, &clusters, got, seed);
            let adjacency = connect(a, &clusters, got);
            FixedLevel::Modes {
                clusters: std::sync::Arc::new(clusters),
                k: got,
                theta: std::sync::Arc::new(theta),
                modes: MODES,
                adjacency: std::sync::Arc::new(adjacency),
            }
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "EigenPooling is not learned: spectral clustering and each cluster's Laplacian modes \
         pool the graph in one pass"
            .to_string()
    }

    fn card(&self) -> Card {
        Card {
            select: "Spectral clustering: k-means on the rows of the K smoothest non-trivial eigenvectors of the normalised Laplacian (unit rows, 10 restarts). Not learned.",
            reduce: "X' = [T_0^T X, ..., T_4^T X]: each cluster's own Laplacian eigenvectors (5 modes, smoothest first) project its members' features, so a supernode carries its cluster's signal at 5 graph frequencies",
            connect: "A' = S^T A_ext S, A_ext the edges between clusters only",
            losses: &[],
            failure: "Spectral clustering needs the K smallest eigenvalues to stand apart: on graphs without clear communities, or with K far from their number, k-means splits a smooth embedding arbitrarily. Features grow five-fold per level.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_blocks_are_found_and_modes_are_orthonormal_per_cluster() {
        let g = crate::generate::generate("sbm:n=300,k=3,din=10,dout=1,seed=4").expect("spec");
        let (c, k) = spectral_clusters(g.adjacency(), 3, 0);
        assert_eq!(k, 3);
        let truth = g.nodes.label("block").expect("block").codes.clone();
        let nmi = crate::metrics::nmi(&truth, &c);
        assert!(nmi > 0.95, "NMI {nmi}");
        let theta = modes(g.adjacency(), &c, k, 0);
        assert_eq!(theta.dim(), (300, MODES * 3));
        for cluster in 0..3 {
            for a in 0..MODES {
                for b in 0..MODES {
                    let col = |m: usize| theta.column(m * 3 + cluster);
                    let dot: f32 = col(a).iter().zip(col(b).iter()).map(|(x, y)| x * y).sum();
                    let want = if a == b { 1.0 } else { 0.0 };
                    assert!(
                        (dot - want).abs() < 1e-2,
                        "cluster {cluster} modes {a},{b}: {dot}"
                    );
                }
            }
        }
        let pooled = connect(g.adjacency(), &c, k);
        assert!(
            pooled.iter().all(|(i, j, _)| i != j),
            "no edges inside a cluster"
        );
    }
}
