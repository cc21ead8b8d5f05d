//! The window's image of a big level (edges and nodes drawn on the CPU, on the canvas' worker
//! thread): 100,000 nodes and 500,000 edges laid out briefly, at 1200 x 800 pixels. The frame
//! never waits for it; this is how stale the picture gets while the layout moves.

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui::{Color32, Rect, Vec2, pos2, vec2};
use poolscope::app::{CanvasScene, NodeInk, Transform, rasterise};
use poolscope::generate::random_graph;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let n = 100_000;
    let g = random_graph(n, 5 * n, 0);
    let settings = poolscope::layout::LayoutSettings {
        max_iterations: 30,
        ..Default::default()
    };
    let positions = poolscope::layout::lay_out_levels(&g, None, &settings).remove(0);
    let edges: Vec<(u32, u32, f32)> = g.edges().filter(|e| e.0 < e.1).collect();
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1200.0, 800.0));
    let palette = [
        Color32::from_rgb(70, 130, 180),
        Color32::from_rgb(230, 120, 40),
    ];
    let scene = CanvasScene {
        size: [1200, 800],
        ppp: 1.0,
        origin: rect.min,
        t: Transform::fit(rect, &positions, 1.0, Vec2::ZERO),
        radii: vec![3.0; n],
        edges,
        focus: None,
        filtered: None,
        arrows: false,
        edge_opacity: 1.0,
        edge_alpha: 1.0,
        plain: Color32::LIGHT_GRAY,
        bright: Color32::WHITE,
        nodes: Some(NodeInk {
            colours: (0..n).map(|i| palette[i % 2]).collect(),
            rings: Vec::new(),
        }),
        positions,
    };
    let mut group = c.benchmark_group("level_image");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("100k nodes 500k edges, 1200x800", |b| {
        b.iter(|| rasterise(&scene).0.size)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
