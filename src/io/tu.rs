//! TUDataset folders (Morris et al. 2020): `DS_A.txt` (1-based `i, j` node pairs over the whole
//! data set), `DS_graph_indicator.txt` (graph of each node), `DS_graph_labels.txt`, and the
//! optional `DS_node_labels.txt` and `DS_node_attributes.txt`. Read as PyTorch Geometric's
//! `read_tu_data` reads them, one [`Graph`] per graph.

use super::error::{LoadError, utf8};
use crate::graph::{Csr, Dataset, Features, Graph, LabelColumn, NodeTable};
use ndarray::Array2;
use std::borrow::Cow;

/// Widest node-attribute row accepted.
const MAX_ATTRIBUTE_DIM: usize = 100_000;

fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

fn ints(bytes: &[u8], file: &str, what: &str) -> Result<Vec<(usize, i64)>, LoadError> {
    let text = utf8(bytes, file)?;
    lines_of(text)
        .map(|(l, s)| {
            let first = s.split(',').next().unwrap_or("").trim();
            first.parse::<i64>().map(|v| (l, v)).map_err(|_| {
                LoadError::at_line(
                    file,
                    l,
                    format!(
                        "expected an integer {what}, found `{}`",
                        crate::graph::shorten(first)
                    ),
                )
            })
        })
        .collect()
}

/// One part file: its bytes and its name for messages.
pub type Part<'a> = Option<(Cow<'a, [u8]>, String)>;

/// Reads data set `name`; `part("A")` returns the bytes and file name of `NAME_A.txt`, or
/// `None` when that file does not exist.
pub fn read<'a>(name: &str, part: &dyn Fn(&str) -> Part<'a>) -> Result<Dataset, LoadError> {
    let (ind_bytes, ind_file) = part("graph_indicator").ok_or_else(|| {
        LoadError::whole(name, format!("expected a file {name}_graph_indicator.txt"))
    })?;
    let indicator = ints(&ind_bytes, &ind_file, "graph number")?;
    let n = indicator.len();
    let mut graph_count = 0usize;
    let mut graph_of = Vec::with_capacity(n);
    for &(l, g) in &indicator {
        if g < 1 || g as u64 > n as u64 {
            return Err(LoadError::at_line(
                &ind_file,
                l,
                format!("expected a graph number from 1 to {n}, found {g}"),
            ));
        }
        graph_of.push((g - 1) as usize);
        graph_count = graph_count.max(g as usize);
    }
    // Nodes of each graph, and each node's index inside its graph.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); graph_count];
    let mut local = vec![0u32; n];
    for (i, &g) in graph_of.iter().enumerate() {
        local[i] = members[g].len() as u32;
        members[g].push(i);
    }
    if let Some(gap) = members.iter().position(Vec::is_empty) {
        return Err(LoadError::whole(
            &ind_file,
            format!(
                "no node belongs to graph {} though graphs up to {graph_count} do: graph \
                 numbers run 1, 2, 3, … without gaps",
                gap + 1
            ),
        ));
    }

    let (a_bytes, a_file) =
        part("A").ok_or_else(|| LoadError::whole(name, format!("expected a file {name}_A.txt")))?;
    let a_text = utf8(&a_bytes, &a_file)?;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (l, s) in lines_of(a_text) {
        let mut it = s.split(',').map(str::trim);
        let node = |it: &mut dyn Iterator<Item = &str>| -> Result<usize, LoadError> {
            let t = it.next().unwrap_or("");
            match t.parse::<u64>() {
                Ok(k) if k >= 1 && k <= n as u64 => Ok((k - 1) as usize),
                _ => Err(LoadError::at_line(
                    &a_file,
                    l,
                    format!(
                        "expected `i, j` with node numbers from 1 to {n}, found `{}`",
                        crate::graph::shorten(s)
                    ),
                )),
            }
        };
        let (i, j) = (node(&mut it)?, node(&mut it)?);
        if graph_of[i] != graph_of[j] {
            return Err(LoadError::at_line(
                &a_file,
                l,
                format!(
                    "edge {} - {} joins graph {} and graph {}",
                    i + 1,
                    j + 1,
                    graph_of[i] + 1,
                    graph_of[j] + 1
                ),
            ));
        }
        pairs.push((i as u32, j as u32));
    }
    let all = Csr::from_triplets(
        n,
        &pairs.iter().map(|&(i, j)| (i, j, 1.0)).collect::<Vec<_>>(),
    );
    let directed = !all.is_symmetric();

    let node_labels = match part("node_labels") {
        Some((bytes, file)) => {
            let v = ints(&bytes, &file, "node label")?;
            if v.len() != n {
                return Err(LoadError::whole(
                    &file,
                    format!("expected {n} node labels (one per node), found {}", v.len()),
                ));
            }
            let vals: Vec<Option<String>> = v.iter().map(|(_, x)| Some(x.to_string())).collect();
            Some(LabelColumn::from_values("node_label", &vals))
        }
        None => None,
    };
    let attributes = match part("node_attributes") {
        Some((bytes, file)) => Some(read_attributes(&bytes, &file, n)?),
        None => None,
    };
    let graph_labels = match part("graph_labels") {
        Some((bytes, file)) => {
            let v = ints(&bytes, &file, "graph label")?;
            if v.len() != graph_count {
                return Err(LoadError::whole(
                    &file,
                    format!(
                        "expected {graph_count} graph labels (one per graph), found {}",
                        v.len()
                    ),
                ));
            }
            let vals: Vec<Option<String>> = v.iter().map(|(_, x)| Some(x.to_string())).collect();
            Some(LabelColumn::from_values("graph_label", &vals))
        }
        None => None,
    };

    let mut per_graph: Vec<Vec<(u32, u32, f32)>> = vec![Vec::new(); graph_count];
    for (i, j, w) in all.iter() {
        per_graph[graph_of[i as usize]].push((local[i as usize], local[j as usize], w));
    }
    let graphs = members
        .iter()
        .zip(per_graph)
        .enumerate()
        .map(|(g, (nodes, trip))| {
            let mut table = NodeTable {
                ids: nodes.iter().map(|i| (i + 1).to_string()).collect(),
                names: nodes.iter().map(|i| (i + 1).to_string()).collect(),
                ..NodeTable::default()
            };
            if let Some(col) = &node_labels {
                table.labels.push(LabelColumn {
                    name: col.name.clone(),
                    classes: col.classes.clone(),
                    codes: nodes.iter().map(|&i| col.codes[i]).collect(),
                });
            }
            if let Some(f) = &attributes {
                table.features = Some(Features {
                    names: f.names.clone(),
                    values: f.values.select(ndarray::Axis(0), nodes),
                });
            }
            let mut graph = Graph::new(directed, Csr::from_triplets(nodes.len(), &trip), table);
            // Named as PyG indexes a data set, 0-based: `MUTAG[79]` is `dataset[79]`.
            graph.name = format!("{name}[{g}]");
            graph
        })
        .collect();
    Ok(Dataset {
        name: name.to_string(),
        graphs,
        graph_labels,
    })
}

