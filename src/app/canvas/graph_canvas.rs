//! One level drawn in a rectangle: pan, zoom, fit, hover, click, shift-drag box selection and
//! dragging a node to pin it. Nodes go into one mesh of textured quads and edges into one image,
//! so thousands of nodes cost two shapes; off-screen nodes are skipped.

use super::drawing::{CanvasEvents, LevelDrawing};
use super::level_image::{Keys, LevelImage};
use super::raster::{IN_LINK, NodeInk, OUT_LINK, Scene};
use super::transform::Transform;
use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};
use std::sync::Arc;

/// Node names drawn per canvas at most.
const MAX_NAMES: usize = 400;

pub struct GraphCanvas {
    zoom: f32,
    pan: Vec2,
    dragging_node: Option<usize>,
    box_start: Option<Pos2>,
    /// A white disc and a white ring: each node is one textured quad (two triangles) instead
    /// of a fan, which software renderers draw several times faster.
    sprites: Option<(egui::TextureHandle, egui::TextureHandle)>,
    /// The edges (and a big level's nodes), drawn into an image that is redrawn only when it
    /// must be.
    image: LevelImage,
    /// Height of the legend under the canvas last frame (the canvas leaves it room).
    pub legend_height: f32,
    /// Nodes to bring into view on the next frame (a search result and its neighbours).
    zoom_to: Option<Vec<usize>>,
    /// The legend last computed and what it was computed for: it counts every node of the
    /// level, 5% of a frame at a million nodes, and changes only with what it is keyed on.
    legend: Kept<LegendKey, Vec<crate::render::LegendEntry>>,
    /// The nodes' colours and radii, kept the same way: computed every frame they took a
    /// tenth of the UI thread's time on a million nodes.
    styles: Kept<StyleKey, Arc<NodeStyle>>,
}

/// A value and the key it was computed for, computed again only for another key.
pub struct Kept<K, V>(Option<(K, V)>);

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Self(None)
    }
}

impl<K: PartialEq, V: Clone> Kept<K, V> {
    /// The value kept if it was computed for `key`, else `compute`'s (then kept).
    pub fn get(&mut self, key: K, compute: impl FnOnce() -> V) -> V {
        match &self.0 {
            Some((k, v)) if *k == key => v.clone(),
            _ => {
                let v = compute();
                self.0 = Some((key, v.clone()));
                v
            }
        }
    }
}

/// Each node's fill colour and radius (points) on a level.
pub struct NodeStyle {
    pub colours: Vec<Color32>,
    pub radii: Vec<f32>,
}

/// What a level's node style depends on: what the legend does, the theme (dark or light),
/// what sizes the nodes and the size slider's value (its bits).
pub type StyleKey = (LegendKey, bool, crate::render::SizeBy, u32);

/// What a level's legend depends on: the shown graph and hierarchy (by
/// [`crate::app::workspace::Workspace::shown_id`]), the colouring, and whether Louvain's
/// communities (which colour an unlabelled graph) are known yet.
pub type LegendKey = (u64, crate::render::ColourMode, bool);

