//! The one table of pooling methods. A row names a method (ours and torch-geometric-pool's
//! `get_pooler` alias), its family, its paper and its [`Pooler`]; the [`Method`] enum is made
//! from the rows, so adding a method is its file and its row. Everything that lists, groups,
//! parses or runs methods reads [`REGISTRY`]; the first row is the default.

use super::pooler::{Counts, Keeps, Learning, Pooler};
// Every method's module, so that a new method needs no line here beside its row.
use super::*;

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
    pub pooler: &'static dyn Pooler,
}

/// Makes the [`Method`] enum and [`REGISTRY`] from the same rows, in the same order, so a
/// method's discriminant is its row.
macro_rules! registry {
    ($($variant:ident {
        name: $name:literal,
        alias: $alias:literal,
        family: $family:ident,
        pooler: $pooler:expr,
        paper: $paper:literal $(,)?
    })*) => {
        /// A pooling method: a row of [`REGISTRY`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Method {
            $($variant),*
        }

        /// Every method, in the order the picker and `--help` list them.
        pub const REGISTRY: &[Entry] = &[
            $(Entry {
                method: Method::$variant,
                name: $name,
                alias: $alias,
                family: Family::$family,
                paper: $paper,
                pooler: &$pooler,
            }),*
        ];

        impl Method {
            /// Every method, in the registry's order.
            pub const ALL: [Method; [$(Method::$variant),*].len()] = [$(Method::$variant),*];
        }
    };
}

