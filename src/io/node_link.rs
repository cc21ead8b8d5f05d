//! NetworkX node-link JSON (`node_link_data`): `{"directed", "nodes": [{"id", …}],
//! "links" | "edges": [{"source", "target", "weight"?}]}`. networkx 3.6 writes `edges`; d3
//! and older networkx write `links`; both are read.

use super::error::LoadError;
use crate::graph::{AttrValue, Graph, GraphBuilder, shorten};
use serde_json::{Map, Value, json};

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Line of the `k`-th occurrence of `"key"` in the text, for messages about array items.
fn item_line(text: &str, key: &str, k: usize) -> Option<usize> {
    let pat = format!("\"{key}\"");
    let (pos, _) = text.match_indices(&pat).nth(k)?;
    Some(
        1 + text.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    )
}

/// What to say when `bytes` are one of poolscope's own files rather than a graph (a session
/// or a hierarchy, recognised by their key on the first line), with how to open them.
fn own_file(bytes: &[u8]) -> Option<&'static str> {
    let first = &bytes[..bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len())];
    let mentions = |key: &[u8]| first.windows(key.len()).any(|w| w == key);
    if mentions(b"\"poolscope_session\"") {
        Some(
            "a poolscope session, not a graph: open it in the window (File > Open session…, \
             drop it on the window, or `poolscope --session FILE`)",
        )
    } else if mentions(b"\"poolscope_hierarchy\"") {
        Some(
            "a poolscope hierarchy, not a graph: open its graph, then this file with File > \
             Open hierarchy… or `poolscope GRAPH --hierarchy FILE`",
        )
    } else {
        None
    }
}

/// Reads a node-link document.
pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = match super::error::utf8(bytes, file) {
        Ok(text) => text,
        // A saved session's arrays after its first line are not text.
        Err(_) if own_file(bytes).is_some() => {
            return Err(LoadError::whole(file, own_file(bytes).unwrap_or_default()));
        }
        Err(e) => return Err(e),
    };
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        LoadError::at_line(file, e.line().max(1), format!("expected valid JSON: {e}"))
    })?;
    if let Some(what) = own_file(bytes).filter(|_| doc.get("nodes").is_none()) {
        return Err(LoadError::whole(file, what));
    }
    let Value::Object(doc) = doc else {
        return Err(LoadError::whole(
            file,
            "expected a JSON object with `nodes` and `links` (or `edges`)",
        ));
    };
    let directed = doc
        .get("directed")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut b = GraphBuilder::new(directed);
    if let Some(name) = doc
        .get("graph")
        .and_then(|g| g.get("name"))
        .and_then(Value::as_str)
    {
        b.set_name(name);
    }
    let nodes = doc
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| LoadError::whole(file, "expected a `nodes` array"))?;
    for (k, node) in nodes.iter().enumerate() {
        let at = |msg: String| match item_line(text, "id", k) {
            Some(l) => LoadError::at_line(file, l, msg),
            None => LoadError::whole(file, format!("node {k}: {msg}")),
        };
        let Value::Object(obj) = node else {
            return Err(at("expected a node object".into()));
        };
        let id = obj
            .get("id")
            .and_then(id_text)
            .ok_or_else(|| at("expected an `id` (string or number) on this node".into()))?;
        let i = b.add_node(&id).map_err(at)?;
        for (key, v) in obj.iter().filter(|(key, _)| key.as_str() != "id") {
            let value = match v {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => AttrValue::Int(i),
                    None => AttrValue::Float(n.as_f64().unwrap_or(f64::NAN)),
                },
                Value::String(s) => AttrValue::Text(s.clone()),
                Value::Bool(x) => AttrValue::Bool(*x),
                _ => continue,
            };
            b.set_attr(i, key, value);
        }
    }
    let edges = match (doc.get("links"), doc.get("edges")) {
        (Some(Value::Array(l)), _) => l,
        (_, Some(Value::Array(e))) => e,
        _ => {
            return Err(LoadError::whole(
                file,
                "expected a `links` or `edges` array",
            ));
        }
    };
    for (k, edge) in edges.iter().enumerate() {
        let at = |msg: String| match item_line(text, "source", k) {
            Some(l) => LoadError::at_line(file, l, msg),
            None => LoadError::whole(file, format!("edge {k}: {msg}")),
        };
        let Value::Object(obj) = edge else {
            return Err(at("expected an edge object".into()));
        };
        let end = |key: &str| -> Result<u32, LoadError> {
            let id = obj
                .get(key)
                .and_then(id_text)
                .ok_or_else(|| at(format!("expected a `{key}` on this edge")))?;
            b.node(&id).ok_or_else(|| {
                at(format!(
                    "edge {key} `{}` is not the id of any node",
                    shorten(&id)
                ))
            })
        };
        let (u, v) = (end("source")?, end("target")?);
        let w = match obj.get("weight") {
            None | Some(Value::Null) => 1.0,
            Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
            Some(_) => return Err(at("expected a number for `weight`".into())),
        };
        if !w.is_finite() || w.abs() > f32::MAX as f64 {
            return Err(at(format!("expected a finite edge weight, found {w}")));
        }
        b.add_edge(u, v, w as f32);
    }
    Ok(b.finish())
}

