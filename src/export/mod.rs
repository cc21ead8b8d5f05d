//! Writing results: the hierarchy as JSON.

mod json;

pub use json::{FORMAT_VERSION, hierarchy_to_json};