impl Default for GraphCanvas {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Vec2::ZERO,
            dragging_node: None,
            box_start: None,
            sprites: None,
            image: LevelImage::default(),
            legend_height: 0.0,
            zoom_to: None,
            legend: Kept::default(),
            styles: Kept::default(),
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

/// Above this many nodes a level's nodes are drawn into its image with the edges: 100,000
/// quads cost a software renderer most of a frame, their pixels on the CPU a few milliseconds.
pub const NODES_IN_IMAGE: usize = 15_000;

/// The fingerprint's hasher: a multiply-rotate step per word, as rustc's FxHash. It is asked
/// every frame over every position (and colour and radius when the nodes are in the image):
/// SipHash over a million nodes' three arrays took 8% of the window's time. A fingerprint only
/// tells whether to draw again, so it need not resist crafted input.
#[derive(Default)]
struct Fingerprint(u64);

impl std::hash::Hasher for Fingerprint {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
}

impl Fingerprint {
    /// Feeds one word per item through four lanes that do not wait on each other, then the
    /// lanes and the count: one chain waits on every multiply, and hashing a million nodes'
    /// positions, colours and radii so took 4 ms of each frame.
    fn write_lanes<T>(&mut self, items: &[T], word: impl Fn(&T) -> u64) {
        use std::hash::Hasher;
        let step =
            |lane: u64, x: u64| (lane.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
        let mut lanes = [self.0, self.0 ^ 1, self.0 ^ 2, self.0 ^ 3];
        let mut chunks = items.chunks_exact(4);
        for c in &mut chunks {
            for (lane, item) in lanes.iter_mut().zip(c) {
                *lane = step(*lane, word(item));
            }
        }
        for lane in lanes {
            self.write_u64(lane);
        }
        for item in chunks.remainder() {
            self.write_u64(word(item));
        }
        self.write_u64(items.len() as u64);
    }
}

fn position_word(p: &[f32; 2]) -> u64 {
    u64::from(p[0].to_bits()) << 32 | u64::from(p[1].to_bits())
}

/// The fingerprints of what the level image shows and of the view it is seen through.
fn keys(
    rect: Rect,
    t: Transform,
    ppp: f32,
    d: &LevelDrawing,
    nodes_in_image: bool,
    theme: [Color32; 2],
) -> Keys {
    use std::hash::{Hash, Hasher};
    let mut h = Fingerprint::default();
    for c in theme {
        c.to_array().hash(&mut h);
    }
    d.edges.len().hash(&mut h);
    h.write_lanes(d.positions, position_word);
    d.focus.hash(&mut h);
    d.filtered.hash(&mut h);
    (d.arrows, d.edge_opacity.to_bits(), d.edge_alpha.to_bits()).hash(&mut h);
    if nodes_in_image || d.arrows {
        h.write_lanes(d.radii, |r| u64::from(r.to_bits()));
    }
    if nodes_in_image {
        h.write_lanes(d.colours, |c| u64::from(u32::from_ne_bytes(c.to_array())));
        if let Some(rings) = d.rings {
            h.write_lanes(rings, |r| u64::from(r.to_bits()));
        }
    }
    let content = h.finish();
    let mut h = Fingerprint::default();
    for v in [rect.min.x, rect.min.y, rect.max.x, rect.max.y, ppp] {
        h.write_u32(v.to_bits());
    }
    t.hash_into(&mut h);
    Keys {
        content,
        view: h.finish(),
    }
}

impl GraphCanvas {
    /// The legend for `key`: the one kept if it was computed for it, else `compute`'s.
    pub fn legend(
        &mut self,
        key: LegendKey,
        compute: impl FnOnce() -> Vec<crate::render::LegendEntry>,
    ) -> Vec<crate::render::LegendEntry> {
        self.legend.get(key, compute)
    }

    /// The node style for `key`: the one kept if it was computed for it, else `compute`'s.
    pub fn styles(&mut self, key: StyleKey, compute: impl FnOnce() -> NodeStyle) -> Arc<NodeStyle> {
        self.styles.get(key, || Arc::new(compute()))
    }

    pub fn fit(&mut self) {
        self.zoom = 1.0;
        self.pan = Vec2::ZERO;
        self.zoom_to = None;
    }

    /// Zooms in on `nodes` on the next frame (no further than needed to show them all, and
    /// never out past the whole level); nothing given: the whole level.
    pub fn zoom_to(&mut self, nodes: Vec<usize>) {
        self.zoom_to = Some(nodes);
    }

    /// The zoom (current, for tests and the screenshot log).
    pub fn zoom(&self) -> f32 {
        self.zoom
    }

