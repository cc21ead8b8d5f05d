//! Writers killed with SIGKILL at random moments over a good file: the file under the final
//! name is always the old one or the complete new one, never a part (every output goes to a
//! temporary name and is renamed when complete).
//!
//! The commands are killed at moments spread over a run's length, most near its end where
//! the writing is; the session writer, the window's biggest file, is driven by a child that
//! writes two sessions in turn without a pause, so nearly every kill lands inside a write.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn folder(name: &str) -> poolscope::io::scratch::Scratch {
    poolscope::io::scratch::Scratch::new(&format!("killed-{name}"))
}

/// A fixed sequence of fractions in `[lo, hi)` (a linear congruential generator), so a failure
/// repeats.
fn moments(seed: u64, count: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut x = seed;
    (0..count)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            lo + (hi - lo) * ((x >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

const OLD: &[u8] = b"the previous good file, which a killed writer must leave as it was\n";

/// What is under `path` after a kill: the old bytes or the complete new ones.
fn whole(path: &Path, new: &[u8], what: &str) -> &'static str {
    let now = std::fs::read(path).unwrap_or_else(|e| panic!("{what}: the file is gone: {e}"));
    if now == OLD {
        "old"
    } else if now == new {
        "new"
    } else {
        panic!(
            "{what}: {} bytes under the final name, neither the old file ({}) nor the new ({})",
            now.len(),
            OLD.len(),
            new.len()
        )
    }
}

#[test]
fn every_command_killed_while_it_writes_leaves_the_old_file_or_the_new_one() {
    let d = folder("commands");
    let exe = env!("CARGO_BIN_EXE_poolscope");
    // (what, arguments before the output, the output's name, arguments after it)
    let writers: [(&str, &[&str], &str, &[&str]); 7] = [
        (
            "render png",
            &[
                "render",
                "football",
                "--no-restarts",
                "--epochs",
                "30",
                "--out",
            ],
            "picture.png",
            &[],
        ),
        (
            "render svg",
            &[
                "render",
                "football",
                "--no-restarts",
                "--epochs",
                "30",
                "--out",
            ],
            "picture.svg",
            &[],
        ),
        (
            "render gif",
            &[
                "render",
                "karate",
                "--animate",
                "merge",
                "--no-restarts",
                "--epochs",
                "30",
                "--out",
            ],
            "merge.gif",
            &[],
        ),
        (
            "convert graphml",
            &["convert", "football"],
            "g.graphml",
            &[],
        ),
        ("convert json", &["convert", "football"], "g.json", &[]),
        (
            "train --out",
            &[
                "train",
                "football",
                "--no-restarts",
                "--epochs",
                "30",
                "--out",
            ],
            "h.json",
            &[],
        ),
        (
            "layout --out",
            &["layout", "football", "--out"],
            "p.csv",
            &[],
        ),
    ];
    let mut tally = Vec::new();
    for (w, (what, before, name, after)) in writers.iter().enumerate() {
        let out = d.join(name);
        let command = |out: &Path| {
            let mut c = Command::new(exe);
            c.args(*before)
                .arg(out)
                .args(*after)
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            c
        };
        // The new file, and how long a whole run takes.
        let start = Instant::now();
        let status = command(&out).status().expect("runs");
        let length = start.elapsed();
        assert!(status.success(), "{what} runs");
        let new = std::fs::read(&out).expect("written");
        let (mut old, mut fresh) = (0, 0);
        for f in moments(w as u64 + 1, 8, 0.1, 1.1) {
            std::fs::write(&out, OLD).expect("the old file");
            let mut child = command(&out).spawn().expect("starts");
            std::thread::sleep(length.mul_f64(f));
            let _ = child.kill();
            let _ = child.wait();
            match whole(&out, &new, what) {
                "old" => old += 1,
                _ => fresh += 1,
            }
        }
        tally.push(format!("{what}: {old} old, {fresh} new"));
    }
    eprintln!("{}", tally.join("; "));
    let _ = std::fs::remove_dir_all(&d);
}

/// Two different sessions of an 8,000-node planted partition with a 40-snapshot timeline
/// (about 11 MB each), built the same way in every process.
fn sessions() -> [Vec<u8>; 2] {
    use poolscope::export::{GraphSource, SavedSession, ViewSettings};
    use std::sync::Arc;
    let g = poolscope::generate::planted_partition(&[1000; 8], 0.01, 0.001, 0);
    let s = ndarray::Array2::from_shape_fn((8000, 8), |(i, k)| f32::from(i / 1000 == k));
    let h = Arc::new(poolscope::hierarchy::Hierarchy::from_parts(
        g.symmetric().into_owned(),
        vec![s],
        None,
        vec![],
        "planted",
    ));
    let positions: Vec<Vec<[f32; 2]>> = h
        .levels
        .iter()
        .map(|l| (0..l.node_count).map(|i| [i as f32, 1.0]).collect())
        .collect();
    [40, 20].map(|snapshots| {
        let saved = SavedSession {
            graph: GraphSource::embed(&g).expect("embeds"),
            unweighted: false,
            keep_ids: false,
            config: Default::default(),
            ks: vec![8],
            weights: None,
            hierarchy: Some(h.clone()),
            positions: Some(positions.clone()),
            view: ViewSettings::default(),
            layout: Default::default(),
            timeline: (0..snapshots).map(|e| (e, h.clone())).collect(),
            history: Vec::new(),
            metric_history: Vec::new(),
        };
        poolscope::export::session_to_bytes(&saved).expect("bytes")
    })
}

/// Not a test of its own: the child the session test starts and kills. It writes the two
/// sessions in turn to `POOLSCOPE_KILLED_SESSION` until it is killed.
#[test]
#[ignore = "run by a_session_writer_killed_mid_write_leaves_a_whole_session"]
fn session_writer_child() {
    let Some(path) = std::env::var_os("POOLSCOPE_KILLED_SESSION") else {
        return;
    };
    let both = sessions();
    println!("writing");
    for i in 0.. {
        // What the window's Save session does: `write_session` is this write of these bytes.
        poolscope::io::write_atomic(Path::new(&path), &both[i % 2]).expect("writes");
    }
}

#[test]
fn a_session_writer_killed_mid_write_leaves_a_whole_session() {
    use std::io::BufRead;
    let d = folder("session");
    let path = d.join("s.poolscope");
    let both = sessions();
    // One write's length, to spread the kills over a few writes.
    let start = Instant::now();
    poolscope::io::write_atomic(&path, &both[0]).expect("writes");
    let write = start.elapsed().max(Duration::from_millis(1));
    let (mut old, mut first, mut second) = (0, 0, 0);
    for f in moments(99, 8, 0.0, 3.0) {
        std::fs::write(&path, OLD).expect("the old file");
        let mut child = Command::new(std::env::current_exe().expect("this test"))
            .args([
                "session_writer_child",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env("POOLSCOPE_KILLED_SESSION", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        assert!(
            lines.any(|l| l.is_ok_and(|l| l == "writing")),
            "the child starts writing"
        );
        std::thread::sleep(write.mul_f64(f));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&path).expect("a file under the final name");
        if now == OLD {
            old += 1;
        } else if now == both[0] {
            first += 1;
        } else if now == both[1] {
            second += 1;
        } else {
            panic!("a cut session: {} bytes", now.len());
        }
        // A whole session reads back.
        if now != OLD {
            poolscope::export::session_from_bytes(&now, |src| src.load()).expect("reopens");
        }
    }
    eprintln!("session: {old} old, {first} of 40 snapshots, {second} of 20 (one write {write:?})");
    let _ = std::fs::remove_dir_all(&d);
}
