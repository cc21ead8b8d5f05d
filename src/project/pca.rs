//! Principal component analysis of a level's embeddings: the top two eigenvectors of the
//! covariance matrix (Jacobi on the d x d covariance, so cost is O(n d² + d³)), with each
//! axis's sign fixed so that the largest-magnitude loading is positive (repeatable pictures).

use crate::numeric::linalg::symmetric_eigen;
use ndarray::{Array2, Axis};

/// 2-D coordinates (n x 2) and the share of variance each axis explains.
pub fn pca_2d(x: &Array2<f32>) -> (Array2<f32>, [f64; 2]) {
    let (n, d) = x.dim();
    if n == 0 || d == 0 {
        return (Array2::zeros((n, 2)), [0.0, 0.0]);
    }
    let x64 = x.mapv(|v| v as f64);
    let mean = x64
        .mean_axis(Axis(0))
        .unwrap_or_else(|| ndarray::Array1::zeros(d));
    let centred = &x64 - &mean;
    let cov = centred.t().dot(&centred) / (n.max(2) - 1) as f64;
    let (values, vectors) = symmetric_eigen(&cov);
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum::<f64>().max(1e-300);
    let mut out = Array2::zeros((n, 2));
    let mut explained = [0.0; 2];
    for k in 0..2.min(d) {
        let mut v = vectors.column(k).to_owned();
        let big = v
            .iter()
            .copied()
            .fold(0.0f64, |a, b| if b.abs() > a.abs() { b } else { a });
        if big < 0.0 {
            v.mapv_inplace(|x| -x);
        }
        let proj = centred.dot(&v);
        for i in 0..n {
            out[[i, k]] = proj[i] as f32;
        }
        explained[k] = values[k].max(0.0) / total;
    }
    (out, explained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_main_direction() {
        // Points along (1, 1, 0) with small noise in z.
        let x = Array2::from_shape_fn((50, 3), |(i, j)| match j {
            0 | 1 => i as f32,
            _ => ((i * 7) % 5) as f32 * 0.01,
        });
        let (p, explained) = pca_2d(&x);
        assert!(explained[0] > 0.99, "{explained:?}");
        // The first coordinate is the position along the line, increasing with i.
        assert!(p[[49, 0]] > p[[0, 0]]);
        assert!((p[[49, 0]] - p[[0, 0]] - 49.0 * 2f32.sqrt()).abs() < 1e-2);
    }

    #[test]
    fn separated_clusters_stay_separated() {
        let x = Array2::from_shape_fn((40, 8), |(i, j)| if (i < 20) == (j < 4) { 5.0 } else { 0.0 } + ((i * 31 + j * 17) % 7) as f32 * 0.05);
        let (p, _) = pca_2d(&x);
        let left: Vec<f32> = (0..20).map(|i| p[[i, 0]]).collect();
        let right: Vec<f32> = (20..40).map(|i| p[[i, 0]]).collect();
        let (lmax, lmin) = (
            left.iter().copied().fold(f32::MIN, f32::max),
            left.iter().copied().fold(f32::MAX, f32::min),
        );
        let (rmax, rmin) = (
            right.iter().copied().fold(f32::MIN, f32::max),
            right.iter().copied().fold(f32::MAX, f32::min),
        );
        assert!(
            lmax < rmin || rmax < lmin,
            "the two groups overlap on the first axis"
        );
        assert_eq!(pca_2d(&x).0, p, "deterministic");
    }
}
