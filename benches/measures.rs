//! Time for the node table's measures (degree, PageRank, betweenness, k-core, clustering) on
//! the explorer issue's graphs: a 12,000-node LFR graph (co-authorship-like; betweenness
//! sampled), the 100,000-node / 500,000-edge planted partition, and betweenness alone on
//! football (exact, every source). `scripts/measures_networkx.py` times networkx on the same.
//! And the node table's search over a million rows.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use poolscope::generate::generate;
use poolscope::graph::Measures;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("node_measures");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for (name, spec) in [
        ("football", "football"),
        (
            "lfr_12k",
            "lfr:n=12000,k=15,maxk=80,tau1=2.5,tau2=1.5,mu=0.21,minc=50,maxc=170,seed=0",
        ),
        ("sbm_100k_500k", "sbm:n=100000,k=32,din=8,dout=2,seed=0"),
    ] {
        let g = if name == "football" {
            poolscope::samples::graph("football").expect("sample")
        } else {
            generate(spec).expect("spec")
        };
        group.bench_with_input(BenchmarkId::from_parameter(name), &g, |b, g| {
            b.iter(|| Measures::of(g))
        });
    }
    group.finish();
}

/// The node table's search over a million rows (one keystroke): in place, against
/// lower-casing a copy of every cell as the first version did.
fn search(c: &mut Criterion) {
    let g = generate("sbm:n=1000000,k=64,din=3,dout=1,seed=0").expect("spec");
    let rows = poolscope::export::NodeRows::new(&g, None);
    let all: Vec<u32> = (0..g.node_count() as u32).collect();
    let mut group = c.benchmark_group("node_table_search_1m");
    group.sample_size(10);
    group.bench_function("in_place", |b| {
        b.iter(|| rows.matching(all.clone(), "4321"))
    });
    // The first version: every id and label copied and lower-cased, on one thread.
    let nodes = &g.nodes;
    let has = |s: &str| s.to_lowercase().contains("4321");
    group.bench_function("lowercase_copies", |b| {
        b.iter(|| {
            all.iter()
                .filter(|&&r| {
                    let r = r as usize;
                    has(&nodes.ids[r])
                        || nodes.labels.iter().any(|col| {
                            has(&col.codes[r]
                                .and_then(|i| col.classes.get(i as usize).cloned())
                                .unwrap_or_default())
                        })
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, search);
criterion_main!(benches);
