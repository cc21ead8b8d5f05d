//! Generator specs, hierarchy files and sessions, edited at random where a careless user or
//! an attacker would edit them, come back as Ok or a reason: never a panic, never a huge
//! allocation (every count is bounded before it is believed).

use poolscope::export::{
    GraphSource, SavedSession, ViewSettings, hierarchy_from_json, hierarchy_to_json,
    session_from_json, session_to_json,
};
use poolscope::generate::{GENERATORS, MAX_GENERATED_NODES, generate};
use poolscope::hierarchy::Hierarchy;
use poolscope::train::{Session, Sizes, TrainConfig};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

/// Values a spec parameter or a JSON field might be given instead of a sensible one.
const JUNK: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "-0",
    "0.5",
    "nan",
    "inf",
    "-inf",
    "1e30",
    "99999999999",
    "18446744073709551616",
    "",
    "x",
    "=",
    "1,2",
    "3.7",
];

fn junk_json(i: usize) -> Value {
    match i % 12 {
        0 => json!(null),
        1 => json!(-1),
        2 => json!(1e300),
        3 => json!(99_999_999_999u64),
        4 => json!("x"),
        5 => json!([]),
        6 => json!([[5, -4, 0]]),
        7 => json!({}),
        8 => json!(0),
        9 => json!(true),
        10 => json!(0.5),
        _ => json!([1, 2, 3]),
    }
}

/// Every JSON pointer into `v` (objects and arrays, at most a few levels into long arrays).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate().take(3) {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn edited(base: &Value, edits: &[(usize, usize)]) -> Value {
    let mut doc = base.clone();
    for &(at, with) in edits {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let p = &all[at % all.len()];
        if p.is_empty() {
            continue;
        }
        if let Some(slot) = doc.pointer_mut(p) {
            *slot = junk_json(with);
        }
    }
    doc
}

fn karate() -> poolscope::graph::Graph {
    poolscope::samples::graph("karate").expect("the karate sample")
}

