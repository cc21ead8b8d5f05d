//! Where a saved session's graph comes from: a file by path (looked for beside the session
//! when moved), a bundled sample or generator spec by name, or the graph itself embedded.

use crate::graph::Graph;
use crate::io::Loaded;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where the session's graph comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GraphSource {
    /// A file or TU folder; `index` picks a graph of a data set.
    Path { path: PathBuf, index: usize },
    /// A bundled sample or generator spec, by name.
    Named { name: String, index: usize },
    /// The graph itself, as node-link JSON.
    Embedded { name: String, node_link: Value },
}

impl GraphSource {
    /// The graph embedded in the session.
    pub fn embed(g: &Graph) -> Result<Self, String> {
        let node_link = serde_json::from_str(&crate::io::write::node_link(g))
            .map_err(|e| format!("cannot embed the graph: {e}"))?;
        Ok(Self::Embedded {
            name: g.name.clone(),
            node_link,
        })
    }

    /// The source as found from a session file in `folder`: a relative path is the session's
    /// folder's (a course folder copied elsewhere keeps working), and an absolute path that is
    /// gone is looked for there too, by its file name.
    pub fn beside(&self, folder: &Path) -> GraphSource {
        let Self::Path { path, index } = self else {
            return self.clone();
        };
        let found = if path.is_relative() {
            Some(folder.join(path)).filter(|p| p.exists())
        } else if !path.exists() {
            path.file_name()
                .map(|f| folder.join(f))
                .filter(|p| p.exists())
        } else {
            None
        };
        match found {
            Some(path) => Self::Path {
                path,
                index: *index,
            },
            None => self.clone(),
        }
    }

    /// Loads the graph (a file or sample may be a data set); `index` is the graph to show.
    pub fn load(&self) -> Result<(Loaded, usize), String> {
        match self {
            Self::Path { path, index } => crate::io::load_path(path, None)
                .map(|l| (l, *index))
                .map_err(|e| format!("the session's graph: {e}")),
            // A sample by name is the sample, whatever file of that name the working folder
            // holds (a file is saved as a path).
            Self::Named { name, index } => match crate::samples::find(name) {
                Some(sample) => sample.load().map_err(|e| e.to_string()),
                None => crate::samples::resolve(name, None),
            }
            .map(|l| (l, *index))
            .map_err(|e| format!("the session's graph: {e}")),
            Self::Embedded { name, node_link } => {
                let bytes = serde_json::to_vec(node_link).map_err(|e| e.to_string())?;
                let mut g =
                    crate::io::read_bytes(&bytes, "graph", crate::io::Format::NodeLink, None)
                        .map_err(|e| format!("the session's embedded graph: {e}"))?;
                g.name.clone_from(name);
                Ok((Loaded::Graph(g), 0))
            }
        }
    }
}
