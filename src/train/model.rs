//! The model: per level a message-passing block then a pooling step, and heads for the node and
//! graph tasks. The forward pass records everything a [`Hierarchy`] needs.

use super::config::{Readout, Task, TrainConfig};
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::{Csr, Graph};
use crate::hierarchy::Hierarchy;
use crate::nn::{Conv, ConvKind, Linear, ParamId, ParamStore, SparseOperators};
use crate::numeric::rng::Rng;
use crate::pool::{self, Adjacency, Assignment, Method};
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
        let loss_adj = if cfg.normalized_adjacency && cfg.method == Method::MinCut {
            // The Spektral example's input: D^-1/2 A D^-1/2 without self-loops.
            let n = raw.node_count();
            let d: Vec<f32> = (0..n).map(|i| raw.weighted_degree(i)).collect();
            let t: Vec<_> = raw
                .iter()
                .map(|(i, j, w)| {
                    let s = (d[i as usize] * d[j as usize]).sqrt();
                    (i, j, if s > 0.0 { w / s } else { 0.0 })
                })
                .collect();
            Csr::from_triplets(n, &t)
        } else {
            raw.clone()
        };
        let fixed = if cfg.method.is_fixed() {
            pool::fixed_levels(cfg.method, &raw, ks, cfg.seed, cfg.scorer)
        } else {
            Vec::new()
        };
        Self {
            features,
            adj: Adjacency::sparse(loss_adj),
            ops: SparseOperators::new(&raw),
            raw: raw.into(),
            fixed,
        }
    }
}

enum Head {
    Logits(Linear),
    /// BN-Pool's stick-breaking layer (`h x 2(K−1)`) and its cluster connectivity (`K x K`).
    Stick(Linear, ParamId),
    /// PANPool's feature projection (`h x 1`) and its two score weights (`1 x 2`).
    Pan(ParamId, ParamId),
    /// EdgePool's edge-score weights (`2h x 1`) and bias.
    Edge(ParamId, ParamId),
    /// MaxCut's score weights (`h x 1`).
    Cut(ParamId),
    /// LaPool: no parameters; leaders come from the features.
    Leaders,
    /// MemPool's keys (`K x h`) and head scale (`1 x 1`).
    Memory(ParamId, ParamId),
    TopK(ParamId),
    /// ASAPool's query map, attention and LEConv weights, in `asapool::Weights` order.
    Asap([ParamId; 9]),
    Sag(Conv),
    Fixed,
}

