//! "One pooling layer, step by step": on a small level, the assignment S beside the level's
//! embeddings X and adjacency A, and the two products a dense pooling makes of them, X' = SᵀX
//! and A' = SᵀAS, built one node (one row of S) at a time. A class sees that pooling is
//! nothing but a weighted sum: node i sends S[i, c] of its row of X to cluster c, and its
//! edges to the cluster pairs its two ends belong to. The node being added is selected, so
//! the canvases light it up while the products grow.

use crate::app::command::Command;
use crate::app::selection::Selection;
use crate::app::workspace::Workspace;
use crate::graph::Csr;
use eframe::egui::{self, Color32, Rect, Sense, Stroke, Vec2};
use ndarray::Array2;

/// Levels of at most this many nodes are shown (a row per node must stay visible).
pub const MAX_NODES: usize = 80;
/// Seconds between two nodes while playing.
const STEP_SECONDS: f64 = 0.6;

/// The products after the first `rows` nodes added their share: `X'` (K x d) and `A'` (K x K).
pub fn partial_products(
    s: &Array2<f32>,
    x: &Array2<f32>,
    a: &Csr,
    rows: usize,
) -> (Array2<f32>, Array2<f32>) {
    let (n, k) = s.dim();
    let d = x.ncols();
    let mut xp = Array2::<f32>::zeros((k, d));
    let mut ap = Array2::<f32>::zeros((k, k));
    for i in 0..rows.min(n).min(x.nrows()) {
        let si = s.row(i);
        // Node i's row of X, split over the clusters by its row of S.
        for c in 0..k {
            if si[c] != 0.0 {
                xp.row_mut(c).scaled_add(si[c], &x.row(i));
            }
        }
        // Its edges: (AS)_i = Σ_j A_ij S_j, sent to cluster c by S[i, c].
        let (cols, vals) = a.row(i);
        let mut as_i = vec![0.0f32; k];
        for (&j, &w) in cols.iter().zip(vals) {
            let j = j as usize;
            if j < n {
                for (c2, v) in as_i.iter_mut().enumerate() {
                    *v += w * s[[j, c2]];
                }
            }
        }
        for c in 0..k {
            if si[c] != 0.0 {
                for (c2, v) in as_i.iter().enumerate() {
                    ap[[c, c2]] += si[c] * v;
                }
            }
        }
    }
    (xp, ap)
}

/// Dark blue to yellow over `[lo, hi]` (the heatmap's scale).
fn colour(v: f32, lo: f32, hi: f32) -> Color32 {
    let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
    super::heatmap::colour(t)
}

fn range(m: &Array2<f32>) -> (f32, f32) {
    let lo = m.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = m.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if lo.is_finite() && hi.is_finite() {
        (lo.min(0.0), hi.max(0.0))
    } else {
        (0.0, 1.0)
    }
}

/// The view's state: which level, how many nodes have added their share, and playing or not.
#[derive(Default)]
pub struct StepByStep {
    pub level: usize,
    /// Nodes added so far (0 to n).
    pub rows: usize,
    pub playing: bool,
    /// When the last node was added while playing (the context's clock).
    last: f64,
    /// The run the state belongs to: another run starts again from no node.
    shown: u64,
}

/// What one matrix drawing needs.
struct Grid<'a> {
    m: &'a Array2<f32>,
    /// The scale's ends (a partial product keeps the full product's, so it brightens).
    scale: (f32, f32),
    cell: f32,
    /// A row outlined (the node being added).
    row: Option<usize>,
    name: &'a str,
}