fn trained() -> &'static (poolscope::graph::Graph, Hierarchy, Value, Value) {
    static CELL: OnceLock<(poolscope::graph::Graph, Hierarchy, Value, Value)> = OnceLock::new();
    CELL.get_or_init(|| {
        let g = karate();
        let cfg = TrainConfig {
            clusters: Sizes::Counts(vec![4, 2]),
            epochs: 5,
            ..TrainConfig::default()
        };
        let mut s = Session::new(Arc::new(g.clone()), cfg.clone()).expect("valid");
        let h = s.run(|_| {}).expect("trains");
        let file = hierarchy_to_json(&h, None, None);
        let saved = SavedSession {
            graph: GraphSource::embed(&g).expect("embeds"),
            unweighted: false,
            keep_ids: false,
            config: cfg,
            ks: vec![4, 2],
            weights: Some(s.weights().clone()),
            hierarchy: Some(Arc::new(h.clone())),
            positions: None,
            view: ViewSettings::default(),
            layout: Default::default(),
            timeline: Vec::new(),
            history: s.history.clone(),
            metric_history: Vec::new(),
        };
        let session = session_to_json(&saved).expect("json");
        (g, h, file, session)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn generator_specs_with_odd_values_are_generated_or_refused(
        which in 0..GENERATORS.len(),
        edits in proptest::collection::vec((0usize..16, 0usize..JUNK.len()), 0..4),
        extra in proptest::option::of(0usize..JUNK.len()),
    ) {
        let (kind, example) = GENERATORS[which];
        let body = example.split_once(':').map_or("", |b| b.1);
        let mut parts: Vec<String> = body.split(',').map(str::to_string).collect();
        for &(at, with) in &edits {
            let i = at % parts.len();
            let key = parts[i].split_once('=').map_or(parts[i].clone(), |(k, _)| k.to_string());
            parts[i] = format!("{key}={}", JUNK[with]);
        }
        if let Some(j) = extra {
            parts.push(JUNK[j].to_string());
        }
        let spec = format!("{kind}:{}", parts.join(","));
        match generate(&spec) {
            Ok(g) => prop_assert!(g.node_count() <= MAX_GENERATED_NODES, "{spec}"),
            Err(e) => prop_assert!(!e.is_empty(), "{spec}"),
        }
    }

    #[test]
    fn edited_hierarchy_files_read_or_say_why(
        edits in proptest::collection::vec((0usize..4000, 0usize..12), 1..4),
    ) {
        let (g, _, file, _) = trained();
        let doc = edited(file, &edits);
        if let Err(e) = hierarchy_from_json(&doc.to_string(), g) {
            prop_assert!(!e.is_empty());
        }
    }

    #[test]
    fn edited_sessions_open_or_say_why(
        edits in proptest::collection::vec((0usize..4000, 0usize..12), 1..4),
    ) {
        let (_, _, _, session) = trained();
        let doc = edited(session, &edits);
        if let Err(e) = session_from_json(&doc.to_string(), GraphSource::load) {
            prop_assert!(!e.is_empty());
        }
    }
}

/// `text` cut, spliced or nested the way a broken download, a bad merge or an attacker would:
/// truncated, a span deleted or repeated, wrapped in deep nesting, a line duplicated.
fn mangled(text: &str, how: usize, at: usize, len: usize) -> String {
    let b = text.as_bytes();
    let at = at % b.len().max(1);
    let end = (at + len).min(b.len());
    let bytes: Vec<u8> = match how % 6 {
        0 => b[..at].to_vec(),
        1 => [&b[..at], &b[end..]].concat(),
        2 => [&b[..end], &b[at..]].concat(),
        3 => {
            let depth = 1 + len * 40;
            [
                "[".repeat(depth).as_bytes(),
                &b[..at],
                "]".repeat(depth).as_bytes(),
                &b[at..],
            ]
            .concat()
        }
        4 => {
            let lines: Vec<&str> = text.lines().collect();
            let k = at % lines.len().max(1);
            let mut out: Vec<&str> = lines.clone();
            if let Some(l) = lines.get(k) {
                out.insert(k, l);
            }
            out.join("\n").into_bytes()
        }
        _ => {
            // Two bytes swapped: a stray quote or bracket somewhere.
            let mut v = b.to_vec();
            if end > at {
                v.swap(at, end - 1);
            }
            v
        }
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mangled_hierarchy_files_and_sessions_read_or_say_why(
        how in 0usize..6, at in 0usize..1_000_000, len in 0usize..200,
    ) {
        let (g, _, file, session) = trained();
        let text = mangled(&file.to_string(), how, at, len);
        if let Err(e) = hierarchy_from_json(&text, g) {
            prop_assert!(!e.is_empty());
        }
        let text = mangled(&session.to_string(), how, at, len);
        if let Err(e) = session_from_json(&text, GraphSource::load) {
            prop_assert!(!e.is_empty());
        }
    }

    #[test]
    fn mangled_graph_files_read_or_say_why(
        format in 0usize..4, how in 0usize..6, at in 0usize..1_000_000, len in 0usize..200,
    ) {
        use poolscope::io::{Format, read_bytes, write};
        let g = karate();
        let (text, kind, name) = match format {
            0 => (write::gml(&g), Format::Gml, "k.gml"),
            1 => (write::graphml(&g), Format::GraphMl, "k.graphml"),
            2 => (write::node_link(&g), Format::NodeLink, "k.json"),
            _ => (write::edge_list(&g), Format::EdgeList, "k.csv"),
        };
        let text = mangled(&text, how, at, len);
        match read_bytes(text.as_bytes(), name, kind, None) {
            Ok(back) => prop_assert!(back.node_count() <= 2 * g.node_count() + 2),
            Err(e) => prop_assert!(e.to_string().contains(name), "{e}"),
        }
    }
}

#[test]
fn the_unedited_files_read_back() {
    let (g, h, file, session) = trained();
    let back = hierarchy_from_json(&file.to_string(), g).expect("reads");
    assert_eq!(back.depth(), h.depth());
    assert!(session_from_json(&session.to_string(), GraphSource::load).is_ok());
}
