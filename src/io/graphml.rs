//! GraphML (graphml.graphdrawing.org), as written by networkx, igraph, yEd and Gephi.
//!
//! `<key>` declarations give attribute names and types; `<data>` values are parsed by the
//! declared type. The edge attribute named `weight` is the edge weight. Nested graphs and
//! hyperedges are refused with a message rather than flattened silently.

use super::error::LoadError;
use super::xml::{XmlEvent, XmlStream, attr, escape};
use crate::graph::{AttrValue, Graph, GraphBuilder, shorten};
use std::collections::HashMap;
use std::fmt::Write;

struct Key {
    name: String,
    kind: String,
    domain: String,
    default: Option<String>,
}

fn typed(kind: &str, raw: &str) -> Result<AttrValue, String> {
    let t = raw.trim();
    match kind {
        "int" | "long" => t
            .parse::<i64>()
            .map(AttrValue::Int)
            .map_err(|_| format!("expected an integer, found `{}`", shorten(t))),
        "float" | "double" => t
            .parse::<f64>()
            .map(AttrValue::Float)
            .map_err(|_| format!("expected a number, found `{}`", shorten(t))),
        "boolean" => match t.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(AttrValue::Bool(true)),
            "false" | "0" => Ok(AttrValue::Bool(false)),
            _ => Err(format!("expected true or false, found `{}`", shorten(t))),
        },
        _ => Ok(AttrValue::Text(raw.to_string())),
    }
}

