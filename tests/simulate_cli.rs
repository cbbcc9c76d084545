//! `kalbajar simulate`: the CSV has one row per game in seed order, the summary agrees with
//! it, the output does not depend on thread scheduling, `--compare` draws the SVG chart, and
//! bad arguments fail with a clear error instead of a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kalbajar");

/// A fresh output directory under the target directory for one test.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("simulate-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn simulate(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("simulate")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn dump(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stderr ---\n{}--- stdout ---\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    )
}

/// Runs a batch that must succeed and returns its stdout.
fn simulate_ok(args: &[&str]) -> String {
    let o = simulate(args);
    assert!(o.status.success(), "{}", dump(&o));
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSV rows as header-keyed records (the writer's quoting is only needed for the date,
/// which holds one comma inside quotes).
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let split = |line: &str| -> Vec<String> {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        fields.push(cur);
        fields
    };
    let mut lines = text.lines();
    let header = split(lines.next().expect("a header"));
    let rows: Vec<Vec<String>> = lines.map(split).collect();
    for r in &rows {
        assert_eq!(r.len(), header.len(), "row {r:?}");
    }
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// The count on a summary line that starts (after indentation) with `label`.
fn summary_count(summary: &str, section: &str, label: &str) -> usize {
    let n = summary_number(summary, section, label);
    assert!(n.fract() == 0.0 && n >= 0.0, "{label}: {n}");
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked"
    )]
    let n = n as usize;
    n
}

