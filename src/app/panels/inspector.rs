//! The right panel: the selection's summary and, for one node, its level, name, degree, labels,
//! features, embedding, assignment distribution and members.

use crate::app::selection::{Selection, summary};
use crate::app::workspace::Workspace;
use crate::render::palette::class_colour;
use eframe::egui::{self, Color32, Sense, Vec2};

fn bars_ui(
    ui: &mut egui::Ui,
    values: &[f32],
    colour: impl Fn(usize) -> Color32,
    labels: &[String],
) {
    let max = values.iter().map(|v| v.abs()).fold(1e-9f32, f32::max);
    for (k, &v) in values.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.add_sized(
                [60.0, 14.0],
                egui::Label::new(labels.get(k).cloned().unwrap_or_else(|| k.to_string()))
                    .truncate(),
            );
            let (rect, _) = ui.allocate_exact_size(Vec2::new(140.0, 12.0), Sense::hover());
            let w = rect.width() * (v.abs() / max);
            let bar = egui::Rect::from_min_size(rect.min, Vec2::new(w, rect.height()));
            ui.painter().rect_filled(bar, 2.0, colour(k));
            ui.label(format!("{v:.3}"));
        });
    }
}

pub fn inspector_ui(ws: &Workspace, ui: &mut egui::Ui, sel: &Selection, column: Option<&str>) {
    ui.heading("Inspector");
    let h = ws.hierarchy.as_deref();
    ui.label(summary(h, &ws.graph, sel, column));
    let [node] = sel.nodes.as_slice() else {
        if sel.is_empty() {
            ui.label(
                "Click a node on any level; shift-drag to select a box. Drag a node to pin it.",
            );
        }
        return;
    };
    let (l, i) = (sel.level, *node);
    let g = &ws.graph;
    ui.separator();
    if l == 0 {
        if i >= g.node_count() {
            return;
        }
        ui.label(egui::RichText::new(&g.nodes.names[i]).strong());
        ui.label(format!(
            "level 0, id {}, degree {}",
            g.nodes.ids[i],
            g.symmetric().degree(i)
        ));
        for col in &g.nodes.labels {
            ui.label(format!("{}: {}", col.name, col.value(i).unwrap_or("—")));
        }
        if let Some(f) = &g.nodes.features {
            let vals: Vec<f32> = (0..f.names.len().min(12))
                .map(|j| f.values[[i, j]])
                .collect();
            ui.label(if vals.len() < f.names.len() {
                format!("features: the first {} of {}", vals.len(), f.names.len())
            } else {
                "features".to_string()
            });
            bars_ui(ui, &vals, |_| Color32::GRAY, &f.names);
        }
    } else if let Some(h) = h {
        let lv = &h.levels[l];
        if i >= lv.node_count {
            return;
        }
        ui.label(egui::RichText::new(format!("cluster {i} of level {l}")).strong());
        ui.label(format!(
            "degree {}, {} original nodes",
            lv.adjacency.degree(i),
            lv.sizes.get(i).copied().unwrap_or(0.0)
        ));
        let members = h.members(l, i);
        let names: Vec<&str> = members
            .iter()
            .take(40)
            .map(|&m| g.nodes.names[m].as_str())
            .collect();
        ui.label(format!(
            "members ({}): {}{}",
            members.len(),
            names.join(", "),
            if members.len() > 40 { ", …" } else { "" }
        ));
    }
    if let Some(h) = h {
        let lv = &h.levels[l];
        if let Some(e) = &lv.embeddings
            && i < e.nrows()
        {
            let shown = e.ncols().min(16);
            ui.label(if shown < e.ncols() {
                format!(
                    "embedding at level {l}: the first {shown} of {} dimensions",
                    e.ncols()
                )
            } else {
                format!("embedding at level {l} ({} dimensions)", e.ncols())
            });
            let vals: Vec<f32> = e.row(i).iter().take(shown).copied().collect();
            let labels: Vec<String> = (0..vals.len()).map(|k| format!("h{k}")).collect();
            bars_ui(ui, &vals, |_| Color32::from_rgb(120, 160, 220), &labels);
        }
        if let Some(s) = &lv.assignment
            && i < s.nrows()
        {
            let row = s.row(i);
            let mut order: Vec<usize> = (0..row.len()).collect();
            order.sort_by(|&a, &b| row[b].total_cmp(&row[a]));
            order.truncate(8);
            ui.label(if order.len() < row.len() {
                format!(
                    "assignment to level {}: the {} largest of {} clusters",
                    l + 1,
                    order.len(),
                    row.len()
                )
            } else {
                format!("assignment to level {}", l + 1)
            });
            let vals: Vec<f32> = order.iter().map(|&k| row[k]).collect();
            let labels: Vec<String> = order.iter().map(|k| format!("cluster {k}")).collect();
            bars_ui(ui, &vals, |j| class_colour(order[j]), &labels);
        }
    }
}
