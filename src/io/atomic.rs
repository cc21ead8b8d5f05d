//! Every file poolscope writes goes to a temporary name beside it and is renamed into place
//! only when complete, so a kill, a full disk or an error never leaves a cut file, nor
//! destroys the good file that was there. A pair of files (an edge list and its node table)
//! is renamed only once both are complete.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary name of `path`: a hidden file in the same folder (a rename within one
/// folder is atomic), unique to this process.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to the temporary name, flushed to disk.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    let tmp = temporary(path);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(format!("cannot write {}: {e}", path.display()))
        }
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), String> {
    write_all_atomic(&[(path, bytes.as_ref())])
}

/// Writes every file whole or none: each goes to its temporary name first, and the renames
/// come only once all are complete (a failure removes the temporaries and leaves the old
/// files as they were). A path that is a folder is refused before anything is written.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), String> {
    for (path, _) in files {
        if path.is_dir() {
            return Err(format!(
                "cannot write {}: it is a folder; expected a file name",
                path.display()
            ));
        }
    }
    let mut written: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match write_temporary(path, bytes) {
            Ok(tmp) => written.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &written {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (i, (tmp, path)) in written.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            for (t, _) in &written[i..] {
                let _ = std::fs::remove_file(t);
            }
            return Err(format!("cannot write {}: {e}", path.display()));
        }
    }
    Ok(())
}

/// Refuses to write over a file the command read: `layout in.gml --out in.gml` would replace
/// the graph with a table of positions.
pub fn not_an_input(output: &Path, inputs: &[&Path]) -> Result<(), String> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    match inputs.iter().find(|i| same(output, i)) {
        Some(input) => Err(format!(
            "--out {}: that is the file the command reads ({}); choose another name, so the \
             input is kept",
            output.display(),
            input.display()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> crate::io::scratch::Scratch {
        crate::io::scratch::Scratch::new(&format!("atomic-{name}"))
    }

    fn entries(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("listed")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_remains() {
        let d = dir("whole");
        let p = d.join("out.svg");
        std::fs::write(&p, "old").expect("old file");
        write_atomic(&p, "new").expect("written");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new");
        assert_eq!(entries(d.path()), vec!["out.svg"]);
    }

    #[test]
    fn a_pair_fails_together_and_the_old_files_stay() {
        let d = dir("pair");
        let (a, b) = (d.join("g.csv"), d.join("g_nodes.csv"));
        std::fs::write(&a, "old edges").expect("old");
        // The second name is a folder: nothing is written, not even the first file.
        std::fs::create_dir_all(&b).expect("a folder in the way");
        let e = write_all_atomic(&[(&a, b"new edges"), (&b, b"nodes")]).expect_err("refused");
        assert!(e.contains("g_nodes.csv") && e.contains("folder"), "{e}");
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "old edges");
        // A folder that cannot be written: the first temporary is cleaned up.
        let missing = d.join("no/such/dir/x.csv");
        assert!(write_all_atomic(&[(&a, b"new"), (&missing, b"x")]).is_err());
        assert_eq!(std::fs::read_to_string(&a).expect("read"), "old edges");
        assert_eq!(entries(d.path()), vec!["g.csv", "g_nodes.csv"]);
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let d = dir("input");
        let input = d.join("in.gml");
        std::fs::write(&input, "graph [ ]").expect("input");
        let e = not_an_input(&d.join("./in.gml"), &[&input]).expect_err("same file");
        assert!(e.contains("the file the command reads"), "{e}");
        assert!(not_an_input(&d.join("out.csv"), &[&input]).is_ok());
    }
}
