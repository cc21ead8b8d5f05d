//! Force-directed layout of each level.

mod forceatlas2;

pub use forceatlas2::{Fa2Settings, ForceAtlas2};
