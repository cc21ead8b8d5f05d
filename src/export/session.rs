//! Saved sessions: everything needed to see the same picture again without retraining, and
//! to retrain identically. One JSON document:
//!
//! - `poolscope_session`: the format version;
//! - `graph`: where the graph came from: `{"path": …, "index": …}` for a file (the index picks
//!   a graph of a data set), `{"named": …, "index": …}` for a bundled sample, or
//!   `{"embedded": {"name": …, "node_link": {…}}}` with the graph itself for generated and
//!   dropped graphs;
//! - `config`: the training settings (seed included) and `ks`, the clusters per level;
//! - `weights`: the trained weights by name, or null;
//! - `hierarchy`: a hierarchy document as [`super::hierarchy_to_json`] writes it, positions
//!   included, or null;
//! - `view`: the colouring, the merge level and the selection;
//! - `layout`: the layout settings (missing in older files: the defaults);
//! - `timeline`: the run's snapshots, `{"epoch": …, "hierarchy": …}`, at most 400 evenly
//!   chosen, so the replay comes back too.

use super::arrays::{ArrayWriter, Arrays};
pub use super::graph_source::GraphSource;
use super::json::{Positions, hierarchy_in, hierarchy_value, positions_in};
use super::weights::{weights_from_json, weights_to_json};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::io::Loaded;
use crate::layout::LayoutSettings;
use crate::nn::ParamStore;
use crate::render::ColourMode;
use crate::train::TrainConfig;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Session format version this build writes and reads.
pub const SESSION_VERSION: u32 = 2;
/// The key that names a session and its version: the first thing in a file written now.
pub(super) const SESSION_KEY: &str = "poolscope_session";

/// What the window shows besides the graph and hierarchy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    pub colour: ColourMode,
    pub merge_level: usize,
    pub selection_level: usize,
    pub selection: Vec<usize>,
    /// The projector's level and whether it shows t-SNE (else PCA), and the heatmap's level.
    pub projector_level: usize,
    pub projector_tsne: bool,
    pub heatmap_level: usize,
}

/// A session in memory.
#[derive(Clone, Debug)]
pub struct SavedSession {
    pub graph: GraphSource,
    /// The graph was opened with its edge weights dropped (`--unweighted`): it reopens so, or
    /// its own hierarchy would not fit it.
    pub unweighted: bool,
    /// The graph was numbered by its integer ids (`--keep-ids`): it reopens so.
    pub keep_ids: bool,
    pub config: TrainConfig,
    pub ks: Vec<usize>,
    pub weights: Option<ParamStore>,
    pub hierarchy: Option<std::sync::Arc<Hierarchy>>,
    pub positions: Option<Positions>,
    pub view: ViewSettings,
    /// The layout settings (older files without them get the defaults).
    pub layout: LayoutSettings,
    /// The training timeline: the run's snapshots by epoch, for replaying it (empty: none).
    pub timeline: Vec<(usize, std::sync::Arc<Hierarchy>)>,
    /// The loss curves of the run, and per snapshot `[epoch, NMI, modularity, clusters used]`
    /// (`None` for a missing number), so the plots come back too.
    pub history: Vec<crate::train::EpochStats>,
    pub metric_history: Vec<[Option<f64>; 4]>,
}

/// At most this many epochs of history are read back (the plots need no more).
pub const MAX_HISTORY: usize = 1_000_000;
/// At most this many timeline snapshots are written (evenly chosen) or read back.
pub const MAX_TIMELINE: usize = 400;

/// At most `MAX_TIMELINE` of `items`, evenly spread, the first and last always among them.
fn evenly<T: Clone>(items: &[T], most: usize) -> Vec<T> {
    if items.len() <= most || most < 2 {
        return items
            .iter()
            .take(most.max(items.len().min(1)))
            .cloned()
            .collect();
    }
    (0..most)
        .map(|k| items[k * (items.len() - 1) / (most - 1)].clone())
        .collect()
}

