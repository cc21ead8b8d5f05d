//! Element-wise maps and zips over matrices, on rayon's threads once a matrix is big enough.
//! With the products on every core ([`super::gemm`]) these were the serial half of a DMoN
//! epoch at 15,000 nodes and K = 122 (softmax, its gradient, SELU, the Hadamard products of
//! the losses, every gradient's accumulation). Each value is computed by the same arithmetic
//! whatever the thread count, so results do not depend on it.

use super::Mat;
use ndarray::Zip;

/// Values below which the work stays on the calling thread: splitting costs more than it saves.
pub const PAR_VALUES: usize = 1 << 16;

fn big(values: usize) -> bool {
    values >= PAR_VALUES
}

/// `f` of every value.
pub fn map(x: &Mat, f: impl Fn(f32) -> f32 + Sync + Send) -> Mat {
    if big(x.len()) {
        Zip::from(x).par_map_collect(|&v| f(v))
    } else {
        x.mapv(f)
    }
}

/// The shape two broadcastable shapes make together.
fn joint(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0.max(b.0), a.1.max(b.1))
}

/// `f(a, b)` value by value, a `1 x d` row, an `n x 1` column or a `1 x 1` scalar broadcast
/// against the other (the tape checked the shapes when it recorded the op).
pub fn zip(a: &Mat, b: &Mat, f: impl Fn(f32, f32) -> f32 + Sync + Send) -> Mat {
    let shape = joint(a.dim(), b.dim());
    let (Some(av), Some(bv)) = (a.broadcast(shape), b.broadcast(shape)) else {
        panic!("shapes {:?} and {:?} do not broadcast", a.dim(), b.dim());
    };
    let z = Zip::from(av).and(bv);
    if big(shape.0 * shape.1) {
        z.par_map_collect(|&x, &y| f(x, y))
    } else {
        z.map_collect(|&x, &y| f(x, y))
    }
}

/// `f(a, b, c)` value by value, broadcasting as [`zip`].
pub fn zip3(a: &Mat, b: &Mat, c: &Mat, f: impl Fn(f32, f32, f32) -> f32 + Sync + Send) -> Mat {
    let shape = joint(joint(a.dim(), b.dim()), c.dim());
    let (Some(av), Some(bv), Some(cv)) =
        (a.broadcast(shape), b.broadcast(shape), c.broadcast(shape))
    else {
        panic!(
            "shapes {:?}, {:?} and {:?} do not broadcast",
            a.dim(),
            b.dim(),
            c.dim()
        );
    };
    let z = Zip::from(av).and(bv).and(cv);
    if big(shape.0 * shape.1) {
        z.par_map_collect(|&x, &y, &w| f(x, y, w))
    } else {
        z.map_collect(|&x, &y, &w| f(x, y, w))
    }
}

/// `acc += g`, of one shape.
pub fn add_assign(acc: &mut Mat, g: &Mat) {
    if big(acc.len()) && acc.dim() == g.dim() {
        Zip::from(acc).and(g).par_for_each(|a, &b| *a += b);
    } else {
        *acc += g;
    }
}

/// `x` transposed, as a new matrix in row-major order.
pub fn transpose(x: &Mat) -> Mat {
    let t = x.t();
    if big(x.len()) {
        Zip::from(t).par_map_collect(|&v| v)
    } else {
        t.to_owned()
    }
}

/// Softmax of each row, stable (a row's largest value subtracted first).
pub fn softmax_rows(x: &Mat) -> Mat {
    let mut value = x.clone();
    let row = |mut row: ndarray::ArrayViewMut1<f32>| {
        let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        row.mapv_inplace(|v| (v - m).exp());
        let s: f32 = row.sum();
        if s > 0.0 {
            row.mapv_inplace(|v| v / s);
        }
    };
    if big(x.len()) {
        Zip::from(value.rows_mut()).par_for_each(row);
    } else {
        value.rows_mut().into_iter().for_each(row);
    }
    value
}

/// The gradient through a row softmax `y` of an upstream `g`: `y ⊙ (g − Σⱼ gⱼ yⱼ)` per row.
pub fn softmax_rows_grad(y: &Mat, g: &Mat) -> Mat {
    let mut d = Mat::zeros(y.dim());
    let row = |mut d: ndarray::ArrayViewMut1<f32>,
               y: ndarray::ArrayView1<f32>,
               g: ndarray::ArrayView1<f32>| {
        let dot: f32 = y.iter().zip(g.iter()).map(|(y, g)| y * g).sum();
        Zip::from(&mut d)
            .and(&y)
            .and(&g)
            .for_each(|d, &y, &g| *d = y * (g - dot));
    };
    let z = Zip::from(d.rows_mut()).and(y.rows()).and(g.rows());
    if big(y.len()) {
        z.par_for_each(row);
    } else {
        z.for_each(row);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::gradcheck::random;
    use ndarray::Axis;

    /// Every helper gives the serial arithmetic's values exactly, below and above the
    /// threshold and under a pool of three threads.
    #[test]
    fn parallel_and_serial_give_the_same_values() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("a pool");
        pool.install(|| {
            for (n, d) in [(7, 5), (1000, 130)] {
                let x = random(n, d, -3.0, 3.0, 1);
                let y = random(n, d, -3.0, 3.0, 2);
                let row = random(1, d, -1.0, 1.0, 3);
                let col = random(n, 1, 0.5, 2.0, 4);
                assert_eq!(map(&x, f32::exp), x.mapv(f32::exp));
                assert_eq!(zip(&x, &y, |a, b| a * b), &x * &y);
                assert_eq!(zip(&x, &row, |a, b| a - b), &x - &row);
                assert_eq!(zip(&col, &x, |a, b| a / b), &col / &x);
                assert_eq!(zip3(&x, &y, &col, |a, b, c| a * b / c), &(&x * &y) / &col);
                let mut acc = x.clone();
                add_assign(&mut acc, &y);
                assert_eq!(acc, &x + &y);
                assert_eq!(transpose(&x), x.t().to_owned());
                let s = softmax_rows(&x);
                for r in s.rows() {
                    assert!((r.sum() - 1.0).abs() < 1e-5);
                }
                let mut serial = x.clone();
                for mut r in serial.rows_mut() {
                    let m = r.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    r.mapv_inplace(|v| (v - m).exp());
                    let t: f32 = r.sum();
                    r.mapv_inplace(|v| v / t);
                }
                assert_eq!(s, serial);
                let dot = (&y * &s).sum_axis(Axis(1)).insert_axis(Axis(1));
                let expected = &s * &(&y - &dot);
                let got = softmax_rows_grad(&s, &y);
                let worst = (&got - &expected)
                    .mapv(f32::abs)
                    .fold(0.0f32, |m, &v| m.max(v));
                assert!(worst < 1e-5, "{worst}");
            }
        });
    }
}
