//! What every pooling method answers, in one trait: its parameters and their setup, its
//! forward pass (select, reduce, connect and auxiliary losses), the levels of a method that
//! learns nothing, its own settings, its teaching card, and how it behaves in words. The model,
//! the trainer, the notes, the window's card and the command line ask a method through
//! [`Pooler`]; only a method's own file knows what it does.

use super::fixed::FixedLevel;
use super::options::{OptionSpec, Options};
use super::output::Pooled;
use crate::autodiff::Adjacency;
use crate::autodiff::{Mat, Tape, Var};
use crate::graph::Csr;
use crate::nn::{ParamStore, SparseOperators};
use crate::numeric::rng::Rng;

/// The embeddings' width a run starts with, unless the method says otherwise.
pub const DEFAULT_HIDDEN: usize = 32;

/// How a method learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Learning {
    /// Computed from the graph alone, before training: nothing of the pooling is trained.
    Nothing,
    /// Its parameters learn only through a task's loss (node or graph classification).
    ThroughTask,
    /// Auxiliary losses of its own: clustering alone trains it.
    Alone,
}

/// What the nodes of the next level are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeps {
    /// Clusters of the level below (soft or hard).
    Clusters,
    /// Some of the nodes below, chosen by learned scores; the rest are dropped.
    Selected,
    /// Some of the nodes below, chosen by the graph's structure; the rest are dropped.
    Decimated,
}

/// How the count asked for a level relates to the count it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counts {
    /// The level has what was asked.
    Exact,
    /// Rounds of matching or contraction stop at the first with at most what was asked.
    AtMost,
    /// The method decides (SEP's entropy, ClusterPooling's threshold); only the number of
    /// levels is used.
    Own,
}

/// The method card: what a method selects, reduces and connects, its losses as formulas
/// (by the names the forward pass reports) and how it is known to fail.
#[derive(Clone, Copy, Debug)]
pub struct Card {
    pub select: &'static str,
    pub reduce: &'static str,
    pub connect: &'static str,
    /// (loss name as reported, formula)
    pub losses: &'static [(&'static str, &'static str)],
    pub failure: &'static str,
}

/// What a level's pooling is built from.
pub struct LayerSetup<'a> {
    /// 0 for the pooling that makes level 1.
    pub level: usize,
    /// Width of the embeddings it pools.
    pub hidden: usize,
    /// The count asked for.
    pub k: usize,
    pub options: &'a Options,
}

impl LayerSetup<'_> {
    /// A parameter's name in the store (sessions keep weights by these names).
    pub fn name(&self, part: &str) -> String {
        format!("level{}.{part}", self.level)
    }
}

/// What a level's pooling sees on one forward pass.
pub struct LayerInput<'a> {
    pub adj: &'a Adjacency,
    /// The level's embeddings, `n x hidden`.
    pub h: Var,
    /// The input graph's conv operators (level 0 only).
    pub ops: Option<&'a SparseOperators>,
    /// The count asked for, and as a share of the level's nodes.
    pub k: usize,
    pub ratio: f32,
    /// The clustering task: the auxiliary losses are the whole objective.
    pub unsupervised: bool,
    /// This level, for a method that learns nothing (computed before training).
    pub fixed: Option<&'a FixedLevel>,
}

/// One level's pooling in a model, holding the ids of its parameters.
pub trait Layer: Send + Sync {
    /// `p`: every parameter of the model on the tape, indexed by `ParamId`.
    fn forward(&self, t: &mut Tape, p: &[Var], input: &LayerInput<'_>) -> Pooled;

    /// Whether [`Layer::warm_start`] wants the untrained embeddings this level will pool.
    fn wants_warm_start(&self) -> bool {
        false
    }

    /// Starts parameters from the untrained embeddings (`n x hidden`) of this level.
    fn warm_start(&self, _params: &mut ParamStore, _embeddings: &Mat, _k: usize, _seed: u64) {}
}

/// A pooling method. Each `pool/X.rs` implements it beside its maths, and the registry row
/// holds it next to the method's names, family and paper.
pub trait Pooler: Sync {
    fn learning(&self) -> Learning;

    fn keeps(&self) -> Keeps {
        Keeps::Clusters
    }

    fn counts(&self) -> Counts {
        Counts::Exact
    }

