//! The epoch loop for one graph (clustering and node classification), shared by the command
//! line and the background trainer so both report the same numbers.

use super::config::{Task, TrainConfig};
use super::features;
use super::model::{GraphInput, Model, trace_to_hierarchy};
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::nn::{Adam, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("{0}")]
    Config(String),
    #[error("diverged at epoch {epoch}: {what}")]
    Diverged { epoch: usize, what: String },
}

/// One epoch's numbers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EpochStats {
    pub epoch: usize,
    /// Each auxiliary loss by name (`level:name` above the first level), then the task loss.
    pub losses: Vec<(String, f64)>,
    pub total: f64,
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
    pub seconds: f64,
}

pub struct Session {
    pub graph: Arc<Graph>,
    pub cfg: TrainConfig,
    pub ks: Vec<usize>,
    model: Model,
    adam: Adam,
    input: GraphInput,
    labels: Option<Vec<Option<u32>>>,
    train_mask: Vec<bool>,
    pub epoch: usize,
    pub history: Vec<EpochStats>,
    last_good: ParamStore,
    rng: Rng,
    /// Nothing to learn (Graclus, or score methods without a task).
    fixed: bool,
}

/// `−mean log p(label)` over the masked nodes, and the accuracy on both sides of the mask.
fn nll(
    t: &mut Tape,
    logits: Var,
    labels: &[Option<u32>],
    mask: &[bool],
    classes: usize,
) -> (Var, f64, f64) {
    let logp = t.log_softmax_rows(logits);
    let n = labels.len();
    let mut onehot = Mat::zeros((n, classes));
    let mut count = 0usize;
    for (i, l) in labels.iter().enumerate() {
        if let (Some(c), true) = (l, mask[i]) {
            onehot[[i, *c as usize]] = 1.0;
            count += 1;
        }
    }
    let picked = t.mul_const(logp, Arc::new(onehot));
    let total = t.sum(picked);
    let loss = t.scale(total, -1.0 / count.max(1) as f32);
    let pred = crate::metrics::hard_assignment(t.value(logp));
    let acc = |want: bool| {
        let (mut right, mut all) = (0usize, 0usize);
        for (i, l) in labels.iter().enumerate() {
            if let Some(c) = l
                && mask[i] == want
            {
                all += 1;
                right += usize::from(pred[i] == *c);
            }
        }
        if all == 0 {
            0.0
        } else {
            right as f64 / all as f64
        }
    };
    (loss, acc(true), acc(false))
}

impl Session {
    pub fn new(graph: Arc<Graph>, cfg: TrainConfig) -> Result<Self, TrainError> {
        let n = graph.node_count();
        if n == 0 {
            return Err(TrainError::Config("the graph is empty".into()));
        }
        if graph.edge_count() == 0 {
            return Err(TrainError::Config(
                "the graph has no edges: pooling needs some".into(),
            ));
        }
        if cfg.task == Task::Graph {
            return Err(TrainError::Config(
                "graph classification needs a data set (e.g. MUTAG)".into(),
            ));
        }
        let ks = cfg.validate(n).map_err(TrainError::Config)?;
        // Before any of it is allocated: a run that cannot fit says so now, with the figure.
        super::budget::check(
            &cfg,
            n,
            2 * graph.edge_count(),
            &ks,
            super::budget::machine_bytes(),
        )
        .map_err(TrainError::Config)?;
        let column = match &cfg.labels {
            Some(c) => Some(graph.nodes.label(c).ok_or_else(|| {
                TrainError::Config(format!(
                    "label column `{c}` not found (the graph has: {})",
                    if graph.nodes.labels.is_empty() {
                        "none".to_string()
                    } else {
                        graph.nodes.label_names().join(", ")
                    }
                ))
            })?),
            None => graph.nodes.grouping(),
        };
        if cfg.task == Task::Node && column.is_none() {
            return Err(TrainError::Config(
                "node classification needs a label column".into(),
            ));
        }
        let classes = column.map_or(0, |c| c.classes.len());
        if let Some(why) = graph.weight_problem() {
            return Err(TrainError::Config(format!("{}: {why}", graph.name)));
        }
        // Without numeric features `file` one-hot encodes the first label column: on one graph
        // that is the ground truth fed to the model and then scored against (the graph task's
        // TU node labels are a different column from the graph labels, and are allowed there).
        if cfg.features == features::FeatureKind::File && graph.nodes.features.is_none() {
            return Err(TrainError::Config(format!(
                "--features file: {} has no numeric node features, and its label column{} \
                 would be the input (the ground truth leaking into it); use spectral, \
                 identity or degree",
                graph.name,
                graph
                    .nodes
                    .labels
                    .first()
                    .map_or(String::new(), |c| format!(" `{}`", c.name))
            )));
        }
        let dims = features::spectral_dims(ks.first().copied().unwrap_or(0), n);
        let feats =
            features::build(&graph, cfg.features, cfg.seed, dims).map_err(TrainError::Config)?;
        let input = GraphInput::new(&graph, feats, &cfg, &ks);
        let mut model = Model::new(&cfg, &ks, input.features.ncols(), classes);
        model.warm_start(&input, cfg.seed);
        let mut adam = Adam::new(&model.params, cfg.lr);
        adam.weight_decay = cfg.weight_decay;
        adam.max_grad_norm = 10.0;
        let mut rng = Rng::new(cfg.seed ^ 0x5eed);
        let train_mask = (0..n)
            .map(|_| rng.next_f32() < cfg.train_fraction)
            .collect();
        let fixed = cfg.task == Task::Cluster && !cfg.method.learns_unsupervised();
        let last_good = model.params.clone();
        let labels = column.map(|c| c.codes.clone());
        Ok(Self {
            graph,
            labels,
            ks,
            model,
            adam,
            input,
            train_mask,
            epoch: 0,
            history: Vec::new(),
            last_good,
            rng,
            fixed,
            cfg,
        })
    }

