//! The layer every method that learns nothing shares: it pools through the level computed
//! before training (`fixed.rs`). A hard level averages its members' features and sums their
//! edges (`A' = SᵀAS`), a soft one (NMF) pools as the dense methods do, a selection (NDP)
//! keeps its nodes and its own pooled graph, EigenPooling's modes project the features.

use super::fixed::FixedLevel;
use super::output::{Assignment, Pooled};
use super::pooler::{Layer, LayerInput};
use crate::autodiff::{Adjacency, Mat, Tape, Var};
use crate::graph::Csr;
use std::sync::Arc;

/// The layer of every method that learns nothing: it pools through the precomputed level.
pub struct FixedLayer;

impl Layer for FixedLayer {
    fn forward(&self, t: &mut Tape, _p: &[Var], input: &LayerInput<'_>) -> Pooled {
        match input.fixed {
            Some(level) => pool(t, input.adj, input.h, level),
            // Not reached: the model computes the levels of every method with this layer.
            // Should one be missing, each node stays its own cluster rather than fail a run.
            None => {
                let n = input.adj.node_count(t);
                let level = FixedLevel::Hard {
                    clusters: Arc::new((0..n as u32).collect()),
                    k: n,
                };
                pool(t, input.adj, input.h, &level)
            }
        }
    }
}

fn unlearned(assignment: Assignment, x: Var, adj: Adjacency) -> Pooled {
    Pooled {
        assignment,
        x,
        adj: adj.clone(),
        raw_adj: adj,
        losses: Vec::new(),
        reported: Vec::new(),
        objective: None,
    }
}

fn pool(t: &mut Tape, adj: &Adjacency, h: Var, level: &FixedLevel) -> Pooled {
    match level {
        FixedLevel::Soft(s) => {
            let s = t.constant(s.as_ref().clone());
            Pooled::soft(t, adj, h, s, Vec::new())
        }
        FixedLevel::Selection { kept, adjacency } => {
            let x = t.gather_rows(h, kept.clone());
            let scores = t.constant(Mat::ones((t.shape(h).0, 1)));
            unlearned(
                Assignment::Selection {
                    kept: kept.clone(),
                    scores,
                },
                x,
                Adjacency::sparse(adjacency.as_ref().clone()),
            )
        }
        FixedLevel::Modes {
            clusters,
            k,
            theta,
            modes,
            adjacency,
        } => {
            // Each mode's Θ_mᵀH, side by side.
            let mut x: Option<Var> = None;
            for m in 0..*modes {
                let block = theta
                    .slice(ndarray::s![.., m * k..(m + 1) * k])
                    .t()
                    .to_owned();
                let bt = t.constant(block);
                let part = t.matmul(bt, h);
                x = Some(match x {
                    Some(acc) => t.concat_cols(acc, part),
                    None => part,
                });
            }
            unlearned(
                Assignment::Hard {
                    clusters: clusters.clone(),
                    k: *k,
                },
                x.unwrap_or(h),
                Adjacency::sparse(adjacency.as_ref().clone()),
            )
        }
        FixedLevel::Hard { clusters, k } => {
            let x = cluster_means(t, h, clusters, *k);
            let a = crate::graph::contract(&adj.csr(t), clusters, *k);
            unlearned(
                Assignment::Hard {
                    clusters: clusters.clone(),
                    k: *k,
                },
                x,
                Adjacency::sparse(a),
            )
        }
    }
}

/// Each cluster's mean of `h`'s rows, by a sparse product (`n x n`, its first `k` rows
/// used: the tape's sparse matrices are square), so a level of thousands of clusters costs
/// `O(n d)`, not the `O(n k d)` of a dense one-hot product.
pub fn cluster_means(t: &mut Tape, h: Var, clusters: &[u32], k: usize) -> Var {
    let n = clusters.len();
    let mut counts = vec![0.0f32; k];
    for &c in clusters {
        counts[c as usize] += 1.0;
    }
    let trip: Vec<(u32, u32, f32)> = clusters
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u32, 1.0 / counts[c as usize].max(1.0)))
        .collect();
    let m = crate::autodiff::Sparse::new(Csr::from_triplets(n.max(k), &trip));
    let sums = t.spmm(&m, h);
    if k < n {
        t.gather_rows(sums, Arc::new((0..k).collect()))
    } else {
        sums
    }
}
