//! Pooling methods, one file each answering Select, Reduce and Connect (Grattarola et al.,
//! "Understanding Pooling in Graph Neural Networks", 2022) and implementing [`Pooler`], all
//! listed in one registry table (`registry.rs`); plus the pieces several methods share: the
//! auxiliary losses, the dense methods' layer, the fixed methods' levels, per-edge sums.

mod adjacency;
pub mod asapool;
pub mod asymcheegercut;
pub mod bnpool;
pub mod clusterpool;
mod dense;
pub mod diffpool;
pub mod dmon;
pub mod edgepool;
mod edges;
pub mod eigenpool;
mod fixed;
mod fixed_layer;
pub mod graclus;
pub mod hosc;
pub mod justbalance;
pub mod kmis;
pub mod lapool;
pub mod leiden;
pub mod logged;
pub mod losses;
pub mod louvain;
pub mod maxcut;
pub mod mempool;
pub mod mincut;
pub mod ndp;
pub mod nmf;
mod options;
mod output;
pub mod panpool;
mod pooler;
mod registry;
pub mod sagpool;
pub mod sep;
pub mod topk;

pub use crate::autodiff::Adjacency;
pub use adjacency::{normalise_pooled, pooled};
pub use fixed::FixedLevel;
pub use fixed_layer::cluster_means;
pub use kmis::Scorer;
pub use options::{OptionKind, OptionSpec, OptionValue, Options};
pub use output::{Assignment, Pooled};
pub use pooler::{
    Card, Counts, DEFAULT_HIDDEN, Keeps, Layer, LayerInput, LayerSetup, Learning, Pooler,
};
pub use registry::{Entry, Family, Method, REGISTRY};
