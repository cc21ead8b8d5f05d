//! Layout coordinates to screen points and back: the level's bounding box fitted into the
//! canvas with a margin, then the user's zoom and pan.

use eframe::egui::{Pos2, Rect, Vec2, pos2};

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

    /// Screen points per layout unit.
    pub fn scale(self) -> f32 {
        self.scale
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

    /// Feeds everything the mapping depends on into a hasher (the edge image's fingerprint).
    pub fn hash_into(self, h: &mut impl std::hash::Hasher) {
        for v in [
            self.center.x,
            self.center.y,
            self.world_center[0],
            self.world_center[1],
            self.scale,
        ] {
            h.write_u32(v.to_bits());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Rect, Vec2};

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
