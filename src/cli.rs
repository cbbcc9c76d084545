//! Command-line interface: the game window by default (or a scripted screenshot or benchmark
//! of it), and the headless subcommands `validate`, `mapgen`, `map`, `art`, `history`,
//! `play`, `replay`, `variants` and `simulate`.

use crate::data::locate;
use crate::simulate::{Policy, PolicyArgs};
use clap::{Parser, Subcommand};
use kalbajar_core::ai::{AI_FILE, AiLevels};
use kalbajar_core::geography::Geography;
use kalbajar_core::load::{read_ron, write_atomic};
use kalbajar_core::mapgen::{generate, map_to_ron};
use kalbajar_core::replay::{Recorder, Recording, check_save, read_recording, verify};
use kalbajar_core::rules::state::side_index;
use kalbajar_core::scenario::Scenario;
use kalbajar_core::variant;
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
    #[command(flatten)]
    window: WindowArgs,
}

/// Options of the game window (without a subcommand).
#[derive(clap::Args)]
struct WindowArgs {
    /// Render one frame of a situation to this PNG file and exit.
    #[arg(long, value_name = "FILE")]
    screenshot: Option<PathBuf>,
    /// The situation of the screenshot: title, setup, battle, attack, autoplay, debrief,
    /// sources.
    #[arg(long, default_value = "battle", value_parser = parse_shot)]
    shot: crate::game::screenshot::Shot,
    /// Play on to this turn first (the AI plays both sides; the autoplay follows history).
    #[arg(long)]
    turn: Option<u32>,
    /// Switch on an overlay: supply, zoc, control, snow, civilians, axes (repeatable).
    #[arg(long = "overlay", value_name = "NAME", value_parser = parse_overlay)]
    overlays: Vec<crate::game::overlays::Overlay>,
    /// Seed of the game for --screenshot and --bench.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Window size, e.g. 1280x720.
    #[arg(long, value_parser = parse_size)]
    size: Option<(u32, u32)>,
    /// The map's zoom for --screenshot: 1 draws a hex's radius 30 pixels long; the camera's
    /// limits are 0.33 and 2.9.
    #[arg(long, value_parser = parse_zoom)]
    zoom: Option<f32>,
    /// Measure launch time, frame times while panning and memory; print them and exit.
    #[arg(long)]
    bench: bool,
}

fn parse_zoom(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(z) if z.is_finite() && z > 0.0 => Ok(z),
        _ => Err(format!(
            "zoom '{s}' is not a positive number, e.g. 1 or 2.5"
        )),
    }
}

fn parse_shot(s: &str) -> Result<crate::game::screenshot::Shot, String> {
    crate::game::screenshot::Shot::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = crate::game::screenshot::Shot::ALL
            .iter()
            .map(|s| s.id())
            .collect();
        format!("unknown shot '{s}': expected one of {}", ids.join(", "))
    })
}

fn parse_overlay(s: &str) -> Result<crate::game::overlays::Overlay, String> {
    crate::game::overlays::Overlay::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = crate::game::overlays::Overlay::ALL
            .iter()
            .map(|o| o.id())
            .collect();
        format!("unknown overlay '{s}': expected one of {}", ids.join(", "))
    })
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or_else(|| format!("'{s}' is not a size like 1280x720"))?;
    let n = |t: &str| {
        t.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (320..=8192).contains(v))
            .ok_or_else(|| format!("'{s}' is not a size like 1280x720 (320 to 8192 pixels)"))
    };
    Ok((n(w)?, n(h)?))
}

