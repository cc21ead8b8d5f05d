//! A level canvas: the drawing inputs, the coordinate mapping, the level image (drawn on
//! the CPU, on a worker thread for a big level) and the interactive canvas itself.

mod drawing;
mod graph_canvas;
mod labels;
mod level_image;
mod raster;
mod transform;

pub use drawing::{CanvasEvents, LevelDrawing};
pub use graph_canvas::{GraphCanvas, NODES_IN_IMAGE, NodeStyle};
pub use raster::{IN_LINK, MAX_RASTER_EDGES, NodeInk, OUT_LINK, Scene, rasterise};
pub use transform::Transform;
