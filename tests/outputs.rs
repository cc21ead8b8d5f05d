//! What the commands write: whole files or nothing, never over what they read. Every output
//! goes to a temporary name and is renamed when complete, so a failure (a full disk, a folder
//! in the way, a kill) leaves the previous good file as it was.

use std::path::Path;
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

fn folder(name: &str) -> poolscope::io::scratch::Scratch {
    poolscope::io::scratch::Scratch::new(&format!("outputs-{name}"))
}

fn listing(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn an_output_never_replaces_the_file_the_command_reads() {
    let d = folder("input");
    let input = d.join("k.gml");
    let (ok, err) = run(&["convert", "karate", &s(&input)]);
    assert!(ok, "{err}");
    let before = std::fs::read(&input).expect("written");
    for args in [
        vec!["layout", &s(&input), "--out", &s(&input)],
        vec!["train", &s(&input), "--epochs", "2", "--out", &s(&input)],
        vec!["convert", &s(&input), &s(&input)],
        vec!["render", &s(&input), "--no-train", "--out", &s(&input)],
    ] {
        let args: Vec<&str> = args.iter().map(|a| a.as_ref()).collect();
        let (ok, err) = run(&args);
        assert!(
            !ok && err.contains("the file the command reads"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read(&input).expect("kept"), before, "{args:?}");
    }
}

#[test]
fn a_pair_of_outputs_lands_together_or_leaves_the_old_files() {
    let d = folder("pair");
    let out = d.join("g.csv");
    std::fs::write(&out, "old,edges\n").expect("an old file");
    // The node table's name is taken by a folder: nothing is written, the old file stays.
    std::fs::create_dir_all(d.join("g_nodes.csv")).expect("a folder in the way");
    let (ok, err) = run(&["convert", "karate", &s(&out)]);
    assert!(!ok && err.contains("g_nodes.csv"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "old,edges\n");
    assert_eq!(
        listing(&d),
        vec!["g.csv", "g_nodes.csv"],
        "no temporary left"
    );
    std::fs::remove_dir(d.join("g_nodes.csv")).expect("removed");
    let (ok, err) = run(&["convert", "karate", &s(&out)]);
    assert!(ok, "{err}");
    assert!(std::fs::read_to_string(&out).expect("new").lines().count() > 70);
    assert_eq!(listing(&d), vec!["g.csv", "g_nodes.csv"]);
}

#[test]
fn a_picture_that_cannot_be_written_leaves_the_old_one() {
    let d = folder("picture");
    let out = d.join("slide.svg");
    std::fs::write(&out, "<svg>old</svg>").expect("an old picture");
    // A folder where the picture would go is refused before anything is written; a good
    // render then replaces the old picture whole.
    let taken = d.join("taken.svg");
    std::fs::create_dir_all(&taken).expect("folder");
    let (ok, err) = run(&["render", "karate", "--no-train", "--out", &s(&taken)]);
    assert!(!ok && err.contains("it is a folder"), "{err}");
    let (ok, err) = run(&["render", "karate", "--no-train", "--out", &s(&out)]);
    assert!(ok, "{err}");
    assert!(
        std::fs::read_to_string(&out)
            .expect("new")
            .contains("<circle")
    );
    assert_eq!(listing(&d), vec!["slide.svg", "taken.svg"]);
}
