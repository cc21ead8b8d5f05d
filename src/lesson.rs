//! Lessons: a file of steps (a graph, a method and its settings, what is shown, a caption) that
//! a teacher clicks through with a presenter's remote (PageDown / PageUp / Space).
//!
//! A step says only what changes; [`Lesson::scene`] folds the steps up to one into what the
//! window shows then, so going back a step shows exactly what going forward did. Everything is
//! checked when the file is read, before the window opens: a lesson that fails at step 5 in
//! front of a class is worse than one refused at the desk. Two lessons are bundled, so an
//! installed poolscope (or a pip install) plays them by name.

use crate::pool::{Method, Options};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The bundled lessons: name and JSON text.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "diffpool-vs-mincut",
        include_str!("../assets/lessons/diffpool-vs-mincut.json"),
    ),
    (
        "topk-drops-dmon-merges",
        include_str!("../assets/lessons/topk-drops-dmon-merges.json"),
    ),
];

/// Bounds on what a lesson file may ask for: it is read before anything else, so nothing in
/// it may allocate or run without a limit.
const MAX_BYTES: u64 = 256 * 1024;
const MAX_STEPS: usize = 200;
const MAX_CAPTION: usize = 1000;
const MAX_TITLE: usize = 200;
const MAX_PACE: f32 = 10_000.0;

/// A graph a step opens.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonGraph {
    /// A bundled sample, by name (never a file of that name in the working folder).
    Sample(String),
    /// A generator spec such as `sbm:n=600,k=6,din=10,dout=2`.
    Spec(String),
    /// A file, resolved against the lesson file's folder.
    File(PathBuf),
}

impl LessonGraph {
    pub fn label(&self) -> String {
        match self {
            LessonGraph::Sample(s) | LessonGraph::Spec(s) => s.clone(),
            LessonGraph::File(p) => p.display().to_string(),
        }
    }
}

/// One step as the file gives it: only what changes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepText {
    caption: String,
    graph: Option<String>,
    method: Option<String>,
    clusters: Option<Vec<usize>>,
    epochs: Option<usize>,
    seed: Option<u64>,
    options: Option<serde_json::Map<String, Value>>,
    restarts: Option<bool>,
    pace: Option<f32>,
    colour_by: Option<String>,
    select: Option<String>,
    card: Option<bool>,
    steps: Option<bool>,
    train: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonText {
    title: String,
    presentation: Option<bool>,
    steps: Vec<StepText>,
}

/// One step, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub caption: String,
    pub graph: Option<LessonGraph>,
    pub method: Option<Method>,
    pub clusters: Option<Vec<usize>>,
    pub epochs: Option<usize>,
    pub seed: Option<u64>,
    pub options: Option<Options>,
    pub restarts: Option<bool>,
    pub pace: Option<f32>,
    pub colour_by: Option<String>,
    pub select: Option<String>,
    pub card: Option<bool>,
    /// The drawer shows one pooling layer step by step (`X' = SᵀX`, `A' = SᵀAS`).
    pub steps: Option<bool>,
    pub train: bool,
}

/// A lesson, checked whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub title: String,
    /// Play in presentation mode (the default).
    pub presentation: bool,
    pub steps: Vec<Step>,
}

/// What the window shows at one step: the steps before it folded in.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub graph: LessonGraph,
    /// The step that last named the graph: a step on another graph starts afresh.
    pub graph_from: usize,
    pub method: Method,
    /// Clusters per level; `None`: the graph's defaults.
    pub clusters: Option<Vec<usize>>,
    pub epochs: Option<usize>,
    pub seed: u64,
    pub options: Options,
    pub restarts: Option<bool>,
    pub pace: Option<f32>,
    /// What colours the nodes; `None`: linked levels, the window's default.
    pub colour_by: Option<String>,
    /// A node to select at this step (this step only).
    pub select: Option<String>,
    pub card: bool,
    /// The drawer open on "step by step" (over `card`).
    pub steps: bool,
    /// The step whose training is on screen, if one has trained on this graph.
    pub run_from: Option<usize>,
}

impl Lesson {
    /// Reads a lesson: a bundled one by name, or a file (a name with `.json` or a folder in it).
    pub fn open(arg: &str) -> Result<Lesson, String> {
        let looks_like_file = arg.ends_with(".json") || arg.contains(['/', '\\']);
        if !looks_like_file {
            return match BUNDLED.iter().find(|(n, _)| n.eq_ignore_ascii_case(arg)) {
                Some((name, text)) => Lesson::parse(text, name, None),
                None => Err(format!(
                    "{arg}: not a bundled lesson (they are {}); a lesson file is named \
                     with .json or a path",
                    bundled_names()
                )),
            };
        }
        let path = Path::new(arg);
        let text = crate::io::read_bounded_text(path, MAX_BYTES)?;
        Lesson::parse(&text, arg, path.parent())
    }

