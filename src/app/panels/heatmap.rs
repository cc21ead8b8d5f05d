//! The assignment matrix S of one level as a heatmap: one row per node, grouped by cluster and
//! ordered by confidence within each cluster, one column per cluster. Hovering names the node,
//! the cluster and the value; clicking selects the node on every canvas. Beside it, the pooled
//! adjacency `A' = SᵀAS` of the next level (the weight between clusters, and inside each on the
//! diagonal); each map has its colour bar.

use crate::app::command::Command;
use crate::app::selection::Selection;
use crate::app::workspace::Workspace;
use eframe::egui::{self, Color32, Rect, Sense, Vec2, pos2};

/// Rows drawn at most; above this, rows are pooled into bands (the hover still names a node).
const MAX_ROWS: usize = 1500;

struct Cached {
    hierarchy: u64,
    level: usize,
    /// Row order: node index per displayed row.
    order: Vec<usize>,
    texture: egui::TextureHandle,
    /// `A' = SᵀAS` of the next level, its size and its largest weight.
    pooled: Option<(egui::TextureHandle, usize, f32)>,
}

/// A clusters' graph this small or smaller gets its `SᵀAS` heatmap (a cell a cluster pair).
const MAX_POOLED: usize = 400;

#[derive(Default)]
pub struct Heatmap {
    pub level: usize,
    cache: Option<Cached>,
}

/// Dark blue to yellow, for values in [0, 1].
pub(super) fn colour(v: f32) -> Color32 {
    let v = v.clamp(0.0, 1.0);
    let r = (255.0 * v.powf(0.8)) as u8;
    let g = (40.0 + 200.0 * v) as u8;
    let b = (90.0 + 60.0 * (1.0 - v)) as u8;
    Color32::from_rgb(r, g, b)
}

/// Nodes ordered by hard cluster, then by decreasing confidence.
pub fn row_order(s: &ndarray::Array2<f32>, hard: &[Option<u32>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..s.nrows()).collect();
    // Each row's largest value once, not once per comparison (100,000 rows x 500 clusters).
    let conf: Vec<f32> = s
        .rows()
        .into_iter()
        .map(|r| r.iter().copied().fold(0.0f32, f32::max))
        .collect();
    order.sort_unstable_by(|&a, &b| {
        let (ca, cb) = (hard[a].unwrap_or(u32::MAX), hard[b].unwrap_or(u32::MAX));
        ca.cmp(&cb)
            .then(conf[b].total_cmp(&conf[a]))
            .then(a.cmp(&b))
    });
    order
}

