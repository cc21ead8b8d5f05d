//! The window: the only module that draws with egui (`render` borrows its colours and fonts).
//!
//! `state` holds what the app knows; `apply` carries out the [`Command`]s that the panels in
//! `panels/` return; `receive` applies what arrives from background [`jobs`] and the trainer;
//! `saving` builds exports and restores sessions; `frame` draws one frame.

mod apply;
mod canvas;
mod chrome;
mod command;
mod document;
mod easing;
mod filter;
mod find;
mod focus;
mod form;
mod formula;
mod frame;
mod frame_stats;
mod jobs;
mod lesson_player;
mod level_layouts;
mod log_follow;
mod panels;
mod prefs;
mod receive;
mod run;
mod runs;
mod saving;
mod screenshot;
mod selection;
mod startup;
mod state;
mod theme;
mod view_options;
mod view_state;
mod workspace;

/// A canvas' image, drawn on the CPU (`benches/level_image.rs` times it).
pub use canvas::{NodeInk, Scene as CanvasScene, Transform, rasterise};
pub use chrome::CardTab;
pub use command::Command;
pub use filter::{Filter, FilterBy};
pub use focus::{Focus, Lit};
pub use form::Form;
pub use jobs::{ExportData, ExportKind, Job, LoadRequest};
pub use lesson_player::LessonPlayer;
pub use panels::{
    Figure, Heatmap, Merge, Projector, StepByStep, level_colours, nearest, neighbours,
    partial_products,
};
pub use receive::OVERLAY_REFRESH;
pub use run::{DEFAULT_SAMPLE, FramePacing, WindowOptions, run};
pub use selection::{Selection, highlighted};
pub use startup::{FirstGraph, StartupPlan};
pub use state::{INSPECTOR_FROM, PoolscopeApp, SETUP_FROM};
pub use theme::Theme;
pub use view_options::ViewOptions;
pub use workspace::{TrainStatus, Workspace};

pub use crate::render::ColourMode;