    /// Parses and checks a lesson's JSON; `name` is what errors call it, `folder` what its
    /// graph files are relative to.
    pub fn parse(text: &str, name: &str, folder: Option<&Path>) -> Result<Lesson, String> {
        let file: LessonText = serde_json::from_str(text).map_err(|e| {
            format!(
                "{name}, line {}, column {}: {e}; expected {{\"title\": …, \"steps\": [{{\"caption\": …}}, …]}}",
                e.line(),
                e.column()
            )
        })?;
        let err = |i: usize, field: &str, m: String| format!("{name}: steps[{i}].{field}: {m}");
        if file.title.chars().count() > MAX_TITLE {
            return Err(format!("{name}: title: longer than {MAX_TITLE} characters"));
        }
        if file.steps.is_empty() || file.steps.len() > MAX_STEPS {
            return Err(format!(
                "{name}: steps: expected 1 to {MAX_STEPS} steps, found {}",
                file.steps.len()
            ));
        }
        if file.steps[0].graph.is_none() {
            return Err(err(
                0,
                "graph",
                "the first step names the graph (a sample, a generator spec or a file)".into(),
            ));
        }
        let mut steps = Vec::with_capacity(file.steps.len());
        let mut method = Method::default();
        for (i, s) in file.steps.into_iter().enumerate() {
            if s.caption.chars().count() > MAX_CAPTION {
                return Err(err(
                    i,
                    "caption",
                    format!("longer than {MAX_CAPTION} characters"),
                ));
            }
            let graph = match s.graph {
                Some(g) => Some(graph_of(&g, folder).map_err(|m| err(i, "graph", m))?),
                None => None,
            };
            let step_method = match &s.method {
                Some(m) => Some(m.parse::<Method>().map_err(|m| err(i, "method", m))?),
                None => None,
            };
            let changed_method = step_method.is_some_and(|m| m != method);
            method = step_method.unwrap_or(method);
            let options = match &s.options {
                Some(map) => Some(options_of(method, map).map_err(|m| err(i, "options", m))?),
                None => None,
            };
            if let Some(p) = s.pace
                && !(p.is_finite() && (0.0..=MAX_PACE).contains(&p))
            {
                return Err(err(
                    i,
                    "pace",
                    format!("{p}: expected epochs per second from 0 (full speed) to {MAX_PACE}"),
                ));
            }
            let step = Step {
                caption: s.caption,
                graph,
                method: step_method,
                clusters: s.clusters,
                epochs: s.epochs,
                seed: s.seed,
                options,
                restarts: s.restarts,
                pace: s.pace,
                colour_by: s.colour_by,
                select: s.select,
                card: s.card,
                steps: s.steps,
                train: s.train.unwrap_or(false),
            };
            steps.push(step);
            // The settings this step trains (or would) with, checked as `train` checks them:
            // what depends on the graph's size is checked when the graph is open.
            let lesson = Lesson {
                title: String::new(),
                presentation: true,
                steps: steps.clone(),
            };
            let scene = lesson.scene(i);
            let mut cfg = crate::train::TrainConfig {
                method: scene.method,
                options: scene.options.clone(),
                seed: scene.seed,
                ..Default::default()
            };
            if let Some(e) = scene.epochs {
                cfg.epochs = e;
            }
            if let Some(k) = &scene.clusters {
                cfg.clusters = crate::train::Sizes::Counts(k.clone());
            }
            cfg.validate(crate::graph::MAX_NODES).map_err(|m| {
                let field = if m.starts_with("epochs") {
                    "epochs"
                } else if m.starts_with("level") || m.contains("pooling levels") {
                    "clusters"
                } else if changed_method {
                    "method"
                } else {
                    "options"
                };
                err(i, field, m)
            })?;
        }
        Ok(Lesson {
            title: file.title,
            presentation: file.presentation.unwrap_or(true),
            steps,
        })
    }

