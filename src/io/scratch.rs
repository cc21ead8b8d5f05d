//! Scratch files and folders for the tests (unit and whole-command): named for the test and the
//! process, so parallel test programs never share one, and removed when the test that made them
//! ends, so a passing `cargo test` leaves nothing in the temp directory. A failing test keeps
//! its files to look at.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn named(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("poolscope-{name}-{}", std::process::id()))
}

fn keep() -> bool {
    std::thread::panicking()
}

/// A folder made empty at the start and removed with everything in it at the end.
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl Scratch {
    /// `poolscope-NAME-PID` in the temp directory, empty.
    pub fn new(name: &str) -> Self {
        let dir = named(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("scratch folder {}: {e}", dir.display()));
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<OsStr> for Scratch {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !keep() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A file name in the temp directory, removed at the end if it was written.
#[derive(Debug)]
pub struct ScratchFile(PathBuf);

impl ScratchFile {
    /// `poolscope-STEM-PID.EXT` for a `name` of `STEM.EXT`, so the extension stays last.
    pub fn new(name: &str) -> Self {
        let path = match name.rsplit_once('.') {
            Some((stem, ext)) => named(stem).with_extension(ext),
            None => named(name),
        };
        let _ = std::fs::remove_file(&path);
        Self(path)
    }
}

impl std::ops::Deref for ScratchFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for ScratchFile {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<OsStr> for ScratchFile {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        if !keep() {
            let _ = std::fs::remove_file(&self.0);
        }
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
            let f = ScratchFile::new("scratch-self.txt");
            std::fs::write(&f, "b").expect("written");
            (dir, file) = (s.path().to_path_buf(), f.to_path_buf());
            assert!(dir.join("a.txt").exists() && file.exists());
            assert_eq!(file.extension(), Some(std::ffi::OsStr::new("txt")));
        }
        assert!(!dir.exists() && !file.exists());
    }
}
