//! The right panel: the selection's summary and, for one node, its level, name, degree, labels,
//! features, embedding, assignment distribution and members.

use crate::app::canvas::{IN_LINK, OUT_LINK};
use crate::app::command::Command;
use crate::app::selection::{Selection, summary};
use crate::app::workspace::Workspace;
use crate::graph::NodeLinks;
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

/// Neighbours as clickable rows, heaviest link first: `name  weight`. Returns the one
/// clicked.
fn neighbour_rows(
    ui: &mut egui::Ui,
    title: &str,
    links: &[(usize, f32)],
    name: impl Fn(usize) -> String,
    colour: Option<Color32>,
) -> Option<usize> {
    const SHOWN: usize = 50;
    let mut order: Vec<&(usize, f32)> = links.iter().collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut clicked = None;
    let header = format!("{title} ({})", links.len());
    egui::CollapsingHeader::new(match colour {
        Some(c) => egui::RichText::new(header).color(c),
        None => egui::RichText::new(header),
    })
    .id_salt(title)
    .default_open(links.len() <= 20)
    .show(ui, |ui| {
        egui::Grid::new(("neighbours", title))
            .striped(true)
            .show(ui, |ui| {
                for &&(j, w) in order.iter().take(SHOWN) {
                    if ui
                        .link(name(j))
                        .on_hover_text("Select this neighbour")
                        .clicked()
                    {
                        clicked = Some(j);
                    }
                    ui.label(
                        format!("{w:.3}")
                            .trim_end_matches('0')
                            .trim_end_matches('.')
                            .to_string(),
                    );
                    ui.end_row();
                }
            });
        if links.len() > SHOWN {
            ui.weak(format!("… and {} more", links.len() - SHOWN));
        }
    });
    clicked
}

pub fn inspector_ui(
    ws: &Workspace,
    ui: &mut egui::Ui,
    sel: &Selection,
    column: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    inspector_body(ws, ui, sel, column, &mut commands);
    commands
}

fn inspector_body(
    ws: &Workspace,
    ui: &mut egui::Ui,
    sel: &Selection,
    column: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.heading("Inspector");
    let h = ws.hierarchy().map(|h| h.as_ref());
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
        let links = NodeLinks::of(g, ws.transpose.as_deref(), i);
        ui.label(format!("level 0, id {}", g.nodes.ids[i]));
        ui.label(links.degree_text());
        for col in &g.nodes.labels {
            ui.label(format!("{}: {}", col.name, col.value(i).unwrap_or("—")));
        }
        for col in &g.nodes.numeric {
            let v = col.values.get(i).copied().flatten();
            ui.label(format!(
                "{}: {}",
                col.name,
                v.map_or("—".to_string(), |v| format!("{v}"))
            ));
        }
        let name = |j: usize| g.nodes.names.get(j).cloned().unwrap_or_default();
        let picked = if links.directed {
            let a = neighbour_rows(ui, "out-links", &links.out, name, Some(OUT_LINK));
            let b = neighbour_rows(ui, "in-links", &links.incoming, name, Some(IN_LINK));
            a.or(b)
        } else {
            neighbour_rows(ui, "neighbours", &links.out, name, None)
        };
        if let Some(j) = picked {
            commands.push(Command::Select(Selection::single(0, j)));
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
        let (targets, weights) = lv.adjacency.row(i);
        let mut inside = 0.0f32;
        let links: Vec<(usize, f32)> = targets
            .iter()
            .zip(weights)
            .filter_map(|(&j, &w)| {
                if j as usize == i {
                    inside = w;
                    None
                } else {
                    Some((j as usize, w))
                }
            })
            .collect();
        ui.label(format!(
            "{} original nodes; {} linked clusters, link weight {:.3} to them and {:.3} within",
            lv.sizes.get(i).copied().unwrap_or(0.0),
            links.len(),
            links.iter().map(|e| e.1).sum::<f32>(),
            inside
        ));
        if let Some(j) = neighbour_rows(
            ui,
            "linked clusters",
            &links,
            |j| format!("cluster {j}"),
            None,
        ) {
            commands.push(Command::Select(Selection::single(l, j)));
        }
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
