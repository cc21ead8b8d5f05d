//! [`Graph`]: level 0 of every hierarchy.

use super::Csr;
use super::node_table::NodeTable;
use std::borrow::Cow;

/// How the file's edge records became the stored edges (shown by `info`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EdgeStats {
    /// Edge records in the file.
    pub records: usize,
    /// Records that repeated an earlier edge and were summed into it.
    pub parallel_merged: usize,
    pub self_loops_dropped: usize,
}

/// A graph with weighted CSR adjacency and a node table.
///
/// Undirected graphs store each edge in both rows (a self-loop once); directed graphs store
/// out-edges. Pooling reads [`Graph::symmetric`]; drawing keeps the direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub name: String,
    directed: bool,
    adjacency: Csr,
    pub nodes: NodeTable,
    pub edge_stats: EdgeStats,
    /// Counted once: the window asks for the edge count every frame.
    self_loops: usize,
    /// Louvain's communities and modularity on the pooled (symmetric) adjacency, once computed.
    reference: Cache<Communities>,
    /// The node table's computed columns, once computed.
    measures: Cache<super::Measures>,
}

/// A cache shared by clones of a graph; never part of what makes two graphs equal.
struct Cache<T>(std::sync::Arc<std::sync::OnceLock<T>>);

impl<T> Clone for Cache<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Self(std::sync::Arc::default())
    }
}

/// Louvain's communities of a graph: each node's, their count, and their modularity.
#[derive(Clone, Debug, PartialEq)]
pub struct Communities {
    pub of_node: Vec<u32>,
    pub count: usize,
    pub modularity: f64,
}

impl<T> PartialEq for Cache<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> std::fmt::Debug for Cache<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = if self.0.get().is_some() {
            "known"
        } else {
            "not computed"
        };
        f.write_str(known)
    }
}

impl Graph {
    /// `adjacency` must be square with as many rows as `nodes` has entries, and symmetric when
    /// `directed` is false.
    pub fn new(directed: bool, adjacency: Csr, nodes: NodeTable) -> Self {
        debug_assert_eq!(adjacency.node_count(), nodes.len());
        let self_loops = count_self_loops(&adjacency);
        let records = if directed {
            adjacency.nnz()
        } else {
            (adjacency.nnz() + self_loops) / 2
        };
        Self {
            name: String::new(),
            directed,
            adjacency,
            nodes,
            self_loops,
            reference: Cache::default(),
            measures: Cache::default(),
            edge_stats: EdgeStats {
                records,
                ..EdgeStats::default()
            },
        }
    }

    /// An undirected graph on nodes `0..n` from `(u, v, weight)` edges, each listed once.
    pub fn from_edges(n: usize, edges: &[(u32, u32, f32)]) -> Self {
        let mut triplets = Vec::with_capacity(2 * edges.len());
        for &(u, v, w) in edges {
            triplets.push((u, v, w));
            if u != v {
                triplets.push((v, u, w));
            }
        }
        Self::new(
            false,
            Csr::from_triplets(n, &triplets),
            NodeTable::numbered(n),
        )
    }

    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Why pooling cannot use these edge weights, if it cannot: its losses (cuts, modularity)
    /// assume non-negative weights that are not all zero.
    pub fn weight_problem(&self) -> Option<String> {
        let id = |i: u32| self.nodes.ids.get(i as usize).cloned().unwrap_or_default();
        if let Some((u, v, w)) = self.adjacency.iter().find(|e| e.2 < 0.0) {
            return Some(format!(
                "the edge {}–{} weighs {w}: pooling needs non-negative edge weights \
                 (--unweighted gives every edge weight 1)",
                id(u),
                id(v)
            ));
        }
        if self.adjacency.iter().next().is_some() && self.adjacency.iter().all(|e| e.2 == 0.0) {
            return Some(
                "every edge weighs 0: pooling sees no edges (--unweighted gives every edge \
                 weight 1)"
                    .into(),
            );
        }
        // Pooling adds A + Aᵀ, degrees and the volume 2m in f32: each must stay finite.
        let sym = self.symmetric();
        let mut volume = 0.0f64;
        for i in 0..sym.node_count() {
            let (cols, vals) = sym.row(i);
            let degree: f64 = vals.iter().map(|&w| f64::from(w)).sum();
            if let Some((&j, &w)) = cols.iter().zip(vals).find(|(_, w)| !w.is_finite()) {
                return Some(format!(
                    "the edge {}–{} weighs {w} once added to its reverse (A plus its transpose): above \
                     f32's range (3.4e38); scale the weights down, or --unweighted",
                    id(i as u32),
                    id(j)
                ));
            }
            if degree > f64::from(f32::MAX) {
                return Some(format!(
                    "node {}'s edges weigh {degree:e} together: above f32's range (3.4e38); \
                     scale the weights down, or --unweighted",
                    id(i as u32)
                ));
            }
            volume += degree;
        }
        if volume > f64::from(f32::MAX) {
            return Some(format!(
                "the edges weigh {volume:e} together: above f32's range (3.4e38); scale the \
                 weights down, or --unweighted"
            ));
        }
        None
    }

    /// The same graph with every edge weight 1, as a PyG model on `edge_index` alone sees it.
    pub fn unweighted(mut self) -> Self {
        let triplets: Vec<(u32, u32, f32)> =
            self.adjacency.iter().map(|(u, v, _)| (u, v, 1.0)).collect();
        self.adjacency = Csr::from_triplets(self.adjacency.node_count(), &triplets);
        self.reference = Cache::default();
        self.measures = Cache::default();
        self
    }

