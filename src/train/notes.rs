//! Plain words for when a run gave other cluster counts than were asked for: Graclus pairs
//! nodes by matching, so each round about halves the graph and the count lands where the
//! halving stops; a selection keeps what its ratio rounds to. Said in the window's level
//! titles and by `train`, so nobody wonders where 7 clusters went.

use super::{Sizes, TrainConfig};
use crate::diagnostics::Diagnostic;
use crate::hierarchy::Hierarchy;
use crate::pool::{Counts, Keeps, Method};

/// The clusters level `l` of `n` nodes was asked to pool into.
fn requested(sizes: &Sizes, l: usize, n: usize) -> Option<usize> {
    match sizes {
        Sizes::Counts(k) => k.get(l).copied(),
        Sizes::Ratios(r) => r
            .get(l)
            .map(|r| ((f64::from(*r) * n as f64).ceil() as usize).max(1)),
    }
}

/// Why a level of `n` nodes got `got` clusters where `asked` were asked for: the method's own
/// reason when it has one, else what its kind of count explains.
fn note(method: Method, asked: usize, got: usize, n: usize) -> String {
    let pooler = method.pooler();
    if pooler.counts() == Counts::Own {
        if let Some(m) = pooler.count_note(asked, got, n) {
            return m;
        }
    } else if pooler.counts() == Counts::AtMost && asked >= n {
        return format!(
            "asked for {asked} clusters of {n} nodes: nothing to merge, each node is its own"
        );
    }
    pooler
        .count_note(asked, got, n)
        .unwrap_or_else(|| match pooler.keeps() {
            Keeps::Selected => format!("kept {got} of {n} nodes where {asked} were asked for"),
            _ => format!("{got} clusters where {asked} were asked for"),
        })
}

/// Connected components of an adjacency (direction ignored).
fn components(a: &crate::graph::Csr) -> usize {
    let n = a.node_count();
    let mut uf = petgraph::unionfind::UnionFind::<u32>::new(n);
    for (u, v, _) in a.iter() {
        uf.union(u, v);
    }
    (0..n as u32).filter(|&i| uf.find(i) == i).count()
}

/// One note per level whose pooled size differs from the request.
pub fn count_notes(cfg: &TrainConfig, h: &Hierarchy) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for l in 0..h.depth().saturating_sub(1) {
        let n = h.levels[l].node_count;
        let got = h.levels[l + 1].node_count;
        let Some(asked) = requested(&cfg.clusters, l, n) else {
            continue;
        };
        if asked == got {
            continue;
        }
        // A method that merges only along edges cannot go below the graph's components: say
        // so, rather than blame its rounds (netscience: 396 components, 39 asked for). Not
        // for one that chooses its own count above them (Louvain's 105 communities on a graph
        // of 90 components are its choice, not the components').
        let own = cfg.method.pooler().counts() == Counts::Own;
        let components = (got > asked && !cfg.method.is_soft())
            .then(|| components(&h.levels[l].adjacency))
            .filter(|&c| c > asked && c <= got && (!own || c == got));
        let message = match components {
            Some(c) => format!(
                "asked for {asked} clusters, got {got}: the graph has {c} connected components \
                 and {} merges only along edges, so each component keeps at least one cluster",
                cfg.method
            ),
            None => note(cfg.method, asked, got, n),
        };
        out.push(Diagnostic {
            level: l,
            kind: "cluster count",
            message,
        });
    }
    out
}

/// Below this share of Louvain's modularity a learned first level gets its method's advice
/// (the explorer's bar: 90%).
pub const REFERENCE_SHARE: f64 = 0.9;

