//! The model settings a graph starts with when nobody chose them: the window's samples,
//! Generate presets and opened files, and `train` / `render` without `--clusters` all ask here,
//! so a graph gets the same settings wherever it is opened.
//!
//! - The label column scored against: the sample's ground truth, else the graph's first label
//!   column.
//! - Clusters per level: a nested ground truth (a column whose classes each sit inside one
//!   class of a coarser column, as the nested SBM's subgroups sit in its groups) gives one level
//!   per column, finest first (16, 4); else the truth's class count, with a second level of a
//!   third of it from 6 classes up (football: 12, 4); with no labels about √n and a third of it.

use crate::graph::{Graph, LabelColumn};
use crate::pool::Method;
use crate::samples;
use crate::train::{FeatureKind, TrainConfig};

/// The features a method starts with on an `n`-node graph: spectral, unless the method
/// trains better from one-hot identity features there (JustBalance on graphs up to 5,000
/// nodes; its `prefers_identity_features` says why).
pub fn features_for(method: Method, n: usize) -> FeatureKind {
    if method.pooler().prefers_identity_features(n) {
        FeatureKind::Identity
    } else {
        FeatureKind::Spectral
    }
}

/// The embeddings' width a method starts with (JustBalance's is wider; its
/// `default_hidden` says why).
pub fn hidden_for(method: Method) -> usize {
    method.pooler().default_hidden()
}

/// Which of the settings that follow the method were chosen by hand, and no longer follow it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Chosen {
    pub features: bool,
    pub hidden: bool,
    /// The method's own settings (`--option`, or the window's method settings).
    pub options: bool,
}

/// Sets the method's own features (for an `n`-node graph) and width, except those chosen;
/// and, unless its settings were chosen, the settings whose default depends on whether the
/// run has labels (`cfg.labels`): set them first.
pub fn follow_method(cfg: &mut TrainConfig, n: usize, chosen: Chosen) {
    if !chosen.features {
        cfg.features = features_for(cfg.method, n);
    }
    if !chosen.hidden {
        cfg.hidden = hidden_for(cfg.method);
    }
    if !chosen.options {
        for (spec, unlabelled) in cfg.method.pooler().unlabelled_options() {
            let value = match cfg.labels {
                Some(_) => spec.default_value(),
                None => crate::pool::OptionValue::Float(*unlabelled),
            };
            // Both values are the method's own and inside its bounds.
            let _ = cfg.options.set(&[*spec], spec.name, value);
        }
    }
}

/// What a graph starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphDefaults {
    pub labels: Option<String>,
    /// Clusters per pooling level.
    pub ks: Vec<usize>,
}

/// Whether every class of `fine` lies inside a single class of `coarse` (nodes without a
/// value in either aside).
fn nests_in(fine: &LabelColumn, coarse: &LabelColumn) -> bool {
    let mut parent = vec![None; fine.classes.len()];
    for (f, c) in fine.codes.iter().zip(&coarse.codes) {
        let (Some(f), Some(c)) = (f, c) else { continue };
        match parent.get_mut(*f as usize) {
            Some(slot @ None) => *slot = Some(*c),
            Some(Some(p)) if p == c => {}
            _ => return false,
        }
    }
    true
}

/// One level per column of a nested chain that ends at `truth`, finest first.
fn nested_chain(g: &Graph, truth: &LabelColumn) -> Vec<usize> {
    let n = g.node_count();
    let mut chain = vec![truth];
    loop {
        let finest = chain[chain.len() - 1];
        let next = g
            .nodes
            .labels
            .iter()
            .filter(|c| c.classes.len() > finest.classes.len() && c.classes.len() < n)
            .filter(|c| nests_in(c, finest))
            .min_by_key(|c| c.classes.len());
        match next {
            Some(c) if chain.len() < crate::hierarchy::MAX_LEVELS => chain.push(c),
            _ => break,
        }
    }
    chain.iter().rev().map(|c| c.classes.len()).collect()
}

