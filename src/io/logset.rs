//! A folder of logs: the runs `poolscope.Writer("runs")` started (one folder each, named by
//! its start time, so names sort by age) and the graphs of a batched run (`graph_3/`, …, one
//! log each), found two folders deep. The window opens the newest run with a picker for the
//! rest and overlays their logged curves; the command line names the one it reads.
//!
//! Also the model a log recorded (`Writer(..., method=..., hidden=32)` or a model object's
//! pooling layers), for the window's model panel.

use super::error::LoadError;
use super::logdir::{LOG_META, MAX_INDEX_BYTES, MAX_STEPS, is_log_dir};
use std::path::{Path, PathBuf};

/// Most logs one folder lists (runs times graphs).
pub const MAX_LOGS: usize = 2_000;
/// The file a live writer holds in its run.
pub const WRITER_LOCK: &str = ".writer.lock";

/// One log of a folder.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub path: PathBuf,
    /// Its path under the folder, with `/`: `20261204-103012_dmon` or `run/graph_3`.
    pub name: String,
    /// A writer holds its run now.
    pub live: bool,
}

/// The logs of a folder, and the one shown.
#[derive(Clone, Debug, PartialEq)]
pub struct LogSet {
    pub root: PathBuf,
    pub entries: Vec<LogEntry>,
    pub shown: usize,
}

/// Whether `dir` is a log with its graph (rather than a run that holds graphs' logs).
fn has_graph(dir: &Path) -> bool {
    is_log_dir(dir) && dir.join("graph.npz").is_file()
}

/// Numbers inside names compare as numbers: `graph_2` before `graph_10`.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = u64::from(c.to_digit(10).unwrap_or(0));
            while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                chars.next();
            }
            out.push((std::mem::take(&mut text), n));
        } else {
            text.push(c);
        }
    }
    out.push((text, u64::MAX));
    out
}

fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && n != "steps")
        })
        .take(MAX_LOGS * 4)
        .collect();
    dirs.sort_by_cached_key(|p| natural_key(&p.file_name().unwrap_or_default().to_string_lossy()));
    dirs
}

/// Whether `dir` is a folder of logs (runs, or a batched run's graphs) rather than one log.
pub fn is_log_folder(dir: &Path) -> bool {
    dir.is_dir()
        && !has_graph(dir)
        && subfolders(dir)
            .iter()
            .take(MAX_LOGS)
            .any(|d| has_graph(d) || subfolders(d).iter().take(MAX_LOGS).any(|g| has_graph(g)))
}

/// The logs under `dir` (itself not a log), two folders deep, in name order; the one shown
/// first is the newest run's (its first graph for a batched run).
pub fn find(dir: &Path) -> Result<LogSet, LoadError> {
    let mut entries = Vec::new();
    let name_of = |p: &Path| {
        p.strip_prefix(dir)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let live = |p: &Path| {
        p.join(WRITER_LOCK).exists() || p.parent().is_some_and(|r| r.join(WRITER_LOCK).exists())
    };
    for sub in subfolders(dir) {
        let found: Vec<PathBuf> = if has_graph(&sub) {
            vec![sub]
        } else {
            subfolders(&sub)
                .into_iter()
                .filter(|g| has_graph(g))
                .collect()
        };
        for p in found {
            if entries.len() == MAX_LOGS {
                return Err(LoadError::whole(
                    &dir.display().to_string(),
                    format!("more than {MAX_LOGS} logs: open one run's folder"),
                ));
            }
            entries.push(LogEntry {
                name: name_of(&p),
                live: live(&p),
                path: p,
            });
        }
    }
    if entries.is_empty() {
        return Err(LoadError::whole(
            &dir.display().to_string(),
            "no logs in this folder: expected runs written by the poolscope Python package \
             (folders with poolscope_log.json and graph.npz)",
        ));
    }
    let top = |e: &LogEntry| e.name.split('/').next().unwrap_or("").to_string();
    let newest = top(&entries[entries.len() - 1]);
    let shown = entries.iter().position(|e| top(e) == newest).unwrap_or(0);
    Ok(LogSet {
        root: dir.to_path_buf(),
        entries,
        shown,
    })
}

/// The log a command reads for `path`: a folder of logs gives its newest run (with a note
/// naming it and the others' count), anything else itself.
pub fn resolve(path: &Path) -> PathBuf {
    if !is_log_folder(path) {
        return path.to_path_buf();
    }
    match find(path) {
        Ok(set) => {
            let e = &set.entries[set.shown];
            eprintln!(
                "note: {} holds {} logs; reading the newest, {} (name another folder to read it)",
                path.display(),
                set.entries.len(),
                e.name
            );
            e.path.clone()
        }
        Err(_) => path.to_path_buf(),
    }
}

/// A step's number and the losses it logged.
pub type StepLosses = (usize, Vec<(String, f64)>);

/// The losses every step of a log recorded, from its index alone (no arrays read): for the
/// curves of other runs laid over the shown one's. Lines a killed writer cut are passed over.
pub fn read_losses(dir: &Path) -> Result<Vec<StepLosses>, LoadError> {
    let index = dir.join("steps.jsonl");
    if std::fs::metadata(&index).is_err() {
        return Ok(Vec::new());
    }
    let bytes = super::read_bounded(&index, MAX_INDEX_BYTES)?;
    let text = super::error::utf8(&bytes, &index.display().to_string())?;
    let mut out: Vec<StepLosses> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if out.len() >= MAX_STEPS {
            break;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(step) = v.get("step").and_then(serde_json::Value::as_u64) else {
            continue;
        };
        let step = usize::try_from(step).unwrap_or(usize::MAX);
        if out.last().is_some_and(|(s, _)| *s >= step) {
            continue;
        }
        let losses = v
            .get("losses")
            .and_then(serde_json::Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                    .filter(|(_, v)| v.is_finite())
                    .collect()
            })
            .unwrap_or_default();
        out.push((step, losses));
    }
    Ok(out)
}

