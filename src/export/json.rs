//! The hierarchy as JSON: levels with their sizes, assignments, hard clusters, pooled edges,
//! metrics and (optionally) the training configuration.

use crate::hierarchy::Hierarchy;
use serde_json::{Value, json};

/// Format version written into every file, so later readers can tell what they hold.
pub const FORMAT_VERSION: u32 = 1;

pub fn hierarchy_to_json(h: &Hierarchy, config: Option<Value>) -> Value {
    let levels: Vec<Value> = h
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let edges: Vec<Value> = level
                .adjacency
                .iter()
                .filter(|&(i, j, _)| i <= j)
                .map(|(i, j, w)| json!([i, j, w]))
                .collect();
            json!({
                "level": l,
                "nodes": level.node_count,
                "sizes": level.sizes,
                "edges": edges,
                "assignment": level.assignment.as_ref().map(|s| s.rows().into_iter().map(|r| r.to_vec()).collect::<Vec<_>>()),
                "hard": level.hard,
                "embeddings": level.embeddings.as_ref().map(|e| e.rows().into_iter().map(|r| r.to_vec()).collect::<Vec<_>>()),
                "metrics": level.metrics,
            })
        })
        .collect();
    json!({
        "poolscope_hierarchy": FORMAT_VERSION,
        "source": h.source,
        "config": config,
        "levels": levels,
    })
}

/// At most this many levels are read from a hierarchy file.
pub const MAX_LEVELS_IN_FILE: usize = 16;

fn matrix(v: &Value, rows: usize, what: &str) -> Result<Option<ndarray::Array2<f32>>, String> {
    let Some(list) = v.as_array() else {
        return if v.is_null() {
            Ok(None)
        } else {
            Err(format!("{what}: expected a list of rows or null"))
        };
    };
    if list.len() != rows {
        return Err(format!(
            "{what}: expected {rows} rows, found {}",
            list.len()
        ));
    }
    let mut cols = None;
    let mut flat = Vec::new();
    for (i, row) in list.iter().enumerate() {
        let row = row
            .as_array()
            .ok_or_else(|| format!("{what}, row {}: expected a list of numbers", i + 1))?;
        if *cols.get_or_insert(row.len()) != row.len() {
            return Err(format!(
                "{what}, row {}: expected {} values, found {}",
                i + 1,
                cols.unwrap_or(0),
                row.len()
            ));
        }
        for x in row {
            let f = x
                .as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| format!("{what}, row {}: expected finite numbers", i + 1))?;
            flat.push(f as f32);
        }
    }
    let cols = cols.unwrap_or(0);
    ndarray::Array2::from_shape_vec((rows, cols), flat)
        .map(Some)
        .map_err(|e| format!("{what}: {e}"))
}