registry! {
    DMoN {
        name: "dmon",
        alias: "dmon",
        family: DenseLearned,
        pooler: dmon::DMoN,
        paper: "Tsitsulin et al., Graph Clustering with Graph Neural Networks, JMLR 2023",
    }
    MinCut {
        name: "mincut",
        alias: "mincut",
        family: DenseLearned,
        pooler: mincut::MinCut,
        paper: "Bianchi et al., Spectral Clustering with GNNs for Graph Pooling, ICML 2020",
    }
    DiffPool {
        name: "diffpool",
        alias: "diff",
        family: DenseLearned,
        pooler: diffpool::DiffPool,
        paper: "Ying et al., Hierarchical Graph Representation Learning with Differentiable Pooling, NeurIPS 2018",
    }
    JustBalance {
        name: "justbalance",
        alias: "jb",
        family: DenseLearned,
        pooler: justbalance::JustBalance,
        paper: "Bianchi, Simplifying Clustering with Graph Neural Networks, NLDL 2023",
    }
    AsymCheegerCut {
        name: "asymcheegercut",
        alias: "acc",
        family: DenseLearned,
        pooler: asymcheegercut::AsymCheegerCut,
        paper: "Hansen & Bianchi, Total Variation Graph Neural Networks, ICML 2023",
    }
    Hosc {
        name: "hosc",
        alias: "hosc",
        family: DenseLearned,
        pooler: hosc::Hosc,
        paper: "Duval & Malliaros, Higher-order Clustering and Pooling for Graph Neural Networks, CIKM 2022",
    }
    BnPool {
        name: "bnpool",
        alias: "bnpool",
        family: DenseLearned,
        pooler: bnpool::BnPool,
        paper: "Castellana & Bianchi, BN-Pool: Bayesian Nonparametric Graph Pooling, 2025",
    }
    LaPool {
        name: "lapool",
        alias: "lap",
        family: DenseLearned,
        pooler: lapool::LaPool,
        paper: "Noutahi et al., Towards Interpretable Sparse Graph Representation Learning with Laplacian Pooling, 2019",
    }
    MemPool {
        name: "mempool",
        alias: "mempool",
        family: DenseLearned,
        pooler: mempool::MemPool,
        paper: "Khasahmadi et al., Memory-Based Graph Networks, ICLR 2020 (PyG's MemPooling)",
    }
    Nmf {
        name: "nmf",
        alias: "nmf",
        family: DenseFixed,
        pooler: nmf::Nmf,
        paper: "Bacciu & Di Sotto, A Non-Negative Factorization Approach to Node Pooling in Graph Convolutional Neural Networks, AI*IA 2019",
    }
    EigenPool {
        name: "eigenpool",
        alias: "eigen",
        family: DenseFixed,
        pooler: eigenpool::EigenPool,
        paper: "Ma et al., Graph Convolutional Networks with EigenPooling, KDD 2019",
    }
    TopK {
        name: "topk",
        alias: "topk",
        family: Score,
        pooler: topk::TopK,
        paper: "Gao & Ji, Graph U-Nets, ICML 2019",
    }
    SagPool {
        name: "sagpool",
        alias: "sag",
        family: Score,
        pooler: sagpool::SagPool,
        paper: "Lee et al., Self-Attention Graph Pooling, ICML 2019",
    }
    AsaPool {
        name: "asapool",
        alias: "asap",
        family: Score,
        pooler: asapool::AsaPool,
        paper: "Ranjan et al., ASAP: Adaptive Structure Aware Pooling for Learning Hierarchical Graph Representations, AAAI 2020",
    }
    PanPool {
        name: "panpool",
        alias: "pan",
        family: Score,
        pooler: panpool::PanPool,
        paper: "Ma et al., Path Integral Based Convolution and Pooling for Graph Neural Networks, NeurIPS 2020",
    }
    MaxCut {
        name: "maxcut",
        alias: "maxcut",
        family: Score,
        pooler: maxcut::MaxCut,
        paper: "Abate & Bianchi, MaxCutPool: differentiable feature-aware Maxcut for pooling in GNNs, ICLR 2025",
    }
    Graclus {
        name: "graclus",
        alias: "graclus",
        family: Structural,
        pooler: graclus::Graclus,
        paper: "Dhillon et al., Weighted Graph Cuts without Eigenvectors, TPAMI 2007",
    }
    Kmis {
        name: "kmis",
        alias: "kmis",
        family: Structural,
        pooler: kmis::Kmis,
        paper: "Bacciu et al., Generalizing Downsampling from Regular Data to Graphs, AAAI 2023",
    }
    Ndp {
        name: "ndp",
        alias: "ndp",
        family: Structural,
        pooler: ndp::Ndp,
        paper: "Bianchi et al., Hierarchical Representation Learning in GNNs with Node Decimation Pooling, TNNLS 2020",
    }
    Sep {
        name: "sep",
        alias: "sep",
        family: Structural,
        pooler: sep::Sep,
        paper: "Wu et al., Structural Entropy Guided Graph Hierarchical Pooling, ICML 2022",
    }
    EdgePool {
        name: "edgepool",
        alias: "ec",
        family: Structural,
        pooler: edgepool::EdgePool,
        paper: "Diehl, Edge Contraction Pooling for Graph Neural Networks, 2019",
    }
    ClusterPool {
        name: "clusterpool",
        alias: "clusterpool",
        family: Structural,
        pooler: clusterpool::ClusterPool,
        paper: "Roy et al., Edge-Based Graph Component Pooling, 2024 (PyG's ClusterPooling)",
    }
    Louvain {
        name: "louvain",
        alias: "louvain",
        family: Structural,
        pooler: louvain::Louvain,
        paper: "Blondel et al., Fast unfolding of communities in large networks, J. Stat. Mech. 2008 (a reference, not a pooling layer)",
    }
    Leiden {
        name: "leiden",
        alias: "leiden",
        family: Structural,
        pooler: leiden::Leiden,
        paper: "Traag, Waltman, van Eck, From Louvain to Leiden: guaranteeing well-connected communities, Sci. Rep. 2019 (a reference, not a pooling layer)",
    }
}

impl Default for Method {
    fn default() -> Self {
        REGISTRY[0].method
    }
}

