//! The window: the only module that knows egui.

mod canvas;
mod layout_job;
mod loader;
mod palette;
mod run;
mod side_panel;
mod viewer;

pub use loader::LoadRequest;
pub use run::{DEFAULT_SAMPLE, run};
pub use viewer::{Command, PoolscopeApp};
