//! File > Open session: the dialog, reading the file and loading its graph happen on a worker
//! thread; the window applies the result in one frame.

use super::job::Job;
use crate::export::OpenedSession;
use eframe::egui;
use std::path::{Path, PathBuf};

/// Whether a path names a saved session (by its `.poolscope` extension).
pub fn is_session_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("poolscope"))
}

/// Opens `path` (`None`: ask with the dialog). An empty error means the user cancelled.
pub fn open(path: Option<PathBuf>, ctx: &egui::Context) -> Job<Result<OpenedSession, String>> {
    Job::spawn("session", ctx, move |_| {
        super::dialog::given_or_picked(path, || {
            rfd::FileDialog::new()
                .set_title("Open a session")
                .add_filter("poolscope session", &["poolscope", "json"])
                .pick_file()
        })
        .and_then(|p| crate::export::read_session(&p))
    })
}
