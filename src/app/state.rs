//! The app's state, in parts with narrow visibility: the start-up plan (used once), the
//! document (what is open), the view (how it is shown), the chrome (the window around it), the
//! model settings being edited and the background jobs. The code that changes it lives beside
//! it: `apply` carries out commands and finished jobs, `receive` what arrives, `saving` builds
//! exports and restores sessions, `frame` lays out one frame. Panels never see the app: they
//! get views of the parts they show and return commands.

use super::chrome::{CardTab, Chrome};
use super::document::Document;
use super::form::Form;
use super::jobs::{JobKind, JobSet, LoadRequest};
use super::lesson_player::LessonPlayer;
use super::panels::{Figure, Gallery, Merge, Replay, StepByStep};
use super::selection::Selection;
use super::startup::StartupPlan;
use super::view_options::ViewOptions;
use super::view_state::ViewState;
use super::workspace::Workspace;
use crate::graph::{Dataset, Graph};
use crate::layout::LayoutSettings;
use crate::render::ColourMode;
use crate::train::dataset::Classifier;
use eframe::egui;
use std::sync::Arc;

pub struct PoolscopeApp {
    /// The context to wake background work with, once the first frame gave one.
    pub(super) ctx: Option<egui::Context>,
    pub(super) startup: StartupPlan,
    pub(super) doc: Document,
    pub(super) view: ViewState,
    pub(super) chrome: Chrome,
    /// The model settings being edited, before they become a run.
    pub(super) form: Form,
    /// Background work: loads, imports, exports, sessions, the classifier.
    pub(super) jobs: JobSet,
    /// The lesson being played (`--lesson`), and its step.
    pub(super) lesson: Option<LessonPlayer>,
}

/// Below this width (in points) the inspector starts hidden, and below the second the setup
/// panel too: the levels keep most of a projector's 1280 pixels at scale 1.5.
pub const INSPECTOR_FROM: f32 = 1400.0;
pub const SETUP_FROM: f32 = 640.0;
/// The width the card's drawer asks of the window before the inspector shows beside it.
const CARD_ROOM: f32 = 480.0;

impl PoolscopeApp {
    /// An app that starts loading `initial` in the background on its first frame.
    pub fn new(initial: Option<LoadRequest>) -> Self {
        Self::starting(StartupPlan::loading(initial))
    }

    /// An app that carries out `plan`, each part at its moment; the form starts with the
    /// plan's model settings.
    pub fn starting(mut plan: StartupPlan) -> Self {
        let mut form = Form::default();
        if let Some((cfg, ks)) = plan.config.take() {
            form.cfg = cfg;
            plan.first_graph.keep_form = true;
            if let Some(ks) = ks {
                form.ks = ks;
                plan.first_graph.keep_ks = true;
            }
        }
        Self {
            ctx: None,
            startup: plan,
            doc: Document::default(),
            view: ViewState::default(),
            chrome: Chrome::default(),
            form,
            jobs: JobSet::default(),
            lesson: None,
        }
    }

    /// Shows an error in the window until dismissed, and says it on the terminal too (a
    /// teacher at a projector may not see the window's line; a script reads stderr).
    pub(super) fn report_error(&mut self, message: String) {
        eprintln!("error: {message}");
        self.chrome.error = Some(message);
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
        self.doc.workspace.as_ref()
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        self.doc.workspace.as_mut()
    }

    pub fn graph(&self) -> Option<&Graph> {
        self.doc.workspace.as_ref().map(|w| w.graph.as_ref())
    }

    /// The folder of logs the shown log was picked from.
    pub fn logs(&self) -> Option<&crate::io::logset::LogSet> {
        self.doc.logs.as_ref()
    }

    /// The other runs' logged curves laid over the shown one's.
    pub fn overlay_curves(&self) -> &[super::jobs::OverlayRun] {
        &self.doc.overlay_curves
    }

    pub fn dataset(&self) -> Option<&Arc<Dataset>> {
        self.doc.dataset.as_ref()
    }

    /// The data set's graph shown.
    pub fn dataset_index(&self) -> usize {
        self.doc.dataset_index
    }

    pub fn classifier(&self) -> Option<&Arc<Classifier>> {
        self.doc.classifier.as_ref()
    }

    /// The layout settings new graphs start with.
    pub fn layout(&self) -> &LayoutSettings {
        &self.doc.layout
    }

    pub fn is_loading(&self) -> bool {
        self.jobs.is_running(JobKind::Load)
    }

    /// Progress of the classifier being fitted: (epoch, epochs).
    pub fn classifier_progress(&self) -> Option<(usize, usize)> {
        self.jobs.progress(JobKind::Classifier)
    }

    /// The model settings being edited; a change applies to the next run.
    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    pub fn colour(&self) -> &ColourMode {
        &self.view.colour
    }

    pub fn view_options(&self) -> &ViewOptions {
        &self.view.options
    }

    pub fn selection(&self) -> &Selection {
        &self.view.selection
    }

    pub fn merge(&self) -> &Merge {
        &self.view.merge
    }

    pub fn replay(&self) -> &Replay {
        &self.view.replay
    }

    pub fn replay_mut(&mut self) -> &mut Replay {
        &mut self.view.replay
    }

    pub fn gallery(&self) -> &Gallery {
        &self.view.gallery
    }

    pub fn node_table(&self) -> &super::panels::NodeTable {
        &self.view.node_table
    }

    /// The error shown, until dismissed.
    pub fn error(&self) -> Option<&str> {
        self.chrome.error.as_deref()
    }

    /// The last export's outcome, in words.
    pub fn status(&self) -> Option<&str> {
        self.chrome.status.as_deref()
    }

    pub fn presentation(&self) -> bool {
        self.chrome.presentation
    }

    pub fn ui_scale(&self) -> f32 {
        self.chrome.ui_scale
    }

    pub fn card_open(&self) -> bool {
        self.chrome.card_open
    }

    /// What the card drawer shows.
    pub fn card_tab(&self) -> CardTab {
        self.chrome.card_tab
    }

    /// The drawer's "step by step" view.
    pub fn steps(&self) -> &StepByStep {
        &self.view.steps
    }

    pub fn figure(&self) -> &Figure {
        &self.chrome.figure
    }

    pub fn figure_mut(&mut self) -> &mut Figure {
        &mut self.chrome.figure
    }

    /// Whether the setup and inspector panels show in a window `width` points wide. The card's
    /// drawer takes the inspector's place unless the window has room for both: at 1600 points
    /// setup, inspector and drawer left the levels 440 points and their columns ran under the
    /// drawer.
    pub fn panels_shown(&self, width: f32) -> (bool, bool) {
        if self.chrome.presentation {
            return (false, false);
        }
        let drawer = if self.chrome.card_open {
            CARD_ROOM
        } else {
            0.0
        };
        (
            self.chrome.show_setup.unwrap_or(width >= SETUP_FROM),
            self.chrome
                .show_inspector
                .unwrap_or(width >= INSPECTOR_FROM + drawer),
        )
    }

    /// The size (points) of the area the levels were drawn in last frame.
    pub fn levels_area(&self) -> [u32; 2] {
        self.chrome.levels_size
    }

    /// Where the levels and the card's drawer were drawn last frame (points).
    pub fn levels_rect(&self) -> egui::Rect {
        self.chrome.levels_rect
    }

    pub fn card_rect(&self) -> Option<egui::Rect> {
        self.chrome.card_rect
    }

    /// Widths (points) of the setup and inspector panels last frame, `None` when hidden.
    pub fn panel_widths(&self) -> (Option<f32>, Option<f32>) {
        self.chrome.panel_widths
    }
}