    /// What the window shows at step `k` (the steps up to it folded in).
    pub fn scene(&self, k: usize) -> Scene {
        let k = k.min(self.steps.len().saturating_sub(1));
        let mut scene = Scene {
            graph: LessonGraph::Sample(String::new()),
            graph_from: 0,
            method: Method::default(),
            clusters: None,
            epochs: None,
            seed: 0,
            options: Options::default(),
            restarts: None,
            pace: None,
            colour_by: None,
            select: None,
            card: false,
            steps: false,
            run_from: None,
        };
        for (i, s) in self.steps[..=k].iter().enumerate() {
            if let Some(g) = &s.graph
                && (i == 0 || *g != scene.graph)
            {
                // Another graph: its colours, selection and run start afresh; the model's
                // settings carry on.
                scene.graph = g.clone();
                scene.graph_from = i;
                scene.colour_by = None;
                scene.run_from = None;
            }
            if let Some(m) = s.method {
                if m != scene.method {
                    // Options belong to a method.
                    scene.options = Options::default();
                }
                scene.method = m;
            }
            set(&mut scene.clusters, &s.clusters);
            set(&mut scene.epochs, &s.epochs);
            if let Some(seed) = s.seed {
                scene.seed = seed;
            }
            if let Some(o) = &s.options {
                scene.options = o.clone();
            }
            set(&mut scene.restarts, &s.restarts);
            set(&mut scene.pace, &s.pace);
            set(&mut scene.colour_by, &s.colour_by);
            if let Some(c) = s.card {
                scene.card = c;
            }
            if let Some(c) = s.steps {
                scene.steps = c;
            }
            scene.select = s.select.clone();
            if s.train {
                scene.run_from = Some(i);
            }
        }
        scene
    }
}

fn set<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if from.is_some() {
        into.clone_from(from);
    }
}

