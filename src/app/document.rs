//! What is open: the graph's workspace (its runs, hierarchy and layouts), the data set it came
//! from and the classifier fitted on it, how it was loaded (so a session can find it again),
//! and what every graph loaded gets (weights dropped, columns read as labels).

use super::jobs::LoadRequest;
use super::workspace::Workspace;
use crate::graph::Dataset;
use crate::layout::LayoutSettings;
use crate::train::dataset::Classifier;
use std::sync::Arc;

#[derive(Default)]
pub struct Document {
    pub workspace: Option<Workspace>,
    pub dataset: Option<Arc<Dataset>>,
    /// The graph classifier fitted on the data set, when one was trained.
    pub classifier: Option<Arc<Classifier>>,
    /// The data set's graph shown.
    pub dataset_index: usize,
    /// What the graph was opened as, in words (a path, a sample's name).
    pub source: String,
    /// How the current graph was loaded, so a saved session can find it again.
    pub origin: Option<LoadRequest>,
    /// The layout settings every new graph starts with (and sessions keep).
    pub layout: LayoutSettings,
    /// Drop every graph's edge weights on loading (`--unweighted`).
    pub unweighted: bool,
    /// Number nodes by their integer ids on loading (`--keep-ids`).
    pub keep_ids: bool,
    /// Integer columns to read as labels on every graph loaded (`--as-labels`).
    pub as_labels: Vec<String>,
    /// A log directory named at start-up that does not exist yet: opened as soon as the
    /// user's training has written its graph (`poolscope.show()` may run before it does).
    pub waiting_for: Option<std::path::PathBuf>,
    /// The folder of logs the shown log was picked from (runs, or a batched run's graphs).
    pub logs: Option<crate::io::logset::LogSet>,
    /// What the shown log recorded of the model that wrote it.
    pub log_model: Option<crate::io::logset::LogModel>,
    /// The folder's logs whose logged curves are laid over the shown one's (entry indices),
    /// and their curves once read.
    pub overlay: Vec<usize>,
    pub overlay_curves: Vec<super::jobs::OverlayRun>,
    /// When the overlaid runs were last read (runs still being written are read again).
    pub overlay_read_at: Option<std::time::Instant>,
}
