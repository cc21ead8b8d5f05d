//! How long the UI takes per frame and how often frames come, smoothed, for the overlay in the
//! menu bar.

use std::time::Instant;

#[derive(Default)]
pub struct FrameStats {
    /// Smoothed UI time per frame.
    pub ui_ms: f32,
    /// Smoothed time between frames.
    pub interval_ms: f32,
    /// `--frame-stats`: every frame's (UI ms, ms since the previous frame), for the summary
    /// printed on exit (at most [`MAX_LOGGED`]).
    pub log: Option<Vec<(f32, f32)>>,
    /// `--frame-stats`: frames back to back (what a frame costs), not only when something
    /// asks for one (what a user's window does, leaving the cores to the layout).
    pub back_to_back: bool,
    /// When the level-0 layout first got to the graph itself and first settled, in seconds
    /// since the first logged frame.
    pub milestones: Milestones,
}

/// Seconds from the first logged frame to the layout's first picture of the graph itself
/// and to its settling.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Milestones {
    started: Option<Instant>,
    pub reached_graph: Option<f32>,
    pub settled: Option<f32>,
    /// The logged frames before the graph itself was reached, and before it settled.
    pub frames_before: (Option<usize>, Option<usize>),
}

impl Milestones {
    /// Notes the layout's state this frame.
    /// Notes the layout's state this frame, `frames` logged so far.
    pub fn note(&mut self, progress: Option<crate::layout::LayoutProgress>, frames: usize) {
        let started = *self.started.get_or_insert_with(Instant::now);
        let Some(p) = progress else { return };
        let now = || started.elapsed().as_secs_f32();
        if self.reached_graph.is_none() && (p.level == 0 || p.finished) {
            self.reached_graph = Some(now());
            self.frames_before.0 = Some(frames);
        }
        if self.settled.is_none() && p.finished {
            self.settled = Some(now());
            self.frames_before.1 = Some(frames);
        }
    }
}

/// Frames kept for `--frame-stats` (an hour at 60 fps is 216,000).
pub const MAX_LOGGED: usize = 1_000_000;

