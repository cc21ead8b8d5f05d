//! The command line: clap definitions and one function per subcommand.

use crate::generate;
use crate::graph::{DatasetSummary, GraphSummary};
use crate::io::{self, Loaded};
use crate::samples;
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

const GRAPH_HELP: &str = "A graph file (GML, GraphML, GEXF, edge list CSV/TSV/TXT, node-link JSON, Matrix Market, Pajek, or a TU data set folder), a bundled sample name (karate, football, …), or a generator spec (sbm:n=1000,k=10,din=12,dout=3,seed=0)";

#[derive(Parser, Debug)]
#[command(
    name = "poolscope",
    version,
    about = "Watch graph neural networks coarsen graphs, level by level.",
    long_about = "Watch graph neural networks coarsen graphs, level by level.\n\nWith no command, opens the window on a bundled sample (or on GRAPH).",
    after_help = "Examples:\n  poolscope                      open the window on the football sample\n  poolscope karate               open the window on the karate club\n  poolscope info football        counts, labels and degrees\n  poolscope info sbm:n=1000,k=10,din=12,dout=3,seed=0 --json\n  poolscope convert karate karate.graphml\n  poolscope samples              list the bundled graphs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Graph to open in the window.
    #[arg(help = GRAPH_HELP)]
    pub graph: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print nodes, edges, components, degrees, label columns and features.
    #[command(
        after_help = "Examples:\n  poolscope info karate\n  poolscope info data/edges.csv --nodes data/nodes.csv\n  poolscope info sample_graphs/MUTAG --json\n  poolscope info nested:h13-4,seed=1"
    )]
    Info {
        #[arg(help = GRAPH_HELP)]
        graph: String,
        /// Node table CSV to join to an edge list (default: X_nodes.csv beside X.csv).
        #[arg(long)]
        nodes: Option<PathBuf>,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Convert between formats; the output format follows the extension (.graphml, .gml, .json, .csv, .tsv, .txt).
    #[command(
        after_help = "Examples:\n  poolscope convert karate karate.graphml\n  poolscope convert graph.gml graph.csv      (also writes graph_nodes.csv)\n  poolscope convert sbm:n=500,k=5,din=10,dout=2 sbm.json"
    )]
    Convert {
        #[arg(help = GRAPH_HELP)]
        input: String,
        /// Output file.
        output: PathBuf,
        /// Node table CSV to join to an edge-list input.
        #[arg(long)]
        nodes: Option<PathBuf>,
    },
    /// List the bundled sample graphs and the generator specs.
    Samples,
}

/// Resolves a GRAPH argument: a generator spec, an existing path, or a sample name.
pub fn load_graph_arg(arg: &str, nodes: Option<&Path>) -> Result<Loaded> {
    if generate::is_spec(arg) {
        let g = generate::generate(arg).map_err(anyhow::Error::msg)?;
        return Ok(Loaded::Graph(g));
    }
    let path = Path::new(arg);
    if path.exists() {
        return Ok(io::load_path(path, nodes)?);
    }
    if let Some(sample) = samples::find(arg) {
        return Ok(sample.load()?);
    }
    bail!(
        "{arg}: no such file, sample or generator spec (samples: {}; specs look like {})",
        samples::names().join(", "),
        generate::GENERATORS[0].1
    )
}

fn info(graph: &str, nodes: Option<&Path>, json: bool) -> Result<()> {
    let loaded = load_graph_arg(graph, nodes)?;
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
    if json {
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{text}");
    }
    Ok(())
}

fn convert(input: &str, output: &Path, nodes: Option<&Path>) -> Result<()> {
    let loaded = load_graph_arg(input, nodes)?;
    let Loaded::Graph(g) = loaded else {
        bail!("{input}: a data set of many graphs cannot be written as one graph file");
    };
    let written = io::write_path(&g, output)?;
    for p in written {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}

fn list_samples() {
    println!("Bundled samples:");
    for s in samples::SAMPLES {
        let truth = if s.ground_truth.is_empty() {
            String::new()
        } else {
            format!(" [ground truth: {}]", s.ground_truth.join(", "))
        };
        println!("  {:<16} {}{truth}", s.name, s.description);
    }
    println!("\nGenerator specs (usable wherever a graph is expected):");
    for (_, example) in generate::GENERATORS {
        println!("  {example}");
    }
}

/// What `main` should do after parsing: run a command, or open the window.
pub enum Action {
    Done,
    OpenWindow(Option<String>),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Action> {
    match cli.command {
        None => return Ok(Action::OpenWindow(cli.graph)),
        Some(Command::Info { graph, nodes, json }) => {
            info(&graph, nodes.as_deref(), json).context("info")?
        }
        Some(Command::Convert {
            input,
            output,
            nodes,
        }) => convert(&input, &output, nodes.as_deref()).context("convert")?,
        Some(Command::Samples) => list_samples(),
    }
    Ok(Action::Done)
}