#[derive(Subcommand)]
enum Command {
    /// Check scenario files; print every error, or a summary of each valid scenario.
    Validate {
        /// Scenario files (scenario.ron) or directories holding one.
        #[arg(default_value = DEFAULT_SCENARIO)]
        files: Vec<PathBuf>,
        /// Apply a what-if variant (an id from the scenario's variants/ folder, or a file).
        #[arg(long = "variant", value_name = "ID")]
        variants: Vec<String>,
        /// Check this AI levels file instead of the ai.ron next to each scenario.
        #[arg(long, value_name = "FILE")]
        ai: Option<PathBuf>,
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
    /// Play a game to the end (the built-in policy on both sides unless told otherwise) and
    /// print the chronicle.
    Play {
        /// Run without a window (required: the window opens with plain `kalbajar`).
        #[arg(long)]
        headless: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Play with fog of war.
        #[arg(long)]
        fog: bool,
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
        /// Apply a what-if variant (an id from the scenario's variants/ folder, or a file).
        #[arg(long = "variant", value_name = "ID")]
        variants: Vec<String>,
        /// Write the replay of the game to this file.
        #[arg(long)]
        record: Option<PathBuf>,
        #[command(flatten)]
        policies: PolicyArgs,
    },
    /// Re-run a replay or a saved game through the rules and check every turn's state.
    Replay {
        /// A replay (`play --headless --record`) or a saved game.
        file: PathBuf,
        /// The scenario it was recorded on.
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
    },
    /// List the scenario's what-if variants and which of them combine.
    Variants {
        #[arg(long, default_value = DEFAULT_SCENARIO)]
        scenario: PathBuf,
    },
    /// Play the historical course (scenarios/…/history.ron) through the rules and compare its
    /// milestones with history.
    History {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of seeds to play (from --seed on); more than one prints the fidelity table only.
        #[arg(long, default_value_t = 1)]
        runs: u64,
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
    /// Write the game's generated art as PNG for review: terrain tiles, map overlay and grid,
    /// unit counters, markers, civilian symbols, a contact sheet and a composed preview.
    Art {
        /// Output directory (created if missing).
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = DEFAULT_MAP)]
        map: PathBuf,
        /// Hex circumradius in pixels for the tiles, overlay and preview (rounded to whole pixels).
        #[arg(long, default_value_t = 24.0)]
        hex_px: f32,
    },
    /// Play many headless games in parallel; write games.csv, summary.txt (and compare.svg).
    Simulate(crate::simulate_cli::SimulateArgs),
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        None => {
            let w = cli.window;
            crate::game::run(
                crate::game::LaunchOptions {
                    screenshot: w.screenshot,
                    shot: w.shot,
                    turn: w.turn,
                    overlays: w.overlays,
                    seed: w.seed,
                    size: w.size,
                    zoom: w.zoom,
                    bench: w.bench,
                },
                started,
            )
        }
        Some(Command::Validate {
            files,
            variants,
            ai,
        }) => {
            let files: Vec<PathBuf> = files.iter().map(|f| locate(f)).collect();
            validate(&files, &variants, ai.as_deref())
        }
        Some(Command::Mapgen {
            geography,
            out,
            check,
        }) => mapgen(&locate(&geography), &locate(&out), check),
        Some(Command::Map { png, map, scale }) => draw_map(&locate(&map), &png, scale),
        Some(Command::Art { out, map, hex_px }) => write_art(&locate(&map), &out, hex_px),
        Some(Command::History {
            seed,
            runs,
            scenario,
        }) => history(seed, runs, &locate(&scenario)),
        Some(Command::Play {
            headless,
            seed,
            fog,
            scenario,
            variants,
            record,
            policies,
        }) => {
            let opts = PlayOptions {
                headless,
                seed,
                fog,
                policies: policies.policies(),
            };
            play(&opts, &locate(&scenario), &variants, record.as_deref())
        }
        Some(Command::Replay { file, scenario }) => replay(&file, &locate(&scenario)),
        Some(Command::Variants { scenario }) => list_variants(&locate(&scenario)),
        Some(Command::Simulate(args)) => crate::simulate_cli::run(args),
    }
}

