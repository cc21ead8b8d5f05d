//! What several subcommands take: the GRAPH argument and the model settings.

use crate::io::Loaded;
use crate::layout::{Attraction, LayoutSettings};
use anyhow::Result;
use clap::Args;
use std::path::Path;

pub const GRAPH_HELP: &str = "A graph file (GML, GraphML, GEXF, edge list CSV/TSV/TXT, node-link JSON, Matrix Market, Pajek, or a TU data set folder), a bundled sample name (karate, football, …), or a generator spec (sbm:n=1000,k=10,din=12,dout=3,seed=0)";

/// Resolves a GRAPH argument: a generator spec, an existing path, or a sample name.
pub fn load_graph(arg: &str, nodes: Option<&Path>) -> Result<Loaded> {
    crate::samples::resolve(arg, nodes).map_err(anyhow::Error::msg)
}

/// Which graph of a data set, and whether to drop the edge weights: wherever a graph is read.
#[derive(Args, Debug, Clone, Default)]
pub struct GraphPick {
    /// For a data set: the graph to use, 0-based as PyG's `dataset[N]`.
    #[arg(long = "graph", value_name = "N")]
    pub index: Option<usize>,
    /// Every edge weighs 1, as a PyG model given `edge_index` alone sees the graph.
    #[arg(long)]
    pub unweighted: bool,
    /// Keep integer node ids as node numbers, as PyG's `edge_index` does: node k is id k, and
    /// ids 0..N-1 that no edge names are isolated nodes (default: nodes in order of appearance).
    #[arg(long)]
    pub keep_ids: bool,
    /// Read an integer node column with many values (a 126-community `community`) as labels,
    /// to colour by and score against; repeat for several.
    #[arg(long = "as-labels", value_name = "COLUMN")]
    pub as_labels: Vec<String>,
}

impl GraphPick {
    /// `loaded` with the pick applied: graph N of a data set (an error names the range), and
    /// the weights dropped when asked.
    pub fn apply(&self, loaded: Loaded, arg: &str) -> Result<Loaded> {
        let loaded = match (loaded, self.index) {
            (Loaded::Dataset(d), Some(i)) => {
                let n = d.len();
                let mut g = d.graphs.into_iter().nth(i).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{arg}: --graph {i}, but the data set holds graphs 0 to {}",
                        n.saturating_sub(1)
                    )
                })?;
                g.name = format!("{}[{i}]", d.name);
                Loaded::Graph(g)
            }
            (Loaded::Graph(_), Some(i)) if i > 0 => {
                anyhow::bail!(
                    "{arg}: --graph {i}, but this is a single graph (use --graph 0 or none)"
                )
            }
            (l, _) => l,
        };
        let mut loaded = if self.keep_ids {
            loaded
                .keeping_integer_ids()
                .map_err(|e| anyhow::anyhow!("{arg}: {e}"))?
        } else {
            loaded
        };
        for column in &self.as_labels {
            let result = match &mut loaded {
                Loaded::Graph(g) => g.nodes.use_as_labels(column),
                Loaded::Dataset(d) => d
                    .graphs
                    .iter_mut()
                    .try_for_each(|g| g.nodes.use_as_labels(column)),
            };
            result.map_err(|e| anyhow::anyhow!("{arg}: --as-labels {column}: {e}"))?;
        }
        Ok(if self.unweighted {
            loaded.unweighted()
        } else {
            loaded
        })
    }

    /// Loads `arg` and applies the pick.
    pub fn load(&self, arg: &str, nodes: Option<&Path>) -> Result<Loaded> {
        self.apply(load_graph(arg, nodes)?, arg)
    }
}

#[derive(Args, Debug)]
pub struct ModelArgs {
    #[arg(long, help = crate::pool::Method::help())]
    pub method: Option<String>,
    /// Clusters per level (`12,4`) or ratios of the level below (`0.25,0.25`); default: from the graph's ground truth (football 12,4; karate 2; nested SBM 16,4), or 0.25 for --task graph.
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
    /// A setting of the method, NAME=VALUE; repeat for several. --method's help lists each
    /// method's (mincut: temperature=0.5, normalized_adjacency=true; kmis: scorer=random).
    #[arg(long = "option", value_name = "NAME=VALUE")]
    pub options: Vec<String>,
    /// `--option scorer=S`, as scripts wrote it before `--option`.
    #[arg(long, hide = true)]
    pub scorer: Option<String>,
    /// `--option temperature=T`, likewise.
    #[arg(long, hide = true)]
    pub temperature: Option<f32>,
    /// `--option normalized_adjacency=true`, likewise.
    #[arg(long, hide = true)]
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
    /// Train once: no restarts. By default, clustering a graph of at most 2,000 nodes with a
    /// dense learned method (DMoN, MinCut, DiffPool, JustBalance, AsymCheegerCut, HOSC,
    /// BN-Pool) also trains 3 seeds with spectral and 3 with identity features, up to 18 more
    /// runs on graphs of at most 1,000 nodes where their modularity differs by 0.02 or more,
    /// and keeps the run of highest modularity (never chosen by labels); --features also
    /// trains once.
    #[arg(long)]
    pub no_restarts: bool,
    /// Minutes training, laying out or drawing a GIF may take (default 60; 0: no limit). The
    /// first epochs (iterations on the graph itself, the first frame) are timed and work
    /// projected to take longer stops there, saying how long it would take.
    #[arg(long, value_name = "MINUTES")]
    pub time_limit: Option<f64>,
}

