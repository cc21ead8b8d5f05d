//! `render`'s drawing cost without the layout: a Graclus hierarchy of random graphs with 5
//! edges per node at 10,000 and 100,000 nodes (three levels), positions from a short warm
//! start, then the scene, the SVG text and the PNG (CPU rasteriser, 1600 x 600).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use poolscope::generate::random_graph;
use poolscope::render::{ColourMode, Scene, to_png, to_svg};
use poolscope::train::{Session, Sizes, TrainConfig};
use std::sync::Arc;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in [10_000usize, 100_000] {
        let g = random_graph(n, 5 * n, 0);
        let cfg = TrainConfig {
            method: poolscope::pool::Method::Graclus,
            clusters: Sizes::Counts(vec![n / 200, n / 2000]),
            features: "degree".parse().expect("feature kind"),
            ..TrainConfig::default()
        };
        let h = Session::new(Arc::new(g.clone()), cfg)
            .and_then(|mut s| s.run(|_| {}))
            .expect("coarsens");
        let settings = poolscope::layout::LayoutSettings {
            max_iterations: 30,
            ..Default::default()
        };
        let positions = poolscope::layout::lay_out_levels(&g, Some(&h), &settings);
        let build = || {
            Scene::build(
                &g,
                Some(&h),
                &positions,
                &ColourMode::NextCluster,
                1600,
                600,
            )
            .expect("scene")
        };
        group.bench_with_input(BenchmarkId::new("svg", n), &n, |b, _| {
            b.iter(|| to_svg(&build()).len())
        });
        group.bench_with_input(BenchmarkId::new("png", n), &n, |b, _| {
            b.iter(|| to_png(&build()).expect("png").len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