pub struct Model {
    pub params: ParamStore,
    method: Method,
    temperature: f32,
    /// The clustering task: the auxiliary losses are the whole objective.
    unsupervised: bool,
    ks: Vec<usize>,
    convs: Vec<Conv>,
    heads: Vec<Head>,
    top: Conv,
    node_head: Option<Linear>,
    graph_head: Option<Linear>,
    readout: Readout,
    dropout: f32,
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
        let mut convs = Vec::new();
        let mut heads = Vec::new();
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
            heads.push(match cfg.method {
                Method::LaPool => Head::Leaders,
                Method::BnPool => Head::Stick(
                    Linear::new(
                        &format!("level{l}.sticks"),
                        h,
                        2 * k.max(2).saturating_sub(1),
                        &mut params,
                        &mut rng,
                    ),
                    params.fixed(
                        &format!("level{l}.connectivity"),
                        pool::bnpool::signed_identity(k.max(2), pool::bnpool::K_INIT),
                    ),
                ),
                Method::PanPool => Head::Pan(
                    params.glorot(&format!("level{l}.pan"), h, 1, &mut rng),
                    params.uniform(&format!("level{l}.pan_beta"), (1, 2), (0.5, 0.5), &mut rng),
                ),
                Method::EdgePool => Head::Edge(
                    params.glorot(&format!("level{l}.edge"), 2 * h, 1, &mut rng),
                    params.zeros(&format!("level{l}.edge_bias"), 1, 1),
                ),
                Method::MaxCut => {
                    Head::Cut(params.glorot(&format!("level{l}.cut"), h, 1, &mut rng))
                }
                Method::MemPool => Head::Memory(
                    params.uniform(&format!("level{l}.keys"), (k, h), (-1.0, 1.0), &mut rng),
                    params.uniform(&format!("level{l}.head"), (1, 1), (0.5, 1.0), &mut rng),
                ),
                m if m.is_soft() => Head::Logits(Linear::new(
                    &format!("level{l}.assign"),
                    h,
                    k,
                    &mut params,
                    &mut rng,
                )),
                Method::AsaPool => {
                    let name = |part: &str| format!("level{l}.asap.{part}");
                    Head::Asap([
                        params.glorot(&name("lin"), h, h, &mut rng),
                        params.zeros(&name("lin_b"), 1, h),
                        params.glorot(&name("att"), 2 * h, 1, &mut rng),
                        params.zeros(&name("att_b"), 1, 1),
                        params.glorot(&name("le1"), h, 1, &mut rng),
                        params.zeros(&name("le1_b"), 1, 1),
                        params.glorot(&name("le2"), h, 1, &mut rng),
                        params.glorot(&name("le3"), h, 1, &mut rng),
                        params.zeros(&name("le3_b"), 1, 1),
                    ])
                }
                Method::TopK => {
                    Head::TopK(params.glorot(&format!("level{l}.score"), h, 1, &mut rng))
                }
                Method::SagPool => Head::Sag(Conv::new(
                    ConvKind::Gcn,
                    &format!("level{l}.score"),
                    h,
                    1,
                    &mut params,
                    &mut rng,
                )),
                _ => Head::Fixed,
            });
            dim = h * cfg.method.pooled_width();
        }
        let top = Conv::new(cfg.conv, "top.conv", dim, h, &mut params, &mut rng);
        let node_in = if cfg.method.is_soft() { 2 * h } else { h };
        let node_head = (cfg.task == Task::Node)
            .then(|| Linear::new("node.out", node_in, classes.max(1), &mut params, &mut rng));
        let graph_head = (cfg.task == Task::Graph)
            .then(|| Linear::new("graph.out", h, classes.max(1), &mut params, &mut rng));
        Self {
            params,
            method: cfg.method,
            temperature: cfg.temperature,
            unsupervised: cfg.task == Task::Cluster,
            ks: ks.to_vec(),
            convs,
            heads,
            top,
            node_head,
            graph_head,
            readout: cfg.readout,
            dropout: cfg.dropout,
        }
    }

    /// MemPool's keys start at k-means centres of the embeddings they will meet (as DEC
    /// starts its cluster centres), level by level; PyG draws them uniformly in [−1, 1],
    /// where on ReLU embeddings most keys are far from every node and their clusters stay
    /// empty (3 of 6 used on a planted partition). At most `SAMPLE` nodes are clustered.
    pub fn init_memory_keys(&mut self, input: &GraphInput, seed: u64) {
        const SAMPLE: usize = 5_000;
        for l in 0..self.heads.len() {
            let Head::Memory(keys, _) = self.heads[l] else {
                continue;
            };
            let mut t = Tape::new();
            let trace = self.forward(&mut t, input, None);
            let h = t.value(trace.levels[l].embeddings);
            let n = h.nrows();
            let k = self.ks[l].min(n).max(1);
            let rows: Vec<usize> = if n > SAMPLE {
                (0..SAMPLE).map(|i| i * n / SAMPLE).collect()
            } else {
                (0..n).collect()
            };
            let x = h.select(ndarray::Axis(0), &rows);
            let labels = crate::numeric::kmeans::kmeans(&x, k, 3, seed ^ l as u64);
            let c = crate::numeric::kmeans::centres(&x, &labels, k);
            if self.params.values[keys.0].dim() == c.dim() {
                self.params.values[keys.0] = c;
            }
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
            let pooled = match (&self.heads[l], self.method) {
                (Head::Logits(lin), m) => {
                    let logits = lin.forward(t, &p, h);
                    pool::dense(m, t, &adj, h, logits, self.temperature, self.unsupervised)
                }
                (Head::Stick(lin, kc), _) => {
                    let out = lin.forward(t, &p, h);
                    pool::bnpool::pool(t, &adj, h, out, p[kc.0])
                }
                (Head::Leaders, _) => pool::lapool::pool(t, &adj, h),
                (Head::Pan(w, beta), _) => {
                    pool::panpool::pool(t, &adj, h, p[w.0], p[beta.0], ratio)
                }
                (Head::Edge(w, b), _) => {
                    pool::edgepool::pool(t, &adj, h, p[w.0], p[b.0], self.ks[l])
                }
                (Head::Cut(w), _) => pool::maxcut::pool(t, &adj, h, p[w.0], self.ks[l]),
                (Head::Memory(keys, scale), _) => {
                    pool::mempool::pool(t, &adj, h, p[keys.0], p[scale.0])
                }
                (Head::Asap(ids), _) => {
                    let v = |k: usize| p[ids[k].0];
                    let w = pool::asapool::Weights {
                        lin: (v(0), v(1)),
                        att: (v(2), v(3)),
                        le1: (v(4), v(5)),
                        le2: v(6),
                        le3: (v(7), v(8)),
                    };
                    pool::asapool::pool(t, &adj, h, &w, ratio)
                }
                (Head::TopK(w), _) => pool::topk::pool(t, &adj, h, p[w.0], ratio),
                (Head::Sag(conv), _) => {
                    let scores = conv.forward(t, &p, &adj, ops, h);
                    pool::sagpool::pool(t, &adj, h, scores, ratio)
                }
                (Head::Fixed, _) => fixed_pool(t, &adj, h, &input.fixed[l]),
            };
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
            adj = pooled.adj;
        }
        let top = self.top.forward(t, &p, &adj, None, x);
        let top = t.relu(top);
        let node_logits = self.node_head.as_ref().map(|head| {
            let h0 = levels[0].embeddings;
            let input = match &levels[0].assignment {
                Assignment::Soft(s) if self.method.is_soft() => {
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

/// A fixed method's pooling: a hard level averages its members' features and sums their
/// edges (`A' = SᵀAS`); a soft one (NMF) pools as the dense methods do, `SᵀX` and the
/// normalised `SᵀAS`.
fn fixed_pool(t: &mut Tape, adj: &Adjacency, h: Var, level: &pool::FixedLevel) -> pool::Pooled {
    let (clusters, k) = match level {
        pool::FixedLevel::Soft(s) => {
            let s = t.constant(s.as_ref().clone());
            return pool::Pooled::soft(t, adj, h, s, Vec::new());
        }
        pool::FixedLevel::Selection { kept, adjacency } => {
            let x = t.gather_rows(h, kept.clone());
            let scores = t.constant(Mat::ones((t.shape(h).0, 1)));
            let adj = Adjacency::sparse(adjacency.as_ref().clone());
            return pool::Pooled {
                assignment: Assignment::Selection {
                    kept: kept.clone(),
                    scores,
                },
                x,
                adj: adj.clone(),
                raw_adj: adj,
                losses: Vec::new(),
                reported: Vec::new(),
                objective: None,
            };
        }
        pool::FixedLevel::Modes {
            clusters,
            k,
            theta,
            adjacency,
        } => {
            // Each mode's Θ_mᵀH, side by side.
            let mut x: Option<Var> = None;
            for m in 0..pool::eigenpool::MODES {
                let block = theta
                    .slice(ndarray::s![.., m * k..(m + 1) * k])
                    .t()
                    .to_owned();
                let bt = t.constant(block);
                let part = t.matmul(bt, h);
                x = Some(match x {
                    Some(acc) => t.concat_cols(acc, part),
                    None => part,
                });
            }
            let adj = Adjacency::sparse(adjacency.as_ref().clone());
            return pool::Pooled {
                assignment: Assignment::Hard {
                    clusters: clusters.clone(),
                    k: *k,
                },
                x: x.unwrap_or(h),
                adj: adj.clone(),
                raw_adj: adj,
                losses: Vec::new(),
                reported: Vec::new(),
                objective: None,
            };
        }
        pool::FixedLevel::Hard { clusters, k } => (clusters, *k),
    };
    let x = cluster_means(t, h, clusters, k);
    let a = pool::graclus::coarsen(&adj.csr(t), clusters, k);
    let adj = Adjacency::sparse(a);
    pool::Pooled {
        assignment: Assignment::Hard {
            clusters: clusters.clone(),
            k,
        },
        x,
        adj: adj.clone(),
        raw_adj: adj,
        losses: Vec::new(),
        reported: Vec::new(),
        objective: None,
    }
}

/// Each cluster's mean of `h`'s rows, by a sparse product (`n x n`, its first `k` rows
/// used: the tape's sparse matrices are square), so a level of thousands of clusters costs
/// `O(n d)`, not the `O(n k d)` of a dense one-hot product.
fn cluster_means(t: &mut Tape, h: Var, clusters: &[u32], k: usize) -> Var {
    let n = clusters.len();
    let mut counts = vec![0.0f32; k];
    for &c in clusters {
        counts[c as usize] += 1.0;
    }
    let trip: Vec<(u32, u32, f32)> = clusters
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u32, 1.0 / counts[c as usize].max(1.0)))
        .collect();
    let m = crate::autodiff::Sparse::new(Csr::from_triplets(n.max(k), &trip));
    let sums = t.spmm(&m, h);
    if k < n {
        t.gather_rows(sums, Arc::new((0..k).collect()))
    } else {
        sums
    }
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