impl Method {
    /// The method's row (rows and variants are made in one order).
    pub fn entry(self) -> &'static Entry {
        &REGISTRY[self as usize]
    }

    pub fn pooler(self) -> &'static dyn Pooler {
        self.entry().pooler
    }

    pub fn name(self) -> &'static str {
        self.entry().name
    }

    pub fn family(self) -> Family {
        self.entry().family
    }

    /// Methods that learn a soft assignment: their node task also reads the next level's
    /// embeddings lifted back through `S`.
    pub fn is_soft(self) -> bool {
        self.family() == Family::DenseLearned
    }

    /// Methods with an auxiliary loss, so that clustering alone trains them.
    pub fn learns_unsupervised(self) -> bool {
        self.pooler().learning() == Learning::Alone
    }

    /// Methods computed from the graph alone, before any training: one pass, and usable as a
    /// fast coarsening of a big graph.
    pub fn is_fixed(self) -> bool {
        self.pooler().learning() == Learning::Nothing
    }

    /// Methods that keep a subset of nodes by learned scores (and drop the rest).
    pub fn is_selection(self) -> bool {
        self.pooler().keeps() == Keeps::Selected
    }

    /// Methods whose pooled nodes are some of the input's, the rest dropped.
    pub fn drops_nodes(self) -> bool {
        self.pooler().keeps() != Keeps::Clusters
    }

    /// Methods that choose every level's count themselves: only the number of levels is
    /// asked for.
    pub fn own_counts(self) -> bool {
        self.pooler().counts() == Counts::Own
    }

    /// Methods whose count follows from the graph (rounds of matching, independent sets or
    /// thresholds), the request being at most an upper bound.
    pub fn bounds_count(self) -> bool {
        self.pooler().counts() != Counts::Exact
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

    /// `--method`'s help: every method by family, with its aliases and settings.
    pub fn help() -> String {
        let mut out = String::from(
            "The pooling operator, by poolscope's name or torch-geometric-pool's alias.",
        );
        for family in Family::ALL {
            let names: Vec<String> = REGISTRY
                .iter()
                .filter(|e| e.family == family)
                .map(|e| {
                    let mut s = e.name.to_string();
                    if e.alias != e.name {
                        s.push_str(&format!(" ({})", e.alias));
                    }
                    let opts = e.pooler.options();
                    if !opts.is_empty() {
                        let names: Vec<&str> = opts.iter().map(|o| o.name).collect();
                        s.push_str(&format!(" [--option {}]", names.join(", ")));
                    }
                    s
                })
                .collect();
            out.push_str(&format!(
                " {}: {}.",
                capitalised(family.title()),
                names.join(", ")
            ));
        }
        out.push_str(" Default: dmon; diffpool for --task graph.");
        out
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
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

/// Sessions and hierarchy files name a method as the registry does.
impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Method {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_is_in_the_registry_once_and_parses_by_name_and_alias() {
        for m in Method::ALL {
            assert_eq!(REGISTRY.iter().filter(|e| e.method == m).count(), 1, "{m}");
            assert_eq!(m.entry().method, m, "{m}: the row of its discriminant");
            assert_eq!(m.name().parse::<Method>(), Ok(m));
            assert_eq!(m.entry().alias.parse::<Method>(), Ok(m));
            // Sessions and hierarchy files write the name and read it back.
            let json = serde_json::to_string(&m).expect("serialises");
            assert_eq!(json, format!("\"{}\"", m.name()));
            assert_eq!(serde_json::from_str::<Method>(&json).expect("reads"), m);
        }
        assert_eq!(Method::ALL.len(), REGISTRY.len());
        assert_eq!(Method::default(), Method::DMoN);
        assert_eq!("jb".parse::<Method>(), Ok(Method::JustBalance));
        assert_eq!("ACC".parse::<Method>(), Ok(Method::AsymCheegerCut));
        let e = "spectral".parse::<Method>().expect_err("not a method");
        assert!(e.contains("justbalance (jb)") && e.contains("sep"), "{e}");
        let e = serde_json::from_str::<Method>("\"spectral\"").expect_err("not a method");
        assert!(e.to_string().contains("unknown method `spectral`"), "{e}");
    }

    #[test]
    fn method_help_names_every_method_and_its_settings() {
        let help = Method::help();
        for e in REGISTRY {
            assert!(
                help.contains(e.name),
                "{} missing from --method's help",
                e.name
            );
            assert!(help.contains(e.alias), "{}'s alias missing", e.name);
        }
        assert!(help.contains("mincut [--option temperature, normalized_adjacency]"));
        assert!(help.contains("Structural: graclus"), "{help}");
    }
}
