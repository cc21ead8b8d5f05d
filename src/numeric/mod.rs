//! What every layer computes with: a seeded random generator that gives the same numbers on
//! every platform, and the little dense linear algebra needed without a LAPACK.

pub mod elementwise;
pub mod gemm;
pub mod kmeans;
pub mod linalg;
pub mod rng;
pub mod special;

pub use rng::Rng;

/// The dense `f32` matrix every layer computes with.
pub type Mat = ndarray::Array2<f32>;