/// Draws a matrix cell by cell; returns the (row, column) under the pointer.
fn grid_ui(ui: &mut egui::Ui, g: &Grid<'_>) -> Option<(usize, usize)> {
    let (rows, cols) = g.m.dim();
    let size = Vec2::new(cols as f32 * g.cell, rows as f32 * g.cell);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect.expand(2.0));
    for r in 0..rows {
        for c in 0..cols {
            let min = rect.min + Vec2::new(c as f32 * g.cell, r as f32 * g.cell);
            let cell = Rect::from_min_size(min, Vec2::splat(g.cell));
            painter.rect_filled(cell, 0.0, colour(g.m[[r, c]], g.scale.0, g.scale.1));
        }
    }
    if let Some(r) = g.row.filter(|&r| r < rows) {
        let band = Rect::from_min_size(
            rect.min + Vec2::new(0.0, r as f32 * g.cell),
            Vec2::new(size.x, g.cell),
        );
        painter.rect_stroke(
            band.expand(1.0),
            0.0,
            Stroke::new(2.0, Color32::WHITE),
            egui::StrokeKind::Outside,
        );
    }
    let hover = response.hover_pos().and_then(|p| {
        let r = ((p.y - rect.min.y) / g.cell) as usize;
        let c = ((p.x - rect.min.x) / g.cell) as usize;
        (r < rows && c < cols).then_some((r, c))
    });
    if let Some((r, c)) = hover {
        response.on_hover_text(format!("{}[{r}, {c}] = {:.3}", g.name, g.m[[r, c]]));
    }
    hover
}

/// A small caption and the scale's ends under a matrix.
fn legend_ui(ui: &mut egui::Ui, text: &str, (lo, hi): (f32, f32)) {
    let width = ui.available_width().min(240.0);
    super::heatmap::colour_bar_ui(ui, width, "low", "high");
    ui.add(
        egui::Label::new(egui::RichText::new(format!("{text}, {lo:.2} to {hi:.2}")).small()).wrap(),
    );
}

