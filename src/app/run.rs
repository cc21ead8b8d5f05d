//! Opening the native window.

use super::jobs::{LoadRequest, is_session_file};
use super::screenshot::ScreenshotPlan;
use super::startup::{FirstGraph, StartupPlan};
use super::state::PoolscopeApp;
use eframe::egui;
use std::time::{Duration, Instant};

/// How frames come while `--frame-stats` measures them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FramePacing {
    /// One after another: what a frame costs, even in an idle window.
    BackToBack,
    /// Only when something asks for one, as in a user's window.
    Paced,
}

/// The sample shown when no graph is named: it has ground truth and clear communities.
pub const DEFAULT_SAMPLE: &str = "football";

/// Start-up options from the command line.
#[derive(Default)]
pub struct WindowOptions {
    /// A path, sample name or generator spec (default: the football sample).
    pub graph: Option<String>,
    /// `--sample NAME`: the bundled sample, whatever file of that name is here.
    pub sample: Option<String>,
    /// Start training as soon as the graph is loaded.
    pub train: bool,
    /// Model settings to start with, and the clusters per level if they were given (else the
    /// graph's defaults).
    pub config: Option<(crate::train::TrainConfig, Option<Vec<usize>>)>,
    pub screenshot: Option<std::path::PathBuf>,
    /// Assignment files to open on the graph (one per level) and whether they are logits.
    pub assign: Option<(Vec<std::path::PathBuf>, bool)>,
    /// A hierarchy JSON file to open on the graph.
    pub hierarchy: Option<std::path::PathBuf>,
    /// A saved session to open instead of a graph.
    pub session: Option<std::path::PathBuf>,
    pub quit_after_secs: Option<f32>,
    /// Print the frame count and frame times on exit, measured with frames drawn so.
    pub frame_stats: Option<FramePacing>,
    /// Start in presentation mode.
    pub presentation: bool,
    /// The UI scale to use (and remember); `None`: the remembered one.
    pub ui_scale: Option<f32>,
    /// The theme to use (and remember); `None`: the remembered one.
    pub theme: Option<super::theme::Theme>,
    /// The window's inner size in pixels.
    pub window_size: Option<[f32; 2]>,
    /// For a data set: the graph to show first (0-based).
    pub graph_index: Option<usize>,
    /// Every edge weighs 1.
    pub unweighted: bool,
    /// Integer ids are node numbers (`--keep-ids`).
    pub keep_ids: bool,
    /// Integer node columns to read as labels.
    pub as_labels: Vec<String>,
    /// A node (name, id or column=value) to select once the graph is loaded.
    pub select: Option<String>,
    /// What colours and sizes the nodes once loaded (checked against the graph then).
    pub colour_by: Option<String>,
    pub size_by: Option<String>,
    /// Open the method gallery on these methods.
    pub gallery: Option<Vec<crate::pool::Method>>,
    /// Open the node table.
    pub node_table: bool,
    /// A lesson to play; its steps name the graphs.
    pub lesson: Option<crate::lesson::Lesson>,
}

pub fn run(opts: WindowOptions) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("poolscope")
            .with_inner_size(opts.window_size.unwrap_or([1500.0, 880.0]))
            .with_drag_and_drop(true),
        // Dithering costs every fragment a noise function: on a software renderer a fifth
        // of each frame, for banding nobody sees in flat panels and node colours.
        dithering: false,
        ..Default::default()
    };
    let session = opts.session.clone().or_else(|| {
        opts.graph
            .as_deref()
            .map(std::path::PathBuf::from)
            .filter(|p| is_session_file(p))
    });
    let initial =
        (session.is_none() && opts.lesson.is_none()).then(|| match (&opts.graph, &opts.sample) {
            (Some(g), _) => LoadRequest::Named(g.clone()),
            (None, Some(s)) => LoadRequest::Sample(s.clone()),
            (None, None) => LoadRequest::Sample(DEFAULT_SAMPLE.to_string()),
        });
    let failure = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let failure2 = failure.clone();
    eframe::run_native(
        "poolscope",
        options,
        Box::new(move |_cc| {
            let prefs_path = super::prefs::default_path();
            let prefs = prefs_path
                .as_deref()
                .map(super::prefs::Prefs::load)
                .unwrap_or_default();
            let plan = StartupPlan {
                load: initial,
                session,
                config: opts.config,
                first_graph: FirstGraph {
                    keep_form: false,
                    keep_ks: false,
                    graph_index: opts.graph_index,
                    select: opts.select,
                    colour_by: opts.colour_by,
                    size_by: opts.size_by,
                    hierarchy: opts.hierarchy,
                    assign: opts.assign,
                    train: opts.train,
                },
                gallery: opts.gallery,
            };
            let mut app = PoolscopeApp::starting(plan);
            app.doc.unweighted = opts.unweighted;
            app.doc.keep_ids = opts.keep_ids;
            app.doc.as_labels = opts.as_labels;
            let chrome = &mut app.chrome;
            chrome.ui_scale = opts
                .ui_scale
                .map_or(prefs.ui_scale, super::theme::clamp_scale);
            chrome.theme = opts.theme.unwrap_or(prefs.theme);
            chrome.presentation = opts.presentation;
            app.view.node_table.open = opts.node_table;
            if let Some(path) = &prefs_path
                && (opts.ui_scale.is_some() || opts.theme.is_some())
            {
                super::prefs::Prefs {
                    ui_scale: chrome.ui_scale,
                    theme: chrome.theme,
                }
                .save(path);
            }
            chrome.prefs_path = prefs_path;
            if let Some(pacing) = opts.frame_stats {
                chrome.frame.log = Some(Vec::new());
                chrome.frame.back_to_back = pacing == FramePacing::BackToBack;
            }
            if opts.screenshot.is_some() || opts.quit_after_secs.is_some() {
                chrome.screenshot = Some(ScreenshotPlan {
                    path: opts.screenshot,
                    after: Duration::from_secs_f32(opts.quit_after_secs.unwrap_or(5.0).max(0.5)),
                    started: Instant::now(),
                    requested: false,
                    done: Default::default(),
                    failure: failure2,
                });
            }
            if let Some(lesson) = opts.lesson {
                app.play_lesson(lesson);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    match failure.lock().ok().and_then(|mut f| f.take()) {
        Some(e) => Err(anyhow::anyhow!("screenshot: {e}")),
        None => Ok(()),
    }
}
