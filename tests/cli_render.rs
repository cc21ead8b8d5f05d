//! `render`: the levels as SVG and PNG with no display, checked by parsing what was written.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::process::Command;

fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str) -> poolscope::io::scratch::Scratch {
    poolscope::io::scratch::Scratch::file(&format!("render-{name}"))
}

/// Circles per `<g class="level" id="level-L">`, by parsing the SVG as XML.
fn circles_per_level(svg: &str) -> HashMap<usize, usize> {
    let mut reader = Reader::from_str(svg);
    let mut level = None;
    let mut counts = HashMap::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"g" => {
                if let Some(id) = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"id")
                    .and_then(|a| {
                        String::from_utf8_lossy(&a.value)
                            .strip_prefix("level-")
                            .and_then(|l| l.parse().ok())
                    })
                {
                    level = Some(id);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"circle" => {
                *counts
                    .entry(level.expect("circles sit inside a level"))
                    .or_insert(0) += 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    counts
}

#[test]
fn svg_has_one_circle_per_node_per_level() {
    let out = temp("football.svg");
    let (ok, err) = run(&[
        "render",
        "football",
        "--clusters",
        "12,3",
        "--epochs",
        "40",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    let counts = circles_per_level(&svg);
    assert_eq!(counts.get(&0), Some(&115));
    assert_eq!(counts.get(&1), Some(&12));
    assert_eq!(counts.get(&2), Some(&3));
    assert_eq!(counts.len(), 3);
    assert!(svg.contains("Level 1 · 12 nodes"));
}

#[test]
fn png_decodes_at_the_requested_size_and_is_not_blank() {
    let out = temp("karate.png");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--clusters",
        "2",
        "--epochs",
        "30",
        "--width",
        "900",
        "--height",
        "400",
        "--colour-by",
        "club",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&out).expect("written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("decodes");
    assert_eq!((info.width, info.height), (900, 400));
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let pixels: Vec<[u8; 4]> = buf[..info.buffer_size()]
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    // Not blank: many colours, and both club colours (blue and orange, the orange darkened for
    // the white background: (193, 133, 0) where the window's dark canvas has (230, 159, 0))
    // fill node discs.
    let distinct: std::collections::HashSet<[u8; 4]> = pixels.iter().copied().collect();
    assert!(distinct.len() > 50, "{} colours", distinct.len());
    let near = |p: &[u8; 4], c: [u8; 3]| (0..3).all(|k| p[k].abs_diff(c[k]) < 6);
    let blue = pixels.iter().filter(|p| near(p, [0, 114, 178])).count();
    let orange = pixels.iter().filter(|p| near(p, [193, 133, 0])).count();
    let pale = pixels.iter().filter(|p| near(p, [230, 159, 0])).count();
    assert!(blue > 200 && orange > 200, "blue {blue}, orange {orange}");
    assert_eq!(pale, 0, "the dark canvas's orange is not used on white");
}

#[test]
fn renders_a_saved_hierarchy_and_imported_assignments() {
    let h = temp("h.json");
    let (ok, err) = run(&[
        "train",
        "karate",
        "--clusters",
        "4",
        "--epochs",
        "20",
        "--out",
        &h.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let svg = temp("from-h.svg");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--hierarchy",
        &h.to_string_lossy(),
        "--out",
        &svg.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let counts = circles_per_level(&std::fs::read_to_string(&svg).expect("written"));
    assert_eq!((counts[&0], counts[&1]), (34, 4));

    // Two clusters by parity of the node index, as a CSV.
    let s = temp("S.csv");
    let rows: String = (0..34)
        .map(|i| if i % 2 == 0 { "1,0\n" } else { "0,1\n" })
        .collect();
    std::fs::write(&s, rows).expect("write");
    let svg = temp("from-s.svg");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--assign",
        &s.to_string_lossy(),
        "--out",
        &svg.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let counts = circles_per_level(&std::fs::read_to_string(&svg).expect("written"));
    assert_eq!((counts[&0], counts[&1]), (34, 2));
}

#[test]
fn render_errors_are_clear() {
    let out = temp("x.svg");
    let o = out.to_string_lossy().to_string();
    let cases: [(&[&str], &str); 5] = [
        (
            &["render", "karate", "--out", "x.bmp"],
            "expected a .svg or .png",
        ),
        (
            &[
                "render",
                "karate",
                "--no-train",
                "--width",
                "10",
                "--out",
                &o,
            ],
            "expected each side from 64",
        ),
        (
            &[
                "render",
                "karate",
                "--no-train",
                "--colour-by",
                "nope",
                "--out",
                &o,
            ],
            "cannot colour by `nope`",
        ),
        (
            &[
                "render",
                "karate",
                "--hierarchy",
                "/nonexistent/h.json",
                "--out",
                &o,
            ],
            "/nonexistent/h.json: cannot open",
        ),
        (&["render", "MUTAG", "--out", &o], "data set"),
    ];
    for (args, want) in cases {
        let (ok, err) = run(args);
        assert!(!ok, "{args:?} should fail");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn slides_and_animations_come_out_at_the_size_asked_for() {
    // A 1920x1080 slide.
    let png = temp("slide.png");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--epochs",
        "20",
        "--width",
        "1920",
        "--height",
        "1080",
        "--out",
        png.to_str().expect("path"),
    ]);
    assert!(ok, "{err}");
    let bytes = std::fs::read(&png).expect("written");
    let size = |b: &[u8], at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    assert_eq!(
        (size(&bytes, 16), size(&bytes, 20)),
        (1920, 1080),
        "IHDR width and height"
    );
    let gif_frames = |path: &std::path::Path| {
        let file = std::fs::File::open(path).expect("gif");
        let mut d = gif::DecodeOptions::new()
            .read_info(std::io::BufReader::new(file))
            .expect("a GIF");
        let dims = (d.width(), d.height());
        let mut frames = 0;
        while d.read_next_frame().expect("frame").is_some() {
            frames += 1;
        }
        (dims, frames)
    };
    // The training replay: one frame per snapshot, at most --frames.
    let train = temp("train.gif");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--epochs",
        "30",
        "--animate",
        "training",
        "--frames",
        "7",
        "--width",
        "400",
        "--height",
        "200",
        "--out",
        train.to_str().expect("path"),
    ]);
    assert!(ok, "{err}");
    let (dims, frames) = gif_frames(&train);
    assert_eq!(dims, (400, 200));
    assert!((5..=8).contains(&frames), "{frames} frames");
    // The merge: level 0 into 1 (one pooling level), 6 frames and a short hold.
    let merge = temp("merge.gif");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--epochs",
        "20",
        "--animate",
        "merge",
        "--frames-per-level",
        "6",
        "--width",
        "300",
        "--height",
        "160",
        "--out",
        merge.to_str().expect("path"),
    ]);
    assert!(ok, "{err}");
    assert_eq!(gif_frames(&merge), ((300, 160), 6 + 1));
    // A .gif without --animate, or an animation into a .png, says what is wrong.
    let (ok, err) = run(&["render", "karate", "--out", "x.gif"]);
    assert!(!ok && err.contains("--animate"), "{err}");
    let (ok, err) = run(&["render", "karate", "--animate", "merge", "--out", "x.png"]);
    assert!(!ok && err.contains(".gif"), "{err}");
    for p in [png, train, merge] {
        let _ = std::fs::remove_file(p);
    }
}

fn decode(path: &std::path::Path) -> (png::Info<'static>, Vec<[u8; 4]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buf).expect("decodes");
    let pixels = buf[..frame.buffer_size()]
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    (reader.info().clone(), pixels)
}

#[test]
fn a_publication_png_has_its_scale_dpi_background_and_one_level() {
    let out = temp("figure.png");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--clusters",
        "2",
        "--epochs",
        "20",
        "--width",
        "500",
        "--height",
        "300",
        "--dpi",
        "300",
        "--background",
        "transparent",
        "--level",
        "0",
        "--no-legend",
        "--colour-by",
        "club",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains("level 0, 1563 x 938 pixels at 300 DPI"),
        "{err}"
    );
    let (info, pixels) = decode(&out);
    assert_eq!((info.width, info.height), (1563, 938));
    let dims = info.pixel_dims.expect("a pHYs chunk");
    assert_eq!(dims.unit, png::Unit::Meter);
    assert_eq!(dims.xppu, (300.0f32 / 0.0254).round() as u32);
    // Transparent around the panel and in it; only edges, nodes and text are drawn.
    assert_eq!(pixels[0][3], 0);
    let clear = pixels.iter().filter(|p| p[3] == 0).count();
    assert!(
        clear > pixels.len() / 2,
        "{clear} of {} clear",
        pixels.len()
    );
    // Nodes keep their colours (straight alpha, not premultiplied).
    let near = |p: &[u8; 4], c: [u8; 3]| p[3] == 255 && (0..3).all(|k| p[k].abs_diff(c[k]) < 6);
    assert!(pixels.iter().filter(|p| near(p, [0, 114, 178])).count() > 1000);
    // Dark and a bad scale.
    let svg = temp("figure.svg");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--no-train",
        "--background",
        "dark",
        "--size-by",
        "degree",
        "--out",
        &svg.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&svg).expect("written");
    assert!(text.contains(r##"class="background" width="100%" height="100%" fill="#18181c""##));
    assert!(text.contains("<text"), "titles stay text");
    let radii: std::collections::HashSet<String> = text
        .split(" r=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or("").to_string())
        .collect();
    assert!(radii.len() > 3, "sized by degree: {radii:?}");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--no-train",
        "--scale",
        "20",
        "--out",
        "x.png",
    ]);
    assert!(!ok && err.contains("--scale 20"), "{err}");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--no-train",
        "--level",
        "3",
        "--out",
        "x.png",
    ]);
    assert!(
        !ok && err.contains("level 3: the hierarchy has levels 0 to 0"),
        "{err}"
    );
    let (ok, err) = run(&[
        "render",
        "karate",
        "--no-train",
        "--background",
        "blue",
        "--out",
        "x.png",
    ]);
    assert!(
        !ok && err.contains("expected white, transparent or dark"),
        "{err}"
    );
}

