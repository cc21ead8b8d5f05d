//! Milliseconds per training epoch:
//! - MinCut, two levels (K = 8 then 2), hidden 32, on a 4,000-node planted SBM with about
//!   30,000 edges, on all cores and on one;
//! - MinCut with K = 32 on an SBM with 100,000 nodes and 1,000,000 edges.
//!
//! Target: a tenth of PyG + torch-geometric-pool's sparse pipeline on the same graphs
//! (`scripts/tgp_epoch_time.py`).

use criterion::{Criterion, criterion_group, criterion_main};
use poolscope::generate::generate;
use poolscope::pool::Method;
use poolscope::train::{Session, Sizes, TrainConfig};
use std::sync::Arc;
use std::time::Duration;

fn session(spec: &str, ks: Vec<usize>) -> Session {
    let g = Arc::new(generate(spec).expect("spec"));
    let cfg = TrainConfig {
        method: Method::MinCut,
        clusters: Sizes::Counts(ks),
        epochs: 1_000_000,
        ..TrainConfig::default()
    };
    Session::new(g, cfg).expect("valid")
}

fn bench(c: &mut Criterion) {
    // As the program does (main.rs): freed matrices are reused, not unmapped.
    poolscope::allocator::keep_freed_memory();
    let mut group = c.benchmark_group("train_epoch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let mut small = session("sbm:n=4000,k=8,din=12,dout=3,seed=0", vec![8, 2]);
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
    let mut big = session("sbm:n=100000,k=32,din=16,dout=4,seed=0", vec![32]);
    group.bench_function("mincut 100k nodes K=32", |b| {
        b.iter(|| big.step().map(|s| s.total))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
