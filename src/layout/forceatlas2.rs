//! ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian, PLoS ONE 2014).
//!
//! Takes a symmetric CSR adjacency, node sizes and starting positions; produces positions.
//! Forces per iteration, for nodes i, j with mass m = degree + 1:
//! - repulsion `kr · m_i · m_j / d` (Barnes-Hut quadtree above [`EXACT_BELOW`] nodes; with
//!   prevent-overlap, `d` is the gap between the node discs and overlapping nodes push hard);
//! - attraction `w^δ · d` along each edge, `w^δ · ln(1 + d)` in LinLog mode, divided by `m_i`
//!   when dissuading hubs;
//! - gravity `kg · m_i` towards the origin, or `kg · m_i · d` with strong gravity.
//!
//! Each node's speed adapts to its swing (how much its force changed direction) against the
//! global traction, as in the paper. Forces are computed per node in parallel with rayon and
//! written by index, so results depend only on the seed, not on the thread count.

use super::quadtree::QuadTree;
use crate::graph::Csr;
use crate::numeric::rng::Rng;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Nodes per parallel chunk of the update (fixed, so sums do not depend on the thread count).
const CHUNK: usize = 4096;

/// Graphs smaller than this use exact O(n²) repulsion.
pub const EXACT_BELOW: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub struct Fa2Settings {
    /// `kr`, the repulsion scale.
    pub scaling: f32,
    /// `kg`.
    pub gravity: f32,
    pub strong_gravity: bool,
    pub lin_log: bool,
    /// δ: 0 ignores weights, 1 uses them as they are.
    pub edge_weight_influence: f32,
    /// Outbound attraction distribution: hubs are pulled less and drift to the border.
    pub dissuade_hubs: bool,
    /// Repel by the gap between node discs (needs node sizes).
    pub prevent_overlap: bool,
    /// Barnes-Hut accuracy: a cell acts as one body when size / distance < theta.
    pub theta: f32,
    /// Speed tolerance: higher moves faster and swings more.
    pub tolerance: f32,
}

impl Default for Fa2Settings {
    fn default() -> Self {
        Self {
            scaling: 2.0,
            gravity: 1.0,
            strong_gravity: false,
            lin_log: false,
            edge_weight_influence: 1.0,
            dissuade_hubs: false,
            prevent_overlap: false,
            theta: 1.2,
            tolerance: 1.0,
        }
    }
}

/// What a call to [`ForceAtlas2::run`] did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepReport {
    pub iterations: usize,
    /// Mean swing per unit of mass in the last iteration.
    pub swing: f32,
    /// Mean node displacement in the last iteration, relative to the layout's radius.
    pub displacement: f32,
    pub settled: bool,
}

/// Layout state of one graph.
pub struct ForceAtlas2 {
    pub settings: Fa2Settings,
    adjacency: Csr,
    mass: Vec<f32>,
    /// Disc radius of each node in layout units (prevent-overlap).
    pub sizes: Vec<f32>,
    /// Nodes the user placed: they are never moved.
    pub pinned: Vec<bool>,
    pub positions: Vec<[f32; 2]>,
    previous_force: Vec<[f32; 2]>,
    speed: f32,
    speed_efficiency: f32,
    swing: f32,
    displacement: f32,
    /// Mean distance of the nodes from the origin at the last iteration.
    radius: f32,
    iterations: usize,
}

/// Relative displacement below which the layout counts as settled.
pub const SETTLED_DISPLACEMENT: f32 = 2e-4;

impl ForceAtlas2 {
    /// Starts from `initial` (when it has one finite position per node) or from a seeded random
    /// square. Weights are taken by absolute value; zero-weight edges pull nothing.
    pub fn new(adjacency: Csr, initial: Option<Vec<[f32; 2]>>, seed: u64) -> Self {
        let n = adjacency.node_count();
        let mass = (0..n).map(|i| adjacency.degree(i) as f32 + 1.0).collect();
        let positions = match initial {
            Some(p) if p.len() == n && p.iter().all(|q| q[0].is_finite() && q[1].is_finite()) => p,
            _ => random_square(n, seed),
        };
        Self {
            settings: Fa2Settings::default(),
            adjacency,
            mass,
            sizes: vec![1.0; n],
            pinned: vec![false; n],
            positions,
            previous_force: vec![[0.0; 2]; n],
            speed: 1.0,
            speed_efficiency: 1.0,
            swing: f32::INFINITY,
            displacement: f32::INFINITY,
            radius: 0.0,
            iterations: 0,
        }
    }

