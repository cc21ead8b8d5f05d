//! What the command line asked the window for, as one plan built once from the options; each
//! part is used up at its moment: the graph or session on the first frame, the rest when that
//! graph has loaded, the gallery once its layout has settled. A graph opened later starts
//! from its own defaults.

use super::jobs::LoadRequest;
use crate::pool::Method;
use crate::train::TrainConfig;
use std::path::PathBuf;

#[derive(Default)]
pub struct StartupPlan {
    /// The graph to load on the first frame (once there is a context to wake).
    pub load: Option<LoadRequest>,
    /// A session to open on the first frame instead.
    pub session: Option<PathBuf>,
    /// Model settings from the command line, and the clusters per level if they were given:
    /// the form starts with them and the first graph keeps them instead of its defaults.
    pub config: Option<(TrainConfig, Option<Vec<usize>>)>,
    /// What to do once the first graph has loaded.
    pub first_graph: FirstGraph,
    /// The methods of the gallery to draw once the first graph is laid out.
    pub gallery: Option<Vec<Method>>,
}

/// What the first graph gets once it has loaded.
#[derive(Default)]
pub struct FirstGraph {
    /// The model settings came from the command line: the graph's defaults do not replace
    /// them (its label column does, when theirs is not one of the graph's).
    pub keep_form: bool,
    /// The clusters per level came from the command line too.
    pub keep_ks: bool,
    /// For a data set: the graph to show.
    pub graph_index: Option<usize>,
    /// A node (name, id or column=value) to select, light up and zoom to.
    pub select: Option<String>,
    /// What colours and sizes the nodes (checked against the graph then).
    pub colour_by: Option<String>,
    pub size_by: Option<String>,
    /// A hierarchy file to open on it; else assignment files (and whether they are logits).
    pub hierarchy: Option<PathBuf>,
    pub assign: Option<(Vec<PathBuf>, bool)>,
    /// Train as soon as it is shown (when nothing was opened on it).
    pub train: bool,
}

impl StartupPlan {
    /// A plan that only loads `request`.
    pub fn loading(request: Option<LoadRequest>) -> Self {
        Self {
            load: request,
            ..Self::default()
        }
    }
}
