//! Which reader a file needs: from its extension, failing that from its first bytes.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gml,
    GraphMl,
    Gexf,
    EdgeList,
    NodeLink,
    MatrixMarket,
    Pajek,
    /// PyTorch Geometric's arrays: `edge_index` as `.npy`, or a `.npz` of `data.to_dict()`.
    NumPy,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Gml,
        Format::GraphMl,
        Format::Gexf,
        Format::EdgeList,
        Format::NodeLink,
        Format::MatrixMarket,
        Format::Pajek,
        Format::NumPy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Gml => "GML",
            Format::GraphMl => "GraphML",
            Format::Gexf => "GEXF",
            Format::EdgeList => "edge list",
            Format::NodeLink => "node-link JSON",
            Format::MatrixMarket => "Matrix Market",
            Format::Pajek => "Pajek",
            Format::NumPy => "PyG arrays (NumPy)",
        }
    }

    /// File extensions, for the Open dialog's filters.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Gml => &["gml"],
            Format::GraphMl => &["graphml", "xml"],
            Format::Gexf => &["gexf"],
            Format::EdgeList => &["csv", "tsv", "txt", "edges", "edgelist", "el"],
            Format::NodeLink => &["json"],
            Format::MatrixMarket => &["mtx"],
            Format::Pajek => &["net", "pajek"],
            Format::NumPy => &["npz", "npy"],
        }
    }

    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&ext.as_str()) && ext != "xml" && ext != "txt")
            .or(match ext.as_str() {
                "xml" => Some(Format::GraphMl),
                _ => None,
            })
    }

    /// Guesses from content; anything unrecognised is read as an edge list.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"\x93NUMPY") || bytes.starts_with(b"PK\x03\x04") {
            return Format::NumPy;
        }
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("%%matrixmarket") {
            Format::MatrixMarket
        } else if lower.starts_with('<') {
            if lower.contains("<gexf") {
                Format::Gexf
            } else {
                Format::GraphMl
            }
        } else if lower.starts_with('{') {
            Format::NodeLink
        } else if lower.starts_with("*vertices") || lower.starts_with("*network") {
            Format::Pajek
        } else if lower
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .is_some_and(|l| {
                l.starts_with("graph") && (l.len() == 5 || l[5..].trim_start().starts_with('['))
            })
            || lower.starts_with("creator")
        {
            Format::Gml
        } else {
            Format::EdgeList
        }
    }

    /// The extension tells, else the content does (`.txt` is too vague to decide alone).
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        Format::from_extension(path).unwrap_or_else(|| Format::sniff(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_and_content() {
        assert_eq!(
            Format::from_extension(Path::new("a/b.GML")),
            Some(Format::Gml)
        );
        assert_eq!(Format::from_extension(Path::new("x.txt")), None);
        assert_eq!(Format::sniff(b"graph [\n node"), Format::Gml);
        assert_eq!(Format::sniff(b"<?xml?><graphml>"), Format::GraphMl);
        assert_eq!(Format::sniff(b"<?xml?>\n<gexf>"), Format::Gexf);
        assert_eq!(Format::sniff(b"  {\"nodes\": []}"), Format::NodeLink);
        assert_eq!(
            Format::sniff(b"%%MatrixMarket matrix"),
            Format::MatrixMarket
        );
        assert_eq!(Format::sniff(b"*Vertices 3"), Format::Pajek);
        assert_eq!(Format::sniff(b"1 2\n2 3"), Format::EdgeList);
        assert_eq!(Format::sniff(b"\x93NUMPY\x01\x00"), Format::NumPy);
        assert_eq!(
            Format::from_extension(Path::new("data.npz")),
            Some(Format::NumPy)
        );
        assert_eq!(
            Format::detect(Path::new("g.txt"), b"graph [ ]"),
            Format::Gml
        );
    }
}
