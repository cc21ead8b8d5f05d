//! What the window draws, one file per panel or view. Each takes the shared view types
//! (workspace, form, selection) and returns commands; none of them knows the app.

mod compare;
mod control_strip;
mod controls;
mod curves;
mod diagnostics;
mod figure;
mod find_bar;
mod gallery;
mod heatmap;
mod inspector;
mod layout_controls;
mod lesson_bar;
mod levels;
mod menu_bar;
mod merge;
mod method_options;
mod node_table;
mod projector;
mod setup;
mod statistics;
mod step_by_step;
mod teaching;
mod timeline_bar;
mod view_controls;

pub use control_strip::{StripView, control_strip_ui};
pub use diagnostics::diagnostics_ui;
pub use figure::{Figure, FigureView, figure_window};
pub use find_bar::FindBar;
pub use gallery::Gallery;
pub use heatmap::Heatmap;
pub use inspector::inspector_ui;
pub use lesson_bar::{LessonView, lesson_bar_ui};
pub use levels::{LevelsView, level_colours, levels_ui};
pub use menu_bar::{MenuBar, menu_bar_ui};
pub use merge::{Merge, merge_ui};
pub use node_table::NodeTable;
pub use projector::{Projector, nearest, neighbours};
pub use setup::{DataSetView, SetupView, setup_actions_ui, setup_panel_ui};
pub use statistics::Statistics;
pub use step_by_step::{StepByStep, partial_products};
pub use teaching::card_drawer_ui;
pub use timeline_bar::{Replay, timeline_ui};
