//! A session's trained weights by name: each matrix's shape with its values inline (a session
//! written as text) or as a reference into the session's binary arrays.

use super::arrays::{ArrayWriter, Arrays};
use crate::nn::ParamStore;
use serde_json::{Value, json};

/// Most weight matrices a session may hold.
pub const MAX_WEIGHTS: usize = 256;

pub(super) fn weights_to_json(w: &ParamStore, mut arrays: Option<&mut ArrayWriter>) -> Value {
    Value::Array(
        w.names
            .iter()
            .zip(&w.values)
            .map(|(n, m)| {
                let values = match arrays.as_deref_mut() {
                    Some(a) => a.f32s(m.nrows(), m.ncols(), m.iter().copied()),
                    None => json!(m.iter().copied().collect::<Vec<f32>>()),
                };
                json!({"name": n, "shape": [m.nrows(), m.ncols()], "values": values})
            })
            .collect(),
    )
}

pub(super) fn weights_from_json(v: &Value, arrays: &Arrays) -> Result<Option<ParamStore>, String> {
    if v.is_null() {
        return Ok(None);
    }
    let list = v.as_array().ok_or("weights: expected a list or null")?;
    if list.len() > MAX_WEIGHTS {
        return Err(format!(
            "weights: {} matrices, expected at most {MAX_WEIGHTS}",
            list.len()
        ));
    }
    let mut store = ParamStore::default();
    for (k, w) in list.iter().enumerate() {
        let at = |m: &str| format!("weights[{k}]: {m}");
        let name = w
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| at("expected a name"))?;
        let shape = w
            .get("shape")
            .and_then(Value::as_array)
            .filter(|s| s.len() == 2)
            .and_then(|s| Some((s[0].as_u64()? as usize, s[1].as_u64()? as usize)))
            .ok_or_else(|| at("expected a shape [rows, columns]"))?;
        let given = w.get("values").unwrap_or(&Value::Null);
        if Arrays::is_reference(given) {
            let m = arrays.f32_matrix(given, &at("values"))?;
            if m.dim() != shape {
                return Err(at(&format!(
                    "shape {} x {} does not match its {} x {} values",
                    shape.0,
                    shape.1,
                    m.nrows(),
                    m.ncols()
                )));
            }
            store.names.push(name.to_string());
            store.values.push(m);
            continue;
        }
        let values = given
            .as_array()
            .ok_or_else(|| at("expected a list of values"))?;
        // The values are already in memory: the shape must account for exactly them.
        if shape.0.checked_mul(shape.1) != Some(values.len()) {
            return Err(at(&format!(
                "shape {} x {} does not match its {} values",
                shape.0,
                shape.1,
                values.len()
            )));
        }
        let flat = values
            .iter()
            .map(|x| x.as_f64().filter(|f| f.is_finite()).map(|f| f as f32))
            .collect::<Option<Vec<f32>>>()
            .ok_or_else(|| at("expected finite numbers"))?;
        let m = ndarray::Array2::from_shape_vec(shape, flat).map_err(|e| at(&e.to_string()))?;
        store.names.push(name.to_string());
        store.values.push(m);
    }
    Ok(Some(store))
}
