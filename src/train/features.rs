//! Node features for training: the file's own, one-hot identity, degree, or Laplacian
//! positional encodings (the eigenvectors of the symmetric normalised Laplacian with the
//! smallest non-trivial eigenvalues, as PyG's `AddLaplacianEigenvectorPE`).
//!
//! The default is spectral: with identity features MinCut collapses to one cluster on football
//! and on SBMs (DESIGN.md), while 16 Laplacian eigenvectors let both MinCut and DMoN recover
//! the communities.

use crate::graph::{Csr, Graph};
use ndarray::Array2;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FeatureKind {
    /// Laplacian eigenvectors (16), plus the file's features when it has them.
    #[default]
    Spectral,
    /// One-hot node identity (n columns: small graphs only).
    Identity,
    /// Log-degree and one-hot degree buckets.
    Degree,
    /// The file's numeric features (and one-hot node labels for TU data sets).
    File,
}

impl std::str::FromStr for FeatureKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "spectral" | "laplacian" => Ok(FeatureKind::Spectral),
            "identity" | "onehot" => Ok(FeatureKind::Identity),
            "degree" => Ok(FeatureKind::Degree),
            "file" => Ok(FeatureKind::File),
            _ => Err(format!(
                "unknown features `{s}` (expected spectral, identity, degree or file)"
            )),
        }
    }
}

/// Identity features are refused above this many nodes (n x n floats).
pub const MAX_IDENTITY_NODES: usize = 20_000;
/// Laplacian eigenvectors used by the spectral features, at least.
pub const SPECTRAL_DIMS: usize = 16;
/// ... and at most: the eigenvectors' time grows with their count (64 on 15,000 nodes: about
/// 3 s), and 128 gained astro-ph's level 1 only 0.016 more.
pub const MAX_SPECTRAL_DIMS: usize = 64;

/// Eigenvector values (nodes x eigenvectors) above which no more than [`SPECTRAL_DIMS`] are
/// computed: the solver keeps several blocks of them in f64.
const SPECTRAL_VALUES: usize = 4_000_000;

/// Eigenvectors for a first pooling level of `k` clusters on `n` nodes: the clusters are told
/// apart by these coordinates alone, and 16 cannot place a hundred communities of a real
/// graph. On astro-ph's giant component (14,845 nodes, K = 121) DMoN's level 1 reached
/// modularity 0.499 with 16 and 0.585 with 64. Up to K = 32 (football, the samples) it stays
/// 16, and on big graphs it shrinks back to 16 (250,000 nodes and more).
pub fn spectral_dims(k: usize, n: usize) -> usize {
    let fits = SPECTRAL_VALUES / n.max(1);
    (k / 2).min(fits).clamp(SPECTRAL_DIMS, MAX_SPECTRAL_DIMS)
}

pub use crate::graph::laplacian_eigenvectors;

/// Builds the feature matrix for `graph`, `dims` eigenvectors for spectral features.
pub fn build(
    graph: &Graph,
    kind: FeatureKind,
    seed: u64,
    dims: usize,
) -> Result<Array2<f32>, String> {
    let n = graph.node_count();
    let sym = graph.symmetric();
    let file = graph.nodes.features.as_ref().map(|f| f.values.clone());
    if let Some(f) = &file
        && f.iter().any(|v| !v.is_finite())
    {
        return Err("the node features hold NaN or infinity".into());
    }
    Ok(match kind {
        FeatureKind::Identity => {
            if n > MAX_IDENTITY_NODES {
                return Err(format!(
                    "identity features need n x n values; use spectral or degree above {MAX_IDENTITY_NODES} nodes"
                ));
            }
            Array2::eye(n)
        }
        FeatureKind::Degree => degree_features(&sym),
        FeatureKind::Spectral => {
            let pe = laplacian_eigenvectors(&sym, dims, seed);
            // Scale so rows have entries of order 1 whatever n is.
            let scale = (n as f32).sqrt();
            let pe = pe.mapv(|v| v * scale);
            match file {
                Some(f) => {
                    ndarray::concatenate(ndarray::Axis(1), &[pe.view(), standardise(f).view()])
                        .map_err(|e| e.to_string())?
                }
                None => pe,
            }
        }
        FeatureKind::File => match (file, graph.nodes.labels.first()) {
            (Some(f), _) => standardise(f),
            (None, Some(col)) => {
                let mut m = Array2::zeros((n, col.classes.len().max(1)));
                for (i, c) in col.codes.iter().enumerate() {
                    if let Some(c) = c {
                        m[[i, *c as usize]] = 1.0;
                    }
                }
                m
            }
            (None, None) => return Err(
                "the graph has no features or labels of its own; use spectral, identity or degree"
                    .into(),
            ),
        },
    })
}

fn degree_features(a: &Csr) -> Array2<f32> {
    let n = a.node_count();
    let buckets = 8;
    Array2::from_shape_fn((n, buckets + 1), |(i, j)| {
        let d = a.degree(i) as f32;
        if j == buckets {
            (1.0 + d).ln()
        } else {
            let bucket = ((1.0 + d).log2().floor() as usize).min(buckets - 1);
            f32::from(bucket == j)
        }
    })
}

fn standardise(mut f: Array2<f32>) -> Array2<f32> {
    for mut col in f.columns_mut() {
        let n = col.len().max(1) as f32;
        let mean = col.sum() / n;
        let sd = (col.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n).sqrt();
        col.mapv_inplace(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 });
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;

    #[test]
    fn fiedler_vector_splits_a_barbell() {
        let g = crate::generate::barbell(6, 0);
        let pe = laplacian_eigenvectors(&g.symmetric(), 1, 0);
        let signs: Vec<bool> = (0..12).map(|i| pe[[i, 0]] > 0.0).collect();
        assert!(signs[..6].iter().all(|&s| s == signs[0]));
        assert!(signs[6..].iter().all(|&s| s != signs[0]));
    }

    #[test]
    fn eigenvectors_are_orthonormal_after_weighting() {
        let g = ring_of_cliques(5, 4);
        let pe = laplacian_eigenvectors(&g.symmetric(), 4, 1);
        let gram = pe.t().dot(&pe);
        for i in 0..4 {
            assert!((gram[[i, i]] - 1.0).abs() < 1e-3);
        }
    }

    #[test]
    fn eigenvectors_follow_the_clusters_asked_for_within_bounds() {
        assert_eq!(spectral_dims(12, 115), 16, "football as before");
        assert_eq!(spectral_dims(121, 14_845), 60);
        assert_eq!(spectral_dims(500, 20_000), 64);
        assert_eq!(spectral_dims(316, 100_000), 40);
        assert_eq!(spectral_dims(1000, 1_000_000), 16);
    }

    #[test]
    fn kinds_and_bad_features() {
        let mut g = ring_of_cliques(3, 3);
        assert_eq!(
            build(&g, FeatureKind::Identity, 0, SPECTRAL_DIMS).map(|f| f.dim()),
            Ok((9, 9))
        );
        assert_eq!(
            build(&g, FeatureKind::Degree, 0, SPECTRAL_DIMS).map(|f| f.dim()),
            Ok((9, 9))
        );
        assert_eq!(
            build(&g, FeatureKind::Spectral, 0, SPECTRAL_DIMS).map(|f| f.dim()),
            Ok((9, 8))
        );
        g.nodes.features = Some(crate::graph::Features {
            names: vec!["x".into()],
            values: Array2::from_elem((9, 1), f32::NAN),
        });
        assert!(build(&g, FeatureKind::File, 0, SPECTRAL_DIMS).is_err());
    }
}
