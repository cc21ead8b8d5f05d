//! Graph classification over a data set (e.g. MUTAG): seeded k-fold cross-validation, one model
//! per fold, mini-batches whose graphs run in parallel (each on its own tape), and the mean test
//! accuracy at the last epoch.

use super::config::{Task, TrainConfig};
use super::features::{self, FeatureKind};
use super::model::{GraphInput, Model};
use super::session::TrainError;
use crate::autodiff::{Mat, Tape};
use crate::graph::Dataset;
use crate::nn::Adam;
use crate::numeric::rng::Rng;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FoldResult {
    pub fold: usize,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CrossValidation {
    pub folds: Vec<FoldResult>,
    pub mean_test_accuracy: f64,
    pub std_test_accuracy: f64,
    pub ms_per_epoch: f64,
}

/// Features for every graph with one width: spectral is per graph and varies, so the graph task
/// uses the file's labels or features (one-hot node labels for TU data) or degrees.
fn dataset_features(d: &Dataset, kind: FeatureKind, seed: u64) -> Result<Vec<Mat>, TrainError> {
    let kind = match kind {
        FeatureKind::Spectral | FeatureKind::File => {
            let has_own = d
                .graphs
                .first()
                .is_some_and(|g| g.nodes.features.is_some() || !g.nodes.labels.is_empty());
            if has_own {
                FeatureKind::File
            } else {
                FeatureKind::Degree
            }
        }
        FeatureKind::Identity => {
            return Err(TrainError::Config(
                "identity features differ in width between graphs; use file or degree".into(),
            ));
        }
        FeatureKind::Degree => FeatureKind::Degree,
    };
    d.graphs
        .iter()
        .map(|g| {
            features::build(g, kind, seed, features::SPECTRAL_DIMS).map_err(TrainError::Config)
        })
        .collect()
}

/// A data set made ready for training: per-graph inputs, sizes, labels and a seeded order.
pub struct Prepared {
    pub inputs: Vec<GraphInput>,
    pub ks: Vec<usize>,
    pub in_dim: usize,
    pub classes: usize,
    pub labels: Vec<Option<u32>>,
    pub order: Vec<usize>,
    pub cfg: TrainConfig,
}

impl Prepared {
    pub fn new(d: &Dataset, cfg: &TrainConfig) -> Result<Self, TrainError> {
        let labels = d
            .graph_labels
            .as_ref()
            .ok_or_else(|| TrainError::Config(format!("{} has no graph labels", d.name)))?;
        let classes = labels.classes.len();
        if d.len() < 2 || classes < 2 {
            return Err(TrainError::Config(
                "graph classification needs at least two graphs and two classes".into(),
            ));
        }
        let max_n = d.graphs.iter().map(|g| g.node_count()).max().unwrap_or(0);
        let ks = cfg.validate(max_n).map_err(|e| {
            // K comes from the largest graph (a ratio of it, by default): when that is below 2
            // the graphs themselves are what is too small.
            if e.contains("at least 2 clusters") {
                TrainError::Config(format!(
                    "{e}: the largest graph of {} has {max_n} node(s), too small to pool with \
                     these ratios; give larger --clusters ratios or counts, or graphs of more \
                     nodes",
                    d.name
                ))
            } else {
                TrainError::Config(e)
            }
        })?;
        let feats = dataset_features(d, cfg.features, cfg.seed)?;
        let cfg = TrainConfig {
            task: Task::Graph,
            ..cfg.clone()
        };
        let inputs: Vec<GraphInput> = d
            .graphs
            .iter()
            .zip(feats)
            .map(|(g, f)| GraphInput::new(g, f, &cfg, &ks))
            .collect();
        let in_dim = inputs.first().map_or(1, |i| i.features.ncols());
        let mut order: Vec<usize> = (0..d.len()).collect();
        Rng::new(cfg.seed).shuffle(&mut order);
        Ok(Self {
            inputs,
            ks,
            in_dim,
            classes,
            labels: labels.codes.clone(),
            order,
            cfg,
        })
    }

    /// The graphs of fold `fold` out of `folds` (a fixed stride through the seeded order).
    pub fn fold(&self, fold: usize, folds: usize) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .skip(fold)
            .step_by(folds.max(1))
            .collect()
    }

    /// Trains a fresh model on `train`; `progress(epoch, mean loss)` after each epoch.
    pub fn train_model(
        &self,
        seed: u64,
        train: &[usize],
        progress: &mut dyn FnMut(usize, f64),
    ) -> Result<Model, TrainError> {
        let cfg = TrainConfig {
            seed,
            ..self.cfg.clone()
        };
        let mut model = Model::new(&cfg, &self.ks, self.in_dim, self.classes);
        let mut adam = Adam::new(&model.params, cfg.lr);
        adam.weight_decay = cfg.weight_decay;
        adam.max_grad_norm = 10.0;
        let mut rng = Rng::new(seed);
        for epoch in 1..=cfg.epochs {
            let mut batch_order = train.to_vec();
            rng.shuffle(&mut batch_order);
            let mut epoch_loss = 0.0;
            for batch in batch_order.chunks(cfg.batch_size.max(1)) {
                let results: Vec<(f64, Vec<Mat>)> = batch
                    .par_iter()
                    .map(|&gi| {
                        graph_loss_and_grads(&model, &self.inputs[gi], self.labels[gi], true)
                    })
                    .collect();
                let mut sum: Vec<Mat> = model
                    .params
                    .values
                    .iter()
                    .map(|p| Mat::zeros(p.dim()))
                    .collect();
                for (loss, grads) in &results {
                    epoch_loss += loss;
                    for (s, g) in sum.iter_mut().zip(grads) {
                        *s += g;
                    }
                }
                let scale = 1.0 / batch.len() as f32;
                for s in &mut sum {
                    s.mapv_inplace(|v| v * scale);
                }
                if !epoch_loss.is_finite() || sum.iter().any(|g| g.iter().any(|v| !v.is_finite())) {
                    return Err(TrainError::Diverged {
                        epoch,
                        what: "loss or gradient is not finite".into(),
                    });
                }
                adam.step(&mut model.params, &sum);
            }
            progress(epoch, epoch_loss / train.len().max(1) as f64);
        }
        Ok(model)
    }

    pub fn accuracy(&self, model: &Model, set: &[usize]) -> f64 {
        let right = set
            .par_iter()
            .filter(|&&gi| predict(model, &self.inputs[gi]) == self.labels[gi])
            .count();
        right as f64 / set.len().max(1) as f64
    }
}

