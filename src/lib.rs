//! poolscope: watch graph neural networks coarsen graphs.

pub mod graph;
pub mod io;
pub mod rng;
