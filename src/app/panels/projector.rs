//! The embedding projector: one level's node embeddings in 2-D by PCA or t-SNE (t-SNE on a
//! worker thread), coloured like the canvases and linked both ways (clicking a point selects
//! the node on every canvas; the selection is drawn larger here). The spread of the points
//! shows over-smoothing at a glance.

use super::levels::level_colours;
use crate::app::command::Command;
use crate::app::jobs::Job;
use crate::app::selection::{Selection, highlighted};
use crate::app::workspace::Workspace;
use crate::project::{EXACT_BELOW, pca_2d, tsne_2d};
use crate::render::ColourMode;
use eframe::egui::{self, Color32};
use egui_plot::{Plot, PlotPoints, Points};
use ndarray::Array2;
use std::sync::Arc;

/// A projection, remembered for the hierarchy, level and method it was computed from.
struct Cached {
    hierarchy: usize,
    level: usize,
    tsne: bool,
    coords: Arc<Array2<f32>>,
    explained: [f64; 2],
}

/// A t-SNE being computed on a worker thread, for the hierarchy and level it was asked for.
struct Computing {
    hierarchy: usize,
    level: usize,
    job: Job<Array2<f32>>,
}

#[derive(Default)]
pub struct Projector {
    pub level: usize,
    /// t-SNE instead of PCA.
    pub tsne: bool,
    cache: Option<Cached>,
    computing: Option<Computing>,
}

