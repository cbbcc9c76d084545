//! What the command-line tests share: run the binary and catch panics.

use std::path::Path;
use std::process::Command;

pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `kalbajar` with these arguments from the package root; fails the test on a panic.
pub fn kalbajar(args: &[&str]) -> Run {
    kalbajar_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `kalbajar` with these arguments from `dir`; fails the test on a panic.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; not all use it"
)]
pub fn kalbajar_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kalbajar"))
        .current_dir(dir)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the kalbajar binary runs");
    let run = Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
        "{args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// Runs `kalbajar validate FLAG FILE` on every `.ron` case in `tests/malformed/SUBDIR` and
/// checks what its comments promise: each case begins with `// expect: TEXT` (TEXT appears in
/// the error output), then optionally `// at: LINE:COL` (an error line starts with
/// `FILE:LINE:COL: `), `// errors: N` (exactly N errors listed) and any number of
/// `// also: TEXT`. Every case must fail and name its file.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; not all use it"
)]
pub fn check_malformed_cases(subdir: &str, flag: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed")
        .join(subdir);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cases exist")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "only {} cases in {subdir}", cases.len());
    for case in cases {
        let text = std::fs::read_to_string(&case).expect("text");
        let rel = format!(
            "tests/malformed/{subdir}/{}",
            case.file_name().expect("name").to_string_lossy()
        );
        let directive = |key: &str| -> Vec<String> {
            let prefix = format!("// {key}: ");
            text.lines()
                .filter_map(|l| l.strip_prefix(&prefix))
                .map(str::to_string)
                .collect()
        };
        let expect = directive("expect");
        assert!(!expect.is_empty(), "{rel}: no `// expect:` line");
        let r = kalbajar(&["validate", flag, &rel]);
        assert!(!r.ok, "{rel} should fail");
        assert!(
            r.stderr.contains(&rel),
            "{rel}: names the file:\n{}",
            r.stderr
        );
        for text in expect.iter().chain(&directive("also")) {
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
