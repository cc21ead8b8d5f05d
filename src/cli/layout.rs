//! `layout`: multilevel ForceAtlas2 (Barnes-Hut) on a graph, writing `id,x,y` and the time it took.

use super::args::{GRAPH_HELP, GraphPick, LayoutFlags};
use crate::io::{self, Loaded};
use crate::layout::Multilevel;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct LayoutArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub pick: GraphPick,
    /// Iterations on the graph itself at most (fewer if the layout settles first; default 1000).
    #[arg(long)]
    pub iterations: Option<usize>,
    #[command(flatten)]
    pub layout: LayoutFlags,
    /// Random seed for the coarsening and the starting positions.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write `id,x,y` here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct LayoutSummary {
    nodes: usize,
    edges: usize,
    /// Iterations on the graph itself, and over every level of the coarsening.
    iterations: usize,
    iterations_all_levels: usize,
    levels: usize,
    attraction: &'static str,
    seconds: f64,
    /// Time over all iterations of all levels.
    ms_per_iteration: f64,
    settled: bool,
    threads: usize,
}

impl LayoutSummary {
    fn text(&self) -> String {
        format!(
            "{} nodes, {} edges: {} attraction, {} levels, {} iterations ({} on the graph itself), {:.2} s ({:.3} ms per iteration, {} threads), {}",
            self.nodes,
            self.edges,
            self.attraction,
            self.levels,
            self.iterations_all_levels,
            self.iterations,
            self.seconds,
            self.ms_per_iteration,
            self.threads,
            if self.settled {
                "settled"
            } else {
                "stopped at the iteration limit"
            }
        )
    }
}

pub fn run(args: &LayoutArgs) -> Result<()> {
    if let Some(out) = &args.out {
        crate::io::not_an_input(out, &[std::path::Path::new(&args.graph)])
            .map_err(anyhow::Error::msg)?;
    }
    let loaded = args.pick.load(&args.graph, None)?;
    let g = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => d.graphs.first().context("the data set holds no graphs")?,
    };
    let settings = args.layout.settings(args.iterations, args.seed)?;
    let mut layout = Multilevel::new(g.symmetric().into_owned(), None, settings);
    let start = std::time::Instant::now();
    let progress = layout.run();
    let seconds = start.elapsed().as_secs_f64();
    let positions = layout.positions();
    let summary = LayoutSummary {
        nodes: g.node_count(),
        edges: g.edge_count(),
        iterations: progress.level0_iterations,
        iterations_all_levels: progress.iterations,
        levels: progress.levels,
        attraction: if progress.lin_log { "LinLog" } else { "linear" },
        seconds,
        ms_per_iteration: 1000.0 * seconds / progress.iterations.max(1) as f64,
        settled: layout.is_settled(),
        threads: rayon::current_num_threads(),
    };
    if let Some(path) = &args.out {
        let mut text = String::from("id,x,y\n");
        for (i, p) in positions.iter().enumerate() {
            text.push_str(&format!(
                "{},{},{}\n",
                io::csv_field(&g.nodes.ids[i]),
                p[0],
                p[1]
            ));
        }
        crate::io::write_atomic(path, text).map_err(anyhow::Error::msg)?;
    }
    if args.json {
        super::output::emit(&serde_json::to_string_pretty(&summary)?)?;
    } else {
        super::output::emit(&summary.text())?;
    }
    Ok(())
}
