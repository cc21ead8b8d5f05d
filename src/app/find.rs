//! Finding nodes by what a person knows of them: a name or id (a neuron, an author), or a
//! value of a column (`cell_type=KC`, `club: Officer`). Matches are ranked exact, then
//! prefix, then substring, so typing narrows a list of completions.

use crate::graph::Graph;

/// One completion: what it says, and the level-0 nodes it selects.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub text: String,
    pub nodes: Vec<usize>,
}

/// A label column's classes, each with its member nodes.
type ClassMembers = Vec<(String, Vec<usize>)>;

/// The graph's searchable text, lower-cased once.
pub struct Finder {
    names: Vec<String>,
    ids: Vec<String>,
    /// Per label column: its name and its classes with their members.
    columns: Vec<(String, ClassMembers)>,
    /// Numeric columns: name and per-node values.
    numeric: Vec<(String, Vec<Option<f64>>)>,
}

/// How well a text matches: lower is better; `None` is no match.
fn rank(text: &str, query: &str) -> Option<u8> {
    if text == query {
        Some(0)
    } else if text.starts_with(query) {
        Some(1)
    } else if text.contains(query) {
        Some(2)
    } else {
        None
    }
}

impl Finder {
    pub fn new(g: &Graph) -> Self {
        let columns = g
            .nodes
            .labels
            .iter()
            .map(|c| {
                let mut members = vec![Vec::new(); c.classes.len()];
                for (i, code) in c.codes.iter().enumerate() {
                    if let Some(k) = code {
                        members[*k as usize].push(i);
                    }
                }
                (
                    c.name.clone(),
                    c.classes.iter().cloned().zip(members).collect(),
                )
            })
            .collect();
        Self {
            names: g.nodes.names.iter().map(|n| n.to_lowercase()).collect(),
            ids: g.nodes.ids.iter().map(|n| n.to_lowercase()).collect(),
            columns,
            numeric: g
                .nodes
                .numeric
                .iter()
                .map(|c| (c.name.clone(), c.values.clone()))
                .collect(),
        }
    }

