//! Writing results (and reading them back): the hierarchy as JSON.

mod json;

pub use json::{
    FORMAT_VERSION, MAX_LEVELS_IN_FILE, hierarchy_from_json, hierarchy_to_json, read_hierarchy_file,
};
