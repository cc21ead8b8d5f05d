//! poolscope: watch graph neural networks coarsen graphs.

pub mod generate;
pub mod graph;
pub mod io;
pub mod rng;
pub mod samples;
