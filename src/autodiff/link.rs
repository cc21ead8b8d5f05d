//! BN-Pool's reconstruction loss as one fused op: the balanced binary cross-entropy of the
//! link logits `Z = S K Sᵀ` against the adjacency, summed over all `N²` pairs. `Z` is never
//! stored: each row of it is built, used and dropped, so memory stays `O(N K)` and the cost
//! `O(N² K)` is split over rows in parallel.

use super::Mat;
use crate::graph::Csr;
use rayon::prelude::*;

/// The constant part: the targets and the weight of a pair that is an edge.
#[derive(Clone, Debug)]
pub struct LinkTargets {
    pub a: std::sync::Arc<Csr>,
    /// `Aᵀ` (the same matrix when symmetric, as poolscope's `A + Aᵀ` is).
    pub at: std::sync::Arc<Csr>,
    /// `(N² − nnz) / nnz`, tgp's `balance_links`: edges weigh as much as non-edges in total.
    pub edge_weight: f32,
}

impl LinkTargets {
    pub fn new(a: std::sync::Arc<Csr>) -> Self {
        let n = a.node_count() as f64;
        let nnz = a.iter().filter(|e| e.2 != 0.0).count() as f64;
        let edge_weight = ((n * n - nnz).max(1.0) / nnz.max(1.0)) as f32;
        let at = if a.is_symmetric() {
            a.clone()
        } else {
            std::sync::Arc::new(a.transpose())
        };
        Self { a, at, edge_weight }
    }
}

fn softplus(z: f32) -> f32 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Walks row `i` of `Z = P Sᵀ` (with `P = S K`), calling `f(j, z_ij, weight, target)`.
fn for_row(
    p: &Mat,
    s: &Mat,
    a: &Csr,
    t: &LinkTargets,
    i: usize,
    mut f: impl FnMut(usize, f32, f32, f32),
) {
    let (cols, vals) = a.row(i);
    let mut next = 0;
    let pi = p.row(i);
    for j in 0..s.nrows() {
        let z: f32 = pi.iter().zip(s.row(j).iter()).map(|(a, b)| a * b).sum();
        let mut y = 0.0;
        while next < cols.len() && (cols[next] as usize) < j {
            next += 1;
        }
        if next < cols.len() && cols[next] as usize == j {
            y = vals[next];
        }
        let w = if y != 0.0 { t.edge_weight } else { 1.0 };
        f(j, z, w, y);
    }
}

/// `Σ_ij w_ij (softplus(z_ij) − y_ij z_ij)`, the unnormalised loss.
pub fn loss(s: &Mat, k: &Mat, t: &LinkTargets) -> f32 {
    let p = s.dot(k);
    (0..s.nrows())
        .into_par_iter()
        .map(|i| {
            let mut acc = 0.0f64;
            for_row(&p, s, &t.a, t, i, |_, z, w, y| {
                acc += (w * (softplus(z) - y * z)) as f64;
            });
            acc
        })
        .sum::<f64>() as f32
}

/// `(dS, dK)` for an upstream gradient `g` of the loss: with `G_ij = w_ij (σ(z_ij) − y_ij)`,
/// `dS = G S Kᵀ + Gᵀ S K` and `dK = Sᵀ G S`.
pub fn grad(s: &Mat, k: &Mat, t: &LinkTargets, g: f32) -> (Mat, Mat) {
    let p = s.dot(k);
    let q = s.dot(&k.t());
    let (n, c) = s.dim();
    // Row i: (G Q)_i and (G S)_i; column j of G is row j of Gᵀ, walked the same way on Zᵀ,
    // whose row j is Q_j · S_iᵀ (zᵀ_ji = z_ij = P_i · S_j = S_i · Q_j).
    let rows: Vec<(Vec<f32>, Vec<f32>, Vec<f32>)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut gq = vec![0.0f32; c];
            let mut gs = vec![0.0f32; c];
            for_row(&p, s, &t.a, t, i, |j, z, w, y| {
                let gij = w * (sigmoid(z) - y);
                for x in 0..c {
                    gq[x] += gij * q[[j, x]];
                    gs[x] += gij * s[[j, x]];
                }
            });
            // Column i of G: g_ji over j, with z_ji = P_j · S_i = S_j · Q_i and the target
            // A_ji, row i of Aᵀ.
            let mut gtp = vec![0.0f32; c];
            for_row(&q, s, &t.at, t, i, |j, z, w, y| {
                let gji = w * (sigmoid(z) - y);
                for x in 0..c {
                    gtp[x] += gji * p[[j, x]];
                }
            });
            (gq, gs, gtp)
        })
        .collect();
    let mut ds = Mat::zeros((n, c));
    let mut gs_all = Mat::zeros((n, c));
    for (i, (gq, gs, gtp)) in rows.into_iter().enumerate() {
        for x in 0..c {
            ds[[i, x]] = g * (gq[x] + gtp[x]);
            gs_all[[i, x]] = gs[x];
        }
    }
    let dk = s.t().dot(&gs_all) * g;
    (ds, dk)
}
