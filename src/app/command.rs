//! What panels ask for. Panels return these and change nothing themselves; the app carries
//! them out after drawing.

use super::jobs::{ExportKind, LoadRequest};
use super::selection::Selection;
use super::theme::Theme;
use crate::layout::LayoutSettings;
use crate::render::ColourMode;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    Load(LoadRequest),
    ColourBy(ColourMode),
    SelectGraph(usize),
    /// Show another log of the folder of logs (an entry index).
    OpenLog(usize),
    /// Lay that log's logged curves over the shown one's, or take them off.
    Overlay(usize, bool),
    FitView,
    DismissError,
    Train,
    Pause,
    Resume,
    Step,
    Reset,
    Select(Selection),
    /// Select these level-0 nodes (a search result) and zoom every level in on them and
    /// their neighbourhood.
    Find(Vec<usize>),
    /// Read an integer node column as labels too (to colour by and score against).
    UseAsLabels(String),
    Pin {
        level: usize,
        node: usize,
        pos: [f32; 2],
    },
    /// Fit a graph classifier on the loaded data set.
    TrainClassifier,
    /// Open a hierarchy JSON file (`None`: ask with the dialog).
    OpenHierarchy(Option<PathBuf>),
    /// Keep the current hierarchy to compare later runs with.
    KeepReference,
    /// Show the reference in place of the current hierarchy, or back.
    SwapReference,
    /// Open assignment matrices made elsewhere (`None`: ask with the dialog).
    ImportAssignments {
        paths: Option<Vec<PathBuf>>,
        logits: bool,
    },
    /// Write a picture, table or the session (`None`: ask for the file name).
    Export(ExportKind, Option<PathBuf>),
    /// Open a saved session (`None`: ask with the dialog).
    OpenSession(Option<PathBuf>),
    /// New layout settings, applied to the running layout.
    LayoutSettings(LayoutSettings),
    /// Lay level 0 out again from scratch.
    RerunLayout,
    /// Let the layout move (`true`) or stop it where it is.
    RunLayout(bool),
    /// Open or close the teaching card's drawer.
    ShowCard(bool),
    /// The drawer's face (opening the drawer when it was closed).
    CardTab(crate::app::chrome::CardTab),
    /// Show the other finished run: a restart that scored higher than the watched run, or
    /// back to the watched run.
    SwapRun,
    /// Enter or leave presentation mode.
    Presentation(bool),
    /// Open or close the method gallery.
    Gallery(bool),
    /// Open or close the node table (opening starts its measures off the UI thread).
    NodeTable(bool),
    /// Show or hide a side panel.
    ShowPanels {
        setup: bool,
        inspector: bool,
    },
    /// The user interface's scale (1 = egui's default sizes).
    UiScale(f32),
    Theme(Theme),
    /// Epochs per second to train at (0: full speed), for the run going on too.
    Pace(f32),
    /// Show step N of the lesson being played.
    LessonStep(usize),
    /// Show snapshot N of the training timeline on every view; `None`: the latest.
    Scrub(Option<usize>),
}
