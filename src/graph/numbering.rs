//! PyG's numbering kept (`--keep-ids`): an edge list whose ids are the integers `0..N` names
//! node `k` by id `k`, and an id no edge mentions is still a node (isolated), as in a PyG
//! `edge_index` with `num_nodes = N`. Without it, readers number the nodes they meet in order
//! of appearance and leave out ids that never occur.

use super::node_table::{Features, LabelColumn, NodeTable, NumericColumn};
use super::{Csr, Graph, MAX_NODES};

impl Graph {
    /// The graph with node `k` the node whose id is `k`, for every `k` up to the largest id;
    /// ids missing from the file become isolated nodes with no attributes. Every id must be a
    /// non-negative integer written plainly (`7`, not `07` or `7.0`).
    pub fn keeping_integer_ids(self) -> Result<Graph, String> {
        Ok(self.numbered_by_ids()?.unwrap_or(self))
    }

    /// [`Graph::keeping_integer_ids`] without giving up the graph: `None` when it is numbered
    /// so already.
    pub fn numbered_by_ids(&self) -> Result<Option<Graph>, String> {
        let n = self.node_count();
        let number = self.id_numbers()?;
        let count = number.iter().map(|&k| k + 1).max().unwrap_or(0);
        if count == n && number.iter().enumerate().all(|(i, &k)| i == k) {
            return Ok(None);
        }
        let mut old_of_new: Vec<Option<usize>> = vec![None; count];
        for (old, &k) in number.iter().enumerate() {
            old_of_new[k] = Some(old);
        }
        let triplets: Vec<(u32, u32, f32)> = self
            .adjacency()
            .iter()
            .map(|(u, v, w)| (number[u as usize] as u32, number[v as usize] as u32, w))
            .collect();
        let mut g = Graph::new(
            self.is_directed(),
            Csr::from_triplets(count, &triplets),
            self.nodes.placed(&old_of_new),
        );
        g.name = self.name.clone();
        g.edge_stats = self.edge_stats.clone();
        Ok(Some(g))
    }

    /// How many nodes `--keep-ids` would make (the largest id plus one), when every id is a
    /// plain non-negative integer.
    pub fn integer_id_count(&self) -> Option<usize> {
        let number = self.id_numbers().ok()?;
        Some(number.iter().map(|&k| k + 1).max().unwrap_or(0))
    }

    /// Each node's id as a number, or why not.
    fn id_numbers(&self) -> Result<Vec<usize>, String> {
        let mut number = Vec::with_capacity(self.node_count());
        for (row, id) in self.nodes.ids.iter().enumerate() {
            let k: usize = id
                .parse()
                .ok()
                .filter(|k: &usize| k.to_string() == *id)
                .ok_or_else(|| {
                    format!(
                        "--keep-ids: node {row}'s id `{}` is not a plain non-negative integer (ids must be 0, 1, 2, … to keep them as node numbers)",
                        super::shorten(id)
                    )
                })?;
            if k >= MAX_NODES {
                return Err(format!(
                    "--keep-ids: node id {k} would make {} nodes, above the limit of {MAX_NODES}",
                    k + 1
                ));
            }
            number.push(k);
        }
        Ok(number)
    }
}

impl NodeTable {
    /// A table whose row `k` is this table's row `rows[k]`, or a node with only an id (`k`)
    /// where `rows[k]` is `None`: no labels or values, zero features, and the mean position
    /// of the others when the table has coordinates.
    pub fn placed(&self, rows: &[Option<usize>]) -> NodeTable {
        let ids: Vec<String> = (0..rows.len()).map(|k| k.to_string()).collect();
        let names = rows
            .iter()
            .enumerate()
            .map(|(k, r)| r.map_or_else(|| k.to_string(), |r| self.names[r].clone()))
            .collect();
        let labels = self
            .labels
            .iter()
            .map(|c| LabelColumn {
                name: c.name.clone(),
                classes: c.classes.clone(),
                codes: rows.iter().map(|r| r.and_then(|r| c.codes[r])).collect(),
            })
            .collect();
        let features = self.features.as_ref().map(|f| {
            let mut values = ndarray::Array2::<f32>::zeros((rows.len(), f.values.ncols()));
            for (k, r) in rows.iter().enumerate() {
                if let Some(r) = r {
                    values.row_mut(k).assign(&f.values.row(*r));
                }
            }
            Features {
                names: f.names.clone(),
                values,
            }
        });
        let coords = self.coords.as_ref().map(|c| {
            let m = c.len().max(1) as f32;
            let mean = c
                .iter()
                .fold([0.0f32; 2], |a, p| [a[0] + p[0] / m, a[1] + p[1] / m]);
            rows.iter().map(|r| r.map_or(mean, |r| c[r])).collect()
        });
        let numeric = self
            .numeric
            .iter()
            .map(|c| NumericColumn {
                name: c.name.clone(),
                values: rows.iter().map(|r| r.and_then(|r| c.values[r])).collect(),
                integer: c.integer,
            })
            .collect();
        NodeTable {
            ids,
            names,
            labels,
            features,
            coords,
            geographic: self.geographic,
            numeric,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge_list(text: &str) -> Graph {
        let path = crate::io::scratch::Scratch::file(&format!("keep-ids-{}.csv", text.len()));
        std::fs::write(&path, text).expect("write");
        let loaded = crate::io::load_path(&path, None).expect("reads");
        loaded.first_graph().expect("graph").clone()
    }

    #[test]
    fn ids_become_node_numbers_and_missing_ones_isolated_nodes() {
        // Ids 0..6 with 2 and 5 never named, met in the order 4, 1, 0, 3, 6.
        let g = edge_list("source,target,weight\n4,1,2\n0,3,1\n3,6,1\n1,0,1\n");
        assert_eq!(g.node_count(), 5, "read as met");
        let kept = g.clone().keeping_integer_ids().expect("integers");
        assert_eq!(kept.node_count(), 7);
        assert_eq!(kept.edge_count(), g.edge_count());
        for (k, id) in kept.nodes.ids.iter().enumerate() {
            assert_eq!(*id, k.to_string());
        }
        assert_eq!(kept.adjacency().get(4, 1), 2.0);
        assert_eq!(kept.adjacency().get(1, 4), 2.0);
        assert_eq!(kept.adjacency().get(0, 3), 1.0);
        assert_eq!(kept.adjacency().degree(2), 0);
        assert_eq!(kept.adjacency().degree(5), 0);
        assert_eq!(kept.component_count(), 1 + 2, "two isolated nodes");
        // Already numbered 0..N in order: unchanged.
        let again = kept.clone().keeping_integer_ids().expect("still integers");
        assert_eq!(again, kept);
    }

    #[test]
    fn ids_that_are_not_plain_integers_are_refused_with_the_reason() {
        let g = edge_list("source,target\nalice,bob\n");
        let e = g.keeping_integer_ids().expect_err("names are not numbers");
        assert!(e.contains("`alice`") && e.contains("--keep-ids"), "{e}");
        let g = edge_list("source,target\n07,1\n");
        assert!(
            g.keeping_integer_ids().is_err(),
            "07 is not written plainly"
        );
        let g = edge_list("source,target\n0,30000000\n");
        let e = g.keeping_integer_ids().expect_err("too many nodes");
        assert!(e.contains("limit"), "{e}");
    }
}
