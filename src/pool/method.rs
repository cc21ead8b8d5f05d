//! The pooling method names users type.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    DiffPool,
    MinCut,
    #[default]
    DMoN,
    TopK,
    SagPool,
    Graclus,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::DMoN,
        Method::MinCut,
        Method::DiffPool,
        Method::TopK,
        Method::SagPool,
        Method::Graclus,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::DiffPool => "diffpool",
            Method::MinCut => "mincut",
            Method::DMoN => "dmon",
            Method::TopK => "topk",
            Method::SagPool => "sagpool",
            Method::Graclus => "graclus",
        }
    }

    /// Methods that learn a soft assignment (and have auxiliary losses).
    pub fn is_soft(self) -> bool {
        matches!(self, Method::DiffPool | Method::MinCut | Method::DMoN)
    }

    /// Methods that keep a subset of nodes.
    pub fn is_selection(self) -> bool {
        matches!(self, Method::TopK | Method::SagPool)
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown method `{s}` (expected dmon, mincut, diffpool, topk, sagpool or graclus)"))
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
