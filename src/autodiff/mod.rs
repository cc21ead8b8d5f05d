//! Reverse-mode automatic differentiation over ndarray, with finite-difference checks.

mod adjacency;
pub mod gradcheck;
pub mod link;
mod tape;

pub use adjacency::Adjacency;
pub use tape::{Grads, Mat, Sparse, Tape, Var, softmax_rows, spmm};
