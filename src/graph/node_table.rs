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
        // Each value is hashed once to its first-seen number; only the distinct classes are
        // sorted (a million values of 32 classes were cloned and sorted whole).
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let first: Vec<Option<u32>> = values
            .iter()
            .map(|v| {
                v.as_deref().map(|v| {
                    let next = seen.len() as u32;
                    *seen.entry(v).or_insert(next)
                })
            })
            .collect();
        let mut classes: Vec<&str> = seen.keys().copied().collect();
        classes.sort_unstable();
        if classes.iter().all(|c| c.parse::<i64>().is_ok()) {
            classes.sort_by_key(|c| c.parse::<i64>().unwrap_or(0));
        }
        let mut place = vec![0u32; classes.len()];
        for (k, c) in classes.iter().enumerate() {
            place[seen[c] as usize] = k as u32;
        }
        Self {
            name: name.to_string(),
            codes: first
                .into_iter()
                .map(|c| c.map(|c| place[c as usize]))
                .collect(),
            classes: classes.into_iter().map(str::to_string).collect(),
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

/// A measured column such as `volume_um3` or `papers` (or an integer column with too many
/// values to be a category on its own), kept with its gaps for colouring and sizing.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericColumn {
    pub name: String,
    /// Per node; `None` where the file had no value (or a value that is not finite).
    pub values: Vec<Option<f64>>,
    /// Every value is a whole number: the column can be used as labels.
    pub integer: bool,
}

impl NumericColumn {
    /// Smallest and largest value, `None` when the column is empty.
    pub fn range(&self) -> Option<(f64, f64)> {
        self.values.iter().flatten().fold(None, |r, &v| match r {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
    }

    pub fn distinct(&self) -> usize {
        let mut v: Vec<u64> = self.values.iter().flatten().map(|x| x.to_bits()).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    }
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
    /// The coordinates are longitude (x) and latitude (y) in degrees.
    pub geographic: bool,
    /// Numeric columns that are not categories (they are also in `features`, where a missing
    /// value reads as 0).
    pub numeric: Vec<NumericColumn>,
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

    /// The first label column that groups nodes (at least two classes, two nodes each on
    /// average), the one a score or colouring falls back to: a column with a value per node
    /// (names, ids: Serengeti's `name`, 161 values on 161 nodes) is not a ground truth.
    pub fn grouping(&self) -> Option<&LabelColumn> {
        let n = self.len();
        self.labels
            .iter()
            .find(|c| c.classes.len() >= 2 && 2 * c.classes.len() <= n)
    }

    pub fn label_names(&self) -> Vec<&str> {
        self.labels.iter().map(|c| c.name.as_str()).collect()
    }

    pub fn numeric(&self, name: &str) -> Option<&NumericColumn> {
        self.numeric.iter().find(|c| c.name == name)
    }

    /// Makes the integer column `name` a label column too (a 126-value `community` column
    /// is read as a measurement until asked for), so it can colour and be scored against.
    pub fn use_as_labels(&mut self, name: &str) -> Result<(), String> {
        if self.label(name).is_some() {
            return Ok(());
        }
        let Some(col) = self.numeric(name) else {
            let known: Vec<&str> = self.numeric.iter().map(|c| c.name.as_str()).collect();
            return Err(if known.is_empty() {
                format!("no numeric node column `{name}` (the graph has none)")
            } else {
                format!(
                    "no numeric node column `{name}`; the numeric columns are {}",
                    known.join(", ")
                )
            });
        };
        if !col.integer {
            return Err(format!(
                "column `{name}` holds fractional values; only whole numbers can be labels"
            ));
        }
        let texts: Vec<Option<String>> = col
            .values
            .iter()
            .map(|v| v.map(|x| format!("{x:.0}")))
            .collect();
        let column = LabelColumn::from_values(name, &texts);
        self.labels.push(column);
        Ok(())
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
            geographic: self.geographic,
            numeric: self
                .numeric
                .iter()
                .map(|c| NumericColumn {
                    name: c.name.clone(),
                    values: nodes.iter().map(|&i| c.values[i]).collect(),
                    integer: c.integer,
                })
                .collect(),
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
        // Equal numbers written differently are two classes, in text order ("01" before "1").
        let vals: Vec<Option<String>> = ["10", "1", "01", "2"]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        let col = LabelColumn::from_values("value", &vals);
        assert_eq!(col.classes, vec!["01", "1", "2", "10"]);
        assert_eq!(col.codes, vec![Some(3), Some(1), Some(0), Some(2)]);
        // Text classes sort as text, whatever order they come in.
        let vals: Vec<Option<String>> = [Some("b"), None, Some("a"), Some("b"), Some("c")]
            .iter()
            .map(|s| s.map(str::to_string))
            .collect();
        let col = LabelColumn::from_values("club", &vals);
        assert_eq!(col.classes, vec!["a", "b", "c"]);
        assert_eq!(col.codes, vec![Some(1), None, Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn an_integer_column_becomes_labels_on_request() {
        let mut t = NodeTable::numbered(3);
        t.numeric.push(NumericColumn {
            name: "community".into(),
            values: vec![Some(7.0), None, Some(12.0)],
            integer: true,
        });
        t.numeric.push(NumericColumn {
            name: "volume".into(),
            values: vec![Some(0.5), Some(1.0), Some(2.0)],
            integer: false,
        });
        assert!(
            t.use_as_labels("volume")
                .unwrap_err()
                .contains("fractional")
        );
        assert!(
            t.use_as_labels("nope")
                .unwrap_err()
                .contains("community, volume")
        );
        t.use_as_labels("community").expect("integer column");
        let c = t.label("community").expect("now a label");
        assert_eq!(c.classes, vec!["7", "12"]);
        assert_eq!(c.codes, vec![Some(0), None, Some(1)]);
        assert_eq!(
            t.numeric("volume").and_then(NumericColumn::range),
            Some((0.5, 2.0))
        );
        // Asking twice changes nothing.
        t.use_as_labels("community").expect("again");
        assert_eq!(t.labels.len(), 1);
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
