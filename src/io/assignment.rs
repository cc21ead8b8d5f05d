//! Assignment matrices made elsewhere (e.g. `S` from a PyTorch Geometric model): CSV with one
//! row per node and one column per cluster, or a 2-D `.npy` array (float32 or float64).
//!
//! Checks: a rectangular, non-empty matrix of finite numbers; after the optional row softmax
//! (`--logits`), non-negative rows summing to 1 (within 1e-3; rows of all zeros are allowed,
//! they mark nodes a score method dropped). The `.npy` header's shape is checked against the
//! file's length before anything is allocated.

use super::delimited::{Delimiter, split};
use super::error::{LoadError, utf8};
use ndarray::Array2;
use std::path::Path;

/// Largest number of clusters accepted.
pub const MAX_CLUSTERS: usize = 100_000;

/// What a CSV's first column turned out to be.
enum FirstColumn {
    Values,
    /// pandas' index or a node-number column: dropped.
    Index,
    /// Node ids: rows are matched to the graph's nodes by them.
    Ids,
}

/// Header names that mean "the first column names the node".
const ID_HEADERS: [&str; 7] = ["", "id", "node", "node_id", "name", "index", "Unnamed: 0"];

fn read_csv(
    bytes: &[u8],
    file: &str,
    opts: &AssignmentOptions,
) -> Result<(Array2<f32>, Vec<String>), LoadError> {
    let text = utf8(bytes, file)?;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut fields = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        split(line, Delimiter::guess(line), &mut fields);
        if fields.len() > MAX_CLUSTERS + 1 {
            return Err(LoadError::at_line(
                file,
                i + 1,
                format!("more than {MAX_CLUSTERS} columns"),
            ));
        }
        rows.push((i + 1, fields.iter().map(|f| f.trim().to_string()).collect()));
    }
    let mut notes = Vec::new();
    let numeric = |f: &str| f.parse::<f32>().is_ok();
    // A header has a name among its value columns, or names its first column where every
    // row below has a number (a first row "a,0.5,0.5" over rows "b,…" is an id column).
    let header = rows
        .first()
        .filter(|(_, r)| {
            r.iter().skip(1).any(|f| !numeric(f))
                || (r.first().is_some_and(|f| !numeric(f))
                    && rows[1..]
                        .iter()
                        .all(|(_, x)| x.first().is_some_and(|f| numeric(f))))
        })
        .map(|(_, r)| r.clone());
    let data = &rows[usize::from(header.is_some())..];
    let first_is_numeric = data
        .iter()
        .all(|(_, r)| r.first().is_some_and(|f| numeric(f)));
    let first_is_text = data
        .iter()
        .all(|(_, r)| r.first().is_some_and(|f| !numeric(f)));
    let first = match &header {
        Some(h) if h.len() > 1 && ID_HEADERS.contains(&h[0].as_str()) => {
            // pandas' index column (an empty header cell) is positions; a named column of
            // numbers that are all node ids names the nodes.
            let pandas = h[0].is_empty() || h[0] == "Unnamed: 0";
            let all_ids = opts
                .ids
                .is_some_and(|ids| data.iter().all(|(_, r)| ids.contains(&r[0])));
            if first_is_numeric && (pandas || !all_ids) {
                FirstColumn::Index
            } else {
                FirstColumn::Ids
            }
        }
        _ if first_is_text && data.first().is_some_and(|(_, r)| r.len() > 1) => FirstColumn::Ids,
        _ => FirstColumn::Values,
    };
    let skip = usize::from(!matches!(first, FirstColumn::Values));
    match first {
        FirstColumn::Index => notes.push(format!(
            "{file}: the first column is an index (pandas' to_csv writes one) and was left out"
        )),
        FirstColumn::Ids => notes.push(format!(
            "{file}: rows matched to the graph's nodes by the ids in the first column"
        )),
        FirstColumn::Values => {}
    }
    let mut values: Vec<(usize, Option<String>, Vec<f32>)> = Vec::with_capacity(data.len());
    for (line, r) in data {
        let row: Result<Vec<f32>, _> = r[skip.min(r.len())..]
            .iter()
            .map(|f| f.parse::<f32>())
            .collect();
        let row = row.map_err(|_| {
            let bad = r[skip.min(r.len())..]
                .iter()
                .find(|f| !numeric(f))
                .cloned()
                .unwrap_or_default();
            LoadError::at_line(
                file,
                *line,
                format!(
                    "expected numbers separated by commas, found `{}`",
                    crate::graph::shorten(&bad)
                ),
            )
        })?;
        if let Some((_, _, w)) = values.first()
            && w.len() != row.len()
        {
            return Err(LoadError::at_line(
                file,
                *line,
                format!(
                    "expected {} values as on the first row, found {}",
                    w.len(),
                    row.len()
                ),
            ));
        }
        if let Some(k) = row.iter().position(|v| !v.is_finite()) {
            return Err(LoadError::at_line(
                file,
                *line,
                format!("column {}: expected a finite number", k + 1 + skip),
            ));
        }
        let id = (skip == 1).then(|| r[0].clone());
        values.push((*line, id, row));
    }
    let k = values.first().map_or(0, |v| v.2.len());
    if values.is_empty() || k == 0 {
        return Err(LoadError::whole(
            file,
            "expected at least one row of numbers",
        ));
    }
    // Node ids: put each row where its node is in the graph.
    if let (FirstColumn::Ids, Some(ids)) = (&first, opts.ids) {
        let index: std::collections::HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut placed: Vec<Option<Vec<f32>>> = vec![None; ids.len()];
        for (line, id, row) in &values {
            let id = id.as_deref().unwrap_or("");
            let i = *index.get(id).ok_or_else(|| {
                LoadError::at_line(
                    file,
                    *line,
                    format!(
                        "`{}` is not the id of any node of the graph",
                        crate::graph::shorten(id)
                    ),
                )
            })?;
            if placed[i].replace(row.clone()).is_some() {
                return Err(LoadError::at_line(
                    file,
                    *line,
                    format!("node `{id}` has a second row"),
                ));
            }
        }
        if let Some(missing) = placed.iter().position(Option::is_none) {
            return Err(LoadError::whole(
                file,
                format!("node `{}` has no row", ids[missing]),
            ));
        }
        let flat: Vec<f32> = placed.into_iter().flatten().flatten().collect();
        let m = Array2::from_shape_vec((ids.len(), k), flat)
            .map_err(|e| LoadError::whole(file, e.to_string()))?;
        return Ok((m, notes));
    }
    let n = values.len();
    let m = Array2::from_shape_vec((n, k), values.into_iter().flat_map(|v| v.2).collect())
        .map_err(|e| LoadError::whole(file, e.to_string()))?;
    Ok((m, notes))
}

