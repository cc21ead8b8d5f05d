//! File > Open session: the dialog, reading the file and loading its graph happen on a worker
//! thread; the window applies the result in one frame.

use crate::export::OpenedSession;
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

pub struct SessionJob {
    rx: Receiver<Result<OpenedSession, String>>,
}

impl SessionJob {
    /// Opens `path` (`None`: ask with the dialog). An empty error means the user cancelled.
    pub fn start(path: Option<PathBuf>, ctx: &egui::Context) -> Self {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("session".into())
            .spawn(move || {
                let result = super::dialog::given_or_picked(path, || {
                    rfd::FileDialog::new()
                        .set_title("Open a session")
                        .add_filter("poolscope session", &["poolscope", "json"])
                        .pick_file()
                })
                .and_then(|p| crate::export::read_session(&p));
                let _ = tx.send(result);
                ctx.request_repaint();
            })
            .ok();
        Self { rx }
    }

    pub fn poll(&self) -> Option<Result<OpenedSession, String>> {
        self.rx.try_recv().ok()
    }

    /// Waits for the result (tests only; the window polls).
    pub fn wait(&self, timeout: Duration) -> Option<Result<OpenedSession, String>> {
        self.rx.recv_timeout(timeout).ok()
    }
}
