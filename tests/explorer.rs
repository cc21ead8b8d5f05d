//! Exploring a data set in the window, driven headlessly with egui_kittest: find a node by
//! name and light up its neighbourhood, colour by a numeric column on a scale, filter by a
//! label's values, read the statistics panel, and export a figure at a chosen scale.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use poolscope::app::{
    ColourMode, Command, ExportKind, FilterBy, FirstGraph, Lit, LoadRequest, PoolscopeApp,
    Selection, StartupPlan,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn harness_for(request: LoadRequest) -> Harness<'static, PoolscopeApp> {
    let app = PoolscopeApp::new(Some(request));
    let mut h = Harness::builder()
        .with_size([1500.0, 1000.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(3);
    h
}

fn harness(name: &str) -> Harness<'static, PoolscopeApp> {
    harness_for(LoadRequest::Named(name.to_string()))
}

/// A scratch folder for one test, removed when it ends.
fn scratch(test: &str) -> poolscope::io::scratch::Scratch {
    poolscope::io::scratch::Scratch::new(&format!("explorer-{test}"))
}

/// Level-0 neighbours of `node`, from the graph's edge list.
fn neighbours(app: &PoolscopeApp, node: usize) -> HashSet<usize> {
    let g = &app.workspace().expect("a graph").graph;
    g.edges()
        .filter_map(|(u, v, _)| match (u as usize, v as usize) {
            (a, b) if a == node && b != node => Some(b),
            (a, b) if b == node && a != node => Some(a),
            _ => None,
        })
        .collect()
}

#[test]
fn typing_a_name_selects_the_node_and_lights_its_neighbours() {
    let mut h = harness("lesmis");
    let valjean = h
        .state()
        .workspace()
        .expect("loaded")
        .graph
        .nodes
        .names
        .iter()
        .position(|name| name == "Valjean")
        .expect("Valjean is in Les Misérables");
    h.get_by_label("Find").click();
    h.run_steps(2);
    h.get_by_label("Find").type_text("valj");
    h.run_steps(2);
    // The completion lists him; Enter picks the first.
    h.get_by_label("Valjean (id 11)");
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(
        *h.state().selection(),
        Selection {
            level: 0,
            nodes: vec![valjean]
        }
    );
    let expected = neighbours(h.state(), valjean);
    assert!(
        expected.len() > 20,
        "Valjean meets {} characters",
        expected.len()
    );
    let hops = h.state().view_options().hops;
    assert_eq!(hops, 1, "one hop by default");
    let sel = h.state().selection().clone();
    let f = h.state_mut().workspace_mut().expect("ws").focus(&sel, 1);
    assert_eq!(f.nodes(0, Lit::On), vec![valjean]);
    let near: HashSet<usize> = f
        .nodes(0, Lit::Near)
        .into_iter()
        .filter(|&i| i != valjean)
        .collect();
    assert_eq!(near, expected);
    // Two hops reach further, and the inspector lists the neighbours by name.
    let two = h.state_mut().workspace_mut().expect("ws").focus(&sel, 2);
    assert!(two.nodes(0, Lit::Near).len() > f.nodes(0, Lit::Near).len());
    h.get_by_label(&format!("neighbours ({})", expected.len()))
        .click();
    h.run_steps(2);
    let myriel = h
        .state()
        .workspace()
        .expect("ws")
        .graph
        .nodes
        .names
        .iter()
        .position(|n| n == "Myriel")
        .expect("Myriel");
    h.get_by_label("Myriel").click();
    h.run_steps(2);
    assert_eq!(
        *h.state().selection(),
        Selection::single(0, myriel),
        "a neighbour's row selects it"
    );
    // Esc clears the selection.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().selection().is_empty());
}

#[test]
fn a_name_that_matches_nothing_says_so_and_keeps_the_selection() {
    let mut h = harness("karate");
    h.state_mut()
        .apply(Command::Select(Selection::single(0, 3)));
    h.run_steps(2);
    h.get_by_label("Find").click();
    h.run_steps(1);
    h.get_by_label("Find").type_text("no such member");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert_eq!(*h.state().selection(), Selection::single(0, 3));
    h.get_by_label("nothing matches “no such member”");
}

/// A 40-node ring with chords and a node table with a numeric `mass` column, in `dir`.
fn ring_with_masses(dir: &Path) -> PathBuf {
    let edges = dir.join("ring.csv");
    let mut text = String::from("source,target\n");
    for i in 0..40 {
        text.push_str(&format!("n{i},n{}\n", (i + 1) % 40));
        if i % 4 == 0 {
            text.push_str(&format!("n{i},n{}\n", (i + 9) % 40));
        }
    }
    std::fs::write(&edges, text).expect("written");
    let mut nodes = String::from("id,mass\n");
    for i in 0..40 {
        nodes.push_str(&format!("n{i},{}\n", 10.0 + 1.5 * i as f64));
    }
    std::fs::write(dir.join("ring_nodes.csv"), nodes).expect("written");
    edges
}

