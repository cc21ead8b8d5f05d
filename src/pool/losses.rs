//! The auxiliary losses of the dense pooling methods, as PyTorch Geometric 2.8 defines them for
//! one graph. Each takes the assignment `S` (n x K, rows summing to 1) and the level's raw
//! adjacency, and returns a `1 x 1` variable; all avoid n x n dense products so that level 0
//! stays sparse.
//!
//! - MinCut cut: `−Tr(SᵀAS) / Tr(SᵀDS)`; ortho: `‖SᵀS/‖SᵀS‖_F − I/√K‖_F`
//!   (Bianchi et al. 2020, `dense_mincut_pool`).
//! - DiffPool link: `‖A − SSᵀ‖_F / N²`, computed as `√(‖A‖² − 2Tr(SᵀAS) + ‖SᵀS‖²) / N²`;
//!   entropy: mean over nodes of `−Σₖ Sᵢₖ ln(Sᵢₖ + 1e-15)` (Ying et al. 2018, `dense_diff_pool`).
//! - DMoN spectral: `−Tr(Sᵀ(A − ddᵀ/2m)S) / 2m`, i.e. minus the soft modularity; cluster:
//!   `√K ‖Σᵢ Sᵢ‖₂ / N − 1` (Tsitsulin et al. 2023, `DMoNPooling`).

use super::adjacency::{Adjacency, pooled};
use crate::autodiff::{Mat, Tape, Var};
use std::sync::Arc;

/// `Tr(SᵀAS)` without forming `SᵀAS`: `Σ S ⊙ (AS)`.
fn trace_sas(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let as_ = adj.times(t, s);
    let prod = t.mul(s, as_);
    t.sum(prod)
}

fn gram(t: &mut Tape, s: Var) -> Var {
    let st = t.transpose(s);
    t.matmul(st, s)
}

pub fn mincut_cut(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let num = trace_sas(t, adj, s);
    let d = adj.degree(t);
    let s2 = t.mul(s, s);
    let ds = t.mul(s2, d);
    let den = t.sum(ds);
    let den = t.add_scalar(den, 1e-15);
    let r = t.div(num, den);
    t.scale(r, -1.0)
}

pub fn mincut_ortho(t: &mut Tape, s: Var) -> Var {
    let k = t.shape(s).1;
    let ss = gram(t, s);
    let norm = t.frob_norm(ss);
    let norm = t.add_scalar(norm, 1e-15);
    let ssn = t.div(ss, norm);
    let eye = t.constant(Mat::eye(k) / (k as f32).sqrt());
    let diff = t.sub(ssn, eye);
    t.frob_norm(diff)
}

pub fn diffpool_link(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let n = t.shape(s).0 as f32;
    let a2 = adj.frob2(t);
    let tr = trace_sas(t, adj, s);
    let tr2 = t.scale(tr, -2.0);
    let ss = gram(t, s);
    let ss2 = t.mul(ss, ss);
    let ss2 = t.sum(ss2);
    let inner = t.add(a2, tr2);
    let inner = t.add(inner, ss2);
    // Rounding can leave a tiny negative where the true value is 0.
    let inner = t.relu(inner);
    let inner = t.add_scalar(inner, 1e-12);
    let norm = t.sqrt(inner);
    t.scale(norm, 1.0 / (n * n).max(1.0))
}

pub fn diffpool_entropy(t: &mut Tape, s: Var) -> Var {
    let n = t.shape(s).0.max(1) as f32;
    let ls = t.add_scalar(s, 1e-15);
    let ls = t.log(ls);
    let p = t.mul(s, ls);
    let total = t.sum(p);
    t.scale(total, -1.0 / n)
}

pub fn dmon_spectral(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let tr = trace_sas(t, adj, s);
    let d = adj.degree(t);
    let two_m = t.sum(d);
    let two_m = t.add_scalar(two_m, 1e-15);
    let st = t.transpose(s);
    let sd = t.matmul(st, d);
    let sd2 = t.mul(sd, sd);
    let sd2 = t.sum(sd2);
    let null = t.div(sd2, two_m);
    let diff = t.sub(tr, null);
    let q = t.div(diff, two_m);
    t.scale(q, -1.0)
}

