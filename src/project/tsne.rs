//! t-SNE (van der Maaten & Hinton 2008) for the projector: exact gradients for small levels,
//! Barnes-Hut (van der Maaten 2014, reusing the layout's quadtree) with k-nearest-neighbour
//! affinities above `exact_below` points. Seeded, so the same embeddings give the same picture.
//!
//! Settings follow common practice: perplexity 30 (less for tiny sets), early exaggeration 12
//! for the first 250 of 750 iterations, learning rate max(n / 12, 50), momentum 0.5 then 0.8,
//! and per-coordinate gains.

use crate::layout::QuadTree;
use crate::numeric::rng::Rng;
use ndarray::Array2;
use rayon::prelude::*;

/// Levels with more points than this use Barnes-Hut.
pub const EXACT_BELOW: usize = 2000;

fn sq_dist(x: &Array2<f32>, i: usize, j: usize) -> f32 {
    x.row(i)
        .iter()
        .zip(x.row(j).iter())
        .map(|(a, b)| (a - b) * (a - b))
        .sum()
}

/// Conditional probabilities p_{j|i} for the given neighbour distances, with the Gaussian width
/// found by bisection so that the entropy matches log(perplexity).
fn row_affinities(d2: &[f32], perplexity: f32) -> Vec<f32> {
    let target = perplexity.ln();
    let (mut lo, mut hi, mut beta) = (0.0f64, f64::INFINITY, 1.0f64);
    let min = d2.iter().copied().fold(f32::INFINITY, f32::min) as f64;
    let mut p = vec![0.0f64; d2.len()];
    for _ in 0..64 {
        let mut sum = 0.0;
        for (k, &d) in d2.iter().enumerate() {
            p[k] = (-(d as f64 - min) * beta).exp();
            sum += p[k];
        }
        let sum = sum.max(1e-300);
        let h: f64 = sum.ln()
            + beta
                * d2.iter()
                    .zip(&p)
                    .map(|(&d, &pk)| (d as f64 - min) * pk)
                    .sum::<f64>()
                / sum;
        if (h - target as f64).abs() < 1e-5 {
            break;
        }
        if h > target as f64 {
            lo = beta;
            beta = if hi.is_finite() {
                (beta + hi) / 2.0
            } else {
                beta * 2.0
            };
        } else {
            hi = beta;
            beta = (beta + lo) / 2.0;
        }
    }
    let sum: f64 = p.iter().sum::<f64>().max(1e-300);
    p.iter().map(|v| (v / sum) as f32).collect()
}

/// Symmetric affinities as sparse rows: (neighbour, p_ij), with Σ p_ij = 1.
fn affinities(x: &Array2<f32>, perplexity: f32, exact: bool) -> Vec<Vec<(usize, f32)>> {
    let n = x.nrows();
    let k = if exact {
        n - 1
    } else {
        ((3.0 * perplexity) as usize).min(n - 1)
    };
    let rows: Vec<Vec<(usize, f32)>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut d: Vec<(usize, f32)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| (j, sq_dist(x, i, j)))
                .collect();
            if d.len() > k {
                d.select_nth_unstable_by(k - 1, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                d.truncate(k);
            }
            d.sort_by_key(|e| e.0);
            let p = row_affinities(&d.iter().map(|e| e.1).collect::<Vec<_>>(), perplexity);
            d.iter().zip(p).map(|(e, p)| (e.0, p)).collect()
        })
        .collect();
    // Symmetrise: p_ij = (p_j|i + p_i|j) / 2n.
    let mut sym: Vec<std::collections::BTreeMap<usize, f32>> = vec![Default::default(); n];
    for (i, row) in rows.iter().enumerate() {
        for &(j, p) in row {
            *sym[i].entry(j).or_default() += p / (2.0 * n as f32);
            *sym[j].entry(i).or_default() += p / (2.0 * n as f32);
        }
    }
    sym.into_iter().map(|m| m.into_iter().collect()).collect()
}