pub fn for_graph(g: &Graph) -> GraphDefaults {
    let n = g.node_count();
    let truth = samples::find(&g.name)
        .and_then(|s| s.ground_truth.first())
        .and_then(|c| g.nodes.label(c))
        // Not a column that names every node: it made K the node count and NMI a score
        // "against names".
        .or_else(|| g.nodes.grouping());
    let max_k = n.max(2);
    let ks = match truth {
        Some(col) if col.classes.len() >= 2 => {
            let chain = nested_chain(g, col);
            if chain.len() >= 2 {
                chain
            } else {
                let k = col.classes.len().clamp(2, max_k);
                if k >= 6 {
                    vec![k, (k / 3).max(2)]
                } else {
                    vec![k]
                }
            }
        }
        _ => {
            let k = ((n as f64).sqrt() as usize).clamp(2, max_k);
            if k >= 6 {
                vec![k, (k / 3).max(2)]
            } else {
                vec![k]
            }
        }
    };
    GraphDefaults {
        labels: truth.map(|c| c.name.clone()),
        ks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate;

    fn sample(name: &str) -> Graph {
        samples::graph(name).expect("sample")
    }

    #[test]
    fn features_and_width_follow_the_method_unless_chosen() {
        let mut cfg = TrainConfig {
            method: Method::JustBalance,
            ..TrainConfig::default()
        };
        follow_method(&mut cfg, 115, Chosen::default());
        assert_eq!((cfg.features, cfg.hidden), (FeatureKind::Identity, 64));
        cfg.method = Method::DMoN;
        follow_method(&mut cfg, 115, Chosen::default());
        assert_eq!((cfg.features, cfg.hidden), (FeatureKind::Spectral, 32));
        cfg.method = Method::JustBalance;
        let chosen = Chosen {
            features: true,
            hidden: true,
            options: false,
        };
        follow_method(&mut cfg, 115, chosen);
        assert_eq!((cfg.features, cfg.hidden), (FeatureKind::Spectral, 32));
        // Above 5,000 nodes JustBalance keeps spectral features but its width.
        follow_method(&mut cfg, 6_000, Chosen::default());
        assert_eq!((cfg.features, cfg.hidden), (FeatureKind::Spectral, 64));
    }

    #[test]
    fn dmon_s_cluster_weight_follows_the_labels_unless_chosen() {
        use crate::pool::dmon::CLUSTER_COEFF;
        let mut cfg = TrainConfig {
            method: Method::DMoN,
            labels: None,
            ..TrainConfig::default()
        };
        follow_method(&mut cfg, 600, Chosen::default());
        assert_eq!(
            CLUSTER_COEFF.float(&cfg.options),
            0.3,
            "no labels: K is a cap"
        );
        cfg.labels = Some("block".into());
        follow_method(&mut cfg, 600, Chosen::default());
        assert!(cfg.options.is_empty(), "labels: PyG's weight, {cfg:?}");
        // Chosen by hand, the weight stays whatever the labels.
        let chosen = Chosen {
            options: true,
            ..Chosen::default()
        };
        cfg.labels = None;
        follow_method(&mut cfg, 600, chosen);
        assert_eq!(CLUSTER_COEFF.float(&cfg.options), 1.0);
        // MinCut's temperature follows the labels too; a method without such settings gets
        // none.
        cfg.set_method(Method::MinCut);
        follow_method(&mut cfg, 600, Chosen::default());
        assert_eq!(crate::pool::mincut::TEMPERATURE.float(&cfg.options), 0.1);
        cfg.set_method(Method::DiffPool);
        follow_method(&mut cfg, 600, Chosen::default());
        assert!(cfg.options.is_empty(), "{cfg:?}");
    }

    #[test]
    fn every_unlabelled_default_is_a_value_its_setting_takes() {
        for m in Method::ALL {
            let pooler = m.pooler();
            for (spec, v) in pooler.unlabelled_options() {
                assert!(pooler.options().contains(spec), "{m}: {}", spec.name);
                let value = crate::pool::OptionValue::Float(*v);
                assert_eq!(spec.accepts(&value), Ok(()), "{m}: {}", spec.name);
            }
        }
    }

    #[test]
    fn samples_and_presets_get_settings_that_fit() {
        let karate = for_graph(&sample("karate"));
        assert_eq!(
            (karate.labels.as_deref(), karate.ks),
            (Some("club"), vec![2])
        );
        let football = for_graph(&sample("football"));
        assert_eq!(football.ks, vec![12, 4]);
        let nested = for_graph(&generate("nested:h13-4,seed=1").expect("spec"));
        assert_eq!(nested.ks, vec![16, 4], "one level per nested column");
        assert_eq!(nested.labels.as_deref(), Some("group"));
        let random = for_graph(&generate("random:n=100,m=300,seed=0").expect("spec"));
        assert_eq!((random.labels, random.ks), (None, vec![10, 3]));
        let tiny = for_graph(&generate("random:n=3,m=2,seed=0").expect("spec"));
        assert_eq!(tiny.ks, vec![2]);
    }

    /// A GML ring of `n` nodes with a unique `who` and a `side` of two values.
    fn named_ring(n: usize, with_side: bool) -> Graph {
        let mut text = String::from("graph [\n");
        for i in 0..n {
            let side = if with_side {
                format!(" side \"{}\"", if i < n / 2 { "a" } else { "b" })
            } else {
                String::new()
            };
            text.push_str(&format!("node [ id {i} who \"n{i}\"{side} ]\n"));
        }
        for i in 0..n {
            text.push_str(&format!("edge [ source {i} target {} ]\n", (i + 1) % n));
        }
        text.push(']');
        crate::io::read_bytes(text.as_bytes(), "ring.gml", crate::io::Format::Gml, None)
            .expect("reads")
    }

    #[test]
    fn a_column_that_names_every_node_is_not_taken_for_ground_truth() {
        let g = named_ring(40, true);
        assert!(g.nodes.label("who").is_some(), "read as a label column");
        let d = for_graph(&g);
        assert_eq!(d.labels.as_deref(), Some("side"), "the grouping column");
        assert_eq!(d.ks, vec![2]);
        let d = for_graph(&named_ring(40, false));
        assert_eq!(d.labels, None, "no column groups the nodes");
        assert_eq!(d.ks, vec![6, 2], "K from the size, not 40 names");
    }
}
