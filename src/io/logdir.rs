//! Log directories written by the `poolscope` Python package's `Writer` while a PyTorch
//! Geometric (or torch-geometric-pool) model trains. Format version 1:
//!
//! ```text
//! LOGDIR/poolscope_log.json   {"poolscope_log": 1, "name": …, "labels": {"y": ["a", "b"]}}
//! LOGDIR/graph.npz            edge_index (2 x E), and optionally edge_weight, x, y, y_NAME,
//!                             num_nodes: the graph as PyG holds it
//! LOGDIR/steps.jsonl          one JSON object a line, appended after the step's arrays:
//!                             {"step": 10, "file": "steps/00000010.npz",
//!                              "levels": ["soft" | "logits" | "selection", …],
//!                              "losses": {"name": value, …}}
//! LOGDIR/steps/00000010.npz   per level l: S{l} (N_l x K_l), or perm{l} (kept nodes) and
//!                             score{l} for a selection; H{l} (N_l x d) embeddings, optional;
//!                             for BN-Pool, optionally alpha{l} and beta{l} (N_l x K_l−1, its
//!                             posterior) and Kc{l} (K_l x K_l, its cluster connectivity)
//! ```
//!
//! Writing is append-only: a step's arrays are written (under a temporary name, then renamed)
//! before its line, so a training run killed at any moment leaves a log whose complete lines
//! all point at complete files; a last line without its newline is ignored until it is whole.

use super::error::LoadError;
use super::npy::Npy;
use crate::graph::Graph;
use crate::hierarchy::MAX_LEVELS;
use ndarray::Array2;
use std::path::{Path, PathBuf};

/// The format version this build reads.
pub const LOG_VERSION: u64 = 1;
/// The file that marks a log directory.
pub const LOG_META: &str = "poolscope_log.json";
/// Most steps read from one log, and most bytes of its step index.
pub const MAX_STEPS: usize = 100_000;
pub(crate) const MAX_INDEX_BYTES: u64 = 256 << 20;

/// Whether `path` is a poolscope log directory.
pub fn is_log_dir(path: &Path) -> bool {
    path.is_dir() && path.join(LOG_META).is_file()
}

/// How one level's assignment was logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelKind {
    /// Rows of probabilities.
    Soft,
    /// Rows of logits: a softmax gives the probabilities.
    Logits,
    /// A score method's kept nodes (`perm`) and their scores.
    Selection,
}

/// One logged step: its number, one assignment per level (selections as one-hot rows for kept
/// nodes, zero rows for dropped ones), the embeddings where logged, and the losses.
#[derive(Clone, Debug, PartialEq)]
pub struct LogStep {
    pub step: usize,
    pub assignments: Vec<Array2<f32>>,
    pub embeddings: Vec<Option<Array2<f32>>>,
    pub losses: Vec<(String, f64)>,
    /// Per level, BN-Pool's posterior and connectivity where the step holds them.
    pub bnpool: Vec<Option<crate::pool::bnpool::Logged>>,
}

fn read_small(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    super::read_bounded(path, limit)
}

