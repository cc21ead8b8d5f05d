//! Reading a graph or data set from a path, from bytes, or from the bundled samples, and
//! writing one by extension.

use super::error::LoadError;
use super::format::Format;
use super::{edgelist, gexf, gml, graphml, mtx, node_csv, node_link, pajek, tu};
use crate::graph::{Dataset, Graph};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// What a file holds: one graph, or a data set of many (TU).
#[derive(Clone, Debug, PartialEq)]
// One value per load, moved a few times: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Loaded {
    Graph(Graph),
    Dataset(Dataset),
}

impl Loaded {
    /// The graph to show: the graph itself, or the first graph of a data set.
    /// The same graph or data set with every edge weight 1 (`--unweighted`).
    pub fn unweighted(self) -> Self {
        match self {
            Loaded::Graph(g) => Loaded::Graph(g.unweighted()),
            Loaded::Dataset(mut d) => {
                d.graphs = d.graphs.into_iter().map(Graph::unweighted).collect();
                Loaded::Dataset(d)
            }
        }
    }

    /// The graph numbered by its integer ids (`--keep-ids`); a data set's graphs are numbered
    /// by position already and stay as they are.
    pub fn keeping_integer_ids(self) -> Result<Self, String> {
        match self {
            Loaded::Graph(g) => g.keeping_integer_ids().map(Loaded::Graph),
            d => Ok(d),
        }
    }

    pub fn first_graph(&self) -> Option<&Graph> {
        match self {
            Loaded::Graph(g) => Some(g),
            Loaded::Dataset(d) => d.graphs.first(),
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    super::limits::read_bounded(path, MAX_FILE_BYTES)
}

/// Reads one graph from bytes in the given format (`nodes`: an optional node CSV for edge lists).
pub fn read_bytes(
    bytes: &[u8],
    file: &str,
    format: Format,
    nodes: Option<(&[u8], &str)>,
) -> Result<Graph, LoadError> {
    let mut g = match format {
        Format::Gml => gml::read(bytes, file)?,
        Format::GraphMl => graphml::read(bytes, file)?,
        Format::Gexf => gexf::read(bytes, file)?,
        Format::EdgeList => edgelist::read(bytes, file, nodes)?,
        Format::NodeLink => node_link::read(bytes, file)?,
        Format::MatrixMarket => mtx::read(bytes, file)?,
        Format::Pajek => pajek::read(bytes, file)?,
        Format::NumPy if bytes.starts_with(b"PK") => {
            super::pyg::from_arrays(&super::npz::read(bytes, file)?, file)?
        }
        Format::NumPy => super::pyg::from_edge_index(&super::npy::read(bytes, file)?, file)?,
    };
    // Every weight was finite when read, but parallel edges are summed: 3e38 + 3e38 is inf,
    // which would train as "diverged" and be written as null.
    if let Some((u, v, w)) = g.adjacency().iter().find(|e| !e.2.is_finite()) {
        let id = |i: u32| g.nodes.ids.get(i as usize).cloned().unwrap_or_default();
        return Err(LoadError::whole(
            file,
            format!(
                "the edges between {} and {} sum to {w}: expected parallel edges whose weights \
                 add up to a finite number",
                id(u),
                id(v)
            ),
        ));
    }
    if g.name.is_empty() {
        g.name = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    Ok(g)
}

/// The node CSV that sits beside an edge list: `X_nodes.csv` for `X.csv`.
pub fn sibling_node_file(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    if stem.ends_with("_nodes") {
        return None;
    }
    let candidate = path.with_file_name(format!("{stem}_nodes.csv"));
    candidate.is_file().then_some(candidate)
}

/// Finds the data set name in a TU folder (the `X` of `X_A.txt`).
fn tu_name(dir: &Path) -> Option<String> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix("_A.txt")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names.into_iter().next()
}

/// Reads a TU data set from a folder, or from the path of any of its files.
pub fn load_tu(path: &Path) -> Result<Dataset, LoadError> {
    let (dir, name) = if path.is_dir() {
        let name = tu_name(path).ok_or_else(|| {
            LoadError::whole(
                &path.display().to_string(),
                "expected a TU data set folder holding NAME_A.txt",
            )
        })?;
        (path.to_path_buf(), name)
    } else {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
        let name = [
            "_A.txt",
            "_graph_indicator.txt",
            "_graph_labels.txt",
            "_node_labels.txt",
            "_node_attributes.txt",
        ]
        .iter()
        .find_map(|s| file.strip_suffix(s))
        .ok_or_else(|| {
            LoadError::whole(
                &path.display().to_string(),
                "expected a TU file named NAME_A.txt",
            )
        })?
        .to_string();
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            name,
        )
    };
    let failure = std::cell::RefCell::new(None);
    let part = |suffix: &str| -> Option<(Cow<'static, [u8]>, String)> {
        let p = dir.join(format!("{name}_{suffix}.txt"));
        if !p.is_file() {
            return None;
        }
        match read_file(&p) {
            Ok(b) => Some((Cow::Owned(b), p.display().to_string())),
            Err(e) => {
                failure.borrow_mut().get_or_insert(e);
                None
            }
        }
    };
    let d = tu::read(&name, &part).map_err(|mut e| {
        // A missing part is reported against the data set's name: say which folder lacks it.
        if e.file == name && e.at.is_none() {
            e.file = dir.display().to_string();
            e.message = format!("{} (looked in this folder)", e.message);
        }
        e
    });
    if let Some(e) = failure.into_inner() {
        return Err(e);
    }
    d
}

fn is_tu(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    file.ends_with("_A.txt") || file.ends_with("_graph_indicator.txt")
}

/// Reads whatever the path holds: a poolscope log directory (its graph), a TU folder or file,
/// or a graph file of any format.
pub fn load_path(path: &Path, nodes: Option<&Path>) -> Result<Loaded, LoadError> {
    if super::logdir::is_log_dir(path) && !super::logset::is_log_folder(path) {
        return super::logdir::read_graph(path).map(Loaded::Graph);
    }
    if super::logset::is_log_folder(path) {
        // A folder of runs (or a batched run's graphs): the newest, as the window opens it.
        let set = super::logset::find(path)?;
        return super::logdir::read_graph(&set.entries[set.shown].path).map(Loaded::Graph);
    }
    if is_tu(path) {
        return load_tu(path).map(Loaded::Dataset);
    }
    let name = path.display().to_string();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("poolscope"))
    {
        return Err(LoadError::whole(
            &name,
            "a saved session, not a graph: open it with `poolscope FILE.poolscope` or the \
             window's File > Open session…",
        ));
    }
    let bytes = read_file(path)?;
    let format = Format::detect(path, &bytes);
    let node_path = nodes.map(Path::to_path_buf).or_else(|| {
        (format == Format::EdgeList)
            .then(|| sibling_node_file(path))
            .flatten()
    });
    let node_bytes = match &node_path {
        Some(p) => Some((read_file(p)?, p.display().to_string())),
        None => None,
    };
    let g = read_bytes(
        &bytes,
        &name,
        format,
        node_bytes.as_ref().map(|(b, n)| (b.as_slice(), n.as_str())),
    )?;
    Ok(Loaded::Graph(g))
}