    pub fn node_count(&self) -> usize {
        self.positions.len()
    }

    pub fn adjacency(&self) -> &Csr {
        &self.adjacency
    }

    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Mean swing per unit of mass at the last iteration.
    pub fn swing(&self) -> f32 {
        self.swing
    }

    /// Mean node displacement of the last iteration, relative to the layout's radius.
    pub fn displacement(&self) -> f32 {
        self.displacement
    }

    /// Replaces the masses (degree + 1 by default): a coarsened graph's node weighs what its
    /// members weigh together. Ignored unless there is one finite positive mass per node.
    pub fn set_mass(&mut self, mass: Vec<f32>) {
        if mass.len() == self.node_count() && mass.iter().all(|m| m.is_finite() && *m > 0.0) {
            self.mass = mass;
        }
    }

    pub fn is_settled(&self) -> bool {
        self.displacement < SETTLED_DISPLACEMENT
    }

    /// Runs up to `max_iterations`, stopping early when `budget` is spent or the layout settles.
    pub fn run(&mut self, max_iterations: usize, budget: Option<Duration>) -> StepReport {
        let start = Instant::now();
        let mut done = 0;
        while done < max_iterations {
            self.step();
            done += 1;
            if self.is_settled() || budget.is_some_and(|b| start.elapsed() >= b) {
                break;
            }
        }
        StepReport {
            iterations: done,
            swing: self.swing,
            displacement: self.displacement,
            settled: self.is_settled(),
        }
    }

