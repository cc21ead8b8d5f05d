//! Opening the native window.

use super::jobs::{LoadRequest, is_session_file};
use super::screenshot::ScreenshotPlan;
use super::state::PoolscopeApp;
use eframe::egui;
use std::time::{Duration, Instant};

/// The sample shown when no graph is named: it has ground truth and clear communities.
pub const DEFAULT_SAMPLE: &str = "football";

/// Start-up options from the command line.
#[derive(Default)]
pub struct WindowOptions {
    /// A path, sample name or generator spec (default: football).
    pub graph: Option<String>,
    /// Start training as soon as the graph is loaded.
    pub train: bool,
    /// Model settings to start with.
    pub config: Option<(crate::train::TrainConfig, Vec<usize>)>,
    pub screenshot: Option<std::path::PathBuf>,
    /// Assignment files to open on the graph (one per level) and whether they are logits.
    pub assign: Option<(Vec<std::path::PathBuf>, bool)>,
    /// A hierarchy JSON file to open on the graph.
    pub hierarchy: Option<std::path::PathBuf>,
    /// A saved session to open instead of a graph.
    pub session: Option<std::path::PathBuf>,
    pub quit_after_secs: Option<f32>,
}

pub fn run(opts: WindowOptions) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("poolscope")
            .with_inner_size([1500.0, 880.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let session = opts.session.clone().or_else(|| {
        opts.graph
            .as_deref()
            .map(std::path::PathBuf::from)
            .filter(|p| is_session_file(p))
    });
    let initial = session.is_none().then(|| {
        LoadRequest::Named(
            opts.graph
                .clone()
                .unwrap_or_else(|| DEFAULT_SAMPLE.to_string()),
        )
    });
    eframe::run_native(
        "poolscope",
        options,
        Box::new(move |_cc| {
            let mut app = PoolscopeApp::new(initial);
            app.pending_session = session;
            app.train_on_load = opts.train;
            app.pending_import = opts.assign;
            app.pending_hierarchy = opts.hierarchy;
            if let Some((cfg, ks)) = opts.config {
                app.form.cfg = cfg;
                app.form.ks = ks;
                app.keep_form_on_load = true;
            }
            if opts.screenshot.is_some() || opts.quit_after_secs.is_some() {
                app.screenshot = Some(ScreenshotPlan {
                    path: opts.screenshot,
                    after: Duration::from_secs_f32(opts.quit_after_secs.unwrap_or(5.0).max(0.5)),
                    started: Instant::now(),
                    requested: false,
                    done: Default::default(),
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
