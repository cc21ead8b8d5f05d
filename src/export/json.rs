//! The hierarchy as JSON: levels with their sizes, assignments, hard clusters, pooled edges,
//! metrics and (optionally) the training configuration.

use super::arrays::{ArrayWriter, Arrays};
use crate::hierarchy::{Hierarchy, MAX_LEVELS};
use serde_json::{Value, json};

/// Format version written into every file, so later readers can tell what they hold.
pub const FORMAT_VERSION: u32 = 1;

/// Layout positions per level, `[x, y]` per node.
pub type Positions = Vec<Vec<[f32; 2]>>;

/// The hierarchy as a JSON document; `positions` (one list per level) are written when given.
pub fn hierarchy_to_json(
    h: &Hierarchy,
    config: Option<Value>,
    positions: Option<&[Vec<[f32; 2]>]>,
) -> Value {
    hierarchy_value(h, config, positions, None)
}

/// As [`hierarchy_to_json`]; with `arrays`, the numbers go to a session's binary part and the
/// JSON holds references, and what the reader derives anyway (level 0's edges, which are the
/// graph's, the hard clusters and the sizes) is left out.
pub(super) fn hierarchy_value(
    h: &Hierarchy,
    config: Option<Value>,
    positions: Option<&[Vec<[f32; 2]>]>,
    mut arrays: Option<&mut ArrayWriter>,
) -> Value {
    let levels: Vec<Value> = h
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let pairs = || level.adjacency.iter().filter(|&(i, j, _)| i <= j);
            let matrix = |m: &ndarray::Array2<f32>, out: Option<&mut ArrayWriter>| match out {
                Some(w) => w.f32s(m.nrows(), m.ncols(), m.iter().copied()),
                None => json!(m.rows().into_iter().map(|r| r.to_vec()).collect::<Vec<_>>()),
            };
            let placed = positions.and_then(|p| p.get(l));
            let (edges, hard, sizes, placed) = match arrays.as_deref_mut() {
                Some(w) => {
                    let edges = (l > 0).then(|| {
                        let count = pairs().count();
                        let ends = w.u32s(count, 2, pairs().flat_map(|(i, j, _)| [i, j]));
                        let weights = w.f32s(count, 1, pairs().map(|(_, _, x)| x));
                        json!({"ends": ends, "weights": weights})
                    });
                    let placed = placed.map(|p| w.f32s(p.len(), 2, p.iter().flatten().copied()));
                    (json!(edges), Value::Null, Value::Null, json!(placed))
                }
                None => (
                    json!(
                        pairs()
                            .map(|(i, j, w)| json!([i, j, w]))
                            .collect::<Vec<_>>()
                    ),
                    json!(level.hard),
                    json!(level.sizes),
                    json!(placed),
                ),
            };
            json!({
                "level": l,
                "nodes": level.node_count,
                "sizes": sizes,
                "edges": edges,
                "assignment": level.assignment.as_ref().map(|s| matrix(s, arrays.as_deref_mut())),
                "hard": hard,
                "embeddings": level.embeddings.as_ref().map(|e| matrix(e, arrays.as_deref_mut())),
                "metrics": level.metrics,
                "positions": placed,
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

/// At most this many levels are read from a hierarchy file: the input and
/// [`MAX_LEVELS`] pooling levels.
pub const MAX_LEVELS_IN_FILE: usize = MAX_LEVELS + 1;

fn matrix(
    v: &Value,
    rows: usize,
    what: &str,
    arrays: &Arrays,
) -> Result<Option<ndarray::Array2<f32>>, String> {
    if Arrays::is_reference(v) {
        let m = arrays.f32_matrix(v, what)?;
        if m.nrows() != rows {
            return Err(format!("{what}: expected {rows} rows, found {}", m.nrows()));
        }
        return Ok(Some(m));
    }
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
    hierarchy_from_value(&doc, graph)
}

/// The positions stored with a hierarchy: `None` when no level has any; an error when some
/// level lacks them or has the wrong number.
pub fn positions_from_value(doc: &Value, h: &Hierarchy) -> Result<Option<Positions>, String> {
    positions_in(doc, h, &Arrays::default())
}

/// As [`positions_from_value`], with a session's binary arrays to look references up in.
pub(super) fn positions_in(
    doc: &Value,
    h: &Hierarchy,
    arrays: &Arrays,
) -> Result<Option<Positions>, String> {
    let Some(levels) = doc.get("levels").and_then(Value::as_array) else {
        return Ok(None);
    };
    if levels
        .iter()
        .all(|lv| lv.get("positions").is_none_or(Value::is_null))
    {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(h.depth());
    for (l, level) in h.levels.iter().enumerate() {
        let what = format!("levels[{l}].positions");
        let given = levels.get(l).and_then(|lv| lv.get("positions"));
        if let Some(v) = given.filter(|v| Arrays::is_reference(v)) {
            let m = arrays.f32_matrix(v, &what)?;
            if m.dim() != (level.node_count, 2) || m.iter().any(|x| x.abs() >= 1e30) {
                return Err(format!(
                    "{what}: expected {} finite [x, y] pairs, found a {} x {} array",
                    level.node_count,
                    m.nrows(),
                    m.ncols()
                ));
            }
            out.push(m.rows().into_iter().map(|r| [r[0], r[1]]).collect());
            continue;
        }
        let list = given.and_then(Value::as_array).ok_or_else(|| {
            format!("{what}: expected a list (every level or none has positions)")
        })?;
        if list.len() != level.node_count {
            return Err(format!(
                "{what}: expected {} positions, found {}",
                level.node_count,
                list.len()
            ));
        }
        let mut ps = Vec::with_capacity(list.len());
        for (i, p) in list.iter().enumerate() {
            let xy = p
                .as_array()
                .filter(|a| a.len() == 2)
                .and_then(|a| Some([a[0].as_f64()?, a[1].as_f64()?]))
                .filter(|a| a.iter().all(|v| v.is_finite() && v.abs() < 1e30))
                .ok_or_else(|| format!("{what}[{i}]: expected [x, y] with finite numbers"))?;
            ps.push([xy[0] as f32, xy[1] as f32]);
        }
        out.push(ps);
    }
    Ok(Some(out))
}

/// As [`hierarchy_from_json`], from a parsed document (a session holds one inside).
pub fn hierarchy_from_value(doc: &Value, graph: &crate::graph::Graph) -> Result<Hierarchy, String> {
    hierarchy_in(doc, graph, &Arrays::default())
}

/// As [`hierarchy_from_value`], with a session's binary arrays to look references up in.
pub(super) fn hierarchy_in(
    doc: &Value,
    graph: &crate::graph::Graph,
    arrays: &Arrays,
) -> Result<Hierarchy, String> {
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
                arrays,
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
            crate::hierarchy::check_assignment(l + 1, &s)
                .map_err(|e| format!("levels[{l}].assignment: {e}"))?;
            assignments.push(s);
        }
        if l > 0 && lv.get("edges").is_some_and(Value::is_object) {
            pooled.push(binary_edges(&lv["edges"], l, n, arrays)?);
        } else if l > 0 {
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
            arrays,
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
    consistent(levels, &h)?;
    h.compute_metrics(graph, None);
    Ok(h)
}

/// A pooled level's edges from a session's binary part: `ends` (pairs of node numbers, each
/// pair once) and `weights`, one per pair.
fn binary_edges(
    v: &Value,
    l: usize,
    n: usize,
    arrays: &Arrays,
) -> Result<crate::graph::Csr, String> {
    let what = format!("levels[{l}].edges");
    let ((pairs, two), ends) = arrays.u32_matrix(&v["ends"], &format!("{what}.ends"))?;
    let w = arrays.f32_matrix(&v["weights"], &format!("{what}.weights"))?;
    if two != 2 || w.dim() != (pairs, 1) {
        return Err(format!(
            "{what}: expected pairs of node numbers and one weight for each, found {pairs} x \
             {two} ends and {} x {} weights",
            w.nrows(),
            w.ncols()
        ));
    }
    let mut t = Vec::with_capacity(2 * pairs);
    for (k, (e, &x)) in ends.chunks_exact(2).zip(w.iter()).enumerate() {
        let (i, j) = (e[0], e[1]);
        if i as usize >= n || j as usize >= n {
            return Err(format!(
                "{what}[{k}]: expected node numbers below {n}, found {i} and {j}"
            ));
        }
        t.push((i, j, x));
        if i != j {
            t.push((j, i, x));
        }
    }
    Ok(crate::graph::Csr::from_triplets(n, &t))
}

/// What a file states besides the assignments (`hard`, `sizes`, level 0's `edges`) must be
/// what they imply, or the file was edited or written for another graph: said, not drawn.
fn consistent(levels: &[Value], h: &Hierarchy) -> Result<(), String> {
    for (l, (lv, level)) in levels.iter().zip(&h.levels).enumerate() {
        if let Some(hard) = lv.get("hard").filter(|v| !v.is_null()) {
            let hard = hard
                .as_array()
                .ok_or_else(|| format!("levels[{l}].hard: expected a list"))?;
            if !level.hard.is_empty() && hard.len() != level.hard.len() {
                return Err(format!(
                    "levels[{l}].hard: {} entries for {} nodes",
                    hard.len(),
                    level.hard.len()
                ));
            }
            for (i, (v, want)) in hard.iter().zip(&level.hard).enumerate() {
                let got = if v.is_null() { None } else { v.as_u64() };
                if got != want.map(u64::from) {
                    return Err(format!(
                        "levels[{l}].hard[{i}]: {v} but the assignment's row gives {}",
                        want.map_or("none (a dropped node)".to_string(), |c| c.to_string())
                    ));
                }
            }
        }
        if let Some(sizes) = lv.get("sizes").filter(|v| !v.is_null()) {
            let sizes = sizes
                .as_array()
                .ok_or_else(|| format!("levels[{l}].sizes: expected a list"))?;
            if sizes.len() != level.sizes.len() {
                return Err(format!(
                    "levels[{l}].sizes: {} entries for {} nodes",
                    sizes.len(),
                    level.sizes.len()
                ));
            }
            for (i, (v, want)) in sizes.iter().zip(&level.sizes).enumerate() {
                match v.as_f64() {
                    Some(x) if (x - f64::from(*want)).abs() <= 1e-3 * f64::from(want.max(1.0)) => {}
                    _ => {
                        return Err(format!(
                            "levels[{l}].sizes[{i}]: {v} but the assignments below give {want}"
                        ));
                    }
                }
            }
        }
    }
    // Level 0's edges, when written, must be the graph's (A + Aᵀ, each pair once).
    if let Some(edges) = levels[0].get("edges").and_then(Value::as_array) {
        let a = &h.levels[0].adjacency;
        let pairs = a.iter().filter(|&(i, j, _)| i <= j).count();
        if edges.len() != pairs {
            return Err(format!(
                "levels[0].edges: {} edges but the graph has {pairs}: the file was written for \
                 another graph, or edited",
                edges.len()
            ));
        }
        for (k, e) in edges.iter().enumerate() {
            let entry = e.as_array().filter(|e| e.len() == 3);
            let ok = entry.and_then(|e| {
                let (i, j) = (e[0].as_u64()? as usize, e[1].as_u64()? as usize);
                let w = e[2].as_f64()?;
                (i < a.node_count() && j < a.node_count()).then_some((i, j, w))
            });
            match ok {
                Some((i, j, w))
                    if (f64::from(a.get(i, j)) - w).abs() <= 1e-4 * w.abs().max(1.0)
                        && a.get(i, j) != 0.0 => {}
                _ => {
                    return Err(format!(
                        "levels[0].edges[{k}]: {e} is not an edge of the graph"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Reads a hierarchy file for `graph`, with its positions when it has them; errors name the
/// file.
pub fn read_hierarchy_file(
    path: &std::path::Path,
    graph: &crate::graph::Graph,
) -> Result<(Hierarchy, Option<Positions>), String> {
    let at = |e: String| format!("{}: {e}", path.display());
    let text = crate::io::read_bounded_text(path, crate::io::MAX_FILE_BYTES)?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| at(format!("line {}: expected valid JSON: {e}", e.line())))?;
    let h = hierarchy_from_value(&doc, graph).map_err(at)?;
    let positions = positions_from_value(&doc, &h).map_err(at)?;
    Ok((h, positions))
}

/// Writes the hierarchy (and positions, when given) as a JSON file.
pub fn write_hierarchy_file(
    path: &std::path::Path,
    h: &Hierarchy,
    config: Option<Value>,
    positions: Option<&[Vec<[f32; 2]>]>,
) -> Result<(), String> {
    let text = serde_json::to_string(&hierarchy_to_json(h, config, positions))
        .map_err(|e| e.to_string())?;
    crate::io::write_atomic(path, text)
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
        let text = serde_json::to_string(&hierarchy_to_json(&h, None, None)).expect("serialises");
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

    #[test]
    fn a_file_whose_parts_disagree_is_refused_with_the_part() {
        let g = ring_of_cliques(2, 3);
        let s0 = Array2::from_shape_fn((6, 2), |(i, k)| f32::from(i / 3 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0], None, vec![], "t");
        let good = hierarchy_to_json(&h, None, None);
        assert!(hierarchy_from_json(&good.to_string(), &g).is_ok());
        let refused = |edit: &dyn Fn(&mut Value)| {
            let mut doc = good.clone();
            edit(&mut doc);
            hierarchy_from_json(&doc.to_string(), &g)
                .err()
                .unwrap_or_default()
        };
        let e = refused(&|d| d["levels"][0]["hard"][2] = json!(999999));
        assert!(
            e.contains("levels[0].hard[2]: 999999") && e.contains("gives 0"),
            "{e}"
        );
        let e = refused(&|d| d["levels"][0]["hard"][4] = json!(0));
        assert!(e.contains("levels[0].hard[4]"), "{e}");
        let e = refused(&|d| d["levels"][1]["sizes"] = json!([3, 4]));
        assert!(e.contains("levels[1].sizes[1]: 4"), "{e}");
        let e = refused(&|d| d["levels"][0]["assignment"][1] = json!([5, -4]));
        assert!(
            e.contains("levels[0].assignment") && e.contains("-4"),
            "{e}"
        );
        let e = refused(&|d| {
            let edges = d["levels"][0]["edges"].as_array_mut().expect("edges");
            edges.truncate(edges.len() - 2);
        });
        assert!(
            e.contains("levels[0].edges") && e.contains("another graph"),
            "{e}"
        );
        let e = refused(&|d| d["levels"][0]["edges"][0] = json!([0, 5, 1.0]));
        assert!(
            e.contains("levels[0].edges[0]") && e.contains("not an edge"),
            "{e}"
        );
    }

    #[test]
    fn positions_round_trip_and_must_cover_every_level() {
        let g = ring_of_cliques(2, 3);
        let s0 = Array2::from_shape_fn((6, 2), |(i, k)| f32::from(i / 3 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0], None, vec![], "t");
        let p: Positions = vec![
            (0..6).map(|i| [i as f32, -1.5]).collect(),
            vec![[0.25, 2.0]; 2],
        ];
        let doc = hierarchy_to_json(&h, None, Some(&p));
        let back = hierarchy_from_value(&doc, &g).expect("reads");
        assert_eq!(positions_from_value(&doc, &back), Ok(Some(p)));
        let bare = hierarchy_to_json(&h, None, None);
        assert_eq!(positions_from_value(&bare, &back), Ok(None));
        let mut partial = doc.clone();
        partial["levels"][1]["positions"] = Value::Null;
        let e = positions_from_value(&partial, &back).unwrap_err();
        assert!(e.contains("levels[1].positions"), "{e}");
        let mut bad = doc;
        bad["levels"][0]["positions"][2] = json!([1.0, "x"]);
        let e = positions_from_value(&bad, &back).unwrap_err();
        assert!(e.contains("levels[0].positions[2]"), "{e}");
    }
}
