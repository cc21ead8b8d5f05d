//! The pooling methods users name, and the one table that says what each is: its names (ours
//! and torch-geometric-pool's `get_pooler` alias), its family, its paper, and whether it
//! learns. Everything that lists or groups methods reads [`REGISTRY`].

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    DiffPool,
    MinCut,
    #[default]
    DMoN,
    JustBalance,
    AsymCheegerCut,
    Hosc,
    BnPool,
    LaPool,
    MemPool,
    Nmf,
    EigenPool,
    TopK,
    SagPool,
    AsaPool,
    PanPool,
    MaxCut,
    Graclus,
    Kmis,
    Ndp,
    Sep,
    EdgePool,
}

/// The families of Grattarola et al.'s taxonomy, as the method picker groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A learned soft assignment `S = softmax(MLP(X))`, `SᵀX`, `SᵀAS`, auxiliary losses.
    DenseLearned,
    /// A soft or hard assignment computed from the graph alone, once.
    DenseFixed,
    /// Learned node scores keep the best nodes.
    Score,
    /// The graph's structure alone picks or merges nodes (matchings, independent sets).
    Structural,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::DenseLearned,
        Family::DenseFixed,
        Family::Score,
        Family::Structural,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Family::DenseLearned => "dense, learned",
            Family::DenseFixed => "dense, not learned",
            Family::Score => "score-based",
            Family::Structural => "structural",
        }
    }
}

/// One row of the registry.
pub struct Entry {
    pub method: Method,
    /// What poolscope calls it (`--method`, sessions, hierarchy files).
    pub name: &'static str,
    /// torch-geometric-pool's `get_pooler` name, accepted too.
    pub alias: &'static str,
    pub family: Family,
    pub paper: &'static str,
}

/// Every method, in the order the picker and `--help` list them.
pub const REGISTRY: &[Entry] = &[
    Entry {
        method: Method::DMoN,
        name: "dmon",
        alias: "dmon",
        family: Family::DenseLearned,
        paper: "Tsitsulin et al., Graph Clustering with Graph Neural Networks, JMLR 2023",
    },
    Entry {
        method: Method::MinCut,
        name: "mincut",
        alias: "mincut",
        family: Family::DenseLearned,
        paper: "Bianchi et al., Spectral Clustering with GNNs for Graph Pooling, ICML 2020",
    },
    Entry {
        method: Method::DiffPool,
        name: "diffpool",
        alias: "diff",
        family: Family::DenseLearned,
        paper: "Ying et al., Hierarchical Graph Representation Learning with Differentiable Pooling, NeurIPS 2018",
    },
    Entry {
        method: Method::JustBalance,
        name: "justbalance",
        alias: "jb",
        family: Family::DenseLearned,
        paper: "Bianchi, Simplifying Clustering with Graph Neural Networks, NLDL 2023",
    },
    Entry {
        method: Method::AsymCheegerCut,
        name: "asymcheegercut",
        alias: "acc",
        family: Family::DenseLearned,
        paper: "Hansen & Bianchi, Total Variation Graph Neural Networks, ICML 2023",
    },
    Entry {
        method: Method::Hosc,
        name: "hosc",
        alias: "hosc",
        family: Family::DenseLearned,
        paper: "Duval & Malliaros, Higher-order Clustering and Pooling for Graph Neural Networks, CIKM 2022",
    },
    Entry {
        method: Method::BnPool,
        name: "bnpool",
        alias: "bnpool",
        family: Family::DenseLearned,
        paper: "Castellana & Bianchi, BN-Pool: Bayesian Nonparametric Graph Pooling, 2025",
    },
    Entry {
        method: Method::LaPool,
        name: "lapool",
        alias: "lap",
        family: Family::DenseLearned,
        paper: "Noutahi et al., Towards Interpretable Sparse Graph Representation Learning with Laplacian Pooling, 2019",
    },
    Entry {
        method: Method::MemPool,
        name: "mempool",
        alias: "mempool",
        family: Family::DenseLearned,
        paper: "Khasahmadi et al., Memory-Based Graph Networks, ICLR 2020 (PyG's MemPooling)",
    },
    Entry {
        method: Method::Nmf,
        name: "nmf",
        alias: "nmf",
        family: Family::DenseFixed,
        paper: "Bacciu & Di Sotto, A Non-Negative Factorization Approach to Node Pooling in Graph Convolutional Neural Networks, AI*IA 2019",
    },
    Entry {
        method: Method::EigenPool,
        name: "eigenpool",
        alias: "eigen",
        family: Family::DenseFixed,
        paper: "Ma et al., Graph Convolutional Networks with EigenPooling, KDD 2019",
    },
    Entry {
        method: Method::TopK,
        name: "topk",
        alias: "topk",
        family: Family::Score,
        paper: "Gao & Ji, Graph U-Nets, ICML 2019",
    },
    Entry {
        method: Method::SagPool,
        name: "sagpool",
        alias: "sag",
        family: Family::Score,
        paper: "Lee et al., Self-Attention Graph Pooling, ICML 2019",
    },
    Entry {
        method: Method::AsaPool,
        name: "asapool",
        alias: "asap",
        family: Family::Score,
        paper: "Ranjan et al., ASAP: Adaptive Structure Aware Pooling for Learning Hierarchical Graph Representations, AAAI 2020",
    },
    Entry {
        method: Method::PanPool,
        name: "panpool",
        alias: "pan",
        family: Family::Score,
        paper: "Ma et al., Path Integral Based Convolution and Pooling for Graph Neural Networks, NeurIPS 2020",
    },
    Entry {
        method: Method::MaxCut,
        name: "maxcut",
        alias: "maxcut",
        family: Family::Score,
        paper: "Abate & Bianchi, MaxCutPool: differentiable feature-aware Maxcut for pooling in GNNs, ICLR 2025",
    },
    Entry {
        method: Method::Graclus,
        name: "graclus",
        alias: "graclus",
        family: Family::Structural,
        paper: "Dhillon et al., Weighted Graph Cuts without Eigenvectors, TPAMI 2007",
    },
    Entry {
        method: Method::Kmis,
        name: "kmis",
        alias: "kmis",
        family: Family::Structural,
        paper: "Bacciu et al., Generalizing Downsampling from Regular Data to Graphs, AAAI 2023",
    },
    Entry {
        method: Method::Ndp,
        name: "ndp",
        alias: "ndp",
        family: Family::Structural,
        paper: "Bianchi et al., Hierarchical Representation Learning in GNNs with Node Decimation Pooling, TNNLS 2020",
    },
    Entry {
        method: Method::Sep,
        name: "sep",
        alias: "sep",
        family: Family::Structural,
        paper: "Wu et al., Structural Entropy Guided Graph Hierarchical Pooling, ICML 2022",
    },
    Entry {
        method: Method::EdgePool,
        name: "edgepool",
        alias: "ec",
        family: Family::Structural,
        paper: "Diehl, Edge Contraction Pooling for Graph Neural Networks, 2019",
    },
];

