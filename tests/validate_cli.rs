//! `kalbajar validate` on bad input: every file in `tests/malformed/` must fail with a clear
//! error that names the file, never a panic; the shipped scenario must pass.
//!
//! Each `tests/malformed/*.ron` case begins with directives in line comments:
//!
//! - `// expect: TEXT` (the first line, required): TEXT appears in the error output;
//! - `// at: LINE:COL`: an error line starts with `PATH:LINE:COL: ` (required for syntax errors);
//! - `// errors: N`: exactly N errors are listed (`  - ` lines) under `N error(s):`;
//! - `// also: TEXT`: TEXT appears in the error output too (any number of these);
//! - `// names: PATH`: the error is in a file the case refers to (its map or rules), and the
//!   output names PATH; without it, the output must name the case file itself. (The loader
//!   does not yet name the scenario in such errors: see `an_error_in_the_map_names_the_scenario`.)
//!
//! A case that is not UTF-8 text cannot hold directives; it must be reported as
//! "not a text file". The maps and rules files in `tests/malformed/parts/` are referenced by
//! the cases; they are not cases themselves.

use std::path::{Path, PathBuf};
use std::process::Command;

const MALFORMED: &str = "tests/malformed";
const SHIPPED_DIR: &str = "scenarios/kalbajar_1993";
const SHIPPED: &str = "scenarios/kalbajar_1993/scenario.ron";

/// The outcome of one run of the binary.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Stdout and stderr, for failure messages.
    fn dump(&self) -> String {
        format!(
            "exit code {:?}\n--- stderr ---\n{}--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        )
    }

    fn panicked(&self) -> bool {
        self.stderr.contains("panicked") || self.stdout.contains("panicked")
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kalbajar validate FILES...` from the package root (so relative paths work).
fn validate<S: AsRef<std::ffi::OsStr>>(files: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_kalbajar"))
        .current_dir(manifest_dir())
        .arg("validate")
        .args(files)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the kalbajar binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every case file, as a path relative to the package root with `/` separators, sorted.
fn malformed_files() -> Vec<String> {
    let dir = manifest_dir().join(MALFORMED);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let name = p.file_name().expect("a file name").to_string_lossy();
            format!("{MALFORMED}/{name}")
        })
        .collect();
    files.sort();
    files
}

/// What a case file says its error output must contain.
#[derive(Debug, Default)]
struct Expectation {
    expect: String,
    at: Option<String>,
    errors: Option<usize>,
    also: Vec<String>,
    names: Option<String>,
}

fn expectation(path: &str) -> Expectation {
    let bytes = std::fs::read(manifest_dir().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let Ok(text) = String::from_utf8(bytes) else {
        return Expectation {
            expect: "not a text file".into(),
            ..Expectation::default()
        };
    };
    let mut lines = text.lines();
    let expect = lines
        .next()
        .and_then(|l| l.strip_prefix("// expect: "))
        .unwrap_or_else(|| panic!("{path}: the first line must be `// expect: TEXT`"));
    let mut e = Expectation {
        expect: expect.to_owned(),
        ..Expectation::default()
    };
    for line in lines.take_while(|l| l.starts_with("//")) {
        if let Some(at) = line.strip_prefix("// at: ") {
            e.at = Some(at.to_owned());
        } else if let Some(n) = line.strip_prefix("// errors: ") {
            let n = n
                .parse()
                .unwrap_or_else(|_| panic!("{path}: `// errors: {n}` is not a number"));
            e.errors = Some(n);
        } else if let Some(also) = line.strip_prefix("// also: ") {
            e.also.push(also.to_owned());
        } else if let Some(names) = line.strip_prefix("// names: ") {
            e.names = Some(names.to_owned());
        }
    }
    e
}

/// Whether an error line is a syntax error: `PATH:LINE:COL: ...`.
fn is_positioned(line: &str, path: &str) -> bool {
    line.strip_prefix(path)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(pos, _)| pos.split_once(':'))
        .is_some_and(|(l, c)| l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok())
}

/// Every way the run of one case misses its expectation.
fn problems(path: &str, e: &Expectation, run: &Run) -> Vec<String> {
    let mut out = Vec::new();
    if run.code != Some(1) {
        out.push(format!("exit code {:?}, expected 1", run.code));
    }
    if run.panicked() {
        out.push("the output mentions a panic".into());
    }
    // A referenced file's path is joined to the case's directory: `\` on Windows.
    let named = e.names.as_deref().unwrap_or(path);
    if !run.stderr.replace('\\', "/").contains(named) {
        out.push(format!("stderr does not name the file {named}"));
    }
    for text in std::iter::once(&e.expect).chain(&e.also) {
        if !run.stderr.contains(text.as_str()) {
            out.push(format!("stderr does not contain {text:?}"));
        }
    }
    if let Some(at) = &e.at {
        let prefix = format!("{path}:{at}: ");
        if !run.stderr.lines().any(|l| l.starts_with(&prefix)) {
            out.push(format!("no error line starts with {prefix:?}"));
        }
    } else if run.stderr.lines().any(|l| is_positioned(l, path)) {
        out.push("a syntax error: add `// at: LINE:COL` to the case".into());
    }
    if let Some(n) = e.errors {
        let listed = run.stderr.lines().filter(|l| l.starts_with("  - ")).count();
        if listed != n {
            out.push(format!("{listed} errors listed, expected {n}"));
        }
        if !run.stderr.contains(&format!("{n} error(s):")) {
            out.push(format!("stderr does not contain \"{n} error(s):\""));
        }
    }
    out
}

