//! The methods that learn nothing (Graclus, KMIS, NDP, SEP, NMF, EigenPooling) compute every
//! level from the graph before training; the model then pools through those levels with one
//! shared layer: a hard level averages its members' features and sums their edges
//! (`A' = SᵀAS`), a soft one (NMF) pools as the dense methods do.

use super::output::{Assignment, Pooled};
use super::pooler::{Layer, LayerInput};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Csr;
use std::sync::Arc;

/// A level of a method that learns nothing, computed from the graph before training.
#[derive(Clone, Debug)]
pub enum FixedLevel {
    Hard {
        clusters: Arc<Vec<u32>>,
        k: usize,
    },
    Soft(Arc<Mat>),
    /// Some nodes kept, the rest dropped, and the pooled graph over the kept ones (NDP's Kron
    /// reduction, which `SᵀAS` would not give).
    Selection {
        kept: Arc<Vec<usize>>,
        adjacency: Arc<Csr>,
    },
    /// Hard clusters with EigenPooling's mode matrices (`n x modes·k`) and its pooled graph.
    Modes {
        clusters: Arc<Vec<u32>>,
        k: usize,
        theta: Arc<Mat>,
        modes: usize,
        adjacency: Arc<Csr>,
    },
}

impl FixedLevel {
    pub fn clusters(&self) -> usize {
        match self {
            FixedLevel::Hard { k, .. } => *k,
            FixedLevel::Soft(s) => s.ncols(),
            FixedLevel::Selection { kept, .. } => kept.len(),
            FixedLevel::Modes { k, .. } => *k,
        }
    }

    /// The graph of the next level.
    fn next_graph(&self, a: &Csr) -> Csr {
        match self {
            FixedLevel::Hard { clusters, k } => crate::graph::contract(a, clusters, *k),
            FixedLevel::Soft(s) => soft_coarsen(a, s),
            FixedLevel::Selection { adjacency, .. } | FixedLevel::Modes { adjacency, .. } => {
                adjacency.as_ref().clone()
            }
        }
    }
}

/// Every level, each computed on the graph of the one below by `level(a, k, seed)` (the
/// seed moves on by one per level).
pub fn level_by_level(
    raw: &Csr,
    ks: &[usize],
    seed: u64,
    mut level: impl FnMut(&Csr, usize, u64) -> FixedLevel,
) -> Vec<FixedLevel> {
    let mut a = raw.clone();
    let mut out = Vec::with_capacity(ks.len());
    for (l, &k) in ks.iter().enumerate() {
        let next = level(&a, k, seed.wrapping_add(l as u64));
        a = next.next_graph(&a);
        out.push(next);
    }
    out
}

/// `SᵀAS` with its diagonal zeroed, for a dense `S`.
fn soft_coarsen(a: &Csr, s: &Mat) -> Csr {
    let as_ = crate::autodiff::spmm(a, s);
    let mut p = s.t().dot(&as_);
    for i in 0..p.nrows() {
        p[[i, i]] = 0.0;
    }
    crate::graph::Csr::from_dense(&p)
}

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
