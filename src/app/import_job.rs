//! Opening assignment matrices made elsewhere (one CSV or .npy per level) on top of the loaded
//! graph, off the UI thread: read, softmax if they are logits, check the chain of shapes, and
//! build the hierarchy exactly as a trained one.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

pub struct ImportJob {
    rx: Receiver<Result<Hierarchy, String>>,
}

use crate::io::import_assignments as import;

impl ImportJob {
    /// `paths`: given, or `None` to ask with the file dialog (several files, sorted by name).
    pub fn start(
        graph: Arc<Graph>,
        paths: Option<Vec<PathBuf>>,
        logits: bool,
        labels: Option<String>,
        ctx: &egui::Context,
    ) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let result = super::dialog::given_or_picked(paths, || {
                    rfd::FileDialog::new()
                        .set_title(
                            "Open assignment matrices (one per level; level order = name order)",
                        )
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
                        import(&graph, &p, logits, labels.as_deref())
                    }
                });
                let _ = tx.send(result);
                ctx.request_repaint();
            })
            .ok();
        Self { rx }
    }

    /// Reads a hierarchy JSON file written by `train --out` (`None`: ask with the dialog).
    pub fn start_json(graph: Arc<Graph>, path: Option<PathBuf>, ctx: &egui::Context) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let result = super::dialog::given_or_picked(path, || {
                    rfd::FileDialog::new()
                        .set_title("Open a hierarchy")
                        .add_filter("Hierarchy JSON", &["json"])
                        .pick_file()
                })
                .and_then(|p| crate::export::read_hierarchy_file(&p, &graph).map(|(h, _)| h));
                let _ = tx.send(result);
                ctx.request_repaint();
            })
            .ok();
        Self { rx }
    }

    pub fn poll(&self) -> Option<Result<Hierarchy, String>> {
        self.rx.try_recv().ok()
    }

    /// Waits for the result (tests only; the window polls).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Result<Hierarchy, String>> {
        self.rx.recv_timeout(timeout).ok()
    }
}
