//! One level drawn in a rectangle: pan, zoom, fit, hover, click, shift-drag box selection and
//! dragging a node to pin it. Nodes and edges go into one mesh each, so thousands of nodes cost
//! two shapes; off-screen nodes and sub-pixel edges are skipped.

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

/// Most edges drawn into the edge image per redraw (see [`rasterise_edges`]).
pub const MAX_RASTER_EDGES: usize = 200_000;
/// Most edge pixels drawn into the edge image per redraw.
const MAX_RASTER_PIXELS: f64 = 6.0e6;

/// Positions, edges and opacity of a level drawn over another (the merge animation).
pub type Overlay<'a> = (&'a [[f32; 2]], &'a [(u32, u32, f32)], f32);

/// What to draw.
pub struct LevelDrawing<'a> {
    pub positions: &'a [[f32; 2]],
    pub edges: &'a [(u32, u32, f32)],
    pub colours: &'a [Color32],
    pub radii: &'a [f32],
    /// Nodes to keep bright; the rest are dimmed. `None`: all bright.
    pub lit: Option<&'a [bool]>,
    /// Normalised assignment entropy (0 hard … 1 uniform), drawn as a ring.
    pub rings: Option<&'a [f32]>,
    /// Edge opacity (fades during the merge animation).
    pub edge_alpha: f32,
    /// The next level's edges fading in during the merge animation: its node positions, its
    /// edges and their opacity.
    pub overlay: Option<Overlay<'a>>,
}

/// What the user did on the canvas this frame.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct CanvasEvents {
    pub hovered: Option<usize>,
    pub clicked: Option<usize>,
    pub clicked_empty: bool,
    pub box_selected: Option<Vec<usize>>,
    /// A node dragged to a new layout position.
    pub dragged: Option<(usize, [f32; 2])>,
}

pub struct GraphCanvas {
    zoom: f32,
    pan: Vec2,
    dragging_node: Option<usize>,
    box_start: Option<Pos2>,
    /// A white disc and a white ring: each node is one textured quad (two triangles) instead
    /// of a fan, which software renderers draw several times faster.
    sprites: Option<(egui::TextureHandle, egui::TextureHandle)>,
    /// The edges of the last frame, redrawn only when their fingerprint changes.
    edge_cache: Option<(u64, egui::TextureHandle)>,
    /// When the edge image was last drawn and how long that took: a big level's edges are
    /// redrawn at most once per eight drawing times while its layout moves, so drawing them
    /// takes at most about an eighth of the UI thread.
    edge_drawn: Option<(std::time::Instant, std::time::Duration)>,
}

impl Default for GraphCanvas {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Vec2::ZERO,
            dragging_node: None,
            box_start: None,
            sprites: None,
            edge_cache: None,
            edge_drawn: None,
        }
    }
}

