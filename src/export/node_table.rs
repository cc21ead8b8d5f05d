//! The node table: one row per level-0 node with its id, name, every attribute, the computed
//! measures, Louvain's community and its cluster on each pooled level. The window's table and
//! the CSV export read the same columns, so a sorted view and the file agree.

use crate::graph::{Graph, Measure, Measures};
use crate::hierarchy::Hierarchy;

/// One column of the node table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    /// A label (category) column of the graph, by index.
    Label(usize),
    /// A numeric column of the graph, by index.
    Numeric(usize),
    Measure(Measure),
    Louvain,
    /// The node's hard cluster on pooled level `l` (1 and up).
    Cluster(usize),
}

/// What the table reads from a graph and its hierarchy beyond the graph's own columns, made
/// once per shown hierarchy rather than per frame (a million nodes' clusters per level).
#[derive(Clone, Default)]
pub struct RowParts {
    /// Per pooled level (from 1), each level-0 node's cluster.
    clusters: std::sync::Arc<Vec<Vec<Option<u32>>>>,
    /// Names are worth a column: some name differs from its id.
    named: bool,
}

impl RowParts {
    pub fn of(graph: &Graph, h: Option<&Hierarchy>) -> Self {
        let clusters = h.map_or_else(Vec::new, |h| {
            (1..h.depth()).map(|l| h.level0_partition(l)).collect()
        });
        let named = graph
            .nodes
            .ids
            .iter()
            .zip(&graph.nodes.names)
            .any(|(i, n)| i != n);
        Self {
            clusters: std::sync::Arc::new(clusters),
            named,
        }
    }
}

/// The table's values, borrowed from a graph and what has been computed for it.
pub struct NodeRows<'a> {
    graph: &'a Graph,
    measures: Option<&'a Measures>,
    louvain: Option<&'a [u32]>,
    clusters: std::sync::Arc<Vec<Vec<Option<u32>>>>,
    named: bool,
}

impl<'a> NodeRows<'a> {
    /// The table of what is known now: measures and Louvain's communities appear once they
    /// have been computed (the window computes them off its thread).
    pub fn new(graph: &'a Graph, h: Option<&Hierarchy>) -> Self {
        Self::with(graph, RowParts::of(graph, h))
    }

