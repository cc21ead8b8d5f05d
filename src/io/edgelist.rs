//! Edge lists: one edge per line, `source target [weight]`, separated by commas, tabs or
//! white space; `#` and `%` start comments; an optional header; an optional node CSV joined on
//! id.
//!
//! Ids are names, never indices: they go through a table, so `1000000000000000 3` makes two
//! nodes. When every id is an integer, nodes are numbered in numeric order (as PyTorch Geometric
//! numbers them), so an assignment matrix exported from PyG lines up row by row. Direction is
//! read from the data: a file that lists some pair both ways with different weights is
//! directed; one that lists every edge both ways with equal weights is undirected.

use super::delimited::{Delimiter, csv_field, is_comment, split};
use super::error::{LoadError, parse_weight, utf8};
use crate::graph::{Graph, GraphBuilder};
use std::fmt::Write;

const HEADER_NAMES: [&str; 16] = [
    "source", "target", "src", "dst", "from", "to", "u", "v", "node1", "node2", "id1", "id2", "i",
    "j", "head", "tail",
];

fn is_header(fields: &[std::borrow::Cow<str>]) -> bool {
    let named = |f: &str| HEADER_NAMES.iter().any(|h| f.eq_ignore_ascii_case(h));
    (fields.len() >= 2 && named(&fields[0]) && named(&fields[1]))
        || (fields.len() >= 3 && fields[2].parse::<f64>().is_err())
}

/// Reads an edge list; `nodes` is an optional node CSV `(bytes, file name)`.
/// Longest line of an edge list: two ids at their longest, a weight and the separators.
const MAX_LINE_BYTES: usize = 2 * crate::graph::MAX_ID_BYTES + 256;

pub fn read(bytes: &[u8], file: &str, nodes: Option<(&[u8], &str)>) -> Result<Graph, LoadError> {
    let text = utf8(bytes, file)?;
    let mut b = GraphBuilder::new(false);
    // One record per line at most: counted, the edges never reallocate.
    b.reserve_edges(bytes.iter().filter(|&&c| c == b'\n').count() + 1);
    if let Some((node_bytes, node_file)) = nodes {
        super::node_csv::read_into(node_bytes, node_file, &mut b)?;
    }
    let node_file_given = nodes.is_some();
    let mut delim = None;
    let mut first = true;
    let mut fields = Vec::with_capacity(4);
    for (i, line) in text.lines().enumerate() {
        if is_comment(line) {
            continue;
        }
        let lineno = i + 1;
        if line.len() > MAX_LINE_BYTES {
            // Refused before it is split: a line this long holds no edge.
            return Err(LoadError::at_line(
                file,
                lineno,
                format!(
                    "{} bytes long; expected `source target [weight]` (ids of at most {} \
                     bytes each)",
                    line.len(),
                    crate::graph::MAX_ID_BYTES
                ),
            ));
        }
        let d = *delim.get_or_insert_with(|| Delimiter::guess(line));
        split(line, d, &mut fields);
        if first {
            first = false;
            if is_header(&fields) {
                continue;
            }
        }
        if fields.len() < 2 || fields[0].is_empty() || fields[1].is_empty() {
            return Err(LoadError::at_line(
                file,
                lineno,
                format!(
                    "expected `source target [weight]`, found {} field(s)",
                    fields.iter().filter(|f| !f.is_empty()).count()
                ),
            ));
        }
        if let Some(extra) = fields.get(3..).filter(|x| x.iter().any(|f| !f.is_empty())) {
            return Err(LoadError::at_line(
                file,
                lineno,
                format!(
                    "expected `source target [weight]`, found {} more field(s) that would be \
                     dropped; keep the first three columns (e.g. `cut -d, -f1-3`)",
                    extra.iter().filter(|f| !f.is_empty()).count()
                ),
            ));
        }
        let w = match fields.get(2) {
            Some(t) if !t.is_empty() => parse_weight(t, file, lineno)?,
            _ => 1.0,
        };
        let mut end = |id: &str| {
            if node_file_given {
                b.node(id).ok_or_else(|| {
                    LoadError::at_line(
                        file,
                        lineno,
                        format!(
                            "node `{}` is not in the node file {}",
                            crate::graph::shorten(id),
                            nodes.map(|n| n.1).unwrap_or("")
                        ),
                    )
                })
            } else {
                b.node_or_insert(id)
                    .map_err(|m| LoadError::at_line(file, lineno, m))
            }
        };
        let u = end(&fields[0])?;
        let v = end(&fields[1])?;
        b.add_edge(u, v, w);
    }
    if !node_file_given {
        b.sort_integer_ids();
    }
    Ok(b.finish_guessing_direction())
}

