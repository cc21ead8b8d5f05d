//! What to train: method, levels, sizes, optimiser settings, task and features. Serialisable
//! so sessions and hierarchy files can record it.

use super::features::FeatureKind;
use crate::hierarchy::MAX_LEVELS;
use crate::nn::ConvKind;
use crate::pool::{Method, Options};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// Unsupervised: only the pooling methods' auxiliary losses.
    #[default]
    Cluster,
    /// Node labels from a column, a seeded train/test split, plus the auxiliary losses.
    Node,
    /// One label per graph of a data set; cross-validated.
    Graph,
}

impl std::str::FromStr for Task {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "cluster" | "clustering" => Ok(Task::Cluster),
            "node" => Ok(Task::Node),
            "graph" => Ok(Task::Graph),
            _ => Err(format!(
                "unknown task `{s}` (expected cluster, node or graph)"
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Readout {
    #[default]
    Mean,
    Max,
    Sum,
}

impl std::str::FromStr for Readout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "mean" => Ok(Readout::Mean),
            "max" => Ok(Readout::Max),
            "sum" | "add" => Ok(Readout::Sum),
            _ => Err(format!("unknown readout `{s}` (expected mean, max or sum)")),
        }
    }
}

/// Cluster counts per level: explicit (`12,4`) or as ratios of the level below (`0.25,0.25`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Sizes {
    Counts(Vec<usize>),
    Ratios(Vec<f32>),
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes::Counts(vec![12])
    }
}

impl std::str::FromStr for Sizes {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return Err("expected cluster counts like 12,4 or ratios like 0.25,0.25".into());
        }
        if parts.iter().all(|p| p.contains('.')) {
            let r: Result<Vec<f32>, _> = parts.iter().map(|p| p.parse::<f32>()).collect();
            r.map(Sizes::Ratios)
                .map_err(|_| format!("expected ratios like 0.25,0.1, found `{s}`"))
        } else {
            let c: Result<Vec<usize>, _> = parts.iter().map(|p| p.parse::<usize>()).collect();
            c.map(Sizes::Counts)
                .map_err(|_| format!("expected whole cluster counts like 12,4, found `{s}`"))
        }
    }
}

impl Sizes {
    /// Concrete counts for a graph of `n` nodes.
    pub fn resolve(&self, n: usize) -> Vec<usize> {
        match self {
            Sizes::Counts(c) => c.clone(),
            Sizes::Ratios(r) => {
                let mut prev = n as f32;
                r.iter()
                    .map(|x| {
                        prev = (prev * x).ceil().max(1.0);
                        prev as usize
                    })
                    .collect()
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    pub method: Method,
    pub clusters: Sizes,
    pub hidden: usize,
    pub lr: f32,
    pub epochs: usize,
    pub seed: u64,
    pub task: Task,
    /// Label column for NMI/ARI and the node task.
    pub labels: Option<String>,
    pub features: FeatureKind,
    pub conv: ConvKind,
    /// The method's own settings (MinCut's temperature, KMIS's scorer…), checked against
    /// the method's list of them; what is not set is the method's default.
    pub options: Options,
    pub weight_decay: f32,
    pub dropout: f32,
    /// Share of labelled nodes used for training in the node task.
    pub train_fraction: f32,
    pub readout: Readout,
    pub folds: usize,
    pub batch_size: usize,
    /// Threads of the trainer's own pool (0: all cores).
    pub threads: usize,
    /// The background trainer runs at most this many epochs per second (0: as fast as it
    /// can), so that a small graph's training can be watched rather than over in a blink.
    pub pace_epochs_per_second: f32,
    /// Paced runs go at a third of the pace while more than 2% of level 0's assignments change
    /// from one snapshot to the next: the early epochs, where the picture changes most.
    pub slow_while_changing: bool,
    /// Clustering with DMoN or MinCut on a small graph: also train other seeds and feature
    /// kinds and keep the best by modularity (`restarts.rs`). Off when the features are
    /// chosen by hand.
    pub restarts: bool,
}

/// Threads a run may ask for per core (more only contend).
pub const THREADS_PER_CORE: usize = 4;

/// The most threads a run may use: four per core of this machine.
pub fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()) * THREADS_PER_CORE
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            method: Method::default(),
            clusters: Sizes::default(),
            hidden: crate::pool::DEFAULT_HIDDEN,
            lr: 0.01,
            epochs: 300,
            seed: 0,
            task: Task::Cluster,
            labels: None,
            features: FeatureKind::Spectral,
            conv: ConvKind::Gcn,
            options: Options::default(),
            weight_decay: 0.0,
            dropout: 0.0,
            train_fraction: 0.5,
            readout: Readout::Mean,
            folds: 10,
            batch_size: 32,
            threads: 0,
            pace_epochs_per_second: 0.0,
            slow_while_changing: false,
            restarts: true,
        }
    }
}