/// A `size x size` white disc (or a ring with the given inner radius fraction), soft-edged.
fn sprite(size: usize, inner: f32) -> egui::ColorImage {
    let c = (size as f32 - 1.0) / 2.0;
    let pixels = (0..size * size)
        .map(|k| {
            let (x, y) = ((k % size) as f32 - c, (k / size) as f32 - c);
            let r = (x * x + y * y).sqrt() / c;
            let outer = ((1.0 - r) * c).clamp(0.0, 1.0);
            let hole = if inner > 0.0 {
                ((r - inner) * c).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let a = (outer * hole * 255.0) as u8;
            Color32::from_rgba_premultiplied(a, a, a, a)
        })
        .collect();
    egui::ColorImage {
        size: [size, size],
        source_size: Vec2::splat(size as f32),
        pixels,
    }
}

/// Maps layout coordinates into a screen rectangle and back.
#[derive(Clone, Copy)]
pub struct Transform {
    center: Pos2,
    world_center: [f32; 2],
    scale: f32,
}

impl Transform {
    pub fn fit(rect: Rect, positions: &[[f32; 2]], zoom: f32, pan: Vec2) -> Self {
        let (lo, hi) = crate::layout::bounds(positions).unwrap_or(([-1.0; 2], [1.0; 2]));
        let w = (hi[0] - lo[0]).max(1e-6);
        let h = (hi[1] - lo[1]).max(1e-6);
        let margin = 18.0;
        let scale = ((rect.width() - 2.0 * margin).max(4.0) / w)
            .min((rect.height() - 2.0 * margin).max(4.0) / h);
        Self {
            center: rect.center() + pan,
            world_center: [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0],
            scale: scale * zoom,
        }
    }

    pub fn to_screen(self, p: [f32; 2]) -> Pos2 {
        pos2(
            self.center.x + (p[0] - self.world_center[0]) * self.scale,
            self.center.y + (p[1] - self.world_center[1]) * self.scale,
        )
    }

    pub fn to_world(self, p: Pos2) -> [f32; 2] {
        [
            (p.x - self.center.x) / self.scale + self.world_center[0],
            (p.y - self.center.y) / self.scale + self.world_center[1],
        ]
    }
}

/// Draws edges into an RGBA image on the CPU (premultiplied alpha). Software OpenGL (Mesa's
/// llvmpipe) pays per triangle and per tile it crosses, so thousands of thin edge quads cost
/// tens of milliseconds a frame; one textured quad of pre-drawn edges costs almost nothing,
/// and the image is only redrawn when the view, the layout or the highlight changes.
#[allow(clippy::too_many_arguments)]
fn rasterise_edges(
    size: [usize; 2],
    scale: f32,
    origin: Pos2,
    t: Transform,
    d: &LevelDrawing,
    colour: Color32,
    dim: f32,
    weighted: bool,
    max_w: f32,
) -> egui::ColorImage {
    let [w, h] = size;
    let mut px = vec![[0f32; 4]; w * h];
    let [cr, cg, cb, ca] = colour.to_array().map(|c| c as f32 / 255.0);
    // Past this many edges, or this many pixels of edges (a dense pooled level draws long
    // lines across the whole canvas), an even sample is drawn, so a redraw stays within a few
    // milliseconds.
    let mut stride = d.edges.len().div_ceil(MAX_RASTER_EDGES).max(1);
    let length: f64 = d
        .edges
        .iter()
        .step_by(stride)
        .filter_map(|&(u, v, _)| {
            let (a, b) = (d.positions.get(u as usize)?, d.positions.get(v as usize)?);
            let (a, b) = (t.to_screen(*a), t.to_screen(*b));
            let l =
                f64::from(((a.x - b.x).abs().max((a.y - b.y).abs()) * scale).min((w + h) as f32));
            l.is_finite().then_some(l)
        })
        .sum();
    if length > MAX_RASTER_PIXELS {
        stride = (stride as f64 * length / MAX_RASTER_PIXELS).ceil() as usize;
    }
    for (index, &(u, v, wt)) in d.edges.iter().enumerate() {
        if stride > 1 && index % stride != 0 {
            continue;
        }
        let (Some(&a), Some(&b)) = (d.positions.get(u as usize), d.positions.get(v as usize))
        else {
            continue;
        };
        let lit = d.lit.is_none_or(|l| {
            l.get(u as usize).copied().unwrap_or(false)
                && l.get(v as usize).copied().unwrap_or(false)
        });
        let k = if lit { 1.0 } else { dim };
        let (a, b) = (t.to_screen(a), t.to_screen(b));
        let (x0, y0) = ((a.x - origin.x) * scale, (a.y - origin.y) * scale);
        let (x1, y1) = ((b.x - origin.x) * scale, (b.y - origin.y) * scale);
        let width = if weighted {
            (0.5 + 3.5 * (wt.abs() / max_w).sqrt()) * scale
        } else {
            scale
        };
        let r = ((width / 2.0).ceil() as i32 - 1).max(0);
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        if !steps.is_finite() || steps > 8.0 * (w + h) as f32 {
            continue; // far off-screen or degenerate
        }
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        let (pr, pg, pb, pa) = (cr * k, cg * k, cb * k, ca * k);
        let keep = 1.0 - pa;
        for s in 0..=steps as i32 {
            let (x, y) = ((x0 + dx * s as f32) as i32, (y0 + dy * s as f32) as i32);
            for oy in -r..=r {
                for ox in -r..=r {
                    let (xx, yy) = (x + ox, y + oy);
                    if xx < 0 || yy < 0 || xx >= w as i32 || yy >= h as i32 {
                        continue;
                    }
                    let p = &mut px[yy as usize * w + xx as usize];
                    p[0] = pr + p[0] * keep;
                    p[1] = pg + p[1] * keep;
                    p[2] = pb + p[2] * keep;
                    p[3] = pa + p[3] * keep;
                }
            }
        }
    }
    let pixels = px
        .into_iter()
        .map(|p| {
            Color32::from_rgba_premultiplied(
                (p[0] * 255.0) as u8,
                (p[1] * 255.0) as u8,
                (p[2] * 255.0) as u8,
                (p[3] * 255.0) as u8,
            )
        })
        .collect();
    egui::ColorImage {
        size,
        source_size: Vec2::new(w as f32, h as f32),
        pixels,
    }
}

/// A cheap fingerprint of everything the edge image depends on.
fn edge_key(rect: Rect, t: Transform, d: &LevelDrawing, colour: Color32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for v in [
        rect.min.x,
        rect.min.y,
        rect.max.x,
        rect.max.y,
        t.center.x,
        t.center.y,
        t.world_center[0],
        t.world_center[1],
        t.scale,
    ] {
        v.to_bits().hash(&mut h);
    }
    colour.to_array().hash(&mut h);
    d.edges.len().hash(&mut h);
    for p in d.positions {
        p[0].to_bits().hash(&mut h);
        p[1].to_bits().hash(&mut h);
    }
    if let Some(l) = d.lit {
        l.hash(&mut h);
    }
    h.finish()
}

impl GraphCanvas {
    pub fn fit(&mut self) {
        self.zoom = 1.0;
        self.pan = Vec2::ZERO;
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        size: Vec2,
        d: &LevelDrawing,
    ) -> (egui::Response, CanvasEvents) {
        let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
        let rect = response.rect;
        let mut ev = CanvasEvents::default();
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        let t = Transform::fit(rect, d.positions, self.zoom, self.pan);
        let pointer = response.hover_pos();
        let nearest = |p: Pos2| -> Option<usize> {
            let mut best: Option<(usize, f32)> = None;
            for (i, &q) in d.positions.iter().enumerate() {
                let dist = p.distance(t.to_screen(q));
                let r = d.radii.get(i).copied().unwrap_or(4.0);
                if dist <= r + 3.0 && best.is_none_or(|(_, b)| dist < b) {
                    best = Some((i, dist));
                }
            }
            best.map(|b| b.0)
        };
        ev.hovered = pointer.and_then(nearest);
        let shift = ui.input(|i| i.modifiers.shift);
        if response.drag_started() {
            let start = response.interact_pointer_pos();
            if shift {
                self.box_start = start;
            } else {
                self.dragging_node = start.and_then(nearest);
            }
        }
        if response.dragged() {
            if let (Some(node), Some(p)) = (self.dragging_node, response.interact_pointer_pos()) {
                ev.dragged = Some((node, t.to_world(p)));
            } else if self.box_start.is_none() {
                self.pan += response.drag_delta();
            }
        }
        if let (Some(start), Some(now)) = (self.box_start, response.interact_pointer_pos()) {
            let r = Rect::from_two_pos(start, now);
            painter.rect_stroke(
                r,
                0.0,
                Stroke::new(1.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
            if response.drag_stopped() {
                let inside: Vec<usize> = d
                    .positions
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| r.contains(t.to_screen(**p)))
                    .map(|(i, _)| i)
                    .collect();
                ev.box_selected = Some(inside);
            }
        }
        if response.drag_stopped() {
            self.dragging_node = None;
            self.box_start = None;
        }
        if response.clicked() {
            match ev.hovered {
                Some(i) => ev.clicked = Some(i),
                None => ev.clicked_empty = true,
            }
        }
        if response.double_clicked() {
            self.fit();
        }
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            if scroll != 0.0 {
                let factor = (scroll * 0.002).exp();
                if let Some(p) = pointer {
                    let c = rect.center() + self.pan;
                    self.pan += (p - c) * (1.0 - factor);
                }
                self.zoom = (self.zoom * factor).clamp(0.05, 200.0);
            }
        }

        let dim = |c: Color32, i: usize| match d.lit {
            Some(lit) if !lit.get(i).copied().unwrap_or(false) => c.gamma_multiply(0.18),
            _ => c,
        };
        let visible = rect.expand(20.0);
        let max_w = d
            .edges
            .iter()
            .map(|e| e.2.abs())
            .fold(0.0f32, f32::max)
            .max(1e-9);
        let min_w = d
            .edges
            .iter()
            .map(|e| e.2.abs())
            .fold(f32::INFINITY, f32::min);
        let weighted = min_w < max_w * 0.999;
        // Many edges: fainter, so communities stay visible through them.
        let density = (d.edges.len() as f32 / d.positions.len().max(1) as f32).max(1.0);
        let alpha = (0.5 / density.sqrt()).clamp(0.08, 0.4);
        let edge_colour = ui
            .visuals()
            .text_color()
            .gamma_multiply(alpha * d.edge_alpha.clamp(0.0, 1.0));
        let ppp = ui.ctx().pixels_per_point();
        let size = [
            ((rect.width() * ppp) as usize).max(1),
            ((rect.height() * ppp) as usize).max(1),
        ];
        let key = edge_key(rect, t, d, edge_colour);
        let stale = self
            .edge_cache
            .as_ref()
            .is_none_or(|(k, tex)| *k != key || tex.size() != size);
        let wait = self
            .edge_drawn
            .map_or(std::time::Duration::ZERO, |(at, cost)| {
                (cost * 8).saturating_sub(at.elapsed())
            });
        let resized = self
            .edge_cache
            .as_ref()
            .is_some_and(|(_, tex)| tex.size() != size);
        if stale && !wait.is_zero() && !resized {
            // Keep the previous image a little longer; come back when it is due.
            ui.ctx().request_repaint_after(wait);
        } else if stale && !d.edges.is_empty() {
            let started = std::time::Instant::now();
            let image = rasterise_edges(
                size,
                ppp,
                rect.min,
                t,
                d,
                edge_colour,
                0.25,
                weighted,
                max_w,
            );
            match &mut self.edge_cache {
                Some((k, tex)) => {
                    tex.set(image, egui::TextureOptions::LINEAR);
                    *k = key;
                }
                None => {
                    let tex =
                        ui.ctx()
                            .load_texture("level-edges", image, egui::TextureOptions::LINEAR);
                    self.edge_cache = Some((key, tex));
                }
            }
            self.edge_drawn = Some((std::time::Instant::now(), started.elapsed()));
        }
        if let Some((_, tex)) = &self.edge_cache
            && !d.edges.is_empty()
        {
            painter.image(
                tex.id(),
                rect,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        if let Some((up, up_edges, alpha)) = d.overlay {
            let max_up = up_edges.iter().map(|e| e.2.abs()).fold(1e-9f32, f32::max);
            let colour = ui
                .visuals()
                .text_color()
                .gamma_multiply(0.6 * alpha.clamp(0.0, 1.0));
            for &(u, v, w) in up_edges {
                if let (Some(&a), Some(&b)) = (up.get(u as usize), up.get(v as usize)) {
                    let width = 0.5 + 3.5 * (w.abs() / max_up).sqrt();
                    painter
                        .line_segment([t.to_screen(a), t.to_screen(b)], Stroke::new(width, colour));
                }
            }
        }
        let (disc, ring) = self.sprites.get_or_insert_with(|| {
            let ctx = ui.ctx();
            (
                ctx.load_texture("node-disc", sprite(64, 0.0), egui::TextureOptions::LINEAR),
                ctx.load_texture("node-ring", sprite(64, 0.72), egui::TextureOptions::LINEAR),
            )
        });
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        let mut rings = Mesh::with_texture(ring.id());
        let mut nodes = Mesh::with_texture(disc.id());
        let ring_colour = ui.visuals().strong_text_color();
        for (i, &p) in d.positions.iter().enumerate() {
            let s = t.to_screen(p);
            if !visible.contains(s) {
                continue;
            }
            let r = d.radii.get(i).copied().unwrap_or(4.0);
            if let Some(e) = d
                .rings
                .and_then(|rings| rings.get(i))
                .filter(|e| **e > 0.05)
            {
                let rr = r + 1.0 + 3.0 * e;
                rings.add_rect_with_uv(
                    Rect::from_center_size(s, Vec2::splat(2.0 * rr)),
                    uv,
                    dim(ring_colour, i),
                );
            }
            let colour = dim(d.colours.get(i).copied().unwrap_or(Color32::GRAY), i);
            nodes.add_rect_with_uv(Rect::from_center_size(s, Vec2::splat(2.0 * r)), uv, colour);
        }
        painter.add(Shape::mesh(rings));
        painter.add(Shape::mesh(nodes));
        if let Some(i) = ev.hovered.or(self.dragging_node)
            && let Some(&p) = d.positions.get(i)
        {
            let r = d.radii.get(i).copied().unwrap_or(4.0);
            painter.circle_stroke(
                t.to_screen(p),
                r + 2.5,
                Stroke::new(2.0, ui.visuals().strong_text_color()),
            );
        }
        (response, ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_round_trips() {
        let rect = Rect::from_min_size(pos2(10.0, 20.0), Vec2::new(300.0, 200.0));
        let t = Transform::fit(rect, &[[0.0, 0.0], [10.0, 5.0]], 1.5, Vec2::new(3.0, -2.0));
        let w = t.to_world(t.to_screen([4.0, 1.0]));
        assert!((w[0] - 4.0).abs() < 1e-4 && (w[1] - 1.0).abs() < 1e-4);
        assert!(
            rect.contains(
                Transform::fit(rect, &[[0.0, 0.0], [10.0, 5.0]], 1.0, Vec2::ZERO)
                    .to_screen([10.0, 5.0])
            )
        );
    }
}
