//! The AI on the command line: `validate` checks the scenario's `ai.ron` (or `--ai FILE`), bad
//! AI files in `tests/malformed/ai/` fail with an error naming the file (and line and column
//! for syntax), never a panic; `simulate` takes each side's policy and the AI levels; `play
//! --headless` takes the AI.
//! Each case's comments say what its error must contain (see `common::check_malformed_cases`).

mod common;
use common::{check_malformed_cases, kalbajar};

#[test]
fn validate_checks_the_shipped_ai_levels() {
    let r = kalbajar(&["validate"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("ai.ron: AI levels easy, normal, hard (default normal)"),
        "{}",
        r.stdout
    );
}

#[test]
fn every_malformed_ai_file_fails_with_a_clear_error() {
    check_malformed_cases("ai", "--ai");
}

#[test]
fn simulate_sets_each_sides_policy() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ai_cli_simulate");
    let out = out.to_string_lossy();
    let r = kalbajar(&[
        "simulate",
        "--runs",
        "2",
        "--armenian",
        "ai:hard",
        "--azerbaijani",
        "random",
        "--out",
        &out,
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("policies: Armenian ai:hard, Azerbaijani random"),
        "{}",
        r.stdout
    );
    let r = kalbajar(&["simulate", "--runs", "1", "--armenian", "ai:grandmaster"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("unknown AI level 'grandmaster'")
            && r.stderr.contains("easy, normal, hard"),
        "{}",
        r.stderr
    );
}

#[test]
fn play_headless_takes_the_ai() {
    let r = kalbajar(&["play", "--headless", "--seed", "2", "--policy", "ai"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("policies: Armenian ai:normal, Azerbaijani ai:normal"),
        "{}",
        r.stdout
    );
    let r = kalbajar(&[
        "play",
        "--headless",
        "--armenian",
        "builtin",
        "--azerbaijani",
        "ai:easy",
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("Azerbaijani ai:easy"), "{}", r.stdout);
}
