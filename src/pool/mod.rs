//! Pooling methods, one file each answering Select, Reduce and Connect (Grattarola et al.,
//! "Understanding Pooling in Graph Neural Networks", 2022), listed in one registry table
//! (`method.rs`), plus the auxiliary losses they share.

mod adjacency;
pub mod asapool;
pub mod asymcheegercut;
pub mod bnpool;
pub mod diffpool;
pub mod dmon;
pub mod edgepool;
mod edges;
pub mod eigenpool;
pub mod graclus;
pub mod hosc;
pub mod justbalance;
pub mod kmis;
pub mod lapool;
pub mod losses;
pub mod maxcut;
pub mod mempool;
mod method;
pub mod mincut;
pub mod ndp;
pub mod nmf;
mod output;
pub mod panpool;
pub mod sagpool;
pub mod sep;
pub mod topk;

pub use adjacency::{Adjacency, normalise_pooled, pooled};
pub use kmis::Scorer;
pub use method::{Entry, Family, Method, REGISTRY};
pub use output::{Assignment, Pooled};

use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Csr;
use std::sync::Arc;

/// One pooling step of a dense, learned method from its assignment logits; `unsupervised`:
/// the auxiliary losses are all there is to train.
pub fn dense(
    method: Method,
    t: &mut Tape,
    adj: &Adjacency,
    h: Var,
    logits: Var,
    temperature: f32,
    unsupervised: bool,
) -> Pooled {
    match method {
        Method::DiffPool => diffpool::pool(t, adj, h, logits, unsupervised),
        Method::MinCut => mincut::pool(t, adj, h, logits, temperature),
        Method::JustBalance => justbalance::pool(t, adj, h, logits),
        Method::AsymCheegerCut => asymcheegercut::pool(t, adj, h, logits),
        Method::Hosc => hosc::pool(t, adj, h, logits),
        _ => dmon::pool(t, adj, h, logits),
    }
}

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
    /// Hard clusters with EigenPooling's mode matrices (`n x MODES·k`) and its pooled graph.
    Modes {
        clusters: Arc<Vec<u32>>,
        k: usize,
        theta: Arc<Mat>,
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
}

/// Every level of a fixed method, each computed on the one below (`SᵀAS`, diagonal zeroed
/// for a soft level).
pub fn fixed_levels(
    method: Method,
    raw: &Csr,
    ks: &[usize],
    seed: u64,
    scorer: Scorer,
) -> Vec<FixedLevel> {
    let mut a = raw.clone();
    let mut out = Vec::with_capacity(ks.len());
    // SEP's levels are the depths of one coding tree, built at once.
    let mut tree = if method == Method::Sep {
        sep::coding_tree(raw, ks.len()).0.into_iter()
    } else {
        Vec::new().into_iter()
    };
    for (l, &k) in ks.iter().enumerate() {
        let seed = seed.wrapping_add(l as u64);
        let level = match method {
            Method::Nmf => FixedLevel::Soft(Arc::new(nmf::assignment(&a, k, seed))),
            Method::EigenPool => {
                let (clusters, got) = eigenpool::spectral_clusters(&a, k, seed);
                let theta = eigenpool::modes(&a, &clusters, got, seed);
                let adjacency = eigenpool::connect(&a, &clusters, got);
                FixedLevel::Modes {
                    clusters: Arc::new(clusters),
                    k: got,
                    theta: Arc::new(theta),
                    adjacency: Arc::new(adjacency),
                }
            }
            Method::Ndp => {
                // Graphs too big for the dense solve are refused by the settings' check;
                // should one get here, it keeps every node rather than fail the run.
                let (kept, adjacency) = ndp::decimate_to(&a, k, seed)
                    .unwrap_or_else(|_| ((0..a.node_count()).collect(), a.clone()));
                FixedLevel::Selection {
                    kept: Arc::new(kept),
                    adjacency: Arc::new(adjacency),
                }
            }
            Method::Sep => {
                let (c, got) = tree
                    .next()
                    .unwrap_or_else(|| ((0..a.node_count() as u32).collect(), a.node_count()));
                FixedLevel::Hard {
                    clusters: Arc::new(c),
                    k: got,
                }
            }
            Method::Kmis => {
                let (c, got) = kmis::coarsen_to(&a, k, scorer, seed);
                FixedLevel::Hard {
                    clusters: Arc::new(c),
                    k: got,
                }
            }
            _ => {
                let (c, got) = graclus::coarsen_to(&a, k, seed);
                FixedLevel::Hard {
                    clusters: Arc::new(c),
                    k: got,
                }
            }
        };
        a = match &level {
            FixedLevel::Hard { clusters, k } => graclus::coarsen(&a, clusters, *k),
            FixedLevel::Soft(s) => soft_coarsen(&a, s),
            FixedLevel::Selection { adjacency, .. } | FixedLevel::Modes { adjacency, .. } => {
                adjacency.as_ref().clone()
            }
        };
        out.push(level);
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
    crate::hierarchy::dense_to_csr(&p)
}