#[test]
fn every_malformed_file_fails_with_a_clear_error() {
    let mut failures = Vec::new();
    for path in malformed_files() {
        let e = expectation(&path);
        let run = validate(&[&path]);
        let p = problems(&path, &e, &run);
        if !p.is_empty() {
            failures.push(format!("{path}:\n  * {}\n{}", p.join("\n  * "), run.dump()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn there_are_at_least_twenty_malformed_files() {
    let files = malformed_files();
    assert!(
        files.len() >= 20,
        "only {} malformed files: {files:?}",
        files.len()
    );
}

#[test]
fn the_shipped_scenario_is_valid() {
    let run = validate(&[SHIPPED]);
    assert_eq!(run.code, Some(0), "{}", run.dump());
    assert!(!run.panicked(), "{}", run.dump());
    assert!(run.stderr.is_empty(), "{}", run.dump());
    assert!(
        run.stdout.contains(&format!("{SHIPPED}: valid")),
        "{}",
        run.dump()
    );
    for text in [
        "Turns: 16 of 12 hours",
        "Armenian and Karabakh Armenian forces (moves first): ",
        "Azerbaijani forces: ",
        "Civilians: 60000",
    ] {
        assert!(run.stdout.contains(text), "no {text:?} in\n{}", run.dump());
    }
}

#[test]
fn the_shipped_scenario_directory_is_valid() {
    let run = validate(&[SHIPPED_DIR]);
    assert_eq!(run.code, Some(0), "{}", run.dump());
    assert!(run.stdout.contains("Civilians: 60000"), "{}", run.dump());
}

#[test]
fn several_semantic_errors_are_reported_in_one_run() {
    for (file, n) in [("several_errors.ron", 6), ("several_errors_mixed.ron", 5)] {
        let path = format!("{MALFORMED}/{file}");
        let run = validate(&[&path]);
        assert_eq!(run.code, Some(1), "{}", run.dump());
        let listed: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("  - "))
            .collect();
        assert_eq!(listed.len(), n, "{}", run.dump());
        assert!(
            run.stderr.starts_with(&format!("{path}: {n} error(s):\n")),
            "{}",
            run.dump()
        );
        // Each error is reported once.
        let mut unique = listed.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), n, "{}", run.dump());
    }
}

#[test]
fn every_file_is_checked_in_one_run() {
    let mut files = malformed_files();
    files.push(SHIPPED.to_owned());
    let run = validate(&files);
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(!run.panicked(), "{}", run.dump());
    for path in &files[..files.len() - 1] {
        let named = expectation(path).names.unwrap_or_else(|| path.clone());
        assert!(
            run.stderr.contains(&named),
            "{named} not named in\n{}",
            run.dump()
        );
    }
    assert!(
        run.stdout.contains(&format!("{SHIPPED}: valid")),
        "{}",
        run.dump()
    );
}

/// A fresh directory for one test's generated files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("validate_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

#[test]
fn a_file_without_a_single_byte_ends_too_early() {
    let file = scratch("zero_bytes").join("scenario.ron");
    std::fs::write(&file, b"").expect("write");
    let run = validate(&[&file]);
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(!run.panicked(), "{}", run.dump());
    let prefix = format!("{}:1:1: ", file.display());
    assert!(run.stderr.starts_with(&prefix), "{}", run.dump());
    assert!(run.stderr.contains("ends too early"), "{}", run.dump());
}

#[test]
fn a_missing_scenario_file_is_named() {
    let path = format!("{MALFORMED}/no_such_scenario.ron");
    let run = validate(&[&path]);
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(
        run.stderr
            .starts_with(&format!("{path}: cannot read the file: ")),
        "{}",
        run.dump()
    );
}

#[test]
fn a_map_or_rules_file_is_not_a_scenario() {
    for (file, found) in [("map.ron", "MapFile"), ("rules.ron", "RulesFile")] {
        let path = format!("{SHIPPED_DIR}/{file}");
        let run = validate(&[&path]);
        assert_eq!(run.code, Some(1), "{}", run.dump());
        assert!(
            run.stderr.starts_with(&format!("{path}:")),
            "{}",
            run.dump()
        );
        assert!(
            run.stderr.contains(&format!(
                "Expected struct `ScenarioFile` but found `{found}`"
            )),
            "{}",
            run.dump()
        );
    }
}

/// Copies the shipped scenario, its map and its rules into a scratch directory, applies
/// `edits` (each `from` must occur exactly once) and adds `extra` files. Returns the scenario.
fn edited_scenario(name: &str, edits: &[(&str, &str)], extra: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    let shipped = manifest_dir().join(SHIPPED_DIR);
    for file in ["map.ron", "rules.ron"] {
        std::fs::copy(shipped.join(file), dir.join(file)).expect("copy");
    }
    let mut text = std::fs::read_to_string(shipped.join("scenario.ron")).expect("read");
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in the shipped scenario"
        );
        text = text.replace(from, to);
    }
    let scenario = dir.join("scenario.ron");
    std::fs::write(&scenario, text).expect("write");
    for (file, contents) in extra {
        std::fs::write(dir.join(file), contents).expect("write");
    }
    scenario
}