#[test]
fn a_gallery_draws_one_row_per_method_over_one_layout() {
    let out = temp("gallery.svg");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--methods",
        "dmon,nmf,graclus",
        "--clusters",
        "2",
        "--epochs",
        "30",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("wrote") && err.contains("3 methods"), "{err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    for m in ["dmon", "nmf", "graclus"] {
        assert!(svg.contains(&format!("id=\"{m}-level-0\"")), "{m}'s row");
        assert!(
            svg.contains(&format!("{m} · Level 0 · 34 nodes")),
            "{m}'s title"
        );
    }
    // The same level-0 positions in every row, shifted down by the row.
    let rows: Vec<Vec<(f32, f32)>> = svg
        .split("-level-0\"")
        .skip(1)
        .map(|part| {
            part.split("<circle cx=\"")
                .skip(1)
                .take(34)
                .map(|c| {
                    let x: f32 = c
                        .split('"')
                        .next()
                        .and_then(|v| v.parse().ok())
                        .expect("cx");
                    let y: f32 = c
                        .split("cy=\"")
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .and_then(|v| v.parse().ok())
                        .expect("cy");
                    (x, y)
                })
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3);
    let dy = rows[1][0].1 - rows[0][0].1;
    assert!(dy > 100.0, "row 2 below row 1");
    for (a, b) in rows[0].iter().zip(&rows[1]) {
        assert!((a.0 - b.0).abs() < 0.2 && (b.1 - a.1 - dy).abs() < 0.2);
    }
    let (ok, err) = run(&[
        "render",
        "karate",
        "--methods",
        "dmon,nosuch",
        "--out",
        "x.svg",
    ]);
    assert!(!ok && err.contains("unknown method `nosuch`"), "{err}");
}