impl TrainConfig {
    /// Defaults that work for a task: GIN layers, a sum readout, 200 epochs and K = N/4 for
    /// graph classification (84–85% on MUTAG with DiffPool where GCN layers give about 74%);
    /// the plain defaults for clustering and node classification.
    pub fn default_for(task: Task) -> Self {
        match task {
            Task::Graph => Self {
                task,
                conv: ConvKind::Gin,
                readout: Readout::Sum,
                epochs: 200,
                clusters: Sizes::Ratios(vec![0.25]),
                method: crate::pool::Method::DiffPool,
                ..Self::default()
            },
            _ => Self {
                task,
                ..Self::default()
            },
        }
    }
}

/// The keys a configuration stored its method's settings under before they moved into
/// `options` (sessions and hierarchy files written by earlier versions).
const FORMER_OPTION_KEYS: [&str; 3] = ["temperature", "scorer", "normalized_adjacency"];

impl TrainConfig {
    /// Reads a configuration from a session or hierarchy file. Settings an earlier version
    /// stored beside the others (`temperature`, `scorer`, `normalized_adjacency`) become the
    /// method's options when the method has them and are dropped otherwise (every earlier file
    /// stored all three, whatever the method); options the method does not have, or values out
    /// of its bounds, are refused with the reason.
    pub fn from_value(mut v: serde_json::Value) -> Result<Self, String> {
        if let Some(map) = v.as_object_mut() {
            let method: Method = match map.get("method") {
                Some(m) => serde_json::from_value(m.clone()).map_err(|e| format!("method: {e}"))?,
                None => Method::default(),
            };
            let specs = method.pooler().options();
            let former: Vec<(String, serde_json::Value)> = FORMER_OPTION_KEYS
                .iter()
                .filter_map(|k| map.remove(*k).map(|v| (k.to_string(), v)))
                .collect();
            if !map.contains_key("options") {
                let mut options = serde_json::Map::new();
                for (k, v) in former {
                    if specs.iter().any(|s| s.name == k) {
                        options.insert(k, v);
                    }
                }
                map.insert("options".into(), options.into());
            }
        }
        let mut cfg: TrainConfig = serde_json::from_value(v).map_err(|e| e.to_string())?;
        let specs = cfg.method.pooler().options();
        cfg.options
            .check(specs)
            .map_err(|e| format!("options of {}: {e}", cfg.method))?;
        cfg.options = std::mem::take(&mut cfg.options).without_defaults(specs);
        Ok(cfg)
    }

