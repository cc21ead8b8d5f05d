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

/// Links leaving a selected node on a directed graph, and links arriving at it.
pub const OUT_LINK: Color32 = Color32::from_rgb(255, 205, 50);
pub const IN_LINK: Color32 = Color32::from_rgb(70, 165, 245);

/// How the edges are inked.
struct Ink {
    /// Plain edges: the theme's text colour at the opacity the drawing's density calls for.
    plain: [f32; 3],
    alpha: f32,
    /// Edges between selected nodes or on a selected node of an undirected level.
    bright: [f32; 3],
    weighted: bool,
    max_w: f32,
}

/// A premultiplied RGBA image being drawn into.
struct Canvas {
    w: usize,
    h: usize,
    px: Vec<[f32; 4]>,
}

impl Canvas {
    /// A line from `(x0, y0)` to `(x1, y1)` (pixels), `r` pixels either side of its centre.
    fn line(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), r: i32, rgb: [f32; 3], a: f32) {
        let (w, h) = (self.w as i32, self.h as i32);
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        if !steps.is_finite() || steps > 8.0 * (w + h) as f32 {
            return; // far off-screen or degenerate
        }
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        let (pr, pg, pb, pa) = (rgb[0] * a, rgb[1] * a, rgb[2] * a, a);
        let keep = 1.0 - pa;
        for s in 0..=steps as i32 {
            let (x, y) = ((x0 + dx * s as f32) as i32, (y0 + dy * s as f32) as i32);
            for oy in -r..=r {
                for ox in -r..=r {
                    let (xx, yy) = (x + ox, y + oy);
                    if xx < 0 || yy < 0 || xx >= w || yy >= h {
                        continue;
                    }
                    let p = &mut self.px[yy as usize * self.w + xx as usize];
                    p[0] = pr + p[0] * keep;
                    p[1] = pg + p[1] * keep;
                    p[2] = pb + p[2] * keep;
                    p[3] = pa + p[3] * keep;
                }
            }
        }
    }
}

/// Pixels of edge per pixel of canvas below which edges are drawn at the most opaque, and the
/// opacity range: a sparse drawing shows its edges plainly, a dense one (12,000 nodes) keeps
/// them faint enough that its communities show through instead of a solid grey disc.
const COVERAGE_TARGET: f32 = 0.35;
const ALPHA_RANGE: (f32, f32) = (0.025, 0.45);

/// The plain edges' opacity for a drawing whose edges cover `coverage` pixels per canvas
/// pixel, times the user's factor.
pub fn edge_alpha(coverage: f32, factor: f32) -> f32 {
    let a = (COVERAGE_TARGET / coverage.max(1e-6)).clamp(ALPHA_RANGE.0, ALPHA_RANGE.1);
    (a * factor).clamp(0.0, 1.0)
}

