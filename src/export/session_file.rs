//! A session as a file: one line of JSON (the settings, the version key first, so the file
//! says what it is in its first bytes), then the arrays it refers to as raw little-endian
//! numbers; recognised by content, written atomically, read with its checksum checked.

use super::arrays::{ArrayWriter, Arrays};
use super::graph_source::GraphSource;
use super::session::{OpenedSession, SESSION_KEY, SavedSession, session_from_doc, session_value};
use crate::io::Loaded;
use serde_json::{Value, json};
use std::path::Path;

/// The session as a file: the settings as one line of JSON, then the arrays it refers to as
/// raw little-endian numbers (`arrays_bytes` of them, checked by `arrays_crc32`), so the
/// settings stay readable with any text tool and the numbers cost four bytes each.
pub fn session_to_bytes(s: &SavedSession) -> Result<Vec<u8>, String> {
    let mut arrays = ArrayWriter::default();
    let mut doc = session_value(s, Some(&mut arrays))?;
    let (table, blob) = arrays.finish();
    doc["arrays"] = table;
    doc["arrays_bytes"] = json!(blob.len());
    doc["arrays_crc32"] = json!(crc32fast::hash(&blob));
    // The version key goes first, so the file says what it is in its first bytes whatever its
    // name (the keys are otherwise sorted, and the arrays' table came before it).
    let version = doc
        .as_object_mut()
        .and_then(|d| d.remove(SESSION_KEY))
        .ok_or("a session without its version")?;
    let mut out = format!("{{\"{SESSION_KEY}\":{version}").into_bytes();
    let rest = serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
    if rest.len() > 2 {
        out.push(b',');
    }
    out.extend_from_slice(&rest[1..]);
    out.push(b'\n');
    out.extend_from_slice(&blob);
    Ok(out)
}

pub fn write_session(path: &Path, s: &SavedSession) -> Result<(), String> {
    crate::io::write_atomic(path, session_to_bytes(s)?)
}

/// Reads a session file's bytes: the JSON settings and, when it has them, the arrays after
/// them (a session written as text, or before the arrays had their own part, is all JSON).
pub fn session_from_bytes(
    bytes: &[u8],
    load: impl FnOnce(&GraphSource) -> Result<(Loaded, usize), String>,
) -> Result<OpenedSession, String> {
    let mut docs = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    let doc = match docs.next() {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => return Err(format!("line {}: expected valid JSON: {e}", e.line())),
        None => return Err("expected a poolscope session, found an empty file".into()),
    };
    let rest = &bytes[docs.byte_offset()..];
    let blob = match doc.get("arrays_bytes") {
        None | Some(Value::Null) => {
            if rest.iter().any(|b| !b.is_ascii_whitespace()) {
                return Err(format!(
                    "byte {}: expected the end of the file after the session's JSON",
                    bytes.len() - rest.len()
                ));
            }
            &[][..]
        }
        Some(n) => {
            let blob = rest.strip_prefix(b"\n").unwrap_or(rest);
            if n.as_u64() != Some(blob.len() as u64) {
                return Err(format!(
                    "arrays_bytes: {n} bytes of arrays, but {} follow the settings (the file \
                     is cut short or was edited)",
                    blob.len()
                ));
            }
            let crc = crc32fast::hash(blob);
            if doc.get("arrays_crc32").and_then(Value::as_u64) != Some(u64::from(crc)) {
                return Err(format!(
                    "arrays_crc32: the {} bytes of arrays do not match their checksum (the file \
                     is damaged)",
                    blob.len()
                ));
            }
            blob
        }
    };
    let arrays = Arrays::new(doc.get("arrays").unwrap_or(&Value::Null), blob)?;
    session_from_doc(&doc, &arrays, load)
}

/// Reads a session; `load` resolves its graph source (a file, a sample or the embedded graph).
pub fn session_from_json(
    text: &str,
    load: impl FnOnce(&GraphSource) -> Result<(Loaded, usize), String>,
) -> Result<OpenedSession, String> {
    session_from_bytes(text.as_bytes(), load)
}

/// Whether the file at `path` is a saved session, by its content (its key near the start),
/// whatever its name: a session renamed to `.json` and dropped on the window opens as one.
/// Reads at most a few kilobytes.
pub fn is_session(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let key = b"\"poolscope_session\"";
    read.is_ok()
        && head.trim_ascii_start().starts_with(b"{")
        && head.windows(key.len()).any(|w| w == key)
}

/// Reads a session file and loads its graph; errors name the file.
pub fn read_session(path: &Path) -> Result<OpenedSession, String> {
    let bytes =
        crate::io::read_bounded(path, crate::io::MAX_FILE_BYTES).map_err(|e| e.to_string())?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut opened = session_from_bytes(&bytes, |source| source.beside(folder).load())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // Where the graph was found, so a session saved from it again names a path that works.
    opened.session.graph = opened.session.graph.beside(folder);
    Ok(opened)
}
