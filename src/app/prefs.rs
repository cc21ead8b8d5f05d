//! What the window remembers between runs: the UI scale and the theme, in
//! `$XDG_CONFIG_HOME/poolscope/window.json` (else `~/.config/poolscope/window.json`). A file
//! that cannot be read is ignored; one that cannot be written says so on the terminal.

use super::theme::{Theme, clamp_scale};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file is tiny; anything longer is not ours.
const MAX_BYTES: u64 = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub ui_scale: f32,
    pub theme: Theme,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            ui_scale: 1.0,
            theme: Theme::Dark,
        }
    }
}

/// Where the preferences live on this machine, if a home can be found.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("poolscope").join("window.json"))
}

impl Prefs {
    pub fn load(path: &Path) -> Self {
        let mut p: Prefs = crate::io::read_bounded_text(path, MAX_BYTES)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        p.ui_scale = clamp_scale(p.ui_scale);
        p
    }

    pub fn save(&self, path: &Path) {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
            crate::io::write_atomic(path, text).map_err(std::io::Error::other)
        };
        if let Err(e) = write() {
            eprintln!(
                "note: could not remember the window settings in {}: {e}",
                path.display()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_round_trip_and_bad_files_give_the_defaults() {
        let scratch = crate::io::scratch::Scratch::new("prefs");
        let dir = scratch.path().to_path_buf();
        let path = dir.join("sub").join("window.json");
        let p = Prefs {
            ui_scale: 1.5,
            theme: Theme::Light,
        };
        p.save(&path);
        assert_eq!(Prefs::load(&path), p);
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(Prefs::load(&path), Prefs::default());
        std::fs::write(&path, r#"{"ui_scale": 1000}"#).expect("write");
        assert_eq!(Prefs::load(&path).ui_scale, 3.0, "clamped");
        assert_eq!(Prefs::load(&dir.join("missing.json")), Prefs::default());
        let _ = std::fs::remove_dir_all(dir);
    }
}
