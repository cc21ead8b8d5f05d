//! Force-directed layout of each level: ForceAtlas2 with a Barnes-Hut quadtree, and warm starts
//! from the level below.

mod coarsening;
mod forceatlas2;
mod levels;
pub mod limits;
mod multilevel;
mod packing;
mod quadtree;
mod quality;
mod settings;
mod warm_start;

pub use forceatlas2::{EXACT_BELOW, Fa2Settings, ForceAtlas2, SETTLED_DISPLACEMENT, StepReport};
pub use levels::{
    UPPER_REFINE, bounds, cluster_radius, file_positions, lay_out_levels, lay_out_levels_within,
    upper_levels,
};
pub use multilevel::{CHOOSE_AT, LayoutProgress, Multilevel};
pub use packing::Packing;
pub use quadtree::QuadTree;
pub use quality::edge_length_ratio;
pub use settings::{Attraction, LayoutSettings, MAX_LAYOUT_ITERATIONS};
pub use warm_start::centroids;
