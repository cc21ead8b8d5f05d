//! The window: the only module that draws with egui (`render` borrows its colours and fonts).

mod canvas;
mod classifier_job;
mod diagnostics_panel;
mod dialog;
mod export_job;
mod heatmap;
mod import_job;
mod inspector;
mod level_layouts;
mod levels_view;
mod loader;
mod projector;
mod run;
mod screenshot;
mod selection;
mod session_job;
mod setup_panel;
mod teaching;
mod viewer;
mod workspace;

pub use export_job::{ExportData, ExportKind};
pub use heatmap::Heatmap;
pub use levels_view::{Merge, level_colours};
pub use loader::LoadRequest;
pub use projector::{Projector, nearest, neighbours};
pub use run::{DEFAULT_SAMPLE, WindowOptions, run};
pub use selection::{Selection, highlighted};
pub use viewer::{ColourMode, Command, Form, PoolscopeApp};
pub use workspace::{TrainStatus, Workspace};
