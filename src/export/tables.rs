//! Per-level tables for other tools: assignment matrices as CSV or `.npy` (the shapes
//! `--assign` reads back, so a hierarchy can be taken to numpy or PyTorch and returned), and
//! layout positions as CSV.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use std::path::{Path, PathBuf};

/// The files an assignment set named `base` is written to: `{stem}_S{l}.{ext}`, one per level
/// that has an assignment, in level order (`--assign` takes them back in the same order).
pub fn assignment_paths(base: &Path, levels: usize) -> Vec<PathBuf> {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "assignment".into());
    let ext = base
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".into());
    (0..levels)
        .map(|l| base.with_file_name(format!("{stem}_S{l}.{ext}")))
        .collect()
}

/// Writes every level's soft assignment `S_l` (rows: level-`l` nodes, columns: clusters of
/// level `l + 1`) as CSV without a header, or as float32 `.npy`, by the extension of `base`.
pub fn write_assignments(h: &Hierarchy, base: &Path) -> Result<Vec<PathBuf>, String> {
    let npy = match base
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("npy") => true,
        Some("csv") | None => false,
        Some(other) => {
            return Err(format!(
                "{}: expected .csv or .npy, not .{other}",
                base.display()
            ));
        }
    };
    let mats: Vec<_> = h
        .levels
        .iter()
        .filter_map(|l| l.assignment.as_ref())
        .collect();
    if mats.is_empty() {
        return Err("there is no assignment to write yet: train or open one first".into());
    }
    let paths = assignment_paths(base, mats.len());
    for (m, path) in mats.iter().zip(&paths) {
        let bytes = if npy {
            let mut bytes = Vec::new();
            ndarray_npy::WriteNpyExt::write_npy(*m, &mut bytes).map_err(|e| e.to_string())?;
            bytes
        } else {
            let mut text = String::with_capacity(m.len() * 10);
            for row in m.rows() {
                let cells: Vec<String> = row.iter().map(|v| v.to_string()).collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            text.into_bytes()
        };
        crate::io::write_atomic(path, bytes)?;
    }
    Ok(paths)
}

/// `level,node,id,x,y,cluster`: one row per node per level; `id` is the graph's node id on
/// level 0 and `LEVEL:NODE` above it (never empty: pandas then reads every id as a string,
/// not level 0's numbers as floats beside empty cells), `cluster` the node's hard cluster on
/// the next level (empty at the top).
pub fn positions_csv(g: &Graph, h: Option<&Hierarchy>, positions: &[Vec<[f32; 2]>]) -> String {
    let mut text = String::from("level,node,id,x,y,cluster\n");
    for (l, level) in positions.iter().enumerate() {
        for (i, p) in level.iter().enumerate() {
            let id = if l == 0 {
                g.nodes
                    .ids
                    .get(i)
                    .map(|s| crate::io::csv_field(s))
                    .unwrap_or_default()
            } else {
                format!("{l}:{i}")
            };
            let cluster = h
                .and_then(|h| h.levels.get(l))
                .and_then(|lv| lv.hard.get(i).copied().flatten())
                .map(|c| c.to_string())
                .unwrap_or_default();
            text.push_str(&format!("{l},{i},{id},{},{},{cluster}\n", p[0], p[1]));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    fn two_level() -> (Graph, Hierarchy) {
        let g = ring_of_cliques(4, 3);
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| if i / 3 == k { 0.7 } else { 0.1 });
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| if i / 2 == k { 0.875 } else { 0.125 });
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        (g, h)
    }

    #[test]
    fn assignments_round_trip_through_csv_and_npy() {
        let (g, h) = two_level();
        let scratch = crate::io::scratch::Scratch::new("tables");
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(&dir).expect("dir");
        for ext in ["csv", "npy"] {
            let paths = write_assignments(&h, &dir.join(format!("mine.{ext}"))).expect("writes");
            assert_eq!(paths.len(), 2);
            assert!(paths[1].ends_with(format!("mine_S1.{ext}")));
            let back = crate::export::import_assignments(&g, &paths, false, None)
                .expect("reads back")
                .0;
            assert_eq!(back.depth(), 3);
            for l in 0..2 {
                assert_eq!(
                    back.levels[l].assignment, h.levels[l].assignment,
                    "{ext} level {l}"
                );
                assert_eq!(back.levels[l].hard, h.levels[l].hard);
            }
        }
        assert!(write_assignments(&h, &dir.join("x.txt")).is_err());
    }

    #[test]
    fn positions_table_has_a_row_per_node_per_level() {
        let (g, h) = two_level();
        let p = vec![
            vec![[1.0, 2.0]; 12],
            vec![[0.5, 0.5]; 4],
            vec![[0.0, 0.0]; 2],
        ];
        let text = positions_csv(&g, Some(&h), &p);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 1 + 12 + 4 + 2);
        assert_eq!(rows[1], format!("0,0,{},1,2,0", g.nodes.ids[0]));
        assert_eq!(rows[13], "1,0,1:0,0.5,0.5,0");
        assert_eq!(rows[18], "2,1,2:1,0,0,");
    }
}