/// Draws edges into an RGBA image on the CPU (premultiplied alpha). Software OpenGL (Mesa's
/// llvmpipe) pays per triangle and per tile it crosses, so thousands of thin edge quads cost
/// tens of milliseconds a frame; one textured quad of pre-drawn edges costs almost nothing,
/// and the image is only redrawn when the view, the layout or the highlight changes.
fn rasterise_edges(
    size: [usize; 2],
    scale: f32,
    origin: Pos2,
    t: Transform,
    d: &LevelDrawing,
    ink: &mut Ink,
    edge_opacity: f32,
) -> egui::ColorImage {
    let [w, h] = size;
    let mut canvas = Canvas {
        w,
        h,
        px: vec![[0f32; 4]; w * h],
    };
    // Past this many edges, or this many pixels of edges (a dense pooled level draws long
    // lines across the whole canvas), an even sample is drawn, so a redraw stays within a few
    // milliseconds; a selected node's links are always drawn.
    let to_px = |p: Pos2| ((p.x - origin.x) * scale, (p.y - origin.y) * scale);
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
    // Edge pixels per pixel of the area the nodes occupy (not the whole canvas: a dense
    // ball in the middle of it is what saturates).
    let occupied = {
        let on_screen: Vec<[f32; 2]> = d
            .positions
            .iter()
            .map(|&p| {
                let (x, y) = to_px(t.to_screen(p));
                [x.clamp(0.0, w as f32), y.clamp(0.0, h as f32)]
            })
            .collect();
        crate::layout::bounds(&on_screen).map_or(1.0, |(lo, hi)| {
            f64::from(((hi[0] - lo[0]).max(1.0)) * ((hi[1] - lo[1]).max(1.0)))
        })
    };
    let coverage = (length * stride as f64 / occupied.max((w * h) as f64 * 0.05)) as f32;
    ink.alpha = edge_alpha(coverage, edge_opacity) * d.edge_alpha.clamp(0.0, 1.0);
    if length > MAX_RASTER_PIXELS {
        stride = (stride as f64 * length / MAX_RASTER_PIXELS).ceil() as usize;
    }
    let lit = |i: u32| {
        d.focus
            .map_or(0, |f| f.get(i as usize).copied().unwrap_or(0))
    };
    let filter = |i: u32| {
        d.filtered
            .map_or(0, |f| f.get(i as usize).copied().unwrap_or(0))
    };
    // The selection's links go on top, in a second pass, so other links never hide them.
    let on_top: Vec<usize> = if d.focus.is_some() {
        (0..d.edges.len())
            .filter(|&k| lit(d.edges[k].0) == 2 || lit(d.edges[k].1) == 2)
            .collect()
    } else {
        Vec::new()
    };
    let first = (0..d.edges.len()).filter(|&k| {
        (stride == 1 || k % stride == 0) && !(lit(d.edges[k].0) == 2 || lit(d.edges[k].1) == 2)
    });
    for index in first.chain(on_top) {
        let (u, v, wt) = d.edges[index];
        let (fu, fv) = (lit(u), lit(v));
        let on_selection = fu == 2 || fv == 2;
        let (Some(&a), Some(&b)) = (d.positions.get(u as usize), d.positions.get(v as usize))
        else {
            continue;
        };
        let (hu, hv) = (filter(u), filter(v));
        if hu == 2 || hv == 2 {
            continue;
        }
        let strength = if ink.weighted {
            (wt.abs() / ink.max_w).sqrt()
        } else {
            1.0
        };
        // The selection's own links: bright, and on a directed level coloured by direction.
        let (rgb, mut alpha, extra) = match d.focus {
            None => (ink.plain, ink.alpha, 0.0),
            Some(_) if on_selection => {
                let rgb = if d.arrows && fu == 2 && fv != 2 {
                    OUT_LINK
                } else if d.arrows && fv == 2 && fu != 2 {
                    IN_LINK
                } else {
                    Color32::from_rgb(
                        (ink.bright[0] * 255.0) as u8,
                        (ink.bright[1] * 255.0) as u8,
                        (ink.bright[2] * 255.0) as u8,
                    )
                };
                let [r, g, b, _] = rgb.to_array().map(|c| c as f32 / 255.0);
                ([r, g, b], 0.9, 0.6)
            }
            Some(_) if fu > 0 && fv > 0 => (ink.plain, ink.alpha * 0.6, 0.0),
            Some(_) => (ink.plain, ink.alpha * 0.25, 0.0),
        };
        if ink.weighted {
            alpha *= 0.35 + 0.65 * strength;
        }
        if hu == 1 || hv == 1 {
            alpha *= 0.2;
        }
        let width = if ink.weighted {
            (0.5 + 3.5 * strength + extra) * scale
        } else {
            (1.0 + extra) * scale
        };
        let r = ((width / 2.0).ceil() as i32 - 1).max(0);
        let (sa, sb) = (t.to_screen(a), t.to_screen(b));
        let (p0, p1) = (to_px(sa), to_px(sb));
        canvas.line(p0, p1, r, rgb, alpha);
        if d.arrows {
            // An arrowhead at the target's rim, when the arc is long enough to carry one.
            let radius = d.radii.get(v as usize).copied().unwrap_or(4.0) * scale;
            let head = (3.0 + 0.8 * radius / scale).min(10.0) * scale;
            let (dx, dy) = (p1.0 - p0.0, p1.1 - p0.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len > radius + 3.0 * head {
                let (ux, uy) = (dx / len, dy / len);
                let tip = (p1.0 - ux * (radius + scale), p1.1 - uy * (radius + scale));
                for side in [-1.0f32, 1.0] {
                    let (c, s) = (0.93f32, 0.37 * side); // ±22°
                    let (bx, by) = (-(ux * c - uy * s), -(uy * c + ux * s));
                    canvas.line(tip, (tip.0 + bx * head, tip.1 + by * head), r, rgb, alpha);
                }
            }
        }
    }
    let pixels = canvas
        .px
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
    if let Some(l) = d.focus {
        l.hash(&mut h);
    }
    if let Some(f) = d.filtered {
        f.hash(&mut h);
    }
    (d.arrows, d.edge_opacity.to_bits(), d.edge_alpha.to_bits()).hash(&mut h);
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
        let edge_colour = ui.visuals().text_color();
        let rgb = |c: Color32| {
            let [r, g, b, _] = c.to_array().map(|c| c as f32 / 255.0);
            [r, g, b]
        };
        let mut ink = Ink {
            plain: rgb(edge_colour),
            alpha: 0.0,
            bright: rgb(ui.visuals().strong_text_color()),
            weighted,
            max_w,
        };
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
            let image = rasterise_edges(size, ppp, rect.min, t, d, &mut ink, d.edge_opacity);
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