    /// The method's own settings (a temperature, a scorer…).
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// Settings whose default differs on a graph without labels, where the count asked for
    /// is a guess (about √n) rather than the classes' count: there the method should be
    /// free to leave clusters empty. Set by `train::follow_method` unless the user set them.
    fn unlabelled_options(&self) -> &'static [(OptionSpec, f32)] {
        &[]
    }

    fn card(&self) -> Card;

    /// Builds one level's pooling: its parameters go into `params`, drawn from `rng` in a
    /// fixed order (a seed gives the same model, and saved weights keep their names).
    fn layer(
        &self,
        setup: &LayerSetup<'_>,
        params: &mut ParamStore,
        rng: &mut Rng,
    ) -> Box<dyn Layer>;

    /// Every level of a method that learns nothing, from the raw graph (`ks`: the counts
    /// asked for); empty for a method that learns.
    fn fixed_levels(
        &self,
        _raw: &Csr,
        _ks: &[usize],
        _seed: u64,
        _options: &Options,
    ) -> Vec<FixedLevel> {
        Vec::new()
    }

    /// The adjacency its losses read, when not the raw graph (MinCut's normalised option).
    fn loss_adjacency(&self, _raw: &Csr, _options: &Options) -> Option<Csr> {
        None
    }

    /// Whether a graph of `n` nodes is within what the method can run.
    fn check_size(&self, _n: usize) -> Result<(), String> {
        Ok(())
    }

    /// Floats an epoch holds at its peak for this pooling on a graph of `n` nodes and `arcs`
    /// stored adjacency entries, `k` asked for at level 1, beyond the network's own: what
    /// the estimate before training (`train/budget.rs`) adds up, from the peaks
    /// `benches/training_memory.rs` measures. By default a dense assignment's dozen or so
    /// `n x k` matrices on the tape; a few for a method that learns nothing or keeps nodes.
    fn peak_floats(&self, n: usize, _arcs: usize, k: usize) -> f64 {
        let per = match (self.learning(), self.keeps()) {
            (Learning::Nothing, _) | (_, Keeps::Selected | Keeps::Decimated) => 4.0,
            _ => 15.0,
        };
        per * n as f64 * k as f64
    }

    /// How many times wider the pooled features are than the input's (EigenPooling stacks
    /// its cluster modes side by side).
    fn width_factor(&self) -> usize {
        1
    }

    /// Whether, with the features left to the defaults, it trains from one-hot identity
    /// features on a graph of `n` nodes rather than spectral ones.
    fn prefers_identity_features(&self, _n: usize) -> bool {
        false
    }

    /// The width of the embeddings it trains with when nobody chose one.
    fn default_hidden(&self) -> usize {
        DEFAULT_HIDDEN
    }

    /// Whether the level above reads its input features standardised over the clusters
    /// (each column less its mean, over its standard deviation) instead of the plain cluster
    /// means. Only a method whose loss is flat where every row of S is the same needs it
    /// (MinCut's: its doc says why); the losses are unchanged either way.
    fn standardises_next_level(&self) -> bool {
        false
    }

    /// Whether clustering a small graph with the defaults also trains other seeds and
    /// features and keeps the best by modularity (`train::restarts`).
    fn restarts(&self) -> bool {
        false
    }

    /// Whether its losses score every pair of nodes (`N²` work per epoch), which bounds how
    /// many restarts a graph can afford.
    fn scores_pairs(&self) -> bool {
        false
    }

    /// Why clustering alone trains nothing, in words (asked when [`Pooler::learning`] is not
    /// [`Learning::Alone`]); `name` is the method's.
    fn idle_reason(&self, name: &str) -> String {
        format!(
            "{name} learns its node scores only from a task's loss, and the clustering task has \
             none: the pooling of the untrained scores is shown, one pass. Choose the node task \
             with a label column to train the scores; grey nodes are the ones it drops"
        )
    }

    /// Why a level of `n` nodes got `got` clusters where `asked` were asked for, when the
    /// method has its own reason; `None` leaves it to the general note.
    fn count_note(&self, _asked: usize, _got: usize, _n: usize) -> Option<String> {
        None
    }

    /// What to try, with these options, when a learned level stays well below Louvain's
    /// modularity on the same graph; `None` when the method knows no setting that helps.
    fn below_reference_note(&self, _options: &Options) -> Option<String> {
        None
    }
}
