//! Pajek `.net`: `*Vertices N` then `k "label" [x y [z]]` lines, then `*Edges` (undirected) or
//! `*Arcs` (directed) with `u v [weight]` lines, or `*Edgeslist` / `*Arcslist` with
//! `u v1 v2 …`. Vertices are numbered from 1. A file with both arcs and edges is directed,
//! each edge becoming two arcs.

use super::error::{LoadError, parse_weight, utf8};
use super::limits::check_declared_nodes;
use crate::graph::{AttrValue, Graph, GraphBuilder, shorten};

#[derive(PartialEq, Clone, Copy)]
enum Section {
    None,
    Vertices,
    Edges,
    Arcs,
    EdgesList,
    ArcsList,
}

/// Splits a Pajek line: quoted labels stay one token.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                s.push(c);
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = utf8(bytes, file)?;
    let mut b = GraphBuilder::new(false);
    let mut n = 0usize;
    let mut section = Section::None;
    let mut edges: Vec<(u32, u32, f32, bool)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with('%') {
            continue;
        }
        if t.starts_with('*') {
            let mut words = t.split_whitespace();
            let head = words.next().unwrap_or("").to_ascii_lowercase();
            section = match head.as_str() {
                "*vertices" => {
                    if b.node_count() > 0 {
                        return Err(LoadError::at_line(
                            file,
                            lineno,
                            "a second *Vertices section",
                        ));
                    }
                    let count = words
                        .next()
                        .and_then(|w| w.parse::<u64>().ok())
                        .ok_or_else(|| {
                            LoadError::at_line(
                                file,
                                lineno,
                                "expected `*Vertices N` with a node count",
                            )
                        })?;
                    n = check_declared_nodes(count, bytes.len(), file, lineno)?;
                    for k in 1..=n {
                        b.add_node(&k.to_string())
                            .map_err(|m| LoadError::at_line(file, lineno, m))?;
                    }
                    Section::Vertices
                }
                "*edges" => Section::Edges,
                "*arcs" => Section::Arcs,
                "*edgeslist" => Section::EdgesList,
                "*arcslist" => Section::ArcsList,
                "*network" => Section::None,
                _ => {
                    return Err(LoadError::at_line(
                        file,
                        lineno,
                        format!(
                            "expected *Vertices, *Edges, *Arcs, *Edgeslist or *Arcslist, found `{}`",
                            shorten(&head)
                        ),
                    ));
                }
            };
            continue;
        }
        let tok = tokens(t);
        let index = |s: &str| -> Result<u32, LoadError> {
            match s.parse::<u64>() {
                Ok(k) if k >= 1 && k <= n as u64 => Ok((k - 1) as u32),
                _ => Err(LoadError::at_line(
                    file,
                    lineno,
                    format!(
                        "expected a vertex number from 1 to {n}, found `{}`",
                        shorten(s)
                    ),
                )),
            }
        };
        match section {
            Section::None => {
                return Err(LoadError::at_line(
                    file,
                    lineno,
                    "expected `*Vertices N` before any data",
                ));
            }
            Section::Vertices => {
                let k = index(&tok[0])?;
                if let Some(label) = tok.get(1) {
                    b.set_attr(k, "label", AttrValue::Text(label.clone()));
                }
                if let (Some(x), Some(y)) = (tok.get(2), tok.get(3))
                    && let (Ok(x), Ok(y)) = (x.parse::<f64>(), y.parse::<f64>())
                {
                    b.set_attr(k, "x", AttrValue::Float(x));
                    b.set_attr(k, "y", AttrValue::Float(y));
                }
            }
            Section::Edges | Section::Arcs => {
                if tok.len() < 2 {
                    return Err(LoadError::at_line(
                        file,
                        lineno,
                        "expected `source target [weight]`",
                    ));
                }
                let (u, v) = (index(&tok[0])?, index(&tok[1])?);
                let w = match tok.get(2) {
                    Some(w) => parse_weight(w, file, lineno)?,
                    None => 1.0,
                };
                edges.push((u, v, w, section == Section::Arcs));
            }
            Section::EdgesList | Section::ArcsList => {
                let u = index(&tok[0])?;
                for t in &tok[1..] {
                    edges.push((u, index(t)?, 1.0, section == Section::ArcsList));
                }
            }
        }
    }
    if n == 0 && edges.is_empty() && !text.to_ascii_lowercase().contains("*vertices") {
        return Err(LoadError::whole(
            file,
            "expected a Pajek network starting with `*Vertices N`",
        ));
    }
    let directed = edges.iter().any(|e| e.3);
    b.set_directed(directed);
    for (u, v, w, arc) in edges {
        b.add_edge(u, v, w);
        if directed && !arc && u != v {
            b.add_edge(v, u, w);
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vertices_edges_and_arcs() {
        let src = "*Vertices 3\n1 \"Node one\" 0.1 0.2 0.0\n2 \"B\" 0.3 0.4\n3 \"C\" 0.5 0.6\n*Edges\n1 2 2.5\n*Edgeslist\n3 1 2\n";
        let g = read(src.as_bytes(), "p.net").expect("valid");
        assert!(!g.is_directed());
        assert_eq!(g.nodes.names, vec!["Node one", "B", "C"]);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.adjacency().get(1, 0), 2.5);
        assert_eq!(g.nodes.coords.as_ref().map(|c| c[2]), Some([0.5, 0.6]));
        let arcs = "*Vertices 2\n*Arcs\n1 2\n";
        let g = read(arcs.as_bytes(), "a.net").expect("valid");
        assert!(g.is_directed());
        assert_eq!(g.adjacency().get(1, 0), 0.0);
    }

    #[test]
    fn bad_input() {
        let e = |s: &str| {
            read(s.as_bytes(), "b.net")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            e("*Vertices 2\n*Edges\n1 5\n"),
            "b.net, line 3: expected a vertex number from 1 to 2, found `5`"
        );
        assert!(e("*Vertices 99999999999\n").contains("declares"));
        assert!(e("*Matrix\n").contains("expected *Vertices"));
    }
}
