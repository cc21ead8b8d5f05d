//! What several benches share.

pub mod counting;
