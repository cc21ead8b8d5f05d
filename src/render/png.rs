//! The scene as a PNG, drawn on the CPU with vello_cpu (which egui already builds for its glyph
//! rasteriser, so it costs the build nothing) and titled with egui's own fonts, so `render`
//! works with no display and no GPU.

use super::scene::{Scene, entry_text};
use epaint::Color32;
use vello_cpu::kurbo::{Affine, BezPath, Circle, Rect, RoundedRect, Shape, Stroke};
use vello_cpu::{Pixmap, RenderContext, Resources, peniko::Color};

/// Levels with more nodes than this are drawn without outlines, one fill per colour: discs
/// that small do not need them, and one fill per node would dominate the drawing time.
const CROWDED: usize = 5_000;

/// Edges go into paths of at most this many segments.
const MAX_SEGMENTS_PER_PATH: usize = 2048;

fn paint(c: Color32) -> Color {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    Color::from_rgba8(r, g, b, a)
}

/// Edges of equal width go into one path: one stroke call for the thousands of level-0 edges.
fn stroke_edges(ctx: &mut RenderContext, edges: &[super::SceneEdge], colour: Color32) {
    if colour.a() == 0 {
        return;
    }
    let mut widths: Vec<(f32, BezPath)> = Vec::new();
    for e in edges {
        let i = match widths.iter().rposition(|(w, p)| {
            (*w - e.width).abs() < 0.05 && p.elements().len() < 2 * MAX_SEGMENTS_PER_PATH
        }) {
            Some(i) => i,
            None => {
                widths.push((e.width, BezPath::new()));
                widths.len() - 1
            }
        };
        let path = &mut widths[i].1;
        path.move_to((f64::from(e.a[0]), f64::from(e.a[1])));
        path.line_to((f64::from(e.b[0]), f64::from(e.b[1])));
    }
    ctx.set_paint(paint(colour));
    for (width, path) in &widths {
        ctx.set_stroke(Stroke::new(f64::from(*width)));
        ctx.stroke_path(path);
    }
}

/// Group outlines and their numbers: the text colour, half strength.
pub(super) fn outline_colour(scene: &Scene) -> Color32 {
    scene.text_colour.gamma_multiply(0.55)
}

/// Where a group's number goes (the middle of its foot): above its outline's top point, kept
/// inside the panel and below its title, as the window keeps it inside the canvas.
pub(super) fn outline_label_at(ring: &[[f32; 2]], p: &super::Panel, scene: &Scene) -> [f32; 2] {
    let [x, y] = ring
        .iter()
        .copied()
        .min_by(|a, b| a[1].total_cmp(&b[1]))
        .unwrap_or([p.x, p.y]);
    let font = scene.text.legend;
    let header = 6.0 + scene.text.line * (p.title.len() + p.warnings.len()) as f32;
    let (left, right) = (
        p.x + 2.0 * font,
        (p.x + p.w - 2.0 * font).max(p.x + 2.0 * font),
    );
    [x.clamp(left, right), y.max(p.y + header + 1.3 * font)]
}

