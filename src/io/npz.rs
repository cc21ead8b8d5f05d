//! NumPy's `.npz` archives (`np.savez`, `np.savez_compressed`): a zip file of `.npy` arrays.
//! Only what NumPy writes is read: stored or deflated entries, found through the central
//! directory (with ZIP64 sizes where present). Every size is checked against the archive's
//! own length, and a deflated entry is never inflated past the size it declares, so a small
//! archive cannot claim gigabytes.

use super::error::{LoadError, Position};
use super::npy::{self, Npy};
use std::io::Read;

/// Most entries an archive may hold, and most bytes all of them may inflate to.
const MAX_ENTRIES: usize = 10_000;
const MAX_INFLATED: u64 = 4 << 30;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// ZIP64 sizes and offset from an extra field, for those the fixed fields mark as 0xFFFFFFFF.
fn zip64(extra: &[u8], mut sizes: [u64; 3]) -> [u64; 3] {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let (id, len) = (u16_at(extra, at), u16_at(extra, at + 2));
        let (Some(id), Some(len)) = (id, len) else {
            break;
        };
        if id == 1 {
            let mut p = at + 4;
            for s in &mut sizes {
                if *s == u64::from(u32::MAX)
                    && let Some(v) = u64_at(extra, p)
                {
                    *s = v;
                    p += 8;
                }
            }
            break;
        }
        at += 4 + len as usize;
    }
    sizes
}

/// The archive's arrays by name (without `.npy`), in the archive's order.
pub fn read(bytes: &[u8], file: &str) -> Result<Vec<(String, Npy)>, LoadError> {
    let bad = |at: usize, m: &str| LoadError::new(file, Some(Position::Byte(at)), m.to_string());
    // The end of central directory record: 22 bytes, up to 64 KiB of comment after it.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(0x0605_4b50))
        .ok_or_else(|| {
            bad(
                0,
                "expected a .npz (zip) archive: no end of central directory",
            )
        })?;
    let entries = u16_at(bytes, eocd + 10).unwrap_or(0) as usize;
    let mut at = u32_at(bytes, eocd + 16).unwrap_or(u32::MAX) as usize;
    if entries > MAX_ENTRIES {
        return Err(bad(
            eocd,
            &format!("{entries} entries; expected at most {MAX_ENTRIES}"),
        ));
    }
    let mut out = Vec::with_capacity(entries);
    let mut inflated_total = 0u64;
    for _ in 0..entries {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return Err(bad(at, "expected a central directory entry"));
        }
        let field = |k: usize| u16_at(bytes, at + k).unwrap_or(0);
        let method = field(10);
        let (name_len, extra_len, comment_len) =
            (field(28) as usize, field(30) as usize, field(32) as usize);
        let fixed = [
            u64::from(u32_at(bytes, at + 20).unwrap_or(0)),
            u64::from(u32_at(bytes, at + 24).unwrap_or(0)),
            u64::from(u32_at(bytes, at + 42).unwrap_or(0)),
        ];
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| bad(at, "truncated entry name"))?;
        let name = String::from_utf8_lossy(name).into_owned();
        let extra = bytes
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .unwrap_or(&[]);
        let [compressed, size, local] = zip64(extra, fixed);
        at += 46 + name_len + extra_len + comment_len;
        let local = local as usize;
        if u32_at(bytes, local) != Some(0x0403_4b50) {
            return Err(bad(local, &format!("{name}: expected a local file header")));
        }
        let skip = 30
            + u16_at(bytes, local + 26).unwrap_or(0) as usize
            + u16_at(bytes, local + 28).unwrap_or(0) as usize;
        let start = local + skip;
        let data = usize::try_from(compressed)
            .ok()
            .and_then(|c| bytes.get(start..start.checked_add(c)?))
            .ok_or_else(|| {
                bad(
                    local,
                    &format!("{name}: the entry runs past the archive's end"),
                )
            })?;
        inflated_total = inflated_total.saturating_add(size);
        if inflated_total > MAX_INFLATED {
            return Err(bad(local, "the arrays would inflate past 4 GiB"));
        }
        let raw: Vec<u8> = match method {
            0 => data.to_vec(),
            8 => {
                let mut v = Vec::with_capacity(size.min(data.len() as u64 * 8) as usize);
                flate2::read::DeflateDecoder::new(data)
                    .take(size)
                    .read_to_end(&mut v)
                    .map_err(|e| bad(local, &format!("{name}: cannot inflate: {e}")))?;
                v
            }
            m => {
                return Err(bad(
                    local,
                    &format!("{name}: compression method {m}; expected stored or deflated"),
                ));
            }
        };
        let entry = format!("{file}:{name}");
        let array = npy::read(&raw, &entry)?;
        out.push((name.trim_end_matches(".npy").to_string(), array));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored zip of the given members, as Python's zipfile writes one.
    fn zip(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in members {
            let offset = out.len() as u32;
            let crc = crc32fast::hash(data);
            let local = |sig: u32| {
                let mut h = sig.to_le_bytes().to_vec();
                h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                h.extend_from_slice(&crc.to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                h
            };
            out.extend(local(0x0403_4b50));
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            let mut c = 0x0201_4b50u32.to_le_bytes().to_vec();
            c.extend_from_slice(&[20, 0]);
            c.extend(local(0).split_off(4));
            c.extend_from_slice(&[0; 10]);
            c.extend_from_slice(&offset.to_le_bytes());
            c.extend_from_slice(name.as_bytes());
            central.push(c);
        }
        let cd_offset = out.len() as u32;
        let cd: Vec<u8> = central.concat();
        out.extend_from_slice(&cd);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(members.len() as u16).to_le_bytes());
        out.extend_from_slice(&(members.len() as u16).to_le_bytes());
        out.extend_from_slice(&(cd.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    fn npy_i64(values: &[i64], shape: &str) -> Vec<u8> {
        let mut h = format!("{{'descr': '<i8', 'fortran_order': False, 'shape': {shape}, }}");
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(h.len() as u16).to_le_bytes());
        out.extend_from_slice(h.as_bytes());
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    #[test]
    fn reads_the_arrays_by_name_and_refuses_broken_archives() {
        let a = zip(&[
            ("edge_index.npy", npy_i64(&[0, 1, 1, 2], "(2, 2)")),
            ("num_nodes.npy", npy_i64(&[3], "()")),
        ]);
        let arrays = read(&a, "g.npz").expect("reads");
        assert_eq!(arrays.len(), 2);
        assert_eq!(arrays[0].0, "edge_index");
        assert_eq!(arrays[0].1.shape, vec![2, 2]);
        assert_eq!(arrays[1].1.values, vec![3.0]);
        let e = |b: &[u8]| {
            read(b, "g.npz")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(e(b"plainly not a zip").contains("no end of central directory"));
        assert!(e(&a[..a.len() / 2]).contains("g.npz"));
        // An entry that claims to run past the end.
        let mut lying = a.clone();
        let eocd = lying.len() - 22;
        let cd = u32::from_le_bytes(lying[eocd + 16..eocd + 20].try_into().expect("4")) as usize;
        lying[cd + 20..cd + 24].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
        assert!(!e(&lying).is_empty());
    }
}
