//! One frame of level l merging into level l+1, shared by the window's animation and the
//! animated export: at `t = 0` level l as it is; as `t` grows its nodes travel to their
//! cluster and grow into its disc, taking its colour, while their edges fade and the pooled
//! edges fade in; at `t = 1` the frame is level l+1 drawn as itself (every member on its
//! cluster's disc, the pooled graph's edges at full strength). Nodes a score method dropped
//! fade away.

use crate::hierarchy::Hierarchy;
use epaint::Color32;

/// How level l looks at one moment of its merge.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeFrame {
    pub positions: Vec<[f32; 2]>,
    pub radii: Vec<f32>,
    pub colours: Vec<Color32>,
    /// Opacity of level l's own edges, and of level l+1's edges drawn over them.
    pub edge_alpha: f32,
    pub pooled_alpha: f32,
}

/// What the two levels look like on their own.
pub struct MergeInput<'a> {
    pub positions: &'a [[f32; 2]],
    pub radii: &'a [f32],
    pub colours: &'a [Color32],
    pub up_positions: &'a [[f32; 2]],
    pub up_radii: &'a [f32],
    pub up_colours: &'a [Color32],
}

/// Eases in and out, so members leave gently and arrive gently.
fn ease(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let (a, b) = (a.to_array(), b.to_array());
    let m = |k: usize| (f32::from(a[k]) + (f32::from(b[k]) - f32::from(a[k])) * t).round() as u8;
    Color32::from_rgba_premultiplied(m(0), m(1), m(2), m(3))
}

/// Level `l` of `h` at merge time `t` in [0, 1].
pub fn merge_frame(h: &Hierarchy, l: usize, t: f32, d: &MergeInput) -> MergeFrame {
    let e = ease(t);
    let hard = h.levels.get(l).map_or(&[][..], |lv| lv.hard.as_slice());
    let n = d.positions.len();
    let mut out = MergeFrame {
        positions: Vec::with_capacity(n),
        radii: Vec::with_capacity(n),
        colours: Vec::with_capacity(n),
        edge_alpha: 1.0 - e,
        pooled_alpha: e,
    };
    for i in 0..n {
        let (p, r, c) = (
            d.positions[i],
            d.radii.get(i).copied().unwrap_or(3.0),
            d.colours.get(i).copied().unwrap_or(Color32::GRAY),
        );
        let target = hard
            .get(i)
            .copied()
            .flatten()
            .map(|k| k as usize)
            .and_then(|k| {
                Some((
                    *d.up_positions.get(k)?,
                    d.up_radii.get(k).copied().unwrap_or(r),
                    d.up_colours.get(k).copied().unwrap_or(c),
                ))
            });
        match target {
            Some((q, rq, cq)) => {
                out.positions
                    .push([p[0] + (q[0] - p[0]) * e, p[1] + (q[1] - p[1]) * e]);
                out.radii.push(r + (rq - r) * e);
                out.colours.push(mix(c, cq, e));
            }
            None => {
                // Dropped: stays, and fades out.
                out.positions.push(p);
                out.radii.push(r * (1.0 - e));
                out.colours.push(c.gamma_multiply(1.0 - e));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn at_the_end_level_l_is_drawn_as_level_l_plus_1() {
        let g = crate::generate::ring_of_cliques(3, 4);
        let s = Array2::from_shape_fn((12, 3), |(i, k)| f32::from(i / 4 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t");
        let pos: Vec<[f32; 2]> = (0..12).map(|i| [i as f32, (i * i) as f32]).collect();
        let up = vec![[100.0, 0.0], [0.0, 100.0], [-100.0, -100.0]];
        let (r, ur) = (vec![3.0; 12], vec![8.0, 10.0, 12.0]);
        let colours: Vec<Color32> = (0..12).map(|_| Color32::WHITE).collect();
        let up_colours = vec![Color32::RED, Color32::GREEN, Color32::BLUE];
        let input = MergeInput {
            positions: &pos,
            radii: &r,
            colours: &colours,
            up_positions: &up,
            up_radii: &ur,
            up_colours: &up_colours,
        };
        let start = merge_frame(&h, 0, 0.0, &input);
        assert_eq!(start.positions, pos);
        assert_eq!((start.edge_alpha, start.pooled_alpha), (1.0, 0.0));
        let end = merge_frame(&h, 0, 1.0, &input);
        for i in 0..12 {
            let k = i / 4;
            assert_eq!(end.positions[i], up[k], "node {i} sits on its cluster");
            assert_eq!(end.radii[i], ur[k], "and has grown into its disc");
            assert_eq!(end.colours[i], up_colours[k], "in its colour");
        }
        assert_eq!((end.edge_alpha, end.pooled_alpha), (0.0, 1.0));
        // Half way, on the way: between the node and its cluster.
        let mid = merge_frame(&h, 0, 0.5, &input);
        let d = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
        assert!(d(mid.positions[0], up[0]) < d(pos[0], up[0]));
        assert!(mid.radii[0] > 3.0 && mid.radii[0] < 8.0);
    }
}