/// Premultiplied RGBA pixels, 4 bytes for each of [`Scene::pixel_size`]'s pixels.
pub fn rasterise(scene: &Scene) -> Vec<u8> {
    let [pw, ph] = scene.pixel_size();
    let (w, h) = (pw as u16, ph as u16);
    let mut ctx = RenderContext::new(w, h);
    // The scene is in points; one transform draws it at any resolution.
    ctx.set_transform(Affine::scale(f64::from(scene.scale)));
    ctx.set_paint(paint(scene.background));
    ctx.fill_rect(&Rect::new(
        0.0,
        0.0,
        f64::from(scene.width),
        f64::from(scene.height),
    ));
    for p in &scene.panels {
        ctx.set_paint(paint(scene.panel_background));
        ctx.fill_path(
            &RoundedRect::new(
                f64::from(p.x),
                f64::from(p.y),
                f64::from(p.x + p.w),
                f64::from(p.y + p.h),
                4.0,
            )
            .to_path(0.1),
        );
        let with_alpha = |k: f32| {
            let [r, g, b, a] = scene.edge_colour.to_srgba_unmultiplied();
            let a = (f32::from(a) * k).round().clamp(0.0, 255.0) as u8;
            Color32::from_rgba_unmultiplied(r, g, b, a)
        };
        stroke_edges(&mut ctx, &p.edges, with_alpha(p.edge_alpha));
        // The pooled edges fade in a little stronger: there are few of them.
        stroke_edges(&mut ctx, &p.overlay, with_alpha(1.6 * p.overlay_alpha));
        if !p.outlines.is_empty() {
            ctx.set_paint(paint(outline_colour(scene)));
            ctx.set_stroke(Stroke::new(1.5).with_dashes(0.0, [6.0, 4.0]));
            for (_, ring) in &p.outlines {
                let mut path = BezPath::new();
                for (k, q) in ring.iter().enumerate() {
                    let q = (f64::from(q[0]), f64::from(q[1]));
                    if k == 0 {
                        path.move_to(q);
                    } else {
                        path.line_to(q);
                    }
                }
                path.close_path();
                ctx.stroke_path(&path);
            }
        }
        ctx.set_stroke(Stroke::new(0.6));
        let circle =
            |n: &super::SceneNode| Circle::new((f64::from(n.x), f64::from(n.y)), f64::from(n.r));
        if p.nodes.len() <= CROWDED {
            for n in &p.nodes {
                let c = circle(n).to_path(0.25);
                ctx.set_paint(paint(n.colour));
                ctx.fill_path(&c);
                ctx.set_paint(paint(scene.node_outline));
                ctx.stroke_path(&c);
            }
        } else {
            // One path per colour: a fill per colour instead of one per node.
            let mut by_colour: std::collections::HashMap<Color32, BezPath> = Default::default();
            for n in &p.nodes {
                let path = by_colour.entry(n.colour).or_default();
                path.extend(circle(n).path_elements(0.25));
            }
            let mut groups: Vec<(Color32, BezPath)> = by_colour.into_iter().collect();
            groups.sort_by_key(|(c, _)| c.to_array());
            for (colour, path) in &groups {
                ctx.set_paint(paint(*colour));
                ctx.fill_path(path);
            }
        }
    }
    for p in &scene.panels {
        for e in &p.legend {
            if e.entry.colour.a() > 0 {
                ctx.set_paint(paint(e.entry.colour));
                ctx.fill_path(
                    &Circle::new(
                        (f64::from(e.x + scene.text.disc), f64::from(e.y)),
                        f64::from(scene.text.disc),
                    )
                    .to_path(0.25),
                );
            }
        }
    }
    ctx.flush();
    let mut pixmap = Pixmap::new(w, h);
    ctx.render(&mut pixmap, &mut Resources::new());
    let mut bytes = pixmap.data_as_u8_slice().to_vec();
    draw_titles(scene, &mut bytes);
    bytes
}

