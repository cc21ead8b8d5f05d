//! TopK pooling (gPool: Gao & Ji, "Graph U-Nets", ICML 2019), as
//! `torch_geometric.nn.TopKPooling` with `nonlinearity = tanh`.
//!
//! - Select: `y = tanh(H p / ‖p‖)`; keep the `⌈ratio · N⌉` highest scores.
//! - Reduce: `X' = H[idx] ⊙ y[idx]` (the score gates the features, so `p` learns).
//! - Connect: `A' = A[idx, idx]`.

use super::output::{Assignment, Pooled};
use super::pooler::{Card, Keeps, Layer, LayerInput, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// How many nodes `ratio` keeps of `n` (at least one).
pub fn kept_count(n: usize, ratio: f32) -> usize {
    ((ratio * n as f32).ceil() as usize).clamp(1, n.max(1))
}

/// Indices of the `k` largest scores, best first (ties by index, so the choice is stable).
pub fn top_k(scores: &Mat, k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.nrows()).collect();
    idx.sort_by(|&a, &b| scores[[b, 0]].total_cmp(&scores[[a, 0]]).then(a.cmp(&b)));
    idx.truncate(k);
    idx
}

/// `A[idx, idx]`.
pub fn induced(t: &mut Tape, adj: &Adjacency, idx: &Arc<Vec<usize>>) -> Adjacency {
    match adj {
        Adjacency::Sparse { a, .. } => {
            let mut new = vec![u32::MAX; a.rows()];
            for (k, &i) in idx.iter().enumerate() {
                new[i] = k as u32;
            }
            let trip: Vec<_> =
                a.a.iter()
                    .filter_map(|(i, j, w)| {
                        let (u, v) = (new[i as usize], new[j as usize]);
                        (u != u32::MAX && v != u32::MAX).then_some((u, v, w))
                    })
                    .collect();
            Adjacency::sparse(crate::graph::Csr::from_triplets(idx.len(), &trip))
        }
        Adjacency::Dense(a) => {
            let rows = t.gather_rows(*a, idx.clone());
            let rt = t.transpose(rows);
            let both = t.gather_rows(rt, idx.clone());
            Adjacency::Dense(t.transpose(both))
        }
    }
}

/// Pools with precomputed raw scores `n x 1` (TopK: `H p`; SAGPool: a GCN's output).
pub fn pool_with_scores(
    t: &mut Tape,
    adj: &Adjacency,
    h: Var,
    raw_scores: Var,
    ratio: f32,
) -> Pooled {
    let y = t.tanh(raw_scores);
    pool_with_gate(t, adj, h, y, ratio)
}

/// Pools with activated scores `y` (`n x 1`): keeps the best, gates their features by `y`.
pub fn pool_with_gate(t: &mut Tape, adj: &Adjacency, h: Var, y: Var, ratio: f32) -> Pooled {
    let n = t.shape(h).0;
    let kept = Arc::new(top_k(t.value(y), kept_count(n, ratio)));
    let hk = t.gather_rows(h, kept.clone());
    let yk = t.gather_rows(y, kept.clone());
    let x = t.mul(hk, yk);
    let a = induced(t, adj, &kept);
    Pooled {
        assignment: Assignment::Selection { kept, scores: y },
        x,
        adj: a.clone(),
        raw_adj: a,
        losses: Vec::new(),
        reported: Vec::new(),
        objective: None,
    }
}

/// TopK: scores `H p / ‖p‖`.
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, p: Var, ratio: f32) -> Pooled {
    let norm = t.frob_norm(p);
    let norm = t.add_scalar(norm, 1e-15);
    let hp = t.matmul(h, p);
    let scores = t.div(hp, norm);
    pool_with_scores(t, adj, h, scores, ratio)
}

pub struct TopK;

/// The projection `p` (`h x 1`).
struct Projection(ParamId);

impl Layer for Projection {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(t, input.adj, input.h, p[self.0.0], input.ratio)
    }
}

impl Pooler for TopK {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
    }

    fn keeps(&self) -> Keeps {
        Keeps::Selected
    }

    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer> {
        Box::new(Projection(params.glorot(
            &setup.name("score"),
            setup.hidden,
            1,
            rng,
        )))
    }

    fn card(&self) -> Card {
        Card {
            select: "y = tanh(X p / ||p||); keep the ceil(ratio N) highest scores.",
            reduce: "X' = X[idx] * y[idx]",
            connect: "A' = A[idx, idx]",
            losses: &[],
            failure: "Kept nodes can all come from one region, and dropped nodes vanish with their edges: the pooled graph may fall apart.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_best_scores() {
        let s = Mat::from_shape_vec((5, 1), vec![0.1, 0.9, -0.3, 0.9, 0.5]).expect("shape");
        assert_eq!(top_k(&s, 3), vec![1, 3, 4]);
        assert_eq!(kept_count(10, 0.25), 3);
        assert_eq!(kept_count(3, 0.01), 1);
    }
}
