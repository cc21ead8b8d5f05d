//! A Barnes-Hut quadtree over weighted points (Barnes & Hut 1986): each cell keeps the total
//! mass and centre of mass of the points below it, so a far cell's pull can stand in for all
//! of them.
//!
//! Cells live in one arena (`Vec`), rebuilt every iteration; building is O(n log n) and needs no
//! allocation per point. Points that coincide (or nearly) stop splitting at `MAX_DEPTH` and share
//! a leaf.

/// Splitting stops here, so coincident points cannot recurse forever.
const MAX_DEPTH: u32 = 32;
const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Geometric centre and half the side length.
    center: [f32; 2],
    half: f32,
    mass: f32,
    /// Mass-weighted sum of positions; divided by `mass` after building.
    com: [f32; 2],
    /// First of four children (consecutive in the arena), or `NONE` for a leaf.
    children: u32,
    /// For a leaf: the one point in it, or `NONE` when empty or holding several coincident ones.
    body: u32,
    count: u32,
    depth: u32,
}

impl Cell {
    fn new(center: [f32; 2], half: f32, depth: u32) -> Self {
        Self {
            center,
            half,
            mass: 0.0,
            com: [0.0; 2],
            children: NONE,
            body: NONE,
            count: 0,
            depth,
        }
    }
}

/// The tree; query with [`QuadTree::force_on`].
pub struct QuadTree {
    cells: Vec<Cell>,
}

impl QuadTree {
    /// Builds the tree over `positions` with masses `mass`.
    pub fn build(positions: &[[f32; 2]], mass: &[f32]) -> Self {
        let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for p in positions {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        if !lo[0].is_finite() {
            lo = [0.0; 2];
            hi = [0.0; 2];
        }
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0).max(1e-3) * 1.0001;
        let center = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let mut cells = Vec::with_capacity(positions.len() * 2 + 1);
        cells.push(Cell::new(center, half, 0));
        let mut tree = Self { cells };
        for (i, p) in positions.iter().enumerate() {
            tree.insert(i as u32, *p, mass[i], positions, mass);
        }
        for c in &mut tree.cells {
            if c.mass > 0.0 {
                c.com = [c.com[0] / c.mass, c.com[1] / c.mass];
            }
        }
        tree
    }

    fn quadrant(c: &Cell, p: [f32; 2]) -> u32 {
        u32::from(p[0] >= c.center[0]) + 2 * u32::from(p[1] >= c.center[1])
    }

    fn split(&mut self, at: usize) {
        let c = self.cells[at];
        let h = c.half / 2.0;
        let first = self.cells.len() as u32;
        for q in 0..4u32 {
            let dx = if q & 1 == 1 { h } else { -h };
            let dy = if q & 2 == 2 { h } else { -h };
            self.cells.push(Cell::new(
                [c.center[0] + dx, c.center[1] + dy],
                h,
                c.depth + 1,
            ));
        }
        self.cells[at].children = first;
    }

    fn insert(&mut self, body: u32, p: [f32; 2], m: f32, positions: &[[f32; 2]], mass: &[f32]) {
        let mut at = 0usize;
        loop {
            let c = &mut self.cells[at];
            c.mass += m;
            c.com[0] += p[0] * m;
            c.com[1] += p[1] * m;
            c.count += 1;
            if c.children != NONE {
                at = (c.children + Self::quadrant(c, p)) as usize;
                continue;
            }
            if c.count == 1 {
                c.body = body;
                return;
            }
            if c.depth >= MAX_DEPTH {
                // Coincident points share this leaf.
                c.body = NONE;
                return;
            }
            // A leaf with one earlier point: split and push that point down.
            let old = c.body;
            c.body = NONE;
            self.split(at);
            if old != NONE {
                let (op, om) = (positions[old as usize], mass[old as usize]);
                let child =
                    (self.cells[at].children + Self::quadrant(&self.cells[at], op)) as usize;
                let oc = &mut self.cells[child];
                oc.mass += om;
                oc.com[0] += op[0] * om;
                oc.com[1] += op[1] * om;
                oc.count += 1;
                oc.body = old;
            }
            at = (self.cells[at].children + Self::quadrant(&self.cells[at], p)) as usize;
        }
    }

    /// Calls `f(dx, dy, d2, cell_mass, point)` for the cells that act on point `body` at `p`,
    /// `dx, dy` pointing from the cell's centre of mass to `p`; `point` names the single point of
    /// a one-point leaf. A cell acts as a whole when its size over its distance is below `theta`.
    pub fn for_each_source(
        &self,
        body: u32,
        p: [f32; 2],
        theta: f32,
        mut f: impl FnMut(f32, f32, f32, f32, Option<u32>),
    ) {
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        stack.push(0);
        let theta2 = theta * theta;
        while let Some(at) = stack.pop() {
            let c = &self.cells[at as usize];
            if c.mass <= 0.0 {
                continue;
            }
            if c.children == NONE && c.body == body {
                continue;
            }
            let dx = p[0] - c.com[0];
            let dy = p[1] - c.com[1];
            let d2 = dx * dx + dy * dy;
            let size = 2.0 * c.half;
            if c.children == NONE || size * size < theta2 * d2 {
                let point = (c.children == NONE && c.body != NONE).then_some(c.body);
                f(dx, dy, d2, c.mass, point);
            } else {
                for k in 0..4 {
                    stack.push(c.children + k);
                }
            }
        }
    }

    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// Total mass under the root (equals the sum of all masses).
    pub fn total_mass(&self) -> f32 {
        self.cells[0].mass
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::rng::Rng;

    fn exact(positions: &[[f32; 2]], mass: &[f32], i: usize) -> [f32; 2] {
        let mut f = [0.0; 2];
        for j in 0..positions.len() {
            if j != i {
                let dx = positions[i][0] - positions[j][0];
                let dy = positions[i][1] - positions[j][1];
                let d2 = dx * dx + dy * dy;
                f[0] += dx * mass[j] / d2;
                f[1] += dy * mass[j] / d2;
            }
        }
        f
    }

    #[test]
    fn approximates_exact_repulsion() {
        let mut rng = Rng::new(5);
        let positions: Vec<[f32; 2]> = (0..2000)
            .map(|_| [rng.next_f32() * 100.0, rng.next_f32() * 100.0])
            .collect();
        let mass: Vec<f32> = (0..2000).map(|i| 1.0 + (i % 5) as f32).collect();
        let tree = QuadTree::build(&positions, &mass);
        assert!((tree.total_mass() - mass.iter().sum::<f32>()).abs() < 1.0);
        for i in [0usize, 17, 999, 1999] {
            let mut f = [0.0f32; 2];
            tree.for_each_source(i as u32, positions[i], 0.5, |dx, dy, d2, m, _| {
                f[0] += dx * m / d2;
                f[1] += dy * m / d2;
            });
            let e = exact(&positions, &mass, i);
            let err = ((f[0] - e[0]).powi(2) + (f[1] - e[1]).powi(2)).sqrt();
            let norm = (e[0] * e[0] + e[1] * e[1]).sqrt();
            assert!(
                err < 0.05 * norm + 1e-3,
                "node {i}: error {err} against {norm}"
            );
        }
    }

    #[test]
    fn coincident_points_do_not_recurse_forever() {
        let positions = vec![[1.0, 1.0]; 100];
        let mass = vec![1.0; 100];
        let tree = QuadTree::build(&positions, &mass);
        assert!(tree.cell_count() < 1000);
        assert_eq!(tree.total_mass(), 100.0);
    }
}