/// Lays one line of text out with egui's fonts and blends its glyphs from egui's atlas,
/// clipped to `clip_right`.
#[allow(clippy::too_many_arguments)]
fn draw_text(
    fonts: &mut epaint::text::Fonts,
    rgba: &mut [u8],
    [w, h]: [i64; 2],
    text: &str,
    size: f32,
    colour: Color32,
    origin: (f32, f32),
    clip_right: f32,
) {
    let galley = fonts.with_pixels_per_point(1.0).layout_no_wrap(
        text.to_string(),
        epaint::FontId::proportional(size),
        colour,
    );
    let atlas = fonts.image();
    let [tr, tg, tb, _] = colour.to_array().map(u32::from);
    for row in &galley.rows {
        for glyph in &row.row.glyphs {
            let uv = glyph.uv_rect;
            if uv.is_nothing() {
                continue;
            }
            let left = (origin.0 + row.pos.x + glyph.pos.x + uv.offset.x).round() as i64;
            let top = (origin.1 + row.pos.y + glyph.pos.y + uv.offset.y).round() as i64;
            for v in uv.min[1]..uv.max[1] {
                for u in uv.min[0]..uv.max[0] {
                    let (x, y) = (
                        left + i64::from(u - uv.min[0]),
                        top + i64::from(v - uv.min[1]),
                    );
                    if x < 0 || y < 0 || x >= w || y >= h || x as f32 > clip_right {
                        continue;
                    }
                    let Some(texel) = atlas.pixels.get(v as usize * atlas.size[0] + u as usize)
                    else {
                        continue;
                    };
                    let a = u32::from(texel.a());
                    if a == 0 {
                        continue;
                    }
                    let k = (y * w + x) as usize * 4;
                    let px = &mut rgba[k..k + 4];
                    let blend = |dst: u8, src: u32| {
                        ((src * a + u32::from(dst) * (255 - a)) / 255).min(255) as u8
                    };
                    px[0] = blend(px[0], tr);
                    px[1] = blend(px[1], tg);
                    px[2] = blend(px[2], tb);
                    px[3] = blend(px[3], 255);
                }
            }
        }
    }
}

/// The titles, warnings and legend texts (their discs are drawn with the nodes).
fn draw_titles(scene: &Scene, rgba: &mut [u8]) {
    use epaint::text::{FontDefinitions, Fonts, TextOptions};
    let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
    let [pw, ph] = scene.pixel_size();
    let size = [i64::from(pw), i64::from(ph)];
    // Text is laid out at its size in pixels, so it stays sharp at any scale.
    let k = scene.scale;
    if let Some(caption) = &scene.caption {
        let font = scene.text.caption;
        draw_text(
            &mut fonts,
            rgba,
            size,
            caption,
            font * k,
            scene.text_colour,
            (8.0 * k, 0.25 * font * k),
            (scene.width as f32 - 8.0) * k,
        );
    }
    for p in &scene.panels {
        let clip = (p.x + p.w - 4.0) * k;
        let lines = p
            .title
            .iter()
            .map(|t| (t, scene.text_colour, scene.text.title))
            .chain(
                p.warnings
                    .iter()
                    .map(|t| (t, scene.warn_colour, scene.text.warning)),
            );
        for (line, (text, colour, font)) in lines.enumerate() {
            let origin = (p.x + 6.0, p.y + 4.0 + scene.text.line * line as f32);
            let origin = (origin.0 * k, origin.1 * k);
            draw_text(&mut fonts, rgba, size, text, font * k, colour, origin, clip);
        }
        for (g, ring) in &p.outlines {
            let text = format!("group {g}");
            let [x, y] = outline_label_at(ring, p, scene);
            let font = scene.text.legend;
            let origin = ((x - 1.6 * font) * k, (y - 1.25 * font) * k);
            draw_text(
                &mut fonts,
                rgba,
                size,
                &text,
                font * k,
                outline_colour(scene),
                origin,
                clip,
            );
        }
        for e in &p.legend {
            let origin = (
                (e.x + scene.text.legend_text_offset()) * k,
                (e.y - scene.text.legend * 0.62) * k,
            );
            let text = entry_text(&e.entry);
            draw_text(
                &mut fonts,
                rgba,
                size,
                &text,
                scene.text.legend * k,
                scene.text_colour,
                origin,
                clip,
            );
        }
    }
}

/// The scene encoded as a PNG file, its resolution recorded (the pHYs chunk) so a word
/// processor places it at its size in points.
pub fn to_png(scene: &Scene) -> Result<Vec<u8>, String> {
    let mut rgba = rasterise(scene);
    unpremultiply(&mut rgba);
    let [w, h] = scene.pixel_size();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let per_metre = (scene.dpi() / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// PNG stores straight alpha; the rasteriser gives premultiplied. Only a transparent picture
/// has pixels where the two differ.
fn unpremultiply(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        let a = u32::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}
