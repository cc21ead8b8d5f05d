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
                use super::dialog::{Picked, pick};
                let picked = match paths {
                    Some(p) => Picked::Chosen(p),
                    None => pick(|| {
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
                    }),
                };
                let result = match picked {
                    Picked::Chosen(p) if !p.is_empty() => {
                        import(&graph, &p, logits, labels.as_deref())
                    }
                    Picked::Unavailable => Err(super::dialog::UNAVAILABLE.to_string()),
                    _ => Err(String::new()),
                };
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
                use super::dialog::{Picked, pick};
                let picked = match path {
                    Some(p) => Picked::Chosen(p),
                    None => pick(|| {
                        rfd::FileDialog::new()
                            .set_title("Open a hierarchy")
                            .add_filter("Hierarchy JSON", &["json"])
                            .pick_file()
                    }),
                };
                let result = match picked {
                    Picked::Chosen(p) => {
                        crate::export::read_hierarchy_file(&p, &graph).map(|(h, _)| h)
                    }
                    Picked::Cancelled => Err(String::new()),
                    Picked::Unavailable => Err(super::dialog::UNAVAILABLE.to_string()),
                };
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
