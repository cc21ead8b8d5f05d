//! Positions for every level of a hierarchy: each level above 0 sits at the size-weighted
//! centroids of its members below, so the levels look alike and a merge is a move of members
//! onto their cluster; discs that would overlap are then pushed apart just enough. Shared by
//! the window's layout thread and the headless `render` command.
//!
//! (A ForceAtlas2 pass over the pooled graph was tried instead: the raw `SᵀAS` weights run to
//! hundreds and pull the clusters into one clump, losing the resemblance.)

use super::{LayoutSettings, Multilevel, centroids};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::time::{Duration, Instant};

/// Rounds of overlap removal each upper level gets.
pub const UPPER_REFINE: usize = 120;
/// Levels of at most this many nodes are spaced for a narrow column.
const SMALL_LEVEL: usize = 64;
/// Above this many nodes a level keeps its centroids as they are (pairwise separation would
/// cost too much, and discs that small may touch).
const SEPARATE_BELOW: usize = 1500;

/// Radius in pixels of a cluster standing for `size` original nodes when the largest stands
/// for `max`: the area follows the size. The window and `render` draw with it.
pub fn cluster_radius(size: f32, max: f32) -> f32 {
    3.0 + 11.0 * (size / max.max(1e-9)).max(0.0).sqrt()
}

/// The bounding box `(min, max)` of the finite positions; `None` when there are none.
pub fn bounds(positions: &[[f32; 2]]) -> Option<([f32; 2], [f32; 2])> {
    let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
    for p in positions
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
    {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    lo[0].is_finite().then_some((lo, hi))
}

/// Pushes overlapping discs apart (half each, pinned ones stay), until none overlap, the
/// rounds run out, or the deadline passes.
fn separate(
    pos: &mut [[f32; 2]],
    radii: &[f32],
    pinned: &[bool],
    rounds: usize,
    deadline: Option<Instant>,
) {
    let n = pos.len();
    let mut delta = vec![[0.0f32; 2]; n];
    for _ in 0..rounds {
        if deadline.is_some_and(|d| Instant::now() > d) {
            return;
        }
        delta.iter_mut().for_each(|d| *d = [0.0; 2]);
        let mut overlaps = false;
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]);
                let d = dx.hypot(dy);
                let want = radii[i] + radii[j];
                if d >= want {
                    continue;
                }
                overlaps = true;
                // Coinciding discs part along a direction fixed by their indices.
                let (ux, uy) = if d > want * 1e-4 {
                    (dx / d, dy / d)
                } else {
                    let a = (i * 7919 + j * 104_729) as f32 * 2.399_963;
                    (a.cos(), a.sin())
                };
                let push = (want - d) / 2.0;
                delta[i][0] -= ux * push;
                delta[i][1] -= uy * push;
                delta[j][0] += ux * push;
                delta[j][1] += uy * push;
            }
        }
        if !overlaps {
            return;
        }
        for (i, p) in pos.iter_mut().enumerate() {
            if !pinned.get(i).copied().unwrap_or(false) {
                p[0] += delta[i][0];
                p[1] += delta[i][1];
            }
        }
    }
}

fn hard_rows(h: &Hierarchy, l: usize) -> Vec<Vec<(u32, f32)>> {
    h.levels[l]
        .hard
        .iter()
        .map(|c| c.map(|c| vec![(c, 1.0)]).unwrap_or_default())
        .collect()
}

