//! MaxCut pooling (Abate & Bianchi, "MaxCutPool: differentiable feature-aware Maxcut for
//! pooling in graph neural networks", ICLR 2025), as torch-geometric-pool 1.0's
//! `MaxCutPooling` with `assign_all_nodes`, its score network reduced to one linear layer on
//! the level's convolution (tgp stacks twelve δ-GCN layers and an MLP).
//!
//! - Select: scores `z = tanh(H p)`; the `⌈K⌉` best nodes become supernodes, and every other
//!   node joins the nearest one by hops (the best-scored among equally near), so each
//!   supernode stands for its region; nodes with no supernode in reach join the best one.
//! - Reduce: `X'` = the mean of each cluster's embeddings, gated by its supernode's score.
//! - Connect: `A' = Sᵀ A S`.
//! - Loss: `maxcut = zᵀ A z / Σ aᵢⱼ`, smallest when neighbours' scores have opposite signs:
//!   the scores learn a maximum cut, so the kept nodes spread over the graph instead of
//!   crowding one region as TopK's can.

use super::output::{Assignment, Pooled};
use super::pooler::{Card, Layer, LayerInput, LayerSetup, Learning, Pooler};
use super::topk::{kept_count, top_k};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Csr;
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// `zᵀAz / Σ a`, over the stored entries (tgp's `maxcut_loss` for one graph).
pub fn maxcut_loss(t: &mut Tape, adj: &Adjacency, z: Var) -> Var {
    let az = adj.times(t, z);
    let prod = t.mul(z, az);
    let cut = t.sum(prod);
    let volume = match adj {
        Adjacency::Sparse { a, .. } => a.a.iter().map(|e| f64::from(e.2)).sum::<f64>(),
        Adjacency::Dense(v) => t.value(*v).iter().map(|&x| f64::from(x)).sum::<f64>(),
    };
    let volume = if volume == 0.0 { 1.0 } else { volume };
    t.scale(cut, (1.0 / volume) as f32)
}

/// Each node's supernode: breadth-first from all kept nodes at once, ties to the better score.
fn nearest(a: &Csr, kept: &[usize]) -> Vec<u32> {
    let n = a.node_count();
    let mut cluster = vec![u32::MAX; n];
    let mut frontier: Vec<usize> = Vec::new();
    // `kept` is best first, so earlier claims win ties.
    for (c, &i) in kept.iter().enumerate() {
        cluster[i] = c as u32;
        frontier.push(i);
    }
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for &i in &frontier {
            for &j in a.row(i).0 {
                let j = j as usize;
                if cluster[j] == u32::MAX {
                    cluster[j] = cluster[i];
                    next.push(j);
                }
            }
        }
        frontier = next;
    }
    for c in &mut cluster {
        if *c == u32::MAX {
            *c = 0;
        }
    }
    cluster
}

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, p: Var, k: usize) -> Pooled {
    let raw = t.matmul(h, p);
    let z = t.tanh(raw);
    let loss = maxcut_loss(t, adj, z);
    let n = t.shape(h).0;
    let ratio = k as f32 / n.max(1) as f32;
    let kept = top_k(t.value(z), kept_count(n, ratio));
    let a = adj.csr(t);
    let clusters = nearest(&a, &kept);
    let k = kept.len();
    let mut counts = vec![0.0f32; k];
    for &c in &clusters {
        counts[c as usize] += 1.0;
    }
    let st = Mat::from_shape_fn((k, n), |(c, i)| {
        if clusters[i] as usize == c {
            1.0 / counts[c].max(1.0)
        } else {
            0.0
        }
    });
    let st = t.constant(st);
    let mean = t.matmul(st, h);
    let gate = t.gather_rows(z, Arc::new(kept));
    let x = t.mul(mean, gate);
    let pooled = Adjacency::sparse(crate::graph::contract(&a, &clusters, k));
    Pooled {
        assignment: Assignment::Hard {
            clusters: Arc::new(clusters),
            k,
        },
        x,
        adj: pooled.clone(),
        raw_adj: pooled,
        losses: vec![("maxcut", loss)],
        reported: Vec::new(),
        objective: None,
    }
}

pub struct MaxCut;

/// The score weights (`h x 1`).
struct Scores(ParamId);

impl Layer for Scores {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(t, input.adj, input.h, p[self.0.0], input.k)
    }
}

impl Pooler for MaxCut {
    fn learning(&self) -> Learning {
        Learning::Alone
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        Box::new(Scores(params.glorot(
            &setup.name("cut"),
            setup.hidden,
            1,
            rng,
        )))
    }

    fn card(&self) -> Card {
        Card {
            select: "z = tanh(H p); the K best-scored nodes become supernodes and every other node joins the nearest (by hops; ties to the better score).",
            reduce: "X' = mean of each cluster's embeddings, times its supernode's score",
            connect: "A' = S^T A S",
            losses: &[(
                "maxcut",
                "z^T A z / sum_ij a_ij  (smallest when neighbours' scores have opposite signs)",
            )],
            failure: "The cut only spreads the supernodes out: clusters are regions around them, not communities. poolscope scores with one linear layer where torch-geometric-pool stacks twelve delta-GCN layers, so its scores are less smooth.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternating_scores_on_a_path_are_the_best_cut() {
        // A path of 4: z = (1, −1, 1, −1) cuts every edge: zᵀAz = −6 over a volume of 6.
        let mut e = Vec::new();
        for i in 0..3u32 {
            e.push((i, i + 1, 1.0));
            e.push((i + 1, i, 1.0));
        }
        let adj = Adjacency::sparse(Csr::from_triplets(4, &e));
        let mut t = Tape::new();
        let z = t.constant(Mat::from_shape_vec((4, 1), vec![1.0, -1.0, 1.0, -1.0]).expect("shape"));
        let l = maxcut_loss(&mut t, &adj, z);
        assert!((t.item(l) + 1.0).abs() < 1e-6);
        let same = t.constant(Mat::ones((4, 1)));
        let l = maxcut_loss(&mut t, &adj, same);
        assert!((t.item(l) - 1.0).abs() < 1e-6);
        // Kept nodes 0 and 3 split the path in two.
        let a = Csr::from_triplets(4, &e);
        assert_eq!(nearest(&a, &[0, 3]), vec![0, 0, 1, 1]);
    }
}