    /// Up to `limit` completions of `query`, best first; `g` gives the display names.
    pub fn find(&self, g: &Graph, query: &str, limit: usize) -> Vec<Match> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        // `column=value` or `column: value`: that column's nodes with that value.
        if let Some((col, value)) = q.split_once('=').or_else(|| q.split_once(':')) {
            let (col, value) = (col.trim(), value.trim());
            if let Some(m) = self.column_value(col, value, limit) {
                return m;
            }
        }
        let mut ranked: Vec<(u8, usize, Match)> = Vec::new();
        for i in 0..self.names.len() {
            let by_name = rank(&self.names[i], &q);
            let by_id = rank(&self.ids[i], &q);
            let best = match (by_name, by_id) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(r) = best {
                let name = &g.nodes.names[i];
                let id = &g.nodes.ids[i];
                let text = if name == id {
                    name.clone()
                } else {
                    format!("{name} (id {id})")
                };
                ranked.push((
                    r,
                    i,
                    Match {
                        text,
                        nodes: vec![i],
                    },
                ));
            }
        }
        for (name, classes) in &self.columns {
            for (class, members) in classes {
                if let Some(r) = rank(&class.to_lowercase(), &q) {
                    ranked.push((
                        r,
                        usize::MAX,
                        Match {
                            text: format!("{name} = {class} ({} nodes)", members.len()),
                            nodes: members.clone(),
                        },
                    ));
                }
            }
        }
        ranked.sort_by_key(|(r, i, m)| (*r, m.nodes.len() != 1, *i));
        ranked.into_iter().take(limit).map(|(_, _, m)| m).collect()
    }

    /// Nodes whose column `col` has `value` (a class of a label column, or a number of a
    /// numeric one); `None` when no column is called `col`.
    fn column_value(&self, col: &str, value: &str, limit: usize) -> Option<Vec<Match>> {
        if let Some((name, classes)) = self.columns.iter().find(|(n, _)| n.to_lowercase() == col) {
            let mut out: Vec<(u8, Match)> = classes
                .iter()
                .filter_map(|(class, members)| {
                    let r = if value.is_empty() {
                        1
                    } else {
                        rank(&class.to_lowercase(), value)?
                    };
                    Some((
                        r,
                        Match {
                            text: format!("{name} = {class} ({} nodes)", members.len()),
                            nodes: members.clone(),
                        },
                    ))
                })
                .collect();
            out.sort_by_key(|(r, _)| *r);
            return Some(out.into_iter().take(limit).map(|(_, m)| m).collect());
        }
        let (name, values) = self.numeric.iter().find(|(n, _)| n.to_lowercase() == col)?;
        let Ok(target) = value.parse::<f64>() else {
            return Some(Vec::new());
        };
        let nodes: Vec<usize> = (0..values.len())
            .filter(|&i| values[i] == Some(target))
            .collect();
        Some(if nodes.is_empty() {
            Vec::new()
        } else {
            vec![Match {
                text: format!("{name} = {value} ({} nodes)", nodes.len()),
                nodes,
            }]
        })
    }

    /// The first node whose name or id is `text` exactly (case-insensitive), else the best
    /// completion's nodes: what `--select NAME` picks.
    pub fn pick(&self, g: &Graph, text: &str) -> Result<Vec<usize>, String> {
        let q = text.trim().to_lowercase();
        if let Some(i) = (0..self.names.len()).find(|&i| self.names[i] == q || self.ids[i] == q) {
            return Ok(vec![i]);
        }
        match self.find(g, text, 1).into_iter().next() {
            Some(m) => Ok(m.nodes),
            None => Err(format!(
                "no node named `{text}` (nor an id or a column value matching it) in {}",
                if g.name.is_empty() {
                    "the graph"
                } else {
                    &g.name
                }
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn karate() -> Graph {
        let loaded = crate::samples::find("karate")
            .expect("sample")
            .load()
            .expect("loads");
        loaded.first_graph().expect("graph").clone()
    }

    #[test]
    fn names_rank_exact_then_prefix_then_substring() {
        let mut g = Graph::from_edges(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        g.nodes.names = vec!["Ada".into(), "Adam".into(), "Madam".into(), "Bob".into()];
        let f = Finder::new(&g);
        let found: Vec<Vec<usize>> = f.find(&g, "ada", 10).into_iter().map(|m| m.nodes).collect();
        assert_eq!(found, vec![vec![0], vec![1], vec![2]]);
        assert_eq!(f.find(&g, "ADAM", 10)[0].nodes, vec![1]);
        assert_eq!(f.find(&g, "ada", 10)[1].text, "Adam (id 1)");
        assert!(f.find(&g, "zed", 10).is_empty());
        assert!(f.find(&g, "  ", 10).is_empty());
        assert_eq!(f.find(&g, "a", 2).len(), 2);
        assert_eq!(f.pick(&g, "bob"), Ok(vec![3]));
        assert!(
            f.pick(&g, "carol")
                .unwrap_err()
                .contains("no node named `carol`")
        );
    }

    #[test]
    fn column_values_select_every_member() {
        let g = karate();
        let f = Finder::new(&g);
        let m = f.find(&g, "club=officer", 5);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].nodes.len(), 17);
        assert_eq!(m[0].text, "club = Officer (17 nodes)");
        // A class value is also offered while typing a plain word.
        assert!(f.find(&g, "Mr. H", 5).iter().any(|m| m.nodes.len() == 17));
        // A numeric column by its value.
        let mut g2 = Graph::from_edges(3, &[(0, 1, 1.0)]);
        g2.nodes.numeric.push(crate::graph::NumericColumn {
            name: "papers".into(),
            values: vec![Some(3.0), Some(5.0), Some(3.0)],
            integer: true,
        });
        let f2 = Finder::new(&g2);
        assert_eq!(f2.find(&g2, "papers=3", 5)[0].nodes, vec![0, 2]);
        assert!(f2.find(&g2, "papers=x", 5).is_empty());
    }
}