pub fn dmon_cluster(t: &mut Tape, s: Var) -> Var {
    let (n, k) = t.shape(s);
    let sizes = t.sum_rows(s);
    let norm = t.frob_norm(sizes);
    let r = t.scale(norm, (k as f32).sqrt() / n.max(1) as f32);
    t.add_scalar(r, -1.0)
}

/// `SᵀAS` with its diagonal zeroed (for display of what MinCut and DMoN pass upwards).
pub fn pooled_offdiagonal(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let p = pooled(t, adj, s);
    let k = t.shape(p).0;
    let off = Arc::new(Mat::from_shape_fn(
        (k, k),
        |(i, j)| if i == j { 0.0 } else { 1.0 },
    ));
    t.mul_const(p, off)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Csr;

    /// Two 4-cliques {0..3}, {4..7} joined by the edge 3–4 (DESIGN.md's worked example).
    fn two_cliques() -> Adjacency {
        let mut e = Vec::new();
        for b in [0u32, 4] {
            for i in b..b + 4 {
                for j in b..b + 4 {
                    if i != j {
                        e.push((i, j, 1.0));
                    }
                }
            }
        }
        e.push((3, 4, 1.0));
        e.push((4, 3, 1.0));
        Adjacency::sparse(Csr::from_triplets(8, &e))
    }

    fn value(f: impl Fn(&mut Tape, &Adjacency, Var) -> Var, s: Mat) -> f32 {
        let mut t = Tape::new();
        let sv = t.constant(s);
        let out = f(&mut t, &two_cliques(), sv);
        t.item(out)
    }

    fn hard() -> Mat {
        Mat::from_shape_fn((8, 2), |(i, k)| if (i < 4) == (k == 0) { 1.0 } else { 0.0 })
    }

    fn collapsed() -> Mat {
        Mat::from_shape_fn((8, 2), |(_, k)| if k == 0 { 1.0 } else { 0.0 })
    }

    #[test]
    fn worked_values_from_design() {
        let close = |a: f32, b: f64| (a as f64 - b).abs() < 1e-5;
        assert!(close(value(mincut_cut, hard()), -24.0 / 26.0));
        assert!(close(value(|t, _, s| mincut_ortho(t, s), hard()), 0.0));
        assert!(close(value(diffpool_link, hard()), 10f64.sqrt() / 64.0));
        assert!(close(value(dmon_spectral, hard()), -0.423_077));
        assert!(close(value(|t, _, s| diffpool_entropy(t, s), hard()), 0.0));
        assert!(close(value(|t, _, s| dmon_cluster(t, s), hard()), 0.0));
        // Everything in one cluster.
        assert!(close(value(mincut_cut, collapsed()), -1.0));
        assert!(close(
            value(|t, _, s| mincut_ortho(t, s), collapsed()),
            0.765_367
        ));
        assert!(close(
            value(|t, _, s| dmon_cluster(t, s), collapsed()),
            2f64.sqrt() - 1.0
        ));
        assert!(close(value(dmon_spectral, collapsed()), 0.0));
    }

    #[test]
    fn uniform_assignment_has_maximal_entropy() {
        let uniform = Mat::from_elem((8, 2), 0.5);
        let e = value(|t, _, s| diffpool_entropy(t, s), uniform);
        assert!((e as f64 - 2f64.ln()).abs() < 1e-5);
    }

    #[test]
    fn dense_and_sparse_agree() {
        let sparse = two_cliques();
        let mut t = Tape::new();
        let dense = Adjacency::Dense(t.constant(sparse.to_dense(&t)));
        let s = t.constant(crate::autodiff::softmax_rows(&Mat::from_shape_fn(
            (8, 2),
            |(i, k)| ((i * 3 + k * 5) % 7) as f32 / 3.0,
        )));
        for f in [mincut_cut, diffpool_link, dmon_spectral] {
            let a = f(&mut t, &sparse, s);
            let b = f(&mut t, &dense, s);
            assert!((t.item(a) - t.item(b)).abs() < 1e-5);
        }
    }
}
