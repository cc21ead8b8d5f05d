//! Milliseconds per training epoch:
//! - MinCut, two levels (K = 8 then 2), hidden 32, on a 4,000-node planted SBM with about
//!   30,000 edges, on all cores and on one;
//! - MinCut with K = 32 on an SBM with 100,000 nodes and 1,000,000 edges;
//! - DMoN as it trains a 15,000-node LFR graph without labels (K = 122 then 40, 61
//!   eigenvectors, cluster weight 0.3): the co-authorship-like graph, 300 epochs of
//!   which were to take under 30 s.
//!
//! Target: a tenth of PyG + torch-geometric-pool's sparse pipeline on the same graphs
//! (`scripts/tgp_epoch_time.py`).

use criterion::{Criterion, criterion_group, criterion_main};
use poolscope::generate::generate;
use poolscope::pool::Method;
use poolscope::train::{Session, Sizes, TrainConfig};
use std::sync::Arc;
use std::time::Duration;

fn session(spec: &str, method: Method, ks: Vec<usize>) -> Session {
    let g = Arc::new(generate(spec).expect("spec"));
    let mut cfg = TrainConfig {
        method,
        clusters: Sizes::Counts(ks),
        epochs: 1_000_000,
        labels: None,
        ..TrainConfig::default()
    };
    // The settings the program gives a graph without labels (DMoN's cluster weight).
    poolscope::train::follow_method(&mut cfg, g.node_count(), Default::default());
    Session::new(g, cfg).expect("valid")
}

fn bench(c: &mut Criterion) {
    // As the program does (main.rs): freed matrices are reused, not unmapped.
    poolscope::allocator::keep_freed_memory();
    let mut group = c.benchmark_group("train_epoch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let mut small = session(
        "sbm:n=4000,k=8,din=12,dout=3,seed=0",
        Method::MinCut,
        vec![8, 2],
    );
    group.bench_function("mincut 4k nodes K=8,2", |b| {
        b.iter(|| small.step().map(|s| s.total))
    });
    // The same on one thread: small products stay on one core, so more threads cost nothing.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    group.bench_function("mincut 4k nodes K=8,2, one thread", |b| {
        b.iter(|| one.install(|| small.step().map(|s| s.total)))
    });
    let mut big = session(
        "sbm:n=100000,k=32,din=16,dout=4,seed=0",
        Method::MinCut,
        vec![32],
    );
    group.bench_function("mincut 100k nodes K=32", |b| {
        b.iter(|| big.step().map(|s| s.total))
    });
    let mut lfr = session(
        "lfr:n=15000,k=12,maxk=150,tau1=2.5,tau2=1.5,mu=0.3,minc=20,maxc=300,seed=0",
        Method::DMoN,
        vec![122, 40],
    );
    group.bench_function("dmon 15k LFR nodes K=122,40 without labels", |b| {
        b.iter(|| lfr.step().map(|s| s.total))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