/// The bundled lessons' names, for help and errors.
pub fn bundled_names() -> String {
    BUNDLED
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A step's graph: a sample by name, a generator spec, or a file beside the lesson.
fn graph_of(text: &str, folder: Option<&Path>) -> Result<LessonGraph, String> {
    if crate::generate::is_spec(text) {
        return Ok(LessonGraph::Spec(text.to_string()));
    }
    if let Some(s) = crate::samples::find(text) {
        return Ok(LessonGraph::Sample(s.name.to_string()));
    }
    let path = Path::new(text);
    let path = match folder {
        Some(f) if path.is_relative() => f.join(path),
        _ => path.to_path_buf(),
    };
    if path.exists() {
        Ok(LessonGraph::File(path))
    } else {
        Err(format!(
            "{text}: no sample, generator spec or file of that name{} (samples: {})",
            folder
                .filter(|f| !f.as_os_str().is_empty())
                .map(|f| format!(" in {}", f.display()))
                .unwrap_or_default(),
            crate::samples::names().join(", ")
        ))
    }
}

/// A step's method options, checked against the method's own list.
fn options_of(method: Method, map: &serde_json::Map<String, Value>) -> Result<Options, String> {
    let specs = method.pooler().options();
    let mut options = Options::default();
    for (name, value) in map {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        options
            .set_text(specs, &format!("{name}={text}"))
            .map_err(|e| format!("{method}'s {e}"))?;
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(steps: &str) -> Result<Lesson, String> {
        Lesson::parse(
            &format!(r#"{{"title": "t", "steps": [{steps}]}}"#),
            "l.json",
            None,
        )
    }

    #[test]
    fn bundled_lessons_read_and_every_step_has_a_caption() {
        for (name, _) in BUNDLED {
            let l = Lesson::open(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(l.steps.len() >= 4, "{name}");
            assert!(l.steps.iter().all(|s| !s.caption.trim().is_empty()));
            // Some step trains, and the drawn text has no glyph the fonts lack.
            assert!(l.steps.iter().any(|s| s.train), "{name}");
            for s in &l.steps {
                assert!(
                    !s.caption.contains(['ᵀ', '‖', '→']),
                    "{name}: {}",
                    s.caption
                );
            }
        }
    }

    #[test]
    fn the_readme_s_example_lesson_reads() {
        let readme = include_str!("../README.md");
        let start = readme.find("```json\n  {\"title\"").expect("the example") + 8;
        let end = start + readme[start..].find("```").expect("its end");
        let l = Lesson::parse(&readme[start..end], "README.md", None).expect("it reads");
        assert_eq!(l.steps.len(), 3);
        assert_eq!(l.scene(2).method, Method::MinCut);
        assert_eq!(l.scene(2).select.as_deref(), Some("BrighamYoung"));
    }

    #[test]
    fn a_scene_folds_the_steps_before_it_and_a_new_graph_starts_afresh() {
        let l = lesson(
            r#"{"caption": "a", "graph": "karate", "colour_by": "club"},
               {"caption": "b", "method": "mincut", "clusters": [4], "options": {"temperature": 0.5}, "train": true},
               {"caption": "c", "card": true},
               {"caption": "d", "method": "diffpool", "train": true, "select": "1", "steps": true},
               {"caption": "e", "graph": "football", "epochs": 50, "steps": false}"#,
        )
        .unwrap();
        let s0 = l.scene(0);
        assert_eq!(s0.graph, LessonGraph::Sample("karate".into()));
        assert_eq!(s0.method, Method::default());
        assert_eq!(s0.run_from, None);
        let s2 = l.scene(2);
        assert_eq!(s2.method, Method::MinCut);
        assert_eq!(s2.clusters, Some(vec![4]));
        assert!(!s2.options.is_empty());
        assert!(s2.card);
        assert_eq!(s2.run_from, Some(1), "step 2 shows step 1's run");
        assert_eq!(s2.colour_by.as_deref(), Some("club"));
        let s3 = l.scene(3);
        assert!(
            s3.options.is_empty(),
            "mincut's options do not follow to diffpool"
        );
        assert_eq!(s3.run_from, Some(3));
        assert_eq!(s3.select.as_deref(), Some("1"));
        assert!(
            s3.steps && s3.card,
            "step by step, the card's face kept for later"
        );
        assert!(!s2.steps);
        let s4 = l.scene(4);
        assert_eq!(s4.graph_from, 4);
        assert_eq!(s4.run_from, None);
        assert_eq!(s4.colour_by, None);
        assert_eq!(s4.select, None, "a selection is one step's");
        assert_eq!(s4.clusters, Some(vec![4]), "settings carry on");
        assert_eq!(s4.epochs, Some(50));
        assert!(s4.card && !s4.steps);
    }

    #[test]
    fn bad_lessons_are_refused_naming_the_step_and_field() {
        let cases = [
            (
                r#"{"caption": "a"}"#,
                "steps[0].graph: the first step names",
            ),
            (
                r#"{"caption": "a", "graph": "nosuchgraph"}"#,
                "steps[0].graph: nosuchgraph: no sample",
            ),
            (
                r#"{"caption": "a", "graph": "karate"}, {"caption": "b", "method": "nope"}"#,
                "steps[1].method: unknown method `nope`",
            ),
            (
                r#"{"caption": "a", "graph": "karate", "method": "mincut", "options": {"scorer": "x"}}"#,
                "steps[0].options: mincut's",
            ),
            (
                r#"{"caption": "a", "graph": "karate", "clusters": [1]}"#,
                "steps[0].clusters: level 1: K = 1",
            ),
            (
                r#"{"caption": "a", "graph": "karate", "epochs": 0}"#,
                "steps[0].epochs: epochs 0",
            ),
            (
                r#"{"caption": "a", "graph": "karate", "pace": -1}"#,
                "steps[0].pace: -1",
            ),
            (
                r#"{"caption": "a", "graph": "karate", "colour": "x"}"#,
                "unknown field `colour`",
            ),
        ];
        for (steps, want) in cases {
            let e = lesson(steps).unwrap_err();
            assert!(e.contains(want), "{steps}: {e}");
            assert!(e.starts_with("l.json"), "{e}");
        }
        let e = Lesson::parse(r#"{"title": "t", "steps": []}"#, "l.json", None).unwrap_err();
        assert!(e.contains("expected 1 to 200 steps"), "{e}");
        let e = Lesson::parse("{\"title\": \"t\",\n \"steps\": [", "l.json", None).unwrap_err();
        assert!(e.contains("l.json, line 2"), "{e}");
        let e = Lesson::open("nosuchlesson").unwrap_err();
        assert!(e.contains("diffpool-vs-mincut"), "{e}");
        let e = Lesson::open("/nonexistent/lesson.json").unwrap_err();
        assert!(e.contains("/nonexistent/lesson.json"), "{e}");
    }

    #[test]
    fn a_graph_file_is_found_beside_the_lesson_and_samples_are_never_files() {
        let scratch = crate::io::scratch::Scratch::new("lesson");
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("tri.csv"), "0,1\n1,2\n2,0\n").unwrap();
        // A file called like a sample beside the lesson does not shadow the sample.
        std::fs::write(dir.join("karate"), "0,1\n").unwrap();
        let text = r#"{"title": "t", "steps": [{"caption": "a", "graph": "tri.csv"},
                        {"caption": "b", "graph": "karate"}]}"#;
        std::fs::write(dir.join("l.json"), text).unwrap();
        let l = Lesson::open(dir.join("l.json").to_str().unwrap()).unwrap();
        assert_eq!(
            l.steps[0].graph,
            Some(LessonGraph::File(dir.join("tri.csv")))
        );
        assert_eq!(l.steps[1].graph, Some(LessonGraph::Sample("karate".into())));
        std::fs::remove_dir_all(&dir).ok();
    }
}
