//! Components of a disconnected graph placed around its largest one. ForceAtlas2's repulsion
//! grows with the mass of the whole graph, so a handful of isolated pairs end far from a giant
//! component held by gravity alone: fitted to the canvas, polblogs' 1,222-node component was a
//! dot inside a ring of its 267 isolated blogs. Packing shows each component near the others
//! at the giant's own node spacing; the layout itself runs unchanged underneath, and what it
//! shows is its positions with one offset per component.

use crate::graph::Csr;

/// Each node's component, and the order components are placed in (largest first).
#[derive(Clone, Debug)]
pub struct Packing {
    component: Vec<u32>,
    /// Components by decreasing size (ties: the one with the lower first node first).
    order: Vec<u32>,
    sizes: Vec<usize>,
}

impl Packing {
    /// The packing of `a`'s components; `None` for a connected graph (nothing to pack).
    pub fn of(a: &Csr) -> Option<Self> {
        let n = a.node_count();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn find(p: &mut [u32], mut x: u32) -> u32 {
            while p[x as usize] != x {
                p[x as usize] = p[p[x as usize] as usize];
                x = p[x as usize];
            }
            x
        }
        for (u, v, _) in a.iter() {
            let (ru, rv) = (find(&mut parent, u), find(&mut parent, v));
            if ru != rv {
                parent[ru.max(rv) as usize] = ru.min(rv);
            }
        }
        let mut number = vec![u32::MAX; n];
        let mut sizes = Vec::new();
        let component: Vec<u32> = (0..n as u32)
            .map(|i| {
                let r = find(&mut parent, i) as usize;
                if number[r] == u32::MAX {
                    number[r] = sizes.len() as u32;
                    sizes.push(0);
                }
                sizes[number[r] as usize] += 1;
                number[r]
            })
            .collect();
        if sizes.len() < 2 {
            return None;
        }
        let mut order: Vec<u32> = (0..sizes.len() as u32).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(sizes[c as usize]));
        Some(Self {
            component,
            order,
            sizes,
        })
    }

    /// Per component, the offset that moves it to its place: the largest stays where it is,
    /// the others go on rings around its body (the radius of 90% of its nodes), largest
    /// first, each at its own radius plus a gap of two node spacings. Placing a packed layout again gives offsets of zero.
    pub fn offsets(&self, pos: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let k = self.sizes.len();
        let mut centre = vec![[0.0f64; 2]; k];
        for (i, &c) in self.component.iter().enumerate() {
            let p = pos.get(i).copied().unwrap_or([0.0; 2]);
            centre[c as usize][0] += f64::from(p[0]);
            centre[c as usize][1] += f64::from(p[1]);
        }
        for (c, s) in centre.iter_mut().zip(&self.sizes) {
            c[0] /= *s as f64;
            c[1] /= *s as f64;
        }
        let mut radius = vec![0.0f64; k];
        for (i, &c) in self.component.iter().enumerate() {
            let p = pos.get(i).copied().unwrap_or([0.0; 2]);
            let d = (f64::from(p[0]) - centre[c as usize][0])
                .hypot(f64::from(p[1]) - centre[c as usize][1]);
            if d.is_finite() {
                radius[c as usize] = radius[c as usize].max(d);
            }
        }
        let giant = self.order[0] as usize;
        // The giant's body: the radius holding 90% of its nodes (its few leaves that the layout
        // throws far out would otherwise push every ring away).
        let mut dist: Vec<f64> = self
            .component
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c as usize == giant)
            .map(|(i, _)| {
                let p = pos.get(i).copied().unwrap_or([0.0; 2]);
                (f64::from(p[0]) - centre[giant][0]).hypot(f64::from(p[1]) - centre[giant][1])
            })
            .filter(|d| d.is_finite())
            .collect();
        let at = (dist.len() * 9 / 10).min(dist.len().saturating_sub(1));
        radius[giant] = if dist.is_empty() {
            0.0
        } else {
            *dist.select_nth_unstable_by(at, f64::total_cmp).1
        };
        // The giant's typical distance between nodes: its disc shared among its nodes.
        let spacing = (radius[giant] / (self.sizes[giant] as f64).sqrt()).max(1e-3);
        let gap = 2.0 * spacing;
        let mut offsets = vec![[0.0f32; 2]; k];
        let origin = centre[giant];
        // Rings outward: each ring's radius leaves room for its widest member.
        let mut inner = radius[giant];
        let mut rest = self.order[1..].iter().map(|&c| c as usize).peekable();
        while rest.peek().is_some() {
            let widest = rest.peek().map_or(0.0, |&c| radius[c]);
            let ring = inner + gap + widest;
            let circumference = std::f64::consts::TAU * ring;
            let mut along = 0.0;
            while let Some(&c) = rest.peek() {
                let need = 2.0 * radius[c] + gap;
                if along > 0.0 && along + need > circumference {
                    break;
                }
                let angle = (along + need / 2.0) / ring;
                let target = [
                    origin[0] + ring * angle.cos(),
                    origin[1] + ring * angle.sin(),
                ];
                offsets[c] = [
                    (target[0] - centre[c][0]) as f32,
                    (target[1] - centre[c][1]) as f32,
                ];
                along += need;
                rest.next();
            }
            inner = ring + widest;
        }
        offsets
    }

    /// `pos` with every component moved to its place.
    pub fn apply(&self, pos: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let offsets = self.offsets(pos);
        pos.iter()
            .zip(&self.component)
            .map(|(p, &c)| {
                let o = offsets[c as usize];
                [p[0] + o[0], p[1] + o[1]]
            })
            .collect()
    }

    /// Where the layout must put `node` for it to be shown at `shown`.
    pub fn unapply(&self, pos: &[[f32; 2]], node: usize, shown: [f32; 2]) -> [f32; 2] {
        let offsets = self.offsets(pos);
        let o = self
            .component
            .get(node)
            .map_or([0.0; 2], |&c| offsets[c as usize]);
        [shown[0] - o[0], shown[1] - o[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 20-node ring (the giant) laid out as a circle of radius 1, and three isolated pairs
    /// flung far away, as ForceAtlas2 leaves them.
    fn flung() -> (Csr, Vec<[f32; 2]>) {
        let mut edges: Vec<(u32, u32, f32)> = (0..20).map(|i| (i, (i + 1) % 20, 1.0)).collect();
        for p in 0..3 {
            edges.push((20 + 2 * p, 21 + 2 * p, 1.0));
        }
        let both: Vec<_> = edges
            .iter()
            .flat_map(|&(u, v, w)| [(u, v, w), (v, u, w)])
            .collect();
        let a = Csr::from_triplets(26, &both);
        let mut pos: Vec<[f32; 2]> = (0..20)
            .map(|i| {
                let t = i as f32 / 20.0 * std::f32::consts::TAU;
                [t.cos(), t.sin()]
            })
            .collect();
        for p in 0..3 {
            let far = 100.0 * (p as f32 + 1.0);
            pos.push([far, -far]);
            pos.push([far + 0.3, -far]);
        }
        (a, pos)
    }

    #[test]
    fn far_components_come_next_to_the_giant_and_keep_their_shape() {
        let (a, pos) = flung();
        let p = Packing::of(&a).expect("disconnected");
        let packed = p.apply(&pos);
        // The giant does not move.
        assert_eq!(&packed[..20], &pos[..20]);
        for pair in 0..3 {
            let (x, y) = (packed[20 + 2 * pair], packed[21 + 2 * pair]);
            // Each pair keeps its shape ...
            assert!(((y[0] - x[0]) - 0.3).abs() < 1e-4 && (y[1] - x[1]).abs() < 1e-4);
            // ... and sits just outside the giant's circle, not a hundred radii away.
            let d = x[0].hypot(x[1]);
            assert!(d > 1.0 && d < 3.0, "pair {pair} at distance {d}");
        }
        // No two components overlap.
        for i in 0..3 {
            for j in i + 1..3 {
                let (a, b) = (packed[20 + 2 * i], packed[20 + 2 * j]);
                assert!(
                    (a[0] - b[0]).hypot(a[1] - b[1]) > 0.3,
                    "{i} and {j} overlap"
                );
            }
        }
        // Packing a packed layout changes nothing.
        let again = p.apply(&packed);
        for (q, r) in again.iter().zip(&packed) {
            assert!((q[0] - r[0]).abs() < 1e-4 && (q[1] - r[1]).abs() < 1e-4);
        }
        // A node pinned where it is shown stays there.
        let internal = p.unapply(&pos, 22, packed[22]);
        assert!((internal[0] - pos[22][0]).abs() < 1e-3 && (internal[1] - pos[22][1]).abs() < 1e-3);
    }

    #[test]
    fn a_connected_graph_has_nothing_to_pack() {
        let ring: Vec<(u32, u32, f32)> = (0..6u32)
            .flat_map(|i| [(i, (i + 1) % 6, 1.0), ((i + 1) % 6, i, 1.0)])
            .collect();
        assert!(Packing::of(&Csr::from_triplets(6, &ring)).is_none());
        // Many isolated nodes go round the giant in rings, each at its own place.
        let mut edges = ring.clone();
        edges.push((6, 6, 1.0));
        let a = Csr::from_triplets(200, &edges);
        let p = Packing::of(&a).expect("isolated nodes");
        let pos: Vec<[f32; 2]> = (0..200).map(|i| [i as f32 * 50.0, 0.0]).collect();
        let packed = p.apply(&pos);
        let mut seen: Vec<(i64, i64)> = packed[6..]
            .iter()
            .map(|q| ((q[0] * 1e3) as i64, (q[1] * 1e3) as i64))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 194, "every isolated node has its own place");
    }
}
