//! A picture of the levels side by side in pixel coordinates, laid out as the window lays out
//! its canvases. The SVG and PNG writers only draw what this holds, so both show the same thing.

use super::style::{ColourMode, level_colours, level_edges, level_radii, level_title};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use eframe::egui::Color32;

/// Largest picture side in pixels (the PNG rasteriser's limit is 65,535; this keeps a picture
/// under 256 MB of pixels).
pub const MAX_SIDE: u32 = 8192;
/// Smallest picture side that still fits a title and a node.
pub const MIN_SIDE: u32 = 64;
/// Most edges drawn per level; past this an even sample is drawn and the title says so.
pub const MAX_EDGES_PER_LEVEL: usize = 200_000;
/// Height of the title band above each level.
pub const TITLE_HEIGHT: f32 = 24.0;

pub struct SceneNode {
    pub x: f32,
    pub y: f32,
    pub r: f32,
    pub colour: Color32,
    /// Shown as a tooltip in the SVG: the node id, or the cluster and its size.
    pub label: String,
}

pub struct SceneEdge {
    pub a: [f32; 2],
    pub b: [f32; 2],
    pub width: f32,
}

/// One level in its cell.
pub struct Panel {
    pub level: usize,
    pub title: String,
    /// Cell origin and size in pixels (the title band included).
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub nodes: Vec<SceneNode>,
    pub edges: Vec<SceneEdge>,
}

pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub background: Color32,
    pub panel_background: Color32,
    pub edge_colour: Color32,
    pub text_colour: Color32,
    pub panels: Vec<Panel>,
}

/// Columns of the level grid: one row for up to three levels, then two rows (as the window).
pub fn grid_columns(levels: usize) -> usize {
    if levels <= 3 {
        levels
    } else {
        levels.div_ceil(2)
    }
    .max(1)
}

/// Maps layout coordinates into `[x, y, w, h]` with a margin, keeping the aspect ratio.
fn fit(positions: &[[f32; 2]], cell: [f32; 4]) -> impl Fn([f32; 2]) -> [f32; 2] {
    let (lo, hi) = crate::layout::bounds(positions).unwrap_or(([-1.0; 2], [1.0; 2]));
    let margin = 18.0;
    let span = [(hi[0] - lo[0]).max(1e-6), (hi[1] - lo[1]).max(1e-6)];
    let scale = ((cell[2] - 2.0 * margin).max(4.0) / span[0])
        .min((cell[3] - 2.0 * margin).max(4.0) / span[1]);
    let centre = [cell[0] + cell[2] / 2.0, cell[1] + cell[3] / 2.0];
    let world = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
    move |p| {
        [
            centre[0] + (p[0] - world[0]) * scale,
            centre[1] + (p[1] - world[1]) * scale,
        ]
    }
}

impl Scene {
    /// The levels of `h` (or level 0 alone) at `positions`, in a `width x height` picture.
    pub fn build(
        g: &Graph,
        h: Option<&Hierarchy>,
        positions: &[Vec<[f32; 2]>],
        mode: &ColourMode,
        width: u32,
        height: u32,
    ) -> Result<Scene, String> {
        if !(MIN_SIDE..=MAX_SIDE).contains(&width) || !(MIN_SIDE..=MAX_SIDE).contains(&height) {
            return Err(format!(
                "picture size {width} x {height}: expected each side from {MIN_SIDE} to {MAX_SIDE} pixels"
            ));
        }
        let levels = h.map_or(1, Hierarchy::depth);
        if positions.len() < levels {
            return Err(format!(
                "positions for {} levels, expected {levels}",
                positions.len()
            ));
        }
        let edges = level_edges(g, h);
        let cols = grid_columns(levels);
        let rows = levels.div_ceil(cols);
        let gap = 8.0;
        let cw = (width as f32 - gap * (cols as f32 + 1.0)) / cols as f32;
        let ch = (height as f32 - gap * (rows as f32 + 1.0)) / rows as f32;
        let mut panels = Vec::with_capacity(levels);
        for (l, pos) in positions.iter().enumerate().take(levels) {
            let n = h.map_or(g.node_count(), |h| h.levels[l].node_count);
            if pos.len() != n {
                return Err(format!("level {l}: {} positions for {n} nodes", pos.len()));
            }
            let (x, y) = (
                gap + (l % cols) as f32 * (cw + gap),
                gap + (l / cols) as f32 * (ch + gap),
            );
            let to_px = fit(pos, [x, y + TITLE_HEIGHT, cw, (ch - TITLE_HEIGHT).max(1.0)]);
            let colours = level_colours(g, h, l, mode);
            let radii = level_radii(g, h, l);
            let sizes = h.map(|h| &h.levels[l].sizes);
            let nodes = (0..n)
                .map(|i| {
                    let [px, py] = to_px(pos[i]);
                    SceneNode {
                        x: px,
                        y: py,
                        r: radii.get(i).copied().unwrap_or(3.0),
                        colour: colours.get(i).copied().unwrap_or(Color32::GRAY),
                        label: match (l, sizes) {
                            (0, _) => g.nodes.ids.get(i).cloned().unwrap_or_default(),
                            (_, Some(s)) => {
                                format!(
                                    "cluster {i}: {:.0} nodes",
                                    s.get(i).copied().unwrap_or(0.0)
                                )
                            }
                            _ => format!("node {i}"),
                        },
                    }
                })
                .collect();
            let level_edges = edges.get(l).map_or(&[][..], Vec::as_slice);
            let stride = level_edges.len().div_ceil(MAX_EDGES_PER_LEVEL).max(1);
            let max_w = level_edges
                .iter()
                .map(|e| e.2.abs())
                .fold(f32::MIN_POSITIVE, f32::max);
            let min_w = level_edges.iter().map(|e| e.2.abs()).fold(max_w, f32::min);
            let weighted = l > 0 && min_w < max_w * 0.999;
            let scene_edges = level_edges
                .iter()
                .step_by(stride)
                .filter_map(|&(u, v, w)| {
                    let (a, b) = (pos.get(u as usize)?, pos.get(v as usize)?);
                    Some(SceneEdge {
                        a: to_px(*a),
                        b: to_px(*b),
                        width: if weighted {
                            0.5 + 3.5 * (w.abs() / max_w).sqrt()
                        } else {
                            1.0
                        },
                    })
                })
                .collect();
            let mut title = level_title(g, h, l, level_edges.len());
            if stride > 1 {
                title.push_str(&format!(" (1 in {stride} edges drawn)"));
            }
            panels.push(Panel {
                level: l,
                title,
                x,
                y,
                w: cw,
                h: ch,
                nodes,
                edges: scene_edges,
            });
        }
        Ok(Scene {
            width,
            height,
            background: Color32::WHITE,
            panel_background: Color32::from_rgb(246, 246, 248),
            edge_colour: Color32::from_rgba_unmultiplied(60, 60, 70, 90),
            text_colour: Color32::from_rgb(30, 30, 36),
            panels,
        })
    }
}