impl Method {
    pub const ALL: [Method; 21] = {
        let mut all = [Method::DMoN; 21];
        let mut i = 0;
        while i < REGISTRY.len() {
            all[i] = REGISTRY[i].method;
            i += 1;
        }
        all
    };

    pub fn entry(self) -> &'static Entry {
        REGISTRY
            .iter()
            .find(|e| e.method == self)
            .unwrap_or(&REGISTRY[0])
    }

    pub fn name(self) -> &'static str {
        self.entry().name
    }

    pub fn family(self) -> Family {
        self.entry().family
    }

    /// Methods that learn a soft assignment (and have auxiliary losses).
    pub fn is_soft(self) -> bool {
        self.family() == Family::DenseLearned
    }

    /// Methods with an auxiliary loss, so that clustering alone trains them (LaPool, like
    /// the score methods, learns only through a task's loss).
    pub fn learns_unsupervised(self) -> bool {
        (self.is_soft() && self != Method::LaPool) || self == Method::MaxCut
    }

    /// Methods that keep a subset of nodes by learned scores (and drop the rest; MaxCut
    /// assigns every node to a kept one instead).
    pub fn is_selection(self) -> bool {
        self.family() == Family::Score && self != Method::MaxCut
    }

    /// How many times wider the pooled features are than the input's (EigenPooling stacks
    /// its cluster modes side by side).
    pub fn pooled_width(self) -> usize {
        if self == Method::EigenPool {
            super::eigenpool::MODES
        } else {
            1
        }
    }

    /// Methods whose pooled nodes are some of the input's, the rest dropped.
    pub fn drops_nodes(self) -> bool {
        self.is_selection() || self == Method::Ndp
    }

    /// Methods computed from the graph alone, before any training: one pass, and usable as a
    /// fast coarsening of a big graph.
    pub fn is_fixed(self) -> bool {
        matches!(self.family(), Family::DenseFixed | Family::Structural) && self != Method::EdgePool
    }

    /// Methods that choose every level's count themselves (SEP, by structural entropy): only
    /// the number of levels is asked for.
    pub fn own_counts(self) -> bool {
        self == Method::Sep
    }

    /// Methods whose cluster count follows from the graph (rounds of matching or independent
    /// sets), the request being an upper bound.
    pub fn bounds_count(self) -> bool {
        self.family() == Family::Structural
    }

    /// `dmon, mincut, diffpool (diff), …` for help texts and errors.
    pub fn names_with_aliases() -> String {
        REGISTRY
            .iter()
            .map(|e| {
                if e.alias == e.name {
                    e.name.to_string()
                } else {
                    format!("{} ({})", e.name, e.alias)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        REGISTRY
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(s) || e.alias.eq_ignore_ascii_case(s))
            .map(|e| e.method)
            .ok_or_else(|| {
                format!(
                    "unknown method `{s}` (expected one of {})",
                    Method::names_with_aliases()
                )
            })
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_is_in_the_registry_once_and_parses_by_name_and_alias() {
        for m in Method::ALL {
            assert_eq!(REGISTRY.iter().filter(|e| e.method == m).count(), 1, "{m}");
            assert_eq!(m.name().parse::<Method>(), Ok(m));
            assert_eq!(m.entry().alias.parse::<Method>(), Ok(m));
            // Sessions and hierarchy files write the serde name: it is the same.
            assert_eq!(
                serde_json::to_string(&m).expect("serialises"),
                format!("\"{}\"", m.name())
            );
        }
        assert_eq!("jb".parse::<Method>(), Ok(Method::JustBalance));
        assert_eq!("ACC".parse::<Method>(), Ok(Method::AsymCheegerCut));
        let e = "spectral".parse::<Method>().expect_err("not a method");
        assert!(e.contains("justbalance (jb)") && e.contains("sep"), "{e}");
    }

    #[test]
    fn train_s_help_names_every_method() {
        // The flag's help is written by hand; it must not fall behind the registry.
        let help = include_str!("../cli/args.rs");
        let start = help
            .find("The pooling operator")
            .expect("the --method help");
        let text = &help[start..start + 600];
        for e in REGISTRY {
            assert!(
                text.contains(e.name),
                "{} missing from --method's help",
                e.name
            );
        }
    }
}