#[test]
fn a_numeric_column_colours_on_a_scale_with_its_legend() {
    let dir = scratch("masses");
    let mut h = harness_for(LoadRequest::Path(ring_with_masses(&dir)));
    assert!(
        h.state()
            .workspace()
            .expect("loaded")
            .graph
            .nodes
            .numeric("mass")
            .is_some(),
        "mass is a numeric column: {:?}",
        h.state().error()
    );
    h.get_by_label("Colour by").click();
    h.run_steps(2);
    h.get_by_label("mass (scale)").click();
    h.run_steps(3);
    assert_eq!(*h.state().colour(), ColourMode::Scale("mass".into()));
    let ws = h.state().workspace().expect("ws");
    let colours = poolscope::render::level_colours(&ws.graph, None, 0, h.state().colour());
    let ends = [
        poolscope::render::scale::viridis(0.0),
        poolscope::render::scale::viridis(1.0),
    ];
    let id = |name: &str| {
        ws.graph
            .nodes
            .ids
            .iter()
            .position(|i| i == name)
            .expect("node")
    };
    assert_eq!(
        colours[id("n0")],
        ends[0],
        "the lightest node at the scale's start"
    );
    assert_eq!(colours[id("n39")], ends[1], "the heaviest at its end");
    let legend = poolscope::render::legend(&ws.graph, None, 0, h.state().colour());
    assert_eq!(legend.len(), 5, "five steps, no missing values: {legend:?}");
    assert!(
        legend[0].text.starts_with("mass 10 "),
        "{:?}",
        legend[0].text
    );
    assert!(legend[4].text.ends_with(" 68.5"), "{:?}", legend[4].text);
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 40);
    assert!(
        legend.iter().all(|e| e.count == 8),
        "an even column, even steps"
    );
    let n39 = id("n39");
    // Size by the column too: the heaviest node is drawn biggest.
    h.get_by_label("Size by").click();
    h.run_steps(2);
    h.get_by_label("mass").click();
    h.run_steps(2);
    let ws = h.state().workspace().expect("ws");
    let radii =
        poolscope::render::level_radii(&ws.graph, None, 0, &h.state().view_options().size_by);
    let heaviest = radii
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    assert_eq!(heaviest, Some(n39));
}

#[test]
fn a_label_filter_keeps_one_club_and_fades_or_hides_the_other() {
    let mut h = harness("karate");
    h.get_by_label("Filter by").click();
    h.run_steps(2);
    h.get_by_label("club (values)").click();
    h.run_steps(2);
    let by = h
        .state()
        .view_options()
        .filter
        .as_ref()
        .map(|f| f.by.clone());
    assert_eq!(by, Some(FilterBy::Label("club".into())));
    h.get_by_label("34 of 34 nodes pass (club: 2 of 2 values)");
    h.get_by_label("Officer").click();
    h.run_steps(2);
    let filter = h.state().view_options().filter.clone().expect("a filter");
    let kept = filter
        .passes(
            &h.state().workspace().expect("ws").graph,
            &h.state().workspace().expect("ws").level0_sym,
        )
        .iter()
        .filter(|&&p| p)
        .count();
    let ws = h.state_mut().workspace_mut().expect("ws");
    let levels = ws.filtered(&filter);
    let club = ws.graph.nodes.label("club").expect("club");
    let officer = club
        .classes
        .iter()
        .position(|c| c == "Officer")
        .expect("Officer");
    let expected: Vec<u8> = club
        .codes
        .iter()
        .map(|v| u8::from(*v == Some(officer as u32)))
        .collect();
    assert_eq!(
        levels[0], expected,
        "1 = filtered out: the Officer's members"
    );
    h.get_by_label(&format!("{kept} of 34 nodes pass (club: 1 of 2 values)"));
    h.get_by_label("hide the rest").click();
    h.run_steps(2);
    assert!(
        h.state()
            .view_options()
            .filter
            .as_ref()
            .is_some_and(|f| f.hide)
    );
}