/// A session read back, with its graph loaded.
pub struct OpenedSession {
    pub loaded: Loaded,
    /// Which graph of a data set the session shows (0 for a single graph).
    pub index: usize,
    pub session: SavedSession,
}

impl OpenedSession {
    pub fn graph(&self) -> Option<&Graph> {
        match &self.loaded {
            Loaded::Graph(g) => Some(g),
            Loaded::Dataset(d) => d.graphs.get(self.index),
        }
    }
}

/// The session as one JSON document, every number in it (a session written as text).
pub fn session_to_json(s: &SavedSession) -> Result<Value, String> {
    session_value(s, None)
}

pub(super) fn session_value(
    s: &SavedSession,
    mut arrays: Option<&mut ArrayWriter>,
) -> Result<Value, String> {
    let config = serde_json::to_value(&s.config).map_err(|e| e.to_string())?;
    let weights = s
        .weights
        .as_ref()
        .map(|w| weights_to_json(w, arrays.as_deref_mut()));
    let hierarchy = s
        .hierarchy
        .as_ref()
        .map(|h| hierarchy_value(h, None, s.positions.as_deref(), arrays.as_deref_mut()));
    let level0_positions = match (&s.hierarchy, s.positions.as_ref().and_then(|p| p.first())) {
        (None, Some(p)) => match arrays.as_deref_mut() {
            Some(a) => Some(a.f32s(p.len(), 2, p.iter().flatten().copied())),
            None => Some(json!(p)),
        },
        _ => None,
    };
    let timeline: Vec<Value> = evenly(&s.timeline, MAX_TIMELINE)
        .iter()
        .map(|(epoch, h)| {
            json!({"epoch": epoch, "hierarchy": hierarchy_value(h, None, None, arrays.as_deref_mut())})
        })
        .collect();
    Ok(json!({
        "poolscope_session": SESSION_VERSION,
        "graph": s.graph,
        "unweighted": s.unweighted,
        "keep_ids": s.keep_ids,
        "config": config,
        "ks": s.ks,
        "weights": weights,
        "hierarchy": hierarchy,
        "level0_positions": level0_positions,
        "view": s.view,
        "layout": s.layout,
        "timeline": timeline,
        "history": s.history,
        "metric_history": s.metric_history,
    }))
}

