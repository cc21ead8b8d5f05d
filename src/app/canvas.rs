//! One level drawn in a rectangle: pan, zoom, fit, hover, click, shift-drag box selection and
//! dragging a node to pin it. Nodes and edges go into one mesh each, so thousands of nodes cost
//! two shapes; off-screen nodes and sub-pixel edges are skipped.

use eframe::egui::{self, Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

/// Most edges drawn per canvas and frame.
pub const EDGE_BUDGET: usize = 4000;

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
}

impl Default for GraphCanvas {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Vec2::ZERO,
            dragging_node: None,
            box_start: None,
        }
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
        let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for p in positions
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
        {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        if !lo[0].is_finite() {
            lo = [-1.0, -1.0];
            hi = [1.0, 1.0];
        }
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

fn circle(mesh: &mut Mesh, c: Pos2, r: f32, colour: Color32) {
    let segments = if r > 6.0 {
        16
    } else if r > 3.0 {
        10
    } else {
        6
    };
    let base = mesh.vertices.len() as u32;
    mesh.colored_vertex(c, colour);
    for k in 0..segments {
        let a = k as f32 / segments as f32 * std::f32::consts::TAU;
        mesh.colored_vertex(c + Vec2::new(a.cos(), a.sin()) * r, colour);
    }
    for k in 0..segments {
        mesh.add_triangle(base, base + 1 + k, base + 1 + (k + 1) % segments);
    }
}

fn segment(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 1.0 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) / len * (width / 2.0);
    let base = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(base, base + 1, base + 2);
    mesh.add_triangle(base, base + 2, base + 3);
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
        let base_edge = ui
            .visuals()
            .text_color()
            .gamma_multiply(0.35 * d.edge_alpha.clamp(0.0, 1.0));
        let mut edges = Mesh::default();
        for &(u, v, w) in d.edges {
            let (Some(&a), Some(&b)) = (d.positions.get(u as usize), d.positions.get(v as usize))
            else {
                continue;
            };
            let (a, b) = (t.to_screen(a), t.to_screen(b));
            if !visible.intersects(Rect::from_two_pos(a, b)) {
                continue;
            }
            let lit = d.lit.is_none_or(|l| {
                l.get(u as usize).copied().unwrap_or(false)
                    && l.get(v as usize).copied().unwrap_or(false)
            });
            let colour = if lit {
                base_edge
            } else {
                base_edge.gamma_multiply(0.25)
            };
            segment(
                &mut edges,
                a,
                b,
                0.6 + 3.0 * (w.abs() / max_w).sqrt(),
                colour,
            );
        }
        painter.add(Shape::mesh(edges));
        let mut nodes = Mesh::default();
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
                circle(&mut nodes, s, r + 1.0 + 3.0 * e, dim(ring_colour, i));
            }
            circle(
                &mut nodes,
                s,
                r,
                dim(d.colours.get(i).copied().unwrap_or(Color32::GRAY), i),
            );
        }
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
