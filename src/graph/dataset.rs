//! A data set of many graphs with one label each (TU format, e.g. MUTAG), for graph
//! classification.

use super::Graph;
use super::node_table::LabelColumn;

#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub name: String,
    pub graphs: Vec<Graph>,
    /// One entry per graph (a `LabelColumn` over graphs rather than nodes).
    pub graph_labels: Option<LabelColumn>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.graphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.graphs.is_empty()
    }

    pub fn total_nodes(&self) -> usize {
        self.graphs.iter().map(Graph::node_count).sum()
    }

    pub fn total_edges(&self) -> usize {
        self.graphs.iter().map(Graph::edge_count).sum()
    }

    /// The class name of graph `i`'s label.
    pub fn graph_label(&self, i: usize) -> Option<&str> {
        self.graph_labels.as_ref().and_then(|c| c.value(i))
    }
}
