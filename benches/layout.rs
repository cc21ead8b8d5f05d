//! ForceAtlas2 milliseconds per iteration on random graphs with 5 edges per node at 1,000,
//! 10,000 and 100,000 nodes, after 20 warm-up iterations (targets with 2 threads: 2, 20 and
//! 300 ms). `scripts/fa2_compare.sh` runs graphology's ForceAtlas2 on the same graphs.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use poolscope::generate::random_graph;
use poolscope::layout::ForceAtlas2;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("forceatlas2_iteration");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in [1_000usize, 10_000, 100_000] {
        let g = random_graph(n, 5 * n, 0);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 0);
        fa.run(20, None);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| fa.step())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
