//! The AI on the command line: `validate` checks the scenario's `ai.ron` (or `--ai FILE`), bad
//! AI files in `tests/malformed/ai/` fail with an error naming the file (and line and column
//! for syntax), never a panic; `simulate` takes each side's policy and the AI levels; `play
//! --headless` takes the AI.
//!
//! Each case begins with `// expect: TEXT` (TEXT appears in the error output), then optionally
//! `// at: LINE:COL` (an error line starts with `PATH:LINE:COL: `), `// errors: N` (exactly N
//! errors listed) and any number of `// also: TEXT`.

mod common;
use common::kalbajar;

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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/ai");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cases exist")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 3);
    for case in cases {
        let text = std::fs::read_to_string(&case).expect("text");
        let rel = format!(
            "tests/malformed/ai/{}",
            case.file_name().expect("name").to_string_lossy()
        );
        let directive = |key: &str| -> Vec<String> {
            let prefix = format!("// {key}: ");
            text.lines()
                .filter_map(|l| l.strip_prefix(&prefix))
                .map(str::to_string)
                .collect()
        };
        let r = kalbajar(&["validate", "--ai", &rel]);
        assert!(!r.ok, "{rel} should fail");
        assert!(
            r.stderr.contains(&rel),
            "{rel}: names the file:\n{}",
            r.stderr
        );
        for text in directive("expect").iter().chain(&directive("also")) {
            assert!(r.stderr.contains(text), "{rel}: {text}:\n{}", r.stderr);
        }
        if let Some(at) = directive("at").first() {
            let prefix = format!("{rel}:{at}: ");
            assert!(
                r.stderr.lines().any(|l| l.starts_with(&prefix)),
                "{rel}: no line starts with {prefix}:\n{}",
                r.stderr
            );
        }
        if let Some(n) = directive("errors").first() {
            assert!(
                r.stderr.contains(&format!("{n} error(s):")),
                "{rel}: {n} errors:\n{}",
                r.stderr
            );
        }
    }
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
