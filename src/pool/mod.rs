//! Pooling methods, one file each answering Select, Reduce and Connect (Grattarola et al.,
//! "Understanding Pooling in Graph Neural Networks", 2022), plus the auxiliary losses they share.

mod adjacency;
pub mod diffpool;
pub mod dmon;
pub mod graclus;
pub mod losses;
mod method;
pub mod mincut;
mod output;
pub mod sagpool;
pub mod topk;

pub use adjacency::{Adjacency, normalise_pooled, pooled};
pub use method::Method;
pub use output::{Assignment, Pooled};
