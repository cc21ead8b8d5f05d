//! Scratch files and folders for the tests (unit and whole-command): named for the test and the
//! process, so parallel test programs never share one, and removed when the test that made them
//! ends, so a passing `cargo test` leaves nothing in the temp directory. A failing test keeps
//! its files to look at.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn named(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("poolscope-{name}-{}", std::process::id()))
}

/// A folder or a file in the temp directory, removed (with everything in it) when dropped.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
    folder: bool,
}

impl Scratch {
    /// The folder `poolscope-NAME-PID`, made empty.
    pub fn new(name: &str) -> Self {
        let path = named(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("scratch folder {}: {e}", path.display()));
        Self { path, folder: true }
    }

    /// The file name `poolscope-STEM-PID.EXT` for a `name` of `STEM.EXT` (the extension stays
    /// last), not yet written.
    pub fn file(name: &str) -> Self {
        let path = match name.rsplit_once('.') {
            Some((stem, ext)) => named(stem).with_extension(ext),
            None => named(name),
        };
        let _ = std::fs::remove_file(&path);
        Self {
            path,
            folder: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<OsStr> for Scratch {
    fn as_ref(&self) -> &OsStr {
        self.path.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let _ = if self.folder {
            std::fs::remove_dir_all(&self.path)
        } else {
            std::fs::remove_file(&self.path)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_is_gone_when_its_test_ends() {
        let (dir, file);
        {
            let s = Scratch::new("scratch-self");
            std::fs::write(s.join("a.txt"), "a").expect("written");
            let f = Scratch::file("scratch-self.txt");
            std::fs::write(&f, "b").expect("written");
            (dir, file) = (s.path().to_path_buf(), f.to_path_buf());
            assert!(dir.join("a.txt").exists() && file.exists());
            assert_eq!(file.extension(), Some(std::ffi::OsStr::new("txt")));
        }
        assert!(!dir.exists() && !file.exists());
    }
}