impl Projector {
    fn projection(
        &mut self,
        ws: &Workspace,
        ctx: &egui::Context,
    ) -> Option<(Arc<Array2<f32>>, [f64; 2])> {
        let h = ws.hierarchy.as_ref()?;
        let key = Arc::as_ptr(h) as usize;
        if let Some(c) = &self.cache
            && c.hierarchy == key
            && c.level == self.level
            && c.tsne == self.tsne
        {
            return Some((c.coords.clone(), c.explained));
        }
        let emb = h.levels.get(self.level)?.embeddings.as_ref()?;
        if !self.tsne {
            let (p, e) = pca_2d(emb);
            let p = Arc::new(p);
            self.cache = Some(Cached {
                hierarchy: key,
                level: self.level,
                tsne: false,
                coords: p.clone(),
                explained: e,
            });
            return Some((p, e));
        }
        if let Some(c) = &self.computing
            && c.hierarchy == key
            && c.level == self.level
        {
            // A t-SNE whose worker died is asked for again on the next frame.
            let done = c.job.poll()?;
            self.computing = None;
            let p = Arc::new(done.ok()?);
            self.cache = Some(Cached {
                hierarchy: key,
                level: self.level,
                tsne: true,
                coords: p.clone(),
                explained: [0.0; 2],
            });
            return Some((p, [0.0; 2]));
        }
        let emb = emb.clone();
        self.computing = Some(Computing {
            hierarchy: key,
            level: self.level,
            job: Job::spawn("t-SNE", ctx, move |_| tsne_2d(&emb, 0, EXACT_BELOW)),
        });
        None
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        mode: &ColourMode,
        sel: &Selection,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let depth = ws.level_count();
        if ws.hierarchy.is_none() {
            ui.label("Train to see the embeddings of each level.");
            return commands;
        }
        self.level = self.level.min(depth - 1);
        let mut level = self.level;
        egui::ComboBox::from_label("Projector level")
            .selected_text(format!("level {level}"))
            .show_ui(ui, |ui| {
                for l in 0..depth {
                    ui.selectable_value(&mut level, l, format!("level {l}"));
                }
            });
        self.level = level;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tsne, false, "PCA");
            ui.selectable_value(&mut self.tsne, true, "t-SNE");
        });
        let ctx = ui.ctx().clone();
        let Some((p, explained)) = self.projection(ws, &ctx) else {
            if self.computing.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("computing t-SNE…");
                });
            } else {
                ui.label("No embeddings on this level.");
            }
            return commands;
        };
        let variance = ws
            .hierarchy
            .as_ref()
            .and_then(|h| h.levels[level].metrics.embedding_variance)
            .unwrap_or(0.0);
        if self.tsne {
            ui.label(format!(
                "t-SNE (perplexity 30); embedding variance {variance:.2e}"
            ));
        } else {
            ui.label(format!(
                "PCA: {:.0}% + {:.0}% of variance; embedding variance {variance:.2e}",
                100.0 * explained[0],
                100.0 * explained[1]
            ));
        }
        let colours = level_colours(ws, level, mode);
        let lit = (!sel.is_empty())
            .then(|| highlighted(ws.hierarchy.as_deref(), ws.graph.node_count(), sel));
        let lit = lit.as_ref().and_then(|v| v.get(level));
        // One series per colour, so egui_plot draws each in one batch.
        let mut groups: Vec<(Color32, Vec<[f64; 2]>)> = Vec::new();
        let mut chosen: Vec<[f64; 2]> = Vec::new();
        for i in 0..p.nrows() {
            let pt = [p[[i, 0]] as f64, p[[i, 1]] as f64];
            if lit.is_some_and(|l| l.get(i).copied().unwrap_or(false)) {
                chosen.push(pt);
            }
            let c = colours.get(i).copied().unwrap_or(Color32::GRAY);
            match groups.iter_mut().find(|g| g.0 == c) {
                Some(g) => g.1.push(pt),
                None => groups.push((c, vec![pt])),
            }
        }
        let strong = ui.visuals().strong_text_color();
        let response = Plot::new("projector")
            .height(240.0)
            .data_aspect(1.0)
            .show(ui, |plot| {
                for (c, pts) in groups {
                    plot.points(Points::new("", PlotPoints::from(pts)).color(c).radius(2.5));
                }
                if !chosen.is_empty() {
                    plot.points(
                        Points::new("selected", PlotPoints::from(chosen))
                            .color(strong)
                            .radius(5.0),
                    );
                }
                plot.pointer_coordinate()
            });
        if response.response.clicked()
            && let Some(at) = response.inner
            && let Some(i) = nearest(&p, at.x, at.y)
        {
            commands.push(Command::Select(Selection::single(level, i)));
        }
        if let [node] = sel.nodes.as_slice()
            && sel.level == level
        {
            let near = neighbours(&p, *node, 5);
            if !near.is_empty() {
                let names: Vec<String> = near
                    .iter()
                    .map(|&j| {
                        if level == 0 {
                            ws.graph.nodes.names[j].clone()
                        } else {
                            format!("cluster {j}")
                        }
                    })
                    .collect();
                ui.label(format!("nearest in the projection: {}", names.join(", ")));
            }
        }
        commands
    }

    /// The projected coordinates of `level` by PCA (tests and linking checks).
    pub fn coordinates(&mut self, ws: &Workspace, level: usize) -> Option<Arc<Array2<f32>>> {
        self.level = level;
        self.tsne = false;
        self.projection(ws, &egui::Context::default()).map(|p| p.0)
    }
}

/// The point closest to `(x, y)`.
pub fn nearest(p: &Array2<f32>, x: f64, y: f64) -> Option<usize> {
    (0..p.nrows()).min_by(|&a, &b| {
        let da = (p[[a, 0]] as f64 - x).powi(2) + (p[[a, 1]] as f64 - y).powi(2);
        let db = (p[[b, 0]] as f64 - x).powi(2) + (p[[b, 1]] as f64 - y).powi(2);
        da.total_cmp(&db)
    })
}

/// The `k` points closest to point `i` (not counting itself).
pub fn neighbours(p: &Array2<f32>, i: usize, k: usize) -> Vec<usize> {
    if i >= p.nrows() {
        return Vec::new();
    }
    let mut others: Vec<usize> = (0..p.nrows()).filter(|&j| j != i).collect();
    let d = |j: usize| (p[[i, 0]] - p[[j, 0]]).powi(2) + (p[[i, 1]] - p[[j, 1]]).powi(2);
    others.sort_by(|&a, &b| d(a).total_cmp(&d(b)));
    others.truncate(k);
    others
}