fn id_value(id: &str) -> Value {
    match id.parse::<i64>() {
        Ok(i) if i.to_string() == id => json!(i),
        _ => json!(id),
    }
}

/// Writes node-link JSON with the `links` key (read by every networkx version with
/// `edges="links"`, and by d3).
pub fn write(g: &Graph) -> String {
    let t = &g.nodes;
    let nodes: Vec<Value> = (0..g.node_count())
        .map(|i| {
            let mut m = Map::new();
            m.insert("id".into(), id_value(&t.ids[i]));
            m.insert("label".into(), json!(t.names[i]));
            for c in &t.labels {
                if let Some(v) = c.value(i) {
                    m.insert(c.name.clone(), json!(v));
                }
            }
            if let Some(c) = &t.coords {
                m.insert("x".into(), json!(c[i][0]));
                m.insert("y".into(), json!(c[i][1]));
            }
            if let Some(f) = &t.features {
                for (j, name) in f.names.iter().enumerate() {
                    m.insert(name.clone(), json!(f.values[[i, j]]));
                }
            }
            Value::Object(m)
        })
        .collect();
    let links: Vec<Value> = g
        .edges()
        .map(|(u, v, w)| json!({"source": id_value(&t.ids[u as usize]), "target": id_value(&t.ids[v as usize]), "weight": w}))
        .collect();
    let doc = json!({
        "directed": g.is_directed(),
        "multigraph": false,
        "graph": {"name": g.name},
        "nodes": nodes,
        "links": links,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poolscope_s_own_files_say_what_they_are_and_how_to_open_them() {
        // A saved session: a line of JSON, then binary arrays (not UTF-8).
        let session = b"{\"arrays\":[],\"poolscope_session\":2}\n\x00\xff\xfe";
        let e = read(session, "s.json").unwrap_err().to_string();
        assert!(
            e.contains("a poolscope session, not a graph") && e.contains("--session"),
            "{e}"
        );
        let hierarchy = br#"{"config":null,"levels":[],"poolscope_hierarchy":1}"#;
        let e = read(hierarchy, "h.json").unwrap_err().to_string();
        assert!(e.contains("a poolscope hierarchy, not a graph") && e.contains("--hierarchy"));
        // Any other JSON without nodes is still asked for them.
        let e = read(br#"{"links": []}"#, "x.json").unwrap_err().to_string();
        assert!(e.contains("expected a `nodes` array"), "{e}");
    }

    #[test]
    fn reads_links_and_edges_keys() {
        let links = r#"{"directed": true, "nodes": [{"id": 4, "name": "a.B", "group": "a"}, {"id": 5, "name": "a.C", "group": "a"}],
                        "links": [{"source": 4, "target": 5}]}"#;
        let g = read(links.as_bytes(), "l.json").expect("valid");
        assert!(g.is_directed());
        assert_eq!(g.nodes.names, vec!["a.B", "a.C"]);
        assert_eq!(g.adjacency().get(0, 1), 1.0);
        let edges = r#"{"nodes": [{"id": "x"}, {"id": "y"}], "edges": [{"source": "x", "target": "y", "weight": 3}]}"#;
        let g = read(edges.as_bytes(), "e.json").expect("valid");
        assert_eq!(g.adjacency().get(1, 0), 3.0);
    }

    #[test]
    fn errors_point_at_the_item() {
        let bad = "{\"nodes\": [{\"id\": 1}],\n \"links\": [\n{\"source\": 1, \"target\": 2}]}";
        let e = read(bad.as_bytes(), "b.json").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("b.json, line 3: edge target `2` is not the id of any node")
        );
        let e = read(b"{\"nodes\": [", "t.json")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("t.json, line 1: expected valid JSON"), "{e}");
    }

    #[test]
    fn round_trip() {
        let src = r#"{"nodes": [{"id": 0, "club": "x", "x": 1.5, "y": 2.0}, {"id": 1, "club": "y", "x": 0.0, "y": 0.0}], "links": [{"source": 0, "target": 1, "weight": 2}]}"#;
        let g = read(src.as_bytes(), "r.json").expect("valid");
        let back = read(write(&g).as_bytes(), "w.json").expect("own output");
        assert_eq!(back.adjacency(), g.adjacency());
        assert_eq!(back.nodes.labels, g.nodes.labels);
        assert_eq!(back.nodes.coords, g.nodes.coords);
        assert_eq!(back.nodes.ids, g.nodes.ids);
    }
}
