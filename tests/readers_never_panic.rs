//! Every reader, fed random bytes or mutated real files, returns Ok or Err and never panics.

use poolscope::io::{Format, read_bytes, tu};
use proptest::prelude::*;
use std::borrow::Cow;

const REAL: &[(&str, Format, &[u8])] = &[
    ("karate.gml", Format::Gml, include_bytes!("../sample_graphs/karate.gml")),
    ("logo.graphml", Format::GraphMl, include_bytes!("../sample_graphs/logo.graphml")),
    ("flare.json", Format::NodeLink, include_bytes!("../sample_graphs/flare.json")),
    ("drosophila_left.csv", Format::EdgeList, include_bytes!("../sample_graphs/drosophila_left.csv")),
    (
        "g.gexf",
        Format::Gexf,
        br#"<gexf><graph defaultedgetype="undirected"><attributes class="node"><attribute id="0" title="c" type="integer"/></attributes><nodes><node id="a" label="A"><attvalues><attvalue for="0" value="1"/></attvalues></node><node id="b"/></nodes><edges><edge source="a" target="b" weight="2"/></edges></graph></gexf>"#,
    ),
    ("m.mtx", Format::MatrixMarket, b"%%MatrixMarket matrix coordinate real symmetric\n4 4 3\n2 1 1.0\n3 2 2.5\n4 1 1\n"),
    ("p.net", Format::Pajek, b"*Vertices 3\n1 \"a\" 0.1 0.2\n2 \"b\"\n3 \"c\"\n*Edges\n1 2 2\n*Arcs\n3 1\n"),
];

/// Applies byte edits: (position, new byte), insertions and truncation.
fn mutate(
    base: &[u8],
    edits: &[(usize, u8)],
    cut: Option<usize>,
    insert: Option<(usize, Vec<u8>)>,
) -> Vec<u8> {
    let mut v = base.to_vec();
    for &(pos, byte) in edits {
        if !v.is_empty() {
            let i = pos % v.len();
            v[i] = byte;
        }
    }
    if let Some((pos, bytes)) = insert {
        let i = if v.is_empty() { 0 } else { pos % v.len() };
        v.splice(i..i, bytes);
    }
    if let Some(c) = cut
        && !v.is_empty()
    {
        v.truncate(c % v.len());
    }
    v
}

fn tu_read(a: &[u8], ind: &[u8], labels: &[u8]) {
    let part = |s: &str| -> Option<(Cow<'_, [u8]>, String)> {
        match s {
            "A" => Some((Cow::Borrowed(a), "X_A.txt".into())),
            "graph_indicator" => Some((Cow::Borrowed(ind), "X_graph_indicator.txt".into())),
            "graph_labels" => Some((Cow::Borrowed(labels), "X_graph_labels.txt".into())),
            _ => None,
        }
    };
    let _ = tu::read("X", &part);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for f in Format::ALL {
            let _ = read_bytes(&bytes, "random", f, None);
        }
        let _ = read_bytes(b"0,1\n", "e.csv", Format::EdgeList, Some((&bytes, "nodes.csv")));
        tu_read(&bytes, b"1\n1\n", b"1\n");
        tu_read(b"1, 2\n", &bytes, b"1\n");
    }

    #[test]
    fn mutated_real_files(
        which in 0..REAL.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in proptest::option::of(any::<usize>()),
        insert in proptest::option::of((any::<usize>(), proptest::collection::vec(
            prop_oneof![Just(b'['), Just(b']'), Just(b'"'), Just(b'<'), Just(b'>'), Just(b'&'), Just(b','), Just(b'\n'), Just(b'9'), Just(b'-'), any::<u8>()],
            0..16))),
    ) {
        let (name, format, base) = REAL[which];
        let bytes = mutate(base, &edits, cut, insert);
        let _ = read_bytes(&bytes, name, format, None);
        // And through content sniffing.
        let _ = read_bytes(&bytes, name, Format::sniff(&bytes), None);
    }

    #[test]
    fn mutated_tu(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6), cut in proptest::option::of(any::<usize>())) {
        let a = include_bytes!("../sample_graphs/MUTAG/MUTAG_A.txt");
        let ind = include_bytes!("../sample_graphs/MUTAG/MUTAG_graph_indicator.txt");
        let labels = include_bytes!("../sample_graphs/MUTAG/MUTAG_graph_labels.txt");
        tu_read(&mutate(&a[..2000], &edits, cut, None), &ind[..], &labels[..]);
        tu_read(&a[..], &mutate(&ind[..], &edits, cut, None), &labels[..]);
    }
}

#[test]
fn hostile_headers_are_refused_not_allocated() {
    let huge = [
        (Format::MatrixMarket, &b"%%MatrixMarket matrix coordinate pattern general\n18446744073709551615 18446744073709551615 0\n"[..]),
        (Format::Pajek, &b"*Vertices 999999999999\n"[..]),
        (Format::Gml, &b"graph [ node [ id 99999999999999999999999 ] ]"[..]),
    ];
    for (f, bytes) in huge {
        let r = read_bytes(bytes, "hostile", f, None);
        assert!(
            r.is_err() || r.as_ref().map(|g| g.node_count()).unwrap_or(0) <= 1,
            "{f:?}"
        );
    }
    // Nested GML lists a million deep.
    let deep = "graph ".to_string() + &"[ a ".repeat(1_000_000);
    assert!(read_bytes(deep.as_bytes(), "deep.gml", Format::Gml, None).is_err());
    // JSON nested beyond serde_json's limit.
    let deep_json = "[".repeat(100_000);
    assert!(read_bytes(deep_json.as_bytes(), "deep.json", Format::NodeLink, None).is_err());
    // An XML billion-laughs attempt.
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<graphml><key id="k" for="node" attr.name="label" attr.type="string"/><graph><node id="x"><data key="k">&b;</data></node></graph></graphml>"#;
    assert!(read_bytes(laughs.as_bytes(), "l.graphml", Format::GraphMl, None).is_err());
}