/// Level 0 as given, then each level above from the one below. `pins` are `(level, node,
/// position)` triples the user dragged; `budget` caps each level's overlap removal (`None`:
/// run all `refine` rounds, which makes the result reproducible).
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
        let n = h.levels[l].node_count;
        let mut pos = centroids(below, &h.levels[l - 1].sizes, &hard_rows(h, l - 1), n);
        let mut pinned = vec![false; n];
        for &(_, node, p) in pins.iter().filter(|p| p.0 == l) {
            if node < n {
                pos[node] = p;
                pinned[node] = true;
            }
        }
        if n < SEPARATE_BELOW {
            // Pixels to layout units: a panel shows about 350 pixels across the wider of this
            // level's spread and a quarter of the level below's (centroids can all but
            // coincide when the clusters have no geometry of their own).
            let span = |ps: &[[f32; 2]]| {
                bounds(ps).map_or(0.0, |(lo, hi)| (hi[0] - lo[0]).max(hi[1] - lo[1]))
            };
            // A level of a few nodes gets a narrow column (football's 12 beside its 115): its
            // discs are kept apart as if the panel were 150 pixels across, so a selection's
            // kept nodes, which can all come from one region, do not heap up.
            let across = if n <= SMALL_LEVEL { 150.0 } else { 350.0 };
            let unit = span(&pos).max(0.25 * span(below)).max(1e-6) / across;
            let sizes = &h.levels[l].sizes;
            let max = sizes.iter().copied().fold(1.0f32, f32::max);
            let radii: Vec<f32> = (0..n)
                .map(|i| (cluster_radius(sizes.get(i).copied().unwrap_or(1.0), max) + 2.0) * unit)
                .collect();
            separate(
                &mut pos,
                &radii,
                &pinned,
                refine,
                budget.map(|b| Instant::now() + b),
            );
        }
        out.push(pos);
    }
    out
}

/// Level 0's starting positions: the file's coordinates (y pointing down, as on screen) when
/// it has them. Longitude and latitude are drawn equirectangular: a degree of longitude is
/// shortened by the cosine of the mean latitude, so Minnesota is as tall as it is on a map
/// rather than 1.4 times too wide.
pub fn file_positions(graph: &Graph) -> Option<Vec<[f32; 2]>> {
    let c = graph.nodes.coords.as_ref()?;
    let squeeze = if graph.nodes.geographic && !c.is_empty() {
        let mean = c.iter().map(|p| f64::from(p[1])).sum::<f64>() / c.len() as f64;
        mean.to_radians().cos().max(0.05) as f32
    } else {
        1.0
    };
    Some(c.iter().map(|p| [p[0] * squeeze, -p[1]]).collect())
}

/// Lays out every level without a window: level 0 keeps the file's coordinates or runs the
/// multilevel layout with `settings` (what the window's layout thread runs), then the levels
/// above follow.
pub fn lay_out_levels(
    graph: &Graph,
    h: Option<&Hierarchy>,
    settings: &LayoutSettings,
) -> Vec<Vec<[f32; 2]>> {
    let level0 = file_positions(graph).unwrap_or_else(|| {
        let mut layout = Multilevel::new(graph.symmetric().into_owned(), None, settings.clone());
        layout.run();
        layout.positions()
    });
    above(h, level0)
}

/// [`lay_out_levels`] within a command's bounds: the layout's memory checked before it is
/// built, its time projected from its first iterations on the graph itself against `limit`
/// (`--layout-iterations` is the way out the words give); `say` hears a long one announced.
pub fn lay_out_levels_within(
    graph: &Graph,
    h: Option<&Hierarchy>,
    settings: &LayoutSettings,
    limit: Option<Duration>,
    say: impl FnMut(&str),
) -> Result<Vec<Vec<[f32; 2]>>, String> {
    let level0 = match file_positions(graph) {
        Some(p) => p,
        None => {
            let start = Instant::now();
            let edges = graph.edge_count();
            super::limits::check_memory(
                graph.node_count(),
                edges,
                crate::train::budget::machine_bytes(),
            )?;
            let sym = graph.symmetric().into_owned();
            let mut layout = Multilevel::new(sym, None, settings.clone());
            let mut clock = super::limits::Clock::new(limit, "--layout-iterations");
            super::limits::run_within(&mut layout, &mut clock, start, edges, |_| {}, say)?;
            layout.positions()
        }
    };
    Ok(above(h, level0))
}

