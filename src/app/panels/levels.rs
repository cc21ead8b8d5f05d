//! The centre: one canvas per level, side by side (wrapping into two rows past three levels),
//! level 0 the widest; each with its title and warnings wrapped above it and its legend below,
//! linked selection, and the merge animation of level l into level l+1.

use super::merge::Merge;
use crate::app::canvas::{CanvasEvents, LevelDrawing, NodeStyle};
use crate::app::command::Command;
use crate::app::selection::Selection;
use crate::app::view_options::ViewOptions;
use crate::app::workspace::Workspace;
use crate::render::ColourMode;
use eframe::egui::{self, Color32, Vec2};
use std::borrow::Cow;

/// Node colours for level `l` of the workspace under the chosen mode, as drawn in `ui` (on the
/// light theme's white canvas, the palette meant for white).
pub fn level_colours(ws: &Workspace, l: usize, mode: &ColourMode, ui: &egui::Ui) -> Vec<Color32> {
    let h = ws.hierarchy().map(|h| h.as_ref());
    themed_colours(&ws.graph, h, l, mode, ui.visuals().dark_mode)
}

/// A level's node colours, made darker for a light background.
fn themed_colours(
    g: &crate::graph::Graph,
    h: Option<&crate::hierarchy::Hierarchy>,
    l: usize,
    mode: &ColourMode,
    dark: bool,
) -> Vec<Color32> {
    let colours = crate::render::level_colours(g, h, l, mode);
    if dark {
        colours
    } else {
        colours
            .into_iter()
            .map(crate::render::palette::on_white)
            .collect()
    }
}

fn radii(ws: &Workspace, l: usize, size: &crate::render::SizeBy) -> Vec<f32> {
    crate::render::level_radii(&ws.graph, ws.hierarchy().map(|h| h.as_ref()), l, size)
}

