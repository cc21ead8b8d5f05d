//! GEXF (Gephi's exchange format, 1.2 and 1.3): `<attributes>` declare node attributes by id,
//! `<attvalue for=… value=…>` sets them, `label` is the display name, `viz:position` gives
//! coordinates, and an edge's `weight` attribute its weight.

use super::error::{LoadError, parse_weight};
use super::xml::{XmlEvent, XmlStream, attr};
use crate::graph::{AttrValue, Graph, GraphBuilder, shorten};
use std::collections::HashMap;

fn typed(kind: &str, raw: &str) -> Result<AttrValue, String> {
    let t = raw.trim();
    match kind {
        "integer" | "long" | "short" | "byte" => t
            .parse::<i64>()
            .map(AttrValue::Int)
            .map_err(|_| format!("expected an integer, found `{}`", shorten(t))),
        "float" | "double" => t
            .parse::<f64>()
            .map(AttrValue::Float)
            .map_err(|_| format!("expected a number, found `{}`", shorten(t))),
        "boolean" => Ok(AttrValue::Bool(t.eq_ignore_ascii_case("true") || t == "1")),
        _ => Ok(AttrValue::Text(raw.to_string())),
    }
}

/// Reads a GEXF document.
/// Why a dynamic GEXF is not read.
const DYNAMIC: &str = "a dynamic graph (time spells or timestamps): poolscope pools one \
                       static graph, and reading on would sum edges from different times; \
                       export one time slice as a static GEXF (in Gephi: filter by time, then \
                       export)";

pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = super::error::utf8(bytes, file)?;
    let mut xml = XmlStream::new(text, file);
    let mut b = GraphBuilder::new(false);
    // attribute id -> (title, type), for node attributes only
    let mut node_attrs: HashMap<String, (String, String)> = HashMap::new();
    let mut attr_class = String::new();
    let mut current: Option<u32> = None;
    let mut edges: Vec<(String, String, f32, usize)> = Vec::new();
    let mut saw_gexf = false;
    let mut in_edges = false;
    while let Some(ev) = xml.next()? {
        let (name, attrs) = match ev {
            XmlEvent::Open { name, attrs } => (name, attrs),
            XmlEvent::Close { name } => {
                match name.as_str() {
                    "node" => current = None,
                    "edges" => in_edges = false,
                    _ => {}
                }
                continue;
            }
            XmlEvent::Text(_) => continue,
        };
        match name.as_str() {
            "gexf" => saw_gexf = true,
            "graph" => {
                let directed = attr(&attrs, "defaultedgetype") == Some("directed");
                b.set_directed(directed);
                if attr(&attrs, "mode") == Some("dynamic") {
                    return Err(xml.error(DYNAMIC));
                }
            }
            // Time on a node or an edge: reading on would merge edges of different times.
            "spells" | "spell" => return Err(xml.error(DYNAMIC)),
            "node" | "edge"
                if [
                    "start",
                    "end",
                    "startopen",
                    "endopen",
                    "timestamp",
                    "timestamps",
                ]
                .iter()
                .any(|k| attr(&attrs, k).is_some()) =>
            {
                return Err(xml.error(DYNAMIC));
            }
            "attributes" => attr_class = attr(&attrs, "class").unwrap_or("node").to_string(),
            "attribute" if attr_class == "node" => {
                let id = attr(&attrs, "id")
                    .ok_or_else(|| xml.error("expected an `id` on <attribute>"))?;
                let title = attr(&attrs, "title").unwrap_or(id).to_string();
                let kind = attr(&attrs, "type").unwrap_or("string").to_string();
                node_attrs.insert(id.to_string(), (title, kind));
            }
            "edges" => in_edges = true,
            "node" if !in_edges => {
                let id =
                    attr(&attrs, "id").ok_or_else(|| xml.error("expected an `id` on <node>"))?;
                let node = b.add_node(id).map_err(|m| xml.error(m))?;
                if let Some(label) = attr(&attrs, "label") {
                    b.set_attr(node, "label", AttrValue::Text(label.to_string()));
                }
                current = Some(node);
            }
            "attvalue" => {
                let Some(node) = current else { continue };
                let key = attr(&attrs, "for")
                    .or_else(|| attr(&attrs, "id"))
                    .ok_or_else(|| xml.error("expected a `for` on <attvalue>"))?;
                let value = attr(&attrs, "value")
                    .ok_or_else(|| xml.error("expected a `value` on <attvalue>"))?;
                let (title, kind) = node_attrs
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| (key.to_string(), "string".to_string()));
                let v = typed(&kind, value).map_err(|m| xml.error(format!("{title}: {m}")))?;
                b.set_attr(node, &title, v);
            }
            "position" => {
                let Some(node) = current else { continue };
                for axis in ["x", "y"] {
                    if let Some(v) = attr(&attrs, axis) {
                        let f = v.trim().parse::<f64>().map_err(|_| {
                            xml.error(format!(
                                "expected a number for position {axis}, found `{}`",
                                shorten(v)
                            ))
                        })?;
                        b.set_attr(node, axis, AttrValue::Float(f));
                    }
                }
            }
            "edge" => {
                let s = attr(&attrs, "source")
                    .ok_or_else(|| xml.error("expected a `source` on <edge>"))?;
                let t = attr(&attrs, "target")
                    .ok_or_else(|| xml.error("expected a `target` on <edge>"))?;
                let line = xml.line();
                let w = match attr(&attrs, "weight") {
                    Some(w) => parse_weight(w.trim(), file, line)?,
                    None => 1.0,
                };
                edges.push((s.to_string(), t.to_string(), w, line));
            }
            _ => {}
        }
    }
    if !saw_gexf {
        return Err(LoadError::whole(file, "expected a <gexf> document"));
    }
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
        b.add_edge(u, v, w);
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node"><attribute id="0" title="club" type="string"/></attributes>
    <nodes>
      <node id="a" label="Alice"><attvalues><attvalue for="0" value="red"/></attvalues><viz:position x="1" y="2" z="0"/></node>
      <node id="b" label="Bob"><attvalues><attvalue for="0" value="blue"/></attvalues><viz:position x="3" y="4"/></node>
    </nodes>
    <edges><edge id="0" source="a" target="b" weight="1.5"/></edges>
  </graph>
