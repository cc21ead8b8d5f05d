//! Dense products on every core. ndarray's `dot` runs matrixmultiply on one thread, and on a
//! 15,000-node graph pooled into 181 clusters the products `Sᵀ(AS)` and their gradients are
//! most of an epoch, so the big ones are cut into blocks that rayon spreads over the cores.
//! Small products stay whole: splitting them costs more than it saves.

use super::Mat;
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, Axis, s};
use rayon::prelude::*;

/// Below this many multiply-adds a product runs on the calling thread.
const PARALLEL_WORK: usize = 4 << 20;
/// The fewest rows (or inner terms) a block gets.
const MIN_BLOCK: usize = 64;

/// `a · b`, on every core when it is big enough to gain from it. The result equals `a.dot(b)`
/// up to the order of the additions.
pub fn dot(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Mat {
    let (m, k) = a.dim();
    let n = b.ncols();
    assert_eq!(k, b.nrows(), "dot shapes");
    let threads = rayon::current_num_threads();
    if threads < 2 || m.saturating_mul(n).saturating_mul(k) < PARALLEL_WORK {
        return a.dot(&b);
    }
    let tall = m >= n;
    if m.max(n) >= threads * MIN_BLOCK {
        // Blocks of rows of a tall result, of columns of a wide one (`G (AS)ᵀ` in a gradient),
        // each written in place and packing only its own part of the long operand.
        let (axis, size) = if tall { (Axis(0), m) } else { (Axis(1), n) };
        let step = size.div_ceil(threads * 2).max(MIN_BLOCK);
        let mut out = Mat::zeros((m, n));
        out.axis_chunks_iter_mut(axis, step)
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut o)| {
                let part = i * step..((i + 1) * step).min(size);
                if tall {
                    general_mat_mul(1.0, &a.slice(s![part, ..]), &b, 0.0, &mut o);
                } else {
                    general_mat_mul(1.0, &a, &b.slice(s![.., part]), 0.0, &mut o);
                }
            });
        out
    } else if k >= threads * MIN_BLOCK {
        // Small result, long inner dimension (`SᵀX` over the nodes): partial sums added up.
        let inner = k.div_ceil(threads * 2).max(MIN_BLOCK);
        a.axis_chunks_iter(Axis(1), inner)
            .into_par_iter()
            .zip(b.axis_chunks_iter(Axis(0), inner).into_par_iter())
            .map(|(a, b)| a.dot(&b))
            .reduce_with(|mut x, y| {
                x += &y;
                x
            })
            .unwrap_or_else(|| Mat::zeros((m, n)))
    } else {
        a.dot(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::Rng;

    fn random(rows: usize, cols: usize, seed: u64) -> Mat {
        let mut rng = Rng::new(seed);
        Mat::from_shape_fn((rows, cols), |_| rng.next_f32() - 0.5)
    }

    fn close(x: &Mat, y: &Mat) {
        assert_eq!(x.dim(), y.dim());
        let worst = x
            .iter()
            .zip(y)
            .map(|(p, q)| (p - q).abs() / (1.0 + q.abs()))
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "differs by {worst}");
    }

    #[test]
    fn every_shape_gives_the_serial_product() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("pool");
        pool.install(|| {
            // Tall (rows split), long inner (inner split), small (serial), square, wide (columns
            // split), and a transposed view.
            for (m, k, n) in [
                (3000, 40, 50),
                (30, 5000, 40),
                (10, 10, 10),
                (1000, 1000, 7),
                (40, 300, 3000),
            ] {
                let a = random(m, k, 1);
                let b = random(k, n, 2);
                close(&dot(a.view(), b.view()), &a.dot(&b));
            }
            let s = random(4000, 60, 3);
            close(&dot(s.t(), s.view()), &s.t().dot(&s));
        });
    }
}
