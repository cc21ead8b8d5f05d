//! Writing results (and reading them back): the hierarchy as JSON, assignment and position
//! tables, saved sessions, and the hierarchies of steps logged from a PyG model.

mod arrays;
mod graph_source;
mod import;
mod json;
mod log;
mod node_table;
mod session;
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
    is_session, read_session, session_from_bytes, session_from_json, session_to_bytes,
    session_to_json, write_session,
};
pub use tables::{assignment_paths, positions_csv, write_assignments};
pub use weights::MAX_WEIGHTS;