/// Reads a hierarchy written by [`hierarchy_to_json`] and checks it against `graph` (level 0
/// must have the graph's node count; every assignment must chain into the next level).
pub fn hierarchy_from_json(text: &str, graph: &crate::graph::Graph) -> Result<Hierarchy, String> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| format!("line {}: expected valid JSON: {e}", e.line()))?;
    match doc.get("poolscope_hierarchy").and_then(Value::as_u64) {
        Some(v) if v as u32 == FORMAT_VERSION => {}
        Some(v) => {
            return Err(format!(
                "format version {v}; this poolscope reads version {FORMAT_VERSION}"
            ));
        }
        None => return Err("expected a poolscope hierarchy (key `poolscope_hierarchy`)".into()),
    }
    let levels = doc
        .get("levels")
        .and_then(Value::as_array)
        .ok_or("expected a `levels` list")?;
    if levels.is_empty() || levels.len() > MAX_LEVELS_IN_FILE {
        return Err(format!(
            "expected 1 to {MAX_LEVELS_IN_FILE} levels, found {}",
            levels.len()
        ));
    }
    let counts: Vec<usize> = levels
        .iter()
        .enumerate()
        .map(|(l, lv)| {
            lv.get("nodes")
                .and_then(Value::as_u64)
                .filter(|&n| n as usize <= crate::graph::MAX_NODES)
                .map(|n| n as usize)
                .ok_or_else(|| {
                    format!(
                        "levels[{l}].nodes: expected a node count up to {}",
                        crate::graph::MAX_NODES
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    if counts[0] != graph.node_count() {
        return Err(format!(
            "level 0 has {} nodes but the graph has {}",
            counts[0],
            graph.node_count()
        ));
    }
    let mut assignments = Vec::new();
    let mut pooled = Vec::new();
    let mut embeddings = Vec::new();
    for (l, lv) in levels.iter().enumerate() {
        let n = counts[l];
        if l + 1 < levels.len() {
            let s = matrix(
                lv.get("assignment").unwrap_or(&Value::Null),
                n,
                &format!("levels[{l}].assignment"),
            )?
            .ok_or_else(|| format!("levels[{l}].assignment: every level but the top needs one"))?;
            if s.ncols() != counts[l + 1] {
                return Err(format!(
                    "levels[{l}].assignment: {} columns but level {} has {} nodes",
                    s.ncols(),
                    l + 1,
                    counts[l + 1]
                ));
            }
            assignments.push(s);
        }
        if l > 0 {
            let edges = lv
                .get("edges")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("levels[{l}].edges: expected a list"))?;
            let mut t = Vec::with_capacity(2 * edges.len());
            for (k, e) in edges.iter().enumerate() {
                let e = e
                    .as_array()
                    .filter(|e| e.len() == 3)
                    .ok_or_else(|| format!("levels[{l}].edges[{k}]: expected [i, j, weight]"))?;
                let idx = |v: &Value| v.as_u64().filter(|&i| (i as usize) < n).map(|i| i as u32);
                let (Some(i), Some(j), Some(w)) = (
                    idx(&e[0]),
                    idx(&e[1]),
                    e[2].as_f64().filter(|w| w.is_finite()),
                ) else {
                    return Err(format!(
                        "levels[{l}].edges[{k}]: expected node numbers below {n} and a finite weight"
                    ));
                };
                t.push((i, j, w as f32));
                if i != j {
                    t.push((j, i, w as f32));
                }
            }
            pooled.push(crate::graph::Csr::from_triplets(n, &t));
        }
        embeddings.push(matrix(
            lv.get("embeddings").unwrap_or(&Value::Null),
            n,
            &format!("levels[{l}].embeddings"),
        )?);
    }
    let source = doc.get("source").and_then(Value::as_str).unwrap_or("file");
    let mut h = Hierarchy::from_parts(
        graph.symmetric().into_owned(),
        assignments,
        Some(pooled),
        embeddings,
        source,
    );
    h.compute_metrics(graph, None);
    Ok(h)
}

/// Reads a hierarchy file for `graph`; errors name the file.
pub fn read_hierarchy_file(
    path: &std::path::Path,
    graph: &crate::graph::Graph,
) -> Result<Hierarchy, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    hierarchy_from_json(&text, graph).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    #[test]
    fn round_trip() {
        let g = ring_of_cliques(4, 3);
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| if i / 3 == k { 0.9 } else { 0.1 / 3.0 });
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let emb = Array2::from_shape_fn((12, 2), |(i, j)| (i * 2 + j) as f32);
        let h = Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![s0, s1],
            None,
            vec![Some(emb)],
            "dmon",
        );
        let text = serde_json::to_string(&hierarchy_to_json(&h, None)).expect("serialises");
        let back = hierarchy_from_json(&text, &g).expect("reads back");
        assert_eq!(back.depth(), 3);
        assert_eq!(back.source, "dmon");
        for l in 0..3 {
            assert_eq!(back.levels[l].hard, h.levels[l].hard);
            assert_eq!(back.levels[l].sizes, h.levels[l].sizes);
            assert_eq!(back.levels[l].assignment, h.levels[l].assignment);
            // Edges are written once per pair; SᵀAS in f32 is symmetric only to rounding.
            let (a, b) = (&back.levels[l].adjacency, &h.levels[l].adjacency);
            assert_eq!(a.nnz(), b.nnz());
            for (i, j, w) in b.iter() {
                assert!((a.get(i as usize, j as usize) - w).abs() < 1e-5);
            }
        }
        assert_eq!(back.levels[0].embeddings, h.levels[0].embeddings);
    }

    #[test]
    fn bad_files_say_where() {
        let g = ring_of_cliques(2, 3);
        let e = |t: &str| hierarchy_from_json(t, &g).err().unwrap_or_default();
        assert!(e("{").contains("expected valid JSON"));
        assert!(e(r#"{"poolscope_hierarchy": 9, "levels": []}"#).contains("format version 9"));
        assert!(
            e(r#"{"poolscope_hierarchy": 1, "levels": [{"nodes": 5}]}"#)
                .contains("level 0 has 5 nodes but the graph has 6")
        );
        let chain = r#"{"poolscope_hierarchy": 1, "levels": [{"nodes": 6, "assignment": [[1],[1],[1],[1],[1],[1]]}, {"nodes": 2, "edges": []}]}"#;
        assert!(e(chain).contains("1 columns but level 1 has 2 nodes"));
        let edge = r#"{"poolscope_hierarchy": 1, "levels": [{"nodes": 6, "assignment": [[1],[1],[1],[1],[1],[1]]}, {"nodes": 1, "edges": [[0, 4, 1]]}]}"#;
        assert!(e(edge).contains("levels[1].edges[0]"));
        assert!(
            e(r#"{"poolscope_hierarchy": 1, "levels": [{"nodes": 99999999999}]}"#)
                .contains("node count up to")
        );
    }
}