impl Heatmap {
    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(h) = ws.hierarchy().cloned() else {
            return commands;
        };
        let depth = h.depth();
        if depth < 2 {
            return commands;
        }
        self.level = self.level.min(depth - 2);
        let mut level = self.level;
        egui::ComboBox::from_label("Heatmap level")
            .selected_text(format!("S of level {level}"))
            .show_ui(ui, |ui| {
                for l in 0..depth - 1 {
                    ui.selectable_value(&mut level, l, format!("S of level {l}"));
                }
            });
        self.level = level;
        let Some(s) = h.levels[level].assignment.as_ref() else {
            return commands;
        };
        let key = ws.shown_id();
        let stale = self
            .cache
            .as_ref()
            .is_none_or(|c| c.hierarchy != key || c.level != level);
        if stale {
            let order = row_order(s, &h.levels[level].hard);
            let rows = order.len().clamp(1, MAX_ROWS);
            let k = s.ncols();
            let mut pixels = vec![Color32::BLACK; rows * k];
            for r in 0..rows {
                let (a, b) = (
                    r * order.len() / rows,
                    ((r + 1) * order.len() / rows).max(r * order.len() / rows + 1),
                );
                for c in 0..k {
                    let v: f32 = order[a..b.min(order.len())]
                        .iter()
                        .map(|&i| s[[i, c]])
                        .sum::<f32>()
                        / (b - a) as f32;
                    pixels[r * k + c] = colour(v);
                }
            }
            let image = egui::ColorImage {
                size: [k, rows],
                source_size: Vec2::new(k as f32, rows as f32),
                pixels,
            };
            let texture =
                ui.ctx()
                    .load_texture("assignment-heatmap", image, egui::TextureOptions::NEAREST);
            let pooled = pooled_image(&h.levels[level + 1].adjacency).map(|(image, k, max)| {
                let t =
                    ui.ctx()
                        .load_texture("pooled-heatmap", image, egui::TextureOptions::NEAREST);
                (t, k, max)
            });
            self.cache = Some(Cached {
                hierarchy: key,
                level,
                order,
                texture,
                pooled,
            });
        }
        let Some(c) = &self.cache else {
            return commands;
        };
        let size = Vec2::new(ui.available_width().min(300.0), 220.0);
        let (rect, response) = ui.allocate_exact_size(size, Sense::click());
        ui.painter().image(
            c.texture.id(),
            rect,
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        if let Some(p) = response.hover_pos() {
            let col = (((p.x - rect.min.x) / rect.width()) * s.ncols() as f32) as usize;
            let row = (((p.y - rect.min.y) / rect.height()) * c.order.len() as f32) as usize;
            if let (Some(&node), true) = (c.order.get(row), col < s.ncols()) {
                let name = if level == 0 {
                    ws.graph.nodes.names[node].clone()
                } else {
                    format!("cluster {node} of level {level}")
                };
                let text = format!("{name}: S[{node}, {col}] = {:.3}", s[[node, col]]);
                response.clone().on_hover_text(text);
                if response.clicked() {
                    commands.push(Command::Select(Selection::single(level, node)));
                }
            }
        }
        colour_bar_ui(ui, size.x, "0", "1");
        ui.label(format!(
            "{} rows x {} clusters, grouped by cluster, most confident first",
            s.nrows(),
            s.ncols()
        ));
        if let Some((texture, k, max)) = &c.pooled {
            ui.add_space(6.0);
            ui.label(egui::RichText::new(format!("A' of level {}", level + 1)).strong())
                .on_hover_text(
                    "The pooled adjacency, S transposed times A times S: the edge weight \
                     between two clusters, and on the diagonal the weight inside one (raw, \
                     before any normalisation)",
                );
            let side = size.x.min(220.0);
            let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
            ui.painter().image(
                texture.id(),
                rect,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
            if let Some(p) = response.hover_pos() {
                let i = (((p.y - rect.min.y) / rect.height()) * *k as f32) as usize;
                let j = (((p.x - rect.min.x) / rect.width()) * *k as f32) as usize;
                let a = &h.levels[level + 1].adjacency;
                if i < *k && j < *k {
                    response.on_hover_text(format!("A'[{i}, {j}] = {:.3}", a.get(i, j)));
                }
            }
            colour_bar_ui(ui, side, "0", &format!("{max:.3}"));
        }
        commands
    }
}

/// `A'` as a `k x k` image, each weight over the largest; `None` for a level too big to show
/// cell by cell, or with no edges.
fn pooled_image(a: &crate::graph::Csr) -> Option<(egui::ColorImage, usize, f32)> {
    let k = a.node_count();
    if k == 0 || k > MAX_POOLED {
        return None;
    }
    let max = a.weights().iter().copied().fold(0.0f32, f32::max);
    if max <= 0.0 {
        return None;
    }
    let mut pixels = vec![colour(0.0); k * k];
    for (i, j, w) in a.iter() {
        pixels[i as usize * k + j as usize] = colour(w / max);
    }
    Some((
        egui::ColorImage {
            size: [k, k],
            source_size: Vec2::new(k as f32, k as f32),
            pixels,
        },
        k,
        max,
    ))
}

/// The colour scale under a heatmap, `lo` to `hi`.
pub(super) fn colour_bar_ui(ui: &mut egui::Ui, width: f32, lo: &str, hi: &str) {
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 10.0), Sense::hover());
    let steps = 32;
    for s in 0..steps {
        let x0 = rect.min.x + rect.width() * s as f32 / steps as f32;
        let x1 = rect.min.x + rect.width() * (s + 1) as f32 / steps as f32;
        ui.painter().rect_filled(
            Rect::from_min_max(pos2(x0, rect.min.y), pos2(x1 + 0.5, rect.max.y)),
            0.0,
            colour((s as f32 + 0.5) / steps as f32),
        );
    }
    ui.horizontal(|ui| {
        ui.set_width(width);
        ui.small(lo);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.small(hi);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_group_by_cluster_then_confidence() {
        let s =
            ndarray::Array2::from_shape_vec((4, 2), vec![0.6, 0.4, 0.1, 0.9, 0.9, 0.1, 0.45, 0.55])
                .expect("shape");
        let hard = vec![Some(0), Some(1), Some(0), Some(1)];
        assert_eq!(row_order(&s, &hard), vec![2, 0, 1, 3]);
        assert_eq!(colour(0.0), Color32::from_rgb(0, 40, 150));
    }

    #[test]
    fn the_pooled_adjacency_is_drawn_cell_by_cell_over_its_largest_weight() {
        let a = crate::graph::Csr::from_triplets(
            3,
            &[(0, 0, 4.0), (0, 1, 1.0), (1, 0, 1.0), (2, 2, 2.0)],
        );
        let (image, k, max) = pooled_image(&a).expect("an image");
        assert_eq!((k, max), (3, 4.0));
        assert_eq!(
            image.pixels[0],
            colour(1.0),
            "the heaviest cell is the brightest"
        );
        assert_eq!(image.pixels[1], colour(0.25));
        assert_eq!(image.pixels[2], colour(0.0), "no edge");
        assert_eq!(image.pixels[8], colour(0.5));
        assert!(pooled_image(&crate::graph::Csr::empty(3)).is_none());
    }
}
