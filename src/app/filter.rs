//! Filters that hide or fade nodes by an attribute or their degree, so an explorer can look
//! at the hubs, one cell type, or the authors with more than 20 papers. A pooled node is
//! filtered when every one of its members is.

use crate::graph::{Csr, Graph};
use crate::hierarchy::Hierarchy;

/// What a filter reads.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterBy {
    /// Distinct neighbours (in and out).
    Degree,
    /// A numeric column, kept within a range.
    Column(String),
    /// A label column, kept to some of its classes.
    Label(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub by: FilterBy,
    /// Kept values, inclusive (degree and numeric columns).
    pub range: (f64, f64),
    /// Kept classes, by index (label columns); nodes without a value are kept with none.
    pub classes: Vec<bool>,
    /// Hide what fails rather than fade it.
    pub hide: bool,
}

impl Filter {
    /// A filter on `by` that keeps everything, with the range or classes of the graph.
    pub fn new(g: &Graph, sym: &Csr, by: FilterBy) -> Self {
        let (range, classes) = match &by {
            FilterBy::Degree => {
                let d = (0..sym.node_count()).map(|i| degree(sym, i) as f64);
                let (lo, hi) = d.fold((f64::INFINITY, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
                ((lo.min(hi), hi), Vec::new())
            }
            FilterBy::Column(c) => {
                let values = g.column_values(c).unwrap_or_default();
                let (lo, hi) = values
                    .iter()
                    .flatten()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                (if lo <= hi { (lo, hi) } else { (0.0, 0.0) }, Vec::new())
            }
            FilterBy::Label(c) => (
                (0.0, 0.0),
                vec![true; g.nodes.label(c).map_or(0, |c| c.classes.len())],
            ),
        };
        Self {
            by,
            range,
            classes,
            hide: false,
        }
    }

    /// Per level-0 node: does it pass?
    pub fn passes(&self, g: &Graph, sym: &Csr) -> Vec<bool> {
        let n = g.node_count();
        let within = |v: f64| v >= self.range.0 && v <= self.range.1;
        match &self.by {
            FilterBy::Degree => (0..n).map(|i| within(degree(sym, i) as f64)).collect(),
            FilterBy::Column(c) => match g.column_values(c) {
                Some(values) => values.iter().map(|v| v.is_some_and(within)).collect(),
                None => vec![true; n],
            },
            FilterBy::Label(c) => match g.nodes.label(c) {
                Some(col) => col
                    .codes
                    .iter()
                    .map(|k| {
                        k.is_some_and(|k| self.classes.get(k as usize).copied().unwrap_or(true))
                    })
                    .collect(),
                None => vec![true; n],
            },
        }
    }

    /// Per level, per node: 0 shown, 1 faded, 2 hidden.
    pub fn levels(&self, g: &Graph, sym: &Csr, h: Option<&Hierarchy>) -> Vec<Vec<u8>> {
        let pass = self.passes(g, sym);
        let fail = if self.hide { 2 } else { 1 };
        let level0: Vec<u8> = pass.iter().map(|&p| if p { 0 } else { fail }).collect();
        let Some(h) = h else {
            return vec![level0];
        };
        let mut out = vec![level0];
        for l in 1..h.depth() {
            // A cluster stays while any member passes.
            let mut any = vec![false; h.levels[l].node_count];
            for (i, p) in h.level0_partition(l).iter().enumerate() {
                if pass[i]
                    && let Some(p) = p
                    && let Some(a) = any.get_mut(*p as usize)
                {
                    *a = true;
                }
            }
            out.push(any.into_iter().map(|a| if a { 0 } else { fail }).collect());
        }
        out
    }

    /// `degree 5–30`, `papers 20–177`, `cell_type: 2 of 4 kinds`.
    pub fn describe(&self, g: &Graph) -> String {
        let short = crate::render::scale::short_value;
        match &self.by {
            FilterBy::Degree => format!("degree {}–{}", short(self.range.0), short(self.range.1)),
            FilterBy::Column(c) => format!("{c} {}–{}", short(self.range.0), short(self.range.1)),
            FilterBy::Label(c) => format!(
                "{c}: {} of {} values",
                self.classes.iter().filter(|&&k| k).count(),
                g.nodes.label(c).map_or(0, |c| c.classes.len())
            ),
        }
    }
}

/// Distinct neighbours of `i` other than itself in a symmetric matrix.
fn degree(sym: &Csr, i: usize) -> usize {
    sym.row(i).0.iter().filter(|&&j| j as usize != i).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn degree_and_label_filters_fade_hide_and_reach_clusters() {
        // A star 0-{1,2,3} and an edge 4-5.
        let mut g = Graph::from_edges(6, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (4, 5, 1.0)]);
        g.nodes.labels.push(crate::graph::LabelColumn::from_values(
            "kind",
            &["a", "b", "b", "b", "a", "b"].map(|s| Some(s.to_string())),
        ));
        let sym = g.symmetric().into_owned();
        let mut f = Filter::new(&g, &sym, FilterBy::Degree);
        assert_eq!(f.range, (1.0, 3.0));
        f.range = (2.0, 3.0);
        assert_eq!(
            f.passes(&g, &sym),
            vec![true, false, false, false, false, false]
        );
        assert_eq!(f.levels(&g, &sym, None)[0], vec![0, 1, 1, 1, 1, 1]);
        f.hide = true;
        // Pooled: {0,1,2,3} and {4,5}; the first keeps a passing member, the second none.
        let s = Array2::from_shape_fn((6, 2), |(i, k)| f32::from((i >= 4) as usize == k));
        let h = Hierarchy::from_parts(sym.clone(), vec![s], None, vec![], "t");
        let levels = f.levels(&g, &sym, Some(&h));
        assert_eq!(levels[1], vec![0, 2]);
        assert_eq!(f.describe(&g), "degree 2–3");
        let mut k = Filter::new(&g, &sym, FilterBy::Label("kind".into()));
        k.classes = vec![true, false];
        assert_eq!(
            k.passes(&g, &sym),
            vec![true, false, false, false, true, false]
        );
        assert_eq!(k.describe(&g), "kind: 1 of 2 values");
    }

    #[test]
    fn numeric_ranges_drop_missing_values() {
        let mut g = Graph::from_edges(3, &[(0, 1, 1.0)]);
        g.nodes.numeric.push(crate::graph::NumericColumn {
            name: "papers".into(),
            values: vec![Some(3.0), None, Some(40.0)],
            integer: true,
        });
        let sym = g.symmetric().into_owned();
        let mut f = Filter::new(&g, &sym, FilterBy::Column("papers".into()));
        assert_eq!(f.range, (3.0, 40.0));
        assert_eq!(f.passes(&g, &sym), vec![true, false, true]);
        f.range = (20.0, 40.0);
        assert_eq!(f.passes(&g, &sym), vec![false, false, true]);
    }
}
