//! Assignment matrices made elsewhere (one CSV or .npy per level, e.g. from a PyTorch
//! Geometric model) read back into a hierarchy, the one the window and `render` show.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::io::{AssignmentOptions, read_assignment_with};
use std::path::PathBuf;

/// Reads and checks one assignment file per level, in the order given (level 1 first), and
/// builds the hierarchy exactly as a trained one; also what the readers noted (a file of
/// logits given without `--logits`, …), for the caller to say.
pub fn import_assignments(
    graph: &Graph,
    paths: &[PathBuf],
    logits: bool,
    labels: Option<&str>,
) -> Result<(Hierarchy, Vec<String>), String> {
    let mut rows = graph.node_count();
    let mut mats = Vec::with_capacity(paths.len());
    let mut notes = Vec::new();
    for (l, p) in paths.iter().enumerate() {
        let opts = AssignmentOptions {
            logits,
            ids: (l == 0).then_some(graph.nodes.ids.as_slice()),
            rows: Some(rows),
            ..AssignmentOptions::default()
        };
        let (m, level_notes) = read_assignment_with(p, &opts).map_err(|e| e.to_string())?;
        notes.extend(level_notes);
        rows = m.ncols();
        mats.push(m);
    }
    let h = Hierarchy::import(graph, mats, labels).map_err(|e| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        format!("{e} (files: {})", names.join(", "))
    })?;
    Ok((h, notes))
}
