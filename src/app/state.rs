//! The app's state: what is loaded, how it is shown, and the work running for it. The code
//! that changes it lives beside it: `apply` carries out commands and finished jobs, `saving`
//! builds exports and restores sessions, `frame` lays out one frame.

use super::form::Form;
use super::frame_stats::FrameStats;
use super::jobs::{JobKind, JobSet, LoadRequest};
use super::panels::{Heatmap, Merge, Projector, Replay};
use super::screenshot::ScreenshotPlan;
use super::selection::Selection;
use super::theme::Theme;
use super::view_options::ViewOptions;
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
    /// The data set's graph to show once it is loaded (`--graph N`).
    pub pending_graph_index: Option<usize>,
    /// Drop every graph's edge weights on loading (`--unweighted`).
    pub unweighted: bool,
    pub form: Form,
    /// The layout settings every new graph starts with (and sessions keep).
    pub layout: LayoutSettings,
    pub colour: ColourMode,
    pub view: ViewOptions,
    pub selection: Selection,
    pub find: super::panels::FindBar,
    /// The hierarchy the selection was made on (its address) and the selection's level-0
    /// members, to carry it onto the next hierarchy.
    pub(super) selection_basis: (u64, Vec<usize>),
    /// A node to select once the graph is loaded (`--select NAME`).
    pub pending_select: Option<String>,
    /// `--colour-by` and `--size-by`, applied once the graph is loaded.
    pub pending_style: (Option<String>, Option<String>),
    /// Integer columns to read as labels on every graph loaded (`--as-labels`).
    pub as_labels: Vec<String>,
    pub hover: Option<(usize, usize)>,
    pub merge: Merge,
    pub replay: Replay,
    pub projector: Projector,
    pub heatmap: Heatmap,
    pub statistics: super::panels::Statistics,
    /// The last error, shown until dismissed; the graph on screen stays.
    pub error: Option<String>,
    pub source: String,
    /// Train as soon as the first graph is loaded (`--train`).
    pub train_on_load: bool,
    /// The model settings came from the command line: do not replace them per graph.
    pub keep_form_on_load: bool,
    /// The clusters per level came from the command line too.
    pub keep_ks_on_load: bool,
    pub screenshot: Option<ScreenshotPlan>,
    /// The last export's outcome in words ("wrote levels.svg"), shown in the menu bar.
    pub status: Option<String>,
    /// How the current graph was loaded, so a saved session can find it again.
    pub(super) origin: Option<LoadRequest>,
    /// Size of the levels area on screen: the size of exported level pictures unless another
    /// was asked for.
    pub(super) levels_size: [u32; 2],
    /// The picture size exports use (slides, video); `None`: as on screen.
    /// What File > Export > Figure draws pictures at.
    pub figure: super::panels::Figure,
    /// View > Method gallery.
    pub gallery: super::panels::Gallery,
    /// `--gallery`: the methods to draw once the graph is laid out.
    pub pending_gallery: Option<Vec<crate::pool::Method>>,
    pub(super) frame: FrameStats,
    /// The Generate menu's spec field.
    pub(super) generate_spec: String,
    /// Side panels hidden, the levels filling the window under a compact control strip.
    pub presentation: bool,
    /// Side panels shown or hidden by the user; `None`: by the window's width.
    pub show_setup: Option<bool>,
    pub show_inspector: Option<bool>,
    /// The teaching card's window.
    pub card_open: bool,
    pub ui_scale: f32,
    pub theme: Theme,
    /// Where scale and theme are remembered (`None` in tests: nothing is written).
    pub prefs_path: Option<PathBuf>,
    /// The theme and scale last applied to the context.
    pub(super) style_applied: Option<(Theme, f32)>,
    /// Widths (points) of the setup and inspector panels last frame, `None` when hidden.
    pub(super) panel_widths: (Option<f32>, Option<f32>),
}

/// Below this width (in points) the inspector starts hidden, and below the second the setup
/// panel too: the levels keep most of a projector's 1280 pixels at scale 1.5.
pub const INSPECTOR_FROM: f32 = 1400.0;
pub const SETUP_FROM: f32 = 640.0;

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
            pending_graph_index: None,
            unweighted: false,
            form: Form::default(),
            layout: LayoutSettings::default(),
            colour: ColourMode::Linked,
            view: ViewOptions::default(),
            selection: Selection::default(),
            find: Default::default(),
            selection_basis: (0, Vec::new()),
            pending_select: None,
            pending_style: (None, None),
            as_labels: Vec::new(),
            hover: None,
            merge: Merge::default(),
            replay: Replay::default(),
            projector: Projector::default(),
            heatmap: Heatmap::default(),
            statistics: Default::default(),
            error: None,
            source: String::new(),
            train_on_load: false,
            keep_form_on_load: false,
            keep_ks_on_load: false,
            screenshot: None,
            status: None,
            origin: None,
            levels_size: [1600, 600],
            figure: Default::default(),
            gallery: Default::default(),
            pending_gallery: None,
            frame: FrameStats::default(),
            generate_spec: crate::generate::GENERATORS[0].1.to_string(),
            presentation: false,
            show_setup: None,
            show_inspector: None,
            card_open: false,
            ui_scale: 1.0,
            theme: Theme::Dark,
            prefs_path: None,
            style_applied: None,
            panel_widths: (None, None),
        }
    }

    /// Shows an error in the window until dismissed, and says it on the terminal too (a
    /// teacher at a projector may not see the window's line; a script reads stderr).
    pub(super) fn report_error(&mut self, message: String) {
        eprintln!("error: {message}");
        self.error = Some(message);
    }

    /// `what: e`, unless `e` is empty (a cancelled dialog says nothing).
    pub(super) fn report_failure(&mut self, what: &str, e: String) {
        if !e.is_empty() {
            self.report_error(format!("{what}: {e}"));
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

    /// Whether the setup and inspector panels show in a window `width` points wide.
    pub fn panels_shown(&self, width: f32) -> (bool, bool) {
        if self.presentation {
            return (false, false);
        }
        (
            self.show_setup.unwrap_or(width >= SETUP_FROM),
            self.show_inspector.unwrap_or(width >= INSPECTOR_FROM),
        )
    }

    /// The size (points) of the area the levels were drawn in last frame.
    pub fn levels_area(&self) -> [u32; 2] {
        self.levels_size
    }

    /// Widths (points) of the setup and inspector panels last frame, `None` when hidden.
    pub fn panel_widths(&self) -> (Option<f32>, Option<f32>) {
        self.panel_widths
    }

    /// Progress of the classifier being fitted: (epoch, epochs).
    pub fn classifier_progress(&self) -> Option<(usize, usize)> {
        self.jobs.progress(JobKind::Classifier)
    }
}
