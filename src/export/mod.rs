//! Writing results (and reading them back): the hierarchy as JSON, assignment and position
//! tables, saved sessions, and the hierarchies of steps logged from a PyG model.

mod arrays;
mod graph_source;
mod import;
mod json;
mod log;
mod node_table;
mod session;
mod session_file;
mod tables;
mod weights;

pub use import::import_assignments;
pub use json::{
    FORMAT_VERSION, MAX_LEVELS_IN_FILE, Positions, hierarchy_from_json, hierarchy_from_value,
    hierarchy_to_json, positions_from_value, read_hierarchy_file, write_hierarchy_file,
};
pub use log::step_hierarchy;
pub use node_table::{Column as TableColumn, NodeRows, RowParts};
pub use session::{
    GraphSource, MAX_HISTORY, OpenedSession, SESSION_VERSION, SavedSession, ViewSettings,
    session_to_json,
};
pub use session_file::{
    is_session, read_session, session_from_bytes, session_from_json, session_to_bytes,
    write_session,
};
pub use tables::{assignment_paths, positions_csv, write_assignments};
pub use weights::MAX_WEIGHTS;
