//! Per-node data: ids as the file gave them, display names, categorical label columns,
//! numeric features and coordinates.

use ndarray::Array2;

/// A categorical column such as `club` or `value`; a graph may carry several, e.g. nested
/// ground truth (`group` and `subgroup`).
#[derive(Clone, Debug, PartialEq)]
pub struct LabelColumn {
    pub name: String,
    /// Class names, in display order.
    pub classes: Vec<String>,
    /// Per node: index into `classes`, `None` where the node has no value.
    pub codes: Vec<Option<u32>>,
}

impl LabelColumn {
    /// Builds a column from per-node strings; classes sort numerically when all are integers.
    pub fn from_values(name: &str, values: &[Option<String>]) -> Self {
        let mut classes: Vec<String> = values.iter().flatten().cloned().collect();
        classes.sort_unstable();
        classes.dedup();
        if classes.iter().all(|c| c.parse::<i64>().is_ok()) {
            classes.sort_by_key(|c| c.parse::<i64>().unwrap_or(0));
        }
        let index: std::collections::HashMap<&str, u32> = classes
            .iter()
            .enumerate()
            .map(|(k, c)| (c.as_str(), k as u32))
            .collect();
        let codes = values
            .iter()
            .map(|v| v.as_deref().and_then(|v| index.get(v).copied()))
            .collect();
        Self {
            name: name.to_string(),
            classes,
            codes,
        }
    }

    /// Nodes per class, in class order.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.classes.len()];
        for &c in self.codes.iter().flatten() {
            counts[c as usize] += 1;
        }
        counts
    }

    pub fn missing(&self) -> usize {
        self.codes.iter().filter(|c| c.is_none()).count()
    }

    /// The class name of node `i`, if it has one.
    pub fn value(&self, i: usize) -> Option<&str> {
        self.codes
            .get(i)
            .copied()
            .flatten()
            .map(|c| self.classes[c as usize].as_str())
    }
}

/// Numeric node features, one named column each.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    pub names: Vec<String>,
    /// `n x d`; a missing value is stored as 0.
    pub values: Array2<f32>,
}

/// Everything known about the nodes of one graph, indexed by node number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeTable {
    /// The ids as written in the file.
    pub ids: Vec<String>,
    /// Display names (the file's `label`/`name`, else the id).
    pub names: Vec<String>,
    pub labels: Vec<LabelColumn>,
    pub features: Option<Features>,
    pub coords: Option<Vec<[f32; 2]>>,
}

impl NodeTable {
    /// A table of `n` nodes named `0..n`.
    pub fn numbered(n: usize) -> Self {
        let ids: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        Self {
            names: ids.clone(),
            ids,
            ..Self::default()
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn label(&self, name: &str) -> Option<&LabelColumn> {
        self.labels.iter().find(|c| c.name == name)
    }

    pub fn label_names(&self) -> Vec<&str> {
        self.labels.iter().map(|c| c.name.as_str()).collect()
    }

    /// Keeps only the given nodes, in the given order (for subgraphs such as one TU graph).
    pub fn select(&self, nodes: &[usize]) -> Self {
        Self {
            ids: nodes.iter().map(|&i| self.ids[i].clone()).collect(),
            names: nodes.iter().map(|&i| self.names[i].clone()).collect(),
            labels: self
                .labels
                .iter()
                .map(|c| LabelColumn {
                    name: c.name.clone(),
                    classes: c.classes.clone(),
                    codes: nodes.iter().map(|&i| c.codes[i]).collect(),
                })
                .collect(),
            features: self.features.as_ref().map(|f| Features {
                names: f.names.clone(),
                values: f.values.select(ndarray::Axis(0), nodes),
            }),
            coords: self
                .coords
                .as_ref()
                .map(|c| nodes.iter().map(|&i| c[i]).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_classes_sort_numerically() {
        let vals: Vec<Option<String>> = ["10", "2", "2", "0"]
            .iter()
            .map(|s| Some(s.to_string()))
            .chain([None])
            .collect();
        let col = LabelColumn::from_values("value", &vals);
        assert_eq!(col.classes, vec!["0", "2", "10"]);
        assert_eq!(col.codes, vec![Some(2), Some(1), Some(1), Some(0), None]);
        assert_eq!(col.class_counts(), vec![1, 2, 1]);
        assert_eq!(col.missing(), 1);
        assert_eq!(col.value(0), Some("10"));
        assert_eq!(col.value(4), None);
    }

    #[test]
    fn select_keeps_rows_in_order() {
        let mut t = NodeTable::numbered(3);
        t.coords = Some(vec![[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]);
        let s = t.select(&[2, 0]);
        assert_eq!(s.ids, vec!["2", "0"]);
        assert_eq!(s.coords, Some(vec![[2.0, 2.0], [0.0, 0.0]]));
    }
}
