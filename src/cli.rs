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
    after_help = "Examples:\n  poolscope                      open the window on the football sample\n  poolscope karate --assign S0.csv --assign S1.csv   show assignments from your own model\n  poolscope --sample h13-4 --train --clusters 16,4 --screenshot shot.png --quit-after 8\n  poolscope karate               open the window on the karate club\n  poolscope info football        counts, labels and degrees\n  poolscope info sbm:n=1000,k=10,din=12,dout=3,seed=0 --json\n  poolscope convert karate karate.graphml\n  poolscope samples              list the bundled graphs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Graph to open in the window.
    #[arg(help = GRAPH_HELP)]
    pub graph: Option<String>,
    /// Open the window on this sample (same as giving GRAPH).
    #[arg(long)]
    pub sample: Option<String>,
    /// Start training as soon as the graph is loaded.
    #[arg(long)]
    pub train: bool,
    /// Pooling method to start with.
    #[arg(long)]
    pub method: Option<String>,
    /// Clusters per level to start with, e.g. 12,4.
    #[arg(long)]
    pub clusters: Option<String>,
    /// Epochs to start with.
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Write a PNG of the window after --quit-after seconds, then close.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Open assignment matrices made elsewhere on the graph, one per level in order (CSV or .npy).
    #[arg(long)]
    pub assign: Vec<PathBuf>,
    /// Open a hierarchy JSON written by `train --out` on the graph.
    #[arg(long)]
    pub hierarchy: Option<PathBuf>,
    /// The --assign files hold logits: apply a row softmax.
    #[arg(long)]
    pub logits: bool,
    /// Open a session saved from the window (File > Save session; a .poolscope file as GRAPH works too).
    #[arg(long)]
    pub session: Option<PathBuf>,
    /// Close the window after this many seconds (default 5 with --screenshot).
    #[arg(long)]
    pub quit_after: Option<f32>,
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
    /// Lay a graph out with ForceAtlas2 (Barnes-Hut) and write node id, x, y.
    #[command(
        after_help = "Examples:\n  poolscope layout football --out football_xy.csv\n  poolscope layout random:n=10000,m=50000 --iterations 50 --json\n  poolscope layout karate --linlog --strong-gravity"
    )]
    Layout {
        #[arg(help = GRAPH_HELP)]
        graph: String,
        /// Iterations to run (fewer if the layout settles first).
        #[arg(long, default_value_t = 500)]
        iterations: usize,
        /// LinLog attraction (tighter clusters).
        #[arg(long)]
        linlog: bool,
        /// Gravity grows with distance from the centre.
        #[arg(long)]
        strong_gravity: bool,
        /// Repulsion scale (kr).
        #[arg(long, default_value_t = 2.0)]
        scaling: f32,
        /// Gravity (kg).
        #[arg(long, default_value_t = 1.0)]
        gravity: f32,
        /// Random seed for the starting positions.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Write `id,x,y` here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Train a hierarchical pooling model and report losses and per-level metrics.
    #[command(
        after_help = "Examples:\n  poolscope train football --method dmon --clusters 12\n  poolscope train karate --method mincut --clusters 2 --json\n  poolscope train sbm:n=1000,k=10,din=12,dout=3,seed=0 --clusters 10,3 --out h.json\n  poolscope train cora.graphml --task node --labels subject --clusters 64\n  poolscope train MUTAG --task graph --method diffpool --clusters 0.25"
    )]
    Train(Box<TrainArgs>),
    /// Every auxiliary loss and metric of a given level-0 assignment (e.g. from your PyG model).
    #[command(
        after_help = "Examples:\n  poolscope losses karate --assign S.csv\n  poolscope losses football --assign logits.npy --logits --labels value --json\n\nCSV: one row per node in the graph file's node order, one column per cluster, no header\n(a non-numeric first row is skipped). .npy: a 2-D float32 or float64 array."
    )]
    Losses {
        #[arg(help = GRAPH_HELP)]
        graph: String,
        /// The assignment matrix (CSV or .npy), rows = nodes, columns = clusters.
        #[arg(long)]
        assign: PathBuf,
        /// The file holds logits: apply a row softmax first.
        #[arg(long)]
        logits: bool,
        /// Label column for NMI and ARI (default: the first one).
        #[arg(long)]
        labels: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Draw the levels side by side as the window does, with no display: SVG or PNG.
    #[command(
        after_help = "Examples:\n  poolscope render football --out football.svg\n  poolscope render karate --method mincut --clusters 2 --out karate.png --width 1200 --height 500\n  poolscope render football --hierarchy h.json --colour-by value --out levels.png\n  poolscope render karate --assign S0.csv --assign S1.csv --out mine.svg"
    )]
    Render(Box<RenderArgs>),
    /// List the bundled sample graphs and the generator specs.
    Samples,
}