/// Writes a graph in the format its extension names. An edge list also gets `X_nodes.csv`
/// beside it when the nodes carry anything besides their ids.
pub fn write_path(g: &Graph, path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let name = path.display().to_string();
    let format = Format::from_extension(path).or_else(|| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            .then_some(Format::EdgeList)
    });
    let text = match format {
        Some(Format::Gml) => gml::write(g),
        Some(Format::GraphMl) => graphml::write(g),
        Some(Format::NodeLink) => node_link::write(g),
        Some(Format::EdgeList) => edgelist::write(g),
        _ => {
            return Err(LoadError::whole(
                &name,
                "expected an output extension of .graphml, .gml, .json, .csv, .tsv or .txt",
            ));
        }
    };
    let mut files: Vec<(std::path::PathBuf, String)> = vec![(path.to_path_buf(), text)];
    let t = &g.nodes;
    if format == Some(Format::EdgeList)
        && (t.names != t.ids || !t.labels.is_empty() || t.coords.is_some() || t.features.is_some())
    {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("graph");
        let node_path = path.with_file_name(format!("{stem}_nodes.csv"));
        files.push((node_path, node_csv::write(g)));
    }
    // The edge list and its node table land together or not at all.
    let pairs: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_path(), t.as_bytes()))
        .collect();
    super::write_all_atomic(&pairs)
        .map_err(|e| LoadError::whole(&path.display().to_string(), e))?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_weights_that_overflow_are_an_error_naming_the_pair() {
        let e = read_bytes(b"a,b,3e38\na,b,3e38\n", "big.csv", Format::EdgeList, None)
            .expect_err("inf")
            .to_string();
        assert!(
            e.contains("big.csv") && e.contains("between a and b sum to inf"),
            "{e}"
        );
        assert!(read_bytes(b"a,b,3e38\nb,c,3e38\n", "ok.csv", Format::EdgeList, None).is_ok());
    }
}