impl StepByStep {
    /// The view, in the card's drawer. Commands select the node being added.
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: Option<&Workspace>) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some((ws, h)) = ws.and_then(|w| w.hierarchy().map(|h| (w, h.clone()))) else {
            ui.label("Train a model (or open a log) to see its pooling step by step.");
            return commands;
        };
        let small: Vec<usize> = (0..h.depth().saturating_sub(1))
            .filter(|&l| h.levels[l].node_count <= MAX_NODES && h.levels[l].assignment.is_some())
            .collect();
        let Some(&first) = small.first() else {
            ui.label(format!(
                "Step by step shows a level of at most {MAX_NODES} nodes, a row of S each: \
                 this run has none (open karate, or pool to fewer clusters)."
            ));
            return commands;
        };
        if ws.shown_id() != self.shown {
            self.shown = ws.shown_id();
            self.rows = 0;
            self.playing = false;
        }
        if !small.contains(&self.level) {
            self.level = first;
            self.rows = 0;
        }
        let level = &h.levels[self.level];
        let (Some(s), Some(x)) = (level.assignment.as_ref(), level.embeddings.as_ref()) else {
            ui.label("This level has no embeddings to pool.");
            return commands;
        };
        let n = s.nrows();
        ui.horizontal_wrapped(|ui| {
            if small.len() > 1 {
                let mut l = self.level;
                egui::ComboBox::from_id_salt("steps-level")
                    .selected_text(format!("Level {l} to {}", l + 1))
                    .show_ui(ui, |ui| {
                        for &k in &small {
                            ui.selectable_value(&mut l, k, format!("Level {k} to {}", k + 1));
                        }
                    });
                if l != self.level {
                    self.level = l;
                    self.rows = 0;
                }
            }
            let play = if self.playing { "Pause" } else { "Play" };
            if ui.button(play).clicked() {
                if !self.playing && self.rows >= n {
                    self.rows = 0;
                }
                self.playing = !self.playing;
                self.last = ui.input(|i| i.time);
            }
            if ui
                .button("Back")
                .on_hover_text("Take the last node back")
                .clicked()
            {
                self.playing = false;
                self.rows = self.rows.saturating_sub(1);
                self.select_current(&mut commands);
            }
            if ui
                .button("Next node")
                .on_hover_text("Add the next node")
                .clicked()
            {
                self.playing = false;
                self.rows = (self.rows + 1).min(n);
                self.select_current(&mut commands);
            }
        });
        // The slider alone on its row, as wide as the drawer allows: with its words beside it
        // it was wider than a projector's drawer and pushed the view out of the window.
        ui.horizontal(|ui| {
            ui.spacing_mut().slider_width = (ui.available_width() - 70.0).clamp(40.0, 240.0);
            ui.add(egui::Slider::new(&mut self.rows, 0..=n))
                .on_hover_text("How many nodes have added their share");
        });
        if self.playing {
            let now = ui.input(|i| i.time);
            if now - self.last >= STEP_SECONDS {
                self.last = now;
                self.rows = (self.rows + 1).min(n);
                self.select_current(&mut commands);
                if self.rows >= n {
                    self.playing = false;
                }
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(STEP_SECONDS / 4.0));
        }
        self.rows = self.rows.min(n);
        let (xp, ap) = partial_products(s, x, &level.adjacency, self.rows);
        let (full_x, full_a) = partial_products(s, x, &level.adjacency, n);
        let current = self.rows.checked_sub(1);
        let name_of = |i: usize| {
            if self.level == 0 {
                ws.graph.nodes.names.get(i).cloned().unwrap_or_default()
            } else {
                format!("cluster {i} of level {}", self.level)
            }
        };
        ui.label(match current {
            None => format!(
                "0 of {n} nodes added: X' and A' start at zero. Press Play or Next node."
            ),
            Some(i) => {
                let shares: Vec<String> = s
                    .row(i)
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v >= 0.005)
                    .map(|(c, v)| format!("{v:.2} to cluster {c}"))
                    .collect();
                let name = name_of(i);
                let who = if name == i.to_string() || name.is_empty() {
                    format!("Node {i}")
                } else {
                    format!("Node {i} ({name})")
                };
                format!(
                    "{} of {n} nodes added. {who} adds its row of X: {}; and each of its {} edges, weighted by S at \
                     both ends, to A'.",
                    i + 1,
                    if shares.is_empty() {
                        "nothing (it is dropped)".to_string()
                    } else {
                        shares.join(", ")
                    },
                    level.adjacency.row(i).0.len()
                )
            }
        });
        let width = ui.available_width();
        let k = s.ncols();
        let d = x.ncols();
        // S and X side by side (n rows tall), X' under X: K + d columns wide.
        let cell = ((width - 16.0) / (k + d) as f32)
            .min(240.0 / n as f32)
            .clamp(2.0, 14.0);
        let x_scale = range(x);
        let xp_scale = range(&full_x);
        ui.add_space(4.0);
        crate::app::formula::formula_ui(ui, "X' = S^T X", 1.15 * body_size(ui));
        let mut hovered = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.small("S");
                let g = Grid {
                    m: s,
                    scale: (0.0, 1.0),
                    cell,
                    row: current,
                    name: "S",
                };
                hovered = hovered.or(grid_ui(ui, &g).map(|(r, _)| r));
            });
            ui.vertical(|ui| {
                ui.small("X");
                let g = Grid {
                    m: x,
                    scale: x_scale,
                    cell,
                    row: current,
                    name: "X",
                };
                hovered = hovered.or(grid_ui(ui, &g).map(|(r, _)| r));
                ui.small("X' (so far)");
                let g = Grid {
                    m: &xp,
                    scale: xp_scale,
                    cell: cell.max(6.0).min(width / d as f32),
                    row: None,
                    name: "X'",
                };
                grid_ui(ui, &g);
            });
        });
        legend_ui(
            ui,
            &format!(
                "S {n} x {k}, 0 to 1 · X {n} x {d}, {:.2} to {:.2} · X' {k} x {d}",
                x_scale.0, x_scale.1
            ),
            xp_scale,
        );
        ui.add_space(6.0);
        crate::app::formula::formula_ui(ui, "A' = S^T A S", 1.15 * body_size(ui));
        let dense_a = Array2::from_shape_fn((n, n), |(i, j)| level.adjacency.get(i, j));
        let a_scale = range(&dense_a);
        let ap_scale = range(&full_a);
        // A (n x n) and A' (K x K) side by side, A' as tall as A when it fits.
        let cell_a = ((width - 16.0) / (n + k) as f32)
            .min(240.0 / n as f32)
            .clamp(2.0, 14.0);
        let cell_k = (cell_a * n as f32 / k.max(1) as f32)
            .min(28.0)
            .min((width - 16.0 - cell_a * n as f32) / k.max(1) as f32)
            .max(2.0);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.small("A");
                let g = Grid {
                    m: &dense_a,
                    scale: a_scale,
                    cell: cell_a,
                    row: current,
                    name: "A",
                };
                hovered = hovered.or(grid_ui(ui, &g).map(|(r, _)| r));
            });
            ui.vertical(|ui| {
                ui.small("A' (so far)");
                let g = Grid {
                    m: &ap,
                    scale: ap_scale,
                    cell: cell_k,
                    row: None,
                    name: "A'",
                };
                grid_ui(ui, &g);
            });
        });
        legend_ui(
            ui,
            &format!(
                "A {n} x {n}, {:.2} to {:.2} · A' {k} x {k}",
                a_scale.0, a_scale.1
            ),
            ap_scale,
        );
        ui.add(
            egui::Label::new(
                egui::RichText::new(
                    "The products so far keep the whole product's colour scale, so they brighten \
                 as nodes are added; after the last node they are the next level's X' and A'. \
                 Click a row to jump to that node.",
                )
                .small(),
            )
            .wrap(),
        );
        if let Some(r) = hovered
            && ui.input(|i| i.pointer.primary_clicked())
        {
            self.playing = false;
            self.rows = r + 1;
            self.select_current(&mut commands);
        }
        commands
    }

    fn select_current(&self, commands: &mut Vec<Command>) {
        if let Some(i) = self.rows.checked_sub(1) {
            commands.push(Command::Select(Selection::single(self.level, i)));
        }
    }
}

