//! Animated pictures for slides and video, headless: a training run replayed (one frame per
//! snapshot, level 0 where the layout put it and the levels above at their members'
//! centroids, so clusters drift rather than jump), and each level merging into the next. The
//! frames are the same scenes `render` draws, written as an endlessly looping GIF.

use super::scene::{Background, Scene, SceneOptions};
use super::style::ColourMode;
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::sync::Arc;

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

/// One frame per snapshot: the levels at that epoch, the epoch in level 0's title.
pub fn training_scenes(
    g: &Graph,
    snapshots: &[(usize, Arc<Hierarchy>)],
    level0: &[[f32; 2]],
    mode: &ColourMode,
    a: &Animation,
) -> Result<Vec<Scene>, String> {
    if snapshots.is_empty() {
        return Err("no snapshots to replay: train first".into());
    }
    let step = snapshots.len().div_ceil(MAX_FRAMES).max(1);
    snapshots
        .iter()
        .step_by(step)
        .map(|(epoch, h)| {
            let positions =
                crate::layout::upper_levels(h, level0, &[], crate::layout::UPPER_REFINE, None);
            let options = SceneOptions {
                epoch: Some(*epoch),
                ..a.frame()
            };
            Scene::build_with(g, Some(h), &positions, mode, a.width, a.height, &options)
        })
        .collect()
}

/// Level 0 merging into 1, then 1 into 2, and so on: `frames_per_level` frames each, the end
/// of each held for a few frames.
pub fn merge_scenes(
    g: &Graph,
    h: &Hierarchy,
    positions: &[Vec<[f32; 2]>],
    mode: &ColourMode,
    frames_per_level: usize,
    a: &Animation,
) -> Result<Vec<Scene>, String> {
    if h.depth() < 2 {
        return Err("nothing to merge: the hierarchy has one level".into());
    }
    let frames = frames_per_level.clamp(2, MAX_FRAMES / h.depth().max(1));
    let hold = (frames / 4).max(1);
    let mut out = Vec::new();
    for l in 0..h.depth() - 1 {
        for k in 0..frames + hold {
            let t = (k as f32 / (frames - 1) as f32).min(1.0);
            let options = SceneOptions {
                merge: Some((l, t)),
                ..a.frame()
            };
            out.push(Scene::build_with(
                g,
                Some(h),
                positions,
                mode,
                a.width,
                a.height,
                &options,
            )?);
        }
    }
    Ok(out)
}

/// The scenes as a looping GIF, each colour quantised per frame.
pub fn to_gif(scenes: &[Scene], frames_per_second: f32) -> Result<Vec<u8>, String> {
    let first = scenes.first().ok_or("no frames")?;
    let [w, h] = first.pixel_size();
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| format!("{w} pixels wide: a GIF holds at most 65,535"))?,
        u16::try_from(h).map_err(|_| format!("{h} pixels high: a GIF holds at most 65,535"))?,
    );
    if !(frames_per_second.is_finite() && (0.5..=50.0).contains(&frames_per_second)) {
        return Err(format!(
            "{frames_per_second} frames per second: expected 0.5 to 50"
        ));
    }
    let delay = (100.0 / frames_per_second).round() as u16;
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, w16, h16, &[]).map_err(|e| e.to_string())?;
        enc.set_repeat(gif::Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        for s in scenes {
            if s.pixel_size() != [w, h] {
                return Err("every frame must have the same size".into());
            }
            let mut rgba = super::png::rasterise(s);
            // Quantising is the slow part: coarser sampling on big frames.
            let speed = if w * h > 1_000_000 { 20 } else { 10 };
            let mut frame = gif::Frame::from_rgba_speed(w16, h16, &mut rgba, speed);
            frame.delay = delay;
            enc.write_frame(&frame).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn a_merge_gif_has_its_frames_at_its_size() {
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
        let scenes = merge_scenes(&g, &h, &positions, &ColourMode::Linked, 8, &a).expect("frames");
        assert_eq!(scenes.len(), 8 + 2, "8 frames and a short hold");
        let bytes = to_gif(&scenes, 10.0).expect("encodes");
        let mut decoder = gif::DecodeOptions::new();
        decoder.set_color_output(gif::ColorOutput::RGBA);
        let mut d = decoder.read_info(bytes.as_slice()).expect("reads");
        assert_eq!((d.width(), d.height()), (320, 180));
        let mut frames = 0;
        while let Some(f) = d.read_next_frame().expect("frame") {
            assert_eq!(f.delay, 10);
            frames += 1;
        }
        assert_eq!(frames, 10);
        // The last frame of the merge is level 1 drawn on level 0's panel: every node on its
        // cluster's disc.
        let end = &scenes[7].panels[0];
        let up = &scenes[7].panels[1];
        assert_eq!(end.overlay_alpha, 1.0);
        for (i, n) in end.nodes.iter().enumerate() {
            assert_eq!(n.colour, up.nodes[i / 4].colour, "node {i}");
        }
    }
}
