//! The app's state: what is loaded, how it is shown, and the work running for it. The code
//! that changes it lives beside it: `apply` carries out commands and finished jobs, `saving`
//! builds exports and restores sessions, `frame` lays out one frame.

use super::form::Form;
use super::frame_stats::FrameStats;
use super::jobs::{JobKind, JobSet, LoadRequest};
use super::panels::{Heatmap, Merge, Projector};
use super::screenshot::ScreenshotPlan;
use super::selection::Selection;
use super::workspace::Workspace;
use crate::graph::{Dataset, Graph};
use crate::layout::LayoutSettings;
use crate::render::ColourMode;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

pub struct PoolscopeApp {
    pub(super) ctx: Option<egui::Context>,
    /// Loads to start on the first frame, once there is a context to wake.
    pub(super) queued: Vec<LoadRequest>,
    pub(super) workspace: Option<Workspace>,
    pub dataset: Option<Arc<Dataset>>,
    /// The graph classifier fitted on the data set, when one was trained.
    pub classifier: Option<Arc<crate::train::dataset::Classifier>>,
    /// Background work: loads, imports, exports, sessions, the classifier.
    pub(super) jobs: JobSet,
    /// Assignments to open once the first graph is loaded (`--assign`).
    pub pending_import: Option<(Vec<PathBuf>, bool)>,
    /// A hierarchy file to open once the first graph is loaded (`--hierarchy`).
    pub pending_hierarchy: Option<PathBuf>,
    /// A session to open on the first frame (`--session`, or a `.poolscope` file as GRAPH).
    pub pending_session: Option<PathBuf>,
    pub dataset_index: usize,
    pub form: Form,
    /// The layout settings every new graph starts with (and sessions keep).
    pub layout: LayoutSettings,
    pub colour: ColourMode,
    pub selection: Selection,
    pub hover: Option<(usize, usize)>,
    pub merge: Merge,
    pub projector: Projector,
    pub heatmap: Heatmap,
    /// The last error, shown until dismissed; the graph on screen stays.
    pub error: Option<String>,
    pub source: String,
    /// Train as soon as the first graph is loaded (`--train`).
    pub train_on_load: bool,
    /// The model settings came from the command line: do not replace them per graph.
    pub keep_form_on_load: bool,
    pub screenshot: Option<ScreenshotPlan>,
    /// The last export's outcome in words ("wrote levels.svg"), shown in the menu bar.
    pub status: Option<String>,
    /// How the current graph was loaded, so a saved session can find it again.
    pub(super) origin: Option<LoadRequest>,
    /// Size of the levels area on screen: the size of exported level pictures.
    pub(super) levels_size: [u32; 2],
    pub(super) frame: FrameStats,
    /// The Generate menu's spec field.
    pub(super) generate_spec: String,
}

impl PoolscopeApp {
    /// An app that starts loading `initial` in the background on its first frame.
    pub fn new(initial: Option<LoadRequest>) -> Self {
        Self {
            ctx: None,
            queued: initial.into_iter().collect(),
            workspace: None,
            dataset: None,
            classifier: None,
            jobs: JobSet::default(),
            pending_import: None,
            pending_hierarchy: None,
            pending_session: None,
            dataset_index: 0,
            form: Form::default(),
            layout: LayoutSettings::default(),
            colour: ColourMode::NextCluster,
            selection: Selection::default(),
            hover: None,
            merge: Merge::default(),
            projector: Projector::default(),
            heatmap: Heatmap::default(),
            error: None,
            source: String::new(),
            train_on_load: false,
            keep_form_on_load: false,
            screenshot: None,
            status: None,
            origin: None,
            levels_size: [1600, 600],
            frame: FrameStats::default(),
            generate_spec: crate::generate::GENERATORS[0].1.to_string(),
        }
    }

    pub(super) fn context(&self) -> egui::Context {
        self.ctx.clone().unwrap_or_default()
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        self.workspace.as_mut()
    }

    pub fn graph(&self) -> Option<&Graph> {
        self.workspace.as_ref().map(|w| w.graph.as_ref())
    }

    pub fn is_loading(&self) -> bool {
        self.jobs.is_running(JobKind::Load)
    }

    /// Progress of the classifier being fitted: (epoch, epochs).
    pub fn classifier_progress(&self) -> Option<(usize, usize)> {
        self.jobs.progress(JobKind::Classifier)
    }
}
