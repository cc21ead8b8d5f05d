//! Opening the native window.

use super::loader::LoadRequest;
use super::viewer::PoolscopeApp;
use eframe::egui;

/// The sample shown when no graph is named: it has ground truth and a clear community structure.
pub const DEFAULT_SAMPLE: &str = "football";

/// Opens the window on `graph` (a path, sample name or generator spec), or on the default sample.
pub fn run(graph: Option<String>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("poolscope")
            .with_inner_size([1400.0, 860.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let initial = LoadRequest::Named(graph.unwrap_or_else(|| DEFAULT_SAMPLE.to_string()));
    eframe::run_native(
        "poolscope",
        options,
        Box::new(move |_cc| Ok(Box::new(PoolscopeApp::new(Some(initial))))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
