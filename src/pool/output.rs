//! What one pooling step produces, whatever the method: the assignment to the next level, the
//! next level's features and adjacency, and the auxiliary losses by name.

use super::adjacency::{normalise_pooled, pooled};
use crate::autodiff::Adjacency;
use crate::autodiff::{Tape, Var};
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

impl Pooled {
    /// The dense methods' reduce and connect for a soft assignment `s`: `X' = SᵀH`, and the
    /// next level sees `SᵀAS` with its diagonal zeroed and degree-normalised (the raw `SᵀAS`
    /// is what the window draws).
    pub fn soft(
        t: &mut Tape,
        adj: &Adjacency,
        h: Var,
        s: Var,
        losses: Vec<(&'static str, Var)>,
    ) -> Pooled {
        let st = t.transpose(s);
        let x = t.matmul(st, h);
        let raw = pooled(t, adj, s);
        let norm = normalise_pooled(t, raw);
        Pooled {
            assignment: Assignment::Soft(s),
            x,
            adj: Adjacency::Dense(norm),
            raw_adj: Adjacency::Dense(raw),
            losses,
            reported: Vec::new(),
            objective: None,
        }
    }
}
