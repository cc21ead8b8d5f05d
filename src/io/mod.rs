//! Readers and writers, one file per format; every reader returns a [`LoadError`] naming the
//! file, the line or byte, and what was expected.

mod assignment;
mod atomic;
mod delimited;
mod edgelist;
mod error;
mod format;
mod gexf;
mod gml;
mod graphml;
mod limits;
mod load;
pub mod logdir;
pub mod logset;
mod mtx;
mod node_csv;
mod node_link;
pub mod npy;
pub mod npz;
mod pajek;
pub mod pyg;
pub mod scratch;
pub mod tu;
mod xml;

pub use assignment::{
    AssignmentOptions, MAX_CLUSTERS, parse_assignment, parse_assignment_with, read_assignment,
    read_assignment_with,
};
pub use atomic::{not_an_input, write_all_atomic, write_atomic};
pub use delimited::{Delimiter, csv_field, is_comment, split};
pub use error::{LoadError, Position, parse_weight, utf8};
pub use format::Format;
pub use limits::{read_bounded, read_bounded_text};
pub use load::{
    Loaded, MAX_FILE_BYTES, load_path, load_tu, read_bytes, sibling_node_file, write_path,
};
pub use xml::escape as xml_escape;

/// Writers by format, for callers that want text rather than a file.
pub mod write {
    pub use super::edgelist::write as edge_list;
    pub use super::gml::write as gml;
    pub use super::graphml::write as graphml;
    pub use super::node_csv::write as node_csv;
    pub use super::node_link::write as node_link;
}