    fn forces(&self) -> Vec<[f32; 2]> {
        let n = self.node_count();
        let s = &self.settings;
        let pos = &self.positions;
        let mass = &self.mass;
        let sizes = &self.sizes;
        let adj = &self.adjacency;
        let tree = (n >= EXACT_BELOW).then(|| QuadTree::build(pos, mass));
        let mean_mass = mass.iter().sum::<f32>() / n.max(1) as f32;
        // Repulsion and attraction are two passes: the first walks the tree in the tree's
        // (Morton) order, the second the rows in memory order, each reading memory nearly in
        // order; one pass in either order misses the cache on the other's reads.
        let repulsion = |i: usize| {
            let p = pos[i];
            let mut f = [0.0f32; 2];
            let kr = s.scaling * mass[i];
            // Repulsion: the factor that multiplies (dx, dy).
            let repel = |d2: f32, m: f32, other_size: Option<f32>| -> f32 {
                if d2 <= 0.0 {
                    return 0.0;
                }
                match other_size {
                    Some(other) => {
                        let d = d2.sqrt();
                        let gap = d - sizes[i] - other;
                        if gap > 0.0 {
                            kr * m / (gap * d)
                        } else {
                            100.0 * kr * m / d
                        }
                    }
                    None => kr * m / d2,
                }
            };
            match &tree {
                Some(t) => t.for_each_source(i as u32, p, s.theta, |dx, dy, d2, m, point| {
                    let other = point
                        .filter(|_| s.prevent_overlap)
                        .map(|j| sizes[j as usize]);
                    let k = repel(d2, m, other);
                    f[0] += dx * k;
                    f[1] += dy * k;
                }),
                None => {
                    for j in 0..n {
                        if j == i {
                            continue;
                        }
                        let dx = p[0] - pos[j][0];
                        let dy = p[1] - pos[j][1];
                        let d2 = dx * dx + dy * dy;
                        if d2 == 0.0 {
                            // Coincident nodes: separate along a direction fixed by the pair.
                            let angle =
                                ((i.min(j) * 7919 + i.max(j) * 104_729) % 6283) as f32 / 1000.0;
                            let sign = if i < j { 1.0 } else { -1.0 };
                            f[0] += angle.cos() * 0.01 * sign;
                            f[1] += angle.sin() * 0.01 * sign;
                            continue;
                        }
                        let k = repel(d2, mass[j], s.prevent_overlap.then_some(sizes[j]));
                        f[0] += dx * k;
                        f[1] += dy * k;
                    }
                }
            }
            f
        };
        // Attraction as ForceAtlas2 has it by default: edge weights as they are, no discs.
        let plain = !s.prevent_overlap && s.edge_weight_influence == 1.0;
        let pull = |i: usize| {
            let p = pos[i];
            let mut f = [0.0f32; 2];
            // Attraction along edges.
            let (cols, vals) = adj.row(i);
            let hub = if s.dissuade_hubs {
                mean_mass / mass[i]
            } else {
                1.0
            };
            if plain {
                // The defaults, without per-edge branches: a self-loop or a zero weight pulls
                // nothing here either (dx = dy = 0, or w = 0).
                for (&j, &w) in cols.iter().zip(vals) {
                    let q = pos[j as usize];
                    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
                    let factor = if s.lin_log {
                        let d = (dx * dx + dy * dy).sqrt();
                        if d > 0.0 {
                            w.abs() * (1.0 + d).ln() / d
                        } else {
                            0.0
                        }
                    } else {
                        w.abs()
                    };
                    f[0] += dx * factor;
                    f[1] += dy * factor;
                }
                f = [f[0] * hub, f[1] * hub];
            } else {
                for (&j, &w) in cols.iter().zip(vals) {
                    let j = j as usize;
                    if j == i || w == 0.0 {
                        continue;
                    }
                    let dx = pos[j][0] - p[0];
                    let dy = pos[j][1] - p[1];
                    let w = if s.edge_weight_influence == 0.0 {
                        1.0
                    } else if s.edge_weight_influence == 1.0 {
                        // powf costs more than the rest of the edge.
                        w.abs()
                    } else {
                        w.abs().powf(s.edge_weight_influence)
                    };
                    let mut d = (dx * dx + dy * dy).sqrt();
                    if s.prevent_overlap {
                        d -= sizes[i] + sizes[j];
                        if d <= 0.0 {
                            continue;
                        }
                    }
                    let factor = if s.lin_log {
                        if d > 0.0 { w * (1.0 + d).ln() / d } else { 0.0 }
                    } else {
                        w
                    } * hub;
                    f[0] += dx * factor;
                    f[1] += dy * factor;
                }
            }
            // Gravity towards the origin keeps components in view.
            let d = (p[0] * p[0] + p[1] * p[1]).sqrt();
            if d > 0.0 {
                let g = if s.strong_gravity {
                    s.gravity * mass[i]
                } else {
                    s.gravity * mass[i] / d
                };
                f[0] -= p[0] * g;
                f[1] -= p[1] * g;
            }
            f
        };
        let repelled = match &tree {
            Some(t) => t.map_points(repulsion),
            None => (0..n).into_par_iter().map(repulsion).collect(),
        };
        repelled
            .into_par_iter()
            .enumerate()
            .map(|(i, r)| {
                let a = pull(i);
                let f = [r[0] + a[0], r[1] + a[1]];
                if f[0].is_finite() && f[1].is_finite() {
                    f
                } else {
                    [0.0; 2]
                }
            })
            .collect()
    }

