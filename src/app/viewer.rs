//! The app: what is loaded, how it is shown, and the commands panels send, carried out after
//! drawing.

use super::inspector::inspector_ui;
use super::levels_view::{Merge, levels_ui};
use super::loader::{LoadRequest, LoadResult, Loader, open_dialog};
use super::selection::Selection;
use super::setup_panel::{generate_menu_ui, samples_menu_ui, setup_panel_ui};
use super::workspace::Workspace;
use crate::graph::{Dataset, Graph};
use crate::io::Loaded;
use crate::samples;
use crate::train::{Sizes, TrainCommand, TrainConfig};
use eframe::egui;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::render::ColourMode;

/// What panels ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    Load(LoadRequest),
    ColourBy(ColourMode),
    SelectGraph(usize),
    FitView,
    DismissError,
    Train,
    Pause,
    Resume,
    Step,
    Reset,
    Select(Selection),
    Pin {
        level: usize,
        node: usize,
        pos: [f32; 2],
    },
    /// Fit a graph classifier on the loaded data set.
    TrainClassifier,
    /// Open a hierarchy JSON file (`None`: ask with the dialog).
    OpenHierarchy(Option<std::path::PathBuf>),
    /// Keep the current hierarchy to compare later runs with.
    KeepReference,
    /// Show the reference in place of the current hierarchy, or back.
    SwapReference,
    /// Open assignment matrices made elsewhere (`None`: ask with the dialog).
    ImportAssignments {
        paths: Option<Vec<std::path::PathBuf>>,
        logits: bool,
    },
    /// Write a picture, table or the session (`None`: ask for the file name).
    Export(super::export_job::ExportKind, Option<std::path::PathBuf>),
    /// Open a saved session (`None`: ask with the dialog).
    OpenSession(Option<std::path::PathBuf>),
}

/// The model settings being edited.
pub struct Form {
    pub cfg: TrainConfig,
    pub ks: Vec<usize>,
}

impl Default for Form {
    fn default() -> Self {
        // 60 epochs a second: a 300-epoch run takes five seconds to watch.
        Self {
            cfg: TrainConfig {
                pace_epochs_per_second: 60.0,
                ..TrainConfig::default()
            },
            ks: vec![12, 4],
        }
    }
}

impl Form {
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            clusters: Sizes::Counts(self.ks.clone()),
            ..self.cfg.clone()
        }
    }
}

/// Whether a path names a saved session (by its `.poolscope` extension).
pub fn is_session_file(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("poolscope"))
}