pub(super) fn session_from_doc(
    doc: &Value,
    arrays: &Arrays,
    load: impl FnOnce(&GraphSource) -> Result<(Loaded, usize), String>,
) -> Result<OpenedSession, String> {
    match doc.get("poolscope_session").and_then(Value::as_u64) {
        // Version 1 is version 2 without the binary part: it reads the same way.
        Some(v) if (1..=u64::from(SESSION_VERSION)).contains(&v) => {}
        Some(v) => {
            return Err(format!(
                "session format version {v}; this poolscope reads versions 1 to {SESSION_VERSION}"
            ));
        }
        None => return Err("expected a poolscope session (key `poolscope_session`)".into()),
    }
    let field = |k: &str| doc.get(k).unwrap_or(&Value::Null);
    let source: GraphSource = serde_json::from_value(field("graph").clone())
        .map_err(|e| format!("graph: expected a path, a name or an embedded graph: {e}"))?;
    let config =
        TrainConfig::from_value(field("config").clone()).map_err(|e| format!("config: {e}"))?;
    let ks: Vec<usize> = serde_json::from_value(field("ks").clone())
        .map_err(|e| format!("ks: expected a list of cluster counts: {e}"))?;
    if ks.len() > crate::hierarchy::MAX_LEVELS || ks.iter().any(|&k| k > crate::graph::MAX_NODES) {
        return Err(format!(
            "ks: expected at most {} levels of at most {} clusters",
            crate::hierarchy::MAX_LEVELS,
            crate::graph::MAX_NODES
        ));
    }
    let view: ViewSettings =
        serde_json::from_value(field("view").clone()).map_err(|e| format!("view: {e}"))?;
    let layout: LayoutSettings = match field("layout") {
        Value::Null => LayoutSettings::default(),
        v => serde_json::from_value(v.clone()).map_err(|e| format!("layout: {e}"))?,
    };
    layout.check().map_err(|e| format!("layout: {e}"))?;
    let weights = weights_from_json(field("weights"), arrays)?;
    let unweighted = match field("unweighted") {
        Value::Null => false,
        Value::Bool(b) => *b,
        _ => return Err("unweighted: expected true or false".into()),
    };
    let keep_ids = match field("keep_ids") {
        Value::Null => false,
        Value::Bool(b) => *b,
        _ => return Err("keep_ids: expected true or false".into()),
    };
    let (loaded, index) = load(&source)?;
    let loaded = if unweighted {
        loaded.unweighted()
    } else {
        loaded
    };
    let loaded = if keep_ids {
        loaded.keeping_integer_ids()?
    } else {
        loaded
    };
    let graph = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => d.graphs.get(index).ok_or_else(|| {
            format!(
                "graph: index {index}, but the data set has {} graphs",
                d.graphs.len()
            )
        })?,
    };
    // Settings that could not train on this graph (e.g. K larger than N) are refused here,
    // not when the user presses Train.
    TrainConfig {
        clusters: crate::train::Sizes::Counts(ks.clone()),
        ..config.clone()
    }
    .validate(graph.node_count())
    .map_err(|e| format!("config: {e}"))?;
    let (hierarchy, positions) = match field("hierarchy") {
        Value::Null => {
            let p = match field("level0_positions") {
                Value::Null => None,
                v if Arrays::is_reference(v) => {
                    let m = arrays.f32_matrix(v, "level0_positions")?;
                    if m.dim() != (graph.node_count(), 2) {
                        return Err(format!(
                            "level0_positions: expected {} finite [x, y] pairs",
                            graph.node_count()
                        ));
                    }
                    Some(vec![m.rows().into_iter().map(|r| [r[0], r[1]]).collect()])
                }
                v => {
                    let p: Vec<[f32; 2]> = serde_json::from_value(v.clone())
                        .map_err(|e| format!("level0_positions: {e}"))?;
                    if p.len() != graph.node_count() || p.iter().flatten().any(|x| !x.is_finite()) {
                        return Err(format!(
                            "level0_positions: expected {} finite [x, y] pairs",
                            graph.node_count()
                        ));
                    }
                    Some(vec![p])
                }
            };
            (None, p)
        }
        h => {
            let hierarchy =
                hierarchy_in(h, graph, arrays).map_err(|e| format!("hierarchy: {e}"))?;
            let positions =
                positions_in(h, &hierarchy, arrays).map_err(|e| format!("hierarchy: {e}"))?;
            (Some(hierarchy), positions)
        }
    };
    if let Some(h) = &hierarchy
        && view.selection_level >= h.depth()
    {
        return Err(format!(
            "view: selection on level {}, but the hierarchy has {} levels",
            view.selection_level,
            h.depth()
        ));
    }
    // The plots only: a history that does not read (an older file, a number JSON cannot hold)
    // leaves them empty rather than refusing the session.
    let mut history: Vec<crate::train::EpochStats> =
        serde_json::from_value(field("history").clone()).unwrap_or_default();
    history.truncate(MAX_HISTORY);
    let mut metric_history: Vec<[Option<f64>; 4]> =
        serde_json::from_value(field("metric_history").clone()).unwrap_or_default();
    metric_history.truncate(MAX_HISTORY);
    let timeline = match field("timeline") {
        Value::Null => Vec::new(),
        Value::Array(items) if items.len() <= MAX_TIMELINE => {
            let mut out: Vec<(usize, std::sync::Arc<Hierarchy>)> = Vec::new();
            for (k, item) in items.iter().enumerate() {
                let epoch = item
                    .get("epoch")
                    .and_then(Value::as_u64)
                    .and_then(|e| usize::try_from(e).ok())
                    .ok_or_else(|| format!("timeline[{k}]: expected an epoch"))?;
                if out.last().is_some_and(|(e, _)| *e >= epoch) {
                    return Err(format!("timeline[{k}]: epochs must increase"));
                }
                let h = hierarchy_in(item.get("hierarchy").unwrap_or(&Value::Null), graph, arrays)
                    .map_err(|e| format!("timeline[{k}]: {e}"))?;
                out.push((epoch, std::sync::Arc::new(h)));
            }
            out
        }
        Value::Array(items) => {
            return Err(format!(
                "timeline: {} snapshots, expected at most {MAX_TIMELINE}",
                items.len()
            ));
        }
        _ => return Err("timeline: expected a list of snapshots".into()),
    };
    let mut view = view;
    let n_sel = hierarchy.as_ref().map_or(graph.node_count(), |h| {
        h.levels[view.selection_level].node_count
    });
    view.selection.retain(|&i| i < n_sel);
    Ok(OpenedSession {
        index,
        session: SavedSession {
            graph: source,
            unweighted,
            keep_ids,
            config,
            ks,
            weights,
            hierarchy: hierarchy.map(std::sync::Arc::new),
            positions,
            view,
            layout,
            timeline,
            history,
            metric_history,
        },
        loaded,
    })
}

