//! ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian 2014), exact repulsion.
//!
//! Takes a symmetric CSR adjacency and starting positions; each [`ForceAtlas2::step`] moves
//! every node once and returns the global swing, which falls as the layout settles. Repulsion
//! is `kr (deg_i + 1)(deg_j + 1) / d`, attraction `d` (or `ln(1 + d)` in LinLog mode) times
//! the edge weight, gravity `kg (deg + 1)` towards the origin; speeds adapt per node from swing
//! and traction. Exact repulsion is O(n²) per step, split across rayon threads.

use crate::graph::Csr;
use crate::rng::Rng;
use rayon::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Fa2Settings {
    pub scaling: f32,
    pub gravity: f32,
    pub strong_gravity: bool,
    pub lin_log: bool,
    pub edge_weight_influence: f32,
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
            tolerance: 1.0,
        }
    }
}

/// Layout state for one graph.
pub struct ForceAtlas2 {
    pub settings: Fa2Settings,
    adjacency: Csr,
    mass: Vec<f32>,
    pub positions: Vec<[f32; 2]>,
    previous_force: Vec<[f32; 2]>,
    speed: f32,
    speed_efficiency: f32,
    last_swing: f32,
}

impl ForceAtlas2 {
    /// Starts from `initial` positions, or a seeded random square when `None`.
    pub fn new(adjacency: Csr, initial: Option<Vec<[f32; 2]>>, seed: u64) -> Self {
        let n = adjacency.node_count();
        let mass = (0..n).map(|i| adjacency.degree(i) as f32 + 1.0).collect();
        let positions = match initial {
            Some(p) if p.len() == n && p.iter().all(|q| q[0].is_finite() && q[1].is_finite()) => p,
            _ => {
                let mut rng = Rng::new(seed);
                let side = (n as f32).sqrt() * 10.0;
                (0..n)
                    .map(|_| [(rng.next_f32() - 0.5) * side, (rng.next_f32() - 0.5) * side])
                    .collect()
            }
        };
        Self {
            settings: Fa2Settings::default(),
            adjacency,
            mass,
            positions,
            previous_force: vec![[0.0; 2]; n],
            speed: 1.0,
            speed_efficiency: 1.0,
            last_swing: f32::INFINITY,
        }
    }

    pub fn node_count(&self) -> usize {
        self.positions.len()
    }

    /// Mean swing per unit of mass at the last step; small when settled.
    pub fn swing(&self) -> f32 {
        self.last_swing
    }

