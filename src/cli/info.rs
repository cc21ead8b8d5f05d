//! `info`: nodes, edges, components, degrees, label columns and features of a graph or data set.

use super::args::{GRAPH_HELP, load_graph};
use crate::graph::{DatasetSummary, GraphSummary};
use crate::io::Loaded;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InfoArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    /// Node table CSV to join to an edge list (default: X_nodes.csv beside X.csv).
    #[arg(long)]
    pub nodes: Option<PathBuf>,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &InfoArgs) -> Result<()> {
    let loaded = load_graph(&args.graph, args.nodes.as_deref())?;
    let (text, value) = match &loaded {
        Loaded::Graph(g) => {
            let s = GraphSummary::of(g);
            (s.text(), serde_json::to_value(&s)?)
        }
        Loaded::Dataset(d) => {
            let s = DatasetSummary::of(d);
            (s.text(), serde_json::to_value(&s)?)
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{text}");
    }
    Ok(())
}