/// Row softmax (kept here so that `io` does not depend on the training code).
fn softmax_rows(m: &Array2<f32>) -> Array2<f32> {
    let mut out = m.clone();
    for mut row in out.rows_mut() {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        row.mapv_inplace(|v| (v - max).exp());
        let s = row.sum();
        row.mapv_inplace(|v| v / s);
    }
    out
}

/// A 2-D array, a batch of one (`1 x N x K`), or graph `batch_index` of a `B x N x K` batch.
fn read_npy(
    bytes: &[u8],
    file: &str,
    opts: &AssignmentOptions,
) -> Result<(Array2<f32>, Vec<String>), LoadError> {
    let a = super::npy::read(bytes, file)?;
    let mut notes = Vec::new();
    // A 1-D array of node numbers: TopK's / SAGPool's `perm`, the nodes kept.
    if let ([_], true) = (a.shape.as_slice(), a.integer) {
        let rows = opts.rows.ok_or_else(|| {
            LoadError::whole(
                file,
                "a selection (kept node numbers) needs the graph's node count",
            )
        })?;
        let mut m = Array2::<f32>::zeros((rows, a.len()));
        for (rank, &i) in a.values.iter().enumerate() {
            if i < 0.0 || i as usize >= rows {
                return Err(LoadError::whole(
                    file,
                    format!("entry {rank}: node {i} is not one of the level's {rows} nodes"),
                ));
            }
            if m.row(i as usize).sum() > 0.0 {
                return Err(LoadError::whole(file, format!("node {i} is kept twice")));
            }
            m[[i as usize, rank]] = 1.0;
        }
        notes.push(format!(
            "{file}: a selection (perm): {} of {rows} nodes kept, the others dropped",
            a.len()
        ));
        return Ok((m, notes));
    }
    let (b, n, k) = match a.shape.as_slice() {
        [n, k] => (1, *n, *k),
        [b, n, k] => (*b, *n, *k),
        s => {
            return Err(LoadError::whole(
                file,
                format!("shape {s:?}: expected nodes x clusters (or a batch, B x N x K)"),
            ));
        }
    };
    if k > MAX_CLUSTERS {
        return Err(LoadError::whole(
            file,
            format!("more than {MAX_CLUSTERS} columns"),
        ));
    }
    let index = match (b, opts.batch_index) {
        (1, None) => 0,
        (_, Some(i)) if i < b => i,
        (_, Some(i)) => {
            return Err(LoadError::whole(
                file,
                format!("--batch-index {i}, but the batch holds {b} graphs"),
            ));
        }
        (_, None) => {
            return Err(LoadError::whole(
                file,
                format!(
                    "a batch of {b} graphs (B x N x K): say which with --batch-index, and its node count with --nodes or --mask"
                ),
            ));
        }
    };
    // Padding only when asked for: a plain matrix with extra rows is refused by the caller
    // (the level above has fewer nodes than it has rows), not cut to fit.
    let rows = if opts.padded || opts.batch_index.is_some() {
        opts.rows.unwrap_or(n).min(n)
    } else {
        n
    };
    if rows < n {
        notes.push(format!(
            "{file}: graph {index} of the batch: its first {rows} of {n} rows (the rest is padding)"
        ));
    }
    let start = index * n * k;
    let values: Vec<f32> = a.values[start..start + rows * k]
        .iter()
        .map(|&v| v as f32)
        .collect();
    if let Some(pos) = values.iter().position(|v| !v.is_finite()) {
        return Err(LoadError::whole(
            file,
            format!(
                "row {}, column {}: expected a finite number",
                pos / k.max(1) + 1,
                pos % k.max(1) + 1
            ),
        ));
    }
    let m = Array2::from_shape_vec((rows, k), values)
        .map_err(|e| LoadError::whole(file, e.to_string()))?;
    Ok((m, notes))
}

