//! Matrix Market exchange format, coordinate matrices only: `%%MatrixMarket matrix coordinate
//! real|integer|pattern general|symmetric`, a size line `rows cols entries`, then 1-based
//! `i j [value]` lines. A symmetric matrix (lower triangle stored) is an undirected graph; a
//! general one is read like an edge list (directed only if it is not symmetric).

use super::error::{LoadError, parse_weight, utf8};
use super::limits::check_declared_nodes;
use crate::graph::{Graph, GraphBuilder, shorten};

pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = utf8(bytes, file)?;
    let mut lines = text.lines().enumerate();
    let (_, banner) = lines.next().ok_or_else(|| {
        LoadError::whole(
            file,
            "expected a `%%MatrixMarket` banner, found an empty file",
        )
    })?;
    let words: Vec<String> = banner
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if words.first().map(String::as_str) != Some("%%matrixmarket")
        || words.get(1).map(String::as_str) != Some("matrix")
    {
        return Err(LoadError::at_line(
            file,
            1,
            "expected `%%MatrixMarket matrix coordinate …`",
        ));
    }
    if words.get(2).map(String::as_str) != Some("coordinate") {
        return Err(LoadError::at_line(
            file,
            1,
            "expected a `coordinate` matrix (dense `array` files are not graphs)",
        ));
    }
    let pattern = match words.get(3).map(String::as_str) {
        Some("real") | Some("integer") | Some("double") => false,
        Some("pattern") => true,
        other => {
            return Err(LoadError::at_line(
                file,
                1,
                format!(
                    "expected the field real, integer or pattern, found `{}`",
                    other.unwrap_or("")
                ),
            ));
        }
    };
    let symmetric = match words.get(4).map(String::as_str) {
        Some("general") => false,
        Some("symmetric") => true,
        other => {
            return Err(LoadError::at_line(
                file,
                1,
                format!(
                    "expected the symmetry general or symmetric, found `{}`",
                    other.unwrap_or("")
                ),
            ));
        }
    };
    let mut size = None;
    let mut b = GraphBuilder::new(false);
    let mut n = 0usize;
    let mut declared_entries = 0u64;
    let mut entries = 0u64;
    for (i, line) in lines {
        let lineno = i + 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with('%') {
            continue;
        }
        let f: Vec<&str> = t.split_whitespace().collect();
        if size.is_none() {
            let nums: Option<Vec<u64>> = f.iter().map(|x| x.parse().ok()).collect();
            let Some(nums) = nums.filter(|v| v.len() == 3) else {
                return Err(LoadError::at_line(
                    file,
                    lineno,
                    "expected the size line `rows columns entries`",
                ));
            };
            if nums[0] != nums[1] {
                return Err(LoadError::at_line(
                    file,
                    lineno,
                    format!(
                        "expected a square adjacency matrix, found {} x {}",
                        nums[0], nums[1]
                    ),
                ));
            }
            n = check_declared_nodes(nums[0], bytes.len(), file, lineno)?;
            for k in 1..=n {
                b.add_node(&k.to_string())
                    .map_err(|m| LoadError::at_line(file, lineno, m))?;
            }
            declared_entries = nums[2];
            size = Some(());
            continue;
        }
        if f.len() < 2 || (!pattern && f.len() < 3) {
            return Err(LoadError::at_line(
                file,
                lineno,
                if pattern {
                    "expected `row column`"
                } else {
                    "expected `row column value`"
                },
            ));
        }
        let index = |s: &str| -> Result<u32, LoadError> {
            match s.parse::<u64>() {
                Ok(k) if k >= 1 && k <= n as u64 => Ok((k - 1) as u32),
                _ => Err(LoadError::at_line(
                    file,
                    lineno,
                    format!("expected an index from 1 to {n}, found `{}`", shorten(s)),
                )),
            }
        };
        let (u, v) = (index(f[0])?, index(f[1])?);
        let w = if pattern {
            1.0
        } else {
            parse_weight(f[2], file, lineno)?
        };
        b.add_edge(u, v, w);
        entries += 1;
    }
    if size.is_none() {
        return Err(LoadError::whole(
            file,
            "expected a size line `rows columns entries`, found none",
        ));
    }
    if entries != declared_entries {
        return Err(LoadError::whole(
            file,
            format!(
                "the size line declares {declared_entries} entries but the file has {entries} (truncated?)"
            ),
        ));
    }
    Ok(if symmetric {
        b.finish()
    } else {
        b.finish_guessing_direction()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_pattern() {
        let src =
            "%%MatrixMarket matrix coordinate pattern symmetric\n% comment\n3 3 2\n2 1\n3 2\n";
        let g = read(src.as_bytes(), "m.mtx").expect("valid");
        assert!(!g.is_directed());
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.adjacency().get(0, 1), 1.0);
    }

    #[test]
    fn general_real_weighted_directed() {
        let src = "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 0.5\n2 1 2.0\n";
        let g = read(src.as_bytes(), "m.mtx").expect("valid");
        assert!(g.is_directed());
        assert_eq!(g.adjacency().get(0, 1), 0.5);
    }

    #[test]
    fn bad_input() {
        let e = |s: &str| {
            read(s.as_bytes(), "b.mtx")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(
            e("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 3 1\n")
                .contains("line 3: expected an index from 1 to 2")
        );
        assert!(
            e("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1\n")
                .contains("truncated")
        );
        assert!(
            e("%%MatrixMarket matrix coordinate real general\n99999999999 99999999999 1\n")
                .contains("declares")
        );
        assert!(e("%%MatrixMarket matrix array real general\n").contains("coordinate"));
    }
}
