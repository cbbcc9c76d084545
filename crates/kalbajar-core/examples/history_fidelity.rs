//! The historical course over many seeds, without the desktop game: per final figure the mean,
//! minimum, 10th and 90th percentile, maximum and the share of runs within the sources' range;
//! per milestone the share of runs within one turn of its date.
//!
//! `cargo run -p kalbajar-core --release --example history_fidelity -- [--runs N] [--seed S]
//! [--scenario DIR]` (100 runs from seed 1 of `scenarios/kalbajar_1993` unless told; the runs
//! are shared between two threads).

use kalbajar_core::history::{self, History, Run};
use kalbajar_core::load::read_ron;
use kalbajar_core::scenario::Scenario;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let mut runs = 100u64;
    let mut seed = 1u64;
    let mut dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<u64>().ok());
        match (a.as_str(), number, value) {
            ("--runs", Some(v), _) if v > 0 => runs = v,
            ("--seed", Some(v), _) => seed = v,
            ("--scenario", _, Some(v)) => dir = v.into(),
            _ => {
                eprintln!("usage: history_fidelity [--runs N] [--seed S] [--scenario DIR]");
                return ExitCode::FAILURE;
            }
        }
    }
    let sc = match Scenario::load(&dir) {
        Ok(s) => Arc::new(s),
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let h: History = match read_ron(&dir.join("history.ron")) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let seeds: Vec<u64> = (seed..seed.saturating_add(runs)).collect();
    let results: Vec<Run> = history::runs(&sc, &h, &seeds, 2);
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let share = |n: usize| 100.0 * n as f64 / results.len() as f64;
    println!(
        "{} runs from seed {seed}\n\n{:<42} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        results.len(),
        "figure",
        "mean",
        "min",
        "p10",
        "p90",
        "max",
        "in range"
    );
    for f in &h.figures {
        let (mean, p10, p90) = history::spread(&results, f.measure);
        let values = results.iter().map(|r| r.value(f.measure));
        let min = values.clone().fold(f64::INFINITY, f64::min);
        let max = values.fold(f64::NEG_INFINITY, f64::max);
        let inside = results
            .iter()
            .filter(|r| f.within(r.value(f.measure)))
            .count();
        println!(
            "{:<42} {mean:>9.0} {min:>9.0} {p10:>9.0} {p90:>9.0} {max:>9.0} {:>8.0}%{}",
            f.title,
            share(inside),
            if f.within(mean) {
                ""
            } else {
                "  (mean outside)"
            }
        );
    }
    println!("\n{:<52} {:>10} {:>10}", "milestone", "turn", "within ±1");
    for (i, m) in h.milestones.iter().enumerate() {
        println!(
            "{:<52} {:>10} {:>9.0}%",
            m.title,
            m.turn,
            100.0 * history::within(&h, &results, i, 1)
        );
    }
    ExitCode::SUCCESS
}
