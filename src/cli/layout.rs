//! `layout`: multilevel ForceAtlas2 (Barnes-Hut) on a graph, writing `id,x,y` and the time it took.

use super::args::{GRAPH_HELP, GraphPick, LayoutFlags};
use crate::io::{self, Loaded};
use crate::layout::{LayoutProgress, Multilevel};
use crate::train::time_limit::{ANNOUNCE_SECONDS, words};
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

/// Times the first iterations on the graph itself (the last level, and the longest: on a
/// million nodes 18 s of coarsening and coarse levels, then up to 100 iterations of 0.3 s)
/// and, once, says how long the rest may take when the whole is over a minute; without a
/// terminal for the spinner a big layout otherwise sits silent.
#[derive(Default)]
struct Level0Clock {
    /// When level 0 was first seen, and its iterations then.
    start: Option<(Instant, usize)>,
    said: bool,
}

impl Level0Clock {
    fn observe(&mut self, p: &LayoutProgress, elapsed: f64, edges: usize) -> Option<String> {
        if p.level != 0 || self.said {
            return None;
        }
        let (t0, i0) = *self
            .start
            .get_or_insert((Instant::now(), p.level0_iterations));
        let measured = p.level0_iterations.saturating_sub(i0);
        if measured < MEASURED_ITERATIONS {
            return None;
        }
        self.said = true;
        let each = t0.elapsed().as_secs_f64() / measured as f64;
        announcement(p, each, elapsed, edges)
    }
}

/// Iterations on the graph itself timed before the rest is projected.
const MEASURED_ITERATIONS: usize = 3;

/// The words for a layout whose iterations on the graph itself take `each` seconds, `elapsed`
/// seconds in; `None` when the whole is under [`ANNOUNCE_SECONDS`].
fn announcement(p: &LayoutProgress, each: f64, elapsed: f64, edges: usize) -> Option<String> {
    let left_iterations = p.level_cap.saturating_sub(p.level_iterations);
    let left = each * left_iterations as f64;
    (elapsed + left >= ANNOUNCE_SECONDS).then(|| {
        format!(
            "laying out {} nodes and {edges} edges: at most about {} more ({} s so far; up to \
             {left_iterations} iterations of {each:.2} s on the graph itself, fewer if it \
             settles). --iterations caps them",
            p.level_nodes,
            words(left),
            elapsed.round()
        )
    })
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
    let mut layout = Multilevel::new(g.symmetric().into_owned(), None, settings);
    bar.set_message("laying out the coarse levels");
    let mut clock = Level0Clock::default();
    let progress = loop {
        let done = layout.step(Some(Duration::from_millis(200)));
        let p = layout.progress();
        bar.set_message(describe(&p));
        if done {
            break p;
        }
        if let Some(words) = clock.observe(&p, start.elapsed().as_secs_f64(), g.edge_count()) {
            bar.suspend(|| eprintln!("{words}"));
        }
    };
    bar.finish_and_clear();
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
    fn a_long_rest_is_announced_with_its_figures_and_a_short_one_is_not() {
        let words = announcement(&on_level0(4, 1004), 0.1, 12.4, 4_500_000).expect("100 s left");
        assert!(
            words.starts_with(
                "laying out 1000000 nodes and 4500000 edges: at most about 2 min more (12 s so \
                 far; up to 1000 iterations of 0.10 s"
            ),
            "{words}"
        );
        assert_eq!(announcement(&on_level0(4, 100), 0.1, 12.4, 1), None);
        assert_eq!(announcement(&on_level0(700, 600), 1.0, 1.0, 1), None);
        // 50 s in, 10 s left: a minute in all.
        let words = announcement(&on_level0(4, 104), 0.1, 50.0, 1).expect("a minute");
        assert!(
            words.contains("at most about 10 s more (50 s so far"),
            "{words}"
        );
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

    #[test]
    fn the_clock_waits_for_level_0_and_speaks_once() {
        let mut clock = Level0Clock::default();
        let mut p = on_level0(0, 10_000_000);
        p.level = 2;
        assert_eq!(clock.observe(&p, 1.0, 1), None, "a coarse level");
        p.level = 0;
        assert_eq!(clock.observe(&p, 1.0, 1), None, "the start");
        std::thread::sleep(Duration::from_millis(5));
        p.level0_iterations = MEASURED_ITERATIONS;
        p.level_iterations = MEASURED_ITERATIONS;
        assert!(
            clock.observe(&p, 1.0, 1).is_some(),
            "10 million iterations left"
        );
        assert_eq!(clock.observe(&p, 1.0, 1), None, "once");
    }
}
