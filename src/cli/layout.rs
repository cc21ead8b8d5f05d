//! `layout`: multilevel ForceAtlas2 (Barnes-Hut) on a graph, writing `id,x,y` and the time it took.

use super::args::{GRAPH_HELP, GraphPick, LayoutFlags};
use crate::io::{self, Loaded};
use crate::layout::limits;
use crate::layout::{LayoutProgress, Multilevel};
use crate::train::budget::machine_bytes;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    /// Minutes the layout may take (default 60; 0: no limit). Its first iterations on the
    /// graph itself are timed and a layout projected to take longer stops there, saying how
    /// long it would take.
    #[arg(long, value_name = "MINUTES")]
    pub time_limit: Option<f64>,
}

impl LayoutArgs {
    fn time_limit(&self) -> Result<Option<Duration>> {
        crate::train::time_limit::from_minutes(
            self.time_limit
                .unwrap_or(crate::train::time_limit::DEFAULT_MINUTES),
        )
        .map_err(anyhow::Error::msg)
    }
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

/// Where a layout under way is, for the line on stderr.
fn describe(p: &LayoutProgress) -> String {
    let place = if p.level == 0 {
        format!("the graph itself ({} nodes)", p.level_nodes)
    } else {
        format!(
            "coarse level {} of {} ({} nodes)",
            p.level,
            p.levels - 1,
            p.level_nodes
        )
    };
    format!(
        "{place}: iteration {} of at most {}",
        p.level_iterations, p.level_cap
    )
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
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message("coarsening the graph");
    bar.enable_steady_tick(Duration::from_millis(250));
    let start = Instant::now();
    limits::check_memory(g.node_count(), g.edge_count(), machine_bytes())
        .map_err(anyhow::Error::msg)?;
    let mut layout = Multilevel::new(g.symmetric().into_owned(), None, settings);
    bar.set_message("laying out the coarse levels");
    let mut clock = limits::Clock::new(args.time_limit()?, "--iterations");
    let progress = limits::run_within(
        &mut layout,
        &mut clock,
        start,
        g.edge_count(),
        |p| bar.set_message(describe(p)),
        |words| bar.suspend(|| eprintln!("{words}")),
    );
    bar.finish_and_clear();
    let progress = progress.map_err(anyhow::Error::msg)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn on_level0(done: usize, cap: usize) -> LayoutProgress {
        LayoutProgress {
            level: 0,
            levels: 16,
            level_nodes: 1_000_000,
            level_iterations: done,
            level_cap: cap,
            ..Default::default()
        }
    }

    #[test]
    fn the_line_says_which_level_and_how_far() {
        let mut p = on_level0(40, 100);
        assert_eq!(
            describe(&p),
            "the graph itself (1000000 nodes): iteration 40 of at most 100"
        );
        p.level = 3;
        p.level_nodes = 3120;
        assert_eq!(
            describe(&p),
            "coarse level 3 of 15 (3120 nodes): iteration 40 of at most 100"
        );
    }
}
