//! View > Method gallery: the graph pooled by several methods at once, one row per method over
//! the window's own level-0 layout, drawn as `render --methods` draws it. The methods train in
//! the background with the setup's settings (each with its own default features unless some
//! were chosen); the picture arrives when all have finished.

use crate::app::form::Form;
use crate::app::jobs::Job;
use crate::app::workspace::Workspace;
use crate::pool::{Family, Method};
use eframe::egui;

/// The gallery picture's width in points; each row is `ROW_HEIGHT` high.
const WIDTH: u32 = 1400;
const ROW_HEIGHT: u32 = 300;
/// The tallest picture a texture may hold on every renderer the window meets (egui refuses
/// a larger one, and seven rows of 300 went over it): more rows share it.
const MAX_TEXTURE_SIDE: u32 = 2048;

/// What a finished gallery hands back: the picture and a line per method.
pub struct Drawn {
    pub image: egui::ColorImage,
    pub rows: Vec<String>,
}

pub struct Gallery {
    pub open: bool,
    pub methods: Vec<Method>,
    running: Option<Job<Result<Drawn, String>>>,
    shown: Option<(egui::TextureHandle, Vec<String>)>,
    pub error: Option<String>,
}

impl Default for Gallery {
    fn default() -> Self {
        Self {
            open: false,
            methods: vec![
                Method::DMoN,
                Method::MinCut,
                Method::JustBalance,
                Method::Nmf,
                Method::Graclus,
                // The reference row: what modularity alone finds on this graph.
                Method::Louvain,
            ],
            running: None,
            shown: None,
            error: None,
        }
    }
}

/// Trains each method on `graph` and draws the rows (on the job's thread).
fn draw(
    graph: std::sync::Arc<crate::graph::Graph>,
    level0: Vec<[f32; 2]>,
    methods: Vec<Method>,
    base: crate::train::TrainConfig,
    chosen: crate::train::Chosen,
    report: &crate::app::jobs::Report<Result<Drawn, String>>,
) -> Result<Drawn, String> {
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for (k, m) in methods.iter().enumerate() {
        report.progress(k, methods.len());
        let mut cfg = crate::train::TrainConfig {
            method: *m,
            pace_epochs_per_second: 0.0,
            ..base.clone()
        };
        crate::train::follow_method(&mut cfg, graph.node_count(), chosen);
        let mut session =
            crate::train::Session::new(graph.clone(), cfg).map_err(|e| format!("{m}: {e}"))?;
        let h = session.run(|_| {}).map_err(|e| format!("{m}: {e}"))?;
        let metrics = &h.levels[0].metrics;
        lines.push(format!(
            "{m}: {} clusters used, modularity {:.3}{}",
            metrics.clusters_used,
            metrics.modularity,
            metrics
                .nmi
                .map_or(String::new(), |v| format!(", NMI {v:.3}"))
        ));
        rows.push((m.name().to_string(), h));
    }
    let height = (ROW_HEIGHT * rows.len() as u32)
        .min(crate::render::MAX_SIDE)
        .min(MAX_TEXTURE_SIDE);
    let scene = crate::render::gallery_scene(
        &graph,
        &rows,
        &level0,
        &crate::render::ColourMode::Linked,
        WIDTH,
        height,
        &Default::default(),
    )?;
    let [w, h] = scene.pixel_size();
    let rgba = crate::render::rasterise(&scene);
    Ok(Drawn {
        image: egui::ColorImage::from_rgba_premultiplied([w as usize, h as usize], &rgba),
        rows: lines,
    })
}

impl Gallery {
    /// Starts drawing the chosen methods on the workspace's graph.
    pub fn start(&mut self, ws: &Workspace, form: &Form, ctx: &egui::Context) {
        let positions = ws.layouts.positions();
        let Some(level0) = positions.first().cloned() else {
            self.error =
                Some("the layout of level 0 is not ready yet; try again in a moment".into());
            return;
        };
        if self.methods.is_empty() {
            self.error = Some("choose at least one method".into());
            return;
        }
        let mut base = form.config();
        // The gallery pools the graph as the setup does, one level per row if the setup has more.
        base.task = crate::train::Task::Cluster;
        let (graph, methods, chosen) = (ws.graph.clone(), self.methods.clone(), form.chosen());
        self.error = None;
        self.running = Some(Job::spawn("gallery", ctx, move |report| {
            draw(graph, level0, methods, base, chosen, report)
        }));
    }

    /// Whether a gallery is being drawn (tests wait on it).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The lines of the gallery shown, one per method.
    pub fn rows(&self) -> Option<&[String]> {
        self.shown.as_ref().map(|(_, r)| r.as_slice())
    }

    fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.running else { return };
        let Some(result) = job.poll() else { return };
        self.running = None;
        match result {
            Ok(Ok(drawn)) => {
                let texture =
                    ctx.load_texture("method-gallery", drawn.image, egui::TextureOptions::LINEAR);
                self.shown = Some((texture, drawn.rows));
            }
            Ok(Err(e)) => self.error = Some(e),
            Err(_) => self.error = Some("the gallery's worker stopped unexpectedly".into()),
        }
    }

    /// The gallery's window, when open.
    pub fn window(&mut self, ctx: &egui::Context, ws: Option<&Workspace>, form: &Form) {
        self.poll(ctx);
        if !self.open {
            return;
        }
        let mut open = true;
        // At most most of the window, so the levels behind stay reachable on a small screen.
        let screen = ctx.content_rect().size();
        egui::Window::new("Method gallery")
            .open(&mut open)
            .default_size([1100.0f32.min(screen.x * 0.8), 700.0f32.min(screen.y * 0.8)])
            .resizable(true)
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for family in Family::ALL {
                        ui.weak(format!("{}:", family.title()));
                        for m in Method::ALL.into_iter().filter(|m| m.family() == family) {
                            let mut on = self.methods.contains(&m);
                            if ui.checkbox(&mut on, m.name()).changed() {
                                if on {
                                    self.methods.push(m);
                                } else {
                                    self.methods.retain(|x| *x != m);
                                }
                            }
                        }
                    }
                });
                self.methods
                    .sort_by_key(|m| Method::ALL.iter().position(|x| x == m));
                self.methods.truncate(crate::render::MAX_ROWS);
                ui.horizontal(|ui| {
                    let busy = self.running.is_some();
                    if ui
                        .add_enabled(ws.is_some() && !busy, egui::Button::new("Draw"))
                        .on_hover_text(
                            "Train every chosen method with the setup's settings and draw one \
                             row each over level 0's layout",
                        )
                        .clicked()
                        && let Some(ws) = ws
                    {
                        self.start(ws, form, ctx);
                    }
                    if let Some(job) = &self.running {
                        let (done, total) = job.progress();
                        ui.spinner();
                        ui.label(format!("training {} of {total}…", done + 1));
                    }
                });
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                if let Some((texture, rows)) = &self.shown {
                    for r in rows {
                        ui.label(r);
                    }
                    egui::ScrollArea::both().show(ui, |ui| {
                        let size = texture.size_vec2();
                        let w = ui.available_width().max(200.0);
                        ui.add(
                            egui::Image::new((texture.id(), size))
                                .fit_to_exact_size(egui::vec2(w, size.y * w / size.x)),
                        );
                    });
                }
            });
        if !open {
            self.open = false;
        }
    }
}
