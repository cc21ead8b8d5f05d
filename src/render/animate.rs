//! Animated pictures for slides and video, headless: a training run replayed (one frame per
//! snapshot, level 0 where the layout put it and the levels above at their members'
//! centroids, so clusters drift rather than jump), and each level merging into the next. The
//! frames are the same scenes `render` draws, written as an endlessly looping GIF.

use super::scene::{Background, Scene, SceneOptions};
use super::style::ColourMode;
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most frames one animation may hold (a GIF's size grows with them).
pub const MAX_FRAMES: usize = 1000;

/// Frame size, speed and what each frame shows.
#[derive(Clone, Debug)]
pub struct Animation {
    pub width: u32,
    pub height: u32,
    pub frames_per_second: f32,
    pub scene: SceneOptions,
}

impl Animation {
    /// A frame's options: every level, one pixel per point, and an opaque background (a GIF's
    /// one-bit transparency would fray the anti-aliased edges).
    fn frame(&self) -> SceneOptions {
        let background = match self.scene.background {
            Background::Transparent => Background::White,
            b => b,
        };
        SceneOptions {
            level: None,
            scale: 1.0,
            background,
            ..self.scene.clone()
        }
    }
}

/// An animation's frames, each built when it is drawn: a GIF holds one scene at a time, not
/// all of them (a thousand frames of a million-node graph would be tens of gigabytes of scenes).
pub struct Frames<'a> {
    count: usize,
    build: Box<dyn Fn(usize) -> Result<Scene, String> + 'a>,
}

impl Frames<'_> {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Frame `i` (of [`Frames::len`]).
    pub fn scene(&self, i: usize) -> Result<Scene, String> {
        (self.build)(i)
    }
}

/// One frame per snapshot: the levels at that epoch, the epoch in level 0's title.
pub fn training_frames<'a>(
    g: &'a Graph,
    snapshots: &'a [(usize, Arc<Hierarchy>)],
    level0: &'a [[f32; 2]],
    mode: &'a ColourMode,
    a: &'a Animation,
) -> Result<Frames<'a>, String> {
    if snapshots.is_empty() {
        return Err("no snapshots to replay: train first".into());
    }
    let step = snapshots.len().div_ceil(MAX_FRAMES).max(1);
    Ok(Frames {
        count: snapshots.len().div_ceil(step),
        build: Box::new(move |i| {
            let (epoch, h) = &snapshots[i * step];
            let positions =
                crate::layout::upper_levels(h, level0, &[], crate::layout::UPPER_REFINE, None);
            let options = SceneOptions {
                epoch: Some(*epoch),
                ..a.frame()
            };
            Scene::build_with(g, Some(h), &positions, mode, a.width, a.height, &options)
        }),
    })
}

/// Level 0 merging into 1, then 1 into 2, and so on: `frames_per_level` frames each, the end
/// of each held for a few frames.
pub fn merge_frames<'a>(
    g: &'a Graph,
    h: &'a Hierarchy,
    positions: &'a [Vec<[f32; 2]>],
    mode: &'a ColourMode,
    frames_per_level: usize,
    a: &'a Animation,
) -> Result<Frames<'a>, String> {
    if h.depth() < 2 {
        return Err("nothing to merge: the hierarchy has one level".into());
    }
    let frames = frames_per_level.clamp(2, MAX_FRAMES / h.depth().max(1));
    let hold = (frames / 4).max(1);
    let per_level = frames + hold;
    Ok(Frames {
        count: (h.depth() - 1) * per_level,
        build: Box::new(move |i| {
            let (l, k) = (i / per_level, i % per_level);
            let t = (k as f32 / (frames - 1) as f32).min(1.0);
            let options = SceneOptions {
                merge: Some((l, t)),
                ..a.frame()
            };
            Scene::build_with(g, Some(h), positions, mode, a.width, a.height, &options)
        }),
    })
}

/// The frames as a looping GIF, each colour quantised per frame, drawn one at a time. The
/// first frame is timed: an animation projected to take longer than `limit` stops there,
/// saying how long it would take and what to change.
pub fn to_gif(
    frames: &Frames,
    frames_per_second: f32,
    limit: Option<Duration>,
) -> Result<Vec<u8>, String> {
    if frames.is_empty() {
        return Err("no frames".into());
    }
    if !(frames_per_second.is_finite() && (0.5..=50.0).contains(&frames_per_second)) {
        return Err(format!(
            "{frames_per_second} frames per second: expected 0.5 to 50"
        ));
    }
    let start = Instant::now();
    let first = frames.scene(0)?;
    let [w, h] = first.pixel_size();
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| format!("{w} pixels wide: a GIF holds at most 65,535"))?,
        u16::try_from(h).map_err(|_| format!("{h} pixels high: a GIF holds at most 65,535"))?,
    );
    let delay = (100.0 / frames_per_second).round() as u16;
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, w16, h16, &[]).map_err(|e| e.to_string())?;
        enc.set_repeat(gif::Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        let mut scene = Some(first);
        for i in 0..frames.len() {
            let s = match scene.take() {
                Some(s) => s,
                None => frames.scene(i)?,
            };
            if s.pixel_size() != [w, h] {
                return Err("every frame must have the same size".into());
            }
            let mut rgba = super::png::rasterise(&s);
            drop(s);
            // Quantising is the slow part: coarser sampling on big frames.
            let speed = if w * h > 1_000_000 { 20 } else { 10 };
            let mut frame = gif::Frame::from_rgba_speed(w16, h16, &mut rgba, speed);
            frame.delay = delay;
            enc.write_frame(&frame).map_err(|e| e.to_string())?;
            if i == 0 {
                within(start.elapsed(), frames.len(), [w, h], limit)?;
            }
        }
    }
    Ok(out)
}

