//! Pictures of the levels without a window: the same colours, sizes and titles as the window,
//! written as SVG or PNG (`poolscope render`, and File > Export in the window).

pub mod palette;
mod png;
mod scene;
mod style;
mod svg;

pub use png::{rasterise, to_png};
pub use scene::{
    MAX_EDGES_PER_LEVEL, MAX_SIDE, MIN_SIDE, Panel, Scene, SceneEdge, SceneNode, grid_columns,
};
pub use style::{ColourMode, level_colours, level_edges, level_radii, level_title};
pub use svg::to_svg;
