//! Reverse-mode automatic differentiation over ndarray, with finite-difference checks.

pub mod gradcheck;
pub mod link;
mod tape;

pub use tape::{Grads, Mat, Sparse, Tape, Var, softmax_rows, spmm};
