//! Opening assignment matrices made elsewhere (one CSV or .npy per level), or a hierarchy JSON
//! file, on top of the loaded graph: read, softmax if they are logits, check the chain of
//! shapes, and build the hierarchy exactly as a trained one.

use super::job::Job;
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

/// The hierarchy and what the readers noted; an empty error means the user cancelled.
pub type Imported = Result<(Hierarchy, Vec<String>), String>;

/// `paths`: given, or `None` to ask with the file dialog (several files, sorted by name).
pub fn assignments(
    graph: Arc<Graph>,
    paths: Option<Vec<PathBuf>>,
    logits: bool,
    labels: Option<String>,
    ctx: &egui::Context,
) -> Job<Imported> {
    Job::spawn("import", ctx, move |_| {
        super::dialog::given_or_picked(paths, || {
            rfd::FileDialog::new()
                .set_title("Open assignment matrices (one per level; level order = name order)")
                .add_filter("Assignments", &["csv", "npy", "txt"])
                .pick_files()
                .map(|mut p| {
                    p.sort();
                    p
                })
        })
        .and_then(|p| {
            if p.is_empty() {
                Err(String::new())
            } else {
                crate::export::import_assignments(&graph, &p, logits, labels.as_deref())
            }
        })
    })
}

/// Reads a hierarchy JSON file written by `train --out` (`None`: ask with the dialog).
pub fn hierarchy_file(
    graph: Arc<Graph>,
    path: Option<PathBuf>,
    ctx: &egui::Context,
) -> Job<Imported> {
    Job::spawn("import", ctx, move |_| {
        super::dialog::given_or_picked(path, || {
            rfd::FileDialog::new()
                .set_title("Open a hierarchy")
                .add_filter("Hierarchy JSON", &["json"])
                .pick_file()
        })
        .and_then(|p| crate::export::read_hierarchy_file(&p, &graph).map(|(h, _)| (h, Vec::new())))
    })
}
