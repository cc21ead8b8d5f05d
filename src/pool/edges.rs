//! Per-edge computations of the score operators that attend over edges (EdgePool, ASAPool):
//! sums of edge values into their target nodes and the softmax over the edges into a node.
//! The tape's sparse products are square, so an edge vector is padded to `max(n, E)` rows.

use crate::autodiff::{Mat, Sparse, Tape, Var};
use crate::graph::Csr;

/// `out[i] = Σ_{e : dst[e] = i} values[e]` for `values` of `E x d`: `n x d`.
pub fn group_sum(t: &mut Tape, values: Var, dst: &[usize], n: usize) -> Var {
    let (e_count, d) = t.shape(values);
    let big = n.max(e_count);
    let group = Sparse::new(Csr::from_triplets(
        big,
        &dst.iter()
            .enumerate()
            .map(|(e, &j)| (j as u32, e as u32, 1.0))
            .collect::<Vec<_>>(),
    ));
    let padded = if big > e_count {
        let zeros = t.constant(Mat::zeros((big - e_count, d)));
        let vt = t.transpose(values);
        let zt = t.transpose(zeros);
        let both = t.concat_cols(vt, zt);
        t.transpose(both)
    } else {
        values
    };
    let sums = t.spmm(&group, padded);
    if big > n {
        t.gather_rows(sums, std::sync::Arc::new((0..n).collect()))
    } else {
        sums
    }
}

/// The softmax of `raw` (`E x 1`) over the edges into each node. Shifted by the largest raw
/// value, which cancels in the ratio and keeps `exp` finite.
pub fn softmax_by_target(
    t: &mut Tape,
    raw: Var,
    dst: &std::sync::Arc<Vec<usize>>,
    n: usize,
) -> Var {
    let shift = t
        .value(raw)
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    let shifted = t.add_scalar(raw, if shift.is_finite() { -shift } else { 0.0 });
    let ex = t.exp(shifted);
    let sums = group_sum(t, ex, dst, n);
    let per_edge = t.gather_rows(sums, dst.clone());
    let per_edge = t.add_scalar(per_edge, 1e-16);
    t.div(ex, per_edge)
}
