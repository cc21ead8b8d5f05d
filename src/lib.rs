//! poolscope: watch graph neural networks coarsen graphs.

pub mod allocator;
#[cfg(feature = "gui")]
pub mod app;
pub mod autodiff;
pub mod cli;
pub mod diagnostics;
pub mod export;
pub mod generate;
pub mod graph;
pub mod hierarchy;
pub mod io;
pub mod layout;
pub mod lesson;
pub mod metrics;
pub mod nn;
pub mod numeric;
pub mod pool;
pub mod priority;
pub mod project;
pub mod render;
pub mod samples;
pub mod threads;
pub mod train;
