//! A run's hierarchies over time, for replaying training on a scrubber and for animated
//! exports. Memory is bounded: past the cap, every second snapshot between the first and the
//! last is dropped, so the store thins evenly as the run grows and always keeps where the run
//! began and where it is now.
//!
//! A snapshot's cost is counted from what it holds (assignments, embeddings, pooled graphs,
//! hard assignments and sizes); level 0's graph is shared by every snapshot of a run and is
//! counted once.

use crate::hierarchy::Hierarchy;
use std::sync::Arc;

/// The default cap: 256 MB (a 2,000-node, 3,000-epoch run fits without thinning much).
pub const DEFAULT_CAP_BYTES: usize = 256 * 1024 * 1024;

/// One snapshot: the epoch it was taken after and the hierarchy then.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub epoch: usize,
    pub hierarchy: Arc<Hierarchy>,
    bytes: usize,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    snapshots: Vec<Snapshot>,
    cap_bytes: usize,
    bytes: usize,
    /// Level 0's graph, counted once.
    shared_bytes: usize,
    /// Epochs between kept snapshots; doubles at each thinning, so new snapshots are kept as
    /// sparsely as the old ones (the last is always the latest, replaced until the gap is made).
    gap: usize,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::with_cap(DEFAULT_CAP_BYTES)
    }
}

/// What a snapshot holds beyond level 0's graph, in bytes.
pub fn snapshot_bytes(h: &Hierarchy) -> usize {
    let f = std::mem::size_of::<f32>();
    h.levels
        .iter()
        .enumerate()
        .map(|(l, lv)| {
            let matrix = |m: &Option<ndarray::Array2<f32>>| m.as_ref().map_or(0, |m| m.len() * f);
            let graph = if l == 0 {
                0
            } else {
                lv.adjacency.nnz() * 8 + (lv.node_count + 1) * 8
            };
            matrix(&lv.assignment)
                + matrix(&lv.embeddings)
                + lv.hard.len() * std::mem::size_of::<Option<u32>>()
                + lv.sizes.len() * f
                + graph
                + std::mem::size_of_val(lv)
        })
        .sum()
}

impl Timeline {
    pub fn with_cap(cap_bytes: usize) -> Self {
        Self {
            snapshots: Vec::new(),
            cap_bytes,
            bytes: 0,
            shared_bytes: 0,
            gap: 1,
        }
    }

    /// Adds the hierarchy after `epoch`; an epoch already held is replaced.
    pub fn push(&mut self, epoch: usize, hierarchy: Arc<Hierarchy>) {
        if self.snapshots.is_empty()
            && let Some(l0) = hierarchy.levels.first()
        {
            self.shared_bytes = l0.adjacency.nnz() * 8 + (l0.node_count + 1) * 8;
        }
        let bytes = snapshot_bytes(&hierarchy);
        let n = self.snapshots.len();
        let provisional = n >= 2
            && self.snapshots[n - 1].epoch < epoch
            && epoch - self.snapshots[n - 2].epoch < self.gap;
        if let Some(last) = self.snapshots.last_mut()
            && (last.epoch == epoch || provisional)
        {
            self.bytes -= last.bytes;
            *last = Snapshot {
                epoch,
                hierarchy,
                bytes,
            };
            self.bytes += bytes;
        } else if self.snapshots.last().is_none_or(|s| s.epoch < epoch) {
            self.snapshots.push(Snapshot {
                epoch,
                hierarchy,
                bytes,
            });
            self.bytes += bytes;
        } else {
            // An older epoch than the last: a new run; start over.
            self.clear();
            return self.push(epoch, hierarchy);
        }
        self.thin();
    }

    /// Drops every second snapshot between the first and the last until under the cap.
    fn thin(&mut self) {
        while self.memory_bytes() > self.cap_bytes && self.snapshots.len() > 2 {
            let last = self.snapshots.len() - 1;
            let mut k = 0;
            self.snapshots.retain(|_| {
                let keep = k == 0 || k == last || k % 2 == 0;
                k += 1;
                keep
            });
            self.bytes = self.snapshots.iter().map(|s| s.bytes).sum();
            self.gap = self.gap.saturating_mul(2);
        }
    }

