//! Message-passing layers on a constant sparse adjacency (level 0) or a dense tape variable
//! (pooled levels):
//! - GCN (Kipf & Welling 2017): `Â X W + b`, `Â = D̃^-1/2 (A + I) D̃^-1/2`;
//! - GraphSAGE, mean aggregator (Hamilton et al. 2017): `D⁻¹A X W₁ + X W₂ + b`;
//! - GIN (Xu et al. 2019): `MLP((1 + ε) X + A X)` with ε = 0 and a two-layer MLP.

use super::params::{ParamId, ParamStore};
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Sparse, Tape, Var};
use crate::graph::Csr;
use crate::numeric::rng::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ConvKind {
    #[default]
    Gcn,
    Sage,
    Gin,
}

impl std::str::FromStr for ConvKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "gcn" => Ok(ConvKind::Gcn),
            "sage" | "graphsage" => Ok(ConvKind::Sage),
            "gin" => Ok(ConvKind::Gin),
            _ => Err(format!("unknown layer `{s}` (expected gcn, sage or gin)")),
        }
    }
}

/// `D̃^-1/2 (A + I) D̃^-1/2` for a sparse adjacency.
pub fn gcn_normalised(a: &Csr) -> Csr {
    let n = a.node_count();
    let mut t: Vec<(u32, u32, f32)> = a.iter().filter(|&(i, j, _)| i != j).collect();
    for i in 0..n {
        t.push((i as u32, i as u32, 1.0));
    }
    let with_loops = Csr::from_triplets(n, &t);
    let dinv: Vec<f32> = (0..n)
        .map(|i| {
            let d = with_loops.weighted_degree(i);
            if d > 0.0 { 1.0 / d.sqrt() } else { 0.0 }
        })
        .collect();
    let scaled: Vec<_> = with_loops
        .iter()
        .map(|(i, j, w)| (i, j, w * dinv[i as usize] * dinv[j as usize]))
        .collect();
    Csr::from_triplets(n, &scaled)
}

/// `D⁻¹ A` (row-normalised; rows of isolated nodes stay zero).
pub fn mean_normalised(a: &Csr) -> Csr {
    let n = a.node_count();
    let t: Vec<_> = a
        .iter()
        .map(|(i, j, w)| {
            let d = a.weighted_degree(i as usize);
            (i, j, if d != 0.0 { w / d } else { 0.0 })
        })
        .collect();
    Csr::from_triplets(n, &t)
}

/// The constant operators a conv layer needs for the input graph, built once per graph.
#[derive(Clone, Debug)]
pub struct SparseOperators {
    pub gcn: Sparse,
    pub mean: Sparse,
    pub raw: Sparse,
}

impl SparseOperators {
    pub fn new(a: &Csr) -> Self {
        Self {
            gcn: Sparse::new(gcn_normalised(a)),
            mean: Sparse::new(mean_normalised(a)),
            raw: Sparse::new(a.clone()),
        }
    }

    /// The operator a layer of `kind` aggregates with.
    pub fn for_kind(&self, kind: ConvKind) -> &Sparse {
        match kind {
            ConvKind::Gcn => &self.gcn,
            ConvKind::Sage => &self.mean,
            ConvKind::Gin => &self.raw,
        }
    }
}

/// One conv layer's weights.
#[derive(Clone, Copy, Debug)]
pub struct Conv {
    pub kind: ConvKind,
    w1: ParamId,
    w2: Option<ParamId>,
    b: ParamId,
    /// GIN's second MLP layer.
    mlp2: Option<(ParamId, ParamId)>,
}