#[cfg(test)]
mod tests {
    use super::super::session_file::*;
    use super::*;
    use crate::train::{Session, Sizes};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn karate() -> Graph {
        let loaded = crate::samples::find("karate")
            .expect("sample")
            .load()
            .expect("loads");
        loaded.first_graph().expect("a graph").clone()
    }

    fn config() -> TrainConfig {
        TrainConfig {
            clusters: Sizes::Counts(vec![4, 2]),
            epochs: 40,
            seed: 7,
            ..TrainConfig::default()
        }
    }

    fn trained(g: &Graph) -> (Hierarchy, ParamStore) {
        let mut s = Session::new(Arc::new(g.clone()), config()).expect("session");
        let h = s.run(|_| {}).expect("trains");
        (h, s.weights().clone())
    }

    fn saved(g: &Graph) -> SavedSession {
        let (h, w) = trained(g);
        let positions: Positions = h
            .levels
            .iter()
            .map(|l| {
                (0..l.node_count)
                    .map(|i| [i as f32, 0.5 * i as f32])
                    .collect()
            })
            .collect();
        SavedSession {
            graph: GraphSource::embed(g).expect("embeds"),
            unweighted: false,
            keep_ids: false,
            config: config(),
            ks: vec![4, 2],
            weights: Some(w),
            hierarchy: Some(Arc::new(h)),
            positions: Some(positions),
            view: ViewSettings {
                colour: ColourMode::Label("club".into()),
                merge_level: 1,
                selection_level: 1,
                selection: vec![0, 2],
                projector_level: 1,
                projector_tsne: true,
                heatmap_level: 1,
            },
            layout: LayoutSettings {
                attraction: crate::layout::Attraction::Linear,
                scaling: Some(3.5),
                prevent_overlap: true,
                ..LayoutSettings::default()
            },
            timeline: vec![(10, Arc::new(trained(g).0)), (60, Arc::new(trained(g).0))],
            history: Vec::new(),
            metric_history: vec![[Some(1.0), None, Some(0.4), Some(4.0)]],
        }
    }

    fn sample(name: &str) -> Graph {
        let loaded = crate::samples::find(name).expect("sample").load();
        loaded
            .expect("loads")
            .first_graph()
            .expect("a graph")
            .clone()
    }

    #[test]
    fn a_session_of_a_graph_opened_unweighted_reopens_unweighted() {
        // lesmis weighs its edges by co-appearances; opened with --unweighted, every edge is 1.
        let g = sample("lesmis").unweighted();
        assert!(!g.is_weighted());
        let mut s = saved(&g);
        s.graph = GraphSource::Named {
            name: "lesmis".into(),
            index: 0,
        };
        s.view = ViewSettings::default();
        s.unweighted = true;
        let text = serde_json::to_string(&session_to_json(&s).expect("json")).expect("text");
        let opened = session_from_json(&text, GraphSource::load).expect("reopens");
        assert!(opened.session.unweighted);
        assert!(!opened.graph().expect("graph").is_weighted());
        // Without the flag the weighted graph comes back, and its own hierarchy does not fit.
        s.unweighted = false;
        let text = serde_json::to_string(&session_to_json(&s).expect("json")).expect("text");
        let Err(e) = session_from_json(&text, GraphSource::load) else {
            panic!("the weighted graph took a hierarchy of the unweighted one");
        };
        assert!(e.contains("hierarchy"), "{e}");
    }

