//! Bounds on what files make poolscope read and allocate: every file is read through
//! [`read_bounded`] (a regular file only, and a limit counted while reading, so a FIFO or
//! `/dev/zero`, whose length reads 0, cannot run the reader out of memory), and counts that a
//! file declares in a header (Matrix Market size line, Pajek `*Vertices N`) are only believed
//! if the file is long enough to plausibly need them.

use super::error::LoadError;
use crate::graph::MAX_NODES;
use std::io::Read;
use std::path::Path;

/// Reads at most `limit` bytes of the regular file at `path`; anything else (a directory, a
/// device, a FIFO, a socket) or anything longer is an error naming the file.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| LoadError::whole(&name, format!("cannot open: {e}")))?;
    if !meta.is_file() {
        return Err(LoadError::whole(
            &name,
            "not a regular file (a directory, device, FIFO or socket); expected a file",
        ));
    }
    if meta.len() > limit {
        return Err(LoadError::whole(
            &name,
            format!("{} bytes; at most {limit} are read", meta.len()),
        ));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| LoadError::whole(&name, format!("cannot open: {e}")))?;
    // The length can change between the check and the read (or lie, for special files that
    // claim to be regular): the limit is counted again while reading.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::whole(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::whole(
            &name,
            format!("more than {limit} bytes; at most {limit} are read"),
        ));
    }
    Ok(bytes)
}

/// [`read_bounded`] as text (UTF-8), for the JSON files poolscope writes itself.
pub fn read_bounded_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_bounded(path, limit).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: byte {}: expected UTF-8 text",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Largest node count a file of `file_len` bytes may declare.
pub fn declared_node_limit(file_len: usize) -> usize {
    MAX_NODES.min(file_len.saturating_mul(16).saturating_add(1 << 16))
}

/// Checks a declared node count against the bound.
pub fn check_declared_nodes(
    n: u64,
    file_len: usize,
    file: &str,
    line: usize,
) -> Result<usize, LoadError> {
    let limit = declared_node_limit(file_len);
    if n > limit as u64 {
        return Err(LoadError::at_line(
            file,
            line,
            format!("declares {n} nodes; expected at most {limit} for a file of {file_len} bytes"),
        ));
    }
    Ok(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_stops_at_its_limit_and_names_the_file() {
        let path = crate::io::scratch::Scratch::file("limit.txt");
        std::fs::write(&path, b"0123456789").expect("written");
        assert_eq!(read_bounded(&path, 10).expect("fits"), b"0123456789");
        let e = read_bounded(&path, 5).expect_err("too long").to_string();
        assert!(e.contains("10 bytes; at most 5 are read"), "{e}");
        let e = read_bounded(&std::env::temp_dir(), 5)
            .expect_err("a directory")
            .to_string();
        assert!(e.contains("not a regular file"), "{e}");
        std::fs::write(&path, [0xff, 0xfe]).expect("written");
        let e = read_bounded_text(&path, 10).expect_err("not UTF-8");
        assert!(e.contains("byte 0: expected UTF-8"), "{e}");
        let _ = std::fs::remove_file(path);
    }
}