impl ModelArgs {
    /// `--time-limit` as a limit (`None`: no limit).
    pub fn time_limit(&self) -> Result<Option<std::time::Duration>> {
        crate::train::time_limit::from_minutes(
            self.time_limit
                .unwrap_or(crate::train::time_limit::DEFAULT_MINUTES),
        )
        .map_err(anyhow::Error::msg)
    }

    /// The settings given on the command line among those that otherwise follow the method.
    pub fn chosen(&self) -> crate::train::Chosen {
        crate::train::Chosen {
            features: self.features.is_some(),
            hidden: self.hidden.is_some(),
            options: !self.options.is_empty()
                || self.scorer.is_some()
                || self.temperature.is_some()
                || self.normalized_adjacency,
        }
    }

    /// The configuration for `loaded`: what was given, the graph's own defaults for the
    /// clusters and the label column (the same the window starts with), the task's for the rest.
    pub fn config_for(&self, loaded: &Loaded) -> Result<crate::train::TrainConfig> {
        let mut cfg = self.config(matches!(loaded, Loaded::Dataset(_)))?;
        if let (Loaded::Graph(g), crate::train::Task::Cluster | crate::train::Task::Node) =
            (loaded, cfg.task)
        {
            let d = crate::train::defaults_for(g);
            if cfg.labels.is_none() {
                cfg.labels = d.labels;
            }
            // After the labels: some settings follow whether there are any.
            crate::train::follow_method(&mut cfg, g.node_count(), self.chosen());
            cfg.restarts = self.features.is_none() && !self.no_restarts;
            if self.clusters.is_none() {
                cfg.clusters = crate::train::Sizes::Counts(d.ks);
            }
        }
        Ok(cfg)
    }

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
        let method: crate::pool::Method = match &self.method {
            Some(m) => m.parse().map_err(msg)?,
            None => d.method,
        };
        Ok(TrainConfig {
            method,
            options: self.options(method)?,
            clusters: match &self.clusters {
                Some(c) => c.parse().map_err(msg)?,
                None => d.clusters.clone(),
            },
            epochs: self.epochs.unwrap_or(d.epochs),
            lr: self.lr.unwrap_or(d.lr),
            hidden: self.hidden.unwrap_or(crate::train::hidden_for(method)),
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
            readout: match &self.readout {
                Some(r) => r.parse().map_err(msg)?,
                None => d.readout,
            },
            folds: self.folds.unwrap_or(d.folds),
            threads: self.threads.unwrap_or(0),
            restarts: self.features.is_none() && !self.no_restarts,
            ..d
        })
    }
}

impl ModelArgs {
    /// The method's settings from `--option` (and the older shortcuts), each checked against
    /// the method's own list.
    fn options(&self, method: crate::pool::Method) -> Result<crate::pool::Options> {
        let specs = method.pooler().options();
        let shortcuts = [
            self.scorer.as_ref().map(|s| format!("scorer={s}")),
            self.temperature.map(|t| format!("temperature={t}")),
            self.normalized_adjacency
                .then(|| "normalized_adjacency=true".to_string()),
        ];
        let mut options = crate::pool::Options::default();
        for o in shortcuts
            .into_iter()
            .flatten()
            .chain(self.options.iter().cloned())
        {
            options
                .set_text(specs, &o)
                .map_err(|e| anyhow::anyhow!("--option {o}: {method}'s {e}"))?;
        }
        Ok(options)
    }
}

/// The layout settings `layout` and `render` take; left out, they are the window's defaults.
#[derive(Args, Debug)]
pub struct LayoutFlags {
    /// LinLog attraction (tight, separate communities). Default: chosen from the graph.
    #[arg(long, conflicts_with = "linear")]
    pub linlog: bool,
    /// ForceAtlas2's standard, linear attraction. Default: chosen from the graph.
    #[arg(long)]
    pub linear: bool,
    /// Repulsion scale kr (default 0.5 with LinLog, 2 with linear attraction).
    #[arg(long)]
    pub scaling: Option<f32>,
    /// Gravity kg (default 0.1 with LinLog, 1 with linear attraction).
    #[arg(long)]
    pub gravity: Option<f32>,
    /// Gravity grows with distance from the centre.
    #[arg(long)]
    pub strong_gravity: bool,
    /// Repel by the gap between node discs.
    #[arg(long)]
    pub prevent_overlap: bool,
    /// Edge weight influence δ in w^δ: 0 ignores weights (default 1).
    #[arg(long)]
    pub edge_weight_influence: Option<f32>,
    /// Lay out the graph as it is, without coarsening it first.
    #[arg(long)]
    pub single_level: bool,
}

impl LayoutFlags {
    /// The settings, checked.
    pub fn settings(&self, max_iterations: Option<usize>, seed: u64) -> Result<LayoutSettings> {
        let d = LayoutSettings::default();
        let s = LayoutSettings {
            attraction: if self.linlog {
                Attraction::LinLog
            } else if self.linear {
                Attraction::Linear
            } else {
                Attraction::Auto
            },
            scaling: self.scaling,
            gravity: self.gravity,
            strong_gravity: self.strong_gravity,
            prevent_overlap: self.prevent_overlap,
            edge_weight_influence: self
                .edge_weight_influence
                .unwrap_or(d.edge_weight_influence),
            multilevel: !self.single_level,
            max_iterations: max_iterations.unwrap_or(d.max_iterations),
            seed,
        };
        s.check().map_err(anyhow::Error::msg)?;
        Ok(s)
    }
}