fn validate(files: &[PathBuf], variants: &[String], ai: Option<&Path>) -> ExitCode {
    let mut ok = true;
    for f in files {
        match load_scenario(f, variants) {
            Ok(s) => {
                println!("{}: valid\n", s.path.display());
                println!("{}", s.summary());
                // The AI levels: the file named on the command line, or the scenario's own.
                let dir = s.path.parent().unwrap_or(Path::new("."));
                let levels = ai.map_or_else(|| dir.join(AI_FILE), Path::to_path_buf);
                if ai.is_some() || levels.exists() {
                    match AiLevels::load(&levels) {
                        Ok(l) => println!(
                            "{}: AI levels {} (default {})",
                            levels.display(),
                            l.names().join(", "),
                            l.default
                        ),
                        Err(e) => {
                            ok = false;
                            eprintln!("{e}");
                        }
                    }
                }
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

/// How `kalbajar play` plays: window or not, seed, fog of war, and each side's policy.
struct PlayOptions {
    headless: bool,
    seed: u64,
    fog: bool,
    /// Armenian first.
    policies: [Policy; 2],
}

fn play(
    opts: &PlayOptions,
    scenario: &Path,
    variants: &[String],
    record: Option<&Path>,
) -> ExitCode {
    let PlayOptions {
        headless,
        seed,
        fog,
        ..
    } = *opts;
    if !headless {
        eprintln!(
            "`kalbajar play` runs headless games: add --headless, or run `kalbajar` without a \
             subcommand to open the game window"
        );
        return ExitCode::FAILURE;
    }
    let scenario = match load_scenario(scenario, variants) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let mut recorder = Recorder::new(scenario.into(), seed, fog).with_variants(variants.to_vec());
    // Each side's player, with its own pick stream for the random baseline.
    let mut players = [
        opts.policies[0].player(seed ^ 0xA5A5_0000_0000_0001),
        opts.policies[1].player(seed ^ 0x5A5A_0000_0000_0002),
    ];
    let commands = recorder.play_out_with(100_000, &mut |game| {
        players[side_index(game.state().active)].next_command(game)
    });
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
    if let Some(o) = &s.outcome {
        let winner = o.winner.map_or_else(String::new, |w| format!("{w:?} "));
        let _ = writeln!(
            out,
            "Result: {winner}{} (Armenian {}, Azerbaijani {}); policies: Armenian {}, Azerbaijani {}",
            o.level,
            o.armenian,
            o.azerbaijani,
            opts.policies[0].name(),
            opts.policies[1].name()
        );
    }
    ExitCode::SUCCESS
}

/// `kalbajar replay FILE`: re-runs a replay or saved game and reports the first difference.
fn replay(file: &Path, scenario: &Path) -> ExitCode {
    let recording = match read_recording(file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // The scenario as it was recorded: with the same what-if variants applied.
    let variants = match &recording {
        Recording::Replay(r) => r.variants.clone(),
        Recording::Save(s) => s.replay.variants.clone(),
    };
    let scenario = match load_scenario(scenario, &variants) {
        Ok(s) => std::sync::Arc::new(s),
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
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

fn history(seed: u64, runs: u64, scenario: &Path) -> ExitCode {
    use kalbajar_core::history::{self, History};
    let scenario = match Scenario::load(scenario) {
        Ok(s) => std::sync::Arc::new(s),
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let path = scenario
        .path
        .parent()
        .unwrap_or(Path::new("."))
        .join("history.ron");
    let h: History = match read_ron(&path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let problems = h.check(&scenario);
    if !problems.is_empty() {
        eprintln!("{}: {} error(s):", path.display(), problems.len());
        for p in problems {
            eprintln!("  - {p}");
        }
        return ExitCode::FAILURE;
    }
    if runs == 0 {
        eprintln!("--runs must be at least 1");
        return ExitCode::FAILURE;
    }
    let label = |t: u32| kalbajar_core::rules::chronicle::turn_label(&scenario, t);
    let mut out = std::io::stdout().lock();
    let results = if runs == 1 {
        let (game, run) = history::run(std::sync::Arc::clone(&scenario), &h, seed);
        let mut noted = 0;
        for line in game.chronicle() {
            // The historical note of each turn stands before what the rules made of it.
            for t in h.orders.iter().filter(|t| t.note.is_some()) {
                let start = format!("{}: turn {} of", label(t.turn), t.turn);
                if line.starts_with(&start) && noted < t.turn {
                    let _ = writeln!(
                        out,
                        "  [history, {}] {}",
                        label(t.turn),
                        t.note.as_deref().unwrap_or_default()
                    );
                }
            }
            if let Some(t) = line
                .split(": turn ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<u32>().ok())
            {
                noted = noted.max(t);
            }
            if writeln!(out, "{line}").is_err() {
                return ExitCode::SUCCESS;
            }
        }
        vec![run]
    } else {
        let seeds: Vec<u64> = (seed..seed.saturating_add(runs)).collect();
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        history::runs(&scenario, &h, &seeds, threads)
    };
    let _ = writeln!(
        out,
        "\nFidelity over {} run(s) from seed {seed}:",
        results.len()
    );
    let _ = writeln!(
        out,
        "{:<48} {:>14} {:>16} {:>8} {:>10}",
        "milestone", "historical", "simulated", "diff", "within ±1"
    );
    for (i, m) in h.milestones.iter().enumerate() {
        let simulated = if runs == 1 {
            results[0].turns[i].map_or_else(|| "did not happen".to_string(), label)
        } else {
            let happened: Vec<u32> = results.iter().filter_map(|r| r.turns[i]).collect();
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let mean =
                happened.iter().map(|t| f64::from(*t)).sum::<f64>() / happened.len().max(1) as f64;
            if happened.is_empty() {
                "did not happen".into()
            } else {
                format!("mean turn {mean:.1}")
            }
        };
        let diff = if runs == 1 {
            results[0].turns[i].map_or_else(
                || "-".into(),
                |t| format!("{:+}", i64::from(t) - i64::from(m.turn)),
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:<48} {:>14} {:>16} {:>8} {:>9.0}%",
            m.title,
            label(m.turn),
            simulated,
            diff,
            100.0 * history::within(&h, &results, i, 1)
        );
    }
    let range = |f: &history::Figure| match (f.min, f.max) {
        (Some(lo), Some(hi)) => format!("{lo:.0}-{hi:.0}"),
        (Some(lo), None) => format!("at least {lo:.0}"),
        (None, Some(hi)) => format!("at most {hi:.0}"),
        (None, None) => "-".into(),
    };
    let _ = writeln!(
        out,
        "\nFinal figures over {} run(s): mean, 10th-90th percentile, runs within the sources' range",
        results.len()
    );
    let _ = writeln!(
        out,
        "{:<40} {:>8} {:>15} {:>14} {:>7}  verdict (mean)",
        "figure", "mean", "p10-p90", "sources", "runs"
    );
    for f in &h.figures {
        let (mean, p10, p90) = history::spread(&results, f.measure);
        let runs_in = results
            .iter()
            .filter(|r| f.within(r.value(f.measure)))
            .count();
        let _ = writeln!(
            out,
            "{:<40} {:>8.0} {:>15} {:>14} {:>6}%  {}",
            f.title,
            mean,
            format!("{p10:.0}-{p90:.0}"),
            range(f),
            100 * runs_in / results.len().max(1),
            if f.within(mean) { "within" } else { "OUTSIDE" }
        );
    }
    ExitCode::SUCCESS
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

fn write_art(map: &Path, out: &Path, hex_px: f32) -> ExitCode {
    match crate::art::review::write_all(map, out, hex_px) {
        Ok(files) => {
            println!("wrote {} images to {}", files.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Loads a scenario with what-if variants applied (none: the scenario as written).
fn load_scenario(
    path: &Path,
    variants: &[String],
) -> Result<Scenario, Vec<kalbajar_core::load::LoadError>> {
    let names: Vec<&str> = variants.iter().map(String::as_str).collect();
    Scenario::load_with_variants(path, &names)
}

/// `kalbajar variants`: each variant's id, title and description, and which others it
/// combines with.
fn list_variants(scenario: &Path) -> ExitCode {
    let base = match Scenario::load(scenario) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let dir = base.path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let all = match variant::read_all(&dir) {
        Ok(v) => v,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    if all.is_empty() {
        println!(
            "{} has no variants (put them in {})",
            base.file.title,
            dir.join(variant::VARIANTS_DIR).display()
        );
        return ExitCode::SUCCESS;
    }
    let mut ok = true;
    // A closed pipe (`| head`) ends the listing quietly.
    let mut stdout = std::io::stdout().lock();
    macro_rules! say {
        ($($t:tt)*) => {
            if writeln!(stdout, $($t)*).is_err() {
                return ExitCode::SUCCESS;
            }
        };
    }
    say!("What-if variants of {}\n", base.file.title);
    for (path, v) in &all {
        say!("{}: {}", v.id, v.title);
        for line in wrap(v.description.trim(), 76) {
            say!("    {line}");
        }
        if let Err(problems) = base.with_variants(std::slice::from_ref(v)) {
            ok = false;
            say!("    Does not apply ({}):", path.display());
            for p in problems {
                say!("      - {p}");
            }
            say!("");
            continue;
        }
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for (_, other) in all.iter().filter(|(_, o)| o.id != v.id) {
            match base.with_variants(&[v.clone(), other.clone()]) {
                Ok(_) => with.push(other.id.clone()),
                Err(problems) => without.push(format!(
                    "{} ({})",
                    other.id,
                    problems.first().map_or("", String::as_str)
                )),
            }
        }
        let none = || "none".to_string();
        let with = if with.is_empty() {
            none()
        } else {
            with.join(", ")
        };
        for line in wrap(&format!("Combines with: {with}"), 76) {
            say!("    {line}");
        }
        for w in &without {
            for line in wrap(&format!("Does not combine with: {w}"), 76) {
                say!("    {line}");
            }
        }
        say!("");
    }
    say!("Apply them with --variant ID (repeatable) on `validate` and `play`.");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Words of `text` in lines of at most `width` characters (a longer word stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
