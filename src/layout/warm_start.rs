//! Starting positions for level l+1 from level l: each cluster starts at the size-weighted
//! centroid of its members, `pos' = diag(Sᵀ m)⁻¹ Sᵀ (m ⊙ pos)`, so consecutive levels look alike
//! and a merge can be animated by moving members to their centroid.

/// `assignment[i]` lists `(cluster, weight)` for node `i` of the lower level (a soft row of S,
/// or one entry for a hard assignment); `member_sizes[i]` is how many original nodes node `i`
/// stands for. Clusters nobody joins start at the overall centroid, offset so they do not
/// coincide.
pub fn centroids(
    positions: &[[f32; 2]],
    member_sizes: &[f32],
    assignment: &[Vec<(u32, f32)>],
    clusters: usize,
) -> Vec<[f32; 2]> {
    let mut sum = vec![[0.0f64; 2]; clusters];
    let mut weight = vec![0.0f64; clusters];
    let (mut all, mut all_w) = ([0.0f64; 2], 0.0f64);
    for (i, row) in assignment.iter().enumerate() {
        let (Some(p), Some(&m)) = (positions.get(i), member_sizes.get(i)) else {
            continue;
        };
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        let m = m.max(0.0) as f64;
        all[0] += p[0] as f64 * m;
        all[1] += p[1] as f64 * m;
        all_w += m;
        for &(k, s) in row {
            let (k, s) = (k as usize, s.max(0.0) as f64);
            if k < clusters && s > 0.0 {
                sum[k][0] += p[0] as f64 * s * m;
                sum[k][1] += p[1] as f64 * s * m;
                weight[k] += s * m;
            }
        }
    }
    let center = if all_w > 0.0 {
        [all[0] / all_w, all[1] / all_w]
    } else {
        [0.0, 0.0]
    };
    (0..clusters)
        .map(|k| {
            if weight[k] > 0.0 {
                [
                    (sum[k][0] / weight[k]) as f32,
                    (sum[k][1] / weight[k]) as f32,
                ]
            } else {
                let angle = k as f64 * 2.399_963;
                [
                    (center[0] + angle.cos()) as f32,
                    (center[1] + angle.sin()) as f32,
                ]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_and_soft_centroids() {
        let pos = [[0.0, 0.0], [2.0, 0.0], [10.0, 10.0]];
        let hard = vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![(1, 1.0)]];
        let c = centroids(&pos, &[1.0, 3.0, 1.0], &hard, 3);
        assert_eq!(c[0], [1.5, 0.0], "weighted by member count");
        assert_eq!(c[1], [10.0, 10.0]);
        assert!(
            c[2][0].is_finite() && c[2] != c[0],
            "an empty cluster gets its own place"
        );
        let soft = vec![vec![(0, 0.5), (1, 0.5)], vec![(1, 1.0)], vec![]];
        let c = centroids(&pos, &[1.0, 1.0, 1.0], &soft, 2);
        assert_eq!(c[0], [0.0, 0.0]);
        assert!((c[1][0] - 4.0 / 3.0).abs() < 1e-6);
    }
}
