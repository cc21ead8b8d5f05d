//! PyTorch Geometric's own graph form, as NumPy writes it: `edge_index` (2 x E integers) as a
//! `.npy` file, or a `.npz` archive as `np.savez(path, **data.to_dict())` writes one, with
//! `edge_index` and optionally `edge_weight` (E), `x` (N x F features), `y` (N labels, or
//! one graph label), `num_nodes`, and further label columns as `y_NAME`.
//!
//! Nodes are numbered 0..N as in PyG. A graph whose edge_index lists every edge both ways
//! with equal weights (PyG's undirected graphs) is undirected; otherwise it is directed.

use super::error::LoadError;
use super::npy::Npy;
use crate::graph::{Features, GraphBuilder, LabelColumn, MAX_NODES};

fn whole(v: f64) -> Option<u64> {
    (v >= 0.0 && v.fract() == 0.0 && v < 1e15).then_some(v as u64)
}

/// Builds the graph from named arrays (`edge_index` required).
pub fn from_arrays(arrays: &[(String, Npy)], file: &str) -> Result<crate::graph::Graph, LoadError> {
    let get = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, a)| a);
    let ei = get("edge_index").ok_or_else(|| {
        let names: Vec<&str> = arrays.iter().map(|(n, _)| n.as_str()).collect();
        LoadError::whole(
            file,
            format!(
                "expected an array `edge_index` (2 x E) as PyG stores it; found {}",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ),
        )
    })?;
    edges_with(
        ei,
        get("edge_weight"),
        get("num_nodes"),
        get("x"),
        arrays,
        file,
    )
}

/// Builds the graph from `edge_index` alone (a `.npy` file).
pub fn from_edge_index(ei: &Npy, file: &str) -> Result<crate::graph::Graph, LoadError> {
    edges_with(ei, None, None, None, &[], file)
}

