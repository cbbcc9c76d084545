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