/// The first number on a summary line that starts (after indentation) with `label`, in the
/// section headed `section`.
fn summary_number(summary: &str, section: &str, label: &str) -> f64 {
    let body = summary
        .split_once(&format!("\n{section}"))
        .or_else(|| summary.split_once(section))
        .unwrap_or_else(|| panic!("no section {section}:\n{summary}"))
        .1;
    let line = body
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label} under {section}:\n{summary}"));
    line[2 + 32..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn a_small_batch_writes_one_row_per_game_and_a_matching_summary() {
    let dir = out_dir("small");
    let stdout = simulate_ok(&[
        "--runs",
        "6",
        "--threads",
        "2",
        "--seed-from",
        "10",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let (header, rows) = csv_rows(&read(&dir.join("games.csv")));
    assert_eq!(rows.len(), 6);
    let seeds: Vec<&str> = column(&header, &rows, "seed");
    assert_eq!(seeds, ["10", "11", "12", "13", "14", "15"]);
    assert!(
        column(&header, &rows, "variants")
            .iter()
            .all(|v| *v == "historical")
    );

    let summary = read(&dir.join("summary.txt"));
    assert!(
        stdout.starts_with(&summary),
        "the printed summary is the file's"
    );
    for heading in [
        "Wins by side",
        "Victory levels",
        "Points",
        "Kalbajar fell",
        "Civilians",
        "Losses",
    ] {
        assert!(summary.contains(heading), "no {heading}:\n{summary}");
    }
    assert!(summary.contains("seeds 10..=15"), "{summary}");

    // The wins add up to the runs and agree with the CSV.
    let winners = column(&header, &rows, "winner");
    let arm = summary_count(&summary, "Wins by side", "Armenian");
    let az = summary_count(&summary, "Wins by side", "Azerbaijani");
    let none = summary_count(&summary, "Wins by side", "none");
    assert_eq!(arm + az + none, 6, "{summary}");
    assert_eq!(arm, winners.iter().filter(|w| **w == "Armenian").count());
    assert_eq!(az, winners.iter().filter(|w| **w == "Azerbaijani").count());
    assert_eq!(none, winners.iter().filter(|w| **w == "none").count());

    // So does the town's fall: "never" and every turn in the CSV.
    let fell = column(&header, &rows, "town_fell_turn");
    assert_eq!(
        summary_count(&summary, "Kalbajar fell", "never"),
        fell.iter().filter(|f| **f == "never").count()
    );
    for t in fell.iter().filter(|f| **f != "never") {
        let label = format!("turn {t:>2}:");
        assert_eq!(
            summary_count(&summary, "Kalbajar fell", &label),
            fell.iter().filter(|f| *f == t).count(),
            "{label}\n{summary}"
        );
    }
    // A fallen town has a date; a standing one has "never" for both.
    for (turn, date) in fell.iter().zip(column(&header, &rows, "town_fell_date")) {
        assert_eq!(*turn == "never", date == "never");
        if *turn != "never" {
            assert!(date.contains("Apr") || date.contains("Mar"), "{date}");
        }
    }
    // Points: the mean printed is the CSV's.
    let points: Vec<f64> = column(&header, &rows, "armenian_points")
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    let mean = points.iter().sum::<f64>() / 6.0;
    let printed = summary_number(&summary, "Points", "Armenian");
    assert!((printed - mean).abs() < 0.051, "{printed} vs {mean}");
    // Every game has commands, and a level.
    for c in column(&header, &rows, "commands") {
        assert!(c.parse::<u32>().unwrap() > 0);
    }
}

#[test]
fn results_do_not_depend_on_thread_scheduling() {
    let one = out_dir("det-1");
    let two = out_dir("det-2");
    simulate_ok(&[
        "--runs",
        "4",
        "--threads",
        "2",
        "--out",
        one.to_str().unwrap(),
    ]);
    simulate_ok(&[
        "--runs",
        "4",
        "--threads",
        "1",
        "--out",
        two.to_str().unwrap(),
    ]);
    let a = std::fs::read(one.join("games.csv")).unwrap();
    let b = std::fs::read(two.join("games.csv")).unwrap();
    assert_eq!(a, b, "games.csv differs between runs");
    assert_eq!(
        std::fs::read(one.join("summary.txt")).unwrap(),
        std::fs::read(two.join("summary.txt")).unwrap()
    );
}

#[test]
fn the_random_baseline_is_deterministic_too() {
    let one = out_dir("random-1");
    let two = out_dir("random-2");
    for dir in [&one, &two] {
        simulate_ok(&[
            "--runs",
            "2",
            "--threads",
            "2",
            "--policy",
            "random",
            "--out",
            dir.to_str().unwrap(),
        ]);
    }
    let a = read(&one.join("games.csv"));
    assert_eq!(a, read(&two.join("games.csv")));
    assert_eq!(a.lines().count(), 3);
    assert!(read(&one.join("summary.txt")).contains("Armenian random, Azerbaijani random"));
}

#[test]
fn fog_of_war_changes_what_the_ai_sees_and_says_so() {
    let clear = out_dir("fog-off");
    let fogged = out_dir("fog-on");
    for (dir, fog) in [(&clear, false), (&fogged, true)] {
        let mut args = vec![
            "--runs",
            "3",
            "--policy",
            "ai",
            "--out",
            dir.to_str().unwrap(),
        ];
        if fog {
            args.push("--fog");
        }
        simulate_ok(&args);
    }
    // The normal level does not see through fog, so hidden enemies change its games.
    assert_ne!(
        read(&clear.join("games.csv")),
        read(&fogged.join("games.csv"))
    );
    assert!(read(&fogged.join("summary.txt")).contains("Azerbaijani ai:normal, fog of war =="));
    assert!(!read(&clear.join("summary.txt")).contains("fog of war"));
}

#[test]
fn compare_draws_a_chart_of_both_sets() {
    let dir = out_dir("compare");
    let stdout = simulate_ok(&[
        "--runs",
        "2",
        "--threads",
        "2",
        "--compare",
        "historical,historical",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(stdout.contains("== Comparison =="), "{stdout}");
    let svg = read(&dir.join("compare.svg"));
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    assert!(svg.trim_end().ends_with("</svg>"));
    // Both sets are named (the repeat as "historical (2)"), in the bars and the legend.
    assert!(
        svg.contains(">\nhistorical\n<"),
        "no label of the first set"
    );
    assert!(svg.contains("historical (2)"), "no label of the second set");
    assert!(svg.contains("Victory levels per variant set"));
    assert!(svg.contains("Turn Kalbajar fell"));
    // Tags balance: every <text> closes.
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    // The CSV holds both sets with the same seeds.
    let (header, rows) = csv_rows(&read(&dir.join("games.csv")));
    assert_eq!(column(&header, &rows, "seed"), ["1", "2", "1", "2"]);
    // The same seeds give the same games in both sets.
    assert_eq!(rows[0][2..], rows[2][2..]);
    assert_eq!(rows[1][2..], rows[3][2..]);
}

#[test]
fn bad_arguments_fail_with_a_clear_error() {
    let dir = out_dir("bad");
    let out = dir.to_str().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--runs", "0", "--out", out], "--runs"),
        (
            &["--runs", "2", "--policy", "clever", "--out", out],
            "unknown policy 'clever'",
        ),
        (
            &["--runs", "2", "--variant", "no_such", "--out", out],
            "there is no variant \"no_such\"",
        ),
        (
            &[
                "--runs",
                "2",
                "--compare",
                "historical,no_such",
                "--out",
                out,
            ],
            "there is no variant \"no_such\"",
        ),
        (
            &["--runs", "2", "--threads", "0", "--out", out],
            "--threads",
        ),
        (
            &[
                "--runs",
                "2",
                "--compare",
                "historical,bad id",
                "--out",
                out,
            ],
            "bad variant set",
        ),
    ];
    for (args, expect) in cases {
        let o = simulate(args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            matches!(o.status.code(), Some(1 | 2)),
            "{args:?}: {}",
            dump(&o)
        );
        assert!(stderr.contains(expect), "{args:?}: {}", dump(&o));
        assert!(!stderr.contains("panicked"), "{args:?}: {}", dump(&o));
        assert!(!dir.join("games.csv").exists(), "{args:?} wrote output");
    }
    let o = simulate(&[
        "--runs",
        "2",
        "--seed-from",
        "18446744073709551615",
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", dump(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("largest seed"));
}
