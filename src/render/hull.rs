//! Convex hulls of node groups, padded around each node's disc: the outline that groups a
//! level's nodes by the level above when colours already name the level below.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
