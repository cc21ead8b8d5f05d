//! Seeded graph generators with ground truth as label columns, named by spec strings.

mod blocks;
mod lfr;
mod shapes;
mod spec;

pub use blocks::{nested, planted_partition, random_graph};
pub use lfr::{LfrParams, lfr};
pub use shapes::{barbell, connected_caveman, grid, ring_of_cliques};
pub use spec::{GENERATORS, MAX_GENERATED_EDGES, MAX_GENERATED_NODES, generate, is_spec};
