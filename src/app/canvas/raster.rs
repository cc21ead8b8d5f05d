//! A level drawn on the CPU into one image: its edges always, and its nodes too when the level
//! is too big for one quad per node. Software OpenGL (Mesa's llvmpipe) pays per triangle and
//! per tile it crosses, so thousands of thin edge quads or 100,000 node quads cost tens of
//! milliseconds a frame; one textured quad of pre-drawn pixels costs almost nothing. The
//! scene is owned, so a big level can be drawn on a worker thread while the UI goes on.

use super::transform::Transform;
use eframe::egui::{self, Color32, Pos2, Vec2};

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

impl Canvas {
    /// A soft-edged disc of radius `r` pixels centred at `(cx, cy)`, or a ring when `inner`
    /// (a fraction of `r`) is above 0, as the window's node sprites; `c` is premultiplied.
    fn disc(&mut self, (cx, cy): (f32, f32), r: f32, inner: f32, c: Color32) {
        if c.a() == 0 || r.is_nan() || r <= 0.0 || !cx.is_finite() || !cy.is_finite() {
            return;
        }
        let (w, h) = (self.w as f32, self.h as f32);
        if cx + r < 0.0 || cy + r < 0.0 || cx - r > w || cy - r > h {
            return;
        }
        let [pr, pg, pb, pa] = c.to_array().map(|v| v as f32 / 255.0);
        let (x0, x1) = (
            (cx - r).floor().max(0.0) as usize,
            ((cx + r).ceil().min(w)) as usize,
        );
        let (y0, y1) = (
            (cy - r).floor().max(0.0) as usize,
            ((cy + r).ceil().min(h)) as usize,
        );
        let hole = inner * r;
        for y in y0..y1 {
            let dy = y as f32 + 0.5 - cy;
            for x in x0..x1 {
                let dx = x as f32 + 0.5 - cx;
                let d = (dx * dx + dy * dy).sqrt();
                let mut cover = (r - d).clamp(0.0, 1.0);
                if inner > 0.0 {
                    cover *= (d - hole).clamp(0.0, 1.0);
                }
                if cover <= 0.0 {
                    continue;
                }
                let p = &mut self.px[y * self.w + x];
                let keep = 1.0 - pa * cover;
                p[0] = pr * cover + p[0] * keep;
                p[1] = pg * cover + p[1] * keep;
                p[2] = pb * cover + p[2] * keep;
                p[3] = pa * cover + p[3] * keep;
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

/// What one image shows, owned so that it can travel to a worker thread.
#[derive(Clone)]
pub struct Scene {
    /// Pixels of the image, and pixels per point.
    pub size: [usize; 2],
    pub ppp: f32,
    /// The canvas' top-left corner in screen points, and the mapping the scene is drawn with.
    pub origin: Pos2,
    pub t: Transform,
    pub positions: Vec<[f32; 2]>,
    pub edges: Vec<(u32, u32, f32)>,
    /// Radii in points (arrowheads stop at the rim; discs when nodes are drawn).
    pub radii: Vec<f32>,
    /// As [`super::LevelDrawing`]'s fields of the same names.
    pub focus: Option<Vec<u8>>,
    pub filtered: Option<Vec<u8>>,
    pub arrows: bool,
    pub edge_opacity: f32,
    pub edge_alpha: f32,
    /// The theme's edge colour and the selection's.
    pub plain: Color32,
    pub bright: Color32,
    /// The nodes, when the level is drawn whole into the image.
    pub nodes: Option<NodeInk>,
}

/// Each node's disc colour, already dimmed for the selection and filters (fully transparent:
/// not drawn), and its entropy ring as (radius in points, colour), radius 0 for none.
#[derive(Clone, Default)]
pub struct NodeInk {
    pub colours: Vec<Color32>,
    pub rings: Vec<(f32, Color32)>,
}

#[cfg(test)]
impl Scene {
    /// A scene for tests: `positions` under `t` in `rect` (one pixel per point), the edge
    /// 0–1 in white, every node of `radius`, nothing selected or filtered.
    pub fn for_test(
        rect: eframe::egui::Rect,
        t: Transform,
        positions: Vec<[f32; 2]>,
        radius: f32,
        nodes: Option<NodeInk>,
    ) -> Self {
        Self {
            size: [rect.width() as usize, rect.height() as usize],
            ppp: 1.0,
            origin: rect.min,
            t,
            radii: vec![radius; positions.len()],
            positions,
            edges: vec![(0, 1, 1.0)],
            focus: None,
            filtered: None,
            arrows: false,
            edge_opacity: 1.0,
            edge_alpha: 1.0,
            plain: Color32::WHITE,
            bright: Color32::WHITE,
            nodes,
        }
    }
}

fn rgb(c: Color32) -> [f32; 3] {
    let [r, g, b, _] = c.to_array().map(|c| c as f32 / 255.0);
    [r, g, b]
}

/// Draws the scene into an RGBA image (premultiplied alpha), cropped to what is inked: the
/// image and where its top-left pixel sits in the canvas.
pub fn rasterise(d: &Scene) -> (egui::ColorImage, [usize; 2]) {
    let (size, scale, origin, t) = (d.size, d.ppp, d.origin, d.t);
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
    let mut ink = Ink {
        plain: rgb(d.plain),
        alpha: 0.0,
        bright: rgb(d.bright),
        weighted: min_w < max_w * 0.999,
        max_w,
    };
    let ink = &mut ink;
    let edge_opacity = d.edge_opacity;
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
            .as_deref()
            .map_or(0, |f| f.get(i as usize).copied().unwrap_or(0))
    };
    let filter = |i: u32| {
        d.filtered
            .as_deref()
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
    if let Some(nodes) = &d.nodes {
        for (i, &p) in d.positions.iter().enumerate() {
            let (x, y) = to_px(t.to_screen(p));
            let r = d.radii.get(i).copied().unwrap_or(4.0) * scale;
            if let Some(&(rr, c)) = nodes.rings.get(i)
                && rr > 0.0
            {
                canvas.disc((x, y), rr * scale, 0.72, c);
            }
            if let Some(&c) = nodes.colours.get(i) {
                canvas.disc((x, y), r, 0.0, c);
            }
        }
    }
    crop(&canvas)
}

/// The canvas' pixels within the smallest rectangle holding every inked one, and that
/// rectangle's top-left corner: a level in the middle of its canvas is then a small quad for
/// the renderer to fill and a small texture to upload, not the whole canvas.
fn crop(canvas: &Canvas) -> (egui::ColorImage, [usize; 2]) {
    let (w, h) = (canvas.w, canvas.h);
    let inked = |x: usize, y: usize| canvas.px[y * w + x][3] > 0.5 / 255.0;
    let rows: Vec<usize> = (0..h).filter(|&y| (0..w).any(|x| inked(x, y))).collect();
    let (Some(&y0), Some(&y1)) = (rows.first(), rows.last()) else {
        return (
            egui::ColorImage::filled([1, 1], Color32::TRANSPARENT),
            [0, 0],
        );
    };
    let x0 = (0..w)
        .find(|&x| (y0..=y1).any(|y| inked(x, y)))
        .unwrap_or(0);
    let x1 = (0..w)
        .rev()
        .find(|&x| (y0..=y1).any(|y| inked(x, y)))
        .unwrap_or(w - 1);
    let (cw, ch) = (x1 - x0 + 1, y1 - y0 + 1);
    let mut pixels = Vec::with_capacity(cw * ch);
    for y in y0..=y1 {
        pixels.extend(canvas.px[y * w + x0..=y * w + x1].iter().map(|p| {
            Color32::from_rgba_premultiplied(
                (p[0] * 255.0) as u8,
                (p[1] * 255.0) as u8,
                (p[2] * 255.0) as u8,
                (p[3] * 255.0) as u8,
            )
        }));
    }
    let image = egui::ColorImage {
        size: [cw, ch],
        source_size: Vec2::new(cw as f32, ch as f32),
        pixels,
    };
    (image, [x0, y0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Rect, pos2, vec2};

    fn scene(nodes: Option<NodeInk>) -> Scene {
        let rect = Rect::from_min_size(pos2(10.0, 20.0), vec2(120.0, 80.0));
        let positions = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 5.0]];
        let t = Transform::fit(rect, &positions, 1.0, Vec2::ZERO);
        Scene::for_test(rect, t, positions, 5.0, nodes)
    }

    /// The pixel at screen point `p` of an image cropped at `offset` (ppp 1).
    fn at(s: &Scene, image: &egui::ColorImage, offset: [usize; 2], p: Pos2) -> Color32 {
        let x = (p.x - s.origin.x) as usize - offset[0];
        let y = (p.y - s.origin.y) as usize - offset[1];
        image.pixels[y * image.size[0] + x]
    }

    #[test]
    fn nodes_are_drawn_in_their_colours_where_the_view_puts_them() {
        let ink = NodeInk {
            colours: vec![Color32::RED, Color32::TRANSPARENT, Color32::BLUE],
            rings: vec![(0.0, Color32::TRANSPARENT); 3],
        };
        let s = scene(Some(ink));
        let (image, offset) = rasterise(&s);
        let centre = |i: usize| s.t.to_screen(s.positions[i]);
        assert_eq!(at(&s, &image, offset, centre(0)), Color32::RED);
        assert_eq!(at(&s, &image, offset, centre(2)), Color32::BLUE);
        // A transparent node is not drawn: its centre shows only the edge ending there.
        let hidden = at(&s, &image, offset, centre(1));
        assert!(hidden.r() == hidden.b() && hidden.a() < 255, "{hidden:?}");
        // Without node ink only the edge is drawn, in the theme's colour.
        let (edges_only, o2) = rasterise(&scene(None));
        let p = at(&s, &edges_only, o2, centre(0));
        assert!(p.r() == p.g() && p.g() == p.b() && p.a() > 0, "{p:?}");
    }

    #[test]
    fn the_image_is_cropped_to_what_is_inked() {
        let s = scene(Some(NodeInk {
            colours: vec![Color32::RED; 3],
            rings: Vec::new(),
        }));
        let (image, offset) = rasterise(&s);
        // The drawing spans the fitted bounding box plus the discs' radius, not the canvas.
        let lo = s.t.to_screen([0.0, 0.0]);
        let hi = s.t.to_screen([10.0, 5.0]);
        let expect_w = (hi.x - lo.x + 10.0) as usize;
        assert!(
            image.size[0].abs_diff(expect_w) <= 2,
            "{:?} vs {expect_w}",
            image.size
        );
        assert!(
            image.size[1] < 80 && offset[1] > 0,
            "{:?} {offset:?}",
            image.size
        );
        assert!(image.pixels.iter().any(|p| p.a() == 255));
        // Nothing inked: a single transparent pixel.
        let mut empty = scene(None);
        empty.edges.clear();
        let (image, _) = rasterise(&empty);
        assert_eq!(image.size, [1, 1]);
        assert_eq!(image.pixels[0], Color32::TRANSPARENT);
    }
}
