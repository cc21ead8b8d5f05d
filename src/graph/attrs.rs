//! Raw node attribute values as readers meet them, and the rules that turn attribute
//! columns into names, label columns, numeric features and coordinates.
//!
//! Readers do not decide what an attribute means; they hand every column here, so `club` in a
//! GML file and `club` in a node CSV end up the same kind of column.

use super::node_table::{Features, LabelColumn, NodeTable, NumericColumn};
use ndarray::Array2;

/// One attribute value of one node.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

impl AttrValue {
    /// Parses a text cell: integer, then float, then boolean, else text.
    pub fn infer(text: &str) -> Self {
        let t = text.trim();
        if let Ok(i) = t.parse::<i64>() {
            AttrValue::Int(i)
        } else if let Ok(f) = t.parse::<f64>() {
            AttrValue::Float(f)
        } else if t.eq_ignore_ascii_case("true") {
            AttrValue::Bool(true)
        } else if t.eq_ignore_ascii_case("false") {
            AttrValue::Bool(false)
        } else {
            AttrValue::Text(text.to_string())
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Int(i) => Some(*i as f64),
            AttrValue::Float(f) => Some(*f),
            AttrValue::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            AttrValue::Text(_) => None,
        }
    }

    pub fn to_text(&self) -> String {
        match self {
            AttrValue::Int(i) => i.to_string(),
            AttrValue::Float(f) => f.to_string(),
            AttrValue::Text(s) => s.clone(),
            AttrValue::Bool(b) => b.to_string(),
        }
    }
}

/// An integer column with at most this many distinct values is categorical (a community or
/// class code); with more it is a measurement such as `size`.
pub const MAX_INTEGER_CLASSES: usize = 64;

/// Names that hold a node's display name rather than a category.
const NAME_KEYS: [&str; 2] = ["label", "name"];

/// `x`/`y` that read as degrees of longitude and latitude: inside [−180, 180] × [−90, 90],
/// away from the equator on average and spanning at most 60 degrees each way (a region such
/// as Minnesota's roads, −97…−89 by 43…49). A layout saved around the origin is not taken
/// for a map.
fn looks_geographic(coords: &[[f32; 2]]) -> bool {
    let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
    let mut lat_sum = 0.0f64;
    for c in coords {
        for k in 0..2 {
            lo[k] = lo[k].min(c[k]);
            hi[k] = hi[k].max(c[k]);
        }
        lat_sum += f64::from(c[1]);
    }
    let mean_lat = lat_sum / coords.len().max(1) as f64;
    lo[0] >= -180.0
        && hi[0] <= 180.0
        && lo[1] >= -90.0
        && hi[1] <= 90.0
        && hi[0] - lo[0] <= 60.0
        && hi[1] - lo[1] <= 60.0
        && hi[0] - lo[0] > 0.0
        && mean_lat.abs() >= 10.0
}

