//! The centre: one canvas per level, side by side (wrapping into a grid), each with its title
//! line, linked selection, and the merge animation of level l into level l+1.

use super::merge::Merge;
use crate::app::canvas::{CanvasEvents, LevelDrawing};
use crate::app::command::Command;
use crate::app::selection::{Selection, highlighted};
use crate::app::workspace::Workspace;
use crate::render::ColourMode;
use eframe::egui::{self, Color32, Vec2};

/// Node colours for level `l` of the workspace under the chosen mode.
pub fn level_colours(ws: &Workspace, l: usize, mode: &ColourMode) -> Vec<Color32> {
    crate::render::level_colours(&ws.graph, ws.hierarchy.as_deref(), l, mode)
}

fn radii(ws: &Workspace, l: usize) -> Vec<f32> {
    crate::render::level_radii(&ws.graph, ws.hierarchy.as_deref(), l)
}

fn title(ws: &Workspace, l: usize) -> String {
    let h = ws.hierarchy.as_deref();
    let edges = match h {
        Some(_) if l > 0 => ws.upper_edges.get(l).map_or(0, Vec::len),
        Some(_) => ws.level0_edges.len(),
        None => ws.graph.edge_count(),
    };
    let mut t = crate::render::level_title(&ws.graph, h, l, edges);
    if h.is_some() && edges > crate::app::canvas::MAX_RASTER_EDGES {
        t.push_str(&format!(
            " (1 in {} drawn)",
            edges.div_ceil(crate::app::canvas::MAX_RASTER_EDGES)
        ));
    }
    t
}

/// Draws every level; returns commands and the node under the pointer, if any.
pub fn levels_ui(
    ws: &mut Workspace,
    ui: &mut egui::Ui,
    mode: &ColourMode,
    sel: &Selection,
    merge: &Merge,
) -> (Vec<Command>, Option<(usize, usize)>) {
    let mut commands = Vec::new();
    let mut hover = None;
    let positions = ws.layouts.positions();
    // Every level gets its canvas at once; one whose layout is not ready yet says so.
    let levels = ws.level_count();
    if ws.canvases.len() < levels {
        ws.canvases.resize_with(levels, Default::default);
    }
    let avail = ui.available_size();
    let cols = crate::render::grid_columns(levels);
    let rows = levels.div_ceil(cols);
    let cell = Vec2::new(avail.x / cols as f32 - 8.0, avail.y / rows as f32 - 48.0)
        .max(Vec2::new(80.0, 60.0));
    let h = ws.hierarchy.clone();
    let warnings = ws.warnings.clone();
    let lit_sel = (!sel.is_empty()).then(|| highlighted(h.as_deref(), ws.graph.node_count(), sel));
    // Level 0's edges are `ws.level0_edges`; the levels above are listed once per hierarchy.
    let upper_edges = ws.upper_edges.clone();
    egui::Grid::new("levels")
        .num_columns(cols)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for l in 0..levels {
                ui.vertical(|ui| {
                    ui.set_max_width(cell.x);
                    ui.add(egui::Label::new(egui::RichText::new(title(ws, l)).strong()).truncate());
                    // One line for warnings on every canvas, so the canvases stay aligned.
                    let mine: Vec<&crate::diagnostics::Diagnostic> =
                        warnings.iter().filter(|w| w.level == l).collect();
                    let text = mine
                        .iter()
                        .map(|w| w.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ");
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(if text.is_empty() { " " } else { &text })
                                .color(ui.visuals().warn_fg_color),
                        )
                        .truncate(),
                    )
                    .on_hover_text(&text);
                    let Some(pos) = positions.get(l) else {
                        let (rect, _) = ui.allocate_exact_size(cell, egui::Sense::hover());
                        ui.painter()
                            .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
                        ui.put(rect, egui::Label::new("laying out…"));
                        return;
                    };
                    let mut shown = pos.clone();
                    let merging = merge.level == l
                        && merge.t > 0.0
                        && h.as_ref().is_some_and(|h| l + 1 < h.depth());
                    if merging && let (Some(h), Some(up)) = (h.as_deref(), positions.get(l + 1)) {
                        for (i, p) in shown.iter_mut().enumerate() {
                            if let Some(Some(c)) = h.levels[l].hard.get(i)
                                && let Some(q) = up.get(*c as usize)
                            {
                                p[0] += (q[0] - p[0]) * merge.t;
                                p[1] += (q[1] - p[1]) * merge.t;
                            }
                        }
                    }
                    let colours = level_colours(ws, l, mode);
                    let r = radii(ws, l);
                    let ring = ws.rings.get(l).and_then(Option::as_ref);
                    let edges: &[(u32, u32, f32)] = if l == 0 {
                        &ws.level0_edges
                    } else {
                        upper_edges.get(l).map_or(&[], Vec::as_slice)
                    };
                    let drawing = LevelDrawing {
                        positions: &shown,
                        edges,
                        colours: &colours,
                        radii: &r,
                        lit: lit_sel.as_ref().and_then(|v| v.get(l)).map(Vec::as_slice),
                        rings: ring.map(Vec::as_slice),
                        edge_alpha: if merging { 1.0 - merge.t } else { 1.0 },
                        overlay: match (merging, positions.get(l + 1), upper_edges.get(l + 1)) {
                            (true, Some(up), Some(e)) => {
                                Some((up.as_slice(), e.as_slice(), merge.t))
                            }
                            _ => None,
                        },
                    };
                    let (_, ev): (_, CanvasEvents) = ws.canvases[l].ui(ui, cell, &drawing);
                    if let Some(i) = ev.hovered {
                        hover = Some((l, i));
                    }
                    if let Some(i) = ev.clicked {
                        commands.push(Command::Select(Selection::single(l, i)));
                    }
                    if ev.clicked_empty {
                        commands.push(Command::Select(Selection::default()));
                    }
                    if let Some(nodes) = ev.box_selected {
                        commands.push(Command::Select(Selection { level: l, nodes }));
                    }
                    if let Some((node, p)) = ev.dragged {
                        commands.push(Command::Pin {
                            level: l,
                            node,
                            pos: p,
                        });
                    }
                });
                if (l + 1) % cols == 0 {
                    ui.end_row();
                }
            }
        });
    (commands, hover)
}
