//! The scene as SVG: one `<g class="level">` per level holding its title, its edges as one
//! path and one `<circle>` per node with a tooltip, so the file stays editable in Inkscape or
//! Illustrator and each node can be found by its id.

use super::scene::{Scene, SceneEdge, entry_text};
use crate::io::xml_escape as escape;
use epaint::Color32;
use std::fmt::Write;

fn hex(c: Color32) -> String {
    let [r, g, b, _] = c.to_srgba_unmultiplied();
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn opacity(c: Color32) -> f32 {
    c.to_srgba_unmultiplied()[3] as f32 / 255.0
}

/// `edges` as paths, one per width, in `colour` at `alpha` times its own opacity.
fn edge_paths(s: &mut String, edges: &[SceneEdge], colour: Color32, alpha: f32, class: &str) {
    if alpha <= 0.0 {
        return;
    }
    let mut by_width: Vec<(f32, String)> = Vec::new();
    for e in edges {
        let d = match by_width
            .iter_mut()
            .position(|(w, _)| (*w - e.width).abs() < 0.05)
        {
            Some(i) => &mut by_width[i].1,
            None => {
                by_width.push((e.width, String::new()));
                let last = by_width.len() - 1;
                &mut by_width[last].1
            }
        };
        let _ = write!(
            d,
            "M{:.1} {:.1}L{:.1} {:.1}",
            e.a[0], e.a[1], e.b[0], e.b[1]
        );
    }
    for (w, d) in by_width {
        let _ = writeln!(
            s,
            r#"<path class="{class}" fill="none" stroke="{}" stroke-opacity="{:.2}" stroke-width="{w:.2}" stroke-linecap="round" d="{d}"/>"#,
            hex(colour),
            (opacity(colour) * alpha).min(1.0)
        );
    }
}

pub fn to_svg(scene: &Scene) -> String {
    let mut s = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"#,
        w = scene.width,
        h = scene.height
    );
    // A transparent picture has no background shapes at all, so it sits on any slide.
    if scene.background.a() > 0 {
        let _ = writeln!(
            s,
            r#"<rect class="background" width="100%" height="100%" fill="{}"/>"#,
            hex(scene.background)
        );
    }
    if let Some(caption) = &scene.caption {
        let _ = writeln!(
            s,
            r#"<text class="caption" x="{:.1}" y="{:.1}" font-size="{:.1}" font-weight="bold" fill="{}">{}</text>"#,
            8.0,
            scene.text.caption * 1.15,
            scene.text.caption,
            hex(scene.text_colour),
            escape(caption)
        );
    }
    for p in &scene.panels {
        let id = match &p.row {
            Some(row) => format!("{}-level-{}", escape(row), p.level),
            None => format!("level-{}", p.level),
        };
        let _ = writeln!(s, r#"<g class="level" id="{id}">"#);
        if scene.panel_background.a() > 0 {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{}"/>"#,
                p.x,
                p.y,
                p.w,
                p.h,
                hex(scene.panel_background)
            );
        }
        // The title and warnings as the scene wrapped them: text stays text, one line each.
        let lines = p
            .title
            .iter()
            .map(|t| {
                (
                    t,
                    scene.text_colour,
                    r#" font-weight="bold""#,
                    scene.text.title,
                )
            })
            .chain(
                p.warnings
                    .iter()
                    .map(|t| (t, scene.warn_colour, "", scene.text.warning)),
            );
        for (k, (text, colour, weight, size)) in lines.enumerate() {
            let _ = writeln!(
                s,
                r#"<text class="title" x="{:.1}" y="{:.1}" font-size="{size:.1}"{weight} fill="{}">{}</text>"#,
                p.x + 6.0,
                p.y + 4.0 + scene.text.title * 0.92 + scene.text.line * k as f32,
                hex(colour),
                escape(text)
            );
        }
        // Edges of equal width share one path; weighted levels have few edges.
        edge_paths(&mut s, &p.edges, scene.edge_colour, p.edge_alpha, "edges");
        if p.overlay_alpha > 0.0 {
            edge_paths(
                &mut s,
                &p.overlay,
                scene.edge_colour,
                1.6 * p.overlay_alpha,
                "pooled-edges",
            );
        }
        if !p.outlines.is_empty() {
            let colour = super::png::outline_colour(scene);
            let _ = writeln!(
                s,
                r#"<g class="groups" fill="none" stroke="{}" stroke-opacity="{:.2}" stroke-width="1.5" stroke-dasharray="6 4">"#,
                hex(colour),
                opacity(colour)
            );
            for (g, ring) in &p.outlines {
                let points: Vec<String> = ring
                    .iter()
                    .map(|q| format!("{:.1},{:.1}", q[0], q[1]))
                    .collect();
                let _ = writeln!(
                    s,
                    r#"<polygon points="{}"><title>group {g}</title></polygon>"#,
                    points.join(" ")
                );
            }
            for (g, ring) in &p.outlines {
                let [x, y] = super::png::outline_label_at(ring, p, scene);
                let _ = writeln!(
                    s,
                    r#"<text x="{x:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle" fill="{}" fill-opacity="{:.2}" stroke="none">group {g}</text>"#,
                    y - 3.0,
                    scene.text.legend,
                    hex(colour),
                    opacity(colour)
                );
            }
            s.push_str("</g>\n");
        }
        let _ = writeln!(
            s,
            r#"<g class="nodes" stroke="{}" stroke-width="0.6">"#,
            hex(scene.node_outline)
        );
        for n in &p.nodes {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{}"><title>{}</title></circle>"#,
                n.x,
                n.y,
                n.r,
                hex(n.colour),
                escape(&n.label)
            );
        }
        s.push_str("</g>\n");
        if !p.legend.is_empty() {
            s.push_str("<g class=\"legend\">\n");
            for e in &p.legend {
                if e.entry.colour.a() > 0 {
                    // A round swatch (a rect, so every <circle> in the file is a node).
                    let _ = writeln!(
                        s,
                        r#"<rect class="swatch" x="{:.1}" y="{:.1}" width="{d:.1}" height="{d:.1}" rx="{r:.1}" fill="{}"/>"#,
                        e.x,
                        e.y - scene.text.disc,
                        hex(e.entry.colour),
                        d = 2.0 * scene.text.disc,
                        r = scene.text.disc,
                    );
                }
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{}">{}</text>"#,
                    e.x + scene.text.legend_text_offset(),
                    e.y + scene.text.legend / 3.0,
                    scene.text.legend,
                    hex(scene.text_colour),
                    escape(&entry_text(&e.entry))
                );
            }
            s.push_str("</g>\n");
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}
