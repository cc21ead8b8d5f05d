//! A node table as CSV (`id,cell_type,…`, header required), joined on id to an edge list.
//! The first column (or the one named `id`) is the node id; every other column becomes an
//! attribute, typed by its values.

use super::delimited::{Delimiter, csv_field, is_comment, split};
use super::error::{LoadError, utf8};
use crate::graph::{AttrValue, Graph, GraphBuilder};
use std::fmt::Write;

/// Adds the file's nodes, in file order, with their attributes.
pub fn read_into(bytes: &[u8], file: &str, b: &mut GraphBuilder) -> Result<(), LoadError> {
    let text = utf8(bytes, file)?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !is_comment(l));
    let Some((_, header_line)) = lines.next() else {
        return Err(LoadError::whole(
            file,
            "expected a header line such as `id,label`, found an empty file",
        ));
    };
    let delim = Delimiter::guess(header_line);
    let mut header = Vec::new();
    split(header_line, delim, &mut header);
    let header: Vec<String> = header.into_iter().map(|c| c.into_owned()).collect();
    let id_col = header
        .iter()
        .position(|h| h.eq_ignore_ascii_case("id"))
        .unwrap_or(0);
    let mut fields = Vec::new();
    for (i, line) in lines {
        let lineno = i + 1;
        split(line, delim, &mut fields);
        if fields.len() != header.len() {
            return Err(LoadError::at_line(
                file,
                lineno,
                format!(
                    "expected {} fields as in the header, found {}",
                    header.len(),
                    fields.len()
                ),
            ));
        }
        let node = b
            .add_node(&fields[id_col])
            .map_err(|m| LoadError::at_line(file, lineno, m))?;
        for (k, value) in fields.iter().enumerate() {
            if k != id_col && !value.is_empty() {
                b.set_attr(node, &header[k], AttrValue::infer(value));
            }
        }
    }
    Ok(())
}

/// Writes the node table (names, label columns, coordinates, features) as CSV.
pub fn write(g: &Graph) -> String {
    let t = &g.nodes;
    let mut out = String::from("id,label");
    for c in &t.labels {
        out.push(',');
        out.push_str(&csv_field(&c.name));
    }
    if t.coords.is_some() {
        out.push_str(",x,y");
    }
    if let Some(f) = &t.features {
        for name in &f.names {
            out.push(',');
            out.push_str(&csv_field(name));
        }
    }
    out.push('\n');
    for i in 0..g.node_count() {
        let _ = write!(out, "{},{}", csv_field(&t.ids[i]), csv_field(&t.names[i]));
        for c in &t.labels {
            out.push(',');
            // A class name that reads as a number stays text by quoting only when needed.
            out.push_str(&csv_field(c.value(i).unwrap_or("")));
        }
        if let Some(c) = &t.coords {
            let _ = write!(out, ",{:?},{:?}", c[i][0] as f64, c[i][1] as f64);
        }
        if let Some(f) = &t.features {
            for j in 0..f.names.len() {
                let _ = write!(out, ",{:?}", f.values[[i, j]] as f64);
            }
        }
        out.push('\n');
    }
    out
}