/// How to read an assignment file.
#[derive(Clone, Copy, Debug)]
pub struct AssignmentOptions<'a> {
    /// The file holds logits: a row softmax (at `temperature`) gives the probabilities.
    pub logits: bool,
    pub temperature: f32,
    /// The graph's node ids, for a CSV whose first column names the nodes.
    pub ids: Option<&'a [String]>,
    /// The nodes the matrix should have rows for (a transposed matrix is recognised by it).
    pub rows: Option<usize>,
    /// Which graph of a `B x N x K` batch.
    pub batch_index: Option<usize>,
    /// The user said the rows past `rows` are padding (`--nodes`); a batch (`batch_index`)
    /// says so too. Otherwise a matrix with more rows than `rows` is refused, never cut.
    pub padded: bool,
}

impl Default for AssignmentOptions<'_> {
    fn default() -> Self {
        Self {
            logits: false,
            temperature: 1.0,
            ids: None,
            rows: None,
            batch_index: None,
            padded: false,
        }
    }
}

/// Rows within this of 1 are taken as printed with few decimals and renormalised.
const PRINTED_TOLERANCE: f32 = 1e-2;

/// Parses an assignment and checks it; also says what it had to interpret on the way.
pub fn parse_assignment_with(
    bytes: &[u8],
    file: &str,
    opts: &AssignmentOptions,
) -> Result<(Array2<f32>, Vec<String>), LoadError> {
    let (m, mut notes) = if bytes.starts_with(b"\x93NUMPY") {
        read_npy(bytes, file, opts)?
    } else {
        read_csv(bytes, file, opts)?
    };
    if m.nrows() == 0 || m.ncols() == 0 {
        return Err(LoadError::whole(file, "expected a non-empty matrix"));
    }
    if let Some(n) = opts.rows
        && m.nrows() != n
        && m.ncols() == n
    {
        return Err(LoadError::whole(
            file,
            format!(
                "{} rows x {} columns: this looks transposed (clusters x nodes); rows must be the {n} nodes, so transpose it (S.T)",
                m.nrows(),
                m.ncols()
            ),
        ));
    }
    let looks_like_probabilities =
        m.iter().all(|&v| v >= 0.0) && m.rows().into_iter().all(|r| (r.sum() - 1.0).abs() <= 1e-3);
    let mut m = if opts.logits {
        if looks_like_probabilities {
            notes.push(format!(
                "{file}: --logits given, but every row already sums to 1: these look like probabilities (the softmax was applied anyway)"
            ));
        }
        let t = if opts.temperature.is_finite() && opts.temperature > 0.0 {
            opts.temperature
        } else {
            1.0
        };
        softmax_rows(&m.mapv(|v| v / t))
    } else {
        m
    };
    let mut renormalised = 0usize;
    for (i, mut row) in m.rows_mut().into_iter().enumerate() {
        if let Some(k) = row.iter().position(|&v| v < 0.0) {
            return Err(LoadError::whole(
                file,
                format!(
                    "row {}: value {} in column {} is negative: these look like logits (pass --logits)",
                    i + 1,
                    row[k],
                    k + 1
                ),
            ));
        }
        let s: f32 = row.sum();
        if s == 0.0 || (s - 1.0).abs() <= 1e-3 {
            continue;
        }
        if (s - 1.0).abs() <= PRINTED_TOLERANCE {
            row.mapv_inplace(|v| v / s);
            renormalised += 1;
            continue;
        }
        return Err(LoadError::whole(
            file,
            format!(
                "row {} sums to {s}, expected 1 (probabilities; pass --logits if these are logits or unnormalised scores)",
                i + 1
            ),
        ));
    }
    if renormalised > 0 {
        notes.push(format!(
            "{file}: {renormalised} rows summed to within {PRINTED_TOLERANCE} of 1 (printed with few decimals?) and were renormalised"
        ));
    }
    // Zero rows are nodes a selection dropped (or a padded batch's); all of them zero is no
    // assignment at all.
    if m.nrows() > 0 && m.iter().all(|&v| v == 0.0) {
        return Err(LoadError::whole(
            file,
            "every row is 0: no node is assigned to any cluster",
        ));
    }
    Ok((m, notes))
}

