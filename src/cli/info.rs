//! `info`: nodes, edges, components, degrees, label columns and features of a graph or data set.

use super::args::{GRAPH_HELP, GraphPick};
use crate::graph::{DatasetSummary, GraphSummary};
use crate::io::Loaded;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InfoArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub pick: GraphPick,
    /// Node table CSV to join to an edge list (default: X_nodes.csv beside X.csv).
    #[arg(long)]
    pub nodes: Option<PathBuf>,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Also write the node table as CSV: every node's id, name and attributes, its degree,
    /// weighted degree, PageRank, betweenness, k-core and clustering (as networkx computes
    /// them), and its Louvain community.
    #[arg(long, value_name = "FILE")]
    pub node_table: Option<PathBuf>,
}

pub fn run(args: &InfoArgs) -> Result<()> {
    let start = std::time::Instant::now();
    let loaded = args.pick.load(&args.graph, args.nodes.as_deref())?;
    let read = start.elapsed().as_secs_f64();
    // Integer ids that name fewer nodes than their range: PyG would number 0..max.
    if let Loaded::Graph(g) = &loaded
        && !args.pick.keep_ids
        && let Some(count) = g.integer_id_count()
        && count > g.node_count()
    {
        eprintln!(
            "note: the ids are integers up to {}, but {} of them name no node here (no edge or row mentions them); --keep-ids numbers the nodes by their ids, with those as isolated nodes ({count} nodes, as PyG's edge_index)",
            count - 1,
            count - g.node_count()
        );
    }
    let (text, mut value) = match &loaded {
        Loaded::Graph(g) => {
            let s = GraphSummary::of(g);
            (s.text(), serde_json::to_value(&s)?)
        }
        Loaded::Dataset(d) => {
            let s = DatasetSummary::of(d);
            (s.text(), serde_json::to_value(&s)?)
        }
    };
    // Reading and the summary timed apart (for the benchmark of issue 18); on stderr, so
    // the printed summary stays the same from run to run.
    let summary = start.elapsed().as_secs_f64() - read;
    value["timing"] = serde_json::json!({"read_seconds": read, "summary_seconds": summary});
    if !args.json {
        eprintln!("read in {read:.3} s, summary in {summary:.3} s");
    }
    let asked = std::path::Path::new(&args.graph);
    // A folder of runs: list them, then describe the newest (as the window opens it).
    let (text, mut value) = match crate::io::logset::find(asked) {
        Ok(set) if crate::io::logset::is_log_folder(asked) => {
            let mut list = format!("  logs          {}\n", set.entries.len());
            for (i, e) in set.entries.iter().enumerate() {
                let mark = if i == set.shown {
                    "  (shown below)"
                } else {
                    ""
                };
                let live = if e.live { "  (being written)" } else { "" };
                list.push_str(&format!("    {}{live}{mark}\n", e.name));
            }
            let mut value = value;
            value["logs"] = set
                .entries
                .iter()
                .map(|e| serde_json::json!({"name": e.name, "live": e.live}))
                .collect();
            (format!("{list}{text}"), value)
        }
        _ => (text, value),
    };
    let resolved = crate::io::logset::resolve(asked);
    let dir = resolved.as_path();
    if let Some(model) = crate::io::logset::LogModel::read(dir) {
        value["log_model"] = serde_json::json!({
            "method": model.method,
            "settings": model.settings.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str()))).collect::<serde_json::Map<_, _>>(),
            "layers": model.layers,
            "graph_label": model.graph_label,
        });
    }
    let (text, value) = match (&loaded, crate::io::logdir::is_log_dir(dir)) {
        (Loaded::Graph(g), true) => {
            let read = crate::io::logdir::read_steps(dir, g, 0)?;
            for why in &read.skipped {
                eprintln!("note: {why}");
            }
            let steps = read.steps;
            let levels = steps.iter().map(|s| s.assignments.len()).max().unwrap_or(0);
            let line = match (steps.first(), steps.last()) {
                (Some(a), Some(b)) => format!(
                    "  log           {} steps ({} to {}), {levels} pooling levels\n",
                    steps.len(),
                    a.step,
                    b.step
                ),
                _ => "  log           no steps yet\n".to_string(),
            };
            // The losses the last step logged, under their own names and poolscope's.
            let last_losses = steps.last().map(|s| s.losses.clone()).unwrap_or_default();
            let names: Vec<&str> = last_losses.iter().map(|(n, _)| n.as_str()).collect();
            let logged: serde_json::Map<String, serde_json::Value> = last_losses
                .iter()
                .map(|(n, v)| {
                    let key = crate::pool::logged::key_for(n, &names);
                    (n.clone(), serde_json::json!({"value": v, "poolscope": key}))
                })
                .collect();
            let losses_line = if last_losses.is_empty() {
                String::new()
            } else {
                let shown: Vec<String> = last_losses
                    .iter()
                    .map(|(n, v)| format!("{n} {v:.4}"))
                    .collect();
                format!("  logged        {} (last step)\n", shown.join(", "))
            };
            let model_line = match crate::io::logset::LogModel::read(dir) {
                Some(m) if m.known() => format!("  model         {}\n", m.describe()),
                _ => "  model         not recorded (Writer(..., method=..., model=...))\n".into(),
            };
            let mut value = value;
            value["log"] = serde_json::json!({
                "steps": steps.len(),
                "first": steps.first().map(|s| s.step),
                "last": steps.last().map(|s| s.step),
                "levels": levels,
                "logged_losses": logged,
                "method": crate::pool::logged::method_for(&names).map(|m| m.to_string()),
            });
            (format!("{text}{line}{losses_line}{model_line}"), value)
        }
        _ => (text, value),
    };
    if let Some(path) = &args.node_table {
        let Loaded::Graph(g) = &loaded else {
            anyhow::bail!(
                "--node-table: {} is a data set of several graphs; pick one with --graph N",
                args.graph
            );
        };
        let start = std::time::Instant::now();
        g.measures();
        g.louvain_communities();
        let rows = crate::export::NodeRows::new(g, None);
        crate::io::write_atomic(path, rows.csv()).map_err(anyhow::Error::msg)?;
        eprintln!(
            "wrote {} ({} rows; measures in {:.2} s{})",
            path.display(),
            rows.len(),
            start.elapsed().as_secs_f64(),
            rows.measures()
                .filter(|m| m.betweenness_sources < rows.len())
                .map(|m| format!(
                    ", betweenness from {} of {} sources",
                    m.betweenness_sources,
                    rows.len()
                ))
                .unwrap_or_default()
        );
    }
    if args.json {
        super::output::emit(&serde_json::to_string_pretty(&value)?)?;
    } else {
        super::output::emit(text.trim_end())?;
    }
    Ok(())
}
