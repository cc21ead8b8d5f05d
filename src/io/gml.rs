//! GML (Himsolt's Graph Modelling Language), as written by networkx, igraph and Newman's
//! network collection: `graph [ directed 0 node [ id 0 label "a" ] edge [ source 0 target 1 ] ]`.
//!
//! The file is parsed into a key/value tree first (nesting bounded), then read as a graph.
//! Node attributes become name/label/feature columns; an edge's `weight` (or Newman's `value`)
//! is its weight.

use super::error::{LoadError, utf8};
use crate::graph::{AttrValue, Graph, GraphBuilder, shorten};
use std::fmt::Write;

/// Lists nested deeper than this are refused (a hostile file cannot overflow the stack).
const MAX_DEPTH: usize = 64;

#[derive(Debug)]
enum Value {
    Int(i64),
    Real(f64),
    Str(String),
    List(Vec<Entry>),
}

#[derive(Debug)]
struct Entry {
    key: String,
    value: Value,
    line: usize,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    /// Line on which the last token started.
    token_line: usize,
    file: &'a str,
}

#[derive(Debug, PartialEq)]
enum Token {
    Key(String),
    Int(i64),
    Real(f64),
    Str(String),
    Open,
    Close,
    End,
}

impl<'a> Lexer<'a> {
    fn err(&self, message: impl Into<String>) -> LoadError {
        LoadError::at_line(self.file, self.line, message)
    }

    fn next(&mut self) -> Result<Token, LoadError> {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                None => return Ok(Token::End),
                Some(b'\n') => {
                    self.line += 1;
                    self.pos += 1;
                }
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'#') => {
                    while self.pos < bytes.len() && bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        self.token_line = self.line;
        let c = bytes[start];
        match c {
            b'[' => {
                self.pos += 1;
                Ok(Token::Open)
            }
            b']' => {
                self.pos += 1;
                Ok(Token::Close)
            }
            b'"' => {
                let start_line = self.line;
                self.pos += 1;
                let body_start = self.pos;
                while self.pos < bytes.len() && bytes[self.pos] != b'"' {
                    if bytes[self.pos] == b'\n' {
                        self.line += 1;
                    }
                    self.pos += 1;
                }
                if self.pos >= bytes.len() {
                    return Err(LoadError::at_line(
                        self.file,
                        start_line,
                        "expected a closing `\"` for the string that starts here",
                    ));
                }
                let body = &self.text[body_start..self.pos];
                self.pos += 1;
                Ok(Token::Str(unescape(body)))
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while self.pos < bytes.len()
                    && (bytes[self.pos].is_ascii_alphanumeric() || bytes[self.pos] == b'_')
                {
                    self.pos += 1;
                }
                Ok(Token::Key(self.text[start..self.pos].to_string()))
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                while self.pos < bytes.len()
                    && (bytes[self.pos].is_ascii_alphanumeric()
                        || matches!(bytes[self.pos], b'-' | b'+' | b'.'))
                {
                    self.pos += 1;
                }
                let tok = &self.text[start..self.pos];
                if let Ok(i) = tok.parse::<i64>() {
                    Ok(Token::Int(i))
                } else if let Ok(f) = tok.parse::<f64>() {
                    Ok(Token::Real(f))
                } else {
                    Err(self.err(format!("expected a number, found `{}`", shorten(tok))))
                }
            }
            _ => {
                let ch = self.text[start..].chars().next().unwrap_or('?');
                Err(self.err(format!(
                    "expected a key, number, string or bracket, found `{ch}`"
                )))
            }
        }
    }
}

