//! Bounds on counts that a file declares in a header (Matrix Market size line, Pajek
//! `*Vertices N`): such a count is only believed if the file is long enough to plausibly
//! need it, so a ten-byte file cannot make the reader allocate gigabytes.

use super::error::LoadError;
use crate::graph::MAX_NODES;

/// Largest node count a file of `file_len` bytes may declare.
pub fn declared_node_limit(file_len: usize) -> usize {
    MAX_NODES.min(file_len.saturating_mul(16).saturating_add(1 << 16))
}

/// Checks a declared node count against the bound.
pub fn check_declared_nodes(
    n: u64,
    file_len: usize,
    file: &str,
    line: usize,
) -> Result<usize, LoadError> {
    let limit = declared_node_limit(file_len);
    if n > limit as u64 {
        return Err(LoadError::at_line(
            file,
            line,
            format!("declares {n} nodes; expected at most {limit} for a file of {file_len} bytes"),
        ));
    }
    Ok(n as usize)
}
