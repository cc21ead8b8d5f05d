//! How long the UI takes per frame and how often frames come, smoothed, for the overlay in the
//! menu bar.

use std::time::Instant;

#[derive(Default)]
pub struct FrameStats {
    /// Smoothed UI time per frame.
    pub ui_ms: f32,
    /// Smoothed time between frames.
    pub interval_ms: f32,
}

impl FrameStats {
    /// Records one frame that began at `started`, `dt_secs` after the previous one.
    pub fn record(&mut self, started: Instant, dt_secs: f32) {
        self.ui_ms = 0.9 * self.ui_ms + 0.1 * started.elapsed().as_secs_f32() * 1000.0;
        let dt_ms = dt_secs * 1000.0;
        if dt_ms > 0.0 && dt_ms < 1000.0 {
            self.interval_ms = 0.9 * self.interval_ms + 0.1 * dt_ms;
        }
    }

    pub fn fps(&self) -> f32 {
        if self.interval_ms > 0.0 {
            1000.0 / self.interval_ms
        } else {
            0.0
        }
    }
}