/// The model a log recorded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogModel {
    /// The method's name as given (poolscope's, or read from a pooling layer's class).
    pub method: Option<String>,
    /// Settings in the order given, as text.
    pub settings: Vec<(String, String)>,
    /// The model's pooling layers' class names.
    pub layers: Vec<String>,
    /// The graph's label, for a graph of a batched run.
    pub graph_label: Option<String>,
}

impl LogModel {
    /// What `dir`'s metadata says of the model; `None` when it says nothing (a log written
    /// without `method=` or `model=`) or cannot be read.
    pub fn read(dir: &Path) -> Option<LogModel> {
        let bytes = super::read_bounded(&dir.join(LOG_META), 1 << 20).ok()?;
        let meta: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let graph_label = meta.get("graph_label").filter(|v| !v.is_null()).map(text);
        let Some(m) = meta.get("model").filter(|m| m.is_object()) else {
            return graph_label.map(|l| LogModel {
                graph_label: Some(l),
                ..LogModel::default()
            });
        };
        Some(LogModel {
            method: m.get("method").and_then(|v| v.as_str()).map(str::to_string),
            settings: m
                .get("settings")
                .and_then(serde_json::Value::as_object)
                .map(|s| {
                    s.iter()
                        .take(64)
                        .map(|(k, v)| (k.clone(), text(v)))
                        .collect()
                })
                .unwrap_or_default(),
            layers: m
                .get("layers")
                .and_then(serde_json::Value::as_array)
                .map(|l| {
                    l.iter()
                        .take(32)
                        .filter_map(|x| x.get("class")?.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            graph_label,
        })
    }

    /// Whether the model itself was recorded (not only a graph's label).
    pub fn known(&self) -> bool {
        self.method.is_some() || !self.settings.is_empty() || !self.layers.is_empty()
    }

    /// `mincut (MinCutPooling); normalized true, hidden 32` for the model panel and `info`.
    pub fn describe(&self) -> String {
        let mut s = self
            .method
            .clone()
            .unwrap_or_else(|| "method not given".into());
        if !self.layers.is_empty() {
            s.push_str(&format!(" ({})", self.layers.join(", ")));
        }
        if !self.settings.is_empty() {
            let parts: Vec<String> = self
                .settings
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s.push_str(&format!("; {}", parts.join(", ")));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(dir: &Path, meta: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(LOG_META), meta).unwrap();
        std::fs::write(dir.join("graph.npz"), b"").unwrap();
    }

    #[test]
    fn runs_and_a_batched_run_s_graphs_are_found_in_order_newest_run_shown() {
        let scratch = crate::io::scratch::Scratch::new("logset");
        let root = scratch.path().to_path_buf();
        let _ = std::fs::remove_dir_all(&root);
        let v1 = r#"{"poolscope_log": 1}"#;
        log(&root.join("20261201-090000_dmon"), v1);
        for g in ["graph_10", "graph_2"] {
            log(&root.join("20261204-100000_diffpool").join(g), v1);
        }
        std::fs::write(
            root.join("20261204-100000_diffpool").join(LOG_META),
            r#"{"poolscope_log": 1, "batched": true}"#,
        )
        .unwrap();
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("20261201-090000_dmon").join(WRITER_LOCK), "{}").unwrap();
        assert!(is_log_folder(&root));
        assert!(!is_log_folder(&root.join("20261201-090000_dmon")));
        let set = find(&root).unwrap();
        let names: Vec<&str> = set.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "20261201-090000_dmon",
                "20261204-100000_diffpool/graph_2",
                "20261204-100000_diffpool/graph_10"
            ]
        );
        assert_eq!(set.shown, 1, "the newest run's first graph");
        assert!(set.entries[0].live && !set.entries[1].live);
        assert_eq!(resolve(&root), set.entries[1].path);
        let empty = root.join("notes");
        let e = find(&empty).unwrap_err().to_string();
        assert!(e.contains("no logs in this folder"), "{e}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn logged_losses_and_the_model_read_from_a_log() {
        let scratch = crate::io::scratch::Scratch::new("logmodel");
        let dir = scratch.path().to_path_buf();
        log(
            &dir,
            r#"{"poolscope_log": 1, "model": {"method": "mincut", "settings": {"normalized": true, "hidden": 32}, "layers": [{"class": "DenseMinCutPool", "text": "x"}]}}"#,
        );
        std::fs::write(
            dir.join("steps.jsonl"),
            "{\"step\": 0, \"losses\": {\"mincut_loss\": -0.5}}\n\
             {\"step\": 0, \"losses\": {\"mincut_loss\": 9}}\n\
             not json\n\
             {\"step\": 3, \"losses\": {\"mincut_loss\": -0.75, \"x\": null}}\n\
             {\"step\": 4, \"los",
        )
        .unwrap();
        let losses = read_losses(&dir).unwrap();
        assert_eq!(
            losses,
            vec![
                (0, vec![("mincut_loss".to_string(), -0.5)]),
                (3, vec![("mincut_loss".to_string(), -0.75)])
            ]
        );
        let m = LogModel::read(&dir).unwrap();
        assert!(m.known());
        assert_eq!(
            m.describe(),
            "mincut (DenseMinCutPool); hidden 32, normalized true"
        );
        std::fs::write(dir.join(LOG_META), r#"{"poolscope_log": 1}"#).unwrap();
        assert_eq!(LogModel::read(&dir), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
