//! Path-integral pooling (Ma, Xuan, Wang, Li, Yu, "Path Integral Based Convolution and Pooling
//! for Graph Neural Networks", NeurIPS 2020), as PyG's and torch-geometric-pool 1.0's
//! `PANPooling` over a fixed maximal-entropy-transition (MET) matrix.
//!
//! - Select: `score = tanh(β₀ · Xp + β₁ · colsum(M̃))`, `M̃ = D^-1/2 (I + A + A²) D^-1/2` the
//!   normalised sum of walks up to length 2 (PANConv's MET matrix with equal path weights; PAN
//!   learns them), β initialised to (½, ½); the `⌈K⌉` best nodes are kept.
//! - Reduce: `X' = X[kept] · score[kept]`.
//! - Connect: `A' = A[kept, kept]`.
//!
//! No auxiliary loss: the scores learn through a task's loss, like TopK's; clustering alone
//! pools once with the untrained `p`, where the path term already favours well-connected nodes.

use super::output::Pooled;
use super::pooler::{Card, Keeps, Layer, LayerInput, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::nn::{ParamId, ParamStore};
use crate::numeric::rng::Rng;

/// The column sums of `D^-1/2 (I + A + A²) D^-1/2`, `D = diag((I + A + A²) 1)`, as `n x 1`.
pub fn path_scores(t: &mut Tape, adj: &Adjacency) -> Mat {
    let n = adj.node_count(t);
    let ones = t.constant(Mat::ones((n, 1)));
    let a1 = adj.times(t, ones);
    let a2 = adj.times(t, a1);
    let m1 = t.value(ones) + t.value(a1) + t.value(a2);
    let dinv = m1.mapv(|d| if d > 0.0 { 1.0 / d.sqrt() } else { 0.0 });
    let y = t.constant(dinv.clone());
    let ay = adj.times(t, y);
    let aay = adj.times(t, ay);
    let z = &dinv + t.value(ay) + t.value(aay);
    &z * &dinv
}

/// `p`: `h x 1`; `beta`: `1 x 2`.
pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var, p: Var, beta: Var, ratio: f32) -> Pooled {
    let path = path_scores(t, adj);
    let feature = t.matmul(h, p);
    let path = t.constant(path);
    let both = t.concat_cols(feature, path);
    let bt = t.transpose(beta);
    let raw = t.matmul(both, bt);
    super::topk::pool_with_scores(t, adj, h, raw, ratio)
}

pub struct PanPool;

/// The feature projection (`h x 1`) and the two score weights (`1 x 2`).
struct Pan {
    projection: ParamId,
    beta: ParamId,
}

impl Layer for Pan {
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(
            t,
            input.adj,
            input.h,
            p[self.projection.0],
            p[self.beta.0],
            input.ratio,
        )
    }
}

impl Pooler for PanPool {
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
        Box::new(Pan {
            projection: params.glorot(&setup.name("pan"), setup.hidden, 1, rng),
            beta: params.uniform(&setup.name("pan_beta"), (1, 2), (0.5, 0.5), rng),
        })
    }

    fn card(&self) -> Card {
        Card {
            select: "score = tanh(b0 X p + b1 colsum(M)), M = D^(-1/2) (I + A + A^2) D^(-1/2): features plus how many short paths reach the node; keep the K best.",
            reduce: "X' = X[kept] * score[kept]",
            connect: "A' = A[kept, kept]",
            losses: &[],
            failure: "As TopK: kept nodes crowd the best-connected region and the pooled graph can fall apart; no loss of its own, so clustering alone it keeps hubs. poolscope fixes PANConv's path weights to 1 where PAN learns them.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Csr;

    #[test]
    fn a_star_s_centre_has_the_largest_path_score() {
        let mut e = Vec::new();
        for j in 1..5u32 {
            e.push((0, j, 1.0));
            e.push((j, 0, 1.0));
        }
        let adj = Adjacency::sparse(Csr::from_triplets(5, &e));
        let mut t = Tape::new();
        let s = path_scores(&mut t, &adj);
        // M = I + A + A²: M₀₀ = 5, M₀ⱼ = 1, Mⱼⱼ = 2, Mⱼₖ = 1 between leaves; row sums 9 at the
        // centre and 6 at a leaf. Column sums of D^-1/2 M D^-1/2:
        let (c, l) = (9f32, 6f32);
        let centre = 5.0 / c + 4.0 / (c * l).sqrt();
        let leaf = 1.0 / (c * l).sqrt() + (2.0 + 3.0) / l;
        assert!(
            (s[[0, 0]] - centre).abs() < 1e-5,
            "{} vs {centre}",
            s[[0, 0]]
        );
        assert!((s[[1, 0]] - leaf).abs() < 1e-5, "{} vs {leaf}", s[[1, 0]]);
    }
}
