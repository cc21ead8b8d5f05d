//! What `info` reports about a graph or data set, as one serialisable value so the text and
//! `--json` outputs cannot disagree.

use super::{Dataset, Graph, LabelColumn};
use serde::Serialize;
use std::fmt::Write;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClassCount {
    pub class: String,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LabelSummary {
    pub name: String,
    pub classes: Vec<ClassCount>,
    pub missing: usize,
}

impl LabelSummary {
    pub fn of(col: &LabelColumn) -> Self {
        Self {
            name: col.name.clone(),
            classes: col
                .classes
                .iter()
                .zip(col.class_counts())
                .map(|(c, n)| ClassCount {
                    class: c.clone(),
                    count: n,
                })
                .collect(),
            missing: col.missing(),
        }
    }

    fn line(&self) -> String {
        let shown: Vec<String> = self
            .classes
            .iter()
            .take(24)
            .map(|c| format!("{} {}", c.class, c.count))
            .collect();
        let more = if self.classes.len() > 24 {
            format!(", … ({} more)", self.classes.len() - 24)
        } else {
            String::new()
        };
        let missing = if self.missing > 0 {
            format!("; {} without a value", self.missing)
        } else {
            String::new()
        };
        format!(
            "{}: {} classes: {}{more}{missing}",
            self.name,
            self.classes.len(),
            shown.join(", ")
        )
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GraphSummary {
    pub name: String,
    pub nodes: usize,
    pub edges: usize,
    pub directed: bool,
    pub weighted: bool,
    pub total_weight: f64,
    pub edge_records: usize,
    pub parallel_edges_merged: usize,
    pub self_loops: usize,
    pub components: usize,
    pub isolated_nodes: usize,
    pub degree_min: usize,
    pub degree_mean: f64,
    pub degree_max: usize,
    pub labels: Vec<LabelSummary>,
    pub feature_dims: usize,
    pub feature_names: Vec<String>,
    pub coordinates: bool,
    /// Density, clustering, assortativity and the degree distribution.
    pub structure: super::GraphStats,
    /// Numeric columns: name, smallest and largest value, nodes without a value.
    pub numeric: Vec<(String, f64, f64, usize)>,
    /// The coordinates are read as longitude and latitude.
    pub geographic: bool,
    /// A directed graph's own figures (the rest are of A + Aᵀ, the graph pooling reads).
    pub directed_stats: Option<DirectedStats>,
}

/// What only a directed graph has: arcs rather than pairs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DirectedStats {
    /// Arcs between distinct nodes over n(n − 1).
    pub density: f64,
    /// Mean in-degree (equal to the mean out-degree: arcs / n).
    pub mean_in_degree: f64,
    pub max_in_degree: usize,
    pub max_out_degree: usize,
    /// Share of arcs u → v (u ≠ v) whose reverse v → u is also an arc.
    pub reciprocity: f64,
}

impl DirectedStats {
    pub fn of(a: &super::Csr) -> Self {
        let n = a.node_count();
        let mut in_degree = vec![0usize; n];
        let (mut arcs, mut mutual) = (0usize, 0usize);
        let mut max_out = 0;
        for i in 0..n {
            let (cols, _) = a.row(i);
            let mut out = 0;
            for &j in cols {
                if j as usize == i {
                    continue;
                }
                out += 1;
                arcs += 1;
                in_degree[j as usize] += 1;
                if a.row(j as usize).0.binary_search(&(i as u32)).is_ok() {
                    mutual += 1;
                }
            }
            max_out = max_out.max(out);
        }
        let pairs = n as f64 * (n as f64 - 1.0);
        Self {
            density: if pairs > 0.0 {
                arcs as f64 / pairs
            } else {
                0.0
            },
            mean_in_degree: if n > 0 { arcs as f64 / n as f64 } else { 0.0 },
            max_in_degree: in_degree.iter().copied().max().unwrap_or(0),
            max_out_degree: max_out,
            reciprocity: if arcs > 0 {
                mutual as f64 / arcs as f64
            } else {
                0.0
            },
        }
    }
}

impl GraphSummary {
    pub fn of(g: &Graph) -> Self {
        let degrees = g.degrees();
        let n = g.node_count();
        let total_weight = g.edges().map(|(_, _, w)| w as f64).sum();
        let structure = super::GraphStats::of(g.adjacency());
        Self {
            name: g.name.clone(),
            nodes: n,
            edges: g.edge_count(),
            directed: g.is_directed(),
            weighted: g.is_weighted(),
            total_weight,
            edge_records: g.edge_stats.records,
            parallel_edges_merged: g.edge_stats.parallel_merged,
            self_loops: g.self_loop_count(),
            // Weak components, isolated nodes included: the structure's count.
            components: structure.components,
            isolated_nodes: g.isolated_count(),
            degree_min: degrees.iter().copied().min().unwrap_or(0),
            degree_mean: if n > 0 {
                degrees.iter().sum::<usize>() as f64 / n as f64
            } else {
                0.0
            },
            degree_max: degrees.iter().copied().max().unwrap_or(0),
            labels: g.nodes.labels.iter().map(LabelSummary::of).collect(),
            feature_dims: g.nodes.features.as_ref().map_or(0, |f| f.names.len()),
            feature_names: g
                .nodes
                .features
                .as_ref()
                .map_or_else(Vec::new, |f| f.names.clone()),
            coordinates: g.nodes.coords.is_some(),
            structure,
            numeric: g
                .nodes
                .numeric
                .iter()
                .filter_map(|c| {
                    let (lo, hi) = c.range()?;
                    Some((
                        c.name.clone(),
                        lo,
                        hi,
                        c.values.iter().filter(|v| v.is_none()).count(),
                    ))
                })
                .collect(),
            geographic: g.nodes.geographic,
            directed_stats: g.is_directed().then(|| DirectedStats::of(g.adjacency())),
        }
    }

    pub fn text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "{}", self.name);
        let _ = writeln!(o, "  nodes         {}", self.nodes);
        let kind = if self.directed {
            "directed"
        } else {
            "undirected"
        };
        let weight = if self.weighted {
            format!(", weighted (total {})", self.total_weight)
        } else {
            String::new()
        };
        let _ = writeln!(o, "  edges         {} ({kind}{weight})", self.edges);
        if self.parallel_edges_merged > 0 {
            let _ = writeln!(
                o,
                "  edge records  {} ({} parallel records summed into existing edges)",
                self.edge_records, self.parallel_edges_merged
            );
        }
        let _ = writeln!(o, "  self-loops    {}", self.self_loops);
        let _ = writeln!(
            o,
            "  components    {} ({} isolated nodes)",
            self.components, self.isolated_nodes
        );
        if let Some(d) = &self.directed_stats {
            let _ = writeln!(
                o,
                "  arcs          density {:.4} (arcs over n(n-1)), in/out-degree mean {:.2}, max in {}, max out {}, reciprocity {:.4}",
                d.density, d.mean_in_degree, d.max_in_degree, d.max_out_degree, d.reciprocity
            );
            let _ = writeln!(
                o,
                "  as pooled     the lines below are of A + A^T (the undirected graph pooling reads)"
            );
        }
        let _ = writeln!(
            o,
            "  degree        min {}, mean {:.2}, max {}",
            self.degree_min, self.degree_mean, self.degree_max
        );
        o.push_str(&self.structure.text());
        if self.labels.is_empty() {
            let _ = writeln!(o, "  labels        none");
        }
        for l in &self.labels {
            let _ = writeln!(o, "  label         {}", l.line());
        }
        if self.feature_dims > 0 {
            let _ = writeln!(
                o,
                "  features      {} ({})",
                self.feature_dims,
                self.feature_names.join(", ")
            );
        } else {
            let _ = writeln!(o, "  features      none");
        }
        if !self.numeric.is_empty() {
            let list: Vec<String> = self
                .numeric
                .iter()
                .map(|(n, lo, hi, missing)| {
                    let gap = if *missing > 0 {
                        format!(", {missing} missing")
                    } else {
                        String::new()
                    };
                    format!("{n} {lo}…{hi}{gap}")
                })
                .collect();
            let _ = writeln!(o, "  numeric       {}", list.join("; "));
        }
        let _ = writeln!(
            o,
            "  coordinates   {}",
            match (self.coordinates, self.geographic) {
                (true, true) => "longitude/latitude (drawn equirectangular)",
                (true, false) => "yes",
                _ => "no",
            }
        );
        o
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DatasetSummary {
    pub name: String,
    pub graphs: usize,
    pub nodes: usize,
    pub edges: usize,
    pub graph_labels: Option<LabelSummary>,
    pub node_labels: Vec<LabelSummary>,
    pub nodes_per_graph_min: usize,
    pub nodes_per_graph_mean: f64,
    pub nodes_per_graph_max: usize,
}

impl DatasetSummary {
    pub fn of(d: &Dataset) -> Self {
        let sizes: Vec<usize> = d.graphs.iter().map(Graph::node_count).collect();
        // Node label counts over the whole data set.
        let node_labels = d
            .graphs
            .first()
            .map(|g0| {
                g0.nodes
                    .labels
                    .iter()
                    .map(|col| {
                        let mut counts = vec![0usize; col.classes.len()];
                        let mut missing = 0;
                        for g in &d.graphs {
                            if let Some(c) = g.nodes.label(&col.name) {
                                for (k, n) in c.class_counts().into_iter().enumerate() {
                                    if let Some(slot) = counts.get_mut(k) {
                                        *slot += n;
                                    }
                                }
                                missing += c.missing();
                            }
                        }
                        LabelSummary {
                            name: col.name.clone(),
                            classes: col
                                .classes
                                .iter()
                                .zip(counts)
                                .map(|(c, n)| ClassCount {
                                    class: c.clone(),
                                    count: n,
                                })
                                .collect(),
                            missing,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            name: d.name.clone(),
            graphs: d.len(),
            nodes: d.total_nodes(),
            edges: d.total_edges(),
            graph_labels: d.graph_labels.as_ref().map(LabelSummary::of),
            node_labels,
            nodes_per_graph_min: sizes.iter().copied().min().unwrap_or(0),
            nodes_per_graph_mean: if sizes.is_empty() {
                0.0
            } else {
                sizes.iter().sum::<usize>() as f64 / sizes.len() as f64
            },
            nodes_per_graph_max: sizes.iter().copied().max().unwrap_or(0),
        }
    }

    pub fn text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "{} (data set)", self.name);
        let _ = writeln!(o, "  graphs        {}", self.graphs);
        let _ = writeln!(
            o,
            "  nodes         {} (per graph min {}, mean {:.2}, max {})",
            self.nodes,
            self.nodes_per_graph_min,
            self.nodes_per_graph_mean,
            self.nodes_per_graph_max
        );
        let _ = writeln!(o, "  edges         {}", self.edges);
        match &self.graph_labels {
            Some(l) => {
                let _ = writeln!(o, "  graph label   {}", l.line());
            }
            None => {
                let _ = writeln!(o, "  graph label   none");
            }
        }
        for l in &self.node_labels {
            let _ = writeln!(o, "  node label    {}", l.line());
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Csr, NodeTable};

    #[test]
    fn a_directed_graph_gets_its_own_figures_beside_those_of_a_plus_its_transpose() {
        // 0 -> 1, 1 -> 0, 1 -> 2: three arcs, one pair both ways.
        let a = Csr::from_triplets(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0)]);
        let g = Graph::new(true, a, NodeTable::numbered(3));
        let s = GraphSummary::of(&g);
        let d = s.directed_stats.clone().expect("directed");
        assert_eq!(d.density, 0.5);
        assert_eq!(d.mean_in_degree, 1.0);
        assert_eq!((d.max_in_degree, d.max_out_degree), (1, 2));
        assert!((d.reciprocity - 2.0 / 3.0).abs() < 1e-12);
        let text = s.text();
        assert!(text.contains("reciprocity 0.6667"), "{text}");
        assert!(text.contains("of A + A^T"), "{text}");
        let undirected = Graph::from_edges(3, &[(0, 1, 1.0)]);
        assert!(GraphSummary::of(&undirected).directed_stats.is_none());
    }
}
