//! [`Hierarchy`]: the one result every consumer reads, its [`Level`]s, and comparing two
//! hierarchies of the same graph.

mod compare;
mod level;
mod tree;

pub use compare::{LevelAgreement, compare, match_clusters};
pub use level::{Level, LevelMetrics, dense_to_csr, hard_rows};
pub use tree::{Hierarchy, check_assignment};
