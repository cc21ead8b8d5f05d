//! Pictures of the levels without a window: the same colours, sizes and titles as the window,
//! written as SVG or PNG (`poolscope render`, and File > Export in the window).

mod animate;
mod gallery;
pub mod hull;
mod legend;
mod merge;
pub mod palette;
mod png;
pub mod scale;
mod scene;
mod style;
mod svg;
mod text;

pub use animate::{Animation, Frames, MAX_FRAMES, merge_frames, to_gif, training_frames};
pub use gallery::{MAX_ROWS, gallery_scene};
pub use legend::{LegendEntry, MAX_ENTRIES, legend};
pub use merge::{MergeFrame, MergeInput, merge_frame};
pub use png::{rasterise, to_png};
pub use scene::{
    Background, MAX_EDGES_PER_LEVEL, MAX_SCALE, MAX_SIDE, MIN_SIDE, Panel, PlacedEntry, Scene,
    SceneEdge, SceneNode, SceneOptions, entry_text, grid_columns, legend_rows, row_shares,
};
pub use style::{
    ColourMode, SizeBy, TITLE_HELP, count, disagreements, level_colours, level_edges, level_radii,
    level_title, level_values, linked_groups, shade,
};
pub use svg::to_svg;
pub use text::{LINE_HEIGHT, TextMeasure, missing_glyphs, wrap, wrap_by};
