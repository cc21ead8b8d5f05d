//! The eigenvectors of the symmetric normalised Laplacian with the smallest non-trivial
//! eigenvalues, by subspace iteration: spectral features for training, and the spectral
//! embedding EigenPooling clusters.

use super::Csr;
use crate::numeric::linalg::{orthonormalise, symmetric_eigen};
use crate::numeric::rng::Rng;
use ndarray::Array2;

/// `k` eigenvectors of `D^-1/2 A D^-1/2` with the largest eigenvalues after the trivial one,
/// i.e. of the normalised Laplacian with the smallest; by subspace iteration with
/// Rayleigh–Ritz, seeded. Rows are nodes.
pub fn laplacian_eigenvectors(a: &Csr, k: usize, seed: u64) -> Array2<f32> {
    let n = a.node_count();
    let k = k.min(n.saturating_sub(1));
    if k == 0 {
        return Array2::zeros((n, 0));
    }
    let dinv: Vec<f64> = (0..n)
        .map(|i| {
            let d = a.weighted_degree(i) as f64;
            if d > 0.0 { 1.0 / d.sqrt() } else { 0.0 }
        })
        .collect();
    // M = I + D^-1/2 A D^-1/2 has eigenvalues in [0, 2], its top ones the Laplacian's bottom ones.
    // Rows are contiguous and independent: one parallel pass over them, summing neighbours in
    // the same order as a serial loop, so the result does not depend on the thread count.
    let apply = |x: &Array2<f64>| -> Array2<f64> {
        use rayon::prelude::*;
        let b = x.ncols();
        let x = x.as_standard_layout();
        let xs = x.as_slice().unwrap_or(&[]);
        let mut y = x.to_owned();
        if let Some(ys) = y.as_slice_mut() {
            ys.par_chunks_mut(b.max(1)).enumerate().for_each(|(i, yi)| {
                let (cols, vals) = a.row(i);
                for (&j, &w) in cols.iter().zip(vals) {
                    let c = w as f64 * dinv[i] * dinv[j as usize];
                    let xj = &xs[j as usize * b..(j as usize + 1) * b];
                    for (y, x) in yi.iter_mut().zip(xj) {
                        *y += c * x;
                    }
                }
            });
        }
        y
    };
    let block = (k + 1 + 8).min(n);
    let mut rng = Rng::new(seed);
    let mut q = Array2::from_shape_fn((n, block), |_| rng.normal());
    orthonormalise(&mut q);
    let iterations = if n <= 5_000 { 300 } else { 60 };
    for _ in 0..iterations {
        q = apply(&q);
        // Squaring the operator speeds separation of eigenvalues close to 2.
        q = apply(&q);
        orthonormalise(&mut q);
    }
    let mq = apply(&q);
    let t = q.t().dot(&mq);
    let (_, vecs) = symmetric_eigen(&t);
    let ritz = q.dot(&vecs);
    // Skip the trivial eigenvector (∝ D^1/2 1), take the next k.
    Array2::from_shape_fn((n, k), |(i, j)| ritz[[i, j + 1]] as f32)
}
