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

fn read_csv(bytes: &[u8], file: &str) -> Result<Array2<f32>, LoadError> {
    let text = utf8(bytes, file)?;
    let mut rows: Vec<Vec<f32>> = Vec::new();
    let mut fields = Vec::new();
    let mut first = true;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let lineno = i + 1;
        split(line, Delimiter::guess(line), &mut fields);
        let parsed: Result<Vec<f32>, _> = fields.iter().map(|f| f.parse::<f32>()).collect();
        match parsed {
            Ok(row) => {
                if let Some(w) = rows.first().map(Vec::len)
                    && w != row.len()
                {
                    return Err(LoadError::at_line(
                        file,
                        lineno,
                        format!(
                            "expected {w} values as on the first row, found {}",
                            row.len()
                        ),
                    ));
                }
                if row.len() > MAX_CLUSTERS {
                    return Err(LoadError::at_line(
                        file,
                        lineno,
                        format!("more than {MAX_CLUSTERS} columns"),
                    ));
                }
                if let Some(k) = row.iter().position(|v| !v.is_finite()) {
                    return Err(LoadError::at_line(
                        file,
                        lineno,
                        format!("column {}: expected a finite number", k + 1),
                    ));
                }
                rows.push(row);
            }
            Err(_) if first => {} // a header row
            Err(_) => {
                let bad = fields
                    .iter()
                    .find(|f| f.parse::<f32>().is_err())
                    .map(|f| f.to_string())
                    .unwrap_or_default();
                return Err(LoadError::at_line(
                    file,
                    lineno,
                    format!(
                        "expected numbers separated by commas, found `{}`",
                        crate::graph::shorten(&bad)
                    ),
                ));
            }
        }
        first = false;
    }
    let k = rows.first().map_or(0, Vec::len);
    if rows.is_empty() || k == 0 {
        return Err(LoadError::whole(
            file,
            "expected at least one row of numbers",
        ));
    }
    let n = rows.len();
    Array2::from_shape_vec((n, k), rows.into_iter().flatten().collect())
        .map_err(|e| LoadError::whole(file, e.to_string()))
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

/// Reads the shape and dtype from an `.npy` header without trusting them.
fn npy_header(bytes: &[u8], file: &str) -> Result<(usize, usize, usize), LoadError> {
    let bad = |m: &str| LoadError::new(file, Some(super::error::Position::Byte(0)), m.to_string());
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("expected a .npy file (magic \\x93NUMPY)"));
    }
    let (len, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        _ => return Err(bad("unsupported .npy version")),
    };
    let header = bytes
        .get(start..start.saturating_add(len))
        .ok_or_else(|| bad("truncated .npy header"))?;
    let header = String::from_utf8_lossy(header);
    let item = if header.contains("'<f4'") {
        4
    } else if header.contains("'<f8'") {
        8
    } else {
        return Err(bad(
            "expected a little-endian float32 or float64 array ('<f4' or '<f8')",
        ));
    };
    if header.contains("'fortran_order': True") {
        return Err(bad("expected a C-ordered array (fortran_order False)"));
    }
    let shape = header
        .split("'shape':")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .map(|s| s.trim().trim_start_matches('(').to_string())
        .ok_or_else(|| bad("no shape in the .npy header"))?;
    let dims: Vec<u64> = shape
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    if dims.len() != 2 {
        return Err(bad(&format!(
            "expected a 2-D array (nodes x clusters), found shape ({shape})"
        )));
    }
    let need = dims[0].saturating_mul(dims[1]).saturating_mul(item as u64);
    if need > (bytes.len() - start - len) as u64 {
        return Err(bad(&format!(
            "the header declares {} x {} values but the file holds fewer",
            dims[0], dims[1]
        )));
    }
    if dims[1] as usize > MAX_CLUSTERS {
        return Err(bad(&format!("more than {MAX_CLUSTERS} columns")));
    }
    Ok((dims[0] as usize, dims[1] as usize, item))
}

fn read_npy(bytes: &[u8], file: &str) -> Result<Array2<f32>, LoadError> {
    use ndarray_npy::ReadNpyExt;
    let (_, _, item) = npy_header(bytes, file)?;
    let m = if item == 4 {
        Array2::<f32>::read_npy(bytes)
            .map_err(|e| LoadError::whole(file, format!("cannot read the array: {e}")))?
    } else {
        Array2::<f64>::read_npy(bytes)
            .map_err(|e| LoadError::whole(file, format!("cannot read the array: {e}")))?
            .mapv(|v| v as f32)
    };
    if m.iter().any(|v| !v.is_finite()) {
        let pos = m.iter().position(|v| !v.is_finite()).unwrap_or(0);
        return Err(LoadError::whole(
            file,
            format!(
                "row {}, column {}: expected a finite number",
                pos / m.ncols().max(1) + 1,
                pos % m.ncols().max(1) + 1
            ),
        ));
    }
    Ok(m)
}

/// Parses an assignment from bytes (`.npy` by its magic, else CSV) and validates it.
pub fn parse_assignment(bytes: &[u8], file: &str, logits: bool) -> Result<Array2<f32>, LoadError> {
    let m = if bytes.starts_with(b"\x93NUMPY") {
        read_npy(bytes, file)?
    } else {
        read_csv(bytes, file)?
    };
    if m.nrows() == 0 || m.ncols() == 0 {
        return Err(LoadError::whole(file, "expected a non-empty matrix"));
    }
    let m = if logits { softmax_rows(&m) } else { m };
    for (i, row) in m.rows().into_iter().enumerate() {
        if let Some(k) = row.iter().position(|&v| v < 0.0) {
            return Err(LoadError::whole(
                file,
                format!(
                    "row {}: value {} in column {} is negative (pass --logits if these are logits)",
                    i + 1,
                    row[k],
                    k + 1
                ),
            ));
        }
        let s: f32 = row.sum();
        if s != 0.0 && (s - 1.0).abs() > 1e-3 {
            return Err(LoadError::whole(
                file,
                format!(
                    "row {} sums to {s}, expected 1 (pass --logits if these are logits)",
                    i + 1
                ),
            ));
        }
    }
    Ok(m)
}

pub fn read_assignment(path: &Path, logits: bool) -> Result<Array2<f32>, LoadError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::whole(&name, format!("cannot read: {e}")))?;
    parse_assignment(&bytes, &name, logits)
}

/// Reads and checks one assignment file per level, in the order given (level 1 first), and
/// builds the hierarchy exactly as a trained one.
pub fn import_assignments(
    graph: &crate::graph::Graph,
    paths: &[std::path::PathBuf],
    logits: bool,
    labels: Option<&str>,
) -> Result<crate::hierarchy::Hierarchy, String> {
    let mats = paths
        .iter()
        .map(|p| read_assignment(p, logits).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    crate::hierarchy::Hierarchy::import(graph, mats, labels).map_err(|e| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        format!("{e} (files: {})", names.join(", "))
    })
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
}
