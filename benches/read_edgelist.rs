//! Reading a 1,000,000-edge edge list into a Graph, and `info`'s summary of it (target: at
//! most 0.3 s for both on this machine's two cores).
//!
//! The file is written once to the temp folder (an SBM with 100,000 nodes) so that
//! `scripts/compare_readers.py` can time networkx and igraph on the very same bytes.

use criterion::{Criterion, criterion_group, criterion_main};
use poolscope::generate::generate;
use poolscope::graph::GraphSummary;
use poolscope::io::{Format, read_bytes, write};
use std::time::Duration;

fn million_edge_list() -> Vec<u8> {
    let path = std::env::temp_dir().join("poolscope-bench-1m.txt");
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    // 100,000 nodes, expected degree 20: about 1,000,000 edges.
    let g = generate("sbm:n=100000,k=100,din=16,dout=4,seed=0").expect("valid spec");
    let text = write::edge_list(&g);
    let _ = std::fs::write(&path, &text);
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = million_edge_list();
    let edges = bytes.iter().filter(|&&b| b == b'\n').count() - 1;
    eprintln!("edge list: {} bytes, {edges} edges", bytes.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut group = c.benchmark_group("read_edgelist");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    let read = || read_bytes(&bytes, "bench.csv", Format::EdgeList, None).expect("reads");
    group.bench_function("1M edges, one thread", |b| {
        b.iter(|| pool.install(|| read().edge_count()))
    });
    group.bench_function("1M edges, all cores", |b| b.iter(|| read().edge_count()));
    let g = read();
    group.bench_function("summary of 1M edges, all cores", |b| {
        b.iter(|| GraphSummary::of(&g).structure.clustering)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
