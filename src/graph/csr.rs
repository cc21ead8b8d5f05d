//! Compressed sparse rows with `f32` weights: the one adjacency format of level 0.
//!
//! Rows are sorted by column and hold no duplicates, so lookups can binary-search and two
//! matrices built from the same edges compare equal.

/// Entries above which [`Csr::from_triplets`] sorts its rows in parallel, and the rows per
/// parallel block (small matrices build faster on one core than the threads take to start).
const PARALLEL_SORT_ABOVE: usize = 200_000;
const ROWS_PER_BLOCK: usize = 2048;

/// `entries` laid out by row `offsets` (one more than the rows), cut into blocks of
/// [`ROWS_PER_BLOCK`] rows, so the rows can be sorted or filled in parallel.
fn row_blocks<'a, T>(
    offsets: &[usize],
    entries: &'a mut [T],
) -> Vec<(std::ops::Range<usize>, &'a mut [T])> {
    let n = offsets.len().saturating_sub(1);
    let mut blocks = Vec::new();
    let mut rest = entries;
    for start in (0..n).step_by(ROWS_PER_BLOCK) {
        let end = (start + ROWS_PER_BLOCK).min(n);
        let (block, tail) = rest.split_at_mut(offsets[end] - offsets[start]);
        blocks.push((start..end, block));
        rest = tail;
    }
    blocks
}

/// A square sparse matrix in CSR form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f32>,
}

