//! Incremental construction of a [`Graph`] from the records of a file: ids are interned
//! through a table (never used as indices), attributes are collected per column, and edges are
//! kept as records until `finish` sums parallel ones.

use super::attrs::{AttrValue, classify_columns};
use super::model::{EdgeStats, Graph};
use super::node_table::NodeTable;
use super::{Csr, MAX_NODES};
use std::collections::HashMap;

/// What to do with an edge from a node to itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SelfLoops {
    #[default]
    Keep,
    Drop,
}

/// Collects nodes, attributes and edges, then builds the CSR once.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    name: String,
    directed: bool,
    self_loops: SelfLoops,
    ids: Vec<String>,
    index: HashMap<Box<str>, u32>,
    /// A cache in front of `index` for ids written as small decimal integers, the usual case
    /// in edge lists: slot `k` holds the node of id `k` once looked up (`u32::MAX`: not yet).
    /// The map stays the truth; the table grows only with the node count, never with a
    /// number read from the file.
    numbered: Vec<u32>,
    columns: Vec<(String, Vec<Option<AttrValue>>)>,
    column_index: HashMap<String, usize>,
    edges: Vec<(u32, u32, f32)>,
    records: usize,
    self_loops_dropped: usize,
}

/// `id` as a number when it is written the one way a number is (decimal digits, no sign, no
/// leading zero, at most nine digits): "7" and "07" are different ids.
fn small_number(id: &str) -> Option<usize> {
    let b = id.as_bytes();
    if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    b.iter().try_fold(0usize, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + usize::from(c - b'0'))
    })
}

impl GraphBuilder {
    pub fn new(directed: bool) -> Self {
        Self {
            directed,
            ..Self::default()
        }
    }