/// The method's advice when level 1 of a trained hierarchy reaches less than
/// [`REFERENCE_SHARE`] of `louvain`, Louvain's modularity on the same graph, with the figures.
pub fn reference_notes(cfg: &TrainConfig, h: &Hierarchy, louvain: f64) -> Vec<Diagnostic> {
    let Some(q) = h
        .levels
        .first()
        .filter(|l| l.assignment.is_some())
        .map(|l| l.metrics.modularity)
    else {
        return Vec::new();
    };
    if louvain <= 0.0 || q >= REFERENCE_SHARE * louvain {
        return Vec::new();
    }
    let Some(advice) = cfg.method.pooler().below_reference_note(&cfg.options) else {
        return Vec::new();
    };
    vec![Diagnostic {
        level: 0,
        kind: "below reference",
        message: format!(
            "level 1 reached modularity {q:.3}, {:.0}% of Louvain's {louvain:.3}: {advice}",
            100.0 * q / louvain
        ),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `method` trained on `g` into `ks` clusters for `epochs` epochs: its settings and result.
    fn trained(
        g: &crate::graph::Graph,
        method: Method,
        ks: &[usize],
        epochs: usize,
    ) -> (TrainConfig, Hierarchy) {
        let cfg = TrainConfig {
            method,
            clusters: Sizes::Counts(ks.to_vec()),
            epochs,
            ..TrainConfig::default()
        };
        let mut s = crate::train::Session::new(std::sync::Arc::new(g.clone()), cfg.clone())
            .expect("session");
        let h = s.run(|_| {}).expect("runs");
        (cfg, h)
    }

    #[test]
    fn louvain_s_own_count_is_not_blamed_on_the_components() {
        // 2,000 nodes in 16 sparse blocks: more than 16 components, and Louvain finds more
        // communities than components (it said "each component keeps at least one cluster").
        let g = crate::generate::generate("sbm:n=2000,k=16,din=3,dout=1,seed=3").expect("spec");
        let (cfg, h) = trained(&g, Method::Louvain, &[4, 2], 1);
        let c = components(&h.levels[0].adjacency);
        let got = h.levels[1].node_count;
        assert!(c > 4 && c < got, "{c} components, {got} communities");
        let notes = count_notes(&cfg, &h);
        assert!(!notes.is_empty());
        for n in &notes {
            assert!(n.message.starts_with("Louvain found"), "{}", n.message);
        }
    }

    #[test]
    fn graclus_says_why_it_gave_fewer_clusters() {
        let g = crate::samples::find("football")
            .expect("sample")
            .load()
            .expect("loads");
        let g = g.first_graph().expect("graph").clone();
        let cfg = TrainConfig {
            method: Method::Graclus,
            clusters: Sizes::Counts(vec![51]),
            epochs: 1,
            ..TrainConfig::default()
        };
        let run = |cfg: &TrainConfig| {
            let mut s = crate::train::Session::new(std::sync::Arc::new(g.clone()), cfg.clone())
                .expect("session");
            s.run(|_| {}).expect("runs")
        };
        let h = run(&cfg);
        let got = h.levels[1].node_count;
        assert!(got <= 51, "{got}");
        let notes = count_notes(&cfg, &h);
        if got == 51 {
            assert!(notes.is_empty());
        } else {
            assert_eq!(notes.len(), 1);
            assert!(
                notes[0]
                    .message
                    .starts_with(&format!("asked for 51 clusters, matching gave {got}")),
                "{}",
                notes[0].message
            );
        }
        // A soft method gives what it was asked for: no note.
        let dmon = TrainConfig {
            clusters: Sizes::Counts(vec![12]),
            epochs: 2,
            ..TrainConfig::default()
        };
        let h = run(&dmon);
        assert!(count_notes(&dmon, &h).is_empty());
    }

    #[test]
    fn a_graph_of_many_components_is_named_as_the_cause() {
        // 30 separate triangles: matching can never go below 30 clusters.
        let mut edges = Vec::new();
        for t in 0..30u32 {
            let b = 3 * t;
            edges.extend([(b, b + 1, 1.0), (b + 1, b + 2, 1.0), (b, b + 2, 1.0)]);
        }
        let g = crate::graph::Graph::from_edges(90, &edges);
        let (cfg, h) = trained(&g, Method::Graclus, &[5], 1);
        let notes = count_notes(&cfg, &h);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].message.contains(
                "the graph has 30 connected components and graclus merges only along edges"
            ),
            "{}",
            notes[0].message
        );
    }

    #[test]
    fn a_level_below_louvain_gets_the_method_s_advice_with_the_figures() {
        let g = crate::samples::graph("karate").expect("sample");
        let (mut cfg, h) = trained(&g, Method::DMoN, &[2], 5);
        let q = h.levels[0].metrics.modularity;
        assert!(q > 0.0, "{q}");
        // Louvain far above: DMoN's advice, with the level's figure and the share.
        let notes = reference_notes(&cfg, &h, 2.0 * q);
        assert_eq!(notes.len(), 1);
        let m = &notes[0].message;
        assert!(m.contains(&format!("{q:.3}")) && m.contains("50%"), "{m}");
        assert!(m.contains("cluster_loss_coeff=0.3"), "{m}");
        // Within 90% of Louvain: nothing to say.
        assert!(reference_notes(&cfg, &h, q / 0.95).is_empty());
        // The weight already lowered: no advice to repeat.
        cfg.options
            .set_text(
                crate::pool::Method::DMoN.pooler().options(),
                "cluster_loss_coeff=0.3",
            )
            .expect("option");
        assert!(reference_notes(&cfg, &h, 2.0 * q).is_empty());
        // A method without advice says nothing more than the reference line.
        cfg.method = Method::Graclus;
        cfg.options = Default::default();
        assert!(reference_notes(&cfg, &h, 2.0 * q).is_empty());
    }
}