    /// Zoom and pan that frame `nodes` in `rect`, given the whole level's fitted transform.
    fn frame_nodes(&mut self, rect: Rect, positions: &[[f32; 2]], nodes: &[usize]) {
        let points: Vec<[f32; 2]> = nodes
            .iter()
            .filter_map(|&i| positions.get(i).copied())
            .collect();
        let (Some((lo, hi)), Some((all_lo, all_hi))) = (
            crate::layout::bounds(&points),
            crate::layout::bounds(positions),
        ) else {
            self.fit();
            return;
        };
        let whole = (all_hi[0] - all_lo[0]).max(1e-6).max(all_hi[1] - all_lo[1]);
        // A lone node, or a tight neighbourhood, gets a fifth of the level around it: enough
        // to see where it sits.
        let (w, h) = (
            (hi[0] - lo[0]).max(whole * 0.2),
            (hi[1] - lo[1]).max(whole * 0.2),
        );
        let base = Transform::fit(rect, positions, 1.0, Vec2::ZERO);
        let fitted = Transform::fit(
            rect,
            &[[lo[0], lo[1]], [lo[0] + w, lo[1] + h]],
            1.0,
            Vec2::ZERO,
        );
        self.zoom = (fitted.scale() / base.scale() * 0.8).clamp(1.0, 50.0);
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let t = Transform::fit(rect, positions, self.zoom, Vec2::ZERO);
        self.pan = rect.center() - t.to_screen(centre);
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
        if let Some(nodes) = self.zoom_to.take() {
            if nodes.is_empty() {
                self.fit();
            } else {
                self.frame_nodes(rect, d.positions, &nodes);
            }
        }
        let t = Transform::fit(rect, d.positions, self.zoom, self.pan);
        let pointer = response.hover_pos();
        let nearest = |p: Pos2| -> Option<usize> {
            let mut best: Option<(usize, f32)> = None;
            // Squared distances: a square root per node was a tenth of a frame at a million.
            for (i, &q) in d.positions.iter().enumerate() {
                let s = t.to_screen(q);
                let (dx, dy) = (s.x - p.x, s.y - p.y);
                let dist2 = dx * dx + dy * dy;
                let reach = d.radii.get(i).copied().unwrap_or(4.0) + 3.0;
                if dist2 > reach * reach || best.is_some_and(|(_, b)| dist2 >= b) {
                    continue;
                }
                if d.filtered
                    .is_some_and(|f| f.get(i).copied().unwrap_or(0) == 2)
                {
                    continue;
                }
                best = Some((i, dist2));
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

        // Dimmed: off the selection's neighbourhood, or faded by a filter.
        let dim = |c: Color32, i: usize| {
            let faded = d
                .filtered
                .is_some_and(|f| f.get(i).copied().unwrap_or(0) == 1);
            match d.focus.map(|f| f.get(i).copied().unwrap_or(0)) {
                Some(0) => c.gamma_multiply(if faded { 0.08 } else { 0.18 }),
                Some(1) => c.gamma_multiply(if faded { 0.15 } else { 0.8 }),
                _ if faded => c.gamma_multiply(0.2),
                _ => c,
            }
        };
        let hidden = |i: usize| {
            d.filtered
                .is_some_and(|f| f.get(i).copied().unwrap_or(0) == 2)
        };
        let visible = rect.expand(20.0);
        let nodes_in_image = d.positions.len() > NODES_IN_IMAGE;
        let ring_colour = ui.visuals().strong_text_color();
        let ppp = ui.ctx().pixels_per_point();
        let (plain, bright) = (ui.visuals().text_color(), ring_colour);
        let keys = keys(rect, t, ppp, d, nodes_in_image, [plain, bright]);
        let scene = || Scene {
            size: [
                ((rect.width() * ppp) as usize).max(1),
                ((rect.height() * ppp) as usize).max(1),
            ],
            ppp,
            origin: rect.min,
            t,
            positions: d.positions.to_vec(),
            edges: d.edges.to_vec(),
            radii: d.radii.to_vec(),
            focus: d.focus.map(<[u8]>::to_vec),
            filtered: d.filtered.map(<[u8]>::to_vec),
            arrows: d.arrows,
            edge_opacity: d.edge_opacity,
            edge_alpha: d.edge_alpha,
            plain,
            bright,
            nodes: nodes_in_image.then(|| NodeInk {
                colours: (0..d.positions.len())
                    .map(|i| {
                        if hidden(i) {
                            Color32::TRANSPARENT
                        } else {
                            dim(d.colours.get(i).copied().unwrap_or(Color32::GRAY), i)
                        }
                    })
                    .collect(),
                rings: (0..d.positions.len())
                    .map(|i| match d.rings.and_then(|r| r.get(i)) {
                        Some(&e) if e > 0.05 && !hidden(i) => {
                            let r = d.radii.get(i).copied().unwrap_or(4.0);
                            (r + 1.0 + 3.0 * e, dim(ring_colour, i))
                        }
                        _ => (0.0, Color32::TRANSPARENT),
                    })
                    .collect(),
            }),
        };
        let work = d.positions.len() + d.edges.len();
        self.image.paint(ui, rect, t, keys, work, scene);
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
        let mut outlines = Mesh::with_texture(ring.id());
        let select_colour = ui.visuals().selection.stroke.color;
        // A big level's nodes are in its image: only the outlined and selected are drawn here.
        let any_drawn_here = !nodes_in_image || d.outline.is_some() || d.focus.is_some();
        let looked_at = if any_drawn_here { d.positions.len() } else { 0 };
        for (i, &p) in d.positions[..looked_at].iter().enumerate() {
            let lit = |v: Option<&[u8]>| v.and_then(|v| v.get(i)).copied().unwrap_or(0);
            if nodes_in_image && lit(d.outline) == 0 && lit(d.focus) != 2 {
                continue;
            }
            let s = t.to_screen(p);
            if !visible.contains(s) || hidden(i) {
                continue;
            }
            if lit(d.outline) > 0 || lit(d.focus) == 2 {
                let rr = d.radii.get(i).copied().unwrap_or(4.0) + 3.5;
                let colour = if lit(d.focus) == 2 {
                    select_colour
                } else {
                    ring_colour
                };
                outlines.add_rect_with_uv(
                    Rect::from_center_size(s, Vec2::splat(2.0 * rr)),
                    uv,
                    colour,
                );
            }
            if nodes_in_image {
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
        if !d.hover_links.is_empty() {
            // The hovered node's links, over the edge image; the rest of the view stays as it is.
            let colour = ui.visuals().strong_text_color().gamma_multiply(0.8);
            for &(u, v) in d.hover_links {
                if let (Some(&a), Some(&b)) =
                    (d.positions.get(u as usize), d.positions.get(v as usize))
                {
                    let c = match (d.arrows, ev.hovered) {
                        (true, Some(h)) if h == u as usize => OUT_LINK,
                        (true, _) => IN_LINK,
                        _ => colour,
                    };
                    painter.line_segment([t.to_screen(a), t.to_screen(b)], Stroke::new(1.5, c));
                }
            }
        }
        if let Some(groups) = d.groups {
            draw_groups(ui, &painter, &t, d, groups, &hidden);
        }
        painter.add(Shape::mesh(rings));
        painter.add(Shape::mesh(outlines));
        painter.add(Shape::mesh(nodes));
        if let Some(marks) = d.marks {
            let warn = ui.visuals().warn_fg_color;
            for (i, &p) in d.positions.iter().enumerate() {
                if marks.get(i).copied().unwrap_or(false) {
                    let r = d.radii.get(i).copied().unwrap_or(4.0);
                    painter.circle_stroke(t.to_screen(p), r + 2.0, Stroke::new(2.0, warn));
                }
            }
        }
        if let Some(names) = d.names {
            // Names only where a node is big enough on screen (or lit), the selection's
            // neighbourhood first, then the biggest nodes, each where no earlier name is.
            let mut font = egui::TextStyle::Small.resolve(ui.style());
            font.size *= d.name_scale;
            let colour = ui.visuals().strong_text_color();
            // By how the node is lit (selected, then its neighbours), then by size.
            let mut wanted: Vec<(u8, f32, usize)> = Vec::new();
            for (i, &p) in d.positions.iter().enumerate() {
                let r = d.radii.get(i).copied().unwrap_or(4.0);
                let lit = d.focus.map_or(0, |f| f.get(i).copied().unwrap_or(0));
                if (d.names_lit_only && lit == 0) || hidden(i) || (r < 5.0 && lit == 0) {
                    continue;
                }
                if rect.contains(t.to_screen(p)) && names.get(i).is_some_and(|n| !n.is_empty()) {
                    wanted.push((lit, r, i));
                }
            }
            // Only the most telling few are measured and placed.
            let keep = (4 * MAX_NAMES).min(wanted.len());
            let order = |a: &(u8, f32, usize), b: &(u8, f32, usize)| {
                b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
            };
            if keep < wanted.len() {
                wanted.select_nth_unstable_by(keep, order);
                wanted.truncate(keep);
            }
            wanted.sort_unstable_by(order);
            let galleys: Vec<_> = wanted
                .iter()
                .map(|&(_, _, i)| painter.layout_no_wrap(names[i].clone(), font.clone(), colour))
                .collect();
            let candidates: Vec<super::labels::Candidate> = wanted
                .iter()
                .zip(&galleys)
                .map(|(&(_, r, i), g)| super::labels::Candidate {
                    centre: t.to_screen(d.positions[i]),
                    radius: r,
                    size: g.size(),
                })
                .collect();
            let spots = super::labels::place(&candidates, rect, MAX_NAMES);
            // A faint plate of the canvas's colour under each name, so a name over the lit
            // links (as bright as the text) still reads.
            let plate = ui.visuals().extreme_bg_color.gamma_multiply(0.7);
            for (spot, galley) in spots.into_iter().zip(galleys) {
                if let Some(at) = spot {
                    painter.rect_filled(at.expand(1.0), 2.0, plate);
                    painter.galley(at.min, galley, colour);
                }
            }
        }
        if let Some(i) = ev.hovered.or(self.dragging_node)
            && let Some(&p) = d.positions.get(i)
        {
            let r = d.radii.get(i).copied().unwrap_or(4.0);
            let s = t.to_screen(p);
            painter.circle_stroke(
                s,
                r + 2.5,
                Stroke::new(2.0, ui.visuals().strong_text_color()),
            );
            // The hovered node's name, on a plate so it reads over the edges.
            if let Some(name) = d
                .hover_names
                .and_then(|n| n.get(i))
                .filter(|n| !n.is_empty())
            {
                let font = egui::TextStyle::Body.resolve(ui.style());
                let galley = painter.layout_no_wrap(
                    name.to_string(),
                    font,
                    ui.visuals().strong_text_color(),
                );
                let at = s + Vec2::new(r + 6.0, -galley.size().y - 2.0);
                let plate = Rect::from_min_size(at, galley.size()).expand(3.0);
                painter.rect_filled(
                    plate,
                    3.0,
                    ui.visuals().extreme_bg_color.gamma_multiply(0.9),
                );
                painter.galley(at, galley, ui.visuals().strong_text_color());
            }
        }
        (response, ev)
    }
}

/// Groups this many nodes or fewer are outlined (a hull of a few thousand discs per frame is
/// cheap; of a million, not).
const MAX_GROUPED: usize = 20_000;

/// An outline around each group's discs and its number at the outline's top: the level above
/// the one the colours name, as a second channel.
fn draw_groups(
    ui: &egui::Ui,
    painter: &egui::Painter,
    t: &Transform,
    d: &LevelDrawing<'_>,
    groups: &[Option<u32>],
    hidden: &dyn Fn(usize) -> bool,
) {
    if d.positions.len() > MAX_GROUPED {
        return;
    }
    let mut members: std::collections::BTreeMap<u32, Vec<[f32; 2]>> = Default::default();
    let mut pad = 0.0f32;
    for (i, &p) in d.positions.iter().enumerate() {
        if let Some(Some(g)) = groups.get(i)
            && !hidden(i)
        {
            let s = t.to_screen(p);
            members.entry(*g).or_default().push([s.x, s.y]);
            pad = pad.max(d.radii.get(i).copied().unwrap_or(4.0));
        }
    }
    let colour = ui.visuals().text_color().gamma_multiply(0.55);
    let font = egui::TextStyle::Small.resolve(ui.style());
    for (g, pts) in members {
        let hull = crate::render::hull::padded_hull(&pts, pad + 6.0);
        if hull.len() < 3 {
            continue;
        }
        let mut ring: Vec<Pos2> = hull.iter().map(|p| pos2(p[0], p[1])).collect();
        ring.push(ring[0]);
        painter.extend(Shape::dashed_line(
            &ring,
            Stroke::new(1.5, colour),
            6.0,
            4.0,
        ));
        let top = ring
            .iter()
            .copied()
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .unwrap_or(ring[0]);
        // Inside the canvas: an outline near the edge had its number cut off.
        let clip = painter.clip_rect();
        let at = pos2(
            (top.x).clamp(
                clip.min.x + 32.0,
                (clip.max.x - 32.0).max(clip.min.x + 32.0),
            ),
            (top.y - 2.0).max(clip.min.y + font.size + 2.0),
        );
        painter.text(
            at,
            egui::Align2::CENTER_BOTTOM,
            format!("group {g}"),
            font.clone(),
            colour,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{Fingerprint, GraphCanvas};
    use crate::render::{ColourMode, LegendEntry};
    use std::hash::Hasher;

    #[test]
    fn the_legend_is_computed_again_only_when_what_it_shows_changes() {
        let mut canvas = GraphCanvas::default();
        let mut computed = 0;
        let mut get = |canvas: &mut GraphCanvas, key| {
            canvas.legend(key, || {
                computed += 1;
                vec![LegendEntry {
                    colour: Default::default(),
                    text: format!("entry {computed}"),
                    count: 1,
                }]
            })
        };
        let first = get(&mut canvas, (1, ColourMode::Linked, false));
        assert_eq!(get(&mut canvas, (1, ColourMode::Linked, false)), first);
        // Another hierarchy, another colouring, Louvain's communities arriving: computed anew.
        let second = get(&mut canvas, (2, ColourMode::Linked, false));
        assert_ne!(second, first);
        let third = get(&mut canvas, (2, ColourMode::NextCluster, false));
        let fourth = get(&mut canvas, (2, ColourMode::NextCluster, true));
        assert_ne!(third, second);
        assert_ne!(fourth, third);
        assert_eq!(computed, 4);
    }

    #[test]
    fn node_styles_are_kept_until_the_shown_tree_the_theme_or_the_sizes_change() {
        use crate::render::SizeBy;
        let mut canvas = GraphCanvas::default();
        let mut computed = 0;
        let mut get =
            |canvas: &mut GraphCanvas, shown: u64, dark: bool, size: SizeBy, scale: f32| {
                let key = (
                    (shown, ColourMode::Linked, false),
                    dark,
                    size,
                    scale.to_bits(),
                );
                canvas.styles(key, || {
                    computed += 1;
                    super::NodeStyle {
                        colours: Vec::new(),
                        radii: vec![scale],
                    }
                })
            };
        let first = get(&mut canvas, 1, true, SizeBy::Uniform, 1.0);
        let again = get(&mut canvas, 1, true, SizeBy::Uniform, 1.0);
        assert!(
            std::sync::Arc::ptr_eq(&first, &again),
            "kept, not computed again"
        );
        get(&mut canvas, 1, false, SizeBy::Uniform, 1.0);
        get(&mut canvas, 1, false, SizeBy::Degree, 1.0);
        let bigger = get(&mut canvas, 1, false, SizeBy::Degree, 1.5);
        assert_eq!(bigger.radii, vec![1.5]);
        get(&mut canvas, 2, false, SizeBy::Degree, 1.5);
        assert_eq!(computed, 5);
    }

    fn of(positions: &[[f32; 2]]) -> u64 {
        let mut h = Fingerprint::default();
        h.write_lanes(positions, super::position_word);
        h.finish()
    }

    #[test]
    fn a_moved_node_or_a_swapped_pair_changes_the_fingerprint() {
        let a: Vec<[f32; 2]> = (0..1002).map(|i| [i as f32, (i * 7 % 13) as f32]).collect();
        assert_eq!(of(&a), of(&a.clone()));
        let mut moved = a.clone();
        moved[500][1] += 1e-3;
        assert_ne!(of(&a), of(&moved));
        // Neighbours (in two lanes), four apart (in one lane), the two in the tail, the ends.
        for (i, j) in [(3, 4), (100, 104), (1000, 1001), (0, 1001)] {
            let mut swapped = a.clone();
            swapped.swap(i, j);
            assert_ne!(of(&a), of(&swapped), "{i} <-> {j}");
        }
        // A node more changes it, even one at the origin.
        let mut longer = a.clone();
        longer.push([0.0, 0.0]);
        assert_ne!(of(&a), of(&longer));
        // Bytes go in as words, a short tail included.
        let (mut x, mut y) = (Fingerprint::default(), Fingerprint::default());
        x.write(b"0123456789");
        y.write(b"0123456788");
        assert_ne!(x.finish(), y.finish());
    }
}
