//! One graph drawn in a rectangle, with pan, zoom, fit-to-view and hover.

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Shape, Stroke, Vec2};

/// View state of one canvas.
pub struct GraphCanvas {
    /// Extra zoom on top of fit-to-view.
    zoom: f32,
    pan: Vec2,
    /// Until the user pans or zooms, the view follows the layout as it settles.
    follow: bool,
    pub hovered: Option<usize>,
}

impl Default for GraphCanvas {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Vec2::ZERO,
            follow: true,
            hovered: None,
        }
    }
}

/// Maps layout coordinates into a screen rectangle.
#[derive(Clone, Copy)]
pub struct Transform {
    center: Pos2,
    world_center: [f32; 2],
    scale: f32,
}

impl Transform {
    pub fn fit(rect: Rect, positions: &[[f32; 2]], zoom: f32, pan: Vec2) -> Self {
        let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for p in positions {
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
        let margin = 24.0;
        let scale = ((rect.width() - 2.0 * margin).max(10.0) / w)
            .min((rect.height() - 2.0 * margin).max(10.0) / h);
        Self {
            center: rect.center() + pan,
            world_center: [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0],
            scale: scale * zoom,
        }
    }

    pub fn to_screen(self, p: [f32; 2]) -> Pos2 {
        Pos2::new(
            self.center.x + (p[0] - self.world_center[0]) * self.scale,
            self.center.y + (p[1] - self.world_center[1]) * self.scale,
        )
    }
}

impl GraphCanvas {
    pub fn fit(&mut self) {
        *self = Self::default();
    }

    /// Draws edges and nodes; returns the response of the whole canvas.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        edges: &[(u32, u32, f32)],
        positions: &[[f32; 2]],
        colours: &[Color32],
        radius: f32,
    ) -> egui::Response {
        let size = ui.available_size();
        let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
        let rect = response.rect;
        painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
        if response.dragged() {
            self.pan += response.drag_delta();
            self.follow = false;
        }
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            if scroll != 0.0 {
                let factor = (scroll * 0.002).exp();
                // Zoom about the pointer.
                if let Some(p) = response.hover_pos() {
                    let c = rect.center() + self.pan;
                    self.pan += (p - c) * (1.0 - factor);
                }
                self.zoom = (self.zoom * factor).clamp(0.05, 200.0);
                self.follow = false;
            }
        }
        if response.double_clicked() {
            self.fit();
        }
        let t = Transform::fit(rect, positions, self.zoom, self.pan);
        let clip = painter.with_clip_rect(rect);
        if positions.is_empty() {
            return response;
        }
        let max_w = edges
            .iter()
            .map(|e| e.2.abs())
            .fold(0.0f32, f32::max)
            .max(1e-6);
        let edge_colour = ui.visuals().weak_text_color().gamma_multiply(0.5);
        let mut shapes = Vec::with_capacity(edges.len() + positions.len());
        for &(u, v, w) in edges {
            let (Some(&a), Some(&b)) = (positions.get(u as usize), positions.get(v as usize))
            else {
                continue;
            };
            let (a, b) = (t.to_screen(a), t.to_screen(b));
            if !rect.intersects(Rect::from_two_pos(a, b)) {
                continue;
            }
            let width = 0.5 + 1.5 * (w.abs() / max_w);
            shapes.push(Shape::line_segment([a, b], Stroke::new(width, edge_colour)));
        }
        let mut best: Option<(usize, f32)> = None;
        let pointer = response.hover_pos();
        for (i, &p) in positions.iter().enumerate() {
            let s = t.to_screen(p);
            if !rect.expand(radius).contains(s) {
                continue;
            }
            let colour = colours.get(i).copied().unwrap_or(Color32::GRAY);
            shapes.push(Shape::circle_filled(s, radius, colour));
            if let Some(ptr) = pointer {
                let d = ptr.distance(s);
                if d <= radius + 3.0 && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((i, d));
                }
            }
        }
        clip.extend(shapes);
        self.hovered = best.map(|(i, _)| i);
        if let Some(i) = self.hovered {
            let s = t.to_screen(positions[i]);
            clip.circle_stroke(
                s,
                radius + 2.0,
                Stroke::new(2.0, ui.visuals().strong_text_color()),
            );
        }
        if self.follow {
            self.zoom = 1.0;
            self.pan = Vec2::ZERO;
        }
        response
    }
}