    pub fn clear(&mut self) {
        self.snapshots.clear();
        self.bytes = 0;
        self.shared_bytes = 0;
        self.gap = 1;
    }

    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    pub fn get(&self, index: usize) -> Option<&Snapshot> {
        self.snapshots.get(index)
    }

    pub fn last(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }

    /// The snapshot showing `epoch`: the last one taken at or before it.
    pub fn index_at(&self, epoch: usize) -> Option<usize> {
        let after = self.snapshots.partition_point(|s| s.epoch <= epoch);
        after
            .checked_sub(1)
            .or((!self.snapshots.is_empty()).then_some(0))
    }

    /// Memory held, in bytes, level 0's graph included once.
    pub fn memory_bytes(&self) -> usize {
        self.bytes
            + if self.snapshots.is_empty() {
                0
            } else {
                self.shared_bytes
            }
    }

    pub fn cap_bytes(&self) -> usize {
        self.cap_bytes
    }

    /// The epoch after which the hard assignment of `level`'s nodes no longer changes (`level`
    /// 0: when level 1 settled): the first snapshot from which every later one agrees with the
    /// last. `None` without two snapshots.
    pub fn settled_epoch(&self, level: usize) -> Option<usize> {
        let hard = |s: &Snapshot| s.hierarchy.levels.get(level).map(|l| l.hard.clone());
        let last = hard(self.snapshots.last()?)?;
        if self.snapshots.len() < 2 {
            return None;
        }
        let mut first = self.snapshots.len() - 1;
        while first > 0 && hard(&self.snapshots[first - 1]).as_ref() == Some(&last) {
            first -= 1;
        }
        Some(self.snapshots[first].epoch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// 40 nodes in 4 blocks, assigned by `flip`: hard assignments change with it.
    fn hierarchy(flip: usize) -> Arc<Hierarchy> {
        let g = crate::generate::ring_of_cliques(4, 10);
        let s = Array2::from_shape_fn((40, 4), |(i, k)| f32::from((i / 10 + flip) % 4 == k));
        Arc::new(Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![s],
            None,
            vec![Some(Array2::zeros((40, 16))), Some(Array2::zeros((4, 16)))],
            "t",
        ))
    }

    #[test]
    fn memory_stays_under_the_cap_and_thins_evenly() {
        let one = snapshot_bytes(&hierarchy(0));
        let cap = 20 * one;
        let mut t = Timeline::with_cap(cap);
        for epoch in 1..=1000 {
            t.push(epoch, hierarchy(epoch % 4));
            assert!(
                t.memory_bytes() <= cap,
                "epoch {epoch}: {}",
                t.memory_bytes()
            );
        }
        assert!(t.len() >= 8 && t.len() <= 20, "{} kept", t.len());
        // The first and the latest are always kept, and epochs stay in order.
        assert_eq!(t.snapshots()[0].epoch, 1);
        assert_eq!(t.last().map(|s| s.epoch), Some(1000));
        assert!(t.snapshots().windows(2).all(|w| w[0].epoch < w[1].epoch));
        // Thinned evenly: no gap much wider than the average.
        let gaps: Vec<usize> = t
            .snapshots()
            .windows(2)
            .map(|w| w[1].epoch - w[0].epoch)
            .collect();
        let mean = 999 / gaps.len();
        assert!(gaps.iter().all(|&g| g <= 3 * mean), "{gaps:?}");
        // Level 0's graph, shared by every snapshot, is counted once.
        let shared = hierarchy(0).levels[0].adjacency.nnz() * 8;
        assert!(t.memory_bytes() < t.len() * one + 2 * shared);
    }

    #[test]
    fn finds_the_snapshot_of_an_epoch_and_when_level_1_settled() {
        let mut t = Timeline::default();
        for (epoch, flip) in [(1, 0), (5, 1), (9, 2), (13, 2), (17, 2)] {
            t.push(epoch, hierarchy(flip));
        }
        assert_eq!(t.index_at(0), Some(0));
        assert_eq!(t.index_at(6), Some(1));
        assert_eq!(t.index_at(100), Some(4));
        assert_eq!(
            t.settled_epoch(0),
            Some(9),
            "the assignment stops changing at epoch 9"
        );
        // A run that starts over clears the old one.
        t.push(1, hierarchy(3));
        assert_eq!(t.len(), 1);
        assert_eq!(t.settled_epoch(0), None);
    }
}
