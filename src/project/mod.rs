//! 2-D projections of a level's embeddings for the projector.

mod pca;
mod tsne;

pub use pca::pca_2d;
pub use tsne::{EXACT_BELOW, tsne_2d};