#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub model: ModelArgs,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Write the hierarchy as JSON.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    /// The picture to write: .svg or .png.
    #[arg(long)]
    pub out: PathBuf,
    /// Draw this hierarchy (from `train --out` or the window) instead of training.
    #[arg(long, conflicts_with = "assign")]
    pub hierarchy: Option<PathBuf>,
    /// Draw assignment matrices made elsewhere, one per level in order (CSV or .npy), instead of training.
    #[arg(long)]
    pub assign: Vec<PathBuf>,
    /// The --assign files hold logits: apply a row softmax.
    #[arg(long)]
    pub logits: bool,
    /// Picture width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Picture height in pixels.
    #[arg(long, default_value_t = 600)]
    pub height: u32,
    /// `cluster` (the next level's cluster), `level:K`, or a label column of the graph.
    #[arg(long, default_value = "cluster")]
    pub colour_by: String,
    /// ForceAtlas2 iterations for level 0 at most (a file's own coordinates are kept); default
    /// 1500, fewer above 10,000 nodes (150 at 100,000).
    #[arg(long)]
    pub layout_iterations: Option<usize>,
    /// Draw level 0 only, without training.
    #[arg(long, conflicts_with_all = ["hierarchy", "assign"])]
    pub no_train: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// dmon, mincut, diffpool, topk, sagpool or graclus (default: dmon; diffpool for --task graph).
    #[arg(long)]
    pub method: Option<String>,
    /// Clusters per level (`12,4`) or ratios of the level below (`0.25,0.25`); default 12, or 0.25 for --task graph.
    #[arg(long)]
    pub clusters: Option<String>,
    #[arg(long)]
    pub epochs: Option<usize>,
    #[arg(long)]
    pub lr: Option<f32>,
    #[arg(long)]
    pub hidden: Option<usize>,
    #[arg(long)]
    pub seed: Option<u64>,
    /// cluster, node or graph (default: graph for a data set, else cluster).
    #[arg(long)]
    pub task: Option<String>,
    /// Label column to score against (and to learn, for the node task).
    #[arg(long)]
    pub labels: Option<String>,
    /// spectral (default), identity, degree or file.
    #[arg(long)]
    pub features: Option<String>,
    /// gcn (default), sage or gin.
    #[arg(long)]
    pub conv: Option<String>,
    /// MinCut's softmax temperature.
    #[arg(long)]
    pub temperature: Option<f32>,
    /// MinCut: losses on the symmetric-normalised adjacency.
    #[arg(long)]
    pub normalized_adjacency: bool,
    /// Graph task readout: mean, max or sum.
    #[arg(long)]
    pub readout: Option<String>,
    /// Graph task: cross-validation folds.
    #[arg(long)]
    pub folds: Option<usize>,
    /// Trainer threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl ModelArgs {
    /// The configuration, with defaults for the task (`data_set`: the graph is a data set).
    pub fn config(&self, data_set: bool) -> Result<crate::train::TrainConfig> {
        use crate::train::{Task, TrainConfig};
        let msg = anyhow::Error::msg;
        let task: Task = match &self.task {
            Some(t) => t.parse().map_err(msg)?,
            None if data_set => Task::Graph,
            None => Task::Cluster,
        };
        let d = TrainConfig::default_for(task);
        Ok(TrainConfig {
            method: match &self.method {
                Some(m) => m.parse().map_err(msg)?,
                None => d.method,
            },
            clusters: match &self.clusters {
                Some(c) => c.parse().map_err(msg)?,
                None => d.clusters.clone(),
            },
            epochs: self.epochs.unwrap_or(d.epochs),
            lr: self.lr.unwrap_or(d.lr),
            hidden: self.hidden.unwrap_or(d.hidden),
            seed: self.seed.unwrap_or(d.seed),
            task,
            labels: self.labels.clone(),
            features: match &self.features {
                Some(f) => f.parse().map_err(msg)?,
                None => d.features,
            },
            conv: match &self.conv {
                Some(c) => c.parse().map_err(msg)?,
                None => d.conv,
            },
            temperature: self.temperature.unwrap_or(d.temperature),
            normalized_adjacency: self.normalized_adjacency,
            readout: match &self.readout {
                Some(r) => r.parse().map_err(msg)?,
                None => d.readout,
            },
            folds: self.folds.unwrap_or(d.folds),
            threads: self.threads.unwrap_or(0),
            ..d
        })
    }
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