/// Refuses an animation whose first frame, times the frames, is over `limit`.
fn within(
    first: Duration,
    frames: usize,
    [w, h]: [u32; 2],
    limit: Option<Duration>,
) -> Result<(), String> {
    use crate::train::time_limit::words;
    let Some(limit) = limit else {
        return Ok(());
    };
    let total = first.as_secs_f64() * frames as f64;
    if total <= limit.as_secs_f64() {
        return Ok(());
    }
    Err(format!(
        "a GIF of {frames} frames at {w} x {h} would take about {} to draw (the first took \
         {:.2} s), over the limit of {}: ask for fewer frames (--frames, --frames-per-level) \
         or a smaller --width / --height, or allow it with --time-limit {:.0} (minutes)",
        words(total),
        first.as_secs_f64(),
        words(limit.as_secs_f64()),
        (total / 60.0 * 1.2).ceil().max(1.0)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// Three 4-cliques in a ring, pooled one per clique, laid out, at 320 x 180.
    fn three_cliques() -> (Graph, Hierarchy, Vec<Vec<[f32; 2]>>, Animation) {
        let g = crate::generate::ring_of_cliques(3, 4);
        let s = Array2::from_shape_fn((12, 3), |(i, k)| f32::from(i / 4 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t");
        let positions = crate::layout::lay_out_levels(&g, Some(&h), &Default::default());
        let a = Animation {
            width: 320,
            height: 180,
            frames_per_second: 10.0,
            scene: SceneOptions::default(),
        };
        (g, h, positions, a)
    }

    #[test]
    fn a_merge_gif_has_its_frames_at_its_size() {
        let (g, h, positions, a) = three_cliques();
        let frames = merge_frames(&g, &h, &positions, &ColourMode::Linked, 8, &a).expect("frames");
        assert_eq!(frames.len(), 8 + 2, "8 frames and a short hold");
        let bytes = to_gif(&frames, 10.0, None).expect("encodes");
        let mut decoder = gif::DecodeOptions::new();
        decoder.set_color_output(gif::ColorOutput::RGBA);
        let mut d = decoder.read_info(bytes.as_slice()).expect("reads");
        assert_eq!((d.width(), d.height()), (320, 180));
        let mut read = 0;
        while let Some(f) = d.read_next_frame().expect("frame") {
            assert_eq!(f.delay, 10);
            read += 1;
        }
        assert_eq!(read, 10);
        // The last frame of the merge is level 1 drawn on level 0's panel: every node on its
        // cluster's disc.
        let last = frames.scene(7).expect("frame 7");
        let (end, up) = (&last.panels[0], &last.panels[1]);
        assert_eq!(end.overlay_alpha, 1.0);
        for (i, n) in end.nodes.iter().enumerate() {
            assert_eq!(n.colour, up.nodes[i / 4].colour, "node {i}");
        }
    }

    #[test]
    fn a_gif_projected_over_the_time_limit_stops_after_its_first_frame() {
        let (g, h, positions, a) = three_cliques();
        let frames = merge_frames(&g, &h, &positions, &ColourMode::Linked, 8, &a).expect("frames");
        let e = to_gif(&frames, 10.0, Some(Duration::from_nanos(1))).expect_err("over");
        assert!(
            e.starts_with("a GIF of 10 frames at 320 x 180 would take about"),
            "{e}"
        );
        assert!(e.contains("--frames") && e.contains("--time-limit"), "{e}");
        // The projection is the first frame's time by the frames.
        let second = Duration::from_secs(1);
        assert!(within(second, 10, [320, 180], Some(10 * second)).is_ok());
        let e = within(second, 11, [320, 180], Some(10 * second)).expect_err("11 s");
        assert!(
            e.contains("about 11 s to draw (the first took 1.00 s)"),
            "{e}"
        );
        assert!(e.contains("over the limit of 10 s"), "{e}");
    }
}
