//! The pooled adjacency of the dense methods, `SᵀAS`, and the normalisation MinCut and DMoN
//! give it before the next level reads it.

use crate::autodiff::{Adjacency, Mat, Tape, Var};
use std::sync::Arc;

/// `Sᵀ A S`, the pooled adjacency before any normalisation.
pub fn pooled(t: &mut Tape, adj: &Adjacency, s: Var) -> Var {
    let as_ = adj.times(t, s);
    let st = t.transpose(s);
    t.matmul(st, as_)
}

/// MinCut's and DMoN's normalisation of a pooled adjacency: zero the diagonal, then
/// `D^-1/2 A D^-1/2` with `1e-15` added to the degrees (PyG's `_rank3_diag` trick).
pub fn normalise_pooled(t: &mut Tape, a: Var) -> Var {
    let k = t.shape(a).0;
    let off = Arc::new(Mat::from_shape_fn(
        (k, k),
        |(i, j)| if i == j { 0.0 } else { 1.0 },
    ));
    let a0 = t.mul_const(a, off);
    let d = t.sum_cols(a0);
    let d = t.add_scalar(d, 1e-15);
    let sd = t.sqrt(d);
    let left = t.div(a0, sd);
    let sdt = t.transpose(sd);
    t.div(left, sdt)
}