fn title(ws: &Workspace, l: usize) -> String {
    let h = ws.hierarchy().map(|h| h.as_ref());
    let edges = match h {
        Some(_) if l > 0 => ws.upper_edges.get(l).map_or(0, Vec::len),
        Some(_) => ws.level0_pairs,
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

/// A level's column is at least this wide (points) when the row has room: its title's first
/// part ("Level 2 · 4 nodes") fits on one line.
const MIN_COLUMN: f32 = 180.0;

/// Widens columns narrower than `min` by taking from the wider ones, as far as the total allows.
fn with_min_width(mut widths: Vec<f32>, min: f32) -> Vec<f32> {
    let total: f32 = widths.iter().sum();
    let min = min.min(total / widths.len().max(1) as f32);
    let short: f32 = widths.iter().map(|w| (min - w).max(0.0)).sum();
    let spare: f32 = widths.iter().map(|w| (w - min).max(0.0)).sum();
    if short > 0.0 && spare > 0.0 {
        for w in &mut widths {
            *w = if *w < min {
                min
            } else {
                *w - short * (*w - min) / spare
            };
        }
    }
    widths
}

/// What the levels are drawn with, besides the workspace.
pub struct LevelsView<'a> {
    pub mode: &'a ColourMode,
    /// The selection: it and its neighbourhood stay bright, the rest dims.
    pub selection: &'a Selection,
    /// The node under the pointer last frame: outlined with what it holds, nothing dimmed.
    pub hover: Option<(usize, usize)>,
    /// Per level, per node: 0 shown, 1 faded, 2 hidden by the filters.
    pub filtered: Option<&'a [Vec<u8>]>,
    pub merge: &'a Merge,
    pub view: &'a ViewOptions,
    /// The label column scored against, for the disagreement rings.
    pub truth: Option<&'a str>,
    /// Every level's positions this frame.
    pub positions: &'a [Vec<[f32; 2]>],
}

/// Draws every level, each in a column whose width follows its node count (or the user's
/// split); returns commands and the node under the pointer, if any.
pub fn levels_ui(
    ws: &mut Workspace,
    ui: &mut egui::Ui,
    v: &LevelsView,
) -> (Vec<Command>, Option<(usize, usize)>) {
    let mut commands = Vec::new();
    let mut hover = None;
    // Every level gets its canvas at once; one whose layout is not ready yet says so.
    let levels = ws.level_count();
    if ws.canvases.len() < levels {
        ws.canvases.resize_with(levels, Default::default);
    }
    let area = ui.available_rect_before_wrap();
    let cols = crate::render::grid_columns(levels);
    let rows = levels.div_ceil(cols);
    let gap = 8.0;
    let row_h = ((area.height() - gap * (rows as f32 - 1.0)) / rows as f32).max(40.0);
    let counts: Vec<usize> = (0..levels)
        .map(|l| {
            ws.hierarchy()
                .map_or(ws.graph.node_count(), |h| h.levels[l].node_count)
        })
        .collect();
    for row in 0..rows {
        let in_row: Vec<usize> = (row * cols..((row + 1) * cols).min(levels)).collect();
        let row_counts: Vec<usize> = in_row.iter().map(|&l| counts[l]).collect();
        let share0 = if row == 0 { v.view.level0_share } else { None };
        let shares = crate::render::row_shares(&row_counts, share0);
        let free = (area.width() - gap * (in_row.len() as f32 - 1.0)).max(40.0);
        let widths = with_min_width(shares.iter().map(|s| free * s).collect(), MIN_COLUMN);
        let mut x = area.left();
        for (k, &l) in in_row.iter().enumerate() {
            let w = widths[k].max(40.0);
            let rect = egui::Rect::from_min_size(
                egui::pos2(x, area.top() + row as f32 * (row_h + gap)),
                Vec2::new(w, row_h),
            );
            x += w + gap;
            ui.scope_builder(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .id_salt(("level", l))
                    .layout(egui::Layout::top_down(egui::Align::Min)),
                |ui| {
                    ui.set_clip_rect(rect.intersect(ui.clip_rect()));
                    level_ui(ws, ui, l, v, &mut commands, &mut hover);
                },
            );
        }
    }
    ui.allocate_rect(area, egui::Sense::hover());
    (commands, hover)
}

/// One level's column: its title and warnings (wrapped, never cut), its canvas, its legend.
fn level_ui(
    ws: &mut Workspace,
    ui: &mut egui::Ui,
    l: usize,
    v: &LevelsView,
    commands: &mut Vec<Command>,
    hover: &mut Option<(usize, usize)>,
) {
    let h = ws.hierarchy().cloned();
    let strong = ui.visuals().strong_text_color();
    let t = wrapped(ui, &title(ws, l), " · ", egui::TextStyle::Body);
    ui.add(egui::Label::new(egui::RichText::new(t).color(strong).strong()).wrap())
        .on_hover_text(crate::render::TITLE_HELP);
    let text = ws
        .warnings
        .iter()
        .filter(|w| w.level == l)
        .map(|w| w.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    if !text.is_empty() {
        let t = wrapped(ui, &text, "; ", egui::TextStyle::Body);
        ui.add(egui::Label::new(egui::RichText::new(t).color(ui.visuals().warn_fg_color)).wrap());
    }
    let positions = v.positions;
    // What the legend and the node colours follow: the shown run, the colouring, and whether
    // Louvain's communities are known yet.
    let legend_key = (
        ws.shown_id(),
        v.mode.clone(),
        ws.graph.louvain_if_known().is_some(),
    );
    let legend = if v.view.legend {
        let graph = ws.graph.clone();
        ws.canvases[l].legend(legend_key.clone(), || {
            crate::render::legend(&graph, h.as_deref(), l, v.mode)
        })
    } else {
        Vec::new()
    };
    let legend_h = if legend.is_empty() {
        0.0
    } else {
        ws.canvases[l].legend_height + 4.0
    };
    let size = Vec2::new(
        ui.available_width(),
        (ui.available_height() - legend_h).max(40.0),
    );
    let Some(pos) = positions.get(l) else {
        let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        ui.put(rect, egui::Label::new("laying out…"));
        return;
    };
    let merge = v.merge;
    let merging =
        merge.level == l && merge.t > 0.0 && h.as_ref().is_some_and(|h| l + 1 < h.depth());
    let dark = ui.visuals().dark_mode;
    let style_key = (
        legend_key,
        dark,
        v.view.size_by.clone(),
        v.view.node_scale.to_bits(),
    );
    let style = {
        let (graph, h, mode, size_by) = (ws.graph.clone(), h.clone(), v.mode, &v.view.size_by);
        ws.canvases[l].styles(style_key, || NodeStyle {
            colours: themed_colours(&graph, h.as_deref(), l, mode, dark),
            radii: crate::render::level_radii(&graph, h.as_deref(), l, size_by)
                .into_iter()
                .map(|r| r * v.view.node_scale)
                .collect(),
        })
    };
    let mut colours: Cow<[Color32]> = Cow::Borrowed(&style.colours);
    let mut r: Cow<[f32]> = Cow::Borrowed(&style.radii);
    let mut shown: Cow<[[f32; 2]]> = Cow::Borrowed(pos);
    let mut alphas = (1.0, 0.0);
    if merging && let (Some(hier), Some(up)) = (h.as_deref(), positions.get(l + 1)) {
        let up_radii: Vec<f32> = radii(ws, l + 1, &v.view.size_by)
            .into_iter()
            .map(|r| r * v.view.node_scale)
            .collect();
        let up_colours = level_colours(ws, l + 1, v.mode, ui);
        let frame = crate::render::merge_frame(
            hier,
            l,
            merge.t,
            &crate::render::MergeInput {
                positions: pos,
                radii: &r,
                colours: &colours,
                up_positions: up,
                up_radii: &up_radii,
                up_colours: &up_colours,
            },
        );
        shown = Cow::Owned(frame.positions);
        r = Cow::Owned(frame.radii);
        colours = Cow::Owned(frame.colours);
        alphas = (frame.edge_alpha, frame.pooled_alpha);
    }
    let names = v.view.names.then(|| node_names(ws, l));
    let marks = (v.view.disagreement && l == 0)
        .then(|| crate::render::disagreements(&ws.graph, h.as_deref(), v.truth))
        .flatten();
    // Linked colours name level 1's clusters; level 2's groups get an outline each.
    let groups = match (&h, v.mode) {
        (Some(h), ColourMode::Linked) if !merging => crate::render::linked_groups(h, l),
        _ => None,
    };
    let focus = (!v.selection.is_empty()).then(|| ws.focus(v.selection, v.view.hops));
    let outline = v
        .hover
        .map(|(hl, i)| ws.focus(&Selection::single(hl, i), 0));
    let upper_edges = ws.upper_edges.clone();
    let edges: &[(u32, u32, f32)] = if l == 0 {
        &ws.level0_edges
    } else {
        upper_edges.get(l).map_or(&[], Vec::as_slice)
    };
    let hover_links = match v.hover {
        Some((hl, i)) if hl == l => hover_links(ws, l, i),
        _ => Vec::new(),
    };
    let hover_names: Vec<String> = match &h {
        Some(h) if l > 0 => (0..h.levels[l].node_count)
            .map(|i| {
                let size = h.levels[l].sizes.get(i).copied().unwrap_or(0.0);
                format!("cluster {i} · {size:.0} nodes")
            })
            .collect(),
        _ => Vec::new(),
    };
    // A selected node's and its neighbours' names, when names are off and they are few.
    let few_lit = focus
        .as_ref()
        .and_then(|f| f.level(l))
        .is_some_and(|f| f.iter().filter(|&&x| x > 0).count() <= 60);
    let names = match names {
        None if few_lit => Some(node_names(ws, l)),
        n => n,
    };
    let drawing = LevelDrawing {
        positions: &shown,
        edges,
        colours: &colours,
        radii: &r,
        focus: focus.as_ref().and_then(|f| f.level(l)),
        outline: outline.as_ref().and_then(|f| f.level(l)),
        hover_links: &hover_links,
        arrows: v.view.arrows && ws.directed_level(l),
        edge_opacity: v.view.edge_opacity,
        filtered: v.filtered.and_then(|f| f.get(l)).map(Vec::as_slice),
        names_lit_only: !v.view.names,
        name_scale: v.view.name_scale,
        hover_names: Some(if l == 0 || h.is_none() {
            ws.graph.nodes.names.as_slice()
        } else {
            hover_names.as_slice()
        }),
        rings: ws.rings.get(l).and_then(Option::as_ref).map(Vec::as_slice),
        names: names.as_deref(),
        marks: marks.as_deref(),
        groups: groups.as_deref(),
        edge_alpha: alphas.0,
        overlay: match (merging, positions.get(l + 1), upper_edges.get(l + 1)) {
            (true, Some(up), Some(e)) => Some((up.as_slice(), e.as_slice(), alphas.1)),
            _ => None,
        },
    };
    let (_, ev): (_, CanvasEvents) = ws.canvases[l].ui(ui, size, &drawing);
    if !legend.is_empty() {
        let top = ui.cursor().top();
        legend_ui(ui, &legend);
        ws.canvases[l].legend_height = ui.cursor().top() - top;
    }
    if let Some(i) = ev.hovered {
        *hover = Some((l, i));
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
}

/// `text` broken into lines between its parts (at `separator`), measured with the window's
/// font, so "66 edges" never splits across lines; egui still wraps a part too long alone.
fn wrapped(ui: &egui::Ui, text: &str, separator: &str, style: egui::TextStyle) -> String {
    let font = style.resolve(ui.style());
    let colour = ui.visuals().text_color();
    let measure = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_string(), font.clone(), colour)
            .size()
            .x
    };
    crate::render::wrap_by(text, separator, ui.available_width() - 2.0, &measure).join("\n")
}

/// The links of node `i` of level `l` as arcs (out-links then in-links on a directed level
/// 0), at most a few hundred: drawn over the edges while the pointer is on the node.
fn hover_links(ws: &Workspace, l: usize, i: usize) -> Vec<(u32, u32)> {
    const MAX: usize = 400;
    let row = |a: &crate::graph::Csr| -> Vec<u32> {
        if i < a.node_count() {
            a.row(i)
                .0
                .iter()
                .copied()
                .filter(|&j| j as usize != i)
                .take(MAX)
                .collect()
        } else {
            Vec::new()
        }
    };
    let me = i as u32;
    match (ws.hierarchy(), l) {
        (Some(h), l) if l > 0 => row(&h.levels[l].adjacency)
            .into_iter()
            .map(|j| (me, j))
            .collect(),
        _ if ws.graph.is_directed() => {
            let mut out: Vec<(u32, u32)> = row(ws.graph.adjacency())
                .into_iter()
                .map(|j| (me, j))
                .collect();
            if let Some(t) = &ws.transpose {
                out.extend(row(t).into_iter().map(|j| (j, me)));
            }
            out
        }
        _ => row(&ws.level0_sym).into_iter().map(|j| (me, j)).collect(),
    }
}

/// Level 0's node names; above, each cluster's majority label or its number.
fn node_names(ws: &Workspace, l: usize) -> Vec<String> {
    match (ws.hierarchy(), l) {
        (_, 0) | (None, _) => ws.graph.nodes.names.clone(),
        (Some(h), _) => (0..h.levels[l].node_count)
            .map(|i| format!("cluster {i}"))
            .collect(),
    }
}

/// The legend: coloured discs and their texts in rows, each entry whole, wrapping to the width.
fn legend_ui(ui: &mut egui::Ui, entries: &[crate::render::LegendEntry]) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let size = ui.text_style_height(&egui::TextStyle::Small);
    let colour = ui.visuals().text_color();
    let width = ui.available_width();
    let galleys: Vec<_> = entries
        .iter()
        .map(|e| {
            ui.painter()
                .layout_no_wrap(crate::render::entry_text(e), font.clone(), colour)
        })
        .collect();
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut x = 0.0;
    for (k, g) in galleys.iter().enumerate() {
        let w = size + 4.0 + g.size().x + 10.0;
        if x > 0.0 && x + w > width {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(k);
        }
        x += w;
    }
    for row in rows {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for k in row {
                let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
                if entries[k].colour.a() > 0 {
                    let c = if ui.visuals().dark_mode {
                        entries[k].colour
                    } else {
                        crate::render::palette::on_white(entries[k].colour)
                    };
                    ui.painter().circle_filled(rect.center(), size * 0.38, c);
                }
                let (text, _) = ui.allocate_exact_size(galleys[k].size(), egui::Sense::hover());
                ui.painter().galley(text.min, galleys[k].clone(), colour);
                ui.add_space(6.0);
            }
        });
    }
}
