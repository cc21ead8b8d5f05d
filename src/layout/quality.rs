//! How well a layout shows a graph's communities, without labels: the mean length of edges
//! inside the graph's own modularity clusters over the mean length of edges between them
//! (weighted by edge weight). Near 0, communities are tight islands; near 1, the picture does
//! not tell them apart.

use crate::graph::Csr;

/// Inside-over-between edge length for `clusters` (one per node); `None` when no edge runs
/// between clusters or none inside.
pub fn edge_length_ratio(a: &Csr, positions: &[[f32; 2]], clusters: &[u32]) -> Option<f64> {
    let (mut inside, mut wi, mut between, mut wb) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (i, j, w) in a.iter() {
        let (i, j) = (i as usize, j as usize);
        if i >= j {
            continue;
        }
        let (Some(p), Some(q), Some(ci), Some(cj)) = (
            positions.get(i),
            positions.get(j),
            clusters.get(i),
            clusters.get(j),
        ) else {
            continue;
        };
        let d = f64::from((p[0] - q[0]).hypot(p[1] - q[1]));
        let w = f64::from(w.abs());
        if !d.is_finite() || w == 0.0 {
            continue;
        }
        if ci == cj {
            inside += w * d;
            wi += w;
        } else {
            between += w * d;
            wb += w;
        }
    }
    (wi > 0.0 && wb > 0.0 && between > 0.0).then(|| (inside / wi) / (between / wb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tight_islands_score_low_and_a_mixed_picture_near_one() {
        // Two triangles joined by one edge.
        let e = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)];
        let t: Vec<(u32, u32, f32)> = e
            .iter()
            .flat_map(|&(u, v)| [(u, v, 1.0), (v, u, 1.0)])
            .collect();
        let a = Csr::from_triplets(6, &t);
        let clusters = [0, 0, 0, 1, 1, 1];
        let islands = [
            [0.0, 0.0],
            [1.0, 0.0],
            [0.5, 1.0],
            [10.0, 0.0],
            [11.0, 0.0],
            [10.5, 1.0],
        ];
        let r = edge_length_ratio(&a, &islands, &clusters).expect("both kinds of edge");
        assert!(r < 0.15, "{r}");
        // Every edge the same length: ratio 1.
        let ring: Vec<[f32; 2]> = (0..6)
            .map(|k| {
                let t = k as f32 * std::f32::consts::TAU / 6.0;
                [t.cos(), t.sin()]
            })
            .collect();
        let same = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0)];
        let t: Vec<(u32, u32, f32)> = same
            .iter()
            .flat_map(|&(u, v)| [(u, v, 1.0), (v, u, 1.0)])
            .collect();
        let r = edge_length_ratio(&Csr::from_triplets(6, &t), &ring, &clusters).expect("ratio");
        assert!((r - 1.0).abs() < 1e-5, "{r}");
        assert_eq!(edge_length_ratio(&a, &islands, &[0; 6]), None);
    }
}
