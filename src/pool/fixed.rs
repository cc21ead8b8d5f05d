//! The methods that learn nothing (Graclus, KMIS, NDP, SEP, NMF, EigenPooling) compute every
//! level from the graph before training, each on the graph of the one below; the model then
//! pools through them with one shared layer (`fixed_layer.rs`).

use crate::autodiff::Mat;
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
