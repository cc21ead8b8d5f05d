//! A level canvas: the drawing inputs, the coordinate mapping, the edge image and the
//! interactive canvas itself.

mod drawing;
mod edge_image;
mod graph_canvas;
mod transform;

pub use drawing::{CanvasEvents, LevelDrawing};
pub use edge_image::{IN_LINK, MAX_RASTER_EDGES, OUT_LINK};
pub use graph_canvas::GraphCanvas;
