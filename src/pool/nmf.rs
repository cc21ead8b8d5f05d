//! NMF pooling (Bacciu & Di Sotto, "A Non-Negative Factorization Approach to Node Pooling in
//! Graph Convolutional Neural Networks", AI*IA 2019), as torch-geometric-pool 1.0's
//! `NMFPooling`.
//!
//! - Select: factorise the adjacency `A ≈ W H` with `W, H ≥ 0` and K components (Lee and
//!   Seung's multiplicative updates for the Frobenius error; tgp calls scikit-learn), then
//!   `S = softmax(Hᵀ)` by rows: node `i` belongs most to the component whose column of H
//!   weighs it most. Nothing is learned; the factorisation runs once per level.
//! - Reduce: `X' = Sᵀ X`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//!
//! H's entries are small, so the softmax rows are nearly uniform: the clusters are in their
//! argmax, and the pooled graph `SᵀAS` is close to complete. The factorisation is a local
//! optimum of a non-convex problem, so the seed matters.

use super::dense::{SOFT_CONNECT, SOFT_REDUCE};
use super::fixed::{FixedLevel, level_by_level};
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Layer, LayerSetup, Learning, Pooler};
use crate::autodiff::Mat;
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

/// Multiplicative-update iterations (each O(nnz·K + n·K²)).
const ITERATIONS: usize = 400;

/// `S = softmax(Hᵀ)` of `A ≈ WH` with `k` components (at most n; k ≥ n gives the identity).
pub fn assignment(a: &Csr, k: usize, seed: u64) -> Mat {
    let n = a.node_count();
    let k = k.clamp(1, n.max(1));
    if k >= n {
        return Mat::eye(n);
    }
    if k == 1 {
        return Mat::ones((n, 1));
    }
    let entries: Vec<(usize, usize, f32)> = a
        .iter()
        .map(|(i, j, w)| (i as usize, j as usize, w.max(0.0)))
        .collect();
    let mean = entries.iter().map(|e| f64::from(e.2)).sum::<f64>() / (n * n) as f64;
    // scikit-learn's "random" initialisation: |N(0, 1)| scaled by √(mean / K).
    let scale = (mean / k as f64).sqrt().max(1e-6);
    let mut rng = Rng::new(seed);
    let mut w = Mat::from_shape_fn((n, k), |_| (rng.normal().abs() * scale) as f32);
    let mut h = Mat::from_shape_fn((k, n), |_| (rng.normal().abs() * scale) as f32);
    const TINY: f32 = 1e-12;
    for _ in 0..ITERATIONS {
        // H ← H ⊙ (WᵀA) / (WᵀW H)
        let mut wta = Mat::zeros((k, n));
        for &(i, j, v) in &entries {
            for c in 0..k {
                wta[[c, j]] += w[[i, c]] * v;
            }
        }
        let wtwh = w.t().dot(&w).dot(&h);
        ndarray::Zip::from(&mut h)
            .and(&wta)
            .and(&wtwh)
            .for_each(|h, &num, &den| *h *= num / den.max(TINY));
        // W ← W ⊙ (A Hᵀ) / (W H Hᵀ)
        let mut aht = Mat::zeros((n, k));
        for &(i, j, v) in &entries {
            for c in 0..k {
                aht[[i, c]] += v * h[[c, j]];
            }
        }
        let whht = w.dot(&h.dot(&h.t()));
        ndarray::Zip::from(&mut w)
            .and(&aht)
            .and(&whht)
            .for_each(|w, &num, &den| *w *= num / den.max(TINY));
    }
    crate::autodiff::softmax_rows(&h.t().to_owned())
}

pub struct Nmf;

impl Pooler for Nmf {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, _: &Options) -> Vec<FixedLevel> {
        level_by_level(raw, ks, seed, |a, k, seed| {
            FixedLevel::Soft(std::sync::Arc::new(assignment(a, k, seed)))
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "NMF pooling is not learned: the adjacency's non-negative factorisation gives the \
         assignment in one pass"
            .to_string()
    }

    fn card(&self) -> Card {
        Card {
            select: "Factorise A = W H with W, H >= 0 and K components (multiplicative updates); S = softmax(H^T) by rows. Not learned.",
            reduce: SOFT_REDUCE,
            connect: SOFT_CONNECT,
            losses: &[],
            failure: "H's entries are small, so the softmax rows are nearly uniform: the clusters live in the argmax and the pooled graph is close to complete. A non-convex factorisation: another seed can give other clusters.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_factor_into_their_cliques() {
        let mut e = Vec::new();
        for b in [0u32, 5] {
            for i in b..b + 5 {
                for j in b..b + 5 {
                    if i != j {
                        e.push((i, j, 1.0));
                    }
                }
            }
        }
        e.push((4, 5, 1.0));
        e.push((5, 4, 1.0));
        let s = assignment(&Csr::from_triplets(10, &e), 2, 0);
        assert_eq!(s.dim(), (10, 2));
        let arg = |i: usize| usize::from(s[[i, 1]] > s[[i, 0]]);
        assert!((0..5).all(|i| arg(i) == arg(0)) && (5..10).all(|i| arg(i) == arg(5)));
        assert_ne!(arg(0), arg(5));
        for row in s.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-5);
        }
    }
}
