//! Kalbajar 1993: the desktop game and the command-line tool in one binary.
//!
//! Without a subcommand it opens the game window; the subcommands run headless.

mod art;
mod cli;
mod data;
mod game;
mod map_png;
mod simulate;
mod simulate_cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
