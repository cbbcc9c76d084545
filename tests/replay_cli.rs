//! `kalbajar play --headless --record` and `kalbajar replay`: a recorded game re-runs to the
//! same final hash; a tampered turn hash is reported at its turn; a damaged file fails clearly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kalbajar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kalbajar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the kalbajar binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("replay-cli");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir.join(name)
}

#[test]
fn a_recorded_headless_game_replays_and_tampering_is_reported() {
    let file = scratch("seed2.replay.ron");
    let path = file.to_str().expect("UTF-8 path");
    let played = kalbajar(&["play", "--headless", "--seed", "2", "--record", path]);
    assert!(played.status.success(), "{}", text(&played.stderr));
    let out = text(&played.stdout);
    // "N commands; state hash H"
    let summary = out
        .lines()
        .find(|l| l.contains(" commands; state hash "))
        .expect("the summary line");
    let (commands, hash) = summary
        .split_once(" commands; state hash ")
        .expect("the summary line");

    let replayed = kalbajar(&["replay", path]);
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    let shown = text(&replayed.stdout);
    assert!(
        shown.starts_with(&format!(
            "replay OK: {commands} commands, 16 turns, final hash {hash}"
        )),
        "{shown}"
    );

    // Change the recorded hash of turn 7 (the seventh of `turn_hashes`).
    let ron = std::fs::read_to_string(&file).expect("the replay was written");
    let start = ron.find("turn_hashes: [").expect("turn hashes");
    let line = ron[start..]
        .lines()
        .find(|l| l.trim_start().starts_with("(7, "))
        .expect("turn 7 is recorded");
    let recorded: u64 = line
        .trim()
        .trim_start_matches("(7, ")
        .trim_end_matches("),")
        .parse()
        .expect("a number");
    let tampered = ron.replacen(
        line,
        &line.replace(&recorded.to_string(), &(recorded ^ 1).to_string()),
        1,
    );
    let bad = scratch("seed2-tampered.replay.ron");
    std::fs::write(&bad, tampered).expect("written");
    let run = kalbajar(&["replay", bad.to_str().expect("UTF-8 path")]);
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(
        err.starts_with(&format!(
            "{}: turn 7 (30 Mar, day): expected hash {:016x}, got {recorded:016x}",
            bad.display(),
            recorded ^ 1
        )),
        "{err}"
    );

    // Cut short: the file, line and column, and what to do.
    let cut = scratch("seed2-cut.replay.ron");
    std::fs::write(&cut, &ron[..ron.len() / 3]).expect("written");
    let run = kalbajar(&["replay", cut.to_str().expect("UTF-8 path")]);
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(err.starts_with(&format!("{}:", cut.display())), "{err}");
    assert!(err.contains("ends too early"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
