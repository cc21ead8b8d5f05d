//! The app: what is loaded, how it is shown, and the commands panels send.

use super::canvas::GraphCanvas;
use super::layout_job::LayoutJob;
use super::loader::{LoadRequest, Loader, open_dialog};
use super::palette::{MISSING, class_colour};
use super::side_panel::{generate_menu_ui, samples_menu_ui, side_panel_ui};
use crate::graph::{Dataset, Graph};
use crate::io::Loaded;
use crate::samples;
use eframe::egui::{self, Color32};
use std::sync::Arc;

/// What panels ask for; carried out after drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenDialog,
    Load(LoadRequest),
    ColourBy(Option<String>),
    SelectGraph(usize),
    FitView,
    DismissError,
}

/// The graph on screen with its layout.
pub struct GraphView {
    pub graph: Arc<Graph>,
    pub layout: LayoutJob,
    pub components: usize,
    edges: Vec<(u32, u32, f32)>,
    canvas: GraphCanvas,
}

impl GraphView {
    fn new(graph: Graph, ctx: &egui::Context) -> Self {
        let layout = LayoutJob::start(&graph, ctx);
        let components = graph.component_count();
        let edges = graph.edges().filter(|(u, v, _)| u != v).collect();
        Self {
            graph: Arc::new(graph),
            layout,
            components,
            edges,
            canvas: GraphCanvas::default(),
        }
    }
}

pub struct PoolscopeApp {
    /// Known from the first frame on; workers use it to wake the UI.
    ctx: Option<egui::Context>,
    /// Loads asked for before the first frame.
    queued: Vec<LoadRequest>,
    view: Option<GraphView>,
    pub dataset: Option<Dataset>,
    pub dataset_index: usize,
    pub colour_by: Option<String>,
    loader: Loader,
    /// The last load error, shown until dismissed; the graph on screen stays.
    pub error: Option<String>,
    pub source: String,
}

impl PoolscopeApp {
    /// An app that starts loading `initial` in the background on its first frame.
    pub fn new(initial: Option<LoadRequest>) -> Self {
        Self {
            ctx: None,
            queued: initial.into_iter().collect(),
            view: None,
            dataset: None,
            dataset_index: 0,
            colour_by: None,
            loader: Loader::default(),
            error: None,
            source: String::new(),
        }
    }

    fn context(&self) -> egui::Context {
        self.ctx.clone().unwrap_or_default()
    }

    pub fn view(&self) -> Option<&GraphView> {
        self.view.as_ref()
    }

    pub fn graph(&self) -> Option<&Graph> {
        self.view.as_ref().map(|v| v.graph.as_ref())
    }

    pub fn is_loading(&self) -> bool {
        self.loader.is_busy()
    }

    /// Blocks until pending loads finish (tests only).
    pub fn wait_for_loads(&mut self, timeout: std::time::Duration) {
        while self.loader.is_busy() {
            match self.loader.wait(timeout) {
                Some(r) => self.apply_load(r),
                None => break,
            }
        }
    }

    fn apply_load(&mut self, r: super::loader::LoadResult) {
        match r.result {
            Ok(loaded) => self.set_loaded(loaded, r.request.label()),
            // An empty message is a cancelled dialog.
            Err(e) if e.is_empty() => {}
            Err(e) => self.error = Some(e),
        }
    }

    /// Shows a newly loaded graph or data set.
    pub fn set_loaded(&mut self, loaded: Loaded, source: String) {
        self.error = None;
        self.source = source;
        let graph = match loaded {
            Loaded::Graph(g) => {
                self.dataset = None;
                g
            }
            Loaded::Dataset(d) => {
                let Some(first) = d.graphs.first().cloned() else {
                    self.error = Some(format!("{}: the data set holds no graphs", d.name));
                    return;
                };
                self.dataset = Some(d);
                self.dataset_index = 0;
                first
            }
        };
        let truth = samples::find(&graph.name).and_then(|s| s.ground_truth.first().copied());
        self.colour_by = truth
            .map(str::to_string)
            .or_else(|| graph.nodes.labels.first().map(|c| c.name.clone()));
        self.view = Some(GraphView::new(graph, &self.context()));
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::OpenDialog => {
                let ctx = self.context();
                open_dialog(&mut self.loader, &ctx);
            }
            Command::Load(r) => {
                let ctx = self.context();
                self.loader.start(r, &ctx);
            }
            Command::ColourBy(c) => self.colour_by = c,
            Command::SelectGraph(i) => {
                if let Some(g) = self.dataset.as_ref().and_then(|d| d.graphs.get(i)).cloned() {
                    self.dataset_index = i;
                    self.view = Some(GraphView::new(g, &self.context()));
                }
            }
            Command::FitView => {
                if let Some(v) = &mut self.view {
                    v.canvas.fit();
                }
            }
            Command::DismissError => self.error = None,
        }
    }

    /// Node colours by the chosen label column.
    pub fn node_colours(&self) -> Vec<Color32> {
        let Some(g) = self.graph() else {
            return Vec::new();
        };
        match self.colour_by.as_ref().and_then(|c| g.nodes.label(c)) {
            Some(col) => col
                .codes
                .iter()
                .map(|c| c.map_or(MISSING, |k| class_colour(k as usize)))
                .collect(),
            None => vec![class_colour(0); g.node_count()],
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…").clicked() {
                    commands.push(Command::OpenDialog);
                    ui.close();
                }
            });
            ui.menu_button("Samples", |ui| samples_menu_ui(ui, &mut commands));
            ui.menu_button("Generate", |ui| generate_menu_ui(ui, &mut commands));
            if self.loader.is_busy() {
                ui.spinner();
                ui.label("loading…");
            }
        });
        commands
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) {
        let colours = self.node_colours();
        let Some(view) = &mut self.view else {
            ui.centered_and_justified(|ui| {
                ui.label("Open a graph, drop a file here, or pick a sample.")
            });
            return;
        };
        let positions = view.layout.positions();
        let radius = (6.0 - (view.graph.node_count() as f32).log10()).clamp(2.0, 6.0);
        let response = view
            .canvas
            .ui(ui, &view.edges, &positions, &colours, radius);
        if let Some(i) = view.canvas.hovered {
            let g = &view.graph;
            let mut text = format!(
                "{} (id {}), degree {}",
                g.nodes.names[i],
                g.nodes.ids[i],
                g.symmetric().degree(i)
            );
            for col in &g.nodes.labels {
                text.push_str(&format!("\n{}: {}", col.name, col.value(i).unwrap_or("—")));
            }
            response.on_hover_ui_at_pointer(|ui| {
                ui.label(text);
            });
        }
    }
}

impl PoolscopeApp {
    /// Applies finished loads and dropped files; no drawing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        for r in std::mem::take(&mut self.queued) {
            self.loader.start(r, ctx);
        }
        while let Some(r) = self.loader.poll() {
            self.apply_load(r);
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
            self.loader.start(LoadRequest::Path(path), ctx);
        }
    }

    /// Draws the whole window and carries out what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        let mut commands = egui::Panel::top("menu")
            .show(ui, |ui| self.menu_ui(ui))
            .inner;
        if let Some(e) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Could not load: {e}"));
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                });
            });
        }
        commands.extend(
            egui::Panel::left("setup")
                .default_size(260.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| side_panel_ui(self, ui))
                        .inner
                })
                .inner,
        );
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        for c in commands {
            self.apply(c);
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