/// The log's graph, with the label names its metadata gives.
pub fn read_graph(dir: &Path) -> Result<Graph, LoadError> {
    let meta_path = dir.join(LOG_META);
    let meta_name = meta_path.display().to_string();
    let meta: serde_json::Value = serde_json::from_slice(&read_small(&meta_path, 1 << 20)?)
        .map_err(|e| LoadError::at_line(&meta_name, e.line(), format!("expected JSON: {e}")))?;
    match meta
        .get("poolscope_log")
        .and_then(serde_json::Value::as_u64)
    {
        Some(LOG_VERSION) => {}
        Some(v) => {
            return Err(LoadError::whole(
                &meta_name,
                format!("log format version {v}; this poolscope reads version {LOG_VERSION}"),
            ));
        }
        None => {
            return Err(LoadError::whole(
                &meta_name,
                "expected a poolscope log (key `poolscope_log`)",
            ));
        }
    }
    let graph_path = dir.join("graph.npz");
    if !graph_path.exists() {
        return Err(LoadError::whole(
            &graph_path.display().to_string(),
            "no graph yet: the writer's add_graph has not run",
        ));
    }
    let bytes = read_small(&graph_path, super::MAX_FILE_BYTES)?;
    let name = graph_path.display().to_string();
    let mut g = super::pyg::from_arrays(&super::npz::read(&bytes, &name)?, &name)?;
    g.name = meta
        .get("name")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| {
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    // Label codes back to the names the writer was given.
    if let Some(names) = meta.get("labels").and_then(serde_json::Value::as_object) {
        for col in &mut g.nodes.labels {
            let Some(list) = names.get(&col.name).and_then(serde_json::Value::as_array) else {
                continue;
            };
            let values: Vec<Option<String>> = col
                .codes
                .iter()
                .map(|c| {
                    let code: usize = col.classes.get((*c)? as usize)?.parse().ok()?;
                    list.get(code)?.as_str().map(str::to_string)
                })
                .collect();
            *col = crate::graph::LabelColumn::from_values(&col.name, &values);
        }
    }
    Ok(g)
}

/// What one read of the step index gave.
pub struct Steps {
    pub steps: Vec<LogStep>,
    /// The byte offset to read from next time (a partly written last line waits).
    pub next: u64,
    /// The steps passed over, each with its line and why (a line cut by a killed writer, a
    /// step file that is missing or unreadable): a careless or killed writer's log still
    /// shows every step that finished.
    pub skipped: Vec<String>,
}

/// Reads the step index from `from` (a byte offset): the complete steps after it, the offset
/// to read from next time, and what was passed over and why. Only the index itself (too big,
/// not UTF-8) is an error.
pub fn read_steps(dir: &Path, graph: &Graph, from: u64) -> Result<Steps, LoadError> {
    let index = dir.join("steps.jsonl");
    let name = index.display().to_string();
    let nothing = |next| Steps {
        steps: Vec::new(),
        next,
        skipped: Vec::new(),
    };
    if std::fs::metadata(&index).is_err() {
        return Ok(nothing(from));
    }
    let bytes = super::read_bounded(&index, MAX_INDEX_BYTES)?;
    let start = (from as usize).min(bytes.len());
    let Some(end) = bytes[start..]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| start + p + 1)
    else {
        return Ok(nothing(from));
    };
    let first_line = 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count();
    let text = super::error::utf8(&bytes[start..end], &name)?;
    let mut steps: Vec<LogStep> = Vec::new();
    let mut skipped = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if steps.len() >= MAX_STEPS {
            return Err(LoadError::at_line(
                &name,
                first_line + k,
                format!("more than {MAX_STEPS} steps"),
            ));
        }
        match read_step(dir, graph, line) {
            // Steps must increase: a repeated or earlier one (a second writer) is passed over.
            Ok(step) if steps.last().is_some_and(|s| s.step >= step.step) => skipped.push(
                LoadError::at_line(
                    &name,
                    first_line + k,
                    format!(
                        "step {} comes after step {}: skipped",
                        step.step,
                        steps[steps.len() - 1].step
                    ),
                )
                .to_string(),
            ),
            Ok(step) => steps.push(step),
            Err(m) => skipped.push(
                LoadError::at_line(&name, first_line + k, format!("{m}: skipped")).to_string(),
            ),
        }
    }
    Ok(Steps {
        steps,
        next: end as u64,
        skipped,
    })
}

/// A line as the Python writer of an older version wrote it with a NaN or infinite loss
/// (`NaN`, `Infinity`: not JSON), those values made `null`.
fn without_nan(line: &str) -> String {
    line.replace(": -Infinity", ": null")
        .replace(": Infinity", ": null")
        .replace(": NaN", ": null")
}