impl Csr {
    /// Dense to CSR, dropping entries below `1e-7` of the largest.
    pub fn from_dense(m: &ndarray::Array2<f32>) -> Self {
        let max = m.iter().fold(0.0f32, |a, &b| a.max(b.abs()));
        let cut = max * 1e-7;
        let t: Vec<_> = m
            .indexed_iter()
            .filter(|(_, v)| v.abs() > cut && **v != 0.0)
            .map(|((i, j), &v)| (i as u32, j as u32, v))
            .collect();
        Self::from_triplets(m.nrows(), &t)
    }

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
        // Counting sort by row, then each row sorted by column: rows are independent, so a
        // big matrix sorts them in blocks on all cores.
        let mut counts = vec![0usize; n + 1];
        for &(r, _, _) in triplets {
            counts[r as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let mut fill = counts.clone();
        let mut entries = vec![(0u32, 0f32); triplets.len()];
        for &(r, c, w) in triplets {
            let slot = &mut fill[r as usize];
            entries[*slot] = (c, w);
            *slot += 1;
        }
        let sort_rows = |rows: std::ops::Range<usize>, block: &mut [(u32, f32)]| {
            let base = counts[rows.start];
            for i in rows {
                block[counts[i] - base..counts[i + 1] - base].sort_unstable_by_key(|e| e.0);
            }
        };
        if triplets.len() < PARALLEL_SORT_ABOVE {
            sort_rows(0..n, &mut entries);
        } else {
            use rayon::prelude::*;
            row_blocks(&counts, &mut entries)
                .into_par_iter()
                .for_each(|(rows, block)| sort_rows(rows, block));
        }
        // Duplicates merged in place, row by row.
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(triplets.len());
        let mut weights: Vec<f32> = Vec::with_capacity(triplets.len());
        for i in 0..n {
            let row_start = targets.len();
            for &(c, w) in &entries[counts[i]..counts[i + 1]] {
                if targets.len() > row_start && targets.last() == Some(&c) {
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

    /// The same matrix with node `i` renamed `new_of_old[i]` (a permutation of `0..n`): rows
    /// and columns both move, rows stay sorted. Layouts renumber a graph so that nodes drawn
    /// near each other are near each other in memory.
    pub fn relabelled(&self, new_of_old: &[u32]) -> Self {
        use rayon::prelude::*;
        let n = self.node_count();
        assert_eq!(new_of_old.len(), n, "one new label per node");
        let mut old_of_new = vec![0u32; n];
        for (old, &new) in new_of_old.iter().enumerate() {
            old_of_new[new as usize] = old as u32;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0usize);
        for &old in &old_of_new {
            let last = offsets[offsets.len() - 1];
            offsets.push(last + self.degree(old as usize));
        }
        let mut entries = vec![(0u32, 0f32); self.nnz()];
        let fill = |rows: std::ops::Range<usize>, block: &mut [(u32, f32)]| {
            let base = offsets[rows.start];
            for r in rows {
                let (cols, vals) = self.row(old_of_new[r] as usize);
                let out = &mut block[offsets[r] - base..offsets[r + 1] - base];
                for ((e, &c), &w) in out.iter_mut().zip(cols).zip(vals) {
                    *e = (new_of_old[c as usize], w);
                }
                out.sort_unstable_by_key(|e| e.0);
            }
        };
        row_blocks(&offsets, &mut entries)
            .into_par_iter()
            .for_each(|(rows, block)| fill(rows, block));
        let (targets, weights) = entries.into_iter().unzip();
        Self {
            offsets,
            targets,
            weights,
        }
    }

    /// The backbone of a symmetric matrix: each row's `per_row` heaviest entries (by absolute
    /// weight, ties to the lower column) and every entry its mirror keeps, so the result stays
    /// symmetric; diagonal entries are always kept. Coarsening a graph whose communities are
    /// linked by many light edges (a planted partition, say) makes its coarse levels nearly
    /// complete; their layout only needs the strong links.
    pub fn strongest(&self, per_row: usize) -> Self {
        use rayon::prelude::*;
        let n = self.node_count();
        // Each row's weakest kept weight (0: the row keeps everything).
        let threshold: Vec<(f32, u32)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (cols, vals) = self.row(i);
                if cols.len() <= per_row || per_row == 0 {
                    return (0.0, 0);
                }
                let mut entries: Vec<(f32, u32)> =
                    cols.iter().zip(vals).map(|(&c, &w)| (w.abs(), c)).collect();
                let heavier =
                    |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
                entries.select_nth_unstable_by(per_row - 1, heavier);
                entries[per_row - 1]
            })
            .collect();
        // Entry (w, c) of row i is among row i's kept ones.
        let kept_by = |i: usize, c: u32, w: f32| {
            let (t, tc) = threshold[i];
            (t == 0.0 && tc == 0) || w.abs() > t || (w.abs() == t && c <= tc)
        };
        let rows: Vec<Vec<(u32, f32)>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (cols, vals) = self.row(i);
                cols.iter()
                    .zip(vals)
                    .filter(|&(&c, &w)| {
                        c as usize == i || kept_by(i, c, w) || kept_by(c as usize, i as u32, w)
                    })
                    .map(|(&c, &w)| (c, w))
                    .collect()
            })
            .collect();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let total: usize = rows.iter().map(Vec::len).sum();
        let (mut targets, mut weights) = (Vec::with_capacity(total), Vec::with_capacity(total));
        for row in rows {
            for (c, w) in row {
                targets.push(c);
                weights.push(w);
            }
            offsets.push(targets.len());
        }
        Self {
            offsets,
            targets,
            weights,
        }
    }

    /// `A + Aᵀ` with the diagonal taken once: the undirected adjacency of a list of arcs.
    pub fn undirected(&self) -> Self {
        self.with_transpose(false)
    }

    /// `A + Aᵀ` (the diagonal twice); with `diagonal_twice` false, the diagonal once. The
    /// transpose's rows come out sorted from one counting pass and each row is a merge of two
    /// sorted rows, so nothing is sorted again.
    fn with_transpose(&self, diagonal_twice: bool) -> Self {
        let n = self.node_count();
        let mut t_off = vec![0usize; n + 1];
        for (u, v, _) in self.iter() {
            if diagonal_twice || u != v {
                t_off[v as usize + 1] += 1;
            }
        }
        for i in 0..n {
            t_off[i + 1] += t_off[i];
        }
        let mut fill = t_off.clone();
        let mut t = vec![(0u32, 0f32); t_off[n]];
        for (u, v, w) in self.iter() {
            if diagonal_twice || u != v {
                t[fill[v as usize]] = (u, w);
                fill[v as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(self.nnz() + t.len());
        let mut weights = Vec::with_capacity(self.nnz() + t.len());
        for u in 0..n {
            let (cols, vals) = self.row(u);
            let col = &t[t_off[u]..t_off[u + 1]];
            let (mut i, mut j) = (0, 0);
            loop {
                let (c, w) = match (cols.get(i), col.get(j)) {
                    (Some(&c), Some(&(d, x))) if c == d => {
                        i += 1;
                        j += 1;
                        (c, vals[i - 1] + x)
                    }
                    (Some(&c), Some(&(d, _))) if c < d => {
                        i += 1;
                        (c, vals[i - 1])
                    }
                    (Some(&c), None) => {
                        i += 1;
                        (c, vals[i - 1])
                    }
                    (_, Some(&(d, x))) => {
                        j += 1;
                        (d, x)
                    }
                    (None, None) => break,
                };
                targets.push(c);
                weights.push(w);
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
        self.with_transpose(true)
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
    #[test]
    fn the_backbone_keeps_heavy_links_and_symmetry() {
        // A hub 0 linked to 1..=5 with weights 1..=5, and 1-2 with weight 9.
        let mut t = vec![(1, 2, 9.0), (2, 1, 9.0), (0, 0, 7.0)];
        for j in 1..=5u32 {
            t.push((0, j, j as f32));
            t.push((j, 0, j as f32));
        }
        let a = Csr::from_triplets(6, &t);
        let b = a.strongest(2);
        assert!(b.is_symmetric());
        // Row 0 keeps its two heaviest (5 and 4) and its diagonal; rows 1..=5 have at most two
        // entries, so each keeps its link to 0, and the mirror keeps it in row 0 too.
        assert_eq!(b.get(0, 0), 7.0);
        assert_eq!(b.get(1, 2), 9.0);
        for j in 1..=5 {
            assert_eq!(b.get(0, j), j as f32, "kept by row {j}");
        }
        // With one per row, row 0 keeps 0-5 (and 0-0); row 1 keeps 1-2, so 0-1 goes.
        let c = a.strongest(1);
        assert!(c.is_symmetric());
        assert_eq!(c.get(0, 1), 0.0);
        assert_eq!(c.get(1, 2), 9.0);
        assert_eq!(c.get(0, 5), 5.0);
        assert_eq!(a.strongest(100), a);
    }

    #[test]
    fn relabelling_moves_rows_and_columns() {
        let a = Csr::from_triplets(
            4,
            &[
                (0, 1, 1.0),
                (1, 0, 1.0),
                (1, 2, 2.0),
                (2, 1, 2.0),
                (3, 3, 5.0),
            ],
        );
        let new_of_old = [2u32, 0, 3, 1];
        let b = a.relabelled(&new_of_old);
        for (i, j, w) in a.iter() {
            assert_eq!(
                b.get(
                    new_of_old[i as usize] as usize,
                    new_of_old[j as usize] as usize
                ),
                w
            );
        }
        assert_eq!(b.nnz(), a.nnz());
        // Renaming back gives the matrix again.
        let mut back = [0u32; 4];
        for (old, &new) in new_of_old.iter().enumerate() {
            back[new as usize] = old as u32;
        }
        assert_eq!(b.relabelled(&back), a);
        // Several blocks of rows: reversing the numbers twice gives the matrix back.
        let n = 3 * ROWS_PER_BLOCK + 5;
        let t: Vec<(u32, u32, f32)> = (0..n as u32)
            .flat_map(|i| {
                [
                    (i, (i * 7 + 3) % n as u32, 1.0),
                    (i, (i * 13 + 1) % n as u32, 2.0),
                ]
            })
            .collect();
        let big = Csr::from_triplets(n, &t);
        let reverse: Vec<u32> = (0..n as u32).rev().collect();
        let flipped = big.relabelled(&reverse);
        assert_eq!(flipped.get(n - 1, n - 1 - 3), big.get(0, 3));
        assert_eq!(flipped.relabelled(&reverse), big);
    }

    use super::*;

    #[test]
    fn merged_transposes_equal_the_sorted_build() {
        // A directed matrix with self-loops, a pair both ways and empty rows.
        let arcs = [
            (0, 1, 1.0),
            (1, 0, 2.0),
            (1, 1, 5.0),
            (3, 1, 0.5),
            (3, 4, 1.5),
            (4, 4, 1.0),
        ];
        let a = Csr::from_triplets(6, &arcs);
        let mut both: Vec<_> = arcs.to_vec();
        both.extend(arcs.iter().map(|&(r, c, w)| (c, r, w)));
        assert_eq!(a.plus_transpose(), Csr::from_triplets(6, &both));
        both.retain(|&(r, c, _)| r != c);
        both.extend(arcs.iter().filter(|e| e.0 == e.1));
        let once = a.undirected();
        assert_eq!(once, Csr::from_triplets(6, &both));
        assert_eq!(once.get(1, 1), 5.0);
        assert_eq!(once.get(0, 1), 3.0);
        assert!(once.is_symmetric());
        // Big enough for the parallel row sort: the same matrix as one core builds.
        let many: Vec<(u32, u32, f32)> = (0..300_000u32)
            .map(|k| {
                (
                    (k * 7919) % 5000,
                    (k % 9973 * 104_729) % 5000,
                    (k % 3) as f32,
                )
            })
            .collect();
        let big = Csr::from_triplets(5000, &many);
        let mut sorted = many.clone();
        sorted.sort_by_key(|e| (e.0, e.1));
        let mut expect: Vec<(u32, u32, f32)> = Vec::new();
        for (r, c, w) in sorted {
            match expect.last_mut() {
                Some(l) if (l.0, l.1) == (r, c) => l.2 += w,
                _ => expect.push((r, c, w)),
            }
        }
        assert_eq!(big.iter().collect::<Vec<_>>(), expect);
    }

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