    #[test]
    fn a_graph_path_is_found_beside_the_session_when_relative_or_moved() {
        let scratch = crate::io::scratch::Scratch::new("beside");
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("tri.csv"), "0,1\n1,2\n2,0\n2,3\n").expect("graph");
        for path in [
            PathBuf::from("tri.csv"),
            PathBuf::from("/no/such/course/folder/tri.csv"),
        ] {
            let text = serde_json::to_string(&json!({
                "poolscope_session": SESSION_VERSION,
                "graph": {"path": {"path": path, "index": 0}},
                "config": serde_json::to_value(TrainConfig::default()).expect("config"),
                "ks": [2],
                "view": ViewSettings::default(),
            }))
            .expect("text");
            std::fs::write(dir.join("s.poolscope"), text).expect("session");
            let opened = read_session(&dir.join("s.poolscope")).expect("opens");
            assert_eq!(opened.graph().expect("graph").node_count(), 4, "{path:?}");
            assert_eq!(
                opened.session.graph,
                GraphSource::Path {
                    path: dir.join("tri.csv"),
                    index: 0
                },
                "saved again, it names where the graph was found"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_session_of_a_graph_numbered_by_its_ids_reopens_so() {
        let scratch = crate::io::scratch::Scratch::new("keepids-s");
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(&dir).expect("dir");
        // Ids 0..6, with 2 and 5 in no edge.
        std::fs::write(dir.join("gaps.csv"), "4,1\n0,3\n3,6\n1,0\n").expect("graph");
        for (keep, nodes) in [(true, 7), (false, 5)] {
            let text = serde_json::to_string(&json!({
                "poolscope_session": SESSION_VERSION,
                "graph": {"path": {"path": "gaps.csv", "index": 0}},
                "keep_ids": keep,
                "config": serde_json::to_value(TrainConfig::default()).expect("config"),
                "ks": [2],
                "view": ViewSettings::default(),
            }))
            .expect("text");
            std::fs::write(dir.join("s.poolscope"), text).expect("session");
            let opened = read_session(&dir.join("s.poolscope")).expect("opens");
            assert_eq!(
                opened.graph().expect("graph").node_count(),
                nodes,
                "keep_ids {keep}"
            );
            assert_eq!(opened.session.keep_ids, keep);
            let again = session_to_json(&opened.session).expect("json");
            assert_eq!(again["keep_ids"], keep, "saved again with the flag");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_session_opens_to_the_same_picture_and_retrains_identically() {
        let g = karate();
        let s = saved(&g);
        let text = serde_json::to_string(&session_to_json(&s).expect("json")).expect("text");
        let opened = session_from_json(&text, GraphSource::load).expect("reads back");
        same_picture(&s, &opened, &g);
        // The file the window writes (settings, then the arrays in binary) reads back alike.
        let bytes = session_to_bytes(&s).expect("bytes");
        let opened = session_from_bytes(&bytes, GraphSource::load).expect("reads back");
        same_picture(&s, &opened, &g);
        // What an earlier poolscope wrote (format 1: the same document, every number in it)
        // still opens.
        let mut v1 = session_to_json(&s).expect("json");
        v1["poolscope_session"] = json!(1);
        let opened = session_from_json(&v1.to_string(), GraphSource::load).expect("version 1");
        same_picture(&s, &opened, &g);
    }

    fn same_picture(s: &SavedSession, opened: &OpenedSession, g: &Graph) {
        let back = &opened.session;
        let graph = opened.graph().expect("graph");
        assert_eq!(graph.node_count(), 34);
        assert_eq!(graph.edge_count(), g.edge_count());
        assert_eq!(graph.nodes.ids, g.nodes.ids);
        assert_eq!(back.config, s.config);
        assert_eq!(back.ks, s.ks);
        assert_eq!(back.view, s.view);
        assert_eq!(back.layout, s.layout, "the layout settings come back");
        assert_eq!(back.timeline.len(), 2, "the replay comes back");
        assert_eq!(back.timeline[1].0, 60);
        assert_eq!(
            back.timeline[1].1.levels[0].hard,
            s.timeline[1].1.levels[0].hard
        );
        assert_eq!(back.positions, s.positions);
        assert_eq!(back.metric_history, s.metric_history);
        assert_eq!(back.weights, s.weights);
        let (h0, h1) = (
            s.hierarchy.as_ref().expect("h"),
            back.hierarchy.as_ref().expect("h"),
        );
        assert_eq!(h1.depth(), h0.depth());
        for l in 0..h0.depth() {
            assert_eq!(h1.levels[l].hard, h0.levels[l].hard);
            assert_eq!(h1.levels[l].assignment, h0.levels[l].assignment);
        }
        // The saved weights give back the saved assignments without training.
        let mut model = Session::new(Arc::new(graph.clone()), back.config.clone()).expect("model");
        model
            .set_weights(back.weights.clone().expect("weights"))
            .expect("fit the model");
        let again = model.hierarchy();
        for l in 0..h0.depth() {
            assert_eq!(again.levels[l].hard, h0.levels[l].hard, "level {l}");
        }
        // Retraining with the saved settings and seed gives the same hierarchy.
        let (retrained, weights) = trained(graph);
        assert_eq!(Some(&weights), back.weights.as_ref());
        for l in 0..h0.depth() {
            assert_eq!(
                retrained.levels[l].assignment, h0.levels[l].assignment,
                "level {l}"
            );
        }
    }

    #[test]
    fn the_binary_session_is_compact_and_says_what_is_wrong_with_a_damaged_one() {
        let s = saved(&karate());
        let text = serde_json::to_string(&session_to_json(&s).expect("json")).expect("text");
        let bytes = session_to_bytes(&s).expect("bytes");
        assert!(
            bytes.len() * 2 < text.len(),
            "binary {} bytes against text {}",
            bytes.len(),
            text.len()
        );
        // The settings are the first line, readable JSON by themselves.
        let head = bytes.split(|&b| b == b'\n').next().expect("a line");
        let doc: Value = serde_json::from_slice(head).expect("the first line is JSON");
        assert_eq!(doc["poolscope_session"], json!(SESSION_VERSION));
        assert!(doc["hierarchy"]["levels"][0]["assignment"]["array"].is_u64());
        // It says what it is in its first bytes, so it is known whatever its name.
        assert!(
            bytes.starts_with(format!("{{\"poolscope_session\":{SESSION_VERSION},").as_bytes())
        );
        let renamed = crate::io::scratch::Scratch::file("is.json");
        std::fs::write(&renamed, &bytes).expect("write");
        assert!(is_session(&renamed));
        std::fs::write(&renamed, r#"{"nodes": [], "links": []}"#).expect("write");
        assert!(!is_session(&renamed), "a graph is not a session");
        std::fs::remove_file(&renamed).ok();
        assert!(!is_session(&renamed), "nor is a missing file");
        let open = |b: &[u8]| {
            session_from_bytes(b, GraphSource::load)
                .err()
                .unwrap_or_default()
        };
        // A kill while writing (the atomic write makes that a temporary file, but a copy
        // can be cut short too) says so.
        let e = open(&bytes[..bytes.len() - 10]);
        assert!(e.contains("arrays_bytes") && e.contains("cut short"), "{e}");
        // One flipped bit in the numbers is caught by the checksum.
        let mut flipped = bytes.clone();
        let last = flipped.len() - 5;
        flipped[last] ^= 0x10;
        assert!(open(&flipped).contains("checksum"), "{}", open(&flipped));
        // A table edited to point past the numbers is refused before anything is read.
        let mut edited = doc.clone();
        edited["arrays"][0]["offset"] = json!(u64::MAX / 8);
        let mut again = serde_json::to_vec(&edited).expect("json");
        again.push(b'\n');
        again.extend_from_slice(&bytes[head.len() + 1..]);
        let e = open(&again);
        assert!(e.contains("arrays[0]") && e.contains("run past"), "{e}");
        // Text after a session written as text is not silently ignored.
        let e = open(format!("{text}\ngarbage").as_bytes());
        assert!(e.contains("expected the end of the file"), "{e}");
        assert!(open(b"").contains("empty file"));
    }

    #[test]
    fn bad_sessions_are_refused_with_the_reason() {
        let g = karate();
        let good = session_to_json(&saved(&g)).expect("json");
        let e = |doc: &Value| match session_from_json(&doc.to_string(), GraphSource::load) {
            Ok(_) => String::new(),
            Err(e) => e,
        };
        let with = |k: &str, v: Value| {
            let mut d = good.clone();
            d[k] = v;
            d
        };
        assert!(e(&with("poolscope_session", json!(3))).contains("version 3"));
        assert!(e(&json!({"levels": []})).contains("expected a poolscope session"));
        assert!(e(&with("ks", json!([40, 2]))).contains("larger than the 34 nodes"));
        assert!(e(&with("layout", json!({"scaling": -1.0}))).contains("layout: scaling -1"));
        assert!(e(&with("layout", json!({"attraction": "spring"}))).contains("layout:"));
        assert!(e(&with("timeline", json!([{"epoch": 3}]))).contains("timeline[0]"));
        assert!(e(&with("timeline", json!(7))).contains("timeline: expected a list"));
        assert!(
            e(&with(
                "graph",
                json!({"path": {"path": "/no/such.gml", "index": 0}})
            ))
            .contains("the session's graph")
        );
        let mut w = good.clone();
        w["weights"][0]["shape"] = json!([1_000_000, 1_000_000]);
        assert!(e(&w).contains("does not match"));
        let mut sel = good.clone();
        sel["view"]["selection_level"] = json!(9);
        assert!(e(&sel).contains("selection on level 9"));
        let mut h = good.clone();
        h["hierarchy"]["levels"][0]["nodes"] = json!(35);
        assert!(e(&h).contains("hierarchy: level 0 has 35 nodes"));
        assert!(
            session_from_json("{", GraphSource::load)
                .err()
                .unwrap_or_default()
                .contains("line 1")
        );
    }

    #[test]
    fn a_session_written_before_method_options_opens_with_them() {
        // Earlier sessions stored MinCut's and KMIS's settings beside the others, for every
        // method: a MinCut session's become its options; the rest of it opens as before.
        let g = karate();
        let mut doc = session_to_json(&saved(&g)).expect("json");
        let config = doc["config"].as_object_mut().expect("an object");
        config.remove("options");
        config.insert("method".into(), json!("mincut"));
        config.insert("temperature".into(), json!(0.5));
        config.insert("scorer".into(), json!("degree"));
        config.insert("normalized_adjacency".into(), json!(false));
        let opened = session_from_json(&doc.to_string(), GraphSource::load).expect("opens");
        let cfg = &opened.session.config;
        assert_eq!(cfg.method, crate::pool::Method::MinCut);
        assert_eq!(cfg.options.describe(), "temperature=0.5");
        assert_eq!((cfg.epochs, cfg.seed), (40, 7));
        assert!(opened.session.weights.is_some() && opened.session.hierarchy.is_some());
        // An option the method does not have is refused, saying which.
        doc["config"]["options"] = json!({"scorer": "random"});
        let e = session_from_json(&doc.to_string(), GraphSource::load)
            .err()
            .unwrap_or_default();
        assert!(
            e.contains("config: options of mincut") && e.contains("`scorer`"),
            "{e}"
        );
    }
}
