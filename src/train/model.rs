//! The model: per level a message-passing block then a pooling step, and heads for the node and
//! graph tasks. The forward pass records everything a [`Hierarchy`] needs.

use super::config::{Readout, Task, TrainConfig};
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::{Csr, Graph};
use crate::hierarchy::Hierarchy;
use crate::nn::{Conv, Linear, ParamStore, SparseOperators};
use crate::numeric::rng::Rng;
use crate::pool::{self, Adjacency, Assignment};
use std::sync::Arc;

/// One graph made ready for the model: features, the adjacency the losses use, the conv
/// operators, and the levels of a method that learns nothing.
pub struct GraphInput {
    pub features: Mat,
    pub adj: Adjacency,
    pub ops: SparseOperators,
    /// The raw symmetric adjacency (drawn as level 0), shared with every snapshot.
    pub raw: std::sync::Arc<Csr>,
    fixed: Vec<pool::FixedLevel>,
}

impl GraphInput {
    pub fn new(graph: &Graph, features: Mat, cfg: &TrainConfig, ks: &[usize]) -> Self {
        let raw = graph.symmetric().into_owned();
        let pooler = cfg.method.pooler();
        let loss_adj = pooler
            .loss_adjacency(&raw, &cfg.options)
            .unwrap_or_else(|| raw.clone());
        let fixed = pooler.fixed_levels(&raw, ks, cfg.seed, &cfg.options);
        Self {
            features,
            adj: Adjacency::sparse(loss_adj),
            ops: SparseOperators::new(&raw),
            raw: raw.into(),
            fixed,
        }
    }
}

pub struct Model {
    pub params: ParamStore,
    /// Whether the node task also reads the next level lifted back through `S`.
    lifts: bool,
    /// The clustering task: the auxiliary losses are the whole objective.
    unsupervised: bool,
    ks: Vec<usize>,
    convs: Vec<Conv>,
    layers: Vec<Box<dyn pool::Layer>>,
    top: Conv,
    node_head: Option<Linear>,
    graph_head: Option<Linear>,
    readout: Readout,
    dropout: f32,
    /// The pooler's [`pool::Pooler::standardises_next_level`].
    standardise: bool,
}

/// What one level of the forward pass produced.
pub struct TraceLevel {
    pub embeddings: Var,
    pub assignment: Assignment,
    pub raw_next: Adjacency,
}