#[test]
fn a_colour_level_beyond_the_hierarchy_is_refused() {
    let (ok, err) = run(&[
        "render",
        "karate",
        "--clusters",
        "2",
        "--epochs",
        "5",
        "--colour-by",
        "level:99",
        "--out",
        &temp("level.svg").to_string_lossy(),
    ]);
    assert!(
        !ok && err.contains("level:99: the hierarchy has levels 0 to 1"),
        "{err}"
    );
}

#[test]
fn a_slide_names_its_method_and_graph_or_the_title_given() {
    let out = temp("titled.svg");
    let path = out.to_string_lossy().to_string();
    let (ok, err) = run(&[
        "render",
        "karate",
        "--method",
        "mincut",
        "--clusters",
        "2",
        "--epochs",
        "20",
        "--out",
        &path,
    ]);
    assert!(ok, "{err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains(">mincut on karate<"), "the default caption");
    let (ok, err) = run(&[
        "render",
        "karate",
        "--epochs",
        "20",
        "--title",
        "Week 3: DMoN",
        "--width",
        "1920",
        "--height",
        "1080",
        "--out",
        &path,
    ]);
    assert!(ok, "{err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains(">Week 3: DMoN<") && !svg.contains(" on karate<"));
    // A 1080-pixel slide's titles are about 28 pixels high.
    assert!(
        svg.contains(r#"font-size="28.1" font-weight="bold""#),
        "title size"
    );
    let (ok, err) = run(&[
        "render", "karate", "--epochs", "20", "--title", "", "--out", &path,
    ]);
    assert!(ok, "{err}");
    assert!(
        !std::fs::read_to_string(&out)
            .expect("written")
            .contains(r#"class="caption""#)
    );
}
