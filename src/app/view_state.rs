//! How the document is shown: the colouring and drawing options, the selection (and what it
//! was made on, to carry it onto the next hierarchy), the find box, the hovered node, and the
//! views with state of their own (merge, replay, projector, heatmap, statistics, gallery).

use super::panels::{FindBar, Gallery, Heatmap, Merge, Projector, Replay, Statistics, StepByStep};
use super::selection::Selection;
use super::view_options::ViewOptions;
use crate::render::ColourMode;

pub struct ViewState {
    pub colour: ColourMode,
    pub options: ViewOptions,
    pub selection: Selection,
    /// The id of what was shown when the selection was made (`Workspace::shown_id`) and the
    /// selection's level-0 members, to carry it onto the next hierarchy.
    pub selection_basis: (u64, Vec<usize>),
    pub find: FindBar,
    /// (level, node) under the pointer.
    pub hover: Option<(usize, usize)>,
    pub merge: Merge,
    pub replay: Replay,
    pub projector: Projector,
    pub heatmap: Heatmap,
    pub statistics: Statistics,
    /// The card drawer's "step by step" view.
    pub steps: StepByStep,
    /// View > Method gallery.
    pub gallery: Gallery,
    /// View > Node table.
    pub node_table: super::panels::NodeTable,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            colour: ColourMode::Linked,
            options: ViewOptions::default(),
            selection: Selection::default(),
            selection_basis: (0, Vec::new()),
            find: FindBar::default(),
            hover: None,
            merge: Merge::default(),
            replay: Replay::default(),
            projector: Projector::default(),
            heatmap: Heatmap::default(),
            statistics: Statistics::default(),
            steps: StepByStep::default(),
            gallery: Gallery::default(),
            node_table: super::panels::NodeTable::default(),
        }
    }
}
