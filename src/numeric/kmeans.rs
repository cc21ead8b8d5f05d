//! Lloyd's k-means, for the methods that cluster points: EigenPooling's spectral clusters and
//! the starting memory keys of MemPool.

use super::Mat;
use super::rng::Rng;

/// Lloyd's k-means with k-means++ seeding, best of `restarts` by inertia: each row's
/// cluster.
pub fn kmeans(x: &Mat, k: usize, restarts: usize, seed: u64) -> Vec<usize> {
    let (n, d) = x.dim();
    let dist = |i: usize, c: &[f32]| -> f32 { (0..d).map(|j| (x[[i, j]] - c[j]).powi(2)).sum() };
    let mut rng = Rng::new(seed ^ 0x6b6d);
    let mut best: Option<(f32, Vec<usize>)> = None;
    for _ in 0..restarts.max(1) {
        let mut centres: Vec<Vec<f32>> =
            vec![x.row((rng.next_f32() * n as f32) as usize % n).to_vec()];
        while centres.len() < k {
            let d2: Vec<f32> = (0..n)
                .map(|i| centres.iter().map(|c| dist(i, c)).fold(f32::MAX, f32::min))
                .collect();
            let total: f32 = d2.iter().sum();
            let mut r = rng.next_f32() * total;
            let mut pick = n - 1;
            for (i, &v) in d2.iter().enumerate() {
                if r <= v {
                    pick = i;
                    break;
                }
                r -= v;
            }
            centres.push(x.row(pick).to_vec());
        }
        let mut labels = vec![0usize; n];
        for _ in 0..100 {
            let mut changed = false;
            for (i, label) in labels.iter_mut().enumerate() {
                let c = (0..k)
                    .min_by(|&a, &b| dist(i, &centres[a]).total_cmp(&dist(i, &centres[b])))
                    .unwrap_or(0);
                changed |= c != *label;
                *label = c;
            }
            let mut sums = vec![vec![0.0f32; d]; k];
            let mut counts = vec![0usize; k];
            for i in 0..n {
                counts[labels[i]] += 1;
                for j in 0..d {
                    sums[labels[i]][j] += x[[i, j]];
                }
            }
            for c in 0..k {
                if counts[c] > 0 {
                    centres[c] = sums[c].iter().map(|s| s / counts[c] as f32).collect();
                }
            }
            if !changed {
                break;
            }
        }
        let inertia: f32 = (0..n).map(|i| dist(i, &centres[labels[i]])).sum();
        if best.as_ref().is_none_or(|(b, _)| inertia < *b) {
            best = Some((inertia, labels));
        }
    }
    best.map(|(_, l)| l).unwrap_or_else(|| vec![0; n])
}

/// The mean of each cluster's rows (`k x d`; an empty cluster's centre is 0).
pub fn centres(x: &Mat, labels: &[usize], k: usize) -> Mat {
    let mut c = Mat::zeros((k, x.ncols()));
    let mut counts = vec![0.0f32; k];
    for (i, &l) in labels.iter().enumerate() {
        counts[l] += 1.0;
        let mut row = c.row_mut(l);
        row += &x.row(i);
    }
    for (l, &n) in counts.iter().enumerate() {
        if n > 0.0 {
            c.row_mut(l).mapv_inplace(|v| v / n);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_blobs_and_centres_are_their_means() {
        // Three tight blobs around (0,0), (10,0), (0,10).
        let mut rng = Rng::new(3);
        let x = Mat::from_shape_fn((60, 2), |(i, j)| {
            let c = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)][i / 20];
            (if j == 0 { c.0 } else { c.1 }) + rng.next_f32() - 0.5
        });
        let labels = kmeans(&x, 3, 3, 1);
        for b in 0..3 {
            assert!((b * 20..b * 20 + 20).all(|i| labels[i] == labels[b * 20]));
        }
        let c = centres(&x, &labels, 3);
        let first = labels[0];
        let mean = x
            .slice(ndarray::s![0..20, ..])
            .mean_axis(ndarray::Axis(0))
            .unwrap();
        assert!((c[[first, 0]] - mean[0]).abs() < 1e-5 && (c[[first, 1]] - mean[1]).abs() < 1e-5);
    }
}
