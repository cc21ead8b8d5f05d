//! The binary part of a saved session: its numeric arrays (assignments, embeddings, positions,
//! pooled edges, weights, the replay's snapshots) back to back as little-endian numbers after
//! the JSON settings. A trained 20k-node session with its replay was hundreds of megabytes of
//! decimal text that took gigabytes to parse into a tree; as raw numbers it is four bytes a
//! value and reads into the arrays directly.
//!
//! The JSON lists every array in `arrays` (`{"dtype": "f32" | "u32", "shape": [rows, cols],
//! "offset": bytes}`), and where an array belongs it holds `{"array": k}`. Wherever a reader
//! meets such a reference it may also meet a plain list of rows (a session written as text,
//! or before the binary part existed), so both read through [`Arrays`].

use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dtype {
    F32,
    U32,
}

impl Dtype {
    fn name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::U32 => "u32",
        }
    }
}

/// Collects arrays for the binary part while the JSON is built.
#[derive(Default)]
pub struct ArrayWriter {
    blob: Vec<u8>,
    table: Vec<Value>,
}

impl ArrayWriter {
    fn put(
        &mut self,
        dtype: Dtype,
        rows: usize,
        cols: usize,
        bytes: impl Iterator<Item = [u8; 4]>,
    ) -> Value {
        let offset = self.blob.len();
        self.blob.reserve(rows * cols * 4);
        for b in bytes {
            self.blob.extend_from_slice(&b);
        }
        debug_assert_eq!(self.blob.len() - offset, rows * cols * 4);
        self.table
            .push(json!({"dtype": dtype.name(), "shape": [rows, cols], "offset": offset}));
        json!({"array": self.table.len() - 1})
    }

    /// A `rows x cols` array of floats (row-major); returns the reference to put in the JSON.
    pub fn f32s(
        &mut self,
        rows: usize,
        cols: usize,
        values: impl IntoIterator<Item = f32>,
    ) -> Value {
        self.put(
            Dtype::F32,
            rows,
            cols,
            values.into_iter().map(f32::to_le_bytes),
        )
    }

    /// A `rows x cols` array of node numbers.
    pub fn u32s(
        &mut self,
        rows: usize,
        cols: usize,
        values: impl IntoIterator<Item = u32>,
    ) -> Value {
        self.put(
            Dtype::U32,
            rows,
            cols,
            values.into_iter().map(u32::to_le_bytes),
        )
    }

    /// The table for the JSON's `arrays` and the bytes that follow the JSON.
    pub fn finish(self) -> (Value, Vec<u8>) {
        (Value::Array(self.table), self.blob)
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    dtype: Dtype,
    rows: usize,
    cols: usize,
    offset: usize,
}

/// The arrays of a session read back: references are looked up here. Every entry was checked
/// to lie inside the bytes read, so no shape in a file can make a reader allocate more than
/// the file holds.
#[derive(Debug, Default)]
pub struct Arrays<'a> {
    blob: &'a [u8],
    table: Vec<Entry>,
}

