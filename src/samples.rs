//! The bundled sample graphs, embedded in the binary so that an installed poolscope finds them
//! anywhere. Files are kept exactly as published (see sample_graphs/README.md), so loading a
//! sample exercises the same readers a user's file does.

use crate::generate;
use crate::graph::Graph;
use crate::io::{Format, LoadError, Loaded, read_bytes, tu};
use std::borrow::Cow;

/// One bundled graph.
pub struct Sample {
    pub name: &'static str,
    pub description: &'static str,
    /// The label columns that hold ground truth.
    pub ground_truth: &'static [&'static str],
    source: Source,
}

enum Source {
    File {
        file: &'static str,
        bytes: &'static [u8],
        format: Format,
        nodes: Option<(&'static str, &'static [u8])>,
    },
    Spec(&'static str),
    Tu {
        name: &'static str,
        parts: &'static [(&'static str, &'static [u8])],
    },
}

macro_rules! file {
    ($f:literal, $fmt:expr) => {
        Source::File {
            file: $f,
            bytes: include_bytes!(concat!("../sample_graphs/", $f)),
            format: $fmt,
            nodes: None,
        }
    };
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "karate",
        description: "Zachary's karate club: 34 members, 78 ties, split into two clubs",
        ground_truth: &["club"],
        source: file!("karate.gml", Format::Gml),
    },
    Sample {
        name: "football",
        description: "US college football 2000: 115 teams, 613 games, 12 conferences",
        ground_truth: &["value", "valuetsevans"],
        source: file!("football.gml", Format::Gml),
    },
    Sample {
        name: "polbooks",
        description: "Books on US politics co-purchased on Amazon: 105 books, 3 leanings",
        ground_truth: &["value"],
        source: file!("polbooks.gml", Format::Gml),
    },
    Sample {
        name: "lesmis",
        description: "Les Misérables co-appearances: 77 characters, weighted",
        ground_truth: &[],
        source: file!("lesmis.gml", Format::Gml),
    },
    Sample {
        name: "dolphins",
        description: "Bottlenose dolphins of Doubtful Sound: 62 animals, 159 ties",
        ground_truth: &[],
        source: file!("dolphins.gml", Format::Gml),
    },
    Sample {
        name: "polblogs",
        description: "Political blogs 2005: 1490 blogs, directed links, 2 leanings",
        ground_truth: &["value"],
        source: file!("polblogs.gml", Format::Gml),
    },
    Sample {
        name: "flare",
        description: "Flare class dependencies: 220 classes, nested packages as ground truth",
        ground_truth: &["group", "subgroup"],
        source: file!("flare.json", Format::NodeLink),
    },
    Sample {
        name: "minnesota",
        description: "Minnesota road network: 2642 junctions with coordinates",
        ground_truth: &[],
        source: file!("minnesota.graphml", Format::GraphMl),
    },
    Sample {
        name: "logo",
        description: "The GSP logo graph: 1130 nodes forming the letters G, S, P",
        ground_truth: &["letter"],
        source: file!("logo.graphml", Format::GraphMl),
    },
    Sample {
        name: "drosophila_left",
        description: "Larval Drosophila mushroom body (left): 209 neurons, synapse counts, 4 cell types",
        ground_truth: &["cell_type"],
        source: Source::File {
            file: "drosophila_left.csv",
            bytes: include_bytes!("../sample_graphs/drosophila_left.csv"),
            format: Format::EdgeList,
            nodes: Some((
                "drosophila_left_nodes.csv",
                include_bytes!("../sample_graphs/drosophila_left_nodes.csv"),
            )),
        },
    },
    Sample {
        name: "MUTAG",
        description: "MUTAG: 188 molecules labelled mutagenic or not (graph classification)",
        ground_truth: &["node_label"],
        source: Source::Tu {
            name: "MUTAG",
            parts: &[
                ("A", include_bytes!("../sample_graphs/MUTAG/MUTAG_A.txt")),
                (
                    "graph_indicator",
                    include_bytes!("../sample_graphs/MUTAG/MUTAG_graph_indicator.txt"),
                ),
                (
                    "graph_labels",
                    include_bytes!("../sample_graphs/MUTAG/MUTAG_graph_labels.txt"),
                ),
                (
                    "node_labels",
                    include_bytes!("../sample_graphs/MUTAG/MUTAG_node_labels.txt"),
                ),
            ],
        },
    },
    Sample {
        name: "h13-4",
        description: "Nested SBM H13-4: 256 nodes, 4 groups of 4 subgroups (generated)",
        ground_truth: &["group", "subgroup"],
        source: Source::Spec("nested:h13-4,seed=1"),
    },
    Sample {
        name: "sbm",
        description: "Planted partition: 1000 nodes in 10 blocks (generated)",
        ground_truth: &["block"],
        source: Source::Spec("sbm:n=1000,k=10,din=12,dout=3,seed=0"),
    },
];

