//! NumPy's `.npy` arrays, whatever NumPy wrote: any rank, C or Fortran order, little- or
//! big-endian, floats of 16, 32 or 64 bits, integers of 8 to 64 bits signed or not, and
//! booleans. Values come back as `f64` in C (row-major) order with their shape.
//!
//! The header's shape is believed only if the file holds that many bytes after it, so a
//! lying header cannot make the reader allocate more than the file's own size.

use super::error::{LoadError, Position};

/// An array read from a `.npy` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Npy {
    pub shape: Vec<usize>,
    /// Row-major values.
    pub values: Vec<f64>,
    /// Whether the file held integers or booleans (so the values are whole numbers).
    pub integer: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Float,
    Signed,
    Unsigned,
    Bool,
}

/// Most dimensions an array may have.
const MAX_RANK: usize = 8;

impl Npy {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The array without its leading dimensions of size 1 (a batch of one, `1 x N x K`).
    pub fn squeezed_front(mut self) -> Self {
        while self.shape.len() > 1 && self.shape[0] == 1 {
            self.shape.remove(0);
        }
        self
    }
}

fn field<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))?;
    let rest = header[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?;
    Some(rest.trim_start())
}

/// What the header dictionary says.
struct Header {
    kind: Kind,
    item: usize,
    big: bool,
    fortran: bool,
    shape: Vec<usize>,
    /// Where the values start.
    data: usize,
}

/// Parses the header dictionary: dtype, order and shape.
fn header(bytes: &[u8], file: &str) -> Result<Header, LoadError> {
    let bad = |m: String| LoadError::new(file, Some(Position::Byte(0)), m);
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("expected a .npy file (magic \\x93NUMPY)".into()));
    }
    let (len, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(bad(format!("unsupported .npy format version {v}"))),
    };
    let text = bytes
        .get(start..start.saturating_add(len))
        .ok_or_else(|| bad("truncated .npy header".into()))?;
    let text = String::from_utf8_lossy(text);
    let descr = field(&text, "descr")
        .and_then(|d| d.strip_prefix('\'').or_else(|| d.strip_prefix('"')))
        .and_then(|d| d.split(['\'', '"']).next())
        .ok_or_else(|| bad("no dtype ('descr') in the .npy header".into()))?;
    let (order, code) = descr.split_at(descr.len().min(1));
    let big = match order {
        ">" => true,
        "<" | "|" | "=" => false,
        _ => return Err(bad(format!("unsupported dtype `{descr}`"))),
    };
    let (kind, item) = match code {
        "f2" => (Kind::Float, 2),
        "f4" => (Kind::Float, 4),
        "f8" => (Kind::Float, 8),
        "i1" => (Kind::Signed, 1),
        "i2" => (Kind::Signed, 2),
        "i4" => (Kind::Signed, 4),
        "i8" => (Kind::Signed, 8),
        "u1" => (Kind::Unsigned, 1),
        "u2" => (Kind::Unsigned, 2),
        "u4" => (Kind::Unsigned, 4),
        "u8" => (Kind::Unsigned, 8),
        "b1" => (Kind::Bool, 1),
        _ => {
            return Err(bad(format!(
                "dtype `{descr}`: expected floats, integers or booleans"
            )));
        }
    };
    let fortran = field(&text, "fortran_order").is_some_and(|v| v.starts_with("True"));
    let shape_text = field(&text, "shape")
        .and_then(|s| s.strip_prefix('('))
        .and_then(|s| s.split(')').next())
        .ok_or_else(|| bad("no shape in the .npy header".into()))?;
    let mut shape = Vec::new();
    for part in shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let d: usize = part
            .trim_end_matches('L')
            .parse()
            .map_err(|_| bad(format!("shape ({shape_text}): expected whole numbers")))?;
        shape.push(d);
    }
    if shape.len() > MAX_RANK {
        return Err(bad(format!(
            "{} dimensions; expected at most {MAX_RANK}",
            shape.len()
        )));
    }
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| bad(format!("shape ({shape_text}) is too large")))?;
    let data = start + len;
    let need = count
        .checked_mul(item)
        .ok_or_else(|| bad(format!("shape ({shape_text}) is too large")))?;
    if need > bytes.len().saturating_sub(data) {
        return Err(bad(format!(
            "the header declares shape ({shape_text}) but the file holds fewer values"
        )));
    }
    Ok(Header {
        kind,
        item,
        big,
        fortran,
        shape,
        data,
    })
}