/// BN-Pool's posterior and connectivity for level `l` of `rows` nodes into `k` clusters, when
/// the step holds them: all three or none, each of its shape, the Beta parameters positive.
fn bnpool_arrays<'a>(
    get: &dyn Fn(String) -> Option<&'a Npy>,
    l: usize,
    rows: usize,
    k: usize,
) -> Result<Option<crate::pool::bnpool::Logged>, String> {
    let names = [format!("alpha{l}"), format!("beta{l}"), format!("Kc{l}")];
    let found: Vec<Option<&Npy>> = names.iter().map(|n| get(n.clone())).collect();
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    let shapes = [
        (rows, k.saturating_sub(1)),
        (rows, k.saturating_sub(1)),
        (k, k),
    ];
    let mut mats = Vec::with_capacity(3);
    for ((name, a), shape) in names.iter().zip(&found).zip(shapes) {
        let a = a.ok_or(format!(
            "level {l}: {name} is missing; BN-Pool's alpha{l}, beta{l} and Kc{l} come together"
        ))?;
        let m = matrix(a, name)?;
        if m.dim() != shape {
            return Err(format!(
                "{name} has shape {:?}; expected {shape:?} for level {l} ({rows} nodes, {k} clusters)",
                m.dim()
            ));
        }
        if !name.starts_with("Kc") && m.iter().any(|&v| v <= 0.0) {
            return Err(format!(
                "{name} holds a value that is not positive; Beta parameters are"
            ));
        }
        mats.push(m);
    }
    let kc = mats.pop().unwrap_or_default();
    let beta = mats.pop().unwrap_or_default();
    let alpha = mats.pop().unwrap_or_default();
    Ok(Some(crate::pool::bnpool::Logged { alpha, beta, kc }))
}

fn matrix(a: &Npy, what: &str) -> Result<Array2<f32>, String> {
    let a = a.clone().squeezed_front();
    let (r, c) = match a.shape.as_slice() {
        [r, c] => (*r, *c),
        [r] => (*r, 1),
        s => return Err(format!("{what} has shape {s:?}; expected rows x columns")),
    };
    let m = Array2::from_shape_vec((r, c), a.values.iter().map(|&v| v as f32).collect())
        .map_err(|e| format!("{what}: {e}"))?;
    if m.iter().any(|v| !v.is_finite()) {
        return Err(format!("{what} holds a value that is not a finite number"));
    }
    Ok(m)
}

fn softmax_rows(m: &mut Array2<f32>) {
    for mut row in m.rows_mut() {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        row.mapv_inplace(|v| (v - max).exp());
        let s = row.sum();
        row.mapv_inplace(|v| v / s);
    }
}

