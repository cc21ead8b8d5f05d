//! Connected components and degree statistics, through petgraph where it has the algorithm.

use super::Graph;
use petgraph::graph::{NodeIndex, UnGraph};

impl Graph {
    /// The symmetric adjacency as a petgraph graph (node weights are node numbers).
    pub fn to_petgraph(&self) -> UnGraph<u32, f32> {
        let sym = self.symmetric();
        let mut g: UnGraph<u32, f32> = UnGraph::with_capacity(self.node_count(), sym.nnz() / 2);
        for i in 0..self.node_count() {
            g.add_node(i as u32);
        }
        for (u, v, w) in sym.iter().filter(|&(u, v, _)| u <= v) {
            g.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), w);
        }
        g
    }

    /// Weakly connected components (direction ignored).
    pub fn component_count(&self) -> usize {
        petgraph::algo::connected_components(&self.to_petgraph())
    }

    /// Component number of each node, numbered in order of their smallest node.
    pub fn component_labels(&self) -> Vec<u32> {
        let sym = self.symmetric();
        let n = self.node_count();
        let mut uf = petgraph::unionfind::UnionFind::<u32>::new(n);
        for (u, v, _) in sym.iter() {
            uf.union(u, v);
        }
        let mut number = vec![u32::MAX; n];
        let mut next = 0;
        (0..n)
            .map(|i| {
                let r = uf.find(i as u32) as usize;
                if number[r] == u32::MAX {
                    number[r] = next;
                    next += 1;
                }
                number[r]
            })
            .collect()
    }

    /// Nodes with no edge at all (in either direction).
    pub fn isolated_count(&self) -> usize {
        let sym = self.symmetric();
        (0..self.node_count())
            .filter(|&i| sym.degree(i) == 0)
            .count()
    }

    /// Degree (number of neighbours, direction ignored) of every node.
    pub fn degrees(&self) -> Vec<usize> {
        let sym = self.symmetric();
        (0..self.node_count()).map(|i| sym.degree(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::Graph;

    #[test]
    fn two_components_and_an_isolated_node() {
        let g = Graph::from_edges(5, &[(0, 1, 1.0), (2, 3, 1.0)]);
        assert_eq!(g.component_count(), 3);
        assert_eq!(g.component_labels(), vec![0, 0, 1, 1, 2]);
        assert_eq!(g.isolated_count(), 1);
        assert_eq!(g.degrees(), vec![1, 1, 1, 1, 0]);
        assert_eq!(g.to_petgraph().edge_count(), 2);
    }
}