/// A classifier fitted on all graphs but one held-out fold, for the window: predictions for
/// every graph and the hierarchy the model builds on any of them.
pub struct Classifier {
    pub prepared: Prepared,
    pub model: Model,
    pub held_out: Vec<bool>,
    pub predictions: Vec<Option<u32>>,
    pub test_accuracy: f64,
}

impl Classifier {
    pub fn fit(
        d: &Dataset,
        cfg: &TrainConfig,
        mut progress: impl FnMut(usize, f64),
    ) -> Result<Self, TrainError> {
        let prepared = Prepared::new(d, cfg)?;
        let folds = cfg.folds.clamp(2, d.len());
        let test = prepared.fold(0, folds);
        let mut held_out = vec![false; d.len()];
        for &i in &test {
            held_out[i] = true;
        }
        let train: Vec<usize> = (0..d.len()).filter(|&i| !held_out[i]).collect();
        let model = prepared.train_model(cfg.seed, &train, &mut progress)?;
        let predictions = prepared
            .inputs
            .par_iter()
            .map(|input| predict(&model, input))
            .collect();
        let test_accuracy = prepared.accuracy(&model, &test);
        Ok(Self {
            prepared,
            model,
            held_out,
            predictions,
            test_accuracy,
        })
    }

    /// The hierarchy the model builds on graph `i`.
    pub fn hierarchy(
        &self,
        i: usize,
        graph: &crate::graph::Graph,
    ) -> Option<crate::hierarchy::Hierarchy> {
        let input = self.prepared.inputs.get(i)?;
        let mut t = Tape::new();
        let trace = self.model.forward(&mut t, input, None);
        let mut h =
            super::model::trace_to_hierarchy(&t, &trace, input, self.prepared.cfg.method.name());
        h.compute_metrics(graph, None);
        Some(h)
    }
}