/// Asserts that validating the file ends normally (valid or invalid), without a panic.
fn assert_no_panic(scenario: &Path) -> Run {
    let run = validate(&[scenario]);
    assert!(!run.panicked(), "{}", run.dump());
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.dump());
    run
}

#[test]
fn the_edited_copy_of_the_shipped_scenario_is_valid() {
    // The known-bug tests below start from this copy: it must be valid as it is.
    let run = assert_no_panic(&edited_scenario("unedited", &[], &[]));
    assert_eq!(run.code, Some(0), "{}", run.dump());
}

#[test]
fn huge_hex_coordinates_are_outside_the_map() {
    let scenario = edited_scenario(
        "huge_hex",
        &[(r#"at: Place("istisu")"#, "at: Hex(2147483647, -2)")],
        &[],
    );
    let run = assert_no_panic(&scenario);
    assert!(run.stderr.contains("is outside the map"), "{}", run.dump());
}

#[test]
fn a_huge_number_of_turns_does_not_panic() {
    let scenario = edited_scenario("huge_turns", &[("turns: 16,", "turns: 4294967295,")], &[]);
    assert_no_panic(&scenario);
}

#[test]
fn a_start_in_the_last_representable_year_does_not_panic() {
    let scenario = edited_scenario(
        "huge_year",
        &[(
            "start: (year: 1993, month: 3, day: 27, hour: 6)",
            "start: (year: 2147483647, month: 12, day: 31, hour: 6)",
        )],
        &[],
    );
    assert_no_panic(&scenario);
}

#[test]
fn huge_unit_strengths_do_not_panic() {
    let scenario = edited_scenario(
        "huge_men",
        &[
            (
                r#"men: Some(400), at: Place("charektar")"#,
                r#"men: Some(4294967295), at: Place("charektar")"#,
            ),
            (
                r#"men: Some(400), at: Place("asagi_ayrim")"#,
                r#"men: Some(4294967295), at: Place("asagi_ayrim")"#,
            ),
        ],
        &[],
    );
    assert_no_panic(&scenario);
}

#[test]
fn huge_weather_weights_do_not_panic() {
    let scenario = edited_scenario(
        "huge_weights",
        &[(
            "(band: \"valley\", day: {Clear: 40,",
            "(band: \"valley\", day: {Clear: 4294967295,",
        )],
        &[],
    );
    assert_no_panic(&scenario);
}

#[test]
fn a_huge_map_size_is_an_error() {
    let map = "MapFile(width: 100000, height: 100000, hex_km: 2.0, projection_lat: 40.1, \
               lat_north: 40.365, lon_west: 45.645, hexes: [], hexsides: [], places: [], \
               rivers: [], exits: [])\n";
    let scenario = edited_scenario(
        "huge_map",
        &[(r#"map: "map.ron""#, r#"map: "huge_map.ron""#)],
        &[("huge_map.ron", map)],
    );
    let run = assert_no_panic(&scenario);
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.stderr.contains("huge_map.ron"), "{}", run.dump());
}

#[test]
fn an_error_in_the_map_names_the_scenario() {
    for file in [
        "missing_map.ron",
        "map_hexside_not_adjacent.ron",
        "rules_missing_cost.ron",
    ] {
        let path = format!("{MALFORMED}/{file}");
        let run = validate(&[&path]);
        assert_eq!(run.code, Some(1), "{}", run.dump());
        assert!(run.stderr.contains(&path), "{}", run.dump());
    }
}

#[test]
fn a_file_of_block_comments_is_reported_as_empty() {
    let file = scratch("block_comments").join("scenario.ron");
    std::fs::write(&file, "/* nothing here\n   but a comment */\n").expect("write");
    let run = validate(&[&file]);
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.stderr.contains("the file is empty"), "{}", run.dump());
}
