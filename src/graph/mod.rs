//! The graph model: CSR adjacency, node table, data sets, and the builder readers use.

mod algebraic;
mod attrs;
mod builder;
mod components;
mod csr;
mod dataset;
mod leiden;
mod links;
mod louvain;
mod matching;
mod measures;
mod model;
mod node_table;
mod numbering;
mod spectral;
mod stats;
mod summary;

pub use algebraic::{SWEEPS, Smoothed, smoothed};
pub use attrs::{AttrValue, MAX_INTEGER_CLASSES};
pub use builder::{GraphBuilder, MAX_ID_BYTES, SelfLoops, shorten};
pub use csr::Csr;
pub use dataset::Dataset;
pub use leiden::{leiden, passes as leiden_passes};
pub use links::{NodeLinks, hop_distances};
pub use louvain::{louvain, passes as louvain_passes};
pub use matching::{contract, heavy_edge_matching, matching_by_closeness};
pub use measures::{Measure, Measures};
pub use model::{Communities, EdgeStats, Graph};
pub use node_table::{Features, LabelColumn, NodeTable, NumericColumn};
pub use spectral::laplacian_eigenvectors;
pub use stats::GraphStats;
pub use summary::{ClassCount, DatasetSummary, DirectedStats, GraphSummary, LabelSummary};

/// No file, generator or spec makes a graph with more nodes than this; a larger count in a
/// header is refused instead of allocated.
pub const MAX_NODES: usize = 20_000_000;