/// GML strings escape `&`, `"`, `<`, `>` as HTML entities; numeric references too.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            match ent {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                _ => {
                    let code = if let Some(h) = ent.strip_prefix("#x") {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        ent.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            }
        });
        match (decoded, end) {
            (Some(ch), Some(e)) => {
                out.push(ch);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn parse_list(
    lx: &mut Lexer,
    depth: usize,
    closed_by_bracket: bool,
) -> Result<Vec<Entry>, LoadError> {
    if depth > MAX_DEPTH {
        return Err(lx.err(format!("lists nested deeper than {MAX_DEPTH} levels")));
    }
    let mut entries = Vec::new();
    loop {
        let key = match lx.next()? {
            Token::Key(k) => k,
            Token::Close if closed_by_bracket => return Ok(entries),
            Token::End if !closed_by_bracket => return Ok(entries),
            Token::End => {
                return Err(lx.err("expected `]`, found the end of the file (truncated?)"));
            }
            Token::Close => return Err(lx.err("found `]` without a matching `[`")),
            other => return Err(lx.err(format!("expected a key, found {}", describe(&other)))),
        };
        let line = lx.token_line;
        let value = match lx.next()? {
            Token::Int(i) => Value::Int(i),
            Token::Real(f) => Value::Real(f),
            Token::Str(s) => Value::Str(s),
            Token::Open => Value::List(parse_list(lx, depth + 1, true)?),
            other => {
                return Err(lx.err(format!(
                    "expected a value after `{}`, found {}",
                    shorten(&key),
                    describe(&other)
                )));
            }
        };
        entries.push(Entry { key, value, line });
    }
}

fn describe(t: &Token) -> String {
    match t {
        Token::Key(k) => format!("the key `{}`", shorten(k)),
        Token::Int(i) => format!("the number {i}"),
        Token::Real(f) => format!("the number {f}"),
        Token::Str(_) => "a string".into(),
        Token::Open => "`[`".into(),
        Token::Close => "`]`".into(),
        Token::End => "the end of the file".into(),
    }
}

/// Why a present `id`, `source` or `target` is not one: a number too long for 64 bits (read
/// as a float, its digits lost) or with a fraction.
fn id_problem(key: &str, v: &Value) -> String {
    match v {
        Value::Real(f) => format!(
            "`{key}` {f:e} is not an integer id: beyond 64-bit integers or with a fraction \
             (write it in quotes to keep every digit, e.g. {key} \"12345…\")"
        ),
        _ => format!("`{key}` must be an integer or a string"),
    }
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(i.to_string()),
        Value::Str(s) => Some(s.clone()),
        Value::Real(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some((*f as i64).to_string()),
        _ => None,
    }
}

/// Reads a GML document.
pub fn read(bytes: &[u8], file: &str) -> Result<Graph, LoadError> {
    let text = utf8(bytes, file)?;
    let mut lx = Lexer {
        text,
        pos: 0,
        line: 1,
        token_line: 1,
        file,
    };
    let top = parse_list(&mut lx, 0, false)?;
    let graph = top
        .into_iter()
        .find_map(|e| match (e.key.as_str(), e.value) {
            ("graph", Value::List(l)) => Some(l),
            _ => None,
        })
        .ok_or_else(|| LoadError::whole(file, "expected a top-level `graph [ … ]` list"))?;

    let directed = graph
        .iter()
        .any(|e| e.key == "directed" && matches!(e.value, Value::Int(1)));
    let mut b = GraphBuilder::new(directed);
    if let Some(Value::Str(name)) = graph.iter().find(|e| e.key == "name").map(|e| &e.value) {
        b.set_name(name);
    }
    for e in graph.iter().filter(|e| e.key == "node") {
        let Value::List(items) = &e.value else {
            return Err(LoadError::at_line(file, e.line, "expected `node [ … ]`"));
        };
        let id = match items.iter().find(|x| x.key == "id") {
            None => {
                return Err(LoadError::at_line(
                    file,
                    e.line,
                    "expected an `id` (integer or string) in this node",
                ));
            }
            Some(x) => id_text(&x.value)
                .ok_or_else(|| LoadError::at_line(file, x.line, id_problem("id", &x.value)))?,
        };
        let node = b
            .add_node(&id)
            .map_err(|m| LoadError::at_line(file, e.line, m))?;
        for x in items.iter().filter(|x| x.key != "id") {
            let v = match &x.value {
                Value::Int(i) => AttrValue::Int(*i),
                Value::Real(f) => AttrValue::Float(*f),
                Value::Str(s) => AttrValue::Text(s.clone()),
                Value::List(_) => continue,
            };
            b.set_attr(node, &x.key, v);
        }
    }
    for e in graph.iter().filter(|e| e.key == "edge") {
        let Value::List(items) = &e.value else {
            return Err(LoadError::at_line(file, e.line, "expected `edge [ … ]`"));
        };
        let end = |key: &str| -> Result<u32, LoadError> {
            let v = match items.iter().find(|x| x.key == key) {
                None => {
                    return Err(LoadError::at_line(
                        file,
                        e.line,
                        format!("expected a `{key}` in this edge"),
                    ));
                }
                Some(x) => id_text(&x.value)
                    .ok_or_else(|| LoadError::at_line(file, x.line, id_problem(key, &x.value)))?,
            };
            b.node(&v).ok_or_else(|| {
                LoadError::at_line(
                    file,
                    e.line,
                    format!("edge {key} `{}` is not the id of any node", shorten(&v)),
                )
            })
        };
        let (u, v) = (end("source")?, end("target")?);
        let weight = items
            .iter()
            .find(|x| x.key == "weight")
            .or_else(|| items.iter().find(|x| x.key == "value"));
        let w = match weight.map(|x| &x.value) {
            None => 1.0,
            Some(Value::Int(i)) => *i as f64,
            Some(Value::Real(f)) => *f,
            Some(_) => {
                return Err(LoadError::at_line(
                    file,
                    e.line,
                    "expected a number for the edge weight",
                ));
            }
        };
        if !w.is_finite() || w.abs() > f32::MAX as f64 {
            return Err(LoadError::at_line(
                file,
                e.line,
                format!("expected a finite edge weight, found {w}"),
            ));
        }
        b.add_edge(u, v, w as f32);
    }
    Ok(b.finish())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;")
}

/// Writes GML with names as `label`, label columns, features, coordinates and weights.
pub fn write(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "graph [\n  directed {}", u8::from(g.is_directed()));
    if !g.name.is_empty() {
        let _ = writeln!(out, "  name \"{}\"", escape(&g.name));
    }
    let t = &g.nodes;
    for i in 0..g.node_count() {
        let _ = writeln!(
            out,
            "  node [\n    id {i}\n    label \"{}\"",
            escape(&t.names[i])
        );
        for col in &t.labels {
            if let Some(v) = col.value(i) {
                let _ = writeln!(out, "    {} \"{}\"", gml_key(&col.name), escape(v));
            }
        }
        if let Some(c) = &t.coords {
            let _ = writeln!(
                out,
                "    x {:?}\n    y {:?}",
                c[i][0] as f64, c[i][1] as f64
            );
        }
        if let Some(f) = &t.features {
            for (j, name) in f.names.iter().enumerate() {
                let _ = writeln!(out, "    {} {:?}", gml_key(name), f.values[[i, j]] as f64);
            }
        }
        out.push_str("  ]\n");
    }
    for (u, v, w) in g.edges() {
        let _ = writeln!(
            out,
            "  edge [\n    source {u}\n    target {v}\n    weight {:?}\n  ]",
            w as f64
        );
    }
    out.push_str("]\n");
    out
}

/// GML keys are alphanumeric.
fn gml_key(name: &str) -> String {
    let k: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if k.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        k
    } else {
        format!("a{k}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"graph [
  directed 0
  name "tiny &amp; test"
  node [ id 0 label "A &quot;x&quot;" club "red" ]
  node [ id 1 label "B" club "blue" graphics [ x 1.0 ] ]
  node [ id 2 label "C" club "red" ]
  edge [ source 0 target 1 weight 2.5 ]
  edge [ source 1 target 2 ]
]"#;

    #[test]
    fn a_29_digit_id_says_it_is_too_long_for_an_integer() {
        let text = b"graph [\n node [ id 12345678901234567890123456789 ]\n]\n";
        let e = read(text, "g.gml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("line 2") && e.contains("beyond 64-bit integers") && e.contains("quotes"),
            "{e}"
        );
        let text = b"graph [ node [ id 1 ] node [ id 2 ] edge [ source 1 target 2.5 ] ]";
        let e = read(text, "g.gml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("`target` 2.5e0 is not an integer id"), "{e}");
        // Quoted, every digit is kept.
        let text = b"graph [ node [ id \"12345678901234567890123456789\" ] ]";
        let g = read(text, "g.gml").expect("a string id");
        assert_eq!(g.nodes.ids[0], "12345678901234567890123456789");
    }

    #[test]
    fn reads_known_content() {
        let g = read(SMALL.as_bytes(), "t.gml").expect("valid GML");
        assert_eq!(g.name, "tiny & test");
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.nodes.names[0], "A \"x\"");
        assert_eq!(g.adjacency().get(1, 0), 2.5);
        assert_eq!(
            g.nodes.label("club").map(|c| c.class_counts()),
            Some(vec![1, 2])
        );
    }

    #[test]
    fn round_trip() {
        let g = read(SMALL.as_bytes(), "t.gml").expect("valid GML");
        let back = read(write(&g).as_bytes(), "w.gml").expect("own output");
        assert_eq!(back.adjacency(), g.adjacency());
        assert_eq!(back.nodes.names, g.nodes.names);
        assert_eq!(back.nodes.labels, g.nodes.labels);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "graph [\n node [ id 0 ]\n edge [ source 0 target 7 ]\n]";
        let e = read(bad.as_bytes(), "b.gml").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("b.gml, line 3: edge target `7` is not the id of any node")
        );
        let trunc = "graph [\n node [ id 0 ";
        assert!(read(trunc.as_bytes(), "t.gml").is_err());
        let deep = "graph ".to_string() + &"[ a ".repeat(10_000);
        assert!(read(deep.as_bytes(), "d.gml").is_err());
        let dup = "graph [ node [ id 0 ] node [ id 0 ] ]";
        assert!(read(dup.as_bytes(), "d.gml").is_err());
    }
}