    /// The table over parts made earlier for the same graph and hierarchy.
    pub fn with(graph: &'a Graph, parts: RowParts) -> Self {
        Self {
            graph,
            measures: graph.measures_if_known(),
            louvain: graph.communities_if_known().map(|c| c.of_node.as_slice()),
            clusters: parts.clusters,
            named: parts.named,
        }
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn measures(&self) -> Option<&Measures> {
        self.measures
    }

    pub fn columns(&self) -> Vec<Column> {
        let nodes = &self.graph.nodes;
        let mut c = vec![Column::Id];
        if self.named {
            c.push(Column::Name);
        }
        c.extend((0..nodes.labels.len()).map(Column::Label));
        // An integer column read as labels too is shown once, by its classes.
        c.extend(
            (0..nodes.numeric.len())
                .filter(|&k| nodes.label(&nodes.numeric[k].name).is_none())
                .map(Column::Numeric),
        );
        if self.measures.is_some() {
            c.extend(Measure::ALL.map(Column::Measure));
        }
        if self.louvain.is_some() {
            c.push(Column::Louvain);
        }
        c.extend((1..=self.clusters.len()).map(Column::Cluster));
        c
    }

    /// The column's heading; a measure's name is also what Colour by and Size by call it.
    pub fn header(&self, c: Column) -> String {
        let nodes = &self.graph.nodes;
        match c {
            Column::Id => "id".into(),
            Column::Name => "name".into(),
            Column::Label(k) => nodes.labels[k].name.clone(),
            Column::Numeric(k) => nodes.numeric[k].name.clone(),
            Column::Measure(m) => m.name().into(),
            Column::Louvain => "louvain".into(),
            Column::Cluster(l) => format!("cluster_L{l}"),
        }
    }

    /// The column's number at `row`, for sorting and scales (`None`: text or no value).
    pub fn number(&self, c: Column, row: usize) -> Option<f64> {
        let nodes = &self.graph.nodes;
        match c {
            Column::Id | Column::Name | Column::Label(_) => None,
            Column::Numeric(k) => nodes.numeric[k].values[row],
            Column::Measure(m) => self.measures.map(|ms| ms.values(m)[row]),
            Column::Louvain => self.louvain.map(|c| f64::from(c[row])),
            Column::Cluster(l) => self.clusters[l - 1][row].map(f64::from),
        }
    }

    /// The column's text at `row`, as the CSV holds it (empty for no value).
    pub fn text(&self, c: Column, row: usize) -> String {
        let nodes = &self.graph.nodes;
        match c {
            Column::Id => nodes.ids[row].clone(),
            Column::Name => nodes.names[row].clone(),
            Column::Label(k) => {
                let col = &nodes.labels[k];
                col.codes[row]
                    .and_then(|i| col.classes.get(i as usize).cloned())
                    .unwrap_or_default()
            }
            Column::Measure(Measure::Core | Measure::Degree)
            | Column::Louvain
            | Column::Cluster(_) => self
                .number(c, row)
                .map(|v| format!("{v}"))
                .unwrap_or_default(),
            _ => self.number(c, row).map(short).unwrap_or_default(),
        }
    }

    /// Row numbers ordered by column `c` (numbers numerically, with no value last; text
    /// naturally, so `node10` follows `node9`), descending when asked.
    pub fn sorted(&self, rows: &mut [u32], c: Column, descending: bool) {
        use rayon::prelude::*;
        let numeric = !matches!(c, Column::Id | Column::Name | Column::Label(_));
        if numeric {
            let key: Vec<f64> = (0..self.len())
                .map(|r| self.number(c, r).unwrap_or(f64::NAN))
                .collect();
            rows.par_sort_by(|&a, &b| {
                let (x, y) = (key[a as usize], key[b as usize]);
                match (x.is_nan(), y.is_nan()) {
                    (true, true) => a.cmp(&b),
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    _ if descending => y.total_cmp(&x).then(a.cmp(&b)),
                    _ => x.total_cmp(&y).then(a.cmp(&b)),
                }
            });
        } else {
            let key: Vec<String> = (0..self.len()).map(|r| self.text(c, r)).collect();
            rows.par_sort_by(|&a, &b| {
                let o = natural(&key[a as usize], &key[b as usize]).then(a.cmp(&b));
                if descending { o.reverse() } else { o }
            });
        }
    }

    /// Does row `row` match a search (case-insensitive, in its id, name or a label)?
    /// `query_lower` is lower-cased already; nothing is copied for ASCII text, so a search
    /// over a million rows is not a million allocations on the window's thread.
    pub fn matches(&self, row: usize, query_lower: &str) -> bool {
        let nodes = &self.graph.nodes;
        let has = |s: &str| contains_folded(s, query_lower);
        has(&nodes.ids[row])
            || (self.named && has(&nodes.names[row]))
            || nodes.labels.iter().any(|col| {
                col.codes[row]
                    .and_then(|i| col.classes.get(i as usize))
                    .is_some_and(|c| has(c))
            })
    }

    /// The rows of `rows` that match `query_lower`, in order, searched in parallel.
    pub fn matching(&self, rows: Vec<u32>, query_lower: &str) -> Vec<u32> {
        use rayon::prelude::*;
        rows.into_par_iter()
            .filter(|&r| self.matches(r as usize, query_lower))
            .collect()
    }

    /// The whole table as CSV with a header row.
    pub fn csv(&self) -> String {
        let cols = self.columns();
        let mut text = String::new();
        let header: Vec<String> = cols
            .iter()
            .map(|&c| crate::io::csv_field(&self.header(c)))
            .collect();
        text.push_str(&header.join(","));
        text.push('\n');
        for row in 0..self.len() {
            for (k, &c) in cols.iter().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                let cell = match c {
                    // Full precision in the file; the window shortens.
                    Column::Numeric(_) | Column::Measure(_) => self
                        .number(c, row)
                        .map(|v| format!("{v}"))
                        .unwrap_or_default(),
                    _ => crate::io::csv_field(&self.text(c, row)),
                };
                text.push_str(&cell);
            }
            text.push('\n');
        }
        text
    }
}

/// Whether `hay` contains `needle_lower` (lower-case) in any case: ASCII compared byte by
/// byte in place, other text lower-cased first.
fn contains_folded(hay: &str, needle_lower: &str) -> bool {
    if !(hay.is_ascii() && needle_lower.is_ascii()) {
        return hay.to_lowercase().contains(needle_lower);
    }
    let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
    n.is_empty()
        || h.windows(n.len())
            .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b))
}