    /// One iteration; returns the mean swing.
    pub fn step(&mut self) -> f32 {
        let n = self.node_count();
        if n == 0 {
            self.last_swing = 0.0;
            return 0.0;
        }
        let s = &self.settings;
        let pos = &self.positions;
        let mass = &self.mass;
        let adj = &self.adjacency;
        let forces: Vec<[f32; 2]> = (0..n)
            .into_par_iter()
            .map(|i| {
                let [xi, yi] = pos[i];
                let mut f = [0.0f32; 2];
                // Repulsion from every other node.
                for j in 0..n {
                    if j == i {
                        continue;
                    }
                    let dx = xi - pos[j][0];
                    let dy = yi - pos[j][1];
                    let d2 = dx * dx + dy * dy;
                    if d2 > 0.0 {
                        let factor = s.scaling * mass[i] * mass[j] / d2;
                        f[0] += dx * factor;
                        f[1] += dy * factor;
                    } else {
                        // Coincident nodes: push apart along a direction fixed by the indices.
                        let angle = (i * 7919 + j * 104_729) as f32;
                        f[0] += angle.cos() * 0.01;
                        f[1] += angle.sin() * 0.01;
                    }
                }
                // Attraction along edges.
                let (cols, vals) = adj.row(i);
                for (&j, &w) in cols.iter().zip(vals) {
                    let j = j as usize;
                    if j == i {
                        continue;
                    }
                    let dx = pos[j][0] - xi;
                    let dy = pos[j][1] - yi;
                    let w = if s.edge_weight_influence == 0.0 {
                        1.0
                    } else {
                        w.abs().powf(s.edge_weight_influence)
                    };
                    let factor = if s.lin_log {
                        let d = (dx * dx + dy * dy).sqrt();
                        if d > 0.0 { w * (1.0 + d).ln() / d } else { 0.0 }
                    } else {
                        w
                    };
                    f[0] += dx * factor;
                    f[1] += dy * factor;
                }
                // Gravity towards the origin.
                let d = (xi * xi + yi * yi).sqrt();
                if d > 0.0 {
                    let g = if s.strong_gravity {
                        s.gravity * mass[i]
                    } else {
                        s.gravity * mass[i] / d
                    };
                    f[0] -= xi * g;
                    f[1] -= yi * g;
                }
                f
            })
            .collect();

        // Adaptive speed (the paper's global swing / traction rule).
        let mut swing = 0.0f32;
        let mut traction = 0.0f32;
        for ((f, p), m) in forces.iter().zip(&self.previous_force).zip(&self.mass) {
            let sw = ((f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2)).sqrt();
            let tr = ((f[0] + p[0]).powi(2) + (f[1] + p[1]).powi(2)).sqrt() / 2.0;
            swing += m * sw;
            traction += m * tr;
        }
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
        if swing > jitter * jitter * traction {
            self.speed_efficiency = (self.speed_efficiency * 0.7).max(min_efficiency);
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        let max_rise = 0.5;
        self.speed += (target - self.speed).min(max_rise * self.speed);
        if !self.speed.is_finite() || self.speed <= 0.0 {
            self.speed = 1.0;
        }

        for (i, &f) in forces.iter().enumerate() {
            let p = self.previous_force[i];
            let sw = self.mass[i] * ((f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2)).sqrt();
            let mut factor = self.speed / (1.0 + (self.speed * sw).sqrt());
            let fnorm = (f[0] * f[0] + f[1] * f[1]).sqrt();
            // Never move further than 10 units in one step.
            if fnorm * factor > 10.0 {
                factor = 10.0 / fnorm;
            }
            let nx = self.positions[i][0] + f[0] * factor;
            let ny = self.positions[i][1] + f[1] * factor;
            if nx.is_finite() && ny.is_finite() {
                self.positions[i] = [nx, ny];
            }
            self.previous_force[i] = f;
        }
        self.last_swing = swing / self.mass.iter().sum::<f32>().max(1.0);
        self.last_swing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;

    #[test]
    fn separates_cliques_and_stays_finite() {
        let g = ring_of_cliques(6, 6);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 1);
        for _ in 0..300 {
            fa.step();
        }
        assert!(
            fa.positions
                .iter()
                .all(|p| p[0].is_finite() && p[1].is_finite())
        );
        let col = g.nodes.label("clique").expect("labels");
        let dist = |a: usize, b: usize| {
            let (p, q) = (fa.positions[a], fa.positions[b]);
            ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
        };
        let (mut within, mut nw, mut between, mut nb) = (0.0, 0, 0.0, 0);
        for a in 0..g.node_count() {
            for b in a + 1..g.node_count() {
                if col.codes[a] == col.codes[b] {
                    within += dist(a, b);
                    nw += 1;
                } else {
                    between += dist(a, b);
                    nb += 1;
                }
            }
        }
        let (within, between) = (within / nw as f32, between / nb as f32);
        assert!(within < 0.5 * between, "within {within}, between {between}");
    }

    #[test]
    fn coincident_start_and_tiny_graphs() {
        let g = ring_of_cliques(2, 3);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), Some(vec![[0.0, 0.0]; 6]), 0);
        for _ in 0..50 {
            fa.step();
        }
        assert!(
            fa.positions
                .iter()
                .all(|p| p[0].is_finite() && p[1].is_finite())
        );
        assert!(fa.positions.iter().any(|p| p[0] != 0.0 || p[1] != 0.0));
        let mut empty = ForceAtlas2::new(Csr::empty(0), None, 0);
        assert_eq!(empty.step(), 0.0);
        let mut one = ForceAtlas2::new(Csr::empty(1), None, 0);
        one.step();
        assert!(one.positions[0][0].is_finite());
    }
}