fn read_attributes(bytes: &[u8], file: &str, n: usize) -> Result<Features, LoadError> {
    let text = utf8(bytes, file)?;
    let mut rows: Vec<Vec<f32>> = Vec::new();
    for (l, s) in lines_of(text) {
        let row: Result<Vec<f32>, _> = s.split(',').map(|t| t.trim().parse::<f32>()).collect();
        let row =
            row.map_err(|_| LoadError::at_line(file, l, "expected comma-separated numbers"))?;
        if row.iter().any(|v| !v.is_finite()) {
            return Err(LoadError::at_line(
                file,
                l,
                "expected finite numbers, found NaN or infinity",
            ));
        }
        if let Some(first) = rows.first()
            && first.len() != row.len()
        {
            return Err(LoadError::at_line(
                file,
                l,
                format!(
                    "expected {} values as on the first line, found {}",
                    first.len(),
                    row.len()
                ),
            ));
        }
        if row.len() > MAX_ATTRIBUTE_DIM {
            return Err(LoadError::at_line(
                file,
                l,
                format!("more than {MAX_ATTRIBUTE_DIM} attributes"),
            ));
        }
        rows.push(row);
    }
    if rows.len() != n {
        return Err(LoadError::whole(
            file,
            format!(
                "expected {n} attribute rows (one per node), found {}",
                rows.len()
            ),
        ));
    }
    let d = rows.first().map_or(0, Vec::len);
    let flat: Vec<f32> = rows.into_iter().flatten().collect();
    let values =
        Array2::from_shape_vec((n, d), flat).map_err(|e| LoadError::whole(file, e.to_string()))?;
    Ok(Features {
        names: (0..d).map(|j| format!("attr{j}")).collect(),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn source(
        files: HashMap<&'static str, &'static str>,
    ) -> impl Fn(&str) -> Option<(Cow<'static, [u8]>, String)> {
        move |part: &str| {
            files
                .get(part)
                .map(|t| (Cow::Borrowed(t.as_bytes()), format!("T_{part}.txt")))
        }
    }

    #[test]
    fn two_graphs() {
        let files = HashMap::from([
            ("A", "1, 2\n2, 1\n3, 4\n4, 3\n4, 5\n5, 4\n"),
            ("graph_indicator", "1\n1\n2\n2\n2\n"),
            ("graph_labels", "1\n-1\n"),
            ("node_labels", "0\n1\n0\n0\n2\n"),
        ]);
        let d = read("T", &source(files)).expect("valid");
        assert_eq!(d.len(), 2);
        assert_eq!(d.graphs[1].node_count(), 3);
        assert_eq!(d.graphs[1].edge_count(), 2);
        assert!(!d.graphs[0].is_directed());
        assert_eq!(d.graph_label(1), Some("-1"));
        let col = d.graphs[1].nodes.label("node_label").expect("labels");
        assert_eq!(col.classes, vec!["0", "1", "2"]);
        assert_eq!(col.class_counts(), vec![2, 0, 1]);
    }

    #[test]
    fn cross_graph_edge_is_an_error() {
        let files = HashMap::from([("A", "1, 3\n"), ("graph_indicator", "1\n1\n2\n")]);
        let e = read("T", &source(files)).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("T_A.txt, line 1: edge 1 - 3 joins graph 1 and graph 2")
        );
        let files = HashMap::from([("A", "1, 9\n"), ("graph_indicator", "1\n1\n")]);
        assert!(read("T", &source(files)).is_err());
        let files = HashMap::from([("A", ""), ("graph_indicator", "1\n7\n")]);
        assert!(read("T", &source(files)).is_err());
    }

    #[test]
    fn graph_numbers_with_gaps_are_refused() {
        // 1, 3, 6: graphs 2, 4 and 5 would be empty.
        let files = HashMap::from([
            ("A", "1, 2\n2, 1\n"),
            ("graph_indicator", "1\n1\n3\n6\n6\n6\n"),
        ]);
        let e = read("T", &source(files)).err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.starts_with("T_graph_indicator.txt")
                    && e.contains("no node belongs to graph 2")),
            "{e:?}"
        );
    }
}
