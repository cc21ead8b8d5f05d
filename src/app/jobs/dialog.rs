//! The native file dialogs, always run on worker threads. A dialog that comes back empty
//! faster than a person could cancel it was never shown (no xdg-desktop-portal, as on a bare X
//! server): that is reported rather than taken for a cancel.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a dialog gave.
pub enum Picked<T> {
    Chosen(T),
    Cancelled,
    Unavailable,
}

/// Faster than this, an empty answer means no dialog appeared.
const TOO_FAST: Duration = Duration::from_millis(150);

/// Said when an open dialog could not be shown.
pub const UNAVAILABLE: &str = "no file dialog could be opened (is xdg-desktop-portal running?); give the file on the command line or drop it on the window";

/// Runs a dialog (`show` blocks until the user answers).
pub fn pick<T>(show: impl FnOnce() -> Option<T>) -> Picked<T> {
    let started = Instant::now();
    match show() {
        Some(t) => Picked::Chosen(t),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// The path given, or one asked for with `show`: `Err("")` when the user cancelled, the
/// reason when no dialog could be shown.
pub fn given_or_picked<T>(given: Option<T>, show: impl FnOnce() -> Option<T>) -> Result<T, String> {
    match given.map_or_else(|| pick(show), Picked::Chosen) {
        Picked::Chosen(t) => Ok(t),
        Picked::Cancelled => Err(String::new()),
        Picked::Unavailable => Err(UNAVAILABLE.to_string()),
    }
}

/// Where a save goes when no dialog can be shown: `name` in the working directory, numbered
/// (`levels-2.png`, …) so nothing is overwritten; `taken` says whether a name is in use.
pub fn fallback_path(name: &str, taken: impl Fn(&Path) -> bool) -> PathBuf {
    let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let first = dir.join(name);
    if !taken(&first) {
        return first;
    }
    let p = Path::new(name);
    let stem = p
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = p
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    (2..10_000)
        .map(|k| dir.join(format!("{stem}-{k}{ext}")))
        .find(|p| !taken(p))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_empty_answer_is_no_dialog_and_a_slow_one_a_cancel() {
        assert!(matches!(pick(|| Some(3)), Picked::Chosen(3)));
        assert!(matches!(pick::<u8>(|| None), Picked::Unavailable));
        let slow = pick::<u8>(|| {
            std::thread::sleep(TOO_FAST + Duration::from_millis(20));
            None
        });
        assert!(matches!(slow, Picked::Cancelled));
        assert_eq!(
            given_or_picked(Some(1), || -> Option<i32> {
                panic!("no dialog for a given path")
            }),
            Ok(1)
        );
        assert_eq!(
            given_or_picked::<i32>(None, || None),
            Err(UNAVAILABLE.to_string())
        );
    }
}

#[cfg(test)]
mod fallback_tests {
    use super::*;

    #[test]
    fn fallback_names_never_overwrite() {
        let taken = |p: &Path| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned());
            matches!(n.as_deref(), Some("levels.png" | "levels-2.png"))
        };
        let p = fallback_path("levels.png", taken);
        assert_eq!(p.file_name().and_then(|n| n.to_str()), Some("levels-3.png"));
        let free = fallback_path("other.svg", taken);
        assert_eq!(free.file_name().and_then(|n| n.to_str()), Some("other.svg"));
    }
}
