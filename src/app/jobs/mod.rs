//! Work the window does off the UI thread: one generic [`Job`] type, the jobs built on it, and
//! the set the app polls each frame.

mod classifier;
mod dialog;
mod export;
mod finished;
mod import;
mod job;
mod load;
mod overlay;
mod session;
mod set;

pub use classifier::fit as fit_classifier;
pub use export::{ExportData, ExportKind, start as start_export, window_picture, write_png};
pub use finished::{Finished, JobKind};
pub use import::{assignments as import_assignments, hierarchy_file as import_hierarchy};
pub use job::{Job, Report};
pub use load::{LoadRequest, LoadResult, LogOpened, load, open_dialog};
pub use overlay::{OverlayRun, read as read_overlay};
pub use session::{is_session_file, open as open_session};
pub use set::JobSet;
