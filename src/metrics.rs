//! Partition and assignment metrics: NMI and ARI against ground truth, weighted modularity,
//! conductance, cluster usage and entropies, embedding spread.
//!
//! Definitions match scikit-learn (`normalized_mutual_info_score` with arithmetic averaging,
//! `adjusted_rand_score`) and networkx (`modularity` with weights), so the numbers agree with
//! what users compute in a notebook.

use crate::graph::Csr;
use ndarray::Array2;
use std::collections::BTreeMap;

/// Pairs of (truth, prediction) for the nodes where the truth is known.
fn pairs(truth: &[Option<u32>], pred: &[u32]) -> Vec<(u32, u32)> {
    truth
        .iter()
        .zip(pred)
        .filter_map(|(t, &p)| t.map(|t| (t, p)))
        .collect()
}

/// Joint counts and the two marginals, in key order: sums over them then add in the same
/// order in every process (a hash map's order is seeded per process, and NMI differed in its
/// last digit between two runs of the same command).
type Contingency = (
    BTreeMap<(u32, u32), f64>,
    BTreeMap<u32, f64>,
    BTreeMap<u32, f64>,
);

fn contingency(pairs: &[(u32, u32)]) -> Contingency {
    let mut joint = BTreeMap::new();
    let mut a = BTreeMap::new();
    let mut b = BTreeMap::new();
    for &(t, p) in pairs {
        *joint.entry((t, p)).or_insert(0.0) += 1.0;
        *a.entry(t).or_insert(0.0) += 1.0;
        *b.entry(p).or_insert(0.0) += 1.0;
    }
    (joint, a, b)
}

fn entropy(counts: &BTreeMap<u32, f64>, n: f64) -> f64 {
    counts
        .values()
        .filter(|&&c| c > 0.0)
        .map(|&c| -(c / n) * (c / n).ln())
        .sum()
}

/// Normalised mutual information with the arithmetic mean of the entropies (scikit-learn's
/// default). Nodes without a true label are left out.
pub fn nmi(truth: &[Option<u32>], pred: &[u32]) -> f64 {
    let p = pairs(truth, pred);
    let n = p.len() as f64;
    if p.is_empty() {
        return 0.0;
    }
    let (joint, a, b) = contingency(&p);
    let (ha, hb) = (entropy(&a, n), entropy(&b, n));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    if ha == 0.0 || hb == 0.0 {
        return 0.0;
    }
    let mi: f64 = joint
        .iter()
        .map(|(&(t, q), &c)| (c / n) * ((c * n) / (a[&t] * b[&q])).ln())
        .sum();
    (mi / ((ha + hb) / 2.0)).clamp(0.0, 1.0)
}

