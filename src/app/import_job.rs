//! Opening assignment matrices made elsewhere (one CSV or .npy per level) on top of the loaded
//! graph, off the UI thread: read, softmax if they are logits, check the chain of shapes, and
//! build the hierarchy exactly as a trained one.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::io::read_assignment;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

pub struct ImportJob {
    rx: Receiver<Result<Hierarchy, String>>,
}

/// Reads and checks the files, in the order given (level 1 first).
pub fn import(
    graph: &Graph,
    paths: &[PathBuf],
    logits: bool,
    labels: Option<&str>,
) -> Result<Hierarchy, String> {
    let mats = paths
        .iter()
        .map(|p| read_assignment(p, logits).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Hierarchy::import(graph, mats, labels).map_err(|e| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        format!("{e} (files: {})", names.join(", "))
    })
}

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
                let paths = paths.or_else(|| {
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
                });
                let result = match paths {
                    Some(p) if !p.is_empty() => import(&graph, &p, logits, labels.as_deref()),
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
                let path = path.or_else(|| {
                    rfd::FileDialog::new()
                        .set_title("Open a hierarchy")
                        .add_filter("Hierarchy JSON", &["json"])
                        .pick_file()
                });
                let result = match path {
                    Some(p) => std::fs::read_to_string(&p)
                        .map_err(|e| format!("{}: cannot read: {e}", p.display()))
                        .and_then(|text| {
                            crate::export::hierarchy_from_json(&text, &graph)
                                .map_err(|e| format!("{}: {e}", p.display()))
                        }),
                    None => Err(String::new()),
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