    /// Why this run trains nothing and stops after one pass, in words; `None` when it learns.
    pub fn untrained_reason(&self) -> Option<String> {
        self.fixed
            .then(|| self.cfg.method.pooler().idle_reason(self.cfg.method.name()))
    }

    pub fn is_done(&self) -> bool {
        self.epoch >= self.cfg.epochs || (self.fixed && self.epoch >= 1)
    }

    pub fn set_learning_rate(&mut self, lr: f32) {
        if lr > 0.0 && lr.is_finite() {
            self.adam.lr = lr;
            self.cfg.lr = lr;
        }
    }

    /// One epoch: forward, backward, one Adam step. On NaN or infinity the weights go back to
    /// the last good ones and the error says where it happened.
    pub fn step(&mut self) -> Result<EpochStats, TrainError> {
        let start = Instant::now();
        self.epoch += 1;
        let mut t = Tape::new();
        let trace = self.model.forward(&mut t, &self.input, Some(&mut self.rng));
        let mut losses = Vec::new();
        for &(level, name, v) in &trace.losses {
            let label = if level == 1 {
                name.to_string()
            } else {
                format!("{level}:{name}")
            };
            losses.push((label, t.item(v) as f64));
        }
        let mut total: Option<Var> = trace.objective;
        for &(level, name, v) in &trace.reported {
            let label = if level == 1 {
                name.to_string()
            } else {
                format!("{level}:{name}")
            };
            losses.push((label, t.item(v) as f64));
        }
        let (mut train_acc, mut test_acc) = (None, None);
        if let (Some(logits), Some(labels)) = (trace.node_logits, &self.labels) {
            let classes = t.shape(logits).1;
            let (loss, tr, te) = nll(&mut t, logits, labels, &self.train_mask, classes);
            losses.push(("node_nll".into(), t.item(loss) as f64));
            train_acc = Some(tr);
            test_acc = Some(te);
            total = Some(match total {
                Some(acc) => t.add(acc, loss),
                None => loss,
            });
        }
        let total_value = total.map_or(0.0, |v| t.item(v) as f64);
        if !total_value.is_finite() {
            self.model.params = self.last_good.clone();
            let bad = losses
                .iter()
                .find(|(_, v)| !v.is_finite())
                .map_or("total".to_string(), |(n, _)| n.clone());
            return Err(TrainError::Diverged {
                epoch: self.epoch,
                what: format!("{bad} is {total_value}"),
            });
        }
        if let Some(total) = total
            && !self.fixed
        {
            let mut grads = t.backward(total);
            let gs: Vec<Mat> = trace
                .params
                .iter()
                .zip(&self.model.params.values)
                .map(|(&v, p)| grads.take(v).unwrap_or_else(|| Mat::zeros(p.dim())))
                .collect();
            if gs.iter().any(|g| g.iter().any(|v| !v.is_finite())) {
                self.model.params = self.last_good.clone();
                return Err(TrainError::Diverged {
                    epoch: self.epoch,
                    what: "a gradient is NaN or infinite".into(),
                });
            }
            self.last_good = self.model.params.clone();
            self.adam.step(&mut self.model.params, &gs);
        }
        let stats = EpochStats {
            epoch: self.epoch,
            losses,
            total: total_value,
            train_accuracy: train_acc,
            test_accuracy: test_acc,
            seconds: start.elapsed().as_secs_f64(),
        };
        self.history.push(stats.clone());
        Ok(stats)
    }

    /// The model's trainable weights, as saved in a session.
    pub fn weights(&self) -> &ParamStore {
        &self.model.params
    }

    /// Puts saved weights into the model; they must have the names and shapes this
    /// configuration builds (the same method, sizes, features and hidden width).
    pub fn set_weights(&mut self, weights: ParamStore) -> Result<(), String> {
        let own = &self.model.params;
        if weights.names != own.names {
            return Err(format!(
                "the saved weights ({}) do not belong to this model ({})",
                weights.names.join(", "),
                own.names.join(", ")
            ));
        }
        for ((name, a), b) in own.names.iter().zip(&own.values).zip(&weights.values) {
            if a.dim() != b.dim() {
                return Err(format!(
                    "weight `{name}`: expected shape {:?}, found {:?}",
                    a.dim(),
                    b.dim()
                ));
            }
        }
        self.model.params = weights;
        self.last_good = self.model.params.clone();
        self.adam = Adam::new(&self.model.params, self.cfg.lr);
        self.adam.weight_decay = self.cfg.weight_decay;
        self.adam.max_grad_norm = 10.0;
        Ok(())
    }

    /// The current hierarchy (no dropout), with metrics against the configured label column.
    pub fn hierarchy(&self) -> Hierarchy {
        let mut t = Tape::new();
        let trace = self.model.forward(&mut t, &self.input, None);
        let mut h = trace_to_hierarchy(&t, &trace, &self.input, self.cfg.method.name());
        h.compute_metrics(&self.graph, self.cfg.labels.as_deref());
        h
    }

    /// Trains to the end, calling `progress` after each epoch.
    pub fn run(&mut self, mut progress: impl FnMut(&EpochStats)) -> Result<Hierarchy, TrainError> {
        while !self.is_done() {
            let s = self.step()?;
            progress(&s);
        }
        Ok(self.hierarchy())
    }
}