/// A real hierarchy file and session (karate, trained briefly, two levels), built once; the
/// session as text and as the window writes it (settings, then binary arrays).
type Saved = (poolscope::graph::Graph, String, String, Vec<u8>);

fn saved_files() -> &'static Saved {
    use poolscope::export::{GraphSource, SavedSession, ViewSettings};
    use std::sync::{Arc, OnceLock};
    static FILES: OnceLock<Saved> = OnceLock::new();
    FILES.get_or_init(|| {
        let loaded = poolscope::samples::find("karate")
            .expect("sample")
            .load()
            .expect("loads");
        let g = loaded.first_graph().expect("graph").clone();
        let cfg = poolscope::train::TrainConfig {
            clusters: poolscope::train::Sizes::Counts(vec![4, 2]),
            epochs: 5,
            ..Default::default()
        };
        let mut s =
            poolscope::train::Session::new(Arc::new(g.clone()), cfg.clone()).expect("session");
        let h = s.run(|_| {}).expect("trains");
        let positions: Vec<Vec<[f32; 2]>> = h
            .levels
            .iter()
            .map(|l| (0..l.node_count).map(|i| [i as f32, 1.0]).collect())
            .collect();
        let hierarchy =
            poolscope::export::hierarchy_to_json(&h, None, Some(&positions)).to_string();
        let saved = SavedSession {
            graph: GraphSource::embed(&g).expect("embeds"),
            unweighted: false,
            keep_ids: false,
            config: cfg,
            ks: vec![4, 2],
            weights: Some(s.weights().clone()),
            hierarchy: Some(Arc::new(h)),
            positions: Some(positions),
            view: ViewSettings::default(),
            layout: Default::default(),
            timeline: Vec::new(),
            history: s.history.clone(),
            metric_history: Vec::new(),
        };
        let session = poolscope::export::session_to_json(&saved)
            .expect("json")
            .to_string();
        let binary = poolscope::export::session_to_bytes(&saved).expect("bytes");
        (g, hierarchy, session, binary)
    })
}

/// Opens a session without touching the file system: only embedded graphs and samples.
fn open_session(text: &str) {
    open_session_bytes(text.as_bytes());
}

fn open_session_bytes(bytes: &[u8]) {
    use poolscope::export::GraphSource;
    let _ = poolscope::export::session_from_bytes(bytes, |src| match src {
        GraphSource::Path { .. } => Err("no files in this test".into()),
        other => other.load(),
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn mutated_hierarchy_and_session_files(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in proptest::option::of(any::<usize>()),
        insert in proptest::option::of((any::<usize>(), proptest::collection::vec(
            prop_oneof![Just(b'['), Just(b']'), Just(b'{'), Just(b'}'), Just(b'"'), Just(b','), Just(b'9'), Just(b'-'), Just(b'e'), Just(b'0'), any::<u8>()],
            0..16))),
    ) {
        let (g, hierarchy, session, binary) = saved_files();
        for base in [hierarchy.as_bytes(), session.as_bytes()] {
            let bytes = mutate(base, &edits, cut, insert.clone());
            let text = String::from_utf8_lossy(&bytes);
            let _ = poolscope::export::hierarchy_from_json(&text, g);
            open_session(&text);
        }
        // The binary session whole, and with only its settings line edited (so the arrays
        // still match their checksum and the table's references are what is tried).
        open_session_bytes(&mutate(binary, &edits, cut, insert.clone()));
        let head = binary.iter().position(|&b| b == b'\n').expect("a settings line");
        let mut edited = mutate(&binary[..head], &edits, cut, insert.clone());
        edited.extend_from_slice(&binary[head..]);
        open_session_bytes(&edited);
    }

    #[test]
    fn random_hierarchy_and_session_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let (g, _, _, _) = saved_files();
        let text = String::from_utf8_lossy(&bytes);
        let _ = poolscope::export::hierarchy_from_json(&text, g);
        open_session(&text);
        open_session_bytes(&bytes);
    }
}

#[test]
fn saved_files_read_back_and_hostile_numbers_are_refused() {
    let (g, hierarchy, session, _) = saved_files();
    assert!(poolscope::export::hierarchy_from_json(hierarchy, g).is_ok());
    open_session(session);
    let mut doc: serde_json::Value = serde_json::from_str(session).expect("json");
    doc["weights"][0]["shape"] = serde_json::json!([u64::MAX, 2]);
    let r = poolscope::export::session_from_json(&doc.to_string(), |s| s.load());
    assert!(r.err().unwrap_or_default().contains("does not match"));
    let mut doc: serde_json::Value = serde_json::from_str(session).expect("json");
    doc["config"]["hidden"] = serde_json::json!(1u64 << 40);
    let r = poolscope::export::session_from_json(&doc.to_string(), |s| s.load());
    assert!(r.is_err());
    let mut doc: serde_json::Value = serde_json::from_str(hierarchy).expect("json");
    doc["levels"][1]["nodes"] = serde_json::json!(u64::MAX);
    assert!(poolscope::export::hierarchy_from_json(&doc.to_string(), g).is_err());
}
