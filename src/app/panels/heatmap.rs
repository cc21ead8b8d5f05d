//! The assignment matrix S of one level as a heatmap: one row per node, grouped by cluster and
//! ordered by confidence within each cluster, one column per cluster. Hovering names the node,
//! the cluster and the value; clicking selects the node on every canvas.

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
}

#[derive(Default)]
pub struct Heatmap {
    pub level: usize,
    cache: Option<Cached>,
}

/// Dark blue to yellow, for values in [0, 1].
fn colour(v: f32) -> Color32 {
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
            self.cache = Some(Cached {
                hierarchy: key,
                level,
                order,
                texture,
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
        ui.label(format!(
            "{} rows x {} clusters, grouped by cluster, most confident first",
            s.nrows(),
            s.ncols()
        ));
        commands
    }
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
}