    /// The modularity of Louvain's communities (seed 0) on the graph pooling reads: the
    /// reference a level's modularity is read against ("Q 0.537 · Louvain 0.754"). Computed
    /// once per graph and shared by its clones; near-linear in the edges, so the window asks
    /// for it off the UI thread and draws [`Graph::louvain_if_known`].
    pub fn louvain_modularity(&self) -> f64 {
        self.louvain_communities().modularity
    }

    /// Louvain's communities (seed 0), computed once: they also colour a graph that has no
    /// labels before anything is trained.
    pub fn louvain_communities(&self) -> &Communities {
        self.reference.0.get_or_init(|| {
            let a = self.symmetric();
            let (of_node, count) = super::louvain(&a, 0);
            let modularity = crate::metrics::modularity(&a, &of_node);
            Communities {
                of_node,
                count,
                modularity,
            }
        })
    }

    /// The reference modularity if it has been computed, without computing it.
    pub fn louvain_if_known(&self) -> Option<f64> {
        self.reference.0.get().map(|c| c.modularity)
    }

    /// Louvain's communities if they have been computed, without computing them.
    pub fn communities_if_known(&self) -> Option<&Communities> {
        self.reference.0.get()
    }

    /// The node table's computed columns (degree, PageRank, betweenness, …), computed once
    /// per graph and shared by its clones: seconds on a million nodes, so the window asks for
    /// them off its thread and reads [`Graph::measures_if_known`].
    pub fn measures(&self) -> &super::Measures {
        self.measures.0.get_or_init(|| super::Measures::of(self))
    }

    pub fn measures_if_known(&self) -> Option<&super::Measures> {
        self.measures.0.get()
    }

    /// A numeric column's values by name: the node table's own first, then a computed
    /// measure's once it is known (`None` for neither).
    pub fn column_values(&self, name: &str) -> Option<Cow<'_, [Option<f64>]>> {
        if let Some(c) = self.nodes.numeric(name) {
            return Some(Cow::Borrowed(&c.values));
        }
        let m = super::Measure::parse(name)?;
        let values = self.measures_if_known()?.values(m);
        Some(Cow::Owned(values.iter().copied().map(Some).collect()))
    }

    /// Whether `name` is a computed measure and not one of the table's own columns.
    pub fn names_measure(&self, name: &str) -> bool {
        self.nodes.numeric(name).is_none() && super::Measure::parse(name).is_some()
    }

    /// Whether `name` is a numeric column or a computed measure (known or not).
    pub fn has_column(&self, name: &str) -> bool {
        self.nodes.numeric(name).is_some() || super::Measure::parse(name).is_some()
    }

    pub fn node_count(&self) -> usize {
        self.adjacency.node_count()
    }

    pub fn adjacency(&self) -> &Csr {
        &self.adjacency
    }

    /// Edges as the user counts them: arcs when directed, unordered pairs when not.
    pub fn edge_count(&self) -> usize {
        if self.directed {
            self.adjacency.nnz()
        } else {
            (self.adjacency.nnz() + self.self_loop_count()) / 2
        }
    }

    pub fn self_loop_count(&self) -> usize {
        self.self_loops
    }

    /// Each edge once: arcs when directed, `u <= v` pairs when not.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f32)> + '_ {
        let directed = self.directed;
        self.adjacency
            .iter()
            .filter(move |&(u, v, _)| directed || u <= v)
    }

    /// The symmetric adjacency pooling and metrics work on: the graph itself when undirected,
    /// `A + Aᵀ` when directed (a reciprocal pair of arcs adds up, as PyG's `to_undirected`).
    pub fn symmetric(&self) -> Cow<'_, Csr> {
        if self.directed {
            Cow::Owned(self.adjacency.plus_transpose())
        } else {
            Cow::Borrowed(&self.adjacency)
        }
    }

    /// True when any stored weight differs from 1.
    pub fn is_weighted(&self) -> bool {
        self.adjacency.weights().iter().any(|&w| w != 1.0)
    }

    /// The subgraph on `nodes` (in that order), with their table rows.
    pub fn induced(&self, nodes: &[usize]) -> Graph {
        let mut new_index = vec![u32::MAX; self.node_count()];
        for (k, &i) in nodes.iter().enumerate() {
            new_index[i] = k as u32;
        }
        let mut triplets = Vec::new();
        for (k, &i) in nodes.iter().enumerate() {
            let (cols, vals) = self.adjacency.row(i);
            for (&c, &w) in cols.iter().zip(vals) {
                let j = new_index[c as usize];
                if j != u32::MAX {
                    triplets.push((k as u32, j, w));
                }
            }
        }
        let mut g = Graph::new(
            self.directed,
            Csr::from_triplets(nodes.len(), &triplets),
            self.nodes.select(nodes),
        );
        g.name = self.name.clone();
        g
    }
}

fn count_self_loops(a: &Csr) -> usize {
    (0..a.node_count())
        .filter(|&i| a.row(i).0.binary_search(&(i as u32)).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undirected_counts() {
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 2.0), (2, 2, 1.0)]);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.self_loop_count(), 1);
        assert_eq!(g.edges().count(), 3);
        assert!(g.is_weighted());
        assert_eq!(g.symmetric().get(2, 1), 2.0);
    }

    #[test]
    fn directed_symmetric_adds_reciprocal_arcs() {
        let a = Csr::from_triplets(2, &[(0, 1, 1.0), (1, 0, 1.0)]);
        let g = Graph::new(true, a, NodeTable::numbered(2));
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.symmetric().get(0, 1), 2.0);
    }

    #[test]
    fn induced_subgraph_keeps_inner_edges() {
        let g = Graph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        let s = g.induced(&[2, 1]);
        assert_eq!(s.node_count(), 2);
        assert_eq!(s.edge_count(), 1);
        assert_eq!(s.nodes.ids, vec!["2", "1"]);
    }
}
