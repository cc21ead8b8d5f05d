//! 2-D projections of a level's embeddings for the projector.

mod pca;

pub use pca::pca_2d;
