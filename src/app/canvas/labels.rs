//! Node names that do not cover each other: each name is tried right of its node, then left,
//! above and below, and kept in the first place no earlier name occupies. Names come most
//! important first (the selection's neighbourhood, then the biggest nodes), so the ones that
//! give way are the least telling, as in Gephi's label adjust.

use eframe::egui::{Pos2, Rect, Vec2, pos2};
use std::collections::HashMap;

/// Side of the grid cells placed names are filed under (points): a name is checked only
/// against names in the cells it touches.
const CELL: f32 = 48.0;

/// A name to place: its node's centre and radius on screen, and the text's size.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    pub centre: Pos2,
    pub radius: f32,
    pub size: Vec2,
}

/// Where each candidate's text goes (its rectangle), or `None` where every place was taken or
/// outside `bounds`; candidates are placed in the order given, at most `max` of them.
pub fn place(candidates: &[Candidate], bounds: Rect, max: usize) -> Vec<Option<Rect>> {
    let mut grid: HashMap<(i32, i32), Vec<Rect>> = HashMap::new();
    let mut placed = 0;
    candidates
        .iter()
        .map(|c| {
            if placed >= max {
                return None;
            }
            let gap = c.radius + 2.0;
            let (w, h) = (c.size.x, c.size.y);
            let spots = [
                Rect::from_min_size(pos2(c.centre.x + gap, c.centre.y - h / 2.0), c.size),
                Rect::from_min_size(pos2(c.centre.x - gap - w, c.centre.y - h / 2.0), c.size),
                Rect::from_min_size(pos2(c.centre.x - w / 2.0, c.centre.y - gap - h), c.size),
                Rect::from_min_size(pos2(c.centre.x - w / 2.0, c.centre.y + gap), c.size),
            ];
            let free = spots.into_iter().find(|r| {
                bounds.contains_rect(*r)
                    && cells(*r).all(|k| {
                        grid.get(&k)
                            .is_none_or(|rs| rs.iter().all(|o| !inner(*o).intersects(inner(*r))))
                    })
            })?;
            for k in cells(free) {
                grid.entry(k).or_default().push(free);
            }
            placed += 1;
            Some(free)
        })
        .collect()
}

/// The grid cells a rectangle touches.
fn cells(r: Rect) -> impl Iterator<Item = (i32, i32)> {
    let (x0, x1) = (
        (r.min.x / CELL).floor() as i32,
        (r.max.x / CELL).floor() as i32,
    );
    let (y0, y1) = (
        (r.min.y / CELL).floor() as i32,
        (r.max.y / CELL).floor() as i32,
    );
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
}

/// Shrinks a rectangle by a hair so names that merely touch do not count as overlapping.
pub fn inner(r: Rect) -> Rect {
    r.shrink(0.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::vec2;

    fn cand(x: f32, y: f32) -> Candidate {
        Candidate {
            centre: pos2(x, y),
            radius: 4.0,
            size: vec2(40.0, 12.0),
        }
    }

    #[test]
    fn placed_names_never_overlap_and_the_first_keep_their_first_place() {
        let bounds = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 300.0));
        // A tight cluster of 30 nodes: many names give way, none overlap.
        let cands: Vec<Candidate> = (0..30)
            .map(|i| cand(150.0 + (i % 6) as f32 * 9.0, 120.0 + (i / 6) as f32 * 7.0))
            .collect();
        let placed = place(&cands, bounds, 400);
        let rects: Vec<Rect> = placed.iter().flatten().copied().collect();
        assert!(
            rects.len() >= 4 && rects.len() < 30,
            "{} placed",
            rects.len()
        );
        for (i, a) in rects.iter().enumerate() {
            assert!(bounds.contains_rect(*a));
            for b in &rects[i + 1..] {
                assert!(!inner(*a).intersects(inner(*b)), "{a:?} and {b:?}");
            }
        }
        // The first name sits right of its node, as a lone name would.
        let first = placed[0].expect("the first is always placed");
        assert_eq!(first.min, pos2(150.0 + 6.0, 120.0 - 6.0));
        // A second node just right of the first: its name goes to the other side or below.
        let two = place(&[cand(100.0, 100.0), cand(112.0, 100.0)], bounds, 10);
        let (a, b) = (two[0].expect("placed"), two[1].expect("placed"));
        assert!(!inner(a).intersects(inner(b)), "{a:?} {b:?}");
    }

    #[test]
    fn the_bound_and_the_edges_of_the_canvas_hold() {
        let bounds = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 300.0));
        let far: Vec<Candidate> = (0..50)
            .map(|i| cand(20.0 + i as f32 * 70.0 % 380.0, 20.0 + (i / 5) as f32 * 28.0))
            .collect();
        let placed = place(&far, bounds, 7);
        assert_eq!(placed.iter().flatten().count(), 7);
        // A node at the right edge gets its name on the left.
        let edge = place(&[cand(395.0, 150.0)], bounds, 10);
        assert!(edge[0].expect("placed").max.x <= 395.0);
    }
}
