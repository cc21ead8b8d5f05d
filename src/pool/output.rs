//! What one pooling step produces, whatever the method: the assignment to the next level, the
//! next level's features and adjacency, and the auxiliary losses by name.

use super::adjacency::Adjacency;
use crate::autodiff::Var;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Assignment {
    /// Rows sum to 1 (DiffPool, MinCut, DMoN): `n x K`.
    Soft(Var),
    /// Score methods keep some nodes: `kept[k]` is the node that becomes supernode `k`.
    Selection { kept: Arc<Vec<usize>>, scores: Var },
    /// Not learned (Graclus): the cluster of every node.
    Hard { clusters: Arc<Vec<u32>>, k: usize },
}

#[derive(Clone, Debug)]
pub struct Pooled {
    pub assignment: Assignment,
    /// Features of the next level.
    pub x: Var,
    /// The adjacency the next level's layers see (normalised for MinCut and DMoN).
    pub adj: Adjacency,
    /// The raw pooled adjacency `SᵀAS`, what the window draws.
    pub raw_adj: Adjacency,
    /// The losses trained on.
    pub losses: Vec<(&'static str, Var)>,
    /// Losses computed and shown but not trained on (DMoN's orthogonality term).
    pub reported: Vec<(&'static str, Var)>,
    /// What is trained when it is not the plain sum of `losses` (DiffPool clustering).
    pub objective: Option<Var>,
}