/// Fills `table` (ids already set) from attribute columns.
pub fn classify_columns(table: &mut NodeTable, columns: Vec<(String, Vec<Option<AttrValue>>)>) {
    let n = table.len();
    let mut rest = columns;
    let name_col = NAME_KEYS.iter().find_map(|key| {
        rest.iter().position(|(k, v)| {
            k.eq_ignore_ascii_case(key)
                && v.iter().flatten().any(|x| matches!(x, AttrValue::Text(_)))
        })
    });
    if let Some(pos) = name_col {
        let (_, values) = rest.remove(pos);
        for (i, v) in values.into_iter().enumerate() {
            if let Some(v) = v {
                table.names[i] = v.to_text();
            }
        }
    }

    // Coordinates: numeric `x` and `y` (or longitude and latitude) on every node.
    let find = |rest: &Vec<(String, Vec<Option<AttrValue>>)>, keys: &[&str]| {
        rest.iter().position(|(key, v)| {
            keys.iter().any(|k| key.eq_ignore_ascii_case(k))
                && v.iter()
                    .all(|x| x.as_ref().and_then(AttrValue::as_f64).is_some())
        })
    };
    let geo_pair = (
        find(&rest, &["lon", "lng", "long", "longitude"]),
        find(&rest, &["lat", "latitude"]),
    );
    let pair = match geo_pair {
        (Some(ix), Some(iy)) => Some((ix, iy, true)),
        _ => match (find(&rest, &["x"]), find(&rest, &["y"])) {
            (Some(ix), Some(iy)) => Some((ix, iy, false)),
            _ => None,
        },
    };
    if n > 0
        && let Some((ix, iy, named_geo)) = pair
    {
        let xs = &rest[ix].1;
        let ys = &rest[iy].1;
        let coords: Vec<[f32; 2]> = (0..n)
            .map(|i| {
                let get = |c: &Vec<Option<AttrValue>>| {
                    c[i].as_ref().and_then(AttrValue::as_f64).unwrap_or(0.0) as f32
                };
                [get(xs), get(ys)]
            })
            .collect();
        if coords.iter().all(|c| c[0].is_finite() && c[1].is_finite()) {
            table.geographic = named_geo || looks_geographic(&coords);
            table.coords = Some(coords);
            let (a, b) = if ix > iy { (ix, iy) } else { (iy, ix) };
            rest.remove(a);
            rest.remove(b);
        }
    }

    let mut feature_cols: Vec<(String, Vec<f32>)> = Vec::new();
    for (key, values) in rest {
        if key.eq_ignore_ascii_case("id") || values.iter().all(Option::is_none) {
            continue;
        }
        let any_text = values
            .iter()
            .flatten()
            .any(|v| matches!(v, AttrValue::Text(_)));
        let any_float = values
            .iter()
            .flatten()
            .any(|v| matches!(v, AttrValue::Float(_)));
        let categorical = if any_text {
            true
        } else if any_float {
            false
        } else {
            // Distinct values counted up to one past the bound, without a text per value.
            let mut distinct = std::collections::HashSet::new();
            for v in values.iter().flatten() {
                let key = match v {
                    AttrValue::Int(i) => (0u8, *i),
                    AttrValue::Bool(b) => (1, i64::from(*b)),
                    _ => (2, 0),
                };
                distinct.insert(key);
                if distinct.len() > MAX_INTEGER_CLASSES {
                    break;
                }
            }
            distinct.len() <= MAX_INTEGER_CLASSES && distinct.len() < n.max(2)
        };
        if categorical {
            let texts: Vec<Option<String>> = values
                .iter()
                .map(|v| v.as_ref().map(AttrValue::to_text))
                .collect();
            table.labels.push(LabelColumn::from_values(&key, &texts));
            // Whole numbers (a `papers` count with 40 values) can colour on a scale and size
            // nodes as well as be categories.
            if !any_text
                && !values
                    .iter()
                    .flatten()
                    .any(|v| matches!(v, AttrValue::Bool(_)))
            {
                table.numeric.push(NumericColumn {
                    name: key.clone(),
                    values: values
                        .iter()
                        .map(|v| v.as_ref().and_then(AttrValue::as_f64))
                        .collect(),
                    integer: true,
                });
            }
        } else {
            let exact: Vec<Option<f64>> = values
                .iter()
                .map(|v| {
                    v.as_ref()
                        .and_then(AttrValue::as_f64)
                        .filter(|f| f.is_finite())
                })
                .collect();
            let vals = exact.iter().map(|v| v.unwrap_or(0.0) as f32).collect();
            table.numeric.push(NumericColumn {
                name: key.clone(),
                integer: !any_float,
                values: exact,
            });
            feature_cols.push((key, vals));
        }
    }
    if !feature_cols.is_empty() {
        let d = feature_cols.len();
        let mut values = Array2::zeros((n, d));
        for (j, (_, col)) in feature_cols.iter().enumerate() {
            for (i, &v) in col.iter().enumerate() {
                values[[i, j]] = v;
            }
        }
        table.features = Some(Features {
            names: feature_cols.into_iter().map(|(k, _)| k).collect(),
            values,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(key: &str, vals: &[&str]) -> (String, Vec<Option<AttrValue>>) {
        (
            key.to_string(),
            vals.iter()
                .map(|v| {
                    if v.is_empty() {
                        None
                    } else {
                        Some(AttrValue::infer(v))
                    }
                })
                .collect(),
        )
    }

    #[test]
    fn columns_are_sorted_into_kinds() {
        let mut t = NodeTable::numbered(4);
        classify_columns(
            &mut t,
            vec![
                col("label", &["a", "b", "c", "d"]),
                col("club", &["x", "y", "x", ""]),
                col("x", &["1", "2.5", "3", "4"]),
                col("y", &["0", "0", "1", "1"]),
                col("size", &["1.5", "2", "3", "4"]),
                col("value", &["1", "1", "2", "2"]),
            ],
        );
        assert_eq!(t.names, vec!["a", "b", "c", "d"]);
        assert_eq!(t.coords.as_ref().map(|c| c[1]), Some([2.5, 0.0]));
        assert_eq!(t.label_names(), vec!["club", "value"]);
        assert_eq!(t.label("club").map(|c| c.missing()), Some(1));
        let f = t.features.as_ref().map(|f| f.names.clone());
        assert_eq!(f, Some(vec!["size".to_string()]));
    }

    #[test]
    fn many_distinct_integers_are_a_feature() {
        let n = 100;
        let vals: Vec<String> = (0..n).map(|i| (i * 7).to_string()).collect();
        let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
        let mut t = NodeTable::numbered(n);
        classify_columns(&mut t, vec![col("size", &refs)]);
        assert!(t.labels.is_empty());
        assert_eq!(t.features.as_ref().map(|f| f.values.dim()), Some((n, 1)));
        // Kept as a numeric column too, whole numbers, so it can still become labels.
        let c = t.numeric("size").expect("numeric column");
        assert!(c.integer && c.distinct() == n && c.range() == Some((0.0, 693.0)));
    }

    #[test]
    fn longitude_and_latitude_are_recognised() {
        let mut named = NodeTable::numbered(2);
        classify_columns(
            &mut named,
            vec![col("longitude", &["5", "6"]), col("lat", &["0", "1"])],
        );
        assert!(named.geographic && named.coords.is_some());
        // x/y that read as a region away from the equator (Minnesota's roads).
        let mut mn = NodeTable::numbered(2);
        classify_columns(
            &mut mn,
            vec![col("x", &["-97.2", "-89.5"]), col("y", &["43.5", "49.0"])],
        );
        assert!(mn.geographic);
        // A layout around the origin is not a map.
        let mut layout = NodeTable::numbered(2);
        classify_columns(
            &mut layout,
            vec![col("x", &["-3", "4"]), col("y", &["-1", "2"])],
        );
        assert!(!layout.geographic && layout.coords.is_some());
    }

    #[test]
    fn infer_types() {
        assert_eq!(AttrValue::infer("12"), AttrValue::Int(12));
        assert_eq!(AttrValue::infer("1.5"), AttrValue::Float(1.5));
        assert_eq!(AttrValue::infer("True"), AttrValue::Bool(true));
        assert_eq!(AttrValue::infer("c"), AttrValue::Text("c".into()));
    }
}