/// Parses an assignment from bytes (`.npy` by its magic, else CSV) and validates it.
pub fn parse_assignment(bytes: &[u8], file: &str, logits: bool) -> Result<Array2<f32>, LoadError> {
    let opts = AssignmentOptions {
        logits,
        ..AssignmentOptions::default()
    };
    parse_assignment_with(bytes, file, &opts).map(|(m, _)| m)
}

/// Reads an assignment file (bounded like every reader) with `opts`.
pub fn read_assignment_with(
    path: &Path,
    opts: &AssignmentOptions,
) -> Result<(Array2<f32>, Vec<String>), LoadError> {
    let name = path.display().to_string();
    let bytes = super::read_bounded(path, super::MAX_FILE_BYTES)?;
    parse_assignment_with(&bytes, &name, opts)
}

pub fn read_assignment(path: &Path, logits: bool) -> Result<Array2<f32>, LoadError> {
    let opts = AssignmentOptions {
        logits,
        ..AssignmentOptions::default()
    };
    read_assignment_with(path, &opts).map(|(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_header_and_logits() {
        let m = parse_assignment(b"c0,c1\n0.25,0.75\n1,0\n", "s.csv", false).expect("valid");
        assert_eq!(m.dim(), (2, 2));
        let l = parse_assignment(b"0,0\n2,0\n", "l.csv", true).expect("valid");
        assert!((l[[0, 0]] - 0.5).abs() < 1e-6);
        assert!(l[[1, 0]] > 0.8);
    }

    #[test]
    fn bad_assignments_say_why() {
        let e = |b: &[u8], logits| {
            parse_assignment(b, "s.csv", logits)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(e(b"0.5,0.6\n", false).contains("row 1 sums to 1.1"));
        assert!(e(b"-1,2\n", false).contains("negative"));
        assert!(e(b"1,0\n1\n", false).contains("line 2: expected 2 values"));
        assert!(e(b"1,0\nx,1\n", false).contains("line 2: expected numbers"));
        assert!(e(b"nan,1\n", false).contains("finite"));
        assert!(e(b"", false).contains("at least one row"));
        assert!(e(b"0,0\n0,0\n", false).contains("every row is 0"));
    }

    #[test]
    fn npy_round_trip_and_hostile_header() {
        use ndarray_npy::WriteNpyExt;
        let m = Array2::from_shape_vec((2, 2), vec![0.5f64, 0.5, 0.0, 1.0]).expect("shape");
        let mut bytes = Vec::new();
        m.write_npy(&mut bytes).expect("write");
        let back = parse_assignment(&bytes, "s.npy", false).expect("valid");
        assert_eq!(back[[1, 1]], 1.0);
        let mut hostile = bytes.clone();
        let text = String::from_utf8_lossy(&hostile).replace("(2, 2)", "(9999999999, 2)");
        hostile = text.into_bytes();
        assert!(parse_assignment(&hostile, "h.npy", false).is_err());
        assert!(parse_assignment(&bytes[..bytes.len() - 4], "t.npy", false).is_err());
    }

    #[test]
    fn what_pandas_and_printed_csvs_look_like_is_understood() {
        let ids: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        fn with(ids: Option<&[String]>, rows: Option<usize>) -> AssignmentOptions<'_> {
            AssignmentOptions {
                ids,
                rows,
                ..AssignmentOptions::default()
            }
        }
        // pandas' to_csv(): an index column under an empty header cell, numeric headers.
        let (m, notes) =
            parse_assignment_with(b",0,1\n0,0.2,0.8\n1,1,0\n", "p.csv", &with(None, None))
                .expect("reads");
        assert_eq!(m.dim(), (2, 2));
        assert!(notes[0].contains("index"), "{notes:?}");
        // A node-id column puts each row where its node is.
        let (m, _) = parse_assignment_with(
            b"c,0,1\na,1,0\nb,0.5,0.5\n",
            "i.csv",
            &with(Some(&ids), Some(3)),
        )
        .expect("reads");
        assert_eq!(m.row(0).to_vec(), vec![1.0, 0.0], "node a's row first");
        assert_eq!(m.row(2).to_vec(), vec![0.0, 1.0]);
        let e = parse_assignment_with(
            b"a,1,0\nzz,0,1\nc,1,0\n",
            "i.csv",
            &with(Some(&ids), Some(3)),
        )
        .expect_err("unknown id");
        assert!(
            e.to_string().contains("`zz` is not the id of any node"),
            "{e}"
        );
        // A transposed matrix is named as such.
        let e = parse_assignment_with(b"1,0,1\n0,1,0\n", "t.csv", &with(None, Some(3)))
            .expect_err("transposed");
        assert!(e.to_string().contains("transpose it"), "{e}");
        // Printed with three decimals: renormalised, and said so.
        let (m, notes) =
            parse_assignment_with(b"0.33,0.33,0.33\n", "r.csv", &with(None, None)).expect("reads");
        assert!((m.row(0).sum() - 1.0).abs() < 1e-6);
        assert!(notes[0].contains("renormalised"));
        // --logits on probabilities: applied, with a word.
        let opts = AssignmentOptions {
            logits: true,
            ..AssignmentOptions::default()
        };
        let (_, notes) = parse_assignment_with(b"0.5,0.5\n", "l.csv", &opts).expect("reads");
        assert!(notes[0].contains("look like probabilities"));
    }

    #[test]
    fn float16_and_batches_of_npy() {
        fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
            let mut h =
                format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
            while !(10 + h.len() + 1).is_multiple_of(64) {
                h.push(' ');
            }
            h.push('\n');
            let mut out = b"\x93NUMPY\x01\x00".to_vec();
            out.extend_from_slice(&(h.len() as u16).to_le_bytes());
            out.extend_from_slice(h.as_bytes());
            out.extend_from_slice(data);
            out
        }
        // float16 1.0 and 0.0.
        let half = npy("<f2", "(1, 2)", &[0x00, 0x3c, 0x00, 0x00]);
        assert_eq!(
            parse_assignment(&half, "h.npy", false)
                .expect("reads")
                .row(0)
                .to_vec(),
            vec![1.0, 0.0]
        );
        // A batch of two 3-node graphs, the second padded to 3 rows with 2 real nodes.
        let values: Vec<u8> = [1f32, 0., 0., 1., 1., 0., 0., 1., 1., 0., 0., 0.]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let batch = npy("<f4", "(2, 3, 2)", &values);
        let e = parse_assignment(&batch, "b.npy", false).expect_err("which graph?");
        assert!(e.to_string().contains("--batch-index"), "{e}");
        let opts = AssignmentOptions {
            batch_index: Some(1),
            rows: Some(2),
            ..AssignmentOptions::default()
        };
        let (m, notes) = parse_assignment_with(&batch, "b.npy", &opts).expect("reads");
        assert_eq!(m.dim(), (2, 2));
        assert_eq!(m.row(0).to_vec(), vec![0.0, 1.0]);
        assert!(notes[0].contains("padding"));
    }
}