/// The levels of `h` above `level0`'s positions, when `h` is a hierarchy of that graph.
fn above(h: Option<&Hierarchy>, level0: Vec<[f32; 2]>) -> Vec<Vec<[f32; 2]>> {
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
    fn longitude_is_shortened_by_the_cosine_of_latitude() {
        let loaded = crate::samples::find("minnesota")
            .expect("sample")
            .load()
            .expect("loads");
        let g = loaded.first_graph().expect("graph");
        assert!(g.nodes.geographic);
        let p = file_positions(g).expect("coordinates");
        let (lo, hi) = crate::layout::bounds(&p).expect("points");
        // Minnesota spans 7.7 degrees of longitude and 5.5 of latitude around 46.4° N:
        // drawn 7.7 × cos 46.4° = 5.3 wide, so a little taller than wide, as on a map.
        let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
        assert!((w / h - 0.96).abs() < 0.05, "aspect {}", w / h);
        let mut plain = g.clone();
        plain.nodes.geographic = false;
        let q = file_positions(&plain).expect("coordinates");
        let (lo, hi) = crate::layout::bounds(&q).expect("points");
        assert!((hi[0] - lo[0]) / (hi[1] - lo[1]) > 1.3);
    }

    #[test]
    fn every_level_gets_one_finite_position_per_node() {
        let g = ring_of_cliques(4, 5);
        let s = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i / 5 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "test");
        let settings = LayoutSettings {
            max_iterations: 200,
            ..LayoutSettings::default()
        };
        let p = lay_out_levels(&g, Some(&h), &settings);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 20);
        assert_eq!(p[1].len(), 4);
        assert!(
            p.iter()
                .flatten()
                .all(|q| q[0].is_finite() && q[1].is_finite())
        );
        // Reproducible: no time budget anywhere.
        assert_eq!(p, lay_out_levels(&g, Some(&h), &settings));
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

    #[test]
    fn separation_removes_overlaps_and_leaves_the_rest() {
        let mut pos = vec![[0.0, 0.0], [0.5, 0.0], [0.5, 0.0], [10.0, 10.0]];
        let radii = [1.0; 4];
        separate(&mut pos, &radii, &[false, false, false, false], 500, None);
        for i in 0..4 {
            for j in i + 1..4 {
                let d = (pos[i][0] - pos[j][0]).hypot(pos[i][1] - pos[j][1]);
                assert!(d >= 2.0 - 1e-3, "{i} and {j} still overlap: {d}");
            }
        }
        assert_eq!(
            pos[3],
            [10.0, 10.0],
            "a disc clear of the others does not move"
        );
        // A pinned disc stays where the user put it.
        let mut pos = vec![[0.0, 0.0], [0.5, 0.0]];
        separate(&mut pos, &[1.0, 1.0], &[true, false], 500, None);
        assert_eq!(pos[0], [0.0, 0.0]);
        assert!(pos[1][0] >= 2.0 - 1e-3);
    }

    #[test]
    fn a_selection_s_kept_nodes_from_one_region_are_drawn_apart() {
        // 40 nodes spread over 100 units; the 6 kept ones sit within a unit of each other.
        let g = ring_of_cliques(8, 5);
        let level0: Vec<[f32; 2]> = (0..40)
            .map(|i| {
                if i < 6 {
                    [0.1 * i as f32, 0.0]
                } else {
                    [
                        100.0 * (i as f32 * 0.7).cos(),
                        100.0 * (i as f32 * 0.7).sin(),
                    ]
                }
            })
            .collect();
        let s = Array2::from_shape_fn((40, 6), |(i, k)| f32::from(i == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t");
        let levels = upper_levels(&h, &level0, &[], UPPER_REFINE, None);
        let up = &levels[1];
        let mut closest = f32::INFINITY;
        for i in 0..6 {
            for j in 0..i {
                closest = closest.min((up[i][0] - up[j][0]).hypot(up[i][1] - up[j][1]));
            }
        }
        // Level 0 spans 200 units, so a unit of a 150-pixel column is 200 / 4 / 150; two discs
        // of 14 + 2 pixels need 32 pixels between centres: 10.7 units (the old 350-pixel
        // column gave them 4.6, a heap in a narrow panel).
        assert!(closest >= 10.0, "closest {closest}");
    }
}