pub fn find(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

pub fn names() -> Vec<&'static str> {
    SAMPLES.iter().map(|s| s.name).collect()
}

/// What a GRAPH argument names, wherever one is taken (command line, window, sessions): a
/// generator spec, an existing path, or a sample name, tried in that order.
/// When a bare name is both a path here and a bundled sample, which one is read and how to
/// ask for the other: neither may stand in for the other silently.
pub fn shadow_note(arg: &str) -> Option<String> {
    let bare = !arg.contains(['/', '\\']);
    (bare && std::path::Path::new(arg).exists() && find(arg).is_some()).then(|| {
        format!(
            "`{arg}` is both a file in this folder and a bundled sample: reading the file \
             (`--sample {arg}` opens the sample; `./{arg}` names the file without this note)"
        )
    })
}

pub fn resolve(arg: &str, nodes: Option<&std::path::Path>) -> Result<Loaded, String> {
    if generate::is_spec(arg) {
        return generate::generate(arg).map(Loaded::Graph);
    }
    let path = std::path::Path::new(arg);
    if path.exists() {
        if let Some(note) = shadow_note(arg) {
            eprintln!("note: {note}");
        }
        return crate::io::load_path(path, nodes).map_err(|e| e.to_string());
    }
    if let Some(sample) = find(arg) {
        return sample.load().map_err(|e| e.to_string());
    }
    Err(format!(
        "{arg}: no such file, sample or generator spec (samples: {}; specs look like {})",
        names().join(", "),
        generate::GENERATORS[0].1
    ))
}

/// A bundled sample's graph by name (a data set's first graph): what tests, benches and
/// lessons need without unwrapping each step.
pub fn graph(name: &str) -> Result<Graph, String> {
    let sample = find(name).ok_or_else(|| format!("no sample `{name}`"))?;
    let loaded = sample.load().map_err(|e| format!("{name}: {e}"))?;
    loaded
        .first_graph()
        .cloned()
        .ok_or_else(|| format!("sample `{name}` holds no graph"))
}

impl Sample {
    /// Parses the embedded files (or runs the generator).
    pub fn load(&self) -> Result<Loaded, LoadError> {
        match &self.source {
            Source::File {
                file,
                bytes,
                format,
                nodes,
            } => {
                let mut g = read_bytes(bytes, file, *format, nodes.map(|(f, b)| (b, f)))?;
                g.name = self.name.to_string();
                Ok(Loaded::Graph(g))
            }
            Source::Spec(spec) => {
                let mut g = generate::generate(spec).map_err(|e| LoadError::whole(self.name, e))?;
                g.name = self.name.to_string();
                Ok(Loaded::Graph(g))
            }
            Source::Tu { name, parts } => {
                let part = |suffix: &str| {
                    parts
                        .iter()
                        .find(|(p, _)| *p == suffix)
                        .map(|(p, b)| (Cow::Borrowed(*b), format!("{name}_{p}.txt")))
                };
                tu::read(name, &part).map(Loaded::Dataset)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_s_graph_by_name_or_why_not() {
        assert_eq!(graph("karate").map(|g| g.node_count()), Ok(34));
        let err = graph("no-such-sample").expect_err("unknown");
        assert!(err.contains("no sample `no-such-sample`"), "{err}");
    }

    #[test]
    fn every_sample_loads_with_its_ground_truth() {
        for s in SAMPLES {
            let loaded = s.load().unwrap_or_else(|e| panic!("{}: {e}", s.name));
            let g = loaded
                .first_graph()
                .unwrap_or_else(|| panic!("{} has a graph", s.name));
            for col in s.ground_truth {
                assert!(g.nodes.label(col).is_some(), "{} lacks {col}", s.name);
            }
        }
        assert!(find("KARATE").is_some());
        assert!(find("nope").is_none());
    }
}
