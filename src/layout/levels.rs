//! Positions for every level of a hierarchy: each level above 0 starts at the size-weighted
//! centroids of its members below and is refined briefly, so the levels look alike. Shared by
//! the window's layout thread and the headless `render` command.

use super::{ForceAtlas2, centroids};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::time::Duration;

/// Iterations of ForceAtlas2 each upper level gets on top of its warm start.
pub const UPPER_REFINE: usize = 80;

fn hard_rows(h: &Hierarchy, l: usize) -> Vec<Vec<(u32, f32)>> {
    h.levels[l]
        .hard
        .iter()
        .map(|c| c.map(|c| vec![(c, 1.0)]).unwrap_or_default())
        .collect()
}

/// Level 0 as given, then each level above from the one below. `pins` are `(level, node,
/// position)` triples the user dragged; `budget` caps each level's refinement (`None`: run all
/// `refine` iterations, which makes the result reproducible).
pub fn upper_levels(
    h: &Hierarchy,
    level0: &[[f32; 2]],
    pins: &[(usize, usize, [f32; 2])],
    refine: usize,
    budget: Option<Duration>,
) -> Vec<Vec<[f32; 2]>> {
    let mut out = vec![level0.to_vec()];
    for l in 1..h.depth() {
        let below = &out[l - 1];
        let init = centroids(
            below,
            &h.levels[l - 1].sizes,
            &hard_rows(h, l - 1),
            h.levels[l].node_count,
        );
        let mut fa = ForceAtlas2::new(h.levels[l].adjacency.clone(), Some(init), l as u64);
        for &(_, node, pos) in pins.iter().filter(|p| p.0 == l) {
            if node < fa.node_count() {
                fa.positions[node] = pos;
                fa.pinned[node] = true;
            }
        }
        fa.run(refine, budget);
        out.push(fa.positions);
    }
    out
}

/// Level 0's starting positions: the file's coordinates (y pointing down, as on screen) when
/// it has them.
pub fn file_positions(graph: &Graph) -> Option<Vec<[f32; 2]>> {
    graph
        .nodes
        .coords
        .as_ref()
        .map(|c| c.iter().map(|p| [p[0], -p[1]]).collect())
}

/// Lays out every level without a window: level 0 keeps the file's coordinates or runs
/// ForceAtlas2 until it settles (at most `iterations`), then the levels above follow.
pub fn lay_out_levels(
    graph: &Graph,
    h: Option<&Hierarchy>,
    iterations: usize,
    seed: u64,
) -> Vec<Vec<[f32; 2]>> {
    let level0 = match file_positions(graph) {
        Some(p) => p,
        None => {
            let mut fa = ForceAtlas2::new(graph.symmetric().into_owned(), None, seed);
            fa.run(iterations, None);
            fa.positions
        }
    };
    match h {
        Some(h) if h.levels.first().map(|l| l.node_count) == Some(level0.len()) => {
            upper_levels(h, &level0, &[], UPPER_REFINE, None)
        }
        _ => vec![level0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    #[test]
    fn every_level_gets_one_finite_position_per_node() {
        let g = ring_of_cliques(4, 5);
        let s = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i / 5 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "test");
        let p = lay_out_levels(&g, Some(&h), 200, 0);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 20);
        assert_eq!(p[1].len(), 4);
        assert!(
            p.iter()
                .flatten()
                .all(|q| q[0].is_finite() && q[1].is_finite())
        );
        // Reproducible: no time budget anywhere.
        assert_eq!(p, lay_out_levels(&g, Some(&h), 200, 0));
        // A cluster sits among its members: nearer their centroid than other clusters'.
        let centroid = |k: usize| {
            let m = &p[0][k * 5..k * 5 + 5];
            let c = m
                .iter()
                .fold([0.0f32; 2], |a, q| [a[0] + q[0], a[1] + q[1]]);
            [c[0] / 5.0, c[1] / 5.0]
        };
        let d = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
        for (k, &q) in p[1].iter().enumerate() {
            let own = d(q, centroid(k));
            for j in (0..4).filter(|&j| j != k) {
                assert!(own < d(q, centroid(j)), "cluster {k} strays to {j}");
            }
        }
    }
}
