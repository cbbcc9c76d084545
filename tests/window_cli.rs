//! `kalbajar` without a subcommand opens the game window; with no X display it says so and
//! what to do, instead of panicking inside the windowing library.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kalbajar");

#[test]
fn the_window_without_a_display_gives_a_clear_error() {
    for display in [None, Some("")] {
        let mut cmd = Command::new(BIN);
        cmd.args(["--screenshot", "unused.png"])
            .env_remove("DISPLAY");
        if let Some(d) = display {
            cmd.env("DISPLAY", d);
        }
        let o = cmd.output().expect("the binary runs");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("no X display"), "{stderr}");
        assert!(stderr.contains("xvfb-run"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