fn edges_with(
    ei: &Npy,
    weight: Option<&Npy>,
    num_nodes: Option<&Npy>,
    x: Option<&Npy>,
    arrays: &[(String, Npy)],
    file: &str,
) -> Result<crate::graph::Graph, LoadError> {
    let err = |m: String| LoadError::whole(file, m);
    let e = match ei.shape.as_slice() {
        [2, e] => *e,
        [e, 2] if *e != 2 => {
            return Err(err(format!(
                "edge_index has shape ({e}, 2); PyG's is (2, E): transpose it (edge_index.T)"
            )));
        }
        s => return Err(err(format!("edge_index has shape {s:?}; expected (2, E)"))),
    };
    if !ei.integer && ei.values.iter().any(|v| v.fract() != 0.0) {
        return Err(err(
            "edge_index holds fractions; expected node numbers".into()
        ));
    }
    let (src, dst) = ei.values.split_at(e);
    let mut max = 0u64;
    for (k, v) in ei.values.iter().enumerate() {
        let i = whole(*v).ok_or_else(|| {
            err(format!(
                "edge_index column {}: `{v}` is not a node number (expected 0 or more)",
                k % e.max(1)
            ))
        })?;
        max = max.max(i);
    }
    let declared = match num_nodes.and_then(|a| a.values.first().copied()) {
        Some(v) => Some(whole(v).ok_or_else(|| err(format!("num_nodes `{v}`: expected a count")))?),
        None => None,
    };
    let from_x = x.and_then(|x| x.shape.first().copied()).map(|n| n as u64);
    let n = declared
        .or(from_x)
        .unwrap_or(if e == 0 { 0 } else { max + 1 });
    if e > 0 && max >= n {
        return Err(err(format!(
            "edge_index names node {max}, but the graph has {n} nodes (num_nodes or x)"
        )));
    }
    if n as usize > MAX_NODES {
        return Err(err(format!("{n} nodes; at most {MAX_NODES} are read")));
    }
    let n = n as usize;
    let weights: Option<&[f64]> = match weight {
        Some(w) if w.len() == e => Some(&w.values),
        Some(w) => {
            return Err(err(format!(
                "edge_weight has {} values for {e} edges",
                w.len()
            )));
        }
        None => None,
    };
    let mut arcs: Vec<(u32, u32, f32)> = Vec::with_capacity(e);
    for k in 0..e {
        let w = weights.map_or(1.0, |w| w[k] as f32);
        if !w.is_finite() {
            return Err(err(format!("edge_weight {k}: expected a finite number")));
        }
        arcs.push((src[k] as u32, dst[k] as u32, w));
    }
    // PyG lists an undirected graph's edges both ways with equal weights; anything else is
    // directed (unlike an edge list, a one-way listing is not taken as undirected).
    let listed = crate::graph::Csr::from_triplets(n, &arcs);
    let undirected = listed
        .iter()
        .all(|(u, v, w)| listed.get(v as usize, u as usize) == w);
    let mut b = GraphBuilder::new(!undirected);
    for i in 0..n {
        b.add_node(&i.to_string()).map_err(err)?;
    }
    for (u, v, w) in arcs {
        if !undirected || u <= v {
            b.add_edge(u, v, w);
        }
    }
    let mut g = b.finish();
    if let Some(x) = x {
        let f = x.shape.get(1).copied().unwrap_or(1);
        if x.shape.first() != Some(&n) || x.len() != n * f {
            return Err(err(format!("x has shape {:?}; expected ({n}, F)", x.shape)));
        }
        let values =
            ndarray::Array2::from_shape_vec((n, f), x.values.iter().map(|&v| v as f32).collect())
                .map_err(|e| err(e.to_string()))?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(err("x holds a value that is not a finite number".into()));
        }
        g.nodes.features = Some(Features {
            names: (0..f).map(|j| format!("x{j}")).collect(),
            values,
        });
    }
    for (name, a) in arrays {
        let column = match name.as_str() {
            "y" => "y",
            other => match other.strip_prefix("y_") {
                Some(c) if !c.is_empty() => c,
                _ => continue,
            },
        };
        // A graph-level label (one value) is not a node column.
        if a.len() != n || n == 1 && a.shape.is_empty() {
            if a.len() == 1 {
                continue;
            }
            return Err(err(format!("{name} has {} values for {n} nodes", a.len())));
        }
        let values: Vec<Option<String>> = a
            .values
            .iter()
            .map(|&v| whole(v.max(-1.0)).map(|c| c.to_string()))
            .collect();
        g.nodes
            .labels
            .push(LabelColumn::from_values(column, &values));
    }
    g.name = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(shape: &[usize], values: &[f64], integer: bool) -> Npy {
        Npy {
            shape: shape.to_vec(),
            values: values.to_vec(),
            integer,
        }
    }

    #[test]
    fn an_undirected_pyg_graph_reads_as_undirected_with_its_labels() {
        // Triangle 0-1-2 plus edge 2-3, each listed both ways as PyG does.
        let ei = arr(
            &[2, 8],
            &[
                0., 1., 1., 2., 0., 2., 2., 3., 1., 0., 2., 1., 2., 0., 3., 2.,
            ],
            true,
        );
        let arrays = vec![
            ("edge_index".to_string(), ei),
            ("y".to_string(), arr(&[4], &[0., 0., 1., 1.], true)),
            (
                "x".to_string(),
                arr(&[4, 2], &[1., 0., 0., 1., 1., 1., 0., 0.], false),
            ),
        ];
        let g = from_arrays(&arrays, "g.npz").expect("reads");
        assert_eq!(g.node_count(), 4);
        assert!(!g.is_directed());
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.nodes.label("y").map(|c| c.classes.len()), Some(2));
        assert_eq!(
            g.nodes.features.as_ref().map(|f| f.values.dim()),
            Some((4, 2))
        );
        // One way only: directed.
        let one_way = arr(&[2, 2], &[0., 1., 1., 2.], true);
        assert!(
            from_edge_index(&one_way, "d.npy")
                .expect("reads")
                .is_directed()
        );
    }

    #[test]
    fn shapes_and_numbers_that_do_not_fit_say_so() {
        let e = |arrays: Vec<(String, Npy)>| {
            from_arrays(&arrays, "g.npz")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let t = arr(&[3, 2], &[0., 1., 1., 2., 2., 0.], true);
        assert!(e(vec![("edge_index".into(), t)]).contains("transpose it"));
        let neg = arr(&[2, 1], &[0., -1.], true);
        assert!(e(vec![("edge_index".into(), neg)]).contains("not a node number"));
        let ok = arr(&[2, 1], &[0., 5.], true);
        let n = arr(&[], &[3.], true);
        assert!(
            e(vec![("edge_index".into(), ok), ("num_nodes".into(), n)]).contains("has 3 nodes")
        );
        assert!(
            e(vec![("x".into(), arr(&[1], &[0.], false))])
                .contains("expected an array `edge_index`")
        );
    }
}