/// A measure as the table shows it: four significant digits, small ones in scientific form.
fn short(v: f64) -> String {
    if v == 0.0 || v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{v}")
    } else if v.abs() >= 1e-3 && v.abs() < 1e6 {
        let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.digits$}")
    } else {
        format!("{v:.3e}")
    }
}

/// Text order that compares runs of digits by their value.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => {
            let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
            loop {
                match (x.peek().copied(), y.peek().copied()) {
                    (None, None) => return std::cmp::Ordering::Equal,
                    (None, _) => return std::cmp::Ordering::Less,
                    (_, None) => return std::cmp::Ordering::Greater,
                    (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                        let take = |it: &mut std::iter::Peekable<std::str::Chars>| {
                            let mut s = String::new();
                            while let Some(d) = it.peek().copied().filter(char::is_ascii_digit) {
                                s.push(d);
                                it.next();
                            }
                            s
                        };
                        let (m, n) = (take(&mut x), take(&mut y));
                        let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                        let o = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                        if o.is_ne() {
                            return o;
                        }
                    }
                    (Some(p), Some(q)) => {
                        let o = p.to_lowercase().cmp(q.to_lowercase());
                        if o.is_ne() {
                            return o;
                        }
                        x.next();
                        y.next();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn karate() -> Graph {
        crate::samples::graph("karate").expect("sample")
    }

    #[test]
    fn the_table_gains_the_computed_columns_once_known() {
        let g = karate();
        let before = NodeRows::new(&g, None).columns();
        assert!(!before.contains(&Column::Measure(Measure::PageRank)));
        g.measures();
        g.louvain_communities();
        let rows = NodeRows::new(&g, None);
        let cols = rows.columns();
        assert!(cols.contains(&Column::Measure(Measure::Betweenness)));
        assert!(cols.contains(&Column::Louvain));
        // Sorted by PageRank, descending: node 33 then node 0 (networkx's order too).
        let mut order: Vec<u32> = (0..34).collect();
        rows.sorted(&mut order, Column::Measure(Measure::PageRank), true);
        assert_eq!(&order[..2], &[33, 0]);
        rows.sorted(&mut order, Column::Measure(Measure::Core), false);
        let cores: Vec<f64> = order
            .iter()
            .map(|&r| {
                rows.number(Column::Measure(Measure::Core), r as usize)
                    .expect("core")
            })
            .collect();
        assert!(cores.windows(2).all(|w| w[0] <= w[1]));
        assert!(rows.matches(0, "mr. hi"), "a label matches");
        assert!(!rows.matches(0, "officer"));
    }

    #[test]
    fn search_ignores_case_in_place_and_in_any_script() {
        assert!(contains_folded("Mr. Hi", "mr. h"));
        assert!(contains_folded("NODE10", "de1"));
        assert!(!contains_folded("node", "nodes"));
        assert!(contains_folded("ÄRZTE", "ärz"));
        assert!(contains_folded("anything", ""));
        let g = karate();
        let rows = NodeRows::new(&g, None);
        let officers = rows.matching((0..34).collect(), "officer");
        assert_eq!(
            officers.len(),
            17,
            "karate's two clubs have 17 members each"
        );
        assert!(officers.windows(2).all(|w| w[0] < w[1]), "in order");
        assert!(
            officers
                .iter()
                .all(|&r| !rows.matches(r as usize, "mr. hi"))
        );
    }

    #[test]
    fn the_csv_round_trips_its_header_and_values() {
        let g = karate();
        g.measures();
        let rows = NodeRows::new(&g, None);
        let csv = rows.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 35);
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(header[0], "id");
        let pr = header
            .iter()
            .position(|h| *h == "pagerank")
            .expect("pagerank column");
        let club = header
            .iter()
            .position(|h| *h == "club")
            .expect("club column");
        let cells: Vec<&str> = lines[34].split(',').collect();
        assert_eq!(cells[0], "33");
        assert_eq!(cells[club], "Officer");
        let v: f64 = cells[pr].parse().expect("a number");
        assert_eq!(v, g.measures().pagerank[33], "full precision");
    }

    #[test]
    fn ids_sort_naturally_and_missing_numbers_last() {
        let mut names = ["n10", "n9", "N1", "a"];
        names.sort_by(|a, b| natural(a, b));
        assert_eq!(names, ["a", "N1", "n9", "n10"]);
        assert_eq!(short(0.000_123_4), "1.234e-4");
        assert_eq!(short(0.437_635), "0.4376");
        assert_eq!(short(12.0), "12");
    }
}
