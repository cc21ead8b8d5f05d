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

/// Points drawn in the scatter at most (a bigger level is drawn as an even sample).
pub const MAX_DRAWN: usize = 6_000;

/// A projection, remembered for the hierarchy, level and method it was computed from.
struct Cached {
    hierarchy: u64,
    level: usize,
    tsne: bool,
    coords: Arc<Array2<f32>>,
    explained: [f64; 2],
}

/// A projection being computed on a worker thread (every t-SNE, and PCA of a big level), for
/// the hierarchy, level and method it was asked for.
struct Computing {
    hierarchy: u64,
    level: usize,
    tsne: bool,
    job: Job<(Array2<f32>, [f64; 2])>,
}

/// Nodes above which PCA runs on a worker thread (100,000 x 32 embeddings take tens of
/// milliseconds, and training sends a new hierarchy many times a second).
const PCA_INLINE_BELOW: usize = 20_000;

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
        let h = ws.hierarchy()?;
        let key = ws.shown_id();
        if let Some(c) = &self.cache
            && c.hierarchy == key
            && c.level == self.level
            && c.tsne == self.tsne
        {
            return Some((c.coords.clone(), c.explained));
        }
        let emb = h.levels.get(self.level)?.embeddings.as_ref()?;
        if !self.tsne && emb.nrows() < PCA_INLINE_BELOW {
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
        // What is shown meanwhile: the last projection of this level and method, from an
        // earlier snapshot of the run (nothing for a first t-SNE: the panel says it computes).
        let stale = self
            .cache
            .as_ref()
            .filter(|c| c.level == self.level && c.tsne == self.tsne)
            .map(|c| (c.coords.clone(), c.explained));
        if let Some(c) = &self.computing
            && c.level == self.level
            && c.tsne == self.tsne
        {
            let Some(done) = c.job.poll() else {
                return stale;
            };
            let hierarchy = c.hierarchy;
            self.computing = None;
            // A worker that died is asked for again on the next frame.
            let (p, e) = done.ok()?;
            let p = Arc::new(p);
            self.cache = Some(Cached {
                hierarchy,
                level: self.level,
                tsne: self.tsne,
                coords: p.clone(),
                explained: e,
            });
            // Done for an older snapshot: shown, and the newest asked for next frame.
            if hierarchy != key {
                ctx.request_repaint();
            }
            return Some((p, e));
        }
        let emb = emb.clone();
        let tsne = self.tsne;
        self.computing = Some(Computing {
            hierarchy: key,
            level: self.level,
            tsne,
            job: Job::spawn(if tsne { "t-SNE" } else { "PCA" }, ctx, move |_| {
                if tsne {
                    (tsne_2d(&emb, 0, EXACT_BELOW), [0.0; 2])
                } else {
                    pca_2d(&emb)
                }
            }),
        });
        stale
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
        if ws.hierarchy().is_none() {
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
                    ui.label(if self.tsne {
                        "computing t-SNE…"
                    } else {
                        "computing PCA…"
                    });
                });
            } else {
                ui.label("No embeddings on this level.");
            }
            return commands;
        };
        let variance = ws
            .hierarchy()
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
        let colours = level_colours(ws, level, mode, ui);
        let lit = (!sel.is_empty()).then(|| {
            highlighted(
                ws.hierarchy().map(|h| h.as_ref()),
                ws.graph.node_count(),
                sel,
            )
        });
        let lit = lit.as_ref().and_then(|v| v.get(level));
        // One series per colour, so egui_plot draws each in one batch. A big level is drawn
        // as an even sample (every selected point still drawn): egui_plot tessellates each
        // point every frame, and 100,000 of them cost a software renderer most of a frame.
        let stride = p.nrows().div_ceil(MAX_DRAWN).max(1);
        if stride > 1 {
            ui.weak(format!(
                "{} of {} points drawn (every {stride}th); selection always drawn",
                p.nrows().div_ceil(stride),
                p.nrows()
            ));
        }
        let mut groups: Vec<(Color32, Vec<[f64; 2]>)> = Vec::new();
        let mut chosen: Vec<[f64; 2]> = Vec::new();
        for i in 0..p.nrows() {
            let pt = [p[[i, 0]] as f64, p[[i, 1]] as f64];
            if lit.is_some_and(|l| l.get(i).copied().unwrap_or(false)) {
                chosen.push(pt);
            }
            if i % stride != 0 {
                continue;
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

    /// The projected coordinates of `level` by PCA for the hierarchy shown, waiting (at most
    /// a minute) for the worker of a big level (tests and linking checks).
    pub fn coordinates(&mut self, ws: &Workspace, level: usize) -> Option<Arc<Array2<f32>>> {
        self.level = level;
        self.tsne = false;
        ws.hierarchy()?;
        let key = ws.shown_id();
        let ctx = egui::Context::default();
        for _ in 0..6000 {
            let p = self.projection(ws, &ctx);
            if self.cache.as_ref().is_some_and(|c| c.hierarchy == key) {
                return p.map(|p| p.0);
            }
            if self.computing.is_none() && p.is_none() {
                return None; // no embeddings on this level
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::Hierarchy;

    /// A workspace on a ring of `n` nodes whose one level has embeddings `x_i = (i, 2i, -i)`
    /// plus a little of `seed`.
    fn workspace(n: usize, seed: f32) -> (Workspace, Arc<Hierarchy>) {
        let edges: Vec<(u32, u32, f32)> = (0..n as u32)
            .map(|i| (i, (i + 1) % n as u32, 1.0))
            .collect();
        let g = crate::graph::Graph::from_edges(n, &edges);
        let s = Array2::from_shape_fn((n, 2), |(i, k)| if i % 2 == k { 1.0 } else { 0.0 });
        let emb = Array2::from_shape_fn((n, 3), |(i, k)| {
            let t = i as f32 / n as f32;
            [t, 2.0 * t, -t][k] + seed * ((i * 7 + k) % 5) as f32
        });
        let h = Arc::new(Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![s],
            None,
            vec![Some(emb)],
            "t",
        ));
        let mut ws = Workspace::new(g, Default::default(), &egui::Context::default());
        ws.set_hierarchy(h.clone());
        (ws, h)
    }

    #[test]
    fn a_big_level_is_projected_off_the_ui_thread_and_the_last_projection_shown_meanwhile() {
        let n = PCA_INLINE_BELOW + 10;
        let (mut ws, first) = workspace(n, 0.0);
        let mut p = Projector::default();
        let ctx = egui::Context::default();
        // First frame: a worker starts, nothing to show yet.
        assert!(p.projection(&ws, &ctx).is_none());
        assert!(p.computing.is_some());
        let shown = p.coordinates(&ws, 0).expect("projected");
        let emb = first.levels[0].embeddings.as_ref().expect("embeddings");
        assert_eq!(
            *shown,
            pca_2d(emb).0,
            "the worker computes what PCA computes"
        );
        // A new snapshot arrives: the previous projection is shown while the new one computes.
        let (other, next) = workspace(n, 0.01);
        ws.set_hierarchy(next.clone());
        drop(other);
        let meanwhile = p.projection(&ws, &ctx).expect("the last one, meanwhile");
        assert!(Arc::ptr_eq(&meanwhile.0, &shown));
        let fresh = p.coordinates(&ws, 0).expect("projected");
        assert_eq!(
            *fresh,
            pca_2d(next.levels[0].embeddings.as_ref().expect("e")).0
        );
        // A small level is projected at once.
        let (small, h) = workspace(100, 0.0);
        let mut q = Projector::default();
        let now = q.projection(&small, &ctx).expect("inline");
        assert_eq!(
            *now.0,
            pca_2d(h.levels[0].embeddings.as_ref().expect("e")).0
        );
        assert!(q.computing.is_none());
    }
}
