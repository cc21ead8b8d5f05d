//! The clustering defaults (method and K given only) across seeds: restarts ranked by
//! modularity keep DMoN and MinCut from the bad starts a single run sometimes has.

use poolscope::graph::Graph;
use poolscope::pool::Method;
use poolscope::train::restarts::{self, Outcome};
use poolscope::train::{
    FeatureKind, Session, Sizes, TrainCommand, TrainConfig, TrainEvent, Trainer,
};
use std::sync::Arc;
use std::time::Duration;

fn sample(name: &str) -> Arc<Graph> {
    match poolscope::samples::find(name).map(|s| s.load()) {
        Some(Ok(poolscope::io::Loaded::Graph(g))) => Arc::new(g),
        _ => panic!("sample {name}"),
    }
}

/// What `poolscope train GRAPH --method M --seed S` runs: the graph's own K and label
/// column, the method's default features, restarts on.
fn defaults(g: &Graph, method: Method, seed: u64) -> TrainConfig {
    let d = poolscope::train::defaults_for(g);
    TrainConfig {
        method,
        seed,
        clusters: Sizes::Counts(d.ks),
        labels: d.labels,
        features: poolscope::train::features_for(method, g.node_count()),
        ..TrainConfig::default()
    }
}

fn train(g: &Arc<Graph>, cfg: &TrainConfig) -> Outcome {
    let c = restarts::candidates(cfg, g.node_count());
    let mut s = Session::new(g.clone(), c[0].clone()).expect("valid");
    let h = s.run(|_| {}).expect("trains");
    let (best, cfg, _) =
        restarts::keep_best(g, &c, Outcome::new(s, h), |_| {}, &|| false).expect("trains");
    assert_eq!(
        best.session.cfg, cfg,
        "the settings said are the kept run's"
    );
    best
}

#[test]
fn the_worst_of_seeds_0_to_4_finds_football_s_conferences_and_karate_s_clubs() {
    for (graph, floor) in [("football", 0.85), ("karate", 0.6)] {
        let g = sample(graph);
        for method in [Method::DMoN, Method::MinCut] {
            let worst = (0..5)
                .map(|seed| {
                    let best = train(&g, &defaults(&g, method, seed));
                    best.hierarchy.levels[0].metrics.nmi.unwrap_or(0.0)
                })
                .fold(f64::INFINITY, f64::min);
            assert!(worst >= floor, "{graph} {method}: worst NMI {worst:.3}");
        }
    }
}

#[test]
fn the_kept_run_is_at_least_as_good_as_spectral_or_identity_features_alone() {
    // polbooks, K = 3: spectral features alone reach modularity 0.455 with seed 0.
    let g = sample("polbooks");
    for seed in [0, 1] {
        let cfg = defaults(&g, Method::DMoN, seed);
        let best = train(&g, &cfg);
        for kind in [FeatureKind::Spectral, FeatureKind::Identity] {
            let single = TrainConfig {
                features: kind,
                restarts: false,
                ..cfg.clone()
            };
            let mut s = Session::new(g.clone(), single).expect("valid");
            let h = s.run(|_| {}).expect("trains");
            assert!(
                best.score >= restarts::score(&h) - 1e-9,
                "seed {seed}: kept {:.3} < {kind:?} alone {:.3}",
                best.score,
                restarts::score(&h)
            );
        }
        // What is kept is trained as its settings say: retraining them alone gives it again.
        let mut again = Session::new(g.clone(), best.session.cfg.clone()).expect("valid");
        let h = again.run(|_| {}).expect("trains");
        assert!((restarts::score(&h) - best.score).abs() < 1e-9);
    }
}

#[test]
fn features_chosen_by_hand_train_once_so_the_known_collapse_stays_visible() {
    let g = sample("football");
    let mut cfg = defaults(&g, Method::MinCut, 0);
    cfg.features = FeatureKind::Identity;
    cfg.restarts = false;
    assert_eq!(restarts::candidates(&cfg, g.node_count()).len(), 1);
    let best = train(&g, &cfg);
    assert!(
        best.hierarchy.levels[0].metrics.clusters_used <= 2,
        "MinCut with identity features on football collapses"
    );
    // Big graphs, other methods and other tasks train once too.
    let mut other = defaults(&g, Method::DiffPool, 0);
    assert_eq!(restarts::candidates(&other, g.node_count()).len(), 1);
    other.method = Method::DMoN;
    assert_eq!(restarts::candidates(&other, 5_000).len(), 1);
    assert_eq!(restarts::candidates(&other, g.node_count()).len(), 6);
}

#[test]
fn the_window_s_trainer_runs_the_restarts_and_says_which_is_shown() {
    let g = sample("polbooks");
    let cfg = defaults(&g, Method::DMoN, 0);
    let t = Trainer::start(g, cfg, 7, Arc::new(|| {}));
    let mut restarting = 0;
    let finished = loop {
        match t.recv_timeout(Duration::from_secs(60)).expect("an event") {
            TrainEvent::Restarting { restart, of, .. } => {
                assert_eq!(of, 6);
                restarting = restart;
            }
            e @ TrainEvent::Finished { .. } => break e,
            TrainEvent::Failed { message, .. } => panic!("{message}"),
            _ => {}
        }
    };
    assert_eq!(restarting, 6, "every restart was announced");
    let TrainEvent::Finished {
        hierarchy,
        restarts: Some(r),
        ..
    } = finished
    else {
        panic!("restarts ran")
    };
    // The run sent as finished is the one watched: seed 0's spectral run, 0.455.
    let watched = restarts::score(&hierarchy);
    assert!((watched - r.watched_score).abs() < 1e-12);
    assert!(watched < 0.47, "{watched}");
    // The better restart comes beside it, whole, to be shown only if asked.
    let better = r.better.expect("a restart scored higher");
    assert_eq!(r.of, 6);
    assert!(better.score > 0.48, "{}", better.score);
    assert!(better.why.contains("against") && better.why.contains("modularity"));
    assert!(
        !better.config.restarts,
        "the restart's settings retrain alone"
    );
    assert!((restarts::score(&better.hierarchy) - better.score).abs() < 1e-12);
    let (last_epoch, last) = better.snapshots.last().expect("its snapshots");
    assert_eq!(*last_epoch, better.config.epochs);
    assert!((restarts::score(last) - better.score).abs() < 1e-12);
    assert_eq!(better.snapshots[0].0, 0, "from its untrained start");
    assert_eq!(better.history.len(), better.config.epochs);
    t.send(TrainCommand::Cancel);
}
