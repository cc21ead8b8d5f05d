//! The centre: one canvas per level, side by side (wrapping into a grid), each with its title
//! line, linked selection, and the merge animation of level l into level l+1.

use super::canvas::{CanvasEvents, LevelDrawing};
use super::palette::{MISSING, class_colour};
use super::selection::{Selection, highlighted};
use super::viewer::{ColourMode, Command};
use super::workspace::Workspace;
use crate::hierarchy::Hierarchy;
use eframe::egui::{self, Color32, Vec2};

/// Merge animation state: level `level` moving into level `level + 1`, progress `t` in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Merge {
    pub level: usize,
    pub t: f32,
    pub playing: bool,
}

impl Default for Merge {
    fn default() -> Self {
        Self {
            level: 0,
            t: 0.0,
            playing: false,
        }
    }
}

/// The most common value of `labels` among each level-`l` node's members.
fn majority(h: &Hierarchy, l: usize, labels: &[Option<u32>]) -> Vec<Option<u32>> {
    let n = h.levels[l].node_count;
    let mut counts: Vec<std::collections::HashMap<u32, usize>> = vec![Default::default(); n];
    for (i, p) in h.level0_partition(l).iter().enumerate() {
        if let (Some(p), Some(Some(c))) = (p, labels.get(i)) {
            *counts[*p as usize].entry(*c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|m| {
            m.into_iter()
                .max_by_key(|&(c, k)| (k, std::cmp::Reverse(c)))
                .map(|(c, _)| c)
        })
        .collect()
}

/// Node colours for level `l` under the chosen mode.
pub fn level_colours(ws: &Workspace, l: usize, mode: &ColourMode) -> Vec<Color32> {
    let to_colour = |v: &[Option<u32>]| {
        v.iter()
            .map(|c| c.map_or(MISSING, |k| class_colour(k as usize)))
            .collect()
    };
    let g = &ws.graph;
    let Some(h) = ws.hierarchy.as_deref() else {
        return match mode {
            ColourMode::Label(c) => g.nodes.label(c).map_or_else(
                || vec![class_colour(0); g.node_count()],
                |col| to_colour(&col.codes),
            ),
            _ => g.nodes.labels.first().map_or_else(
                || vec![class_colour(0); g.node_count()],
                |col| to_colour(&col.codes),
            ),
        };
    };
    match mode {
        ColourMode::NextCluster => {
            if l + 1 < h.depth() {
                to_colour(&h.levels[l].hard)
            } else {
                (0..h.levels[l].node_count).map(class_colour).collect()
            }
        }
        ColourMode::Label(c) => match g.nodes.label(c) {
            Some(col) => to_colour(&majority(h, l, &col.codes)),
            None => vec![MISSING; h.levels[l].node_count],
        },
        ColourMode::Level(k) => {
            let k = (*k).min(h.depth() - 1);
            to_colour(&majority(h, l, &h.level0_partition(k)))
        }
    }
}

fn radii(ws: &Workspace, l: usize) -> Vec<f32> {
    let n0 = ws.graph.node_count().max(1) as f32;
    let base = (6.0 - n0.log10()).clamp(2.0, 6.0);
    match ws.hierarchy.as_deref() {
        Some(h) if l > 0 => {
            let sizes = &h.levels[l].sizes;
            let max = sizes.iter().copied().fold(1.0f32, f32::max);
            sizes
                .iter()
                .map(|&s| 3.0 + 11.0 * (s / max).sqrt())
                .collect()
        }
        _ => vec![base; ws.graph.node_count()],
    }
}

fn rings(h: &Hierarchy, l: usize) -> Option<Vec<f32>> {
    let s = h.levels[l].assignment.as_ref()?;
    let k = s.ncols();
    if k < 2 {
        return None;
    }
    let ln_k = (k as f32).ln();
    Some(
        s.rows()
            .into_iter()
            .map(|r| {
                r.iter()
                    .filter(|&&v| v > 0.0)
                    .map(|&v| -v * v.ln())
                    .sum::<f32>()
                    / ln_k
            })
            .collect(),
    )
}

fn title(ws: &Workspace, l: usize) -> String {
    match ws.hierarchy.as_deref() {
        Some(h) => {
            let lv = &h.levels[l];
            let edges = lv.adjacency.iter().filter(|&(u, v, _)| u < v).count();
            let mut t = format!("Level {l} · {} nodes · {edges} edges", lv.node_count);
            if edges > super::canvas::MAX_RASTER_EDGES {
                t.push_str(&format!(
                    " (1 in {} drawn)",
                    edges.div_ceil(super::canvas::MAX_RASTER_EDGES)
                ));
            }
            if lv.assignment.is_some() {
                t.push_str(&format!(" · Q {:.3}", lv.metrics.modularity));
                if let Some(nmi) = lv.metrics.nmi {
                    t.push_str(&format!(" · NMI {nmi:.3}"));
                }
            }
            t
        }
        None => format!(
            "Level 0 · {} nodes · {} edges · not trained yet",
            ws.graph.node_count(),
            ws.graph.edge_count()
        ),
    }
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
    let cols = if levels <= 3 {
        levels
    } else {
        levels.div_ceil(2)
    }
    .max(1);
    let rows = levels.div_ceil(cols);
    let cell = Vec2::new(avail.x / cols as f32 - 8.0, avail.y / rows as f32 - 48.0)
        .max(Vec2::new(80.0, 60.0));
    let h = ws.hierarchy.clone();
    let warnings = ws.warnings.clone();
    let lit_sel = (!sel.is_empty()).then(|| highlighted(h.as_deref(), ws.graph.node_count(), sel));
    let upper_edges: Vec<Vec<(u32, u32, f32)>> = h
        .as_deref()
        .map(|h| {
            h.levels
                .iter()
                .map(|lv| lv.adjacency.iter().filter(|&(u, v, _)| u < v).collect())
                .collect()
        })
        .unwrap_or_default();
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
                    let ring = h.as_deref().and_then(|h| rings(h, l));
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
                        rings: ring.as_deref(),
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