/// Reads a GraphML document (the first `<graph>` in it).
pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = super::error::utf8(bytes, file)?;
    let mut xml = XmlStream::new(text, file);
    let mut keys: HashMap<String, Key> = HashMap::new();
    let mut b = GraphBuilder::new(false);
    let mut edges: Vec<(String, String, Option<f32>, usize)> = Vec::new();
    let mut seen_graph = false;
    let mut saw_root = false;
    // Element context: the node or edge whose <data> we are in.
    enum Owner {
        None,
        Node(u32),
        Edge(usize),
    }
    let mut owner = Owner::None;
    let mut graph_depth = 0usize;
    let mut last_key: Option<String> = None;
    while let Some(ev) = xml.next()? {
        let XmlEvent::Open { name, attrs } = ev else {
            if let XmlEvent::Close { name } = ev {
                match name.as_str() {
                    "node" | "edge" => owner = Owner::None,
                    "graph" => graph_depth = graph_depth.saturating_sub(1),
                    _ => {}
                }
            }
            continue;
        };
        match name.as_str() {
            "graphml" => saw_root = true,
            "key" => {
                let id = attr(&attrs, "id")
                    .ok_or_else(|| xml.error("expected an `id` on <key>"))?
                    .to_string();
                let name = attr(&attrs, "attr.name").unwrap_or(&id).to_string();
                let kind = attr(&attrs, "attr.type").unwrap_or("string").to_string();
                let domain = attr(&attrs, "for").unwrap_or("all").to_string();
                keys.insert(
                    id.clone(),
                    Key {
                        name,
                        kind,
                        domain,
                        default: None,
                    },
                );
                last_key = Some(id);
            }
            "default" => {
                let value = xml.text_until_close()?;
                if let Some(k) = last_key.as_ref().and_then(|id| keys.get_mut(id)) {
                    k.default = Some(value);
                }
            }
            "graph" => {
                if seen_graph && graph_depth > 0 {
                    return Err(
                        xml.error("nested graphs are not supported; flatten the file first")
                    );
                }
                graph_depth += 1;
                if !seen_graph {
                    seen_graph = true;
                    let directed = match attr(&attrs, "edgedefault") {
                        Some("directed") => true,
                        Some("undirected") | None => false,
                        Some(other) => {
                            return Err(xml.error(format!(
                                "expected edgedefault=\"directed\" or \"undirected\", found `{}`",
                                shorten(other)
                            )));
                        }
                    };
                    b.set_directed(directed);
                    if let Some(id) = attr(&attrs, "id") {
                        b.set_name(id);
                    }
                }
            }
            "node" => {
                let id = attr(&attrs, "id")
                    .ok_or_else(|| xml.error("expected an `id` on <node>"))?
                    .to_string();
                let node = b.add_node(&id).map_err(|m| xml.error(m))?;
                owner = Owner::Node(node);
            }
            "edge" => {
                let s = attr(&attrs, "source")
                    .ok_or_else(|| xml.error("expected a `source` on <edge>"))?;
                let t = attr(&attrs, "target")
                    .ok_or_else(|| xml.error("expected a `target` on <edge>"))?;
                let line = xml.line();
                edges.push((s.to_string(), t.to_string(), None, line));
                owner = Owner::Edge(edges.len() - 1);
            }
            "hyperedge" => return Err(xml.error("hyperedges are not supported")),
            "data" => {
                let key_id = attr(&attrs, "key")
                    .ok_or_else(|| xml.error("expected a `key` on <data>"))?
                    .to_string();
                let raw = xml.text_until_close()?;
                let Some(key) = keys.get(&key_id) else {
                    return Err(xml.error(format!(
                        "<data> uses key `{}`, which no <key> declares",
                        shorten(&key_id)
                    )));
                };
                match owner {
                    Owner::Node(node) => {
                        let v = typed(&key.kind, &raw)
                            .map_err(|m| xml.error(format!("{}: {m}", key.name)))?;
                        b.set_attr(node, &key.name, v);
                    }
                    Owner::Edge(e) if key.name == "weight" => {
                        let line = xml.line();
                        edges[e].2 = Some(super::error::parse_weight(raw.trim(), file, line)?);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if !saw_root && !seen_graph {
        return Err(LoadError::whole(
            file,
            "expected a <graphml> document with a <graph> element",
        ));
    }
    // Key defaults stand in for the nodes that lack the value.
    for k in keys
        .values()
        .filter(|k| k.domain == "node" || k.domain == "all")
    {
        if let Some(v) = k.default.as_ref().and_then(|d| typed(&k.kind, d).ok()) {
            b.fill_missing_attr(&k.name, &v);
        }
    }
    let weight_default = keys
        .values()
        .find(|k| k.name == "weight" && (k.domain == "edge" || k.domain == "all"))
        .and_then(|k| k.default.as_ref())
        .and_then(|d| d.trim().parse::<f32>().ok())
        .filter(|w| w.is_finite());
    for (s, t, w, line) in edges {
        let lookup = |id: &str, end: &str| {
            b.node(id).ok_or_else(|| {
                LoadError::at_line(
                    file,
                    line,
                    format!("edge {end} `{}` is not the id of any node", shorten(id)),
                )
            })
        };
        let (u, v) = (lookup(&s, "source")?, lookup(&t, "target")?);
        let w = w.or(weight_default).unwrap_or(1.0);
        b.add_edge(u, v, w);
    }
    Ok(b.finish())
}

/// Writes GraphML with keys for the name, every label column, coordinates, features and weight.
pub fn write(g: &Graph) -> String {
    let t = &g.nodes;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    let _ = writeln!(
        out,
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>"
    );
    for (k, col) in t.labels.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"c{k}\" for=\"node\" attr.name=\"{}\" attr.type=\"string\"/>",
            escape(&col.name)
        );
    }
    if t.coords.is_some() {
        out.push_str("  <key id=\"x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>\n");
        out.push_str("  <key id=\"y\" for=\"node\" attr.name=\"y\" attr.type=\"double\"/>\n");
    }
    if let Some(f) = &t.features {
        for (j, name) in f.names.iter().enumerate() {
            let _ = writeln!(
                out,
                "  <key id=\"f{j}\" for=\"node\" attr.name=\"{}\" attr.type=\"double\"/>",
                escape(name)
            );
        }
    }
    out.push_str("  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n");
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"{}\">",
        escape(&g.name),
        if g.is_directed() {
            "directed"
        } else {
            "undirected"
        }
    );
    for i in 0..g.node_count() {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&t.ids[i]));
        let _ = writeln!(
            out,
            "      <data key=\"label\">{}</data>",
            escape(&t.names[i])
        );
        for (k, col) in t.labels.iter().enumerate() {
            if let Some(v) = col.value(i) {
                let _ = writeln!(out, "      <data key=\"c{k}\">{}</data>", escape(v));
            }
        }
        if let Some(c) = &t.coords {
            let _ = writeln!(
                out,
                "      <data key=\"x\">{:?}</data>\n      <data key=\"y\">{:?}</data>",
                c[i][0] as f64, c[i][1] as f64
            );
        }
        if let Some(f) = &t.features {
            for j in 0..f.names.len() {
                let _ = writeln!(
                    out,
                    "      <data key=\"f{j}\">{:?}</data>",
                    f.values[[i, j]] as f64
                );
            }
        }
        out.push_str("    </node>\n");
    }
    for (u, v, w) in g.edges() {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"weight\">{:?}</data></edge>",
            escape(&t.ids[u as usize]),
            escape(&t.ids[v as usize]),
            w as f64
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d1" for="node" attr.name="x" attr.type="double" />
  <key id="d2" for="node" attr.name="y" attr.type="double" />
  <key id="d3" for="node" attr.name="letter" attr.type="string" />
  <key id="d4" for="edge" attr.name="weight" attr.type="double" />
  <graph edgedefault="undirected">
    <node id="n0"><data key="d1">1.5</data><data key="d2">2</data><data key="d3">G &amp; S</data></node>
    <node id="n1"><data key="d1">3</data><data key="d2">4</data><data key="d3">P</data></node>
    <edge source="n0" target="n1"><data key="d4">2.0</data></edge>
  </graph>
</graphml>"#;

    #[test]
    fn reads_known_content() {
        let g = read(SMALL.as_bytes(), "s.graphml").expect("valid GraphML");
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.adjacency().get(0, 1), 2.0);
        assert_eq!(g.nodes.coords, Some(vec![[1.5, 2.0], [3.0, 4.0]]));
        assert_eq!(
            g.nodes.label("letter").and_then(|c| c.value(0)),
            Some("G & S")
        );
    }

    #[test]
    fn round_trip() {
        let g = read(SMALL.as_bytes(), "s.graphml").expect("valid GraphML");
        let back = read(write(&g).as_bytes(), "w.graphml").expect("own output");
        assert_eq!(back.adjacency(), g.adjacency());
        assert_eq!(back.nodes.coords, g.nodes.coords);
        assert_eq!(back.nodes.labels, g.nodes.labels);
        assert_eq!(back.nodes.ids, g.nodes.ids);
    }

    #[test]
    fn entities_are_never_expanded() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<graphml><key id="l" for="node" attr.name="label" attr.type="string"/>
<graph><node id="a"><data key="l">&x;</data></node></graph></graphml>"#;
        let e = read(xxe.as_bytes(), "x.graphml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("unknown entity"), "{e}");
        assert!(e.starts_with("x.graphml, line 4"), "{e}");
    }

    #[test]
    fn bad_references_and_values_are_errors() {
        let bad_edge =
            r#"<graphml><graph><node id="a"/><edge source="a" target="zz"/></graph></graphml>"#;
        assert!(read(bad_edge.as_bytes(), "b").is_err());
        let bad_num = r#"<graphml><key id="k" for="node" attr.name="v" attr.type="int"/><graph><node id="a"><data key="k">x</data></node></graph></graphml>"#;
        assert!(read(bad_num.as_bytes(), "b").is_err());
    }
}