/// `--screenshot FILE --quit-after SECONDS`.
pub struct ScreenshotPlan {
    /// `None`: only quit after the delay.
    pub path: Option<std::path::PathBuf>,
    pub after: Duration,
    pub started: Instant,
    pub requested: bool,
    pub done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

pub struct PoolscopeApp {
    ctx: Option<egui::Context>,
    queued: Vec<LoadRequest>,
    workspace: Option<Workspace>,
    pub dataset: Option<Arc<Dataset>>,
    /// The graph classifier fitted on the data set, when one was trained.
    pub classifier: Option<Arc<crate::train::dataset::Classifier>>,
    classifier_job: Option<super::classifier_job::ClassifierJob>,
    import_job: Option<super::import_job::ImportJob>,
    /// Assignments to open once the first graph is loaded (`--assign`).
    pub pending_import: Option<(Vec<std::path::PathBuf>, bool)>,
    /// A hierarchy file to open once the first graph is loaded (`--hierarchy`).
    pub pending_hierarchy: Option<std::path::PathBuf>,
    /// A session to open on the first frame (`--session`, or a `.poolscope` file as GRAPH).
    pub pending_session: Option<std::path::PathBuf>,
    pub dataset_index: usize,
    pub form: Form,
    pub colour: ColourMode,
    pub selection: Selection,
    pub hover: Option<(usize, usize)>,
    pub merge: Merge,
    pub projector: super::projector::Projector,
    pub heatmap: super::heatmap::Heatmap,
    loader: Loader,
    /// The last load error, shown until dismissed; the graph on screen stays.
    pub error: Option<String>,
    pub source: String,
    /// Train as soon as the first graph is loaded (`--train`).
    pub train_on_load: bool,
    /// The model settings came from the command line: do not replace them per graph.
    pub keep_form_on_load: bool,
    pub screenshot: Option<ScreenshotPlan>,
    export_job: Option<super::export_job::ExportJob>,
    session_job: Option<super::session_job::SessionJob>,
    /// The last export's outcome in words ("wrote levels.svg"), shown in the menu bar.
    pub status: Option<String>,
    /// How the current graph was loaded, so a saved session can find it again.
    origin: Option<LoadRequest>,
    /// Size of the levels area on screen: the size of exported level pictures.
    levels_size: [u32; 2],
    frame_ms: f32,
    /// Smoothed time between frames, for the frame-rate overlay.
    frame_interval_ms: f32,
    generate_spec: String,
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
            classifier_job: None,
            import_job: None,
            pending_import: None,
            pending_hierarchy: None,
            pending_session: None,
            dataset_index: 0,
            form: Form::default(),
            colour: ColourMode::NextCluster,
            selection: Selection::default(),
            hover: None,
            merge: Merge::default(),
            projector: Default::default(),
            heatmap: Default::default(),
            loader: Loader::default(),
            error: None,
            source: String::new(),
            train_on_load: false,
            keep_form_on_load: false,
            screenshot: None,
            export_job: None,
            session_job: None,
            status: None,
            origin: None,
            levels_size: [1600, 600],
            frame_ms: 0.0,
            frame_interval_ms: 0.0,
            generate_spec: crate::generate::GENERATORS[0].1.to_string(),
        }
    }

    fn context(&self) -> egui::Context {
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
        self.loader.is_busy()
    }

    /// Blocks until pending loads finish (tests only).
    pub fn wait_for_loads(&mut self, timeout: Duration) {
        while self.loader.is_busy() {
            match self.loader.wait(timeout) {
                Some(r) => self.apply_load(r),
                None => break,
            }
        }
    }

    fn apply_load(&mut self, r: LoadResult) {
        match r.result {
            Ok(loaded) => {
                self.set_loaded(loaded, r.request.label());
                self.origin = Some(r.request);
            }
            Err(e) if e.is_empty() => {}
            Err(e) => self.error = Some(format!("Could not load: {e}")),
        }
    }

    /// Shows a newly loaded graph or data set, with settings that suit it.
    pub fn set_loaded(&mut self, loaded: Loaded, source: String) {
        self.error = None;
        self.source = source;
        self.origin = None;
        let graph = match loaded {
            Loaded::Graph(g) => {
                self.dataset = None;
                g
            }
            Loaded::Dataset(d) => {
                let Some(first) = d.graphs.first().cloned() else {
                    self.error = Some(format!(
                        "Could not load: {}: the data set holds no graphs",
                        d.name
                    ));
                    return;
                };
                self.dataset = Some(Arc::new(d));
                self.classifier = None;
                self.classifier_job = None;
                self.dataset_index = 0;
                first
            }
        };
        let truth = samples::find(&graph.name)
            .and_then(|s| s.ground_truth.first().copied())
            .map(str::to_string)
            .or_else(|| graph.nodes.labels.first().map(|c| c.name.clone()));
        if !self.keep_form_on_load
            || self
                .form
                .cfg
                .labels
                .as_ref()
                .is_none_or(|c| graph.nodes.label(c).is_none())
        {
            self.form.cfg.labels = truth.clone();
        }
        if !self.keep_form_on_load {
            // K from the ground truth where there is one, else about √n; a second level a third of it.
            let n = graph.node_count();
            let k = truth
                .as_ref()
                .and_then(|c| graph.nodes.label(c))
                .map_or(((n as f64).sqrt() as usize).max(2), |c| c.classes.len());
            let k = k.clamp(2, n.max(2));
            self.form.ks = if k >= 6 {
                vec![k, (k / 3).max(2)]
            } else {
                vec![k]
            };
        }
        self.colour = ColourMode::NextCluster;
        self.selection = Selection::default();
        self.merge = Merge::default();
        self.workspace = Some(Workspace::new(graph, &self.context()));
        if let Some(path) = self.pending_hierarchy.take() {
            self.apply(Command::OpenHierarchy(Some(path)));
        } else if let Some((paths, logits)) = self.pending_import.take() {
            self.apply(Command::ImportAssignments {
                paths: Some(paths),
                logits,
            });
        } else if self.train_on_load {
            self.apply(Command::Train);
        }
    }

    pub fn apply(&mut self, command: Command) {
        let ctx = self.context();
        match command {
            Command::OpenDialog => open_dialog(&mut self.loader, &ctx),
            Command::Load(r) => self.loader.start(r, &ctx),
            Command::ColourBy(c) => self.colour = c,
            Command::SelectGraph(i) => {
                if let Some(g) = self.dataset.as_ref().and_then(|d| d.graphs.get(i)).cloned() {
                    self.dataset_index = i;
                    self.selection = Selection::default();
                    self.workspace = Some(Workspace::new(g, &ctx));
                    self.show_classifier_hierarchy();
                }
            }
            Command::FitView => {
                if let Some(ws) = &mut self.workspace {
                    ws.canvases.iter_mut().for_each(|c| c.fit());
                }
            }
            Command::DismissError => self.error = None,
            Command::Train => {
                let cfg = self.form.config();
                if let Some(ws) = &mut self.workspace {
                    ws.train(cfg, &ctx);
                }
            }
            Command::Pause => self.train_command(TrainCommand::Pause),
            Command::Resume => self.train_command(TrainCommand::Resume),
            Command::Step => self.train_command(TrainCommand::Step),
            Command::Reset => {
                if let Some(ws) = &mut self.workspace {
                    ws.reset();
                }
                self.selection = Selection::default();
            }
            Command::Select(s) => self.selection = s,
            Command::ImportAssignments { paths, logits } => {
                if let Some(ws) = &mut self.workspace {
                    let labels = self.form.cfg.labels.clone();
                    self.import_job = Some(super::import_job::ImportJob::start(
                        ws.graph.clone(),
                        paths,
                        logits,
                        labels,
                        &ctx,
                    ));
                }
            }
            Command::OpenHierarchy(path) => {
                if let Some(ws) = &self.workspace {
                    self.import_job = Some(super::import_job::ImportJob::start_json(
                        ws.graph.clone(),
                        path,
                        &ctx,
                    ));
                }
            }
            Command::KeepReference => {
                let label = format!(
                    "{} K={:?} seed {}",
                    self.form.cfg.method, self.form.ks, self.form.cfg.seed
                );
                if let Some(ws) = &mut self.workspace
                    && let Some(h) = ws.hierarchy.clone()
                {
                    ws.reference = Some((label, h));
                }
            }
            Command::SwapReference => {
                if let Some(ws) = &mut self.workspace
                    && let Some(current) = ws.hierarchy.clone()
                    && let Some((_, reference)) = ws.reference.take()
                {
                    ws.reference = Some(("previous view".to_string(), current));
                    ws.set_hierarchy(reference);
                }
            }
            Command::TrainClassifier => {
                if let Some(d) = &self.dataset {
                    self.classifier_job =
                        Some(super::classifier_job::ClassifierJob::start(d.clone(), &ctx));
                }
            }
            Command::Export(super::export_job::ExportKind::WindowPng, path) => {
                self.export_job = Some(super::export_job::ExportJob::screenshot(path, &ctx));
            }
            Command::Export(kind, path) => match self.export_data() {
                Ok(data) => {
                    self.export_job =
                        Some(super::export_job::ExportJob::start(kind, path, data, &ctx));
                }
                Err(e) => self.error = Some(format!("Could not export: {e}")),
            },
            Command::OpenSession(path) => {
                self.session_job = Some(super::session_job::SessionJob::start(path, &ctx));
            }
            Command::Pin { level, node, pos } => {
                if let Some(ws) = &self.workspace {
                    ws.layouts.pin(level, node, pos);
                }
            }
        }
    }

    /// Where the current graph comes from, for a saved session: a file by path, a sample by
    /// name; generated and dropped graphs are embedded.
    fn graph_source(&self, g: &Graph) -> Result<crate::export::GraphSource, String> {
        use crate::export::GraphSource;
        let index = self.dataset_index;
        Ok(match &self.origin {
            Some(LoadRequest::Path(p)) => GraphSource::Path {
                path: std::path::absolute(p).unwrap_or_else(|_| p.clone()),
                index,
            },
            Some(LoadRequest::Named(n)) if !crate::generate::is_spec(n) => GraphSource::Named {
                name: n.clone(),
                index,
            },
            Some(LoadRequest::Dropped(p)) if self.dataset.is_some() => GraphSource::Path {
                path: std::path::absolute(p).unwrap_or_else(|_| p.clone()),
                index,
            },
            _ => GraphSource::embed(g)?,
        })
    }

    /// A copy of what exports and sessions are made from.
    pub fn export_data(&self) -> Result<super::export_job::ExportData, String> {
        let ws = self
            .workspace
            .as_ref()
            .ok_or("nothing to export: open a graph first")?;
        let positions = ws.layouts.positions();
        let (config, ks) = match &ws.weights {
            Some((_, cfg)) => (
                cfg.clone(),
                match &cfg.clusters {
                    crate::train::Sizes::Counts(k) => k.clone(),
                    crate::train::Sizes::Ratios(_) => self.form.ks.clone(),
                },
            ),
            None => (self.form.config(), self.form.ks.clone()),
        };
        let complete = positions.len() >= ws.level_count();
        let session = crate::export::SavedSession {
            graph: self.graph_source(&ws.graph)?,
            config: config.clone(),
            ks,
            weights: ws.weights.as_ref().map(|(w, _)| w.as_ref().clone()),
            hierarchy: ws.hierarchy.clone(),
            positions: complete.then(|| positions[..ws.level_count()].to_vec()),
            view: crate::export::ViewSettings {
                colour: self.colour.clone(),
                merge_level: self.merge.level,
                selection_level: self.selection.level,
                selection: self.selection.nodes.clone(),
            },
            history: ws.history.clone(),
            metric_history: ws
                .metric_history
                .iter()
                .map(|m| m.map(|v| v.is_finite().then_some(v)))
                .collect(),
        };
        Ok(super::export_job::ExportData {
            graph: ws.graph.clone(),
            hierarchy: ws.hierarchy.clone(),
            positions,
            colour: self.colour.clone(),
            size: self.levels_size,
            config: serde_json::to_value(&config).ok(),
            session: Some(session),
        })
    }

    /// Shows an opened session: its graph, settings, hierarchy, positions and view.
    pub fn apply_session(&mut self, opened: crate::export::OpenedSession) {
        use crate::export::GraphSource;
        let crate::export::OpenedSession {
            loaded,
            index,
            session,
        } = opened;
        let label = match &session.graph {
            GraphSource::Path { path, .. } => path.display().to_string(),
            GraphSource::Named { name, .. } | GraphSource::Embedded { name, .. } => name.clone(),
        };
        let origin = match &session.graph {
            GraphSource::Path { path, .. } => Some(LoadRequest::Path(path.clone())),
            GraphSource::Named { name, .. } => Some(LoadRequest::Named(name.clone())),
            GraphSource::Embedded { .. } => None,
        };
        self.pending_hierarchy = None;
        self.pending_import = None;
        let train = std::mem::replace(&mut self.train_on_load, false);
        self.set_loaded(loaded, label);
        self.train_on_load = train;
        self.origin = origin;
        if index > 0 {
            self.apply(Command::SelectGraph(index));
        }
        self.form.cfg = crate::train::TrainConfig {
            pace_epochs_per_second: self.form.cfg.pace_epochs_per_second,
            ..session.config.clone()
        };
        self.form.ks = session.ks.clone();
        if let Some(ws) = &mut self.workspace {
            if let Some(h) = session.hierarchy {
                ws.set_hierarchy(h);
                ws.status = super::workspace::TrainStatus::Finished;
            }
            ws.weights = session
                .weights
                .map(|w| (Arc::new(w), session.config.clone()));
            if let Some(p) = session.positions {
                ws.layouts.restore(p);
            }
            // The run's plots, as they were when it was saved.
            ws.metric_history = session
                .metric_history
                .iter()
                .map(|m| m.map(|v| v.unwrap_or(f64::NAN)))
                .collect();
            ws.epoch = session.history.last().map_or(0, |s| s.epoch);
            ws.epochs = session.config.epochs;
            ws.history = session.history;
        }
        self.colour = session.view.colour;
        self.merge.level = session.view.merge_level;
        self.selection = Selection {
            level: session.view.selection_level,
            nodes: session.view.selection,
        };
    }

    /// Waits for a pending export or session (tests only).
    pub fn wait_for_jobs(&mut self, timeout: Duration) {
        if let Some(r) = self.export_job.take().and_then(|j| j.wait(timeout)) {
            self.apply_export(r);
        }
        if let Some(r) = self.session_job.take().and_then(|j| j.wait(timeout)) {
            self.apply_opened(r);
        }
    }

    fn apply_export(&mut self, r: Result<String, String>) {
        match r {
            Ok(msg) => self.status = Some(msg),
            Err(e) if e.is_empty() => {}
            Err(e) => self.error = Some(format!("Could not export: {e}")),
        }
    }

    fn apply_opened(&mut self, r: Result<crate::export::OpenedSession, String>) {
        match r {
            Ok(s) => self.apply_session(s),
            Err(e) if e.is_empty() => {}
            Err(e) => self.error = Some(format!("Could not open the session: {e}")),
        }
    }

    fn apply_import(&mut self, result: Result<crate::hierarchy::Hierarchy, String>) {
        match result {
            Ok(h) => {
                if let Some(ws) = &mut self.workspace {
                    // The imported hierarchy replaces any run; a failed import replaces nothing.
                    ws.reset();
                    ws.set_hierarchy(Arc::new(h));
                }
            }
            Err(e) if e.is_empty() => {}
            Err(e) => self.error = Some(format!("Could not open: {e}")),
        }
    }

    /// Waits for a pending import (tests only).
    pub fn wait_for_import(&mut self, timeout: Duration) {
        if let Some(r) = self.import_job.as_ref().and_then(|j| j.wait(timeout)) {
            self.import_job = None;
            self.apply_import(r);
        }
    }

    /// Progress of the classifier being fitted: (epoch, epochs).
    pub fn classifier_progress(&self) -> Option<(usize, usize)> {
        self.classifier_job.as_ref().map(|j| (j.epoch, j.epochs))
    }

    /// Shows the hierarchy the fitted classifier builds on the graph being watched.
    fn show_classifier_hierarchy(&mut self) {
        let (Some(c), Some(ws)) = (&self.classifier, &mut self.workspace) else {
            return;
        };
        if let Some(h) = c.hierarchy(self.dataset_index, &ws.graph) {
            ws.set_hierarchy(Arc::new(h));
        }
    }

    fn train_command(&mut self, c: TrainCommand) {
        if let Some(ws) = &mut self.workspace {
            ws.command(c);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let has_graph = self.workspace.is_some();
                let entries = [
                    (
                        "Open…",
                        "A graph file, or a TU data set folder",
                        true,
                        Command::OpenDialog,
                    ),
                    (
                        "Open assignments…",
                        "One CSV or .npy per level, rows = nodes, columns = clusters",
                        true,
                        Command::ImportAssignments {
                            paths: None,
                            logits: false,
                        },
                    ),
                    (
                        "Open assignment logits…",
                        "As above; a row softmax is applied first",
                        true,
                        Command::ImportAssignments {
                            paths: None,
                            logits: true,
                        },
                    ),
                    (
                        "Open hierarchy…",
                        "A hierarchy JSON written by poolscope train --out",
                        true,
                        Command::OpenHierarchy(None),
                    ),
                    (
                        "Open session…",
                        "A session saved by poolscope: the same picture, no retraining",
                        true,
                        Command::OpenSession(None),
                    ),
                    (
                        "Save session…",
                        "Graph, settings and seed, trained weights, hierarchy, layout and view",
                        has_graph,
                        Command::Export(super::export_job::ExportKind::Session, None),
                    ),
                ];
                for (label, hover, enabled, command) in entries {
                    if ui
                        .add_enabled(enabled, egui::Button::new(label))
                        .on_hover_text(hover)
                        .clicked()
                    {
                        commands.push(command);
                        ui.close();
                    }
                }
                ui.separator();
                ui.menu_button("Export", |ui| {
                    let has_h = self
                        .workspace
                        .as_ref()
                        .is_some_and(|w| w.hierarchy.is_some());
                    for kind in super::export_job::ExportKind::ALL {
                        use super::export_job::ExportKind as K;
                        let enabled = match kind {
                            K::Session => continue,
                            K::HierarchyJson | K::AssignmentsCsv | K::AssignmentsNpy => has_h,
                            _ => has_graph,
                        };
                        if ui
                            .add_enabled(enabled, egui::Button::new(kind.label()))
                            .clicked()
                        {
                            commands.push(Command::Export(kind, None));
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("Samples", |ui| samples_menu_ui(ui, &mut commands));
            ui.menu_button("Generate", |ui| {
                generate_menu_ui(ui, &mut self.generate_spec, &mut commands)
            });
            if self.loader.is_busy() {
                ui.spinner();
                ui.label("loading…");
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let fps = if self.frame_interval_ms > 0.0 {
                    1000.0 / self.frame_interval_ms
                } else {
                    0.0
                };
                ui.weak(format!("UI {:.1} ms · {fps:.0} fps", self.frame_ms));
                if let Some(status) = &self.status {
                    ui.label(status);
                }
            });
        });
        commands
    }

    fn merge_ui(&mut self, ui: &mut egui::Ui) {
        let Some(depth) = self
            .workspace
            .as_ref()
            .and_then(|w| w.hierarchy.as_ref())
            .map(|h| h.depth())
        else {
            return;
        };
        ui.horizontal(|ui| {
            let label = ui.label("Merge");
            let mut level = self.merge.level.min(depth.saturating_sub(2));
            egui::ComboBox::from_id_salt("merge_level")
                .selected_text(format!("level {level} into {}", level + 1))
                .show_ui(ui, |ui| {
                    for l in 0..depth.saturating_sub(1) {
                        ui.selectable_value(&mut level, l, format!("level {l} into {}", l + 1));
                    }
                })
                .response
                .labelled_by(label.id);
            self.merge.level = level;
            if ui
                .button(if self.merge.playing { "Stop" } else { "Play" })
                .on_hover_text("Play the merge")
                .clicked()
            {
                self.merge.playing = !self.merge.playing;
                if self.merge.t >= 1.0 {
                    self.merge.t = 0.0;
                }
            }
            ui.add(egui::Slider::new(&mut self.merge.t, 0.0..=1.0).show_value(false))
                .labelled_by(label.id);
        });
        if self.merge.playing {
            let dt = ui.input(|i| i.stable_dt).min(0.1);
            self.merge.t = (self.merge.t + dt / 2.0).min(1.0);
            if self.merge.t >= 1.0 {
                self.merge.playing = false;
            }
            ui.ctx().request_repaint();
        }
    }

    /// Applies finished loads, trainer events and dropped files; no drawing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        for r in std::mem::take(&mut self.queued) {
            self.loader.start(r, ctx);
        }
        if let Some(p) = self.pending_session.take() {
            self.apply(Command::OpenSession(Some(p)));
        }
        while let Some(r) = self.loader.poll() {
            self.apply_load(r);
        }
        if let Some(ws) = &mut self.workspace {
            ws.poll();
        }
        if let Some(result) = self.import_job.as_ref().and_then(|j| j.poll()) {
            self.import_job = None;
            self.apply_import(result);
        }
        if let Some(r) = self.export_job.as_ref().and_then(|j| j.poll()) {
            self.export_job = None;
            self.apply_export(r);
        }
        if let Some(r) = self.session_job.as_ref().and_then(|j| j.poll()) {
            self.session_job = None;
            self.apply_opened(r);
        }
        if let Some(result) = self.classifier_job.as_mut().and_then(|j| j.poll()) {
            self.classifier_job = None;
            match result {
                Ok(c) => {
                    self.classifier = Some(c);
                    self.show_classifier_hierarchy();
                }
                Err(e) => self.error = Some(format!("Graph classifier: {e}")),
            }
        }
        let dropped: Vec<_> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            if is_session_file(&path) {
                self.apply(Command::OpenSession(Some(path)));
            } else {
                self.loader.start(LoadRequest::Dropped(path), ctx);
            }
        }
        super::screenshot::tick(self, ctx);
    }

    /// Draws the whole window and carries out what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        let mut commands = egui::Panel::top("menu")
            .show(ui, |ui| self.menu_ui(ui))
            .inner;
        if let Some(e) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                });
            });
        }
        commands.extend(
            egui::Panel::left("setup")
                .default_size(300.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| setup_panel_ui(self, ui))
                        .inner
                })
                .inner,
        );
        let column = match &self.colour {
            ColourMode::Label(c) => Some(c.clone()),
            _ => self.form.cfg.labels.clone(),
        };
        let shown = match self.hover {
            Some((l, i)) if self.selection.is_empty() => Selection::single(l, i),
            _ => self.selection.clone(),
        };
        if let Some(ws) = &self.workspace {
            let (projector, heatmap, mode) = (&mut self.projector, &mut self.heatmap, &self.colour);
            let projected = egui::Panel::right("inspector")
                .default_size(320.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| {
                            inspector_ui(ws, ui, &shown, column.as_deref());
                            ui.separator();
                            ui.heading("Projector");
                            let mut c = projector.ui(ui, ws, mode, &shown);
                            ui.separator();
                            ui.heading("Assignments");
                            c.extend(heatmap.ui(ui, ws));
                            ui.separator();
                            egui::CollapsingHeader::new("Diagnostics")
                                .default_open(true)
                                .show(ui, |ui| {
                                    super::diagnostics_panel::diagnostics_ui(ui, ws);
                                });
                            c
                        })
                        .inner
                })
                .inner;
            commands.extend(projected);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.merge_ui(ui);
            let avail = ui.available_size();
            self.levels_size = [avail.x.max(1.0) as u32, avail.y.max(1.0) as u32];
            let (mode, merge) = (self.colour.clone(), self.merge);
            let highlight = if self.selection.is_empty() {
                self.hover
                    .map(|(l, i)| Selection::single(l, i))
                    .unwrap_or_default()
            } else {
                self.selection.clone()
            };
            match &mut self.workspace {
                Some(ws) => {
                    let (c, hover) = levels_ui(ws, ui, &mode, &highlight, &merge);
                    commands.extend(c);
                    self.hover = hover;
                }
                None => {
                    ui.centered_and_justified(|ui| {
                        ui.label("Open a graph, drop a file here, or pick a sample.")
                    });
                }
            }
        });
        for c in commands {
            self.apply(c);
        }
        self.frame_ms = 0.9 * self.frame_ms + 0.1 * frame_start.elapsed().as_secs_f32() * 1000.0;
        let dt_ms = ui.input(|i| i.unstable_dt) * 1000.0;
        if dt_ms > 0.0 && dt_ms < 1000.0 {
            self.frame_interval_ms = 0.9 * self.frame_interval_ms + 0.1 * dt_ms;
        }
    }
}

impl eframe::App for PoolscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        PoolscopeApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