/// Adjusted Rand index (Hubert & Arabie 1985). Nodes without a true label are left out.
pub fn ari(truth: &[Option<u32>], pred: &[u32]) -> f64 {
    let p = pairs(truth, pred);
    let n = p.len() as f64;
    if p.len() < 2 {
        return 1.0;
    }
    let (joint, a, b) = contingency(&p);
    let c2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = joint.values().map(|&c| c2(c)).sum();
    let sa: f64 = a.values().map(|&c| c2(c)).sum();
    let sb: f64 = b.values().map(|&c| c2(c)).sum();
    let expected = sa * sb / c2(n);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Weighted modularity of a hard partition of a symmetric adjacency:
/// `Q = (1/2m) Σᵢⱼ [Aᵢⱼ − dᵢdⱼ/2m] δ(cᵢ, cⱼ)`, `2m = Σᵢⱼ Aᵢⱼ`.
pub fn modularity(adj: &Csr, part: &[u32]) -> f64 {
    let two_m = adj.total_weight();
    if two_m <= 0.0 {
        return 0.0;
    }
    let k = part.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut inside = 0.0f64;
    let mut degree = vec![0.0f64; k];
    for (i, j, w) in adj.iter() {
        let (ci, cj) = (part[i as usize], part[j as usize]);
        degree[ci as usize] += w as f64;
        if ci == cj {
            inside += w as f64;
        }
    }
    inside / two_m - degree.iter().map(|d| (d / two_m).powi(2)).sum::<f64>()
}

/// Mean conductance over the non-empty clusters: `cut(C) / min(vol(C), vol(V∖C))`.
pub fn mean_conductance(adj: &Csr, part: &[u32]) -> f64 {
    let k = part.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut cut = vec![0.0f64; k];
    let mut vol = vec![0.0f64; k];
    for (i, j, w) in adj.iter() {
        let ci = part[i as usize] as usize;
        vol[ci] += w as f64;
        if part[j as usize] as usize != ci {
            cut[ci] += w as f64;
        }
    }
    let total: f64 = vol.iter().sum();
    let values: Vec<f64> = (0..k)
        .filter(|&c| vol[c] > 0.0)
        .map(|c| {
            let denom = vol[c].min(total - vol[c]);
            if denom > 0.0 { cut[c] / denom } else { 0.0 }
        })
        .collect();
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

/// Argmax of each row (the hard assignment of a soft one).
pub fn hard_assignment(s: &Array2<f32>) -> Vec<u32> {
    s.rows()
        .into_iter()
        .map(|r| {
            let mut best = 0;
            for (k, &v) in r.iter().enumerate() {
                if v > r[best] {
                    best = k;
                }
            }
            best as u32
        })
        .collect()
}

/// Nodes per cluster (length `k`).
pub fn cluster_sizes(part: &[u32], k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &c in part {
        if let Some(s) = sizes.get_mut(c as usize) {
            *s += 1;
        }
    }
    sizes
}

/// Entropy (nats) of the cluster-size distribution; `ln K` when all K clusters are equal.
pub fn size_entropy(sizes: &[usize]) -> f64 {
    let n: usize = sizes.iter().sum();
    if n == 0 {
        return 0.0;
    }
    sizes
        .iter()
        .filter(|&&s| s > 0)
        .map(|&s| {
            let p = s as f64 / n as f64;
            -p * p.ln()
        })
        .sum()
}

/// Mean over rows of `−Σₖ sₖ ln sₖ`; `ln K` for uniform rows, 0 for hard ones.
pub fn mean_assignment_entropy(s: &Array2<f32>) -> f64 {
    if s.nrows() == 0 {
        return 0.0;
    }
    let total: f64 = s
        .rows()
        .into_iter()
        .map(|r| {
            r.iter()
                .filter(|&&v| v > 0.0)
                .map(|&v| -(v as f64) * (v as f64).ln())
                .sum::<f64>()
        })
        .sum();
    total / s.nrows() as f64
}

/// Mean per-dimension variance of the embeddings; near 0 when they are over-smoothed.
pub fn embedding_variance(x: &Array2<f32>) -> f64 {
    let (n, d) = x.dim();
    if n < 2 || d == 0 {
        return 0.0;
    }
    let mut total = 0.0;
    for col in x.columns() {
        let mean = col.iter().map(|&v| v as f64).sum::<f64>() / n as f64;
        total += col.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n as f64;
    }
    total / d as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[u32]) -> Vec<Option<u32>> {
        v.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn nmi_and_ari_known_values() {
        // scikit-learn: normalized_mutual_info_score / adjusted_rand_score.
        let t = some(&[0, 0, 0, 1, 1, 1]);
        assert!((nmi(&t, &[0, 0, 1, 1, 2, 2]) - 0.515_803_742_979_388_9).abs() < 1e-9);
        assert!((ari(&t, &[0, 0, 1, 1, 2, 2]) - 0.242_424_242_424_242_46).abs() < 1e-9);
        assert!((nmi(&t, &[5, 5, 5, 9, 9, 9]) - 1.0).abs() < 1e-12);
        assert!((ari(&t, &[1, 1, 1, 0, 0, 0]) - 1.0).abs() < 1e-12);
        assert_eq!(nmi(&t, &[0; 6]), 0.0, "one cluster carries no information");
        assert!((ari(&some(&[0, 0, 1, 1]), &[0, 0, 1, 2]) - 0.571_428_571_428_571_5).abs() < 1e-9);
        // Unknown truth is skipped.
        let partial = vec![Some(0), None, Some(1)];
        assert_eq!(nmi(&partial, &[3, 4, 5]), 1.0);
    }

    fn two_cliques() -> Csr {
        let mut t = Vec::new();
        for block in [0u32, 4] {
            for i in block..block + 4 {
                for j in block..block + 4 {
                    if i != j {
                        t.push((i, j, 1.0));
                    }
                }
            }
        }
        t.push((3, 4, 1.0));
        t.push((4, 3, 1.0));
        Csr::from_triplets(8, &t)
    }

    #[test]
    fn modularity_of_two_cliques() {
        let a = two_cliques();
        let q = modularity(&a, &[0, 0, 0, 0, 1, 1, 1, 1]);
        assert!((q - 11.0 / 26.0).abs() < 1e-9, "{q}");
        assert!(modularity(&a, &[0; 8]).abs() < 1e-12);
        let c = mean_conductance(&a, &[0, 0, 0, 0, 1, 1, 1, 1]);
        assert!((c - 1.0 / 13.0).abs() < 1e-9);
    }

    #[test]
    fn assignment_statistics() {
        let s = Array2::from_shape_vec((2, 2), vec![0.5, 0.5, 1.0, 0.0]).expect("shape");
        assert_eq!(hard_assignment(&s), vec![0, 0]);
        assert!((mean_assignment_entropy(&s) - 0.5 * 2f64.ln()).abs() < 1e-6);
        assert!((size_entropy(&[5, 5]) - 2f64.ln()).abs() < 1e-12);
        assert_eq!(size_entropy(&[10, 0]), 0.0);
        assert_eq!(cluster_sizes(&[0, 2, 2], 3), vec![1, 0, 2]);
        let flat = Array2::from_elem((4, 3), 1.0f32);
        assert_eq!(embedding_variance(&flat), 0.0);
    }
}