    /// One iteration; returns the mean swing.
    pub fn step(&mut self) -> f32 {
        let n = self.node_count();
        self.iterations += 1;
        if n == 0 {
            self.swing = 0.0;
            self.displacement = 0.0;
            return 0.0;
        }
        let forces = self.forces();

        // Global speed from swing against traction (section "Adaptive speed" of the paper).
        // Sums run over fixed chunks, added in order, so they do not depend on the thread count.
        let parts: Vec<(f64, f64)> = forces
            .par_chunks(CHUNK)
            .zip(self.previous_force.par_chunks(CHUNK))
            .zip(self.mass.par_chunks(CHUNK))
            .map(|((forces, previous), mass)| {
                let (mut swing, mut traction) = (0.0f64, 0.0f64);
                for ((f, p), &m) in forces.iter().zip(previous).zip(mass) {
                    let s = m * ((f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2)).sqrt();
                    let t = m * ((f[0] + p[0]).powi(2) + (f[1] + p[1]).powi(2)).sqrt() / 2.0;
                    swing += f64::from(s);
                    traction += f64::from(t);
                }
                (swing, traction)
            })
            .collect();
        let swing = parts.iter().map(|p| p.0).sum::<f64>() as f32;
        let traction = parts.iter().map(|p| p.1).sum::<f64>() as f32;
        let jitter = self.settings.tolerance * (0.05 * (n as f32).sqrt()).clamp(1.0, 10.0);
        let min_efficiency = 0.05;
        if traction > 0.0 && swing / traction > 2.0 {
            self.speed_efficiency = (self.speed_efficiency * 0.5).max(min_efficiency);
        }
        let target = if swing > 0.0 {
            jitter * self.speed_efficiency * traction / swing
        } else {
            self.speed
        };
        if swing > jitter * traction {
            self.speed_efficiency = (self.speed_efficiency * 0.7).max(min_efficiency);
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        self.speed += (target - self.speed).min(0.5 * self.speed);
        if !self.speed.is_finite() || self.speed <= 0.0 {
            self.speed = 1.0;
        }

        // Move each node, slower where it swings.
        let (speed, old_radius) = (self.speed, self.radius);
        let (mass, sizes, pinned) = (&self.mass, &self.sizes, &self.pinned);
        let parts: Vec<(f64, f64)> = self
            .positions
            .par_chunks_mut(CHUNK)
            .zip(self.previous_force.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(chunk, (positions, previous))| {
                let (mut moved, mut radius) = (0.0f64, 0.0f64);
                for (k, (pos, prev)) in positions.iter_mut().zip(previous).enumerate() {
                    let i = chunk * CHUNK + k;
                    let f = forces[i];
                    let p = std::mem::replace(prev, f);
                    radius += (f64::from(pos[0]).powi(2) + f64::from(pos[1]).powi(2)).sqrt();
                    if pinned[i] {
                        continue;
                    }
                    let node_swing =
                        mass[i] * ((f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2)).sqrt();
                    let mut factor = speed / (1.0 + (speed * node_swing).sqrt());
                    let norm = (f[0] * f[0] + f[1] * f[1]).sqrt();
                    // Cap a single move so one huge force cannot fling a node away: ten node
                    // sizes, or a fifth of the layout's radius, so a layout far from its scale
                    // (LinLog's is large) still reaches it in tens of iterations, not thousands.
                    let cap = (10.0 * sizes[i].max(1.0)).max(0.2 * old_radius);
                    if norm * factor > cap {
                        factor = cap / norm;
                    }
                    let (dx, dy) = (f[0] * factor, f[1] * factor);
                    let (nx, ny) = (pos[0] + dx, pos[1] + dy);
                    if nx.is_finite() && ny.is_finite() {
                        *pos = [nx, ny];
                        moved += f64::from((dx * dx + dy * dy).sqrt());
                    }
                }
                (moved, radius)
            })
            .collect();
        let moved: f64 = parts.iter().map(|p| p.0).sum();
        let radius: f64 = parts.iter().map(|p| p.1).sum();
        let total_mass: f32 = self.mass.iter().sum();
        self.swing = swing / total_mass.max(1.0);
        let radius = (radius / n as f64).max(1e-6);
        self.radius = radius as f32;
        self.displacement = (moved / n as f64 / radius) as f32;
        self.swing
    }
}

fn random_square(n: usize, seed: u64) -> Vec<[f32; 2]> {
    let mut rng = Rng::new(seed);
    let side = (n as f32).sqrt() * 10.0 + 1.0;
    (0..n)
        .map(|_| [(rng.next_f32() - 0.5) * side, (rng.next_f32() - 0.5) * side])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, ring_of_cliques};
    use crate::graph::Graph;