impl Conv {
    pub fn new(
        kind: ConvKind,
        name: &str,
        fan_in: usize,
        fan_out: usize,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Self {
        let w1 = params.glorot(&format!("{name}.w"), fan_in, fan_out, rng);
        let w2 = (kind == ConvKind::Sage)
            .then(|| params.glorot(&format!("{name}.w_root"), fan_in, fan_out, rng));
        let b = params.zeros(&format!("{name}.b"), 1, fan_out);
        let mlp2 = (kind == ConvKind::Gin).then(|| {
            (
                params.glorot(&format!("{name}.mlp2.w"), fan_out, fan_out, rng),
                params.zeros(&format!("{name}.mlp2.b"), 1, fan_out),
            )
        });
        Self {
            kind,
            w1,
            w2,
            b,
            mlp2,
        }
    }

    /// Applies the layer (no activation after it) to `x` on a level's adjacency;
    /// `ops` are the input graph's operators when `adj` is sparse.
    pub fn forward(
        &self,
        t: &mut Tape,
        p: &[Var],
        adj: &Adjacency,
        ops: Option<&SparseOperators>,
        x: Var,
    ) -> Var {
        let aggregate = |t: &mut Tape, x: Var, which: ConvKind| -> Var {
            match (adj, ops) {
                (Adjacency::Sparse { .. }, Some(ops)) => t.spmm(ops.for_kind(which), x),
                (Adjacency::Sparse { a, .. }, None) => {
                    t.spmm(SparseOperators::new(&a.a).for_kind(which), x)
                }
                (Adjacency::Dense(a), _) => dense_aggregate(t, *a, x, which),
            }
        };
        match self.kind {
            ConvKind::Gcn => {
                let xw = t.matmul(x, p[self.w1.0]);
                let h = aggregate(t, xw, ConvKind::Gcn);
                t.add(h, p[self.b.0])
            }
            ConvKind::Sage => {
                let agg = aggregate(t, x, ConvKind::Sage);
                let h1 = t.matmul(agg, p[self.w1.0]);
                let root = self.w2.map(|w| t.matmul(x, p[w.0])).unwrap_or(h1);
                let h = t.add(h1, root);
                t.add(h, p[self.b.0])
            }
            ConvKind::Gin => {
                let agg = aggregate(t, x, ConvKind::Gin);
                let s = t.add(x, agg);
                let h = t.matmul(s, p[self.w1.0]);
                let h = t.add(h, p[self.b.0]);
                match self.mlp2 {
                    Some((w, b)) => {
                        let h = t.relu(h);
                        let h = t.matmul(h, p[w.0]);
                        t.add(h, p[b.0])
                    }
                    None => h,
                }
            }
        }
    }
}

/// Dense aggregation for pooled levels, normalised inside the tape so gradients reach `S`.
fn dense_aggregate(t: &mut Tape, a: Var, x: Var, kind: ConvKind) -> Var {
    let k = t.shape(a).0;
    match kind {
        ConvKind::Gcn => {
            let eye = Arc::new(Mat::eye(k));
            let off = Arc::new(Mat::from_shape_fn(
                (k, k),
                |(i, j)| if i == j { 0.0 } else { 1.0 },
            ));
            let a0 = t.mul_const(a, off);
            let eye = t.constant((*eye).clone());
            let al = t.add(a0, eye);
            let d = t.sum_cols(al);
            let sd = t.sqrt(d);
            let left = t.div(al, sd);
            let sdt = t.transpose(sd);
            let norm = t.div(left, sdt);
            t.matmul(norm, x)
        }
        ConvKind::Sage => {
            let d = t.sum_cols(a);
            let d = t.add_scalar(d, 1e-15);
            let an = t.div(a, d);
            t.matmul(an, x)
        }
        ConvKind::Gin => t.matmul(a, x),
    }
}

/// A dense layer `X W + b`.
#[derive(Clone, Copy, Debug)]
pub struct Linear {
    w: ParamId,
    b: ParamId,
}

impl Linear {
    pub fn new(
        name: &str,
        fan_in: usize,
        fan_out: usize,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Self {
        Self {
            w: params.glorot(&format!("{name}.w"), fan_in, fan_out, rng),
            b: params.zeros(&format!("{name}.b"), 1, fan_out),
        }
    }

    pub fn forward(&self, t: &mut Tape, p: &[Var], x: Var) -> Var {
        let h = t.matmul(x, p[self.w.0]);
        t.add(h, p[self.b.0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcn_normalisation_of_a_path() {
        // Path 0–1: Ã = [[1,1],[1,1]], D̃ = 2 I: every entry 1/2.
        let a = Csr::from_triplets(2, &[(0, 1, 1.0), (1, 0, 1.0)]);
        let g = gcn_normalised(&a);
        assert!((g.get(0, 0) - 0.5).abs() < 1e-6);
        assert!((g.get(0, 1) - 0.5).abs() < 1e-6);
        let m = mean_normalised(&Csr::from_triplets(3, &[(0, 1, 1.0), (0, 2, 3.0)]));
        assert_eq!(m.get(0, 2), 0.75);
        assert_eq!(m.row(1).0.len(), 0);
    }

    #[test]
    fn sparse_and_dense_layers_agree() {
        let a = Csr::from_triplets(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 2.0), (2, 1, 2.0)]);
        for kind in [ConvKind::Gcn, ConvKind::Sage, ConvKind::Gin] {
            let mut params = ParamStore::default();
            let mut rng = Rng::new(1);
            let conv = Conv::new(kind, "c", 2, 3, &mut params, &mut rng);
            let mut t = Tape::new();
            let p = params.on_tape(&mut t);
            let x = t.constant(Mat::from_shape_fn((3, 2), |(i, j)| (i + 2 * j) as f32));
            let sparse = Adjacency::sparse(a.clone());
            let ops = SparseOperators::new(&a);
            let ys = conv.forward(&mut t, &p, &sparse, Some(&ops), x);
            let dense = Adjacency::Dense(t.constant(sparse.to_dense(&t)));
            let yd = conv.forward(&mut t, &p, &dense, None, x);
            let diff = (t.value(ys) - t.value(yd)).mapv(f32::abs).sum();
            assert!(diff < 1e-4, "{kind:?}: {diff}");
        }
    }
}
