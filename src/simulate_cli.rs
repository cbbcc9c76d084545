//! `kalbajar simulate`: the command-line face of [`crate::simulate`], with a progress bar.

use crate::simulate::{self, Batch, HISTORICAL, PolicyArgs, VariantSet};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kalbajar simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Games to play (for each variant set with --compare).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// A variant to apply ('historical': none); repeat for several.
    #[arg(long = "variant", value_name = "ID")]
    variants: Vec<String>,
    /// Play the same seeds for each variant set and draw compare.svg; a set is 'historical' or
    /// variant ids joined by '+'.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "A,B,...",
        conflicts_with = "variants"
    )]
    compare: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..1024))]
    threads: Option<u64>,
    /// Directory for games.csv, summary.txt and compare.svg.
    #[arg(long, default_value = "target/simulate")]
    out: PathBuf,
    /// The first seed; the games use seeds seed-from .. seed-from + runs.
    #[arg(long, default_value_t = 1)]
    seed_from: u64,
    #[command(flatten)]
    policies: PolicyArgs,
    /// Play with fog of war: the AI sees only what its side observes, unless its level sees
    /// through fog.
    #[arg(long)]
    fog: bool,
}

/// Runs `kalbajar simulate`.
pub fn run(args: SimulateArgs) -> ExitCode {
    match simulate_command(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn simulate_command(args: SimulateArgs) -> Result<(), String> {
    let specs: Vec<String> = if !args.compare.is_empty() {
        args.compare.clone()
    } else if args.variants.is_empty() {
        vec![HISTORICAL.to_string()]
    } else {
        vec![args.variants.join("+")]
    };
    let sets = specs
        .iter()
        .map(|s| VariantSet::load(s))
        .collect::<Result<Vec<_>, _>>()?;
    let batch = Batch {
        sets,
        runs: args.runs,
        seed_from: args.seed_from,
        policies: args.policies.policies(),
        fog: args.fog,
    };
    batch.seeds()?;
    let threads = args
        .threads
        .map(|t| usize::try_from(t).map_err(|_| "--threads is too large".to_string()))
        .transpose()?;
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(batch.total_games()), target);
    if let Ok(style) =
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} games, {eta} left")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let started = std::time::Instant::now();
    let results = simulate::run_batch(&batch, threads, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let summary = simulate::write_reports(&args.out, &batch, &results, !args.compare.is_empty())?;
    print!("{summary}");
    println!(
        "{} games in {:.1} s; wrote {}",
        batch.total_games(),
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