pub struct Trace {
    /// The parameters' variables, in store order.
    pub params: Vec<Var>,
    pub levels: Vec<TraceLevel>,
    pub top_embeddings: Var,
    /// `(level, name, value)`; level counts from 1 (the pooling that makes level 1).
    pub losses: Vec<(usize, &'static str, Var)>,
    /// Losses shown but not trained on, as `losses`.
    pub reported: Vec<(usize, &'static str, Var)>,
    /// What the pooling trains on: the sum of `losses`, but for DiffPool clustering.
    pub objective: Option<Var>,
    pub node_logits: Option<Var>,
    pub graph_logits: Option<Var>,
}

impl Model {
    pub fn new(cfg: &TrainConfig, ks: &[usize], in_dim: usize, classes: usize) -> Self {
        let mut params = ParamStore::default();
        let mut rng = Rng::new(cfg.seed);
        let h = cfg.hidden;
        let pooler = cfg.method.pooler();
        let mut convs = Vec::new();
        let mut layers = Vec::new();
        let mut dim = in_dim;
        for (l, &k) in ks.iter().enumerate() {
            convs.push(Conv::new(
                cfg.conv,
                &format!("level{l}.conv"),
                dim,
                h,
                &mut params,
                &mut rng,
            ));
            layers.push(pooler.layer(
                &pool::LayerSetup {
                    level: l,
                    hidden: h,
                    k,
                    options: &cfg.options,
                },
                &mut params,
                &mut rng,
            ));
            dim = h * pooler.width_factor();
        }
        let top = Conv::new(cfg.conv, "top.conv", dim, h, &mut params, &mut rng);
        let lifts = cfg.method.is_soft();
        let node_in = if lifts { 2 * h } else { h };
        let node_head = (cfg.task == Task::Node)
            .then(|| Linear::new("node.out", node_in, classes.max(1), &mut params, &mut rng));
        let graph_head = (cfg.task == Task::Graph)
            .then(|| Linear::new("graph.out", h, classes.max(1), &mut params, &mut rng));
        Self {
            params,
            lifts,
            unsupervised: cfg.task == Task::Cluster,
            ks: ks.to_vec(),
            convs,
            layers,
            top,
            node_head,
            graph_head,
            readout: cfg.readout,
            dropout: cfg.dropout,
            standardise: pooler.standardises_next_level(),
        }
    }

    /// Lets each level that asks start its parameters from the untrained embeddings it will
    /// pool (MemPool's keys), level by level, each seeing the levels below as started.
    pub fn warm_start(&mut self, input: &GraphInput, seed: u64) {
        for l in 0..self.layers.len() {
            if !self.layers[l].wants_warm_start() {
                continue;
            }
            let mut t = Tape::new();
            let trace = self.forward(&mut t, input, None);
            let h = t.value(trace.levels[l].embeddings).clone();
            self.layers[l].warm_start(&mut self.params, &h, self.ks[l], seed ^ l as u64);
        }
    }

    fn dropout(&self, t: &mut Tape, x: Var, rng: Option<&mut Rng>) -> Var {
        match rng {
            Some(rng) if self.dropout > 0.0 => {
                let keep = 1.0 - self.dropout;
                let mask = t.value(x).mapv(|_| {
                    if rng.next_f32() < keep {
                        1.0 / keep
                    } else {
                        0.0
                    }
                });
                t.mul_const(x, Arc::new(mask))
            }
            _ => x,
        }
    }

    /// The forward pass; `train_rng` enables dropout.
    pub fn forward(
        &self,
        t: &mut Tape,
        input: &GraphInput,
        mut train_rng: Option<&mut Rng>,
    ) -> Trace {
        let p = self.params.on_tape(t);
        let mut x = t.constant(input.features.clone());
        let mut adj = input.adj.clone();
        let mut levels = Vec::new();
        let mut losses = Vec::new();
        let mut reported = Vec::new();
        let mut objective: Option<Var> = None;
        for l in 0..self.ks.len() {
            let ops = (l == 0).then_some(&input.ops);
            let h = self.convs[l].forward(t, &p, &adj, ops, x);
            let h = t.relu(h);
            let h = self.dropout(t, h, train_rng.as_deref_mut());
            let n = adj.node_count(t);
            let ratio = self.ks[l] as f32 / n.max(1) as f32;
            let pooled = self.layers[l].forward(
                t,
                &p,
                &pool::LayerInput {
                    adj: &adj,
                    h,
                    ops,
                    k: self.ks[l],
                    ratio,
                    unsupervised: self.unsupervised,
                    fixed: input.fixed.get(l),
                },
            );
            for (name, v) in &pooled.losses {
                losses.push((l + 1, *name, *v));
            }
            let level_objective = pooled.objective.or_else(|| {
                pooled
                    .losses
                    .iter()
                    .map(|(_, v)| *v)
                    .reduce(|a, b| t.add(a, b))
            });
            objective = match (objective, level_objective) {
                (Some(a), Some(b)) => Some(t.add(a, b)),
                (a, b) => a.or(b),
            };
            for (name, v) in &pooled.reported {
                reported.push((l + 1, *name, *v));
            }
            levels.push(TraceLevel {
                embeddings: h,
                assignment: pooled.assignment.clone(),
                raw_next: pooled.raw_adj.clone(),
            });
            // PyG's X' = SᵀH sums over members; a cluster of 60 nodes then feeds the next
            // level features 60 times larger, its softmax saturates at once and the level
            // collapses. The next level therefore reads cluster means (losses are unaffected).
            x = match &pooled.assignment {
                Assignment::Soft(s) => {
                    let mass = t.sum_rows(*s);
                    let mass = t.add_scalar(mass, 1e-6);
                    let mass = t.transpose(mass);
                    t.div(pooled.x, mass)
                }
                _ => pooled.x,
            };
            if self.standardise && l + 1 < self.ks.len() {
                x = standardise_columns(t, x);
            }
            adj = pooled.adj;
        }
        let top = self.top.forward(t, &p, &adj, None, x);
        let top = t.relu(top);
        let node_logits = self.node_head.as_ref().map(|head| {
            let h0 = levels[0].embeddings;
            let input = match &levels[0].assignment {
                Assignment::Soft(s) if self.lifts => {
                    let h1 = levels.get(1).map_or(top, |l| l.embeddings);
                    let up = t.matmul(*s, h1);
                    t.concat_cols(h0, up)
                }
                _ => h0,
            };
            head.forward(t, &p, input)
        });
        let graph_logits = self.graph_head.as_ref().map(|head| {
            let pooled = match self.readout {
                Readout::Mean => t.mean_rows(top),
                Readout::Max => t.max_rows(top),
                Readout::Sum => t.sum_rows(top),
            };
            head.forward(t, &p, pooled)
        });
        Trace {
            params: p,
            levels,
            top_embeddings: top,
            losses,
            reported,
            objective,
            node_logits,
            graph_logits,
        }
    }
}

/// Each column less its mean over the rows, over its standard deviation (population, with a
/// small floor so a constant column stays finite).
fn standardise_columns(t: &mut Tape, x: Var) -> Var {
    let mean = t.mean_rows(x);
    let centred = t.sub(x, mean);
    let sq = t.mul(centred, centred);
    let var = t.mean_rows(sq);
    let var = t.add_scalar(var, 1e-5);
    let sd = t.sqrt(var);
    t.div(centred, sd)
}

/// The assignment as an `n x k` matrix (one-hot rows for hard and selection methods).
pub fn assignment_matrix(t: &Tape, a: &Assignment, n: usize) -> Mat {
    match a {
        Assignment::Soft(s) => t.value(*s).clone(),
        Assignment::Selection { kept, .. } => {
            let mut m = Mat::zeros((n, kept.len()));
            for (k, &i) in kept.iter().enumerate() {
                m[[i, k]] = 1.0;
            }
            m
        }
        Assignment::Hard { clusters, k } => {
            Mat::from_shape_fn((n, *k), |(i, c)| f32::from(clusters[i] as usize == c))
        }
    }
}

/// Reads a hierarchy off a forward pass.
pub fn trace_to_hierarchy(t: &Tape, trace: &Trace, input: &GraphInput, source: &str) -> Hierarchy {
    let mut assignments = Vec::new();
    let mut pooled = Vec::new();
    let mut embeddings = Vec::new();
    for level in &trace.levels {
        let n = t.shape(level.embeddings).0;
        assignments.push(assignment_matrix(t, &level.assignment, n));
        pooled.push(level.raw_next.csr(t).as_ref().clone());
        embeddings.push(Some(t.value(level.embeddings).clone()));
    }
    embeddings.push(Some(t.value(trace.top_embeddings).clone()));
    Hierarchy::from_parts(
        input.raw.clone(),
        assignments,
        Some(pooled),
        embeddings,
        source,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::gradcheck;

    #[test]
    fn standardised_columns_have_mean_zero_and_unit_spread_and_a_checked_gradient() {
        let x = gradcheck::random(12, 5, 0.0, 3.0, 7);
        let mut t = Tape::new();
        let v = t.constant(x.clone());
        let out = standardise_columns(&mut t, v);
        let y = t.value(out);
        for j in 0..5 {
            let col = y.column(j);
            let mean = col.sum() / 12.0;
            let var = col.mapv(|v| (v - mean) * (v - mean)).sum() / 12.0;
            assert!(mean.abs() < 1e-5, "column {j} mean {mean}");
            assert!((var - 1.0).abs() < 1e-3, "column {j} variance {var}");
        }
        // The order of the rows within a column is kept (an affine map with positive slope).
        assert_eq!(
            (x[[0, 0]] < x[[1, 0]]),
            (y[[0, 0]] < y[[1, 0]]),
            "order kept"
        );
        let err = gradcheck::max_relative_error(&[x], &|t, v| standardise_columns(t, v[0]));
        assert!(err < 2e-2, "gradient error {err}");
        // A constant column (every cluster alike) stays finite: zeros, not NaN.
        let mut t = Tape::new();
        let c = t.constant(Mat::from_elem((4, 2), 3.0));
        let out = standardise_columns(&mut t, c);
        assert!(t.value(out).iter().all(|v| v.abs() < 1e-3));
    }
}
