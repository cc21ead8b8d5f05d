//! A level's edges as one image drawn on the CPU and shown as a single textured quad, redrawn
//! only when the view, the layout or the highlight changes, and for a big level at most once per
//! eight drawing times while its layout moves.

use super::drawing::LevelDrawing;
use super::transform::Transform;
use eframe::egui::{self, Color32, Pos2, Rect, Vec2, pos2};
use std::time::{Duration, Instant};

/// Most edges drawn into the edge image per redraw (see [`rasterise_edges`]).
pub const MAX_RASTER_EDGES: usize = 200_000;
/// Most edge pixels drawn into the edge image per redraw.
const MAX_RASTER_PIXELS: f64 = 6.0e6;

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
    for v in [rect.min.x, rect.min.y, rect.max.x, rect.max.y] {
        v.to_bits().hash(&mut h);
    }
    t.hash_into(&mut h);
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

/// The edge image of one canvas, kept between frames.
#[derive(Default)]
pub struct EdgeImage {
    /// The image of the last redraw and the fingerprint it was drawn for.
    cache: Option<(u64, egui::TextureHandle)>,
    /// When the image was last drawn and how long that took.
    drawn: Option<(Instant, Duration)>,
}

impl EdgeImage {
    /// Paints the edges of `d` under transform `t` into `rect`, redrawing the image if due.
    pub fn paint(
        &mut self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        rect: Rect,
        t: Transform,
        d: &LevelDrawing,
    ) {
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
            .cache
            .as_ref()
            .is_none_or(|(k, tex)| *k != key || tex.size() != size);
        let wait = self.drawn.map_or(Duration::ZERO, |(at, cost)| {
            (cost * 8).saturating_sub(at.elapsed())
        });
        let resized = self
            .cache
            .as_ref()
            .is_some_and(|(_, tex)| tex.size() != size);
        if stale && !wait.is_zero() && !resized {
            // Keep the previous image a little longer; come back when it is due.
            ui.ctx().request_repaint_after(wait);
        } else if stale && !d.edges.is_empty() {
            let started = Instant::now();
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
            match &mut self.cache {
                Some((k, tex)) => {
                    tex.set(image, egui::TextureOptions::LINEAR);
                    *k = key;
                }
                None => {
                    let tex =
                        ui.ctx()
                            .load_texture("level-edges", image, egui::TextureOptions::LINEAR);
                    self.cache = Some((key, tex));
                }
            }
            self.drawn = Some((Instant::now(), started.elapsed()));
        }
        if let Some((_, tex)) = &self.cache
            && !d.edges.is_empty()
        {
            painter.image(
                tex.id(),
                rect,
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
    }
}