    pub fn set_directed(&mut self, directed: bool) {
        self.directed = directed;
    }

    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }

    pub fn set_self_loops(&mut self, policy: SelfLoops) {
        self.self_loops = policy;
    }

    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// Adds a node with a new id; a repeated id is an error.
    pub fn add_node(&mut self, id: &str) -> Result<u32, String> {
        if self.index.contains_key(id) {
            return Err(format!("node id `{}` is defined twice", shorten(id)));
        }
        let node = self.push_node(id)?;
        // A node table read before the edges fills the cache too, so the edges that name
        // its ids never hash them again.
        if let Some(k) = self.numbered_slot(id) {
            self.numbered[k] = node;
        }
        Ok(node)
    }

    /// The node with this id, if defined. Edge lists with a node table look every end up
    /// here, so small integer ids are read from the cache the table filled, not hashed.
    pub fn node(&self, id: &str) -> Option<u32> {
        if let Some(&node) = small_number(id)
            .and_then(|k| self.numbered.get(k))
            .filter(|&&n| n != u32::MAX)
        {
            return Some(node);
        }
        self.index.get(id).copied()
    }

    /// The slot of `numbered` for `id`, growing the table when the id is a small number not
    /// far beyond the node count.
    fn numbered_slot(&mut self, id: &str) -> Option<usize> {
        small_number(id).filter(|&k| {
            k < self.numbered.len()
                || k < 4 * (self.ids.len() + 1024) && {
                    let grown = (2 * k + 1).max(1024);
                    self.numbered.resize(grown, u32::MAX);
                    true
                }
        })
    }

    /// The node with this id, adding it when new (edge lists define nodes by use).
    pub fn node_or_insert(&mut self, id: &str) -> Result<u32, String> {
        let slot = self.numbered_slot(id);
        if let Some(k) = slot
            && self.numbered[k] != u32::MAX
        {
            return Ok(self.numbered[k]);
        }
        let node = match self.index.get(id) {
            Some(&i) => i,
            None => self.push_node(id)?,
        };
        if let Some(k) = slot {
            self.numbered[k] = node;
        }
        Ok(node)
    }

    fn push_node(&mut self, id: &str) -> Result<u32, String> {
        if self.ids.len() >= MAX_NODES {
            return Err(format!("more than {MAX_NODES} nodes"));
        }
        check_id(id)?;
        let i = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.index.insert(id.into(), i);
        Ok(i)
    }

    /// Sets attribute `key` of `node`.
    pub fn set_attr(&mut self, node: u32, key: &str, value: AttrValue) {
        let col = match self.column_index.get(key) {
            Some(&c) => c,
            None => {
                self.columns.push((key.to_string(), Vec::new()));
                self.column_index
                    .insert(key.to_string(), self.columns.len() - 1);
                self.columns.len() - 1
            }
        };
        let values = &mut self.columns[col].1;
        let i = node as usize;
        if values.len() <= i {
            values.resize(i + 1, None);
        }
        values[i] = Some(value);
    }

    /// Gives every node that lacks attribute `key` the value `value` (GraphML key defaults).
    pub fn fill_missing_attr(&mut self, key: &str, value: &AttrValue) {
        let n = self.ids.len();
        for node in 0..n {
            let missing = self
                .column_index
                .get(key)
                .is_none_or(|&c| self.columns[c].1.get(node).is_none_or(Option::is_none));
            if missing {
                self.set_attr(node as u32, key, value.clone());
            }
        }
    }

    /// Adds one edge record; `w` must be finite (readers check and report position).
    /// Room for `more` edges (a reader that can count its records cheaply says so first).
    pub fn reserve_edges(&mut self, more: usize) {
        self.edges.reserve(more);
    }

    pub fn add_edge(&mut self, u: u32, v: u32, w: f32) {
        self.records += 1;
        if u == v && self.self_loops == SelfLoops::Drop {
            self.self_loops_dropped += 1;
            return;
        }
        self.edges.push((u, v, w));
    }

    pub fn edge_records(&self) -> usize {
        self.records
    }

    /// Reorders nodes so that ids that are all integers come in numeric order, as PyTorch
    /// Geometric numbers them; other ids keep the order of first appearance.
    pub fn sort_integer_ids(&mut self) {
        let parsed: Option<Vec<i128>> = self.ids.iter().map(|s| s.parse::<i128>().ok()).collect();
        let Some(parsed) = parsed else { return };
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by_key(|&i| parsed[i]);
        if order.iter().enumerate().all(|(k, &i)| k == i) {
            return;
        }
        let mut new_of_old = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of_old[old] = new as u32;
        }
        self.ids = order
            .iter()
            .map(|&i| std::mem::take(&mut self.ids[i]))
            .collect();
        for i in self.index.values_mut() {
            *i = new_of_old[*i as usize];
        }
        self.numbered.clear();
        for (_, values) in &mut self.columns {
            values.resize(order.len(), None);
            *values = order.iter().map(|&i| values[i].take()).collect();
        }
        for e in &mut self.edges {
            e.0 = new_of_old[e.0 as usize];
            e.1 = new_of_old[e.1 as usize];
        }
    }

    /// Finishes a file that does not say whether it is directed (edge lists, TU, Matrix Market
    /// `general`): directed when some pair is listed both ways with different weights;
    /// undirected when every edge is listed both ways with equal weights (kept once) or no
    /// pair is listed both ways.
    pub fn finish_guessing_direction(mut self) -> Graph {
        let n = self.ids.len();
        let arcs = Csr::from_triplets(n, &self.edges);
        let mut reciprocal = false;
        let mut symmetric = true;
        for (u, v, w) in arcs.iter().filter(|&(u, v, _)| u != v) {
            let (cols, vals) = arcs.row(v as usize);
            match cols.binary_search(&u) {
                Ok(k) => {
                    reciprocal = true;
                    symmetric &= vals[k] == w;
                }
                Err(_) => symmetric = false,
            }
            if reciprocal && !symmetric {
                break; // directed: nothing more to learn
            }
        }
        if reciprocal && !symmetric {
            self.directed = true;
        } else if reciprocal && symmetric {
            // Keep each undirected edge once: drop the records with u > v.
            self.edges.retain(|&(u, v, _)| u <= v);
            let before = self.records;
            self.directed = false;
            let mut g = self.finish();
            g.edge_stats.records = before;
            return g;
        } else {
            // No pair listed both ways: the arcs and their mirror images are the edges.
            self.directed = false;
            let adjacency = arcs.undirected();
            return self.finish_with(adjacency);
        }
        self.finish()
    }

    pub fn finish(self) -> Graph {
        let n = self.ids.len();
        let mut triplets = Vec::with_capacity(if self.directed {
            self.edges.len()
        } else {
            2 * self.edges.len()
        });
        for &(u, v, w) in &self.edges {
            triplets.push((u, v, w));
            if !self.directed && u != v {
                triplets.push((v, u, w));
            }
        }
        let adjacency = Csr::from_triplets(n, &triplets);
        self.finish_with(adjacency)
    }

    /// The graph of this builder's nodes with `adjacency`, built from its edges.
    fn finish_with(self, adjacency: Csr) -> Graph {
        let n = self.ids.len();
        let mut nodes = NodeTable {
            names: self.ids.clone(),
            ids: self.ids,
            ..NodeTable::default()
        };
        let columns = self
            .columns
            .into_iter()
            .map(|(k, mut v)| {
                v.resize(n, None);
                (k, v)
            })
            .collect();
        classify_columns(&mut nodes, columns);
        let mut g = Graph::new(self.directed, adjacency, nodes);
        g.name = self.name;
        g.edge_stats = EdgeStats {
            records: self.records,
            parallel_merged: self.edges.len() - g.edge_count(),
            self_loops_dropped: self.self_loops_dropped,
        };
        g
    }
}

/// Ids in messages are cut so that a megabyte-long token does not flood the terminal.
pub fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

/// The longest node id, in bytes: ids are names, not payloads.
pub const MAX_ID_BYTES: usize = 4096;

