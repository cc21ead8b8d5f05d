//! Time for the default multilevel layout to settle (what `poolscope layout` and the window's
//! level 0 run): a 5,000-node LFR graph (128 communities), a 12,000-node / 88,000-edge one
//! (130 communities), a 100,000-node LFR graph (480,000 edges), the 100,000-node / 500,000-edge
//! planted partition of the explorer issue (32 blocks; target 10 s) and one with 1,000,000
//! edges. With `POOLSCOPE_BENCH_MILLION=1`, also the 1,000,000-node / 5,000,000-edge planted
//! partition (target 60 s and 2 GB; ten samples take a quarter of an hour).
//! `scripts/layout_quality.py` times graphology's ForceAtlas2 on the first beside it.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use poolscope::generate::generate;
use poolscope::layout::{LayoutSettings, Multilevel};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("multilevel_layout_to_settle");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, spec) in [
        (
            "lfr_5k",
            "lfr:n=5000,k=10,maxk=50,tau1=2.5,tau2=1.5,mu=0.2,minc=20,maxc=70,seed=0",
        ),
        (
            "lfr_12k",
            "lfr:n=12000,k=15,maxk=80,tau1=2.5,tau2=1.5,mu=0.21,minc=50,maxc=170,seed=0",
        ),
        (
            "lfr_100k",
            "lfr:n=100000,k=10,maxk=50,tau1=2.5,tau2=1.5,mu=0.2,minc=20,maxc=100,seed=0",
        ),
        ("sbm_100k_500k", "sbm:n=100000,k=32,din=8,dout=2,seed=0"),
        ("sbm_100k", "sbm:n=100000,k=32,din=16,dout=4,seed=0"),
        ("sbm_1m_5m", "sbm:n=1000000,k=100,din=8,dout=2,seed=0"),
    ] {
        if name == "sbm_1m_5m" && std::env::var_os("POOLSCOPE_BENCH_MILLION").is_none() {
            continue;
        }
        let g = generate(spec).expect("spec");
        let a = g.symmetric().into_owned();
        if name.contains("100k") || name.contains("1m") {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(60));
        }
        group.bench_with_input(BenchmarkId::from_parameter(name), &a, |b, a| {
            b.iter(|| Multilevel::new(a.clone(), None, LayoutSettings::default()).run())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
