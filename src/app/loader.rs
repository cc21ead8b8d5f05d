//! Loading graphs off the UI thread: a request goes to a worker thread, the result comes back
//! over a channel, and the worker wakes the UI with `request_repaint`.

use crate::io::Loaded;
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

/// What to load.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadRequest {
    /// A file or TU folder chosen in the dialog or dropped on the window.
    Path(PathBuf),
    /// A bundled sample or generator spec, by name.
    Named(String),
    /// A file dropped on the window (a saved session embeds it rather than trusting the path).
    Dropped(PathBuf),
}

impl LoadRequest {
    pub fn label(&self) -> String {
        match self {
            LoadRequest::Path(p) | LoadRequest::Dropped(p) => p.display().to_string(),
            LoadRequest::Named(n) => n.clone(),
        }
    }
}

/// The outcome of one request.
pub struct LoadResult {
    pub request: LoadRequest,
    pub result: Result<Loaded, String>,
}

/// Runs loads on worker threads; at most one result is applied per request.
pub struct Loader {
    tx: Sender<LoadResult>,
    rx: Receiver<LoadResult>,
    pending: usize,
}

impl Default for Loader {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self { tx, rx, pending: 0 }
    }
}

impl Loader {
    pub fn start(&mut self, request: LoadRequest, ctx: &egui::Context) {
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        self.pending += 1;
        std::thread::spawn(move || {
            let result = match &request {
                LoadRequest::Path(p) | LoadRequest::Dropped(p) => {
                    crate::io::load_path(p, None).map_err(|e| e.to_string())
                }
                LoadRequest::Named(n) => crate::samples::resolve(n, None),
            };
            let _ = tx.send(LoadResult { request, result });
            ctx.request_repaint();
        });
    }

    pub fn is_busy(&self) -> bool {
        self.pending > 0
    }

    pub fn poll(&mut self) -> Option<LoadResult> {
        let r = self.rx.try_recv().ok();
        if r.is_some() {
            self.pending = self.pending.saturating_sub(1);
        }
        r
    }

    /// Waits for the next result (tests only; the UI polls).
    pub fn wait(&mut self, timeout: std::time::Duration) -> Option<LoadResult> {
        let r = self.rx.recv_timeout(timeout).ok();
        if r.is_some() {
            self.pending = self.pending.saturating_sub(1);
        }
        r
    }
}

/// Opens the native file dialog on a worker thread; the chosen path arrives as a load.
pub fn open_dialog(loader: &mut Loader, ctx: &egui::Context) {
    let tx = loader.tx.clone();
    let ctx = ctx.clone();
    loader.pending += 1;
    std::thread::spawn(move || {
        let mut dialog = rfd::FileDialog::new().set_title("Open a graph");
        let all: Vec<&str> = crate::io::Format::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect();
        dialog = dialog.add_filter("All graph formats", &all);
        for f in crate::io::Format::ALL {
            dialog = dialog.add_filter(f.name(), f.extensions());
        }
        match super::dialog::given_or_picked(None, || dialog.pick_file()) {
            Ok(path) => {
                let request = LoadRequest::Path(path.clone());
                let result = crate::io::load_path(&path, None).map_err(|e| e.to_string());
                let _ = tx.send(LoadResult { request, result });
            }
            Err(message) => {
                let _ = tx.send(LoadResult {
                    request: LoadRequest::Named(String::new()),
                    result: Err(message),
                });
            }
        }
        ctx.request_repaint();
    });
}
