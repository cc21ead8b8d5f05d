//! Convex hulls of node groups, padded around each node's disc: the outline that groups a
//! level's nodes by the level above when colours already name the level below.

use super::scene::SceneNode;

/// The convex hull of `points`, counter-clockwise (y up) without repeating the first point;
/// fewer than three distinct points come back as they are, deduplicated.
pub fn convex_hull(points: &[[f32; 2]]) -> Vec<[f32; 2]> {
    let mut p: Vec<[f32; 2]> = points
        .iter()
        .copied()
        .filter(|q| q[0].is_finite() && q[1].is_finite())
        .collect();
    p.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    p.dedup();
    if p.len() < 3 {
        return p;
    }
    let cross = |o: [f32; 2], a: [f32; 2], b: [f32; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    // Andrew's monotone chain: the lower hull left to right, the upper right to left.
    let mut hull: Vec<[f32; 2]> = Vec::with_capacity(2 * p.len());
    for pass in [p.clone(), p.iter().rev().copied().collect()] {
        let start = hull.len();
        for q in pass {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0.0
            {
                hull.pop();
            }
            hull.push(q);
        }
        hull.pop();
    }
    hull
}

/// The hull of discs of radius `pad` around `points` (eight points on each circle): a group of
/// one node is a circle, of two a capsule.
pub fn padded_hull(points: &[[f32; 2]], pad: f32) -> Vec<[f32; 2]> {
    let ring: Vec<[f32; 2]> = (0..8)
        .map(|k| {
            let a = k as f32 * std::f32::consts::FRAC_PI_4;
            [pad * a.cos(), pad * a.sin()]
        })
        .collect();
    let around: Vec<[f32; 2]> = points
        .iter()
        .flat_map(|p| ring.iter().map(move |d| [p[0] + d[0], p[1] + d[1]]))
        .collect();
    convex_hull(&around)
}

/// The outlines of the groups of a scene's nodes.
/// The outline of each group of `nodes` (`groups[i]`: node `i`'s), a padded hull around its
/// discs, by group number.
pub(super) fn group_outlines(
    nodes: &[SceneNode],
    groups: &[Option<u32>],
) -> Vec<(u32, Vec<[f32; 2]>)> {
    let mut members: std::collections::BTreeMap<u32, Vec<[f32; 2]>> = Default::default();
    let mut pad = 0.0f32;
    for (n, g) in nodes.iter().zip(groups) {
        if let Some(g) = g {
            members.entry(*g).or_default().push([n.x, n.y]);
            pad = pad.max(n.r);
        }
    }
    members
        .into_iter()
        .map(|(g, pts)| (g, padded_hull(&pts, pad + 5.0)))
        .filter(|(_, hull)| hull.len() >= 3)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::Hierarchy;
    use crate::render::{ColourMode, Scene, SceneOptions};

    #[test]
    fn the_hull_keeps_the_corners_and_drops_what_is_inside() {
        let pts = [
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [1.0, 1.0],
            [1.0, 0.0],
        ];
        let h = convex_hull(&pts);
        assert_eq!(h, vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]);
        assert_eq!(convex_hull(&[[1.0, 1.0], [1.0, 1.0]]), vec![[1.0, 1.0]]);
        assert!(convex_hull(&[[f32::NAN, 0.0]]).is_empty());
    }

    #[test]
    fn a_padded_hull_holds_every_disc() {
        let h = padded_hull(&[[0.0, 0.0], [10.0, 0.0]], 2.0);
        assert_eq!(
            h.len(),
            10,
            "a capsule: the outer half of each end's circle"
        );
        let xs = h.iter().map(|p| p[0]);
        let (lo, hi) = xs.fold((f32::MAX, f32::MIN), |(a, b), x| (a.min(x), b.max(x)));
        assert!((lo + 2.0).abs() < 1e-5 && (hi - 12.0).abs() < 1e-5);
    }

    #[test]
    fn linked_colours_outline_level_two_s_groups_in_pngs_and_svgs() {
        // 24 nodes in 6 cliques; level 1 finds them, level 2 pairs 0-2 and 3-5 (or collapses).
        let g = crate::generate::ring_of_cliques(6, 4);
        let s0 = ndarray::Array2::from_shape_fn((24, 6), |(i, k)| f32::from(i / 4 == k));
        let scene = |s1: ndarray::Array2<f32>| {
            let h = Hierarchy::from_parts(
                g.symmetric().into_owned(),
                vec![s0.clone(), s1],
                None,
                vec![],
                "t",
            );
            let positions: Vec<Vec<[f32; 2]>> = (0..3)
                .map(|l| {
                    (0..h.levels[l].node_count)
                        .map(|i| [(i as f32 * 0.7).cos() * (1.0 + i as f32), (i as f32).sin()])
                        .collect()
                })
                .collect();
            Scene::build_with(
                &g,
                Some(&h),
                &positions,
                &ColourMode::Linked,
                1200,
                500,
                &SceneOptions::default(),
            )
            .expect("a scene")
        };
        let two = scene(ndarray::Array2::from_shape_fn((6, 2), |(i, k)| {
            f32::from(i / 3 == k)
        }));
        let groups: Vec<u32> = two.panels[0].outlines.iter().map(|o| o.0).collect();
        assert_eq!(groups, vec![0, 1], "level 0: one outline per level-2 group");
        assert_eq!(two.panels[1].outlines.len(), 2, "level 1 too");
        assert!(
            two.panels[2].outlines.is_empty(),
            "the top has nothing above"
        );
        // Every node of group 0 lies inside its outline's bounding box.
        let ring = &two.panels[0].outlines[0].1;
        let (lo, hi) = ring
            .iter()
            .fold(([f32::MAX; 2], [f32::MIN; 2]), |(lo, hi), q| {
                (
                    [lo[0].min(q[0]), lo[1].min(q[1])],
                    [hi[0].max(q[0]), hi[1].max(q[1])],
                )
            });
        for n in &two.panels[0].nodes[..12] {
            assert!(n.x > lo[0] && n.x < hi[0] && n.y > lo[1] && n.y < hi[1]);
        }
        // A group's number stays inside its panel, under the title.
        let p = &two.panels[0];
        let above = [
            [p.x - 50.0, p.y - 40.0],
            [p.x + 10.0, p.y - 30.0],
            [p.x, p.y + 5.0],
        ];
        let [x, y] = crate::render::png::outline_label_at(&above, p, &two);
        assert!(x > p.x && x < p.x + p.w, "{x} in {}..{}", p.x, p.x + p.w);
        assert!(
            y > p.y + two.text.line * p.title.len() as f32,
            "{y} under the title"
        );
        let svg = crate::render::to_svg(&two);
        assert_eq!(svg.matches("<polygon").count(), 4);
        assert!(svg.contains("<title>group 1</title>"));
        assert!(!crate::render::rasterise(&two).is_empty());
        let collapsed = scene(ndarray::Array2::from_shape_fn((6, 2), |(i, k)| {
            f32::from((i == 5) == (k == 1))
        }));
        assert!(collapsed.panels.iter().all(|p| p.outlines.is_empty()));
    }
}
