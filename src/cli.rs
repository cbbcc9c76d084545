//! Command-line interface: `validate`, `mapgen`, `map`, and the default summary.

use clap::{Parser, Subcommand};
use kalbajar_core::geography::Geography;
use kalbajar_core::load::{read_ron, write_atomic};
use kalbajar_core::mapgen::{generate, map_to_ron};
use kalbajar_core::replay::{Recorder, Recording, check_save, read_recording, verify};
use kalbajar_core::scenario::Scenario;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The historical scenario shipped with the game.
pub const DEFAULT_SCENARIO: &str = "scenarios/kalbajar_1993/scenario.ron";
const DEFAULT_GEOGRAPHY: &str = "scenarios/kalbajar_1993/geography.ron";
const DEFAULT_MAP: &str = "scenarios/kalbajar_1993/map.ron";

#[derive(Parser)]
#[command(
    name = "kalbajar",
    version,
    about = "Kalbajar 1993: a turn-based operational wargame of the Battle of Kalbajar (27 March - 3 April 1993)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files; print every error, or a summary of each valid scenario.
    Validate {
        /// Scenario files (scenario.ron) or directories holding one.
        #[arg(default_value = DEFAULT_SCENARIO)]
        files: Vec<PathBuf>,
    },
    /// Generate the hex map from the geography file.
    Mapgen {
        #[arg(long, default_value = DEFAULT_GEOGRAPHY)]
        geography: PathBuf,
        #[arg(long, default_value = DEFAULT_MAP)]
        out: PathBuf,
        /// Only check that the map file is up to date; exit 1 if it is not.
        #[arg(long)]
        check: bool,
    },
    /// Play a game to the end with the built-in policy on both sides and print the chronicle.
    Play {
        /// Run without a window (the only mode until the desktop game lands).
        #[arg(long)]
        headless: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Play with fog of war.
        #[arg(long)]
        fog: bool,
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Write the replay of the game to this file.
        #[arg(long)]
        record: Option<PathBuf>,
    },
    /// Re-run a replay or a saved game through the rules and check every turn's state.
    Replay {
        /// A replay (`play --headless --record`) or a saved game.
        file: PathBuf,
        /// The scenario it was recorded on.
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
    },
    /// Draw the map as a picture for review.
    Map {
        /// Output PNG file.
        #[arg(long)]
        png: PathBuf,
        #[arg(long, default_value = DEFAULT_MAP)]
        map: PathBuf,
        /// Pixels per kilometre.
        #[arg(long, default_value_t = 20.0)]
        scale: f32,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => show_scenario(),
        Some(Command::Validate { files }) => validate(&files),
        Some(Command::Mapgen {
            geography,
            out,
            check,
        }) => mapgen(&geography, &out, check),
        Some(Command::Map { png, map, scale }) => draw_map(&map, &png, scale),
        Some(Command::Play {
            headless,
            seed,
            fog,
            scenario,
            record,
        }) => play(headless, seed, fog, &scenario, record.as_deref()),
        Some(Command::Replay { file, scenario }) => replay(&file, &scenario),
    }
}

/// What `kalbajar` does until the desktop game lands: the scenario summary and the map picture.
fn show_scenario() -> ExitCode {
    println!(
        "Kalbajar 1993 — the desktop game is not built yet; showing the historical scenario.\n"
    );
    let code = validate(&[PathBuf::from(DEFAULT_SCENARIO)]);
    if code != ExitCode::SUCCESS {
        return code;
    }
    let out = PathBuf::from("target/kalbajar-map.png");
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let code = draw_map(Path::new(DEFAULT_MAP), &out, 20.0);
    if code == ExitCode::SUCCESS {
        println!("Open {} to see the map.", out.display());
    }
    code
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut ok = true;
    for f in files {
        match Scenario::load(f) {
            Ok(s) => {
                println!("{}: valid\n", s.path.display());
                println!("{}", s.summary());
            }
            Err(errors) => {
                ok = false;
                for e in errors {
                    eprintln!("{e}");
                }
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn play(headless: bool, seed: u64, fog: bool, scenario: &Path, record: Option<&Path>) -> ExitCode {
    if !headless {
        eprintln!("the desktop game is not built yet: use `kalbajar play --headless`");
        return ExitCode::FAILURE;
    }
    let scenario = match Scenario::load(scenario) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let mut recorder = Recorder::new(scenario.into(), seed, fog);
    let commands = recorder.play_out(100_000);
    if let Some(path) = record
        && let Err(e) = recorder.replay().write(path)
    {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let game = recorder.game();
    // A closed pipe (`| head`) ends the output quietly.
    let mut out = std::io::stdout().lock();
    for line in game.chronicle() {
        if writeln!(out, "{line}").is_err() {
            return ExitCode::SUCCESS;
        }
    }
    let s = game.state();
    let c = &s.civilians;
    let _ = writeln!(
        out,
        "\n{} commands; state hash {:016x}\nCivilians: {} evacuated by road, {} by air, {} still on the move, {} at home, {} dead or wounded, {} detained (of {})",
        commands,
        game.state_hash(),
        c.evacuated_road,
        c.evacuated_air,
        s.moving_civilians(),
        s.present_civilians(),
        c.casualties,
        c.captured,
        c.initial
    );
    let _ = match s.town_fell {
        Some(t) => writeln!(
            out,
            "Kalbajar fell on {}",
            kalbajar_core::rules::chronicle::turn_label(game.scenario(), t)
        ),
        None => writeln!(out, "Kalbajar did not fall"),
    };
    ExitCode::SUCCESS
}

/// `kalbajar replay FILE`: re-runs a replay or saved game and reports the first difference.
fn replay(file: &Path, scenario: &Path) -> ExitCode {
    let scenario = match Scenario::load(scenario) {
        Ok(s) => std::sync::Arc::new(s),
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let recording = match read_recording(file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let (what, checked) = match &recording {
        Recording::Replay(r) => ("replay", verify(r, scenario)),
        Recording::Save(s) => ("saved game", check_save(s, scenario)),
    };
    match checked {
        Ok(v) => {
            let at = match &recording {
                Recording::Save(s) => format!(" at turn {} ({})", s.turn, s.label),
                Recording::Replay(_) => String::new(),
            };
            println!(
                "{what} OK{at}: {} commands, {} turns, final hash {:016x}",
                v.commands, v.turns, v.final_hash
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}

fn mapgen(geography: &Path, out: &Path, check: bool) -> ExitCode {
    let geo: Geography = match read_ron(geography) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let generated = match generate(&geo) {
        Ok(g) => g,
        Err(errors) => {
            for e in errors {
                eprintln!("{}: {e}", geography.display());
            }
            return ExitCode::FAILURE;
        }
    };
    let text = match map_to_ron(&generated.map) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot write the map: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let current = std::fs::read_to_string(out).unwrap_or_default();
        return if current == text {
            println!("{} is up to date", out.display());
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "{} differs from what {} generates; run `kalbajar mapgen`",
                out.display(),
                geography.display()
            );
            ExitCode::FAILURE
        };
    }
    if let Err(e) = write_atomic(out, text.as_bytes()) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let m = &generated.map;
    println!(
        "wrote {}: {}×{} = {} hexes, {} hexsides with features, {} places, {} exits",
        out.display(),
        m.width,
        m.height,
        m.hexes.len(),
        m.hexsides.len(),
        m.places.len(),
        m.exits.len()
    );
    ExitCode::SUCCESS
}

fn draw_map(map: &Path, png: &Path, scale: f32) -> ExitCode {
    match crate::map_png::render_files(map, png, scale) {
        Ok(()) => {
            println!("drew {}", png.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
