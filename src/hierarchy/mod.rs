//! [`Hierarchy`]: the one result every consumer reads, its [`Level`]s, and comparing two
//! hierarchies of the same graph.

mod compare;
mod level;
mod tree;

pub use compare::{LevelAgreement, compare, match_clusters};
pub use level::{Level, LevelMetrics, hard_rows};
pub use tree::{Hierarchy, check_assignment};

/// The most pooling levels a hierarchy has, whatever made it: training, a Python log or a
/// hierarchy file (each level is a canvas side by side in the window).
pub const MAX_LEVELS: usize = 8;
