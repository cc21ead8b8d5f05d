//! LaPool, Laplacian pooling (Noutahi, Beaini, Horwood, Giguère, Tossou, "Towards
//! Interpretable Sparse Graph Representation Learning with Laplacian Pooling", 2019), as
//! torch-geometric-pool 1.0's `LaPooling` without the shortest-path regulariser.
//!
//! - Select: leaders are the nodes where the graph signal changes most, `‖(LX)ᵢ‖ = ‖dᵢxᵢ −
//!   Σⱼ aᵢⱼxⱼ‖` at least as large as every neighbour's; every other node is softly assigned to
//!   the leaders by the softmax of its cosine similarity to them, and each leader to itself.
//!   The number of clusters is the number of leaders: LaPool chooses it, and it can change as
//!   the features train (K asked for is ignored).
//! - Reduce: `X' = Sᵀ X`.
//! - Connect: `A' = Sᵀ A S`, diagonal zeroed, then `D'^-1/2 A' D'^-1/2`.
//! - No auxiliary loss: it learns only through a task's loss (the node task), like TopK.

use super::dense::{SOFT_CONNECT, SOFT_REDUCE};
use super::output::Pooled;
use super::pooler::{Card, Layer, LayerInput, LayerSetup, Learning, Pooler};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;
use std::sync::Arc;

/// The cosine similarity's guard against zero norms (tgp's).
const EPS: f32 = 1e-8;

/// Each node's neighbours (self-loops aside), from a sparse or dense adjacency.
fn neighbours(t: &Tape, adj: &Adjacency) -> Vec<Vec<(usize, f32)>> {
    match adj {
        Adjacency::Sparse { a, .. } => (0..a.a.node_count())
            .map(|i| {
                let (cols, w) = a.a.row(i);
                cols.iter()
                    .zip(w)
                    .filter(|(j, w)| **j as usize != i && **w != 0.0)
                    .map(|(j, w)| (*j as usize, *w))
                    .collect()
            })
            .collect(),
        Adjacency::Dense(v) => {
            let m = t.value(*v);
            (0..m.nrows())
                .map(|i| {
                    (0..m.ncols())
                        .filter(|&j| j != i && m[[i, j]] != 0.0)
                        .map(|j| (j, m[[i, j]]))
                        .collect()
                })
                .collect()
        }
    }
}

/// The leaders of `h` on `adj`, in node order (every node when none qualifies, as tgp).
pub fn leaders(t: &Tape, adj: &Adjacency, h: Var) -> Vec<usize> {
    let x = t.value(h);
    let nb = neighbours(t, adj);
    let n = x.nrows();
    let score: Vec<f32> = (0..n)
        .map(|i| {
            let d: f32 = nb[i].iter().map(|e| e.1).sum();
            let mut v = x.row(i).mapv(|z| z * d);
            for &(j, w) in &nb[i] {
                v.scaled_add(-w, &x.row(j));
            }
            v.dot(&v).sqrt()
        })
        .collect();
    let chosen: Vec<usize> = (0..n)
        .filter(|&i| nb[i].iter().all(|&(j, _)| score[i] >= score[j]))
        .collect();
    if chosen.is_empty() {
        (0..n).collect()
    } else {
        chosen
    }
}

pub fn pool(t: &mut Tape, adj: &Adjacency, h: Var) -> Pooled {
    let chosen = leaders(t, adj, h);
    let (n, k) = (t.shape(h).0, chosen.len());
    let lead = Arc::new(chosen.clone());
    let hl = t.gather_rows(h, lead);
    let hlt = t.transpose(hl);
    let dot = t.matmul(h, hlt);
    let hh = t.mul(h, h);
    let norms = t.sum_cols(hh);
    let norms = t.add_scalar(norms, 1e-12);
    let norms = t.sqrt(norms);
    let lnorms = t.gather_rows(norms, Arc::new(chosen.clone()));
    let lnorms = t.transpose(lnorms);
    let outer = t.matmul(norms, lnorms);
    let outer = t.add_scalar(outer, EPS);
    let cosine = t.div(dot, outer);
    let soft = t.softmax_rows(cosine);
    // Leaders' rows become one-hot on themselves.
    let mut keep = Mat::ones((n, k));
    let mut own = Mat::zeros((n, k));
    for (c, &i) in chosen.iter().enumerate() {
        keep.row_mut(i).fill(0.0);
        own[[i, c]] = 1.0;
    }
    let soft = t.mul_const(soft, Arc::new(keep));
    let own = t.constant(own);
    let s = t.add(soft, own);
    Pooled::soft(t, adj, h, s, Vec::new())
}

pub struct LaPool;

/// LaPool has no parameters: its leaders and assignment come from the features.
struct Leaders;

impl Layer for Leaders {
    fn forward(&self, t: &mut Tape, _p: &[Var], input: &LayerInput<'_>) -> Pooled {
        pool(t, input.adj, input.h)
    }
}

impl Pooler for LaPool {
    fn learning(&self) -> Learning {
        Learning::ThroughTask
    }
    /// Its soft assignment compares every node with every leader candidate: about half of
    /// `n x n` floats (measured: 865 MB at 20,000 nodes).
    fn peak_floats(&self, n: usize, _arcs: usize, k: usize) -> f64 {
        0.55 * n as f64 * n as f64 + 15.0 * n as f64 * k as f64
    }

    fn layer(
        &self,
        _setup: &LayerSetup<'_>,
        _params: &mut ParamStore,
        _rng: &mut Rng,
    ) -> Box<dyn Layer> {
        Box::new(Leaders)
    }

    fn idle_reason(&self, _name: &str) -> String {
        "LaPool has no loss of its own: clustering alone, its leaders and soft assignment come \
         from the untrained features, one pass (choose the node task with a label column to \
         train them)"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "LaPool chose {got} leaders (its clusters) where {asked} were asked: it counts the \
             nodes where the features change more than at any neighbour"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "Leaders: nodes whose ||(L X)_i|| (how much the signal changes there) is at least every neighbour's. Every other node joins the leaders softly, by the softmax of its cosine similarity to them; a leader keeps itself. K is the number of leaders: LaPool picks it.",
            reduce: SOFT_REDUCE,
            connect: SOFT_CONNECT,
            losses: &[],
            failure: "No loss of its own: clustering alone it pools the untrained features once; it learns through the node or graph task only. The leader count follows the features, so it can be far from the communities' number and change as training goes.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Csr;
    use crate::pool::Assignment;

    #[test]
    fn a_star_s_centre_leads_and_its_leaves_follow() {
        // A star 0-{1,2,3} with distinct features at the centre: ‖(LX)₀‖ is the largest.
        let mut e = Vec::new();
        for j in 1..4u32 {
            e.push((0, j, 1.0));
            e.push((j, 0, 1.0));
        }
        let adj = Adjacency::sparse(Csr::from_triplets(4, &e));
        let mut t = Tape::new();
        let h = t.constant(
            Mat::from_shape_vec((4, 2), vec![3.0, 0.0, 0.0, 1.0, 0.1, 1.0, 0.2, 1.0])
                .expect("shape"),
        );
        assert_eq!(leaders(&t, &adj, h), vec![0]);
        let p = pool(&mut t, &adj, h);
        let Assignment::Soft(s) = p.assignment else {
            panic!("soft")
        };
        let s = t.value(s);
        assert_eq!(s.dim(), (4, 1));
        assert!(
            s.iter().all(|v| (v - 1.0).abs() < 1e-6),
            "one leader takes all"
        );
    }
}