impl FrameStats {
    /// Records one frame that began at `started`, `dt_secs` after the previous one.
    pub fn record(&mut self, started: Instant, dt_secs: f32) {
        let ui = started.elapsed().as_secs_f32() * 1000.0;
        self.ui_ms = 0.9 * self.ui_ms + 0.1 * ui;
        let dt_ms = dt_secs * 1000.0;
        if let Some(log) = &mut self.log
            && log.len() < MAX_LOGGED
        {
            log.push((ui, dt_ms));
        }
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

/// The `q`-quantile (0..1) of `v`, by nearest rank; 0 for none.
fn quantile(v: &mut [f32], q: f64) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

/// `--frame-stats`' line: frames, and the median and 95th percentile of the time between
/// frames (what the eye sees) and of the UI's own time per frame. The first frame, which
/// includes start-up, is left out. With the level-0 layout's progress, how far it got in the
/// meantime too (the frames and the layout share the cores).
pub fn summary(
    log: &[(f32, f32)],
    layout: Option<crate::layout::LayoutProgress>,
    milestones: Milestones,
) -> String {
    let frames = log.get(1..).unwrap_or(&[]);
    let mut interval: Vec<f32> = frames.iter().map(|f| f.1).collect();
    let mut ui: Vec<f32> = frames.iter().map(|f| f.0).collect();
    let (im, i95) = (quantile(&mut interval, 0.5), quantile(&mut interval, 0.95));
    let (um, u95) = (quantile(&mut ui, 0.5), quantile(&mut ui, 0.95));
    let layout = layout.map_or_else(String::new, |p| {
        format!(
            "; layout {} iterations ({} on level 0){}",
            p.iterations,
            p.level0_iterations,
            if p.finished { ", settled" } else { "" }
        )
    });
    let at = |what: &str, secs: Option<f32>| {
        secs.map_or(String::new(), |s| format!("; {what} at {s:.1} s"))
    };
    // The frames drawn while the graph itself was laid out: what a user panning it then feels.
    let part = match milestones.frames_before {
        (Some(from), to) => log.get(from.max(1)..to.unwrap_or(log.len())),
        _ => None,
    };
    let refining = match part {
        // None when it settled before a frame was drawn (a small graph).
        Some(part) if !part.is_empty() => {
            let mut interval: Vec<f32> = part.iter().map(|f| f.1).collect();
            let mut ui: Vec<f32> = part.iter().map(|f| f.0).collect();
            let im = quantile(&mut interval, 0.5);
            format!(
                " ({} frames while it was refined: median {im:.1} ms, {:.0} fps; UI median {:.1} ms)",
                part.len(),
                if im > 0.0 { 1000.0 / im } else { 0.0 },
                quantile(&mut ui, 0.5)
            )
        }
        _ => String::new(),
    };
    let layout = layout
        + &at("the graph itself reached", milestones.reached_graph)
        + &refining
        + &at("settled", milestones.settled);
    format!(
        "frames {}: frame time median {im:.1} ms, 95th percentile {i95:.1} ms ({:.0} fps at \
         the median); UI median {um:.1} ms, 95th percentile {u95:.1} ms{layout}",
        log.len(),
        if im > 0.0 { 1000.0 / im } else { 0.0 }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_gives_median_and_95th_percentile() {
        // A start-up frame, then 19 frames of 10 ms and one of 50 ms.
        let mut log = vec![(500.0, 900.0)];
        log.extend(std::iter::repeat_n((2.0, 10.0), 19));
        log.push((8.0, 50.0));
        let s = summary(&log, None, Milestones::default());
        assert!(s.starts_with("frames 21:"), "{s}");
        assert!(
            s.contains("median 10.0 ms, 95th percentile 10.0 ms (100 fps"),
            "{s}"
        );
        log.push((8.0, 50.0));
        assert!(
            summary(&log, None, Milestones::default()).contains("95th percentile 50.0 ms"),
            "{}",
            summary(&log, None, Milestones::default())
        );
        assert!(summary(&[], None, Milestones::default()).starts_with("frames 0:"));
        let p = crate::layout::LayoutProgress {
            iterations: 700,
            level0_iterations: 120,
            finished: true,
            ..Default::default()
        };
        let s = summary(&log, Some(p), Milestones::default());
        assert!(
            s.ends_with("; layout 700 iterations (120 on level 0), settled"),
            "{s}"
        );
        let mut m = Milestones::default();
        m.note(None, 0);
        let coarse = crate::layout::LayoutProgress {
            level: 2,
            ..Default::default()
        };
        m.note(Some(coarse), 5);
        assert_eq!(
            (m.reached_graph, m.settled),
            (None, None),
            "coarse levels only"
        );
        m.note(
            Some(crate::layout::LayoutProgress {
                level: 0,
                ..Default::default()
            }),
            19,
        );
        let reached = m.reached_graph.expect("level 0 reached");
        assert!(m.settled.is_none());
        m.note(Some(p), 21);
        m.note(Some(p), 22);
        let settled = m.settled.expect("settled");
        assert!(
            settled >= reached && m.reached_graph == Some(reached),
            "the first times kept"
        );
        assert_eq!(m.frames_before, (Some(19), Some(21)));
        // Frames 19 and 20 (the last 10 ms one and the first 50 ms one) were drawn while it
        // was refined.
        // Reached and settled between two frames: nothing drawn while it was refined.
        let mut quick = Milestones::default();
        quick.note(Some(p), 5);
        let s = summary(&log, Some(p), quick);
        assert!(!s.contains("while it was refined"), "{s}");
        let s = summary(&log, Some(p), m);
        assert!(
            s.ends_with(&format!(
                "settled; the graph itself reached at {reached:.1} s (2 frames while it was \
                 refined: median 10.0 ms, 100 fps; UI median 2.0 ms); settled at {settled:.1} s"
            )),
            "{s}"
        );
    }
}