/// Trains and evaluates `cfg.folds` folds; `progress(fold, epoch, loss)` after each epoch.
pub fn cross_validate(
    d: &Dataset,
    cfg: &TrainConfig,
    mut progress: impl FnMut(usize, usize, f64),
) -> Result<CrossValidation, TrainError> {
    let prepared = Prepared::new(d, cfg)?;
    let folds = cfg.folds.clamp(2, d.len());
    let mut results = Vec::new();
    let start = std::time::Instant::now();
    for fold in 0..folds {
        let test = prepared.fold(fold, folds);
        let train: Vec<usize> = prepared
            .order
            .iter()
            .copied()
            .filter(|i| !test.contains(i))
            .collect();
        let model = prepared
            .train_model(
                cfg.seed.wrapping_add(fold as u64),
                &train,
                &mut |epoch, loss| progress(fold, epoch, loss),
            )
            .map_err(|e| match e {
                TrainError::Diverged { epoch, what } => TrainError::Diverged {
                    epoch,
                    what: format!("fold {}: {what}", fold + 1),
                },
                other => other,
            })?;
        results.push(FoldResult {
            fold: fold + 1,
            train_accuracy: prepared.accuracy(&model, &train),
            test_accuracy: prepared.accuracy(&model, &test),
        });
    }
    let accs: Vec<f64> = results.iter().map(|r| r.test_accuracy).collect();
    let mean = accs.iter().sum::<f64>() / accs.len() as f64;
    let std = (accs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / accs.len() as f64).sqrt();
    Ok(CrossValidation {
        folds: results,
        mean_test_accuracy: mean,
        std_test_accuracy: std,
        ms_per_epoch: 1000.0 * start.elapsed().as_secs_f64() / (folds * cfg.epochs).max(1) as f64,
    })
}

/// Cross-entropy of one graph plus its pooling losses, and the gradients.
fn graph_loss_and_grads(
    model: &Model,
    input: &GraphInput,
    label: Option<u32>,
    train: bool,
) -> (f64, Vec<Mat>) {
    let mut t = Tape::new();
    let trace = model.forward(&mut t, input, None);
    let Some(logits) = trace.graph_logits else {
        return (
            0.0,
            model
                .params
                .values
                .iter()
                .map(|p| Mat::zeros(p.dim()))
                .collect(),
        );
    };
    let logp = t.log_softmax_rows(logits);
    let classes = t.shape(logp).1;
    let mut onehot = Mat::zeros((1, classes));
    if let Some(c) = label {
        onehot[[0, c as usize]] = 1.0;
    }
    let picked = t.mul_const(logp, Arc::new(onehot));
    let nll = t.sum(picked);
    let mut total = t.scale(nll, -1.0);
    if let Some(v) = trace.objective {
        total = t.add(total, v);
    }
    let loss = t.item(total) as f64;
    if !train {
        return (loss, Vec::new());
    }
    let mut grads = t.backward(total);
    let gs = trace
        .params
        .iter()
        .zip(&model.params.values)
        .map(|(&v, p)| grads.take(v).unwrap_or_else(|| Mat::zeros(p.dim())))
        .collect();
    (loss, gs)
}

fn predict(model: &Model, input: &GraphInput) -> Option<u32> {
    let mut t = Tape::new();
    let trace = model.forward(&mut t, input, None);
    trace
        .graph_logits
        .map(|l| crate::metrics::hard_assignment(t.value(l))[0])
}

/// The command line's report for `train --task graph`.
pub fn train_cli(d: &Dataset, cfg: &TrainConfig, json: bool) -> anyhow::Result<()> {
    let bar = indicatif::ProgressBar::new((cfg.folds.clamp(2, d.len().max(2)) * cfg.epochs) as u64);
    if json {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let cv = cross_validate(d, cfg, |fold, epoch, loss| {
        bar.inc(1);
        bar.set_message(format!("fold {} epoch {epoch} loss {loss:.4}", fold + 1));
    })?;
    bar.finish_and_clear();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"data_set": d.name, "method": cfg.method.name(), "cross_validation": cv})
            )?
        );
    } else {
        for f in &cv.folds {
            println!(
                "fold {:>2}: train {:.3}, test {:.3}",
                f.fold, f.train_accuracy, f.test_accuracy
            );
        }
        println!(
            "{} on {}: mean test accuracy {:.3} ± {:.3} over {} folds, {:.2} ms per epoch",
            cfg.method,
            d.name,
            cv.mean_test_accuracy,
            cv.std_test_accuracy,
            cv.folds.len(),
            cv.ms_per_epoch
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn graphs_too_small_to_pool_are_named_as_the_problem() {
        // Two graphs of two nodes: the default ratio 0.25 gives K = 1.
        let files = [
            ("A", "1, 2\n2, 1\n3, 4\n4, 3\n"),
            ("graph_indicator", "1\n1\n2\n2\n"),
            ("graph_labels", "1\n2\n"),
        ];
        let part = |p: &str| {
            files
                .iter()
                .find(|f| f.0 == p)
                .map(|f| (Cow::Borrowed(f.1.as_bytes()), format!("T_{p}.txt")))
        };
        let d = crate::io::tu::read("T", &part).expect("reads");
        let cfg = TrainConfig::default_for(Task::Graph);
        let e = Prepared::new(&d, &cfg).err().map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(
            e.contains("K = 1") && e.contains("largest graph of T has 2 node(s), too small"),
            "{e}"
        );
    }
}