</gexf>"#;

    #[test]
    fn dynamic_graphs_are_refused_with_the_way_out() {
        let dynamic = [
            r#"<gexf><graph mode="dynamic"><nodes><node id="a"/></nodes></graph></gexf>"#,
            r#"<gexf><graph><nodes><node id="a"/><node id="b"/></nodes><edges><edge source="a" target="b"><spells><spell start="2" end="1"/></spells></edge></edges></graph></gexf>"#,
            r#"<gexf><graph><nodes><node id="a" start="x"/></nodes></graph></gexf>"#,
        ];
        for text in dynamic {
            let e = read(text.as_bytes(), "d.gexf").err().map(|e| e.to_string());
            assert!(
                e.as_deref().is_some_and(|e| e.starts_with("d.gexf, line 1")
                    && e.contains("dynamic graph")
                    && e.contains("static GEXF")),
                "{e:?}"
            );
        }
    }

    #[test]
    fn reads_known_content() {
        let g = read(SMALL.as_bytes(), "s.gexf").expect("valid GEXF");
        assert!(g.is_directed());
        assert_eq!(g.nodes.names, vec!["Alice", "Bob"]);
        assert_eq!(g.adjacency().get(0, 1), 1.5);
        assert_eq!(g.adjacency().get(1, 0), 0.0);
        assert_eq!(g.nodes.coords, Some(vec![[1.0, 2.0], [3.0, 4.0]]));
        assert_eq!(
            g.nodes.label("club").map(|c| c.classes.clone()),
            Some(vec!["blue".into(), "red".into()])
        );
    }

    #[test]
    fn unknown_endpoint_is_an_error() {
        let bad = r#"<gexf><graph><nodes><node id="a"/></nodes><edges><edge source="a" target="q"/></edges></graph></gexf>"#;
        let e = read(bad.as_bytes(), "b.gexf")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("`q` is not the id of any node"), "{e}");
    }
}