fn body_size(ui: &egui::Ui) -> f32 {
    egui::TextStyle::Body.resolve(ui.style()).size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_products_grow_a_node_at_a_time_to_s_transpose_x_and_s_transpose_a_s() {
        // A path 0 - 1 - 2, two clusters.
        let a = Csr::from_triplets(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 2.0), (2, 1, 2.0)]);
        let s = ndarray::array![[1.0f32, 0.0], [0.5, 0.5], [0.0, 1.0]];
        let x = ndarray::array![[1.0f32, 2.0], [4.0, 0.0], [0.0, 3.0]];
        let (x0, a0) = partial_products(&s, &x, &a, 0);
        assert!(x0.iter().chain(a0.iter()).all(|v| *v == 0.0));
        // After node 0: its row of X all to cluster 0; its edge to node 1 sends A_01 S_1.
        let (x1, a1) = partial_products(&s, &x, &a, 1);
        assert_eq!(x1, ndarray::array![[1.0, 2.0], [0.0, 0.0]]);
        assert_eq!(a1, ndarray::array![[0.5, 0.5], [0.0, 0.0]]);
        let (xn, an) = partial_products(&s, &x, &a, 3);
        assert_eq!(xn, s.t().dot(&x));
        let dense = ndarray::array![[0.0f32, 1.0, 0.0], [1.0, 0.0, 2.0], [0.0, 2.0, 0.0]];
        assert_eq!(an, s.t().dot(&dense).dot(&s));
        // More rows than nodes is all of them.
        assert_eq!(partial_products(&s, &x, &a, 9).1, an);
    }
}