#[test]
fn the_statistics_panel_shows_networkx_s_numbers() {
    // networkx 3: density 0.1390, average clustering 0.5706, degree assortativity -0.4756.
    let mut h = harness("karate");
    let mut shown = false;
    for _ in 0..50 {
        h.run_steps(2);
        if h.query_by_label("0.5706").is_some() {
            shown = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(shown, "the clustering coefficient shows");
    h.get_by_label("0.1390");
    h.get_by_label("-0.4756");
    h.get_by_label("1 (largest 34 nodes)");
}

#[test]
fn the_figure_window_sets_scale_background_and_level_and_the_png_follows() {
    let mut h = harness("karate");
    h.state_mut().apply(Command::Train);
    h.run_steps(2);
    let done = h
        .state_mut()
        .workspace_mut()
        .map(|ws| {
            ws.wait_until(Duration::from_secs(60), |w| {
                w.status == poolscope::app::TrainStatus::Finished
            })
        })
        .unwrap_or(false);
    assert!(done, "trains");
    h.run_steps(5);
    h.state_mut().figure_mut().open = Some(ExportKind::LevelsPng);
    h.run_steps(2);
    h.get_by_label("Export figure");
    // A new window takes a few frames to size itself and settle at the centre.
    h.run_steps(5);
    h.get_by_label("2×").click();
    h.run_steps(1);
    h.get_by_label("dark").click();
    h.run_steps(1);
    h.get_by_label("under each level").click();
    h.run_steps(1);
    let f = h.state().figure().clone();
    assert_eq!((f.scale, f.legend), (2.0, false));
    assert_eq!(f.background, poolscope::render::Background::Dark);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().figure().open, None);
    h.state_mut().figure_mut().size = Some([400, 250]);
    h.state_mut().figure_mut().level = Some(1);
    // The layout of every level settles in the background first.
    let dir = scratch("figure");
    let out = dir.join("figure.png");
    for _ in 0..100 {
        h.state_mut()
            .apply(Command::Export(ExportKind::LevelsPng, Some(out.clone())));
        h.state_mut().wait_for_jobs(Duration::from_secs(20));
        h.run_steps(1);
        if out.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&out).expect("the figure is written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buf).expect("decodes");
    assert_eq!((frame.width, frame.height), (800, 500));
    assert_eq!(
        reader.info().pixel_dims.map(|d| d.xppu),
        Some((192.0f32 / 0.0254).round() as u32)
    );
    // The dark background in the corner.
    assert_eq!(&buf[..4], &[24, 24, 28, 255]);
}

#[test]
fn select_on_the_command_line_finds_the_node_or_says_why_not() {
    let start = |name: &str| {
        let app = PoolscopeApp::starting(StartupPlan {
            load: Some(LoadRequest::Named("karate".into())),
            first_graph: FirstGraph {
                select: Some(name.to_string()),
                ..FirstGraph::default()
            },
            ..StartupPlan::default()
        });
        let mut h = Harness::builder()
            .with_size([1500.0, 1000.0])
            .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
        h.run_steps(2);
        h.state_mut().wait_for_loads(Duration::from_secs(20));
        h.run_steps(3);
        h
    };
    let h = start("club=Officer");
    let selected = h.state().selection().nodes.len();
    let club = h
        .state()
        .workspace()
        .expect("ws")
        .graph
        .nodes
        .label("club")
        .expect("club")
        .clone();
    let officer = club
        .classes
        .iter()
        .position(|c| c == "Officer")
        .expect("Officer");
    let officers = club.class_counts()[officer];
    assert_eq!(
        selected, officers,
        "a column value selects every node holding it"
    );
    assert!(h.state().error().is_none());
    let h = start("nobody");
    assert!(h.state().selection().is_empty());
    let error = h.state().error().map(str::to_string).unwrap_or_default();
    assert!(
        error.starts_with("--select: ") && error.contains("nobody"),
        "{error}"
    );
}

#[test]
fn picking_other_labels_rescores_the_titles_at_once() {
    let mut h = harness("h13-4");
    {
        let app = h.state_mut();
        let f = app.form_mut();
        f.cfg.method = poolscope::pool::Method::Louvain;
        f.cfg.labels = Some("group".into());
        f.cfg.clusters = poolscope::train::Sizes::Counts(vec![4]);
    }
    h.state_mut().apply(Command::Train);
    let done = h
        .state_mut()
        .workspace_mut()
        .is_some_and(|ws| ws.wait_until(Duration::from_secs(60), |w| w.hierarchy().is_some()));
    assert!(done, "Louvain's level arrives");
    h.run_steps(2);
    let level = |app: &PoolscopeApp| {
        let ws = app.workspace().expect("ws");
        ws.hierarchy().expect("hierarchy").levels[0].metrics.clone()
    };
    let before = level(h.state());
    let against = |m: &poolscope::hierarchy::LevelMetrics, c: &str| {
        m.nmi_by_column
            .iter()
            .find(|(n, _)| n == c)
            .map(|(_, v)| *v)
            .expect("column")
    };
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    assert!(close(before.nmi, against(&before, "group")));
    h.state_mut().form_mut().cfg.labels = Some("subgroup".into());
    h.run_steps(1);
    let after = level(h.state());
    assert!(
        close(after.nmi, against(&before, "subgroup")),
        "no retraining needed: {:?}",
        after.nmi
    );
    assert_ne!(after.nmi, before.nmi);
    let title = format!("NMI {:.3}", after.nmi.expect("nmi"));
    h.run_steps(1);
    h.get_by_label_contains(&title);
    // And back.
    h.state_mut().form_mut().cfg.labels = Some("group".into());
    h.run_steps(1);
    assert!(close(level(h.state()).nmi, before.nmi.expect("nmi")));
}

#[test]
fn a_directed_graph_s_statistics_say_its_arcs_and_what_the_rest_are_of() {
    // networkx 3 on drosophila_left: density 0.1708, reciprocity 0.5026, max in 78, out 105.
    let csv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_graphs/drosophila_left.csv");
    let mut h = harness_for(LoadRequest::Path(csv));
    let mut shown = false;
    for _ in 0..100 {
        h.run_steps(2);
        if h.query_by_label_contains("reciprocity 0.5026").is_some() {
            shown = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(shown, "the directed figures show");
    h.get_by_label_contains("density 0.1708 (arcs over n(n-1))");
    h.get_by_label_contains("max in 78, max out 105");
    h.get_by_label_contains("of A plus its transpose");
}

/// The node table's visible rows, top to bottom (each row is labelled `node ID`).
fn row_labels(h: &Harness<'static, PoolscopeApp>) -> Vec<String> {
    h.query_all_by_label_contains("node ")
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("node "))
        .collect()
}

#[test]
fn the_node_table_sorts_by_pagerank_selects_a_row_and_filters_to_the_selection() {
    let mut h = harness("karate");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "View")
        .click();
    h.run_steps(2);
    h.get_by_label("Node table").click();
    h.run_steps(2);
    assert!(h.state().node_table().open);
    // The measures come from their own thread; the table gains their columns.
    for _ in 0..200 {
        if h.state()
            .workspace()
            .expect("graph")
            .graph
            .measures_if_known()
            .is_some()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        h.run_steps(1);
    }
    h.run_steps(2);
    let rows = row_labels(&h).len();
    assert!(rows >= 5, "the visible rows are listed ({rows})");
    h.get_by_label("pagerank").click();
    h.run_steps(2);
    assert_eq!(
        h.state().node_table().sort,
        Some((
            poolscope::export::TableColumn::Measure(poolscope::graph::Measure::PageRank),
            true
        ))
    );
    // networkx's highest PageRank in the karate club: node 33, then the instructor, node 0.
    assert_eq!(row_labels(&h)[..2], ["node 33", "node 0"]);
    h.get_by_label("node 33").click();
    h.run_steps(2);
    assert_eq!(*h.state().selection(), Selection::single(0, 33));
    h.get_by_label("selection only").click();
    h.run_steps(2);
    assert_eq!(row_labels(&h), ["node 33"]);
    h.get_by_label("selection only").click();
    h.run_steps(2);
    // A node selected elsewhere (here: the canvas's command) scrolls into the table's view:
    // node 11, the club's lowest PageRank, is the last row.
    assert!(!row_labels(&h).contains(&"node 11".to_string()));
    h.state_mut()
        .apply(Command::Select(Selection::single(0, 11)));
    h.run_steps(3);
    assert!(
        row_labels(&h).contains(&"node 11".to_string()),
        "{:?}",
        row_labels(&h)
    );
    // Colour by a measure: a scale legend with its range.
    h.state_mut()
        .apply(Command::ColourBy(ColourMode::Scale("betweenness".into())));
    h.run_steps(2);
    let ws = h.state().workspace().expect("ws");
    let legend = poolscope::render::legend(&ws.graph, None, 0, h.state().colour());
    assert!(
        legend[0].text.starts_with("betweenness 0"),
        "{:?}",
        legend[0].text
    );
    assert_eq!(legend.iter().map(|e| e.count).sum::<usize>(), 34);
    let colours = poolscope::render::level_colours(&ws.graph, None, 0, h.state().colour());
    assert_eq!(
        colours[0],
        poolscope::render::scale::viridis(1.0),
        "the instructor carries the most shortest paths"
    );
    // Size by PageRank from the view controls: node 33 is drawn biggest.
    h.get_by_label("Size by").click();
    h.run_steps(2);
    // The table's heading is named so too: the popup's entry comes last.
    h.get_all_by_label("pagerank")
        .last()
        .expect("entry")
        .click();
    h.run_steps(2);
    let ws = h.state().workspace().expect("ws");
    let radii =
        poolscope::render::level_radii(&ws.graph, None, 0, &h.state().view_options().size_by);
    let biggest = (0..radii.len()).max_by(|&a, &b| radii[a].total_cmp(&radii[b]));
    assert_eq!(biggest, Some(33));
}
