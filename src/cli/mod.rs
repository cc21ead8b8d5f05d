//! The command line: the clap definitions and the dispatch; each subcommand is a file holding
//! its arguments and what it does, and `args` what several of them share.

mod args;
mod convert;
mod info;
mod layout;
mod losses;
mod output;
mod render;
mod samples;
mod train;
mod window;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "poolscope",
    version,
    about = "Watch graph neural networks coarsen graphs, level by level.",
    long_about = "Watch graph neural networks coarsen graphs, level by level.\n\nWith no command, opens the window on a bundled sample (or on GRAPH).",
    after_help = "Examples:\n  poolscope                      open the window on the football sample\n  poolscope karate --assign S0.csv --assign S1.csv   show assignments from your own model\n  poolscope --sample h13-4 --train --clusters 16,4 --screenshot shot.png --quit-after 8\n  poolscope karate               open the window on the karate club\n  poolscope info football        counts, labels and degrees\n  poolscope info sbm:n=1000,k=10,din=12,dout=3,seed=0 --json\n  poolscope convert karate karate.graphml\n  poolscope samples              list the bundled graphs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub window: window::WindowArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print nodes, edges, components, degrees, label columns and features.
    #[command(
        after_help = "Examples:\n  poolscope info karate\n  poolscope info data/edges.csv --nodes data/nodes.csv\n  poolscope info sample_graphs/MUTAG --json\n  poolscope info nested:h13-4,seed=1"
    )]
    Info(info::InfoArgs),
    /// Convert between formats; the output format follows the extension (.graphml, .gml, .json, .csv, .tsv, .txt).
    #[command(
        after_help = "Examples:\n  poolscope convert karate karate.graphml\n  poolscope convert graph.gml graph.csv      (also writes graph_nodes.csv)\n  poolscope convert sbm:n=500,k=5,din=10,dout=2 sbm.json"
    )]
    Convert(convert::ConvertArgs),
    /// Lay a graph out with ForceAtlas2 (Barnes-Hut) and write node id, x, y.
    #[command(
        after_help = "Examples:\n  poolscope layout football --out football_xy.csv\n  poolscope layout random:n=10000,m=50000 --iterations 50 --json\n  poolscope layout karate --linlog --strong-gravity"
    )]
    Layout(layout::LayoutArgs),
    /// Train a hierarchical pooling model and report losses and per-level metrics.
    #[command(
        after_help = "Examples:\n  poolscope train football --method dmon --clusters 12\n  poolscope train karate --method mincut --clusters 2 --json\n  poolscope train sbm:n=1000,k=10,din=12,dout=3,seed=0 --clusters 10,3 --out h.json\n  poolscope train cora.graphml --task node --labels subject --clusters 64\n  poolscope train MUTAG --task graph --method diffpool --clusters 0.25"
    )]
    Train(Box<train::TrainArgs>),
    /// Every auxiliary loss and metric of a given level-0 assignment (e.g. from your PyG model).
    #[command(
        after_help = "Examples:\n  poolscope losses karate --assign S.csv\n  poolscope losses football --assign logits.npy --logits --labels value --json\n\nCSV: one row per node in the graph file's node order, one column per cluster, no header\n(a non-numeric first row is skipped). .npy: a 2-D float32 or float64 array."
    )]
    Losses(losses::LossesArgs),
    /// Draw the levels side by side as the window does, with no display: SVG or PNG.
    #[command(
        after_help = "Examples:\n  poolscope render football --out football.svg\n  poolscope render karate --method mincut --clusters 2 --out karate.png --width 1200 --height 500\n  poolscope render football --hierarchy h.json --colour-by value --out levels.png\n  poolscope render karate --assign S0.csv --assign S1.csv --out mine.svg"
    )]
    Render(Box<render::RenderArgs>),
    /// List the bundled sample graphs and the generator specs.
    Samples,
}

/// What `main` should do after parsing: run a command, or open the window.
pub enum Action {
    Done,
    #[cfg(feature = "gui")]
    OpenWindow(Box<crate::app::WindowOptions>),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Action> {
    match cli.command {
        #[cfg(feature = "gui")]
        None => return Ok(Action::OpenWindow(Box::new(window::options(cli.window)?))),
        #[cfg(not(feature = "gui"))]
        None => anyhow::bail!(
            "this poolscope was built without its window (cargo's `gui` feature): give a command \
             (info, train, render, layout, losses, convert, samples; `poolscope --help` lists \
             them), or build with the default features for the window"
        ),
        Some(Command::Info(a)) => info::run(&a).context("info")?,
        Some(Command::Convert(a)) => convert::run(&a).context("convert")?,
        Some(Command::Samples) => samples::run()?,
        Some(Command::Layout(a)) => layout::run(&a).context("layout")?,
        Some(Command::Train(a)) => train::run(&a).context("train")?,
        Some(Command::Render(a)) => render::run(&a).context("render")?,
        Some(Command::Losses(a)) => losses::run(&a).context("losses")?,
    }
    Ok(Action::Done)
}