    /// Mean distance within label groups over mean distance between them.
    pub(crate) fn separation(g: &Graph, column: &str, positions: &[[f32; 2]]) -> f32 {
        let col = g.nodes.label(column).expect("labels");
        let (mut within, mut nw, mut between, mut nb) = (0.0f64, 0u64, 0.0f64, 0u64);
        for a in 0..g.node_count() {
            for b in a + 1..g.node_count() {
                let d = ((positions[a][0] - positions[b][0]).powi(2)
                    + (positions[a][1] - positions[b][1]).powi(2))
                .sqrt() as f64;
                if col.codes[a] == col.codes[b] {
                    within += d;
                    nw += 1;
                } else {
                    between += d;
                    nb += 1;
                }
            }
        }
        ((within / nw as f64) / (between / nb as f64)) as f32
    }

    #[test]
    fn the_branch_free_attraction_pulls_as_the_general_one() {
        // δ = 1 takes the loop without per-edge branches; a δ a hair away the general one.
        let g = generate("sbm:n=800,k=4,din=8,dout=2,seed=5").expect("spec");
        for lin_log in [false, true] {
            let run = |delta: f32| {
                let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 3);
                fa.settings.lin_log = lin_log;
                fa.settings.edge_weight_influence = delta;
                fa.forces()
            };
            let (plain, general) = (run(1.0), run(1.0 + 1e-6));
            for (a, b) in plain.iter().zip(&general) {
                for k in 0..2 {
                    assert!(
                        (a[k] - b[k]).abs() <= 1e-3 * a[k].abs().max(1.0),
                        "lin_log {lin_log}: {a:?} against {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn ring_of_cliques_separates() {
        let g = ring_of_cliques(8, 6);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 1);
        fa.run(300, None);
        let r = separation(&g, "clique", &fa.positions);
        assert!(r < 0.5, "within / between = {r}");
    }

    #[test]
    fn planted_partition_separates_with_barnes_hut() {
        let g = generate("sbm:n=1000,k=5,din=12,dout=1,seed=3").expect("spec");
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 1);
        fa.run(300, None);
        assert!(
            fa.positions
                .iter()
                .all(|p| p[0].is_finite() && p[1].is_finite())
        );
        let r = separation(&g, "block", &fa.positions);
        assert!(r < 0.5, "within / between = {r}");
    }

    #[test]
    fn deterministic_for_a_seed_whatever_the_thread_count() {
        let g = generate("sbm:n=600,k=4,din=8,dout=2,seed=1").expect("spec");
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| {
                let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 9);
                fa.run(20, None);
                fa.positions
            })
        };
        assert_eq!(run(1), run(2));
    }

    #[test]
    fn pinned_nodes_stay_and_budget_stops_early() {
        let g = ring_of_cliques(3, 4);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 2);
        fa.pinned[0] = true;
        let before = fa.positions[0];
        let report = fa.run(1_000_000, Some(Duration::from_millis(50)));
        assert_eq!(fa.positions[0], before);
        assert!(report.iterations < 1_000_000);
    }

    #[test]
    fn settles_eventually() {
        let g = ring_of_cliques(4, 5);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 0);
        let report = fa.run(5000, None);
        assert!(report.settled, "{report:?}");
    }

    #[test]
    fn prevent_overlap_keeps_discs_apart() {
        let g = ring_of_cliques(2, 5);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 4);
        fa.settings.prevent_overlap = true;
        fa.sizes = vec![3.0; 10];
        fa.run(800, None);
        let p = &fa.positions;
        let mut min_gap = f32::INFINITY;
        for a in 0..10 {
            for b in a + 1..10 {
                min_gap =
                    min_gap.min(((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt());
            }
        }
        assert!(
            min_gap > 3.0,
            "closest centres {min_gap} apart with radius 3"
        );
    }
}