/// Every reader's node ids pass here: no NUL or other control characters (they cannot be
/// written back to CSV, GML or a terminal faithfully), and at most [`MAX_ID_BYTES`].
pub fn check_id(id: &str) -> Result<(), String> {
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "a node id of {} bytes (`{}`); ids are at most {MAX_ID_BYTES} bytes",
            id.len(),
            shorten(id)
        ));
    }
    if let Some((at, c)) = id.char_indices().find(|(_, c)| c.is_control()) {
        return Err(format!(
            "node id `{}` holds the control character U+{:04X} at byte {at}; ids are printable \
             text",
            shorten(&id.replace(|c: char| c.is_control(), "?")),
            c as u32
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn nodes_defined_first_are_found_by_the_edges_that_name_them() {
        let mut b = GraphBuilder::new(false);
        assert_eq!(b.add_node("5"), Ok(0));
        assert_eq!(b.add_node("x"), Ok(1));
        assert!(b.add_node("5").is_err(), "defined twice");
        assert_eq!(b.node_or_insert("5"), Ok(0));
        assert_eq!(b.node_or_insert("x"), Ok(1));
        // "05" is another id than "5".
        assert_eq!(b.node_or_insert("05"), Ok(2));
        assert_eq!(b.node_or_insert("5"), Ok(0));
        assert_eq!(b.node_count(), 3);
    }

    use super::*;

    #[test]
    fn numbered_ids_are_one_node_each_whatever_the_path_that_found_them() {
        let mut b = GraphBuilder::new(false);
        let seven = b.add_node("7").expect("new");
        let ids = [
            "5",
            "07",
            "7",
            "5",
            "123456789",
            "1234567890",
            "0",
            "-3",
            "5",
        ];
        let got: Vec<u32> = ids
            .iter()
            .map(|id| b.node_or_insert(id).expect("id"))
            .collect();
        // "07" and "7" differ; repeats find the same node; long and signed ids go by name.
        assert_eq!(got, [1, 2, seven, 1, 3, 4, 5, 6, 1]);
        assert_eq!(b.node_count(), 7);
        // Looked up without inserting (an edge list with a node table), by either path.
        for (id, node) in ["5", "07", "7", "123456789", "1234567890", "0", "-3"]
            .into_iter()
            .zip([1, 2, seven, 3, 4, 5, 6])
        {
            assert_eq!(b.node(id), Some(node), "{id}");
        }
        assert_eq!(b.node("8"), None);
        assert_eq!(b.node("008"), None);
        assert_eq!(small_number("0"), Some(0));
        assert_eq!(small_number("07"), None);
        assert_eq!(small_number("1234567890"), None);
        assert_eq!(small_number("12a"), None);
        // Reordered by number: the cache forgets the old numbering.
        let mut b = GraphBuilder::new(false);
        for id in ["30", "10", "20"] {
            let _ = b.node_or_insert(id);
        }
        b.sort_integer_ids();
        assert_eq!(b.node_or_insert("10"), Ok(0));
        assert_eq!(b.node_or_insert("30"), Ok(2));
        assert_eq!(b.node_count(), 3);
    }

    #[test]
    fn parallel_edges_are_summed_and_counted() {
        let mut b = GraphBuilder::new(false);
        let a = b.node_or_insert("a").unwrap_or(0);
        let c = b.node_or_insert("c").unwrap_or(0);
        b.add_edge(a, c, 1.0);
        b.add_edge(c, a, 2.0);
        b.add_edge(a, a, 1.0);
        let g = b.finish();
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.adjacency().get(0, 1), 3.0);
        assert_eq!(g.edge_stats.records, 3);
        assert_eq!(g.edge_stats.parallel_merged, 1);
        assert_eq!(g.self_loop_count(), 1);
    }

    #[test]
    fn self_loops_can_be_dropped() {
        let mut b = GraphBuilder::new(true);
        b.set_self_loops(SelfLoops::Drop);
        let a = b.node_or_insert("a").unwrap_or(0);
        b.add_edge(a, a, 1.0);
        let g = b.finish();
        assert_eq!(g.edge_count(), 0);
        assert_eq!(g.edge_stats.self_loops_dropped, 1);
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let mut b = GraphBuilder::new(false);
        assert!(b.add_node("x").is_ok());
        assert!(b.add_node("x").is_err());
    }

    #[test]
    fn integer_ids_sort_numerically_with_their_attributes() {
        let mut b = GraphBuilder::new(false);
        let ten = b.node_or_insert("10").unwrap_or(0);
        let two = b.node_or_insert("2").unwrap_or(0);
        b.set_attr(ten, "club", AttrValue::Text("x".into()));
        b.set_attr(two, "club", AttrValue::Text("y".into()));
        b.add_edge(ten, two, 1.0);
        b.sort_integer_ids();
        let g = b.finish();
        assert_eq!(g.nodes.ids, vec!["2", "10"]);
        assert_eq!(g.nodes.label("club").and_then(|c| c.value(0)), Some("y"));
        assert_eq!(g.adjacency().get(0, 1), 1.0);
    }
}