/// IEEE half precision to `f64`.
fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let frac = f64::from(bits & 0x3ff);
    match exp {
        0 => sign * frac * 2f64.powi(-24),
        31 if frac == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Reads an array; a Fortran-ordered one is reordered to rows.
pub fn read(bytes: &[u8], file: &str) -> Result<Npy, LoadError> {
    let Header {
        kind,
        item,
        big,
        fortran,
        shape,
        data,
    } = header(bytes, file)?;
    let count: usize = shape.iter().product();
    let raw = &bytes[data..data + count * item];
    let value = |chunk: &[u8]| -> f64 {
        let mut b = [0u8; 8];
        b[..item].copy_from_slice(chunk);
        if big {
            b[..item].reverse();
        }
        match (kind, item) {
            (Kind::Float, 2) => f16_to_f64(u16::from_le_bytes([b[0], b[1]])),
            (Kind::Float, 4) => f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            (Kind::Float, _) => f64::from_le_bytes(b),
            (Kind::Bool, _) => f64::from(u8::from(b[0] != 0)),
            (Kind::Unsigned, _) => u64::from_le_bytes(b) as f64,
            (Kind::Signed, _) => {
                // Sign-extend from `item` bytes.
                let shift = 64 - 8 * item as u32;
                ((i64::from_le_bytes(b) << shift) >> shift) as f64
            }
        }
    };
    let mut values: Vec<f64> = raw.chunks_exact(item).map(value).collect();
    if fortran && shape.len() > 1 {
        values = fortran_to_c(&values, &shape);
    }
    Ok(Npy {
        shape,
        values,
        integer: kind != Kind::Float,
    })
}

/// Column-major values to row-major.
fn fortran_to_c(values: &[f64], shape: &[usize]) -> Vec<f64> {
    let rank = shape.len();
    let mut out = vec![0.0; values.len()];
    let mut index = vec![0usize; rank];
    for v in values {
        // `index` walks the Fortran order (first index fastest); place at the C offset.
        let c = index
            .iter()
            .zip(shape)
            .fold(0usize, |acc, (&i, &d)| acc * d + i);
        out[c] = *v;
        for (k, d) in shape.iter().enumerate() {
            index[k] += 1;
            if index[k] < *d {
                break;
            }
            index[k] = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `.npy` file by hand: `descr`, order and shape, then the raw values.
    pub fn npy(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut h = format!(
            "{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}",
            if fortran { "True" } else { "False" }
        );
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(h.len() as u16).to_le_bytes());
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn every_dtype_order_and_endianness_reads_the_same_values() {
        let le: Vec<u8> = [1.5f32, -2.0, 3.25, 4.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let c = read(&npy("<f4", false, "(2, 2)", &le), "a.npy").expect("reads");
        assert_eq!(c.shape, vec![2, 2]);
        assert_eq!(c.values, vec![1.5, -2.0, 3.25, 4.0]);
        // The same bytes in Fortran order are the transpose.
        let f = read(&npy("<f4", true, "(2, 2)", &le), "f.npy").expect("reads");
        assert_eq!(f.values, vec![1.5, 3.25, -2.0, 4.0]);
        let be: Vec<u8> = [1.5f64, -2.0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        assert_eq!(
            read(&npy(">f8", false, "(2,)", &be), "b.npy")
                .expect("reads")
                .values,
            vec![1.5, -2.0]
        );
        // float16: 1.0 is 0x3c00, -0.5 is 0xb800.
        let half = [0x00, 0x3c, 0x00, 0xb8];
        assert_eq!(
            read(&npy("<f2", false, "(2,)", &half), "h.npy")
                .expect("reads")
                .values,
            vec![1.0, -0.5]
        );
        let ints: Vec<u8> = [0i64, 5, -3].iter().flat_map(|v| v.to_le_bytes()).collect();
        let i = read(&npy("<i8", false, "(3,)", &ints), "i.npy").expect("reads");
        assert!(i.integer);
        assert_eq!(i.values, vec![0.0, 5.0, -3.0]);
        let small = read(&npy("|i1", false, "(2,)", &[0xff, 7]), "s.npy").expect("reads");
        assert_eq!(small.values, vec![-1.0, 7.0]);
        let batch = read(&npy("<f4", false, "(1, 2, 2)", &le), "b.npy")
            .expect("reads")
            .squeezed_front();
        assert_eq!(batch.shape, vec![2, 2]);
    }

    #[test]
    fn lying_or_strange_headers_are_refused() {
        let e = |b: Vec<u8>| {
            read(&b, "x.npy")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(e(npy("<f4", false, "(999999999, 999999)", &[0; 8])).contains("fewer values"));
        assert!(e(npy("<f4", false, "(18446744073709551615, 2)", &[])).contains("too large"));
        assert!(e(npy("<U4", false, "(1,)", &[0; 16])).contains("expected floats"));
        assert!(e(npy("<f4", false, "(1,1,1,1,1,1,1,1,1)", &[0; 4])).contains("dimensions"));
        assert!(e(b"not numpy".to_vec()).contains("magic"));
    }
}
