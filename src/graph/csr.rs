//! Compressed sparse rows with `f32` weights: the one adjacency format of level 0.
//!
//! Rows are sorted by column and hold no duplicates, so lookups can binary-search and two
//! matrices built from the same edges compare equal.

/// A square sparse matrix in CSR form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f32>,
}

impl Csr {
    /// An `n x n` matrix with no entries.
    pub fn empty(n: usize) -> Self {
        Self {
            offsets: vec![0; n + 1],
            targets: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Builds from `(row, column, weight)` triplets; duplicate positions are summed.
    /// Every index must be below `n` (callers map ids first).
    pub fn from_triplets(n: usize, triplets: &[(u32, u32, f32)]) -> Self {
        let mut counts = vec![0usize; n + 1];
        for &(r, _, _) in triplets {
            counts[r as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let mut fill = counts.clone();
        let mut cols = vec![0u32; triplets.len()];
        let mut vals = vec![0f32; triplets.len()];
        for &(r, c, w) in triplets {
            let slot = &mut fill[r as usize];
            cols[*slot] = c;
            vals[*slot] = w;
            *slot += 1;
        }
        // Sort each row by column and merge duplicates in place.
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(triplets.len());
        let mut weights = Vec::with_capacity(triplets.len());
        let mut row: Vec<(u32, f32)> = Vec::new();
        for i in 0..n {
            row.clear();
            row.extend(
                cols[counts[i]..counts[i + 1]]
                    .iter()
                    .copied()
                    .zip(vals[counts[i]..counts[i + 1]].iter().copied()),
            );
            row.sort_unstable_by_key(|&(c, _)| c);
            for &(c, w) in &row {
                if targets.len() > offsets[i] && targets.last() == Some(&c) {
                    if let Some(last) = weights.last_mut() {
                        *last += w;
                    }
                } else {
                    targets.push(c);
                    weights.push(w);
                }
            }
            offsets.push(targets.len());
        }
        Self {
            offsets,
            targets,
            weights,
        }
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Stored entries (an undirected edge between two nodes is stored twice).
    pub fn nnz(&self) -> usize {
        self.targets.len()
    }

    /// Column indices and weights of row `i`.
    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.offsets[i], self.offsets[i + 1]);
        (&self.targets[a..b], &self.weights[a..b])
    }

    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    pub fn weights(&self) -> &[f32] {
        &self.weights
    }

    /// Number of stored entries in row `i`.
    pub fn degree(&self, i: usize) -> usize {
        self.offsets[i + 1] - self.offsets[i]
    }

    /// Sum of row `i`'s weights.
    pub fn weighted_degree(&self, i: usize) -> f32 {
        self.row(i).1.iter().sum()
    }

    /// The weight at `(i, j)`, zero when absent.
    pub fn get(&self, i: usize, j: usize) -> f32 {
        let (cols, vals) = self.row(i);
        match cols.binary_search(&(j as u32)) {
            Ok(k) => vals[k],
            Err(_) => 0.0,
        }
    }

    /// All entries as `(row, column, weight)`.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32, f32)> + '_ {
        (0..self.node_count()).flat_map(move |i| {
            let (cols, vals) = self.row(i);
            cols.iter().zip(vals).map(move |(&c, &w)| (i as u32, c, w))
        })
    }

    pub fn transpose(&self) -> Self {
        let triplets: Vec<_> = self.iter().map(|(r, c, w)| (c, r, w)).collect();
        Self::from_triplets(self.node_count(), &triplets)
    }

    /// `A + Aᵀ`, the symmetrised matrix pooling works on for directed input.
    pub fn plus_transpose(&self) -> Self {
        let mut triplets: Vec<_> = self.iter().collect();
        triplets.extend(self.iter().map(|(r, c, w)| (c, r, w)));
        Self::from_triplets(self.node_count(), &triplets)
    }

    pub fn is_symmetric(&self) -> bool {
        self.iter()
            .all(|(r, c, w)| self.get(c as usize, r as usize) == w)
    }

    /// Sum of all stored weights.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().map(|&w| w as f64).sum()
    }

    /// `self · x` for a dense vector.
    pub fn mul_vec(&self, x: &[f32]) -> Vec<f32> {
        (0..self.node_count())
            .map(|i| {
                let (cols, vals) = self.row(i);
                cols.iter()
                    .zip(vals)
                    .map(|(&c, &w)| w * x[c as usize])
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_summed_and_rows_sorted() {
        let m = Csr::from_triplets(3, &[(0, 2, 1.0), (0, 1, 2.0), (0, 2, 0.5), (2, 0, 4.0)]);
        assert_eq!(m.row(0), (&[1u32, 2][..], &[2.0f32, 1.5][..]));
        assert_eq!(m.row(1).0.len(), 0);
        assert_eq!(m.get(2, 0), 4.0);
        assert_eq!(m.get(1, 2), 0.0);
        assert_eq!(m.nnz(), 3);
    }

    #[test]
    fn transpose_twice_is_identity_and_sum_is_symmetric() {
        let m = Csr::from_triplets(4, &[(0, 1, 1.0), (1, 2, 2.0), (3, 0, 3.0), (2, 1, 1.0)]);
        assert_eq!(m.transpose().transpose(), m);
        let s = m.plus_transpose();
        assert!(s.is_symmetric());
        assert!(!m.is_symmetric());
        assert_eq!(s.get(1, 2), 3.0);
        assert_eq!(s.total_weight(), 2.0 * m.total_weight());
    }

    #[test]
    fn matrix_vector_product() {
        let m = Csr::from_triplets(2, &[(0, 0, 2.0), (0, 1, 1.0), (1, 0, 3.0)]);
        assert_eq!(m.mul_vec(&[1.0, 10.0]), vec![12.0, 3.0]);
        assert_eq!(m.weighted_degree(0), 3.0);
    }
}