impl<'a> Arrays<'a> {
    /// The table `arrays` of a session over the bytes after its JSON.
    pub fn new(table: &Value, blob: &'a [u8]) -> Result<Self, String> {
        let list = match table {
            Value::Null => {
                return Ok(Self {
                    blob,
                    table: Vec::new(),
                });
            }
            Value::Array(list) => list,
            _ => return Err("arrays: expected a list".into()),
        };
        let mut entries = Vec::with_capacity(list.len().min(blob.len() / 4 + 1));
        for (k, e) in list.iter().enumerate() {
            let at = |m: &str| format!("arrays[{k}]: {m}");
            let dtype = match e.get("dtype").and_then(Value::as_str) {
                Some("f32") => Dtype::F32,
                Some("u32") => Dtype::U32,
                _ => return Err(at("expected a dtype \"f32\" or \"u32\"")),
            };
            let num = |v: Option<&Value>| {
                v.and_then(Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
            };
            let shape = e
                .get("shape")
                .and_then(Value::as_array)
                .filter(|s| s.len() == 2);
            let (Some(rows), Some(cols)) = (
                num(shape.and_then(|s| s.first())),
                num(shape.and_then(|s| s.get(1))),
            ) else {
                return Err(at("expected a shape [rows, columns]"));
            };
            // An empty array's other side is bounded too: a 0 x 10^18 matrix holds no bytes
            // but would still be a shape to believe.
            if rows.max(cols) > crate::graph::MAX_NODES {
                return Err(at(&format!(
                    "shape {rows} x {cols}: expected at most {} on a side",
                    crate::graph::MAX_NODES
                )));
            }
            let offset = num(e.get("offset")).ok_or_else(|| at("expected a byte offset"))?;
            let end = rows
                .checked_mul(cols)
                .and_then(|n| n.checked_mul(4))
                .and_then(|n| n.checked_add(offset));
            if end.is_none_or(|end| end > blob.len()) {
                return Err(at(&format!(
                    "{rows} x {cols} values at byte {offset} run past the {} bytes of arrays \
                     (the file is cut short or was edited)",
                    blob.len()
                )));
            }
            entries.push(Entry {
                dtype,
                rows,
                cols,
                offset,
            });
        }
        Ok(Self {
            blob,
            table: entries,
        })
    }

    /// Whether `v` is a reference to an array here rather than a list in the JSON.
    pub fn is_reference(v: &Value) -> bool {
        v.get("array").is_some()
    }

    fn entry(&self, v: &Value, dtype: Dtype, what: &str) -> Result<(Entry, &'a [u8]), String> {
        let e = v
            .get("array")
            .and_then(Value::as_u64)
            .and_then(|k| self.table.get(usize::try_from(k).ok()?))
            .ok_or_else(|| {
                format!(
                    "{what}: {v} names no array of the file's {}",
                    self.table.len()
                )
            })?;
        if e.dtype != dtype {
            return Err(format!(
                "{what}: expected {} values, the array holds {}",
                dtype.name(),
                e.dtype.name()
            ));
        }
        let bytes = &self.blob[e.offset..e.offset + e.rows * e.cols * 4];
        Ok((*e, bytes))
    }

    /// The floats `v` refers to, as a matrix; every value finite.
    pub fn f32_matrix(&self, v: &Value, what: &str) -> Result<ndarray::Array2<f32>, String> {
        let (e, bytes) = self.entry(v, Dtype::F32, what)?;
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if let Some(i) = values.iter().position(|x| !x.is_finite()) {
            return Err(format!(
                "{what}, row {}: expected finite numbers",
                i / e.cols.max(1) + 1
            ));
        }
        ndarray::Array2::from_shape_vec((e.rows, e.cols), values)
            .map_err(|e| format!("{what}: {e}"))
    }

    /// The node numbers `v` refers to: the shape and the row-major values.
    pub fn u32_matrix(&self, v: &Value, what: &str) -> Result<((usize, usize), Vec<u32>), String> {
        let (e, bytes) = self.entry(v, Dtype::U32, what)?;
        let values = bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(((e.rows, e.cols), values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_round_trip_by_reference() {
        let mut w = ArrayWriter::default();
        let a = w.f32s(2, 3, [1.0, -2.5, 0.0, 3.25, 1e-7, 9.0]);
        let b = w.u32s(3, 2, [0, 1, 1, 2, 7, 4_000_000_000]);
        let (table, blob) = w.finish();
        assert_eq!(blob.len(), (6 + 6) * 4);
        let r = Arrays::new(&table, &blob).expect("reads");
        let m = r.f32_matrix(&a, "a").expect("floats");
        assert_eq!(m.shape(), &[2, 3]);
        assert_eq!(m[[1, 0]], 3.25);
        assert_eq!(m[[1, 1]], 1e-7);
        let (shape, ids) = r.u32_matrix(&b, "b").expect("ints");
        assert_eq!(shape, (3, 2));
        assert_eq!(ids[5], 4_000_000_000);
        assert!(Arrays::is_reference(&a) && !Arrays::is_reference(&json!([[1.0]])));
        // The wrong kind, or an array the table does not have, is said.
        assert!(r.u32_matrix(&a, "a").unwrap_err().contains("expected u32"));
        assert!(
            r.f32_matrix(&json!({"array": 9}), "x")
                .unwrap_err()
                .contains("names no array")
        );
    }

    #[test]
    fn a_table_that_claims_more_than_the_bytes_is_refused_before_reading() {
        let mut w = ArrayWriter::default();
        w.f32s(2, 2, [1.0; 4]);
        let (mut table, blob) = w.finish();
        // Cut short by a kill: the last array runs past the end.
        let e = Arrays::new(&table, &blob[..12]).err().unwrap_or_default();
        assert!(e.contains("arrays[0]") && e.contains("cut short"), "{e}");
        // A shape whose byte count overflows is refused, not allocated.
        table[0]["shape"] = json!([u64::MAX, 3]);
        assert!(Arrays::new(&table, &blob).is_err());
        table[0]["shape"] = json!([0, 1u64 << 60]);
        assert!(
            Arrays::new(&table, &blob)
                .unwrap_err()
                .contains("on a side")
        );
        table[0]["shape"] = json!([2, 2]);
        table[0]["dtype"] = json!("f64");
        assert!(Arrays::new(&table, &blob).unwrap_err().contains("dtype"));
    }

    #[test]
    fn non_finite_floats_are_refused_with_their_row() {
        let mut w = ArrayWriter::default();
        let a = w.f32s(3, 2, [0.0, 1.0, 0.5, 0.5, f32::NAN, 1.0]);
        let (table, blob) = w.finish();
        let r = Arrays::new(&table, &blob).expect("table");
        let e = r.f32_matrix(&a, "levels[0].assignment").unwrap_err();
        assert!(e.contains("levels[0].assignment, row 3"), "{e}");
    }
}