/// 2-D t-SNE of the rows of `x`.
pub fn tsne_2d(x: &Array2<f32>, seed: u64, exact_below: usize) -> Array2<f32> {
    let n = x.nrows();
    if n < 3 {
        return Array2::from_shape_fn((n, 2), |(i, k)| if k == 0 { i as f32 } else { 0.0 });
    }
    let perplexity = 30.0f32.min((n as f32 - 1.0) / 3.0).max(2.0);
    let exact = n < exact_below;
    let p = affinities(x, perplexity, exact);
    let mut rng = Rng::new(seed);
    let mut y: Vec<[f32; 2]> = (0..n)
        .map(|_| [rng.normal() as f32 * 1e-4, rng.normal() as f32 * 1e-4])
        .collect();
    let mut velocity = vec![[0.0f32; 2]; n];
    let mut gains = vec![[1.0f32; 2]; n];
    let lr = (n as f32 / 12.0).max(50.0);
    for it in 0..750 {
        let exaggeration = if it < 250 { 12.0 } else { 1.0 };
        let momentum = if it < 250 { 0.5 } else { 0.8 };
        // Repulsion: Σⱼ qᵢⱼ² Z (yᵢ − yⱼ) with qᵢⱼ = 1/(1 + d²), and Z = Σ qᵢⱼ.
        let (rep, z): (Vec<[f32; 2]>, f64) = if exact {
            let parts: Vec<([f32; 2], f64)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let (mut f, mut zi) = ([0.0f32; 2], 0.0f64);
                    for j in 0..n {
                        if j != i {
                            let (dx, dy) = (y[i][0] - y[j][0], y[i][1] - y[j][1]);
                            let q = 1.0 / (1.0 + dx * dx + dy * dy);
                            zi += q as f64;
                            f[0] += q * q * dx;
                            f[1] += q * q * dy;
                        }
                    }
                    (f, zi)
                })
                .collect();
            let z = parts.iter().map(|p| p.1).sum();
            (parts.into_iter().map(|p| p.0).collect(), z)
        } else {
            let ones = vec![1.0f32; n];
            let tree = QuadTree::build(&y, &ones);
            let parts: Vec<([f32; 2], f64)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let (mut f, mut zi) = ([0.0f32; 2], 0.0f64);
                    tree.for_each_source(i as u32, y[i], 0.5, |dx, dy, d2, m, _| {
                        let q = 1.0 / (1.0 + d2);
                        zi += (m * q) as f64;
                        f[0] += m * q * q * dx;
                        f[1] += m * q * q * dy;
                    });
                    (f, zi)
                })
                .collect();
            let z = parts.iter().map(|p| p.1).sum();
            (parts.into_iter().map(|p| p.0).collect(), z)
        };
        let z = z.max(1e-12) as f32;
        let grads: Vec<[f32; 2]> = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut g = [0.0f32; 2];
                for &(j, pij) in &p[i] {
                    let (dx, dy) = (y[i][0] - y[j][0], y[i][1] - y[j][1]);
                    let q = 1.0 / (1.0 + dx * dx + dy * dy);
                    g[0] += exaggeration * pij * q * dx;
                    g[1] += exaggeration * pij * q * dy;
                }
                [4.0 * (g[0] - rep[i][0] / z), 4.0 * (g[1] - rep[i][1] / z)]
            })
            .collect();
        for i in 0..n {
            for k in 0..2 {
                let same = (grads[i][k] > 0.0) == (velocity[i][k] > 0.0);
                gains[i][k] = if same {
                    (gains[i][k] * 0.8).max(0.01)
                } else {
                    gains[i][k] + 0.2
                };
                velocity[i][k] = momentum * velocity[i][k] - lr * gains[i][k] * grads[i][k];
                let next = y[i][k] + velocity[i][k];
                if next.is_finite() {
                    y[i][k] = next;
                }
            }
        }
        // Keep the picture centred.
        let (mx, my) = (
            y.iter().map(|p| p[0]).sum::<f32>() / n as f32,
            y.iter().map(|p| p[1]).sum::<f32>() / n as f32,
        );
        for p in &mut y {
            p[0] -= mx;
            p[1] -= my;
        }
    }
    Array2::from_shape_fn((n, 2), |(i, k)| y[i][k])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three well-separated blobs in 10-D.
    fn blobs(per: usize) -> (Array2<f32>, Vec<usize>) {
        let mut rng = Rng::new(3);
        let n = 3 * per;
        let x = Array2::from_shape_fn((n, 10), |(i, j)| {
            (if j == i / per { 10.0 } else { 0.0 }) + rng.normal() as f32 * 0.5
        });
        (x, (0..n).map(|i| i / per).collect())
    }

    fn separated(y: &Array2<f32>, label: &[usize]) -> bool {
        let n = y.nrows();
        let (mut within, mut nw, mut between, mut nb) = (0.0f64, 0, 0.0f64, 0);
        for a in 0..n {
            for b in a + 1..n {
                let d = (((y[[a, 0]] - y[[b, 0]]).powi(2) + (y[[a, 1]] - y[[b, 1]]).powi(2))
                    as f64)
                    .sqrt();
                if label[a] == label[b] {
                    within += d;
                    nw += 1;
                } else {
                    between += d;
                    nb += 1;
                }
            }
        }
        within / nw as f64 * 3.0 < between / nb as f64
    }

    #[test]
    fn exact_keeps_clusters_apart_and_is_deterministic() {
        let (x, label) = blobs(30);
        let y = tsne_2d(&x, 1, EXACT_BELOW);
        assert!(y.iter().all(|v| v.is_finite()));
        assert!(separated(&y, &label));
        assert_eq!(y, tsne_2d(&x, 1, EXACT_BELOW));
    }

    #[test]
    fn barnes_hut_keeps_clusters_apart() {
        let (x, label) = blobs(100);
        let y = tsne_2d(&x, 2, 50);
        assert!(y.iter().all(|v| v.is_finite()));
        assert!(separated(&y, &label));
    }
}