    /// Switches to `method`, keeping only the options it has too.
    pub fn set_method(&mut self, method: Method) {
        self.method = method;
        self.options = self.options.keep_known(method.pooler().options());
    }
    /// Checks the settings against a graph of `n` nodes; the message says which one is off.
    pub fn validate(&self, n: usize) -> Result<Vec<usize>, String> {
        let ks = self.clusters.resolve(n);
        if ks.is_empty() || ks.len() > MAX_LEVELS {
            return Err(format!(
                "expected 1 to {MAX_LEVELS} pooling levels, found {}",
                ks.len()
            ));
        }
        if let Sizes::Ratios(r) = &self.clusters
            && r.iter().any(|x| !(*x > 0.0 && *x < 1.0))
        {
            return Err("cluster ratios must be between 0 and 1".into());
        }
        let pooler = self.method.pooler();
        pooler.check_size(n)?;
        self.options
            .check(pooler.options())
            .map_err(|e| format!("{}: {e}", self.method))?;
        let mut prev = n;
        for (l, &k) in ks.iter().enumerate() {
            if k < 2 && !self.method.bounds_count() {
                return Err(format!(
                    "level {}: K = {k}; at least 2 clusters are needed",
                    l + 1
                ));
            }
            if k > prev {
                return Err(format!(
                    "level {}: K = {k} is larger than the {prev} nodes of the level below",
                    l + 1
                ));
            }
            prev = k;
        }
        if !(self.lr > 0.0 && self.lr.is_finite() && self.lr < 10.0) {
            return Err(format!(
                "learning rate {} must be positive and below 10",
                self.lr
            ));
        }
        if self.hidden == 0 || self.hidden > 4096 {
            return Err(format!(
                "hidden size {} must be between 1 and 4096",
                self.hidden
            ));
        }
        if self.epochs == 0 || self.epochs > 1_000_000 {
            return Err(format!(
                "epochs {} must be between 1 and 1,000,000",
                self.epochs
            ));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err("dropout must be in [0, 1)".into());
        }
        if !(self.train_fraction > 0.0 && self.train_fraction < 1.0) {
            return Err("train fraction must be between 0 and 1".into());
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay <= 1.0) {
            return Err(format!(
                "weight decay {} must be between 0 and 1",
                self.weight_decay
            ));
        }
        let most = max_threads();
        if self.threads > most {
            return Err(format!(
                "{} threads: this machine has {} cores; at most {most} (0: all cores)",
                self.threads,
                most / THREADS_PER_CORE
            ));
        }
        if self.task == Task::Graph && !(2..=100).contains(&self.folds) {
            return Err(format!(
                "{} folds: cross-validation needs 2 to 100",
                self.folds
            ));
        }
        if !(self.pace_epochs_per_second >= 0.0 && self.pace_epochs_per_second.is_finite()) {
            return Err(format!(
                "pace {} epochs a second must be 0 (full speed) or positive",
                self.pace_epochs_per_second
            ));
        }
        Ok(ks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_resolve() {
        assert_eq!("12,4".parse::<Sizes>(), Ok(Sizes::Counts(vec![12, 4])));
        assert_eq!(
            "0.5,0.5".parse::<Sizes>().map(|s| s.resolve(100)),
            Ok(vec![50, 25])
        );
        assert!("a,b".parse::<Sizes>().is_err());
    }

    #[test]
    fn validation_names_the_problem() {
        let mut c = TrainConfig {
            clusters: Sizes::Counts(vec![40]),
            ..TrainConfig::default()
        };
        assert!(
            c.validate(34)
                .err()
                .is_some_and(|e| e.contains("larger than the 34 nodes"))
        );
        c.clusters = Sizes::Counts(vec![1]);
        assert!(
            c.validate(34)
                .err()
                .is_some_and(|e| e.contains("at least 2"))
        );
        c.clusters = Sizes::Counts(vec![4, 8]);
        assert!(c.validate(34).is_err());
        c.clusters = Sizes::Counts(vec![8, 2]);
        assert_eq!(c.validate(34), Ok(vec![8, 2]));
        c.lr = f32::NAN;
        assert!(c.validate(34).is_err());
    }

    #[test]
    fn every_setting_a_session_or_the_window_can_carry_is_bounded() {
        let ok = TrainConfig::default();
        assert!(ok.validate(34).is_ok());
        let err = |c: TrainConfig| c.validate(34).err().unwrap_or_default();
        for wd in [1e30, -1.0, f32::NAN] {
            let e = err(TrainConfig {
                weight_decay: wd,
                ..ok.clone()
            });
            assert!(e.contains("weight decay"), "{wd}: {e}");
        }
        let e = err(TrainConfig {
            threads: 100_000,
            ..ok.clone()
        });
        assert!(e.contains("100000 threads") && e.contains("cores"), "{e}");
        assert!(
            TrainConfig {
                threads: max_threads(),
                ..ok.clone()
            }
            .validate(34)
            .is_ok()
        );
        let e = err(TrainConfig {
            task: Task::Graph,
            folds: 0,
            ..ok.clone()
        });
        assert!(e.contains("0 folds"), "{e}");
        let e = err(TrainConfig {
            pace_epochs_per_second: f32::INFINITY,
            ..ok.clone()
        });
        assert!(e.contains("pace"), "{e}");
        let e = err(TrainConfig {
            epochs: 10_000_000_000,
            ..ok
        });
        assert!(e.contains("1,000,000"), "{e}");
    }

    #[test]
    fn earlier_files_settings_become_the_method_s_options_and_bad_ones_are_refused() {
        use crate::pool::{OptionValue, mincut};
        // Every earlier configuration stored all three, whatever the method.
        let old = |method: &str| {
            serde_json::json!({
                "method": method, "clusters": [4], "temperature": 0.5,
                "scorer": "random", "normalized_adjacency": true,
            })
        };
        let m = TrainConfig::from_value(old("mincut")).expect("reads");
        assert_eq!(m.method, Method::MinCut);
        assert_eq!(mincut::TEMPERATURE.float(&m.options), 0.5);
        assert!(mincut::NORMALIZED.flag(&m.options));
        assert_eq!(
            m.options.describe(),
            "normalized_adjacency=true, temperature=0.5"
        );
        let k = TrainConfig::from_value(old("kmis")).expect("reads");
        assert_eq!(k.options.describe(), "scorer=random");
        let d = TrainConfig::from_value(old("dmon")).expect("reads");
        assert!(d.options.is_empty(), "DMoN has none of them");
        // What is written now reads back the same.
        let again = TrainConfig::from_value(serde_json::to_value(&m).expect("json"));
        assert_eq!(again.as_ref(), Ok(&m));
        let e = TrainConfig::from_value(serde_json::json!({
            "method": "graclus", "options": {"temperature": 0.5}
        }))
        .expect_err("Graclus has no temperature");
        assert!(
            e.contains("options of graclus") && e.contains("no settings"),
            "{e}"
        );
        let e = TrainConfig::from_value(serde_json::json!({
            "method": "dmon", "options": {"temperature": 0.5}
        }))
        .expect_err("DMoN has no temperature");
        assert!(e.contains("it has cluster_loss_coeff"), "{e}");
        let e = TrainConfig::from_value(serde_json::json!({
            "method": "mincut", "options": {"temperature": -1.0}
        }))
        .expect_err("out of bounds");
        assert!(
            e.contains("temperature: expected a number from 0.01 to 100"),
            "{e}"
        );
        let e = TrainConfig::from_value(serde_json::json!({"method": "bogus"}))
            .expect_err("no such method");
        assert!(e.contains("unknown method `bogus`"), "{e}");
        // Switching methods keeps only what the new one has.
        let mut c = m.clone();
        c.set_method(Method::Kmis);
        assert!(c.options.is_empty());
        c.options
            .set(
                Method::Kmis.pooler().options(),
                "scorer",
                OptionValue::Choice("canonical".into()),
            )
            .expect("a scorer");
        assert_eq!(c.validate(34).map(|ks| ks.len()), Ok(1));
    }
}