/// Writes `source,target,weight` with a header, each edge once.
pub fn write(g: &Graph) -> String {
    let ids = &g.nodes.ids;
    let mut out = String::with_capacity(g.edge_count() * 16);
    out.push_str("source,target,weight\n");
    for (u, v, w) in g.edges() {
        let _ = writeln!(
            out,
            "{},{},{}",
            csv_field(&ids[u as usize]),
            csv_field(&ids[v as usize]),
            w
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_control_characters_long_ids_and_extra_fields_are_refused() {
        let e = |t: &[u8]| {
            read(t, "e.csv", None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let nul = e(b"a\0b,c\n");
        assert!(nul.contains("line 1") && nul.contains("U+0000"), "{nul}");
        let long = format!("{},b\n", "x".repeat(5000));
        assert!(e(long.as_bytes()).contains("ids are at most 4096 bytes"));
        let wide = format!("a,b,1{}\n", ",7".repeat(1000));
        let wide = e(wide.as_bytes());
        assert!(wide.contains("1000 more field(s)"), "{wide}");
        // A trailing empty field is no extra column.
        assert!(read(b"a,b,2,\n", "e.csv", None).is_ok());
        // A line of a megabyte is refused whole, with its line and length, before splitting.
        let huge = format!("a,b\n{}\n", "y".repeat(1 << 20));
        let huge = e(huge.as_bytes());
        assert!(
            huge.contains("line 2") && huge.contains("1048576 bytes long"),
            "{huge}"
        );
    }

    #[test]
    fn whitespace_with_comments_and_weights() {
        let g = read(
            b"# comment\n% other\n1 2 0.5\n2 3\n\n3 1 2\n",
            "e.txt",
            None,
        )
        .expect("valid");
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 3);
        assert!(!g.is_directed());
        assert_eq!(g.adjacency().get(0, 1), 0.5);
    }

    #[test]
    fn csv_header_and_node_file() {
        let edges = b"source,target,weight\n0,1,4\n1,0,2\n0,2,16\n";
        let nodes = b"id,cell_type\n0,K\n1,P\n2,K\n";
        let g = read(edges, "d.csv", Some((nodes, "d_nodes.csv"))).expect("valid");
        assert!(g.is_directed(), "1->0 has a different weight than 0->1");
        assert_eq!(g.edge_count(), 3);
        assert_eq!(
            g.nodes.label("cell_type").map(|c| c.class_counts()),
            Some(vec![2, 1])
        );
        let bad = b"source,target\n0,9\n";
        let e = read(bad, "d.csv", Some((nodes, "d_nodes.csv")))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("d.csv, line 2: node `9` is not in the node file d_nodes.csv")
        );
    }

    #[test]
    fn symmetric_listing_is_undirected() {
        let g = read(b"a\tb\nb\ta\nb\tc\nc\tb\n", "s.tsv", None).expect("valid");
        assert!(!g.is_directed());
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.adjacency().get(0, 1), 1.0);
    }

    #[test]
    fn huge_ids_go_through_the_table() {
        let g = read(b"1000000000000000 3\n", "h.txt", None).expect("valid");
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.nodes.ids, vec!["3", "1000000000000000"]);
    }

    #[test]
    fn bad_lines_name_position() {
        let e = read(b"1 2\n3\n", "b.txt", None)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("b.txt, line 2: expected `source target [weight]`, found 1 field(s)")
        );
        let e = read(b"1 2\n1 2 x\n", "b.txt", None)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("b.txt, line 2: expected a number for the edge weight, found `x`")
        );
        let e = read(b"1 2\n1 2 nan\n", "b.txt", None)
            .err()
            .map(|e| e.to_string());
        let e = e.expect("refused");
        assert!(
            e.starts_with("b.txt, line 2: expected a finite edge weight, found `nan`: "),
            "{e}"
        );
        assert!(
            e.contains("drop the weight column"),
            "says how to read it: {e}"
        );
    }

    #[test]
    fn round_trip() {
        let g = read(b"a b 2\nb c 1\nc a 3\n", "r.txt", None).expect("valid");
        let back = read(write(&g).as_bytes(), "w.csv", None).expect("own output");
        assert_eq!(back.adjacency(), g.adjacency());
        assert_eq!(back.nodes.ids, g.nodes.ids);
    }
}
