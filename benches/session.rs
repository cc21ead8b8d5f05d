//! Saving and reopening a trained 20,000-node session with its replay (DMoN, K = 16 then 4,
//! 300 epochs kept in the window's timeline at its default cap), as the window writes it
//! (settings, then binary arrays) and as one JSON text (what sessions were before). Before the
//! timings it prints each form's size and how far reading it raised the process's peak memory.

use criterion::{Criterion, criterion_group, criterion_main};
use poolscope::export::{
    GraphSource, SavedSession, ViewSettings, session_from_bytes, session_to_bytes, session_to_json,
};
use poolscope::generate::generate;
use poolscope::pool::Method;
use poolscope::train::{Session, Sizes, Timeline, TrainConfig};
use std::sync::Arc;
use std::time::Duration;

const SPEC: &str = "sbm:n=20000,k=16,din=10,dout=2,seed=0";

mod support;
use support::counting::peak_of;

fn trained() -> SavedSession {
    let g = Arc::new(generate(SPEC).expect("spec"));
    let cfg = TrainConfig {
        method: Method::DMoN,
        clusters: Sizes::Counts(vec![16, 4]),
        epochs: 300,
        ..TrainConfig::default()
    };
    let mut s = Session::new(g.clone(), cfg.clone()).expect("valid");
    let mut timeline = Timeline::default();
    while !s.is_done() {
        let e = s.step().expect("trains").epoch;
        timeline.push(e, Arc::new(s.hierarchy()));
    }
    let h = s.hierarchy();
    let positions = h
        .levels
        .iter()
        .map(|l| (0..l.node_count).map(|i| [i as f32, 0.5]).collect())
        .collect();
    SavedSession {
        graph: GraphSource::Named {
            name: SPEC.into(),
            index: 0,
        },
        unweighted: false,
        keep_ids: false,
        config: cfg,
        ks: vec![16, 4],
        weights: Some(s.weights().clone()),
        hierarchy: Some(Arc::new(h)),
        positions: Some(positions),
        view: ViewSettings::default(),
        layout: Default::default(),
        timeline: timeline
            .snapshots()
            .iter()
            .map(|x| (x.epoch, x.hierarchy.clone()))
            .collect(),
        history: s.history.clone(),
        metric_history: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let s = trained();
    let binary = session_to_bytes(&s).expect("bytes");
    let text = session_to_json(&s).expect("json").to_string();
    let load = |src: &GraphSource| src.load();
    // Reading a file costs its bytes too (the window reads it whole before parsing).
    let binary_peak = peak_of(|| session_from_bytes(&binary.clone(), load).expect("reads"));
    let text_peak = peak_of(|| session_from_bytes(text.clone().as_bytes(), load).expect("reads"));
    eprintln!(
        "session of {SPEC}, {} snapshots: binary {:.1} MB, read with a peak of {:.0} MB; \
         text {:.1} MB, read with a peak of {:.0} MB",
        s.timeline.len(),
        binary.len() as f64 / 1e6,
        binary_peak,
        text.len() as f64 / 1e6,
        text_peak,
    );
    let mut group = c.benchmark_group("session_20k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("write_binary", |b| {
        b.iter(|| session_to_bytes(&s).map(|v| v.len()))
    });
    group.bench_function("read_binary", |b| {
        b.iter(|| session_from_bytes(&binary, load).map(|o| o.index))
    });
    group.bench_function("write_text", |b| {
        b.iter(|| session_to_json(&s).map(|v| v.to_string().len()))
    });
    group.bench_function("read_text", |b| {
        b.iter(|| session_from_bytes(text.as_bytes(), load).map(|o| o.index))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