/// One line of the index and the arrays it names.
fn read_step(dir: &Path, graph: &Graph, line: &str) -> Result<LogStep, String> {
    let v: serde_json::Value = serde_json::from_str(line)
        .or_else(|e| serde_json::from_str(&without_nan(line)).map_err(|_| e))
        .map_err(|e| format!("expected a JSON object: {e}"))?;
    let step = v
        .get("step")
        .and_then(serde_json::Value::as_u64)
        .and_then(|s| usize::try_from(s).ok())
        .ok_or("expected a step number (`step`)")?;
    let file = v
        .get("file")
        .and_then(serde_json::Value::as_str)
        .ok_or("expected the step's file (`file`)")?;
    let rel = PathBuf::from(file);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(format!(
            "file `{file}`: expected a path inside the log directory"
        ));
    }
    let kinds: Vec<LevelKind> = v
        .get("levels")
        .and_then(serde_json::Value::as_array)
        .ok_or("expected the levels' kinds (`levels`)")?
        .iter()
        .map(|k| match k.as_str() {
            Some("soft") => Ok(LevelKind::Soft),
            Some("logits") => Ok(LevelKind::Logits),
            Some("selection") => Ok(LevelKind::Selection),
            _ => Err(format!(
                "level kind {k}: expected soft, logits or selection"
            )),
        })
        .collect::<Result<_, _>>()?;
    if kinds.is_empty() || kinds.len() > MAX_LEVELS {
        return Err(format!(
            "{} levels; expected 1 to {MAX_LEVELS}",
            kinds.len()
        ));
    }
    let losses = v
        .get("losses")
        .and_then(serde_json::Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_f64().map(|x| (k.clone(), x)))
                .collect()
        })
        .unwrap_or_default();
    let path = dir.join(&rel);
    let bytes = read_small(&path, super::MAX_FILE_BYTES).map_err(|e| e.to_string())?;
    let arrays =
        super::npz::read(&bytes, &path.display().to_string()).map_err(|e| e.to_string())?;
    let get = |name: String| arrays.iter().find(|(n, _)| *n == name).map(|(_, a)| a);
    let mut rows = graph.node_count();
    let mut assignments = Vec::new();
    let mut embeddings = Vec::new();
    let mut bnpool = Vec::new();
    for (l, kind) in kinds.iter().enumerate() {
        let s = match kind {
            LevelKind::Selection => {
                let perm = get(format!("perm{l}")).ok_or(format!("level {l}: expected perm{l}"))?;
                let mut s = Array2::<f32>::zeros((rows, perm.len()));
                for (rank, &i) in perm.values.iter().enumerate() {
                    if i < 0.0 || i.fract() != 0.0 || i as usize >= rows {
                        return Err(format!(
                            "level {l}: perm names node {i}, but the level has {rows}"
                        ));
                    }
                    s[[i as usize, rank]] = 1.0;
                }
                s
            }
            _ => {
                let mut s = matrix(
                    get(format!("S{l}")).ok_or(format!("level {l}: expected S{l}"))?,
                    &format!("S{l}"),
                )?;
                if *kind == LevelKind::Logits {
                    softmax_rows(&mut s);
                }
                s
            }
        };
        if s.nrows() != rows {
            return Err(format!(
                "S{l} has {} rows; level {l} has {rows} nodes",
                s.nrows()
            ));
        }
        embeddings.push(
            get(format!("H{l}"))
                .map(|h| matrix(h, &format!("H{l}")))
                .transpose()?
                .filter(|h| h.nrows() == rows),
        );
        bnpool.push(bnpool_arrays(&get, l, rows, s.ncols())?);
        rows = s.ncols();
        assignments.push(s);
    }
    Ok(LogStep {
        step,
        assignments,
        embeddings,
        losses,
        bnpool,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(shape: &[usize], values: Vec<f64>) -> Npy {
        Npy {
            shape: shape.to_vec(),
            values,
            integer: false,
        }
    }

    #[test]
    fn bnpool_s_posterior_is_read_whole_or_refused_naming_the_array() {
        // Level 0: 3 nodes into 2 clusters, so one stick: alpha and beta 3 x 1, Kc 2 x 2.
        let arrays = [
            ("alpha0".to_string(), npy(&[1, 3, 1], vec![1.0, 2.0, 0.5])),
            ("beta0".to_string(), npy(&[3, 1], vec![1.0, 1.0, 3.0])),
            ("Kc0".to_string(), npy(&[2, 2], vec![1.0, -1.0, -1.0, 1.0])),
        ];
        let with = |skip: &str, swap: Option<(&str, Npy)>| {
            let kept: Vec<(String, Npy)> = arrays
                .iter()
                .filter(|(n, _)| n != skip)
                .map(|(n, a)| match &swap {
                    Some((name, b)) if n == name => (n.clone(), b.clone()),
                    _ => (n.clone(), a.clone()),
                })
                .collect();
            let lookup = |name: String| kept.iter().find(|(n, _)| *n == name).map(|(_, a)| a);
            bnpool_arrays(&lookup, 0, 3, 2)
        };
        let whole = with("", None).expect("reads").expect("present");
        assert_eq!(
            whole.alpha.dim(),
            (3, 1),
            "a leading batch of one is dropped"
        );
        assert_eq!(whole.kc[[0, 1]], -1.0);
        // None of the three: not BN-Pool, nothing to read.
        let none = bnpool_arrays(&|_| None, 0, 3, 2).expect("reads");
        assert_eq!(none, None);
        let e = with("beta0", None).expect_err("one missing");
        assert!(e.contains("beta0 is missing"), "{e}");
        let e = with("", Some(("Kc0", npy(&[3, 3], vec![0.0; 9])))).expect_err("shape");
        assert!(e.contains("Kc0 has shape (3, 3); expected (2, 2)"), "{e}");
        let e = with("", Some(("alpha0", npy(&[3, 1], vec![1.0, 0.0, 1.0])))).expect_err("zero");
        assert!(
            e.contains("alpha0 holds a value that is not positive"),
            "{e}"
        );
        let e = with("", Some(("beta0", npy(&[3, 1], vec![1.0, f64::NAN, 1.0])))).expect_err("nan");
        assert!(
            e.contains("beta0 holds a value that is not a finite number"),
            "{e}"
        );
    }
}
