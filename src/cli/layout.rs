//! `layout`: ForceAtlas2 (Barnes-Hut) on a graph, writing `id,x,y` and the time per iteration.

use super::args::{GRAPH_HELP, load_graph};
use crate::io::{self, Loaded};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct LayoutArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    /// Iterations to run (fewer if the layout settles first).
    #[arg(long, default_value_t = 500)]
    pub iterations: usize,
    /// LinLog attraction (tighter clusters).
    #[arg(long)]
    pub linlog: bool,
    /// Gravity grows with distance from the centre.
    #[arg(long)]
    pub strong_gravity: bool,
    /// Repulsion scale (kr).
    #[arg(long, default_value_t = 2.0)]
    pub scaling: f32,
    /// Gravity (kg).
    #[arg(long, default_value_t = 1.0)]
    pub gravity: f32,
    /// Random seed for the starting positions.
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
    iterations: usize,
    ms_per_iteration: f64,
    swing: f32,
    displacement: f32,
    settled: bool,
    barnes_hut: bool,
    threads: usize,
}

impl LayoutSummary {
    fn text(&self) -> String {
        format!(
            "{} nodes, {} edges: {} iterations, {:.3} ms per iteration ({} threads, {}), swing {:.4}, displacement {:.2e}, {}",
            self.nodes,
            self.edges,
            self.iterations,
            self.ms_per_iteration,
            self.threads,
            if self.barnes_hut {
                "Barnes-Hut"
            } else {
                "exact repulsion"
            },
            self.swing,
            self.displacement,
            if self.settled {
                "settled"
            } else {
                "still settling"
            }
        )
    }
}

pub fn run(args: &LayoutArgs) -> Result<()> {
    let loaded = load_graph(&args.graph, None)?;
    let g = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => d.graphs.first().context("the data set holds no graphs")?,
    };
    if !args.scaling.is_finite()
        || args.scaling <= 0.0
        || !args.gravity.is_finite()
        || args.gravity < 0.0
    {
        bail!("--scaling must be positive and --gravity non-negative");
    }
    let mut fa = crate::layout::ForceAtlas2::new(g.symmetric().into_owned(), None, args.seed);
    fa.settings.lin_log = args.linlog;
    fa.settings.strong_gravity = args.strong_gravity;
    fa.settings.scaling = args.scaling;
    fa.settings.gravity = args.gravity;
    let start = std::time::Instant::now();
    let report = fa.run(args.iterations, None);
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    let summary = LayoutSummary {
        nodes: g.node_count(),
        edges: g.edge_count(),
        iterations: report.iterations,
        ms_per_iteration: elapsed / report.iterations.max(1) as f64,
        swing: report.swing,
        displacement: report.displacement,
        settled: report.settled,
        barnes_hut: g.node_count() >= crate::layout::EXACT_BELOW,
        threads: rayon::current_num_threads(),
    };
    if let Some(path) = &args.out {
        let mut text = String::from("id,x,y\n");
        for (i, p) in fa.positions.iter().enumerate() {
            text.push_str(&format!(
                "{},{},{}\n",
                io::csv_field(&g.nodes.ids[i]),
                p[0],
                p[1]
            ));
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("{}", summary.text());
    }
    Ok(())
}