fn layout(args: &Command) -> Result<()> {
    let Command::Layout {
        graph,
        iterations,
        linlog,
        strong_gravity,
        scaling,
        gravity,
        seed,
        out,
        json,
    } = args
    else {
        bail!("not a layout command");
    };
    let loaded = load_graph_arg(graph, None)?;
    let g = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => d.graphs.first().context("the data set holds no graphs")?,
    };
    if !scaling.is_finite() || *scaling <= 0.0 || !gravity.is_finite() || *gravity < 0.0 {
        bail!("--scaling must be positive and --gravity non-negative");
    }
    let mut fa = crate::layout::ForceAtlas2::new(g.symmetric().into_owned(), None, *seed);
    fa.settings.lin_log = *linlog;
    fa.settings.strong_gravity = *strong_gravity;
    fa.settings.scaling = *scaling;
    fa.settings.gravity = *gravity;
    let start = std::time::Instant::now();
    let report = fa.run(*iterations, None);
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
    if let Some(path) = out {
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
    if *json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "{} nodes, {} edges: {} iterations, {:.3} ms per iteration ({} threads, {}), swing {:.4}, displacement {:.2e}, {}",
            summary.nodes,
            summary.edges,
            summary.iterations,
            summary.ms_per_iteration,
            summary.threads,
            if summary.barnes_hut {
                "Barnes-Hut"
            } else {
                "exact repulsion"
            },
            summary.swing,
            summary.displacement,
            if summary.settled {
                "settled"
            } else {
                "still settling"
            }
        );
    }
    Ok(())
}

/// What `main` should do after parsing: run a command, or open the window.
pub enum Action {
    Done,
    OpenWindow(Box<crate::app::WindowOptions>),
}

fn window_options(cli: Cli) -> Result<crate::app::WindowOptions> {
    let msg = anyhow::Error::msg;
    let config = if cli.method.is_some() || cli.clusters.is_some() || cli.epochs.is_some() {
        let mut cfg = crate::train::TrainConfig {
            pace_epochs_per_second: 60.0,
            ..Default::default()
        };
        if let Some(m) = &cli.method {
            cfg.method = m.parse().map_err(msg)?;
        }
        if let Some(e) = cli.epochs {
            cfg.epochs = e;
        }
        let ks = match &cli.clusters {
            Some(c) => match c.parse::<crate::train::Sizes>().map_err(msg)? {
                crate::train::Sizes::Counts(k) => k,
                crate::train::Sizes::Ratios(_) => {
                    bail!("--clusters for the window takes counts, e.g. 12,4")
                }
            },
            None => vec![12, 4],
        };
        Some((cfg, ks))
    } else {
        None
    };
    Ok(crate::app::WindowOptions {
        graph: cli.graph.or(cli.sample),
        train: cli.train,
        config,
        screenshot: cli.screenshot,
        assign: (!cli.assign.is_empty()).then_some((cli.assign, cli.logits)),
        hierarchy: cli.hierarchy,
        session: cli.session,
        quit_after_secs: cli.quit_after,
    })
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Action> {
    match cli.command {
        None => return Ok(Action::OpenWindow(Box::new(window_options(cli)?))),
        Some(Command::Info { graph, nodes, json }) => {
            info(&graph, nodes.as_deref(), json).context("info")?
        }
        Some(Command::Convert {
            input,
            output,
            nodes,
        }) => convert(&input, &output, nodes.as_deref()).context("convert")?,
        Some(Command::Samples) => list_samples(),
        Some(c @ Command::Layout { .. }) => layout(&c).context("layout")?,
        Some(Command::Train(args)) => crate::cli_train::train(&args).context("train")?,
        Some(Command::Render(args)) => crate::cli_render::render(&args).context("render")?,
        Some(Command::Losses {
            graph,
            assign,
            logits,
            labels,
            json,
        }) => crate::cli_train::losses(&graph, &assign, logits, labels.as_deref(), json)
            .context("losses")?,
    }
    Ok(Action::Done)
}
