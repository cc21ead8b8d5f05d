//! The window: the only module that knows egui.

mod canvas;
mod layout_job;
mod loader;
mod palette;
mod run;
mod side_panel;
mod viewer;

pub use run::run;
pub use viewer::{Command, PoolscopeApp};
