//! The little dense linear algebra poolscope needs without a LAPACK: symmetric eigenvalues by
//! cyclic Jacobi rotations (small matrices: Rayleigh–Ritz, PCA) and Gram–Schmidt
//! orthonormalisation of tall matrices (subspace iteration).

use ndarray::Array2;

/// Eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix.
pub fn symmetric_eigen(m: &Array2<f64>) -> (Vec<f64>, Array2<f64>) {
    let n = m.nrows();
    let mut a = m.clone();
    let mut v = Array2::<f64>::eye(n);
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[[i, j]].powi(2))
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[[p, q]];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[[k, p]], v[[k, q]]);
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| a[[j, j]].total_cmp(&a[[i, i]]));
    let values = order.iter().map(|&i| a[[i, i]]).collect();
    let vectors = Array2::from_shape_fn((n, n), |(r, c)| v[[r, order[c]]]);
    (values, vectors)
}

/// Orthonormalises the columns in place (modified Gram–Schmidt); a column that becomes
/// (numerically) zero is replaced by a unit vector orthogonal to the earlier ones where
/// possible, else left zero.
pub fn orthonormalise(q: &mut Array2<f64>) {
    // Work on the columns as contiguous rows of the transpose: the same arithmetic in the same
    // order, without strided access.
    let mut t = q.t().as_standard_layout().into_owned();
    let k = t.nrows();
    for j in 0..k {
        let (done, rest) = t.view_mut().split_at(ndarray::Axis(0), j);
        let mut col = rest.index_axis_move(ndarray::Axis(0), 0);
        for prev in done.rows() {
            let dot: f64 = prev.iter().zip(col.iter()).map(|(a, b)| a * b).sum();
            col.zip_mut_with(&prev, |c, p| *c -= dot * p);
        }
        let norm: f64 = col.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 1e-12 {
            col.mapv_inplace(|v| v / norm);
        } else {
            col.fill(0.0);
        }
    }
    q.assign(&t.t());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_known_matrix() {
        // [[2,1],[1,2]]: eigenvalues 3 and 1.
        let m = Array2::from_shape_vec((2, 2), vec![2.0, 1.0, 1.0, 2.0]).expect("shape");
        let (vals, vecs) = symmetric_eigen(&m);
        assert!((vals[0] - 3.0).abs() < 1e-12 && (vals[1] - 1.0).abs() < 1e-12);
        let v0 = vecs.column(0);
        assert!((v0[0].abs() - 0.5f64.sqrt()).abs() < 1e-9 && (v0[0] - v0[1]).abs() < 1e-9);
    }

    #[test]
    fn reconstructs_a_random_symmetric_matrix() {
        let mut rng = crate::numeric::rng::Rng::new(1);
        let b = Array2::from_shape_fn((6, 6), |_| rng.next_f64() - 0.5);
        let m = &b + &b.t();
        let (vals, v) = symmetric_eigen(&m);
        let d = Array2::from_diag(&ndarray::Array1::from(vals));
        let back = v.dot(&d).dot(&v.t());
        assert!((&back - &m).iter().all(|x| x.abs() < 1e-9));
    }

    #[test]
    fn gram_schmidt() {
        let mut q =
            Array2::from_shape_vec((3, 2), vec![1.0, 1.0, 0.0, 1.0, 0.0, 0.0]).expect("shape");
        orthonormalise(&mut q);
        let g = q.t().dot(&q);
        assert!(
            (g[[0, 0]] - 1.0).abs() < 1e-12
                && g[[0, 1]].abs() < 1e-12
                && (g[[1, 1]] - 1.0).abs() < 1e-12
        );
    }
}
