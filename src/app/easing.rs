//! What the window draws each frame: the layout's positions, reached smoothly when they jump
//! (a new snapshot, a scrub, a dragged node), and copied from the layout thread only when it
//! handed over new ones.

use super::level_layouts::LevelLayouts;
use std::sync::Arc;

/// The positions drawn last frame and the layout's they are easing towards.
#[derive(Default)]
pub struct Eased {
    /// Shared with the frame that draws them: handed out again, not copied, while still.
    shown: Arc<Vec<Vec<[f32; 2]>>>,
    /// The layout's positions last read, their version, and each level's extent.
    target: (Vec<Vec<[f32; 2]>>, u64, Vec<f32>),
    /// Whether `shown` still differs from `target`.
    easing: bool,
}

impl Eased {
    /// The positions to draw this frame: each level's layout positions, reached smoothly (about
    /// a fifth of a second) when they move, so nothing jumps across the canvas; a level whose
    /// node count changed is shown where it is at once. Returns whether they are still moving.
    pub fn step(
        &mut self,
        layouts: &LevelLayouts,
        dt_secs: f32,
    ) -> (Arc<Vec<Vec<[f32; 2]>>>, bool) {
        if let Some((version, target)) = layouts.positions_since(self.target.1) {
            let spans = target
                .iter()
                .map(|t| {
                    crate::layout::bounds(t)
                        .map_or(1.0, |(lo, hi)| (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-6))
                })
                .collect();
            self.target = (target, version, spans);
            self.easing = true;
        }
        if !self.easing {
            return (self.shown.clone(), false);
        }
        let (target, _, spans) = &self.target;
        let k = 1.0 - (-dt_secs.clamp(0.0, 0.25) / 0.08).exp();
        let mut moving = false;
        let shown = Arc::make_mut(&mut self.shown);
        if shown.len() != target.len() {
            shown.clone_from(target);
        }
        for ((e, t), &span) in shown.iter_mut().zip(target).zip(spans) {
            // A big level is drawn into an image on a worker, a few times a second: easing
            // it would only have the worker draw it again every frame for nothing.
            if e.len() != t.len() || t.len() > super::canvas::NODES_IN_IMAGE {
                e.clone_from(t);
                continue;
            }
            for (p, q) in e.iter_mut().zip(t) {
                let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
                if dx.abs().max(dy.abs()) < 1e-3 * span || !(p[0].is_finite() && p[1].is_finite()) {
                    *p = *q;
                } else {
                    p[0] += dx * k;
                    p[1] += dy * k;
                    moving = true;
                }
            }
        }
        self.easing = moving;
        (self.shown.clone(), moving)
    }
}

#[cfg(test)]
mod tests {
    use crate::app::Workspace;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    #[test]
    fn positions_are_eased_to_the_layout_s_and_not_copied_again_while_nothing_changes() {
        let graph = crate::samples::graph("karate").expect("a bundled sample");
        let mut ws = Workspace::new(graph, Default::default(), &eframe::egui::Context::default());
        let started = Instant::now();
        // Frames of 1/60 s until the layout has settled and the drawing has caught up with it.
        let (mut shown, mut moving) = ws.eased_positions(1.0 / 60.0);
        while !(ws.layouts.state().0 && !moving && !shown.is_empty()) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "karate settles"
            );
            std::thread::sleep(Duration::from_millis(5));
            (shown, moving) = ws.eased_positions(1.0 / 60.0);
        }
        assert_eq!(*shown, ws.layouts.positions(), "caught up with the layout");
        assert_eq!(shown[0].len(), 34);
        // Nothing new: the same positions, not a copy.
        let (again, moving) = ws.eased_positions(1.0 / 60.0);
        assert!(!moving);
        assert!(Arc::ptr_eq(&shown, &again));
        // A node dragged far away: drawn on its way there over several frames, then there.
        let far = [1e4f32, 1e4];
        ws.layouts.pin(0, 0, far);
        let distance = |p: [f32; 2]| (p[0] - far[0]).hypot(p[1] - far[1]);
        let before = distance(shown[0][0]);
        let mut on_the_way = false;
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the drag is drawn"
            );
            std::thread::sleep(Duration::from_millis(5));
            let (now, moving) = ws.eased_positions(1.0 / 60.0);
            let d = distance(now[0][0]);
            on_the_way |= moving && d > 1.0 && d < 0.9 * before;
            if !moving && d < 1.0 {
                break;
            }
        }
        assert!(on_the_way, "eased, not jumped");
    }
}
