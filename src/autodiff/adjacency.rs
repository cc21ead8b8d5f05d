//! A level's adjacency as pooling sees it: the input graph as a constant sparse matrix, or a
//! pooled level as a dense tape variable (it depends on the assignment, so gradients flow
//! through it).

use super::{Mat, Sparse, Tape, Var};
use crate::graph::Csr;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Adjacency {
    Sparse {
        a: Sparse,
        /// Weighted degrees, `n x 1`.
        degree: Arc<Mat>,
        /// `‖A‖²_F`.
        frob2: f32,
    },
    Dense(Var),
}

impl Adjacency {
    pub fn sparse(a: Csr) -> Self {
        let n = a.node_count();
        let degree = Mat::from_shape_fn((n, 1), |(i, _)| a.weighted_degree(i));
        let frob2 = a.weights().iter().map(|w| w * w).sum();
        Adjacency::Sparse {
            a: Sparse::new(a),
            degree: Arc::new(degree),
            frob2,
        }
    }

    pub fn node_count(&self, t: &Tape) -> usize {
        match self {
            Adjacency::Sparse { a, .. } => a.rows(),
            Adjacency::Dense(v) => t.shape(*v).0,
        }
    }

    /// `A · X`.
    pub fn times(&self, t: &mut Tape, x: Var) -> Var {
        match self {
            Adjacency::Sparse { a, .. } => t.spmm(a, x),
            Adjacency::Dense(a) => t.matmul(*a, x),
        }
    }

    /// Weighted degrees as an `n x 1` variable.
    pub fn degree(&self, t: &mut Tape) -> Var {
        match self {
            Adjacency::Sparse { degree, .. } => t.constant((**degree).clone()),
            Adjacency::Dense(a) => t.sum_cols(*a),
        }
    }

    /// `‖A‖²_F` as a `1 x 1` variable.
    pub fn frob2(&self, t: &mut Tape) -> Var {
        match self {
            Adjacency::Sparse { frob2, .. } => t.scalar(*frob2),
            Adjacency::Dense(a) => {
                let sq = t.mul(*a, *a);
                t.sum(sq)
            }
        }
    }

    /// The values as CSR: the input's own matrix (shared), or a pooled level's dense value
    /// (as data: what the structural steps and the non-differentiable parts read).
    pub fn csr(&self, t: &Tape) -> Arc<Csr> {
        match self {
            Adjacency::Sparse { a, .. } => a.a.clone(),
            Adjacency::Dense(v) => Arc::new(Csr::from_dense(t.value(*v))),
        }
    }

    /// The value as a dense matrix (small levels only: display and export).
    pub fn to_dense(&self, t: &Tape) -> Mat {
        match self {
            Adjacency::Sparse { a, .. } => {
                let n = a.rows();
                let mut m = Mat::zeros((n, n));
                for (i, j, w) in a.a.iter() {
                    m[[i as usize, j as usize]] = w;
                }
                m
            }
            Adjacency::Dense(v) => t.value(*v).clone(),
        }
    }
}
