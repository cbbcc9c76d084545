//! Batch analysis: many headless games of a scenario played in parallel, one record per game,
//! a summary of the results and a chart comparing variant sets.
//!
//! `kalbajar simulate` drives this module; the desktop game can call it the same way. Every
//! game depends only on its scenario, its seed and the side policies, never on how the threads
//! were scheduled: results come back sorted by variant set and seed.

use kalbajar_core::ai::{self, AiLevels, AiProfile};
use kalbajar_core::geography::Side;
use kalbajar_core::load::write_atomic;
use kalbajar_core::rules::chronicle::turn_label;
use kalbajar_core::rules::state::side_index;
use kalbajar_core::rules::{Command, Game, policy};
use kalbajar_core::scenario::Scenario;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

mod chart;

pub use chart::compare_svg;

/// The historical scenario shipped with the game.
pub const SCENARIO_PATH: &str = crate::cli::DEFAULT_SCENARIO;

/// The name of the empty variant set: the historical scenario as it is.
pub const HISTORICAL: &str = "historical";

/// A game still running after this many commands is recorded as unfinished.
pub const MAX_COMMANDS: usize = 100_000;

/// How one side chooses its commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Policy {
    /// The rules core's built-in policy ([`policy::next_command`]).
    Builtin,
    /// A uniformly picked legal command ([`policy::random_legal`]), from a pick stream seeded
    /// by the game seed: the baseline.
    Random,
    /// The operational AI ([`ai::Planner`]) at a level of the scenario's `ai.ron`.
    Ai(Box<AiProfile>),
}

/// The command-line options that choose each side's policy (`play` and `simulate`).
#[derive(clap::Args, Debug)]
pub struct PolicyArgs {
    /// The policy of both sides: builtin, random, ai (the AI at its default level) or
    /// ai:LEVEL (a level of the scenario's ai.ron: easy, normal, hard).
    #[arg(long, default_value = "builtin", value_parser = Policy::from_name)]
    policy: Policy,
    /// The Armenian side's policy (default: --policy).
    #[arg(long, value_name = "POLICY", value_parser = Policy::from_name)]
    armenian: Option<Policy>,
    /// The Azerbaijani side's policy (default: --policy).
    #[arg(long, value_name = "POLICY", value_parser = Policy::from_name)]
    azerbaijani: Option<Policy>,
}

impl PolicyArgs {
    /// Each side's policy, Armenian first: its own if given, else `--policy`.
    #[must_use]
    pub fn policies(self) -> [Policy; 2] {
        [
            self.armenian.unwrap_or_else(|| self.policy.clone()),
            self.azerbaijani.unwrap_or(self.policy),
        ]
    }
}

impl Policy {
    /// The baselines, in the order the help lists them.
    pub const BASELINES: [Policy; 2] = [Policy::Builtin, Policy::Random];

    /// The name used on the command line and in the summary.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Policy::Builtin => "builtin".into(),
            Policy::Random => "random".into(),
            Policy::Ai(p) => format!("ai:{}", p.id),
        }
    }

    /// The policy of a name: `builtin`, `random`, `ai` (the AI at the default level of the
    /// historical scenario's `ai.ron`) or `ai:LEVEL`.
    ///
    /// # Errors
    /// A message naming the known policies and levels, or the AI file's load error.
    pub fn from_name(name: &str) -> Result<Self, String> {
        if let Some(p) = Self::BASELINES.into_iter().find(|p| p.name() == name) {
            return Ok(p);
        }
        let level = match name.split_once(':') {
            None if name == "ai" => None,
            Some(("ai", level)) => Some(level),
            _ => {
                return Err(format!(
                    "unknown policy '{name}': expected one of builtin, random, ai, ai:LEVEL"
                ));
            }
        };
        let scenario = crate::data::locate(Path::new(SCENARIO_PATH));
        let dir = scenario.parent().unwrap_or(Path::new("."));
        let levels = AiLevels::load(dir).map_err(|e| e.to_string())?;
        let profile = match level {
            None => levels.default_level(),
            Some(l) => levels.get(l).ok_or_else(|| {
                format!(
                    "unknown AI level '{l}': {} has {}",
                    dir.join(ai::AI_FILE).display(),
                    levels.names().join(", ")
                )
            })?,
        };
        Ok(Policy::Ai(Box::new(profile.clone())))
    }

    /// A player for one side of one game; `seed` seeds the random baseline's pick stream.
    #[must_use]
    pub fn player(&self, seed: u64) -> Player {
        match self {
            Policy::Builtin => Player::Builtin,
            Policy::Random => Player::Random(SplitMix64(seed)),
            Policy::Ai(p) => Player::Ai(Box::new(ai::Planner::new((**p).clone()))),
        }
    }
}

/// One side of one game in play: the policy with whatever it keeps between commands.
pub enum Player {
    Builtin,
    /// The random baseline with its own pick stream.
    Random(SplitMix64),
    Ai(Box<ai::Planner>),
}

impl Player {
    /// The next command for the side to move.
    pub fn next_command(&mut self, game: &Game) -> Command {
        match self {
            Player::Builtin => policy::next_command(game),
            Player::Random(picks) => policy::random_legal(game, picks.next_u64()),
            Player::Ai(planner) => planner.next_command(game),
        }
    }
}

/// A small deterministic pick stream (splitmix64), separate from the game's own generator so
/// that picking does not change the dice.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Reads a variant set: "historical" is the empty set, otherwise variant ids joined by '+'.
///
/// # Errors
/// An empty id or one with characters other than letters, digits, '_' and '-'.
pub fn parse_variant_set(spec: &str) -> Result<Vec<String>, String> {
    let spec = spec.trim();
    if spec == HISTORICAL {
        return Ok(Vec::new());
    }
    spec.split('+')
        .filter(|id| id.trim() != HISTORICAL)
        .map(|id| {
            let id = id.trim();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                Err(format!(
                    "bad variant set '{spec}': expected '{HISTORICAL}' or variant ids joined by '+'"
                ))
            } else {
                Ok(id.to_string())
            }
        })
        .collect()
}

/// Loads the historical scenario with these variants applied (none: the historical one).
///
/// # Errors
/// The scenario's load errors, or an unknown variant.
pub fn load_scenario(variants: &[String]) -> Result<Arc<Scenario>, String> {
    // "historical" names the base scenario; every other name is a what-if variant.
    let names: Vec<&str> = variants
        .iter()
        .map(String::as_str)
        .filter(|v| *v != HISTORICAL)
        .collect();
    Scenario::load_with_variants(&crate::data::locate(Path::new(SCENARIO_PATH)), &names)
        .map(Arc::new)
        .map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })
}

/// One set of variants to play, with the scenario it makes.
#[derive(Debug, Clone)]
pub struct VariantSet {
    /// The variants applied to the historical scenario (none: the historical one).
    pub variants: Vec<String>,
    pub scenario: Arc<Scenario>,
}

impl VariantSet {
    /// The name shown in the summary, the CSV and the chart: "historical" or the variant ids
    /// joined by '+'.
    #[must_use]
    pub fn label(&self) -> String {
        if self.variants.is_empty() {
            HISTORICAL.to_string()
        } else {
            self.variants.join("+")
        }
    }

    /// Loads a variant set from its spec ("historical" or ids joined by '+').
    ///
    /// # Errors
    /// A bad spec or a scenario that does not load.
    pub fn load(spec: &str) -> Result<Self, String> {
        let variants = parse_variant_set(spec)?;
        let scenario = load_scenario(&variants)?;
        Ok(Self { variants, scenario })
    }
}

/// What to run: the same seeds for every variant set.
#[derive(Debug, Clone)]
pub struct Batch {
    pub sets: Vec<VariantSet>,
    /// Games per variant set.
    pub runs: u64,
    /// The first seed; the games use `seed_from .. seed_from + runs`.
    pub seed_from: u64,
    /// The policy of each side, Armenian first.
    pub policies: [Policy; 2],
    /// Fog of war: the AI then sees only what its side observes (unless its level sees
    /// through fog), and the built-in policy aims only at enemies its side can see.
    pub fog: bool,
}

impl Batch {
    /// The seeds every variant set is played with.
    ///
    /// # Errors
    /// When `runs` is 0 or the seeds would pass the largest `u64`.
    pub fn seeds(&self) -> Result<std::ops::Range<u64>, String> {
        if self.runs == 0 {
            return Err("--runs must be at least 1".into());
        }
        let end = self
            .seed_from
            .checked_add(self.runs)
            .ok_or_else(|| "--seed-from plus --runs passes the largest seed".to_string())?;
        Ok(self.seed_from..end)
    }

    /// Games in the whole batch.
    #[must_use]
    pub fn total_games(&self) -> u64 {
        self.runs.saturating_mul(self.sets.len() as u64)
    }
}

/// The result of one game.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameRecord {
    pub seed: u64,
    /// The variant set's label.
    pub variants: String,
    /// `None` for a draw or an unfinished game.
    pub winner: Option<Side>,
    /// The scenario's level name, "draw", or "unfinished".
    pub level: String,
    /// Victory points, Armenian first.
    pub points: [i32; 2],
    pub town_fell: Option<u32>,
    /// The date label of `town_fell`.
    pub town_fell_label: Option<String>,
    pub evacuated_road: u64,
    pub evacuated_air: u64,
    pub civilians_moving: u64,
    pub civilians_at_home: u64,
    pub civilian_casualties: u64,
    pub civilians_detained: u64,
    /// Steps lost by each side, Armenian first.
    pub steps_lost: [u32; 2],
    /// Men taken prisoner from each side, Armenian first.
    pub prisoners: [u32; 2],
    pub commands: usize,
}

impl GameRecord {
    /// "Armenian decisive", "draw", ...: the row of the victory-level table.
    #[must_use]
    pub fn result_label(&self) -> String {
        match self.winner {
            Some(side) => format!("{} {}", side_name(side), self.level),
            None => self.level.clone(),
        }
    }
}

const UNFINISHED: &str = "unfinished";

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Armenian => "Armenian",
        Side::Azerbaijani => "Azerbaijani",
    }
}

/// Plays one game to its end (or [`MAX_COMMANDS`]) and records the result.
#[must_use]
pub fn play_one(set: &VariantSet, seed: u64, policies: &[Policy; 2], fog: bool) -> GameRecord {
    let mut game = Game::new(Arc::clone(&set.scenario), seed, fog);
    let mut players = [
        policies[0].player(seed ^ 0xA5A5_0000_0000_0001),
        policies[1].player(seed ^ 0x5A5A_0000_0000_0002),
    ];
    let mut commands = 0;
    while !game.is_over() && commands < MAX_COMMANDS {
        let side = side_index(game.state().active);
        let command = players[side].next_command(&game);
        if game.execute(command).is_err() {
            // The policies only give checked commands; a refusal ends the game here rather
            // than looping on it.
            break;
        }
        commands += 1;
    }
    let s = game.state();
    let (winner, level, points) = match &s.outcome {
        Some(o) => (o.winner, o.level.clone(), [o.armenian, o.azerbaijani]),
        None => (
            None,
            UNFINISHED.to_string(),
            [s.points[0].total(), s.points[1].total()],
        ),
    };
    let c = &s.civilians;
    GameRecord {
        seed,
        variants: set.label(),
        winner,
        level,
        points,
        town_fell: s.town_fell,
        town_fell_label: s.town_fell.map(|t| turn_label(&set.scenario, t)),
        evacuated_road: c.evacuated_road,
        evacuated_air: c.evacuated_air,
        civilians_moving: s.moving_civilians(),
        civilians_at_home: s.present_civilians(),
        civilian_casualties: c.casualties,
        civilians_detained: c.captured,
        steps_lost: s.steps_lost,
        prisoners: s.prisoners,
        commands,
    }
}

/// The games of one variant set, in seed order.
#[derive(Debug, Clone)]
pub struct SetResult {
    pub set: VariantSet,
    pub games: Vec<GameRecord>,
}

/// Plays the batch on a pool of `threads` threads (`None`: one per core). `on_game` is called
/// after each game, from whichever thread played it (for a progress bar).
///
/// # Errors
/// Bad seeds or a thread pool that cannot be built.
pub fn run_batch(
    batch: &Batch,
    threads: Option<usize>,
    on_game: &(dyn Fn() + Sync),
) -> Result<Vec<SetResult>, String> {
    let seeds = batch.seeds()?;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        if t == 0 {
            return Err("--threads must be at least 1".into());
        }
        builder = builder.num_threads(t);
    }
    let pool = builder
        .build()
        .map_err(|e| format!("cannot start the worker threads: {e}"))?;
    let jobs: Vec<(usize, u64)> = (0..batch.sets.len())
        .flat_map(|i| seeds.clone().map(move |seed| (i, seed)))
        .collect();
    let mut records: Vec<(usize, GameRecord)> = pool.install(|| {
        jobs.par_iter()
            .map(|&(i, seed)| {
                let record = play_one(&batch.sets[i], seed, &batch.policies, batch.fog);
                on_game();
                (i, record)
            })
            .collect()
    });
    records.sort_by_key(|(i, r)| (*i, r.seed));
    let mut out: Vec<SetResult> = batch
        .sets
        .iter()
        .map(|set| SetResult {
            set: set.clone(),
            games: Vec::new(),
        })
        .collect();
    for (i, r) in records {
        out[i].games.push(r);
    }
    Ok(out)
}

/// The CSV header of [`games_csv`].
pub const CSV_HEADER: [&str; 19] = [
    "seed",
    "variants",
    "winner",
    "level",
    "armenian_points",
    "azerbaijani_points",
    "town_fell_turn",
    "town_fell_date",
    "evacuated_road",
    "evacuated_air",
    "civilians_moving",
    "civilians_at_home",
    "civilian_casualties",
    "civilians_detained",
    "armenian_steps_lost",
    "azerbaijani_steps_lost",
    "armenian_prisoners",
    "azerbaijani_prisoners",
    "commands",
];

/// One CSV row per game: a header, then the games by variant set and seed. The town's fall
/// is "never" when it held.
///
/// # Errors
/// Only if the CSV writer fails (it writes to memory).
pub fn games_csv(results: &[SetResult]) -> Result<Vec<u8>, String> {
    let err = |e: csv::Error| format!("cannot write the CSV: {e}");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(err)?;
    for g in results.iter().flat_map(|r| &r.games) {
        let fell_turn = g
            .town_fell
            .map_or_else(|| "never".into(), |t| t.to_string());
        let fell_date = g.town_fell_label.clone().unwrap_or_else(|| "never".into());
        let winner = g.winner.map_or("none", side_name);
        w.write_record([
            g.seed.to_string(),
            g.variants.clone(),
            winner.to_string(),
            g.level.clone(),
            g.points[0].to_string(),
            g.points[1].to_string(),
            fell_turn,
            fell_date,
            g.evacuated_road.to_string(),
            g.evacuated_air.to_string(),
            g.civilians_moving.to_string(),
            g.civilians_at_home.to_string(),
            g.civilian_casualties.to_string(),
            g.civilians_detained.to_string(),
            g.steps_lost[0].to_string(),
            g.steps_lost[1].to_string(),
            g.prisoners[0].to_string(),
            g.prisoners[1].to_string(),
            g.commands.to_string(),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| format!("cannot write the CSV: {}", e.error()))
}

/// The victory-level rows in order from the strongest Armenian result through a draw to the
/// strongest Azerbaijani one, then "unfinished" if any game did not end.
#[must_use]
pub fn result_rows(results: &[SetResult]) -> Vec<String> {
    let levels: Vec<String> = results.first().map_or_else(Vec::new, |r| {
        r.set
            .scenario
            .rules
            .victory
            .levels
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    });
    let mut rows: Vec<String> = levels.iter().map(|l| format!("Armenian {l}")).collect();
    rows.push("draw".into());
    rows.extend(levels.iter().rev().map(|l| format!("Azerbaijani {l}")));
    // Anything the games produced that the first scenario does not name (another variant's
    // levels, unfinished games) comes last, in a fixed order.
    let mut extra: Vec<String> = results
        .iter()
        .flat_map(|r| &r.games)
        .map(GameRecord::result_label)
        .filter(|l| !rows.contains(l))
        .collect();
    extra.sort();
    extra.dedup();
    rows.extend(extra);
    rows
}

/// Mean, p10, p50 and p90 (nearest rank) of some values; zeros when there are none.
#[must_use]
pub fn distribution(values: &[f64]) -> [f64; 4] {
    if values.is_empty() {
        return [0.0; 4];
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "game counts are small"
    )]
    let rank = |p: f64| {
        let r = (p * v.len() as f64).ceil() as usize;
        v[r.clamp(1, v.len()) - 1]
    };
    #[expect(clippy::cast_precision_loss, reason = "game counts are small")]
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    [mean, rank(0.1), rank(0.5), rank(0.9)]
}

#[expect(clippy::cast_precision_loss, reason = "game counts are small")]
fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

/// Counts of the town's fall by turn (`Some`) and "never" (`None`), in turn order, never last.
fn fell_counts(games: &[GameRecord]) -> Vec<(Option<u32>, usize)> {
    let mut by_turn: BTreeMap<u32, usize> = BTreeMap::new();
    let mut never = 0;
    for g in games {
        match g.town_fell {
            Some(t) => *by_turn.entry(t).or_default() += 1,
            None => never += 1,
        }
    }
    let mut out: Vec<(Option<u32>, usize)> =
        by_turn.into_iter().map(|(t, n)| (Some(t), n)).collect();
    out.push((None, never));
    out
}

/// The summary printed to the terminal and written to summary.txt: per variant set, the wins
/// and levels, the points, the town's fall, the civilians and the losses; with more than one
/// set, a comparison table at the end.
#[must_use]
pub fn summary_text(batch: &Batch, results: &[SetResult]) -> String {
    let mut s = String::new();
    let rows = result_rows(results);
    let last_seed = batch.seed_from.saturating_add(batch.runs.saturating_sub(1));
    for r in results {
        let games = &r.games;
        let n = games.len();
        let _ = writeln!(
            s,
            "== {}: {n} games, seeds {}..={last_seed}, policies: Armenian {}, Azerbaijani {}{} ==\n",
            r.set.label(),
            batch.seed_from,
            batch.policies[0].name(),
            batch.policies[1].name(),
            if batch.fog { ", fog of war" } else { "" }
        );
        let _ = writeln!(s, "{:<34}{:>6}{:>9}", "Wins by side", "games", "%");
        let count = |f: &dyn Fn(&GameRecord) -> bool| games.iter().filter(|g| f(g)).count();
        let sides: [(&str, usize); 3] = [
            ("Armenian", count(&|g| g.winner == Some(Side::Armenian))),
            (
                "Azerbaijani",
                count(&|g| g.winner == Some(Side::Azerbaijani)),
            ),
            ("none (draw or unfinished)", count(&|g| g.winner.is_none())),
        ];
        for (name, k) in sides {
            let _ = writeln!(s, "  {name:<32}{k:>6}{:>8.1}%", percent(k, n));
        }
        let _ = writeln!(s, "\n{:<34}{:>6}{:>9}", "Victory levels", "games", "%");
        for row in &rows {
            let k = count(&|g| &g.result_label() == row);
            let _ = writeln!(s, "  {row:<32}{k:>6}{:>8.1}%", percent(k, n));
        }
        let _ = writeln!(
            s,
            "\n{:<34}{:>10}{:>8}{:>8}{:>8}",
            "Points", "mean", "p10", "p50", "p90"
        );
        let pts = |f: &dyn Fn(&GameRecord) -> i64| -> Vec<f64> {
            #[expect(clippy::cast_precision_loss, reason = "points are small")]
            games.iter().map(|g| f(g) as f64).collect()
        };
        let point_rows: [(&str, Vec<f64>); 3] = [
            ("Armenian", pts(&|g| i64::from(g.points[0]))),
            ("Azerbaijani", pts(&|g| i64::from(g.points[1]))),
            (
                "margin (Armenian - Azerbaijani)",
                pts(&|g| i64::from(g.points[0]) - i64::from(g.points[1])),
            ),
        ];
        for (name, v) in &point_rows {
            write_dist(&mut s, name, v);
        }
        let _ = writeln!(s, "\n{:<34}{:>6}{:>9}", "Kalbajar fell", "games", "%");
        for (turn, k) in fell_counts(games) {
            let label = turn.map_or_else(
                || "never".to_string(),
                |t| format!("turn {t:>2}: {}", turn_label(&r.set.scenario, t)),
            );
            let _ = writeln!(s, "  {label:<32}{k:>6}{:>8.1}%", percent(k, n));
        }
        let _ = writeln!(
            s,
            "\n{:<34}{:>10}{:>8}{:>8}{:>8}",
            "Civilians", "mean", "p10", "p50", "p90"
        );
        let civ = |f: &dyn Fn(&GameRecord) -> u64| -> Vec<f64> {
            #[expect(clippy::cast_precision_loss, reason = "populations are small")]
            games.iter().map(|g| f(g) as f64).collect()
        };
        let civilian_rows: [(&str, Vec<f64>); 7] = [
            ("evacuated by road", civ(&|g| g.evacuated_road)),
            ("evacuated by air", civ(&|g| g.evacuated_air)),
            (
                "evacuated in all",
                civ(&|g| g.evacuated_road + g.evacuated_air),
            ),
            ("still on the move", civ(&|g| g.civilians_moving)),
            ("at home", civ(&|g| g.civilians_at_home)),
            ("dead or wounded", civ(&|g| g.civilian_casualties)),
            ("detained", civ(&|g| g.civilians_detained)),
        ];
        for (name, v) in &civilian_rows {
            write_dist(&mut s, name, v);
        }
        let _ = writeln!(
            s,
            "\n{:<34}{:>10}{:>8}{:>8}{:>8}",
            "Losses", "mean", "p10", "p50", "p90"
        );
        let loss_rows: [(&str, Vec<f64>); 4] = [
            ("Armenian steps lost", civ(&|g| g.steps_lost[0].into())),
            ("Azerbaijani steps lost", civ(&|g| g.steps_lost[1].into())),
            ("Armenian prisoners", civ(&|g| g.prisoners[0].into())),
            ("Azerbaijani prisoners", civ(&|g| g.prisoners[1].into())),
        ];
        for (name, v) in &loss_rows {
            write_dist(&mut s, name, v);
        }
        s.push('\n');
    }
    if results.len() > 1 {
        let _ = writeln!(s, "== Comparison ==\n");
        let _ = writeln!(
            s,
            "{:<24}{:>8}{:>8}{:>8}{:>8}{:>10}{:>10}{:>10}",
            "variant set", "Arm %", "Az %", "none %", "fell %", "fell p50", "evac mean", "cas mean"
        );
        for r in results {
            let n = r.games.len();
            let wins = |side| r.games.iter().filter(|g| g.winner == side).count();
            let fell: Vec<f64> = r
                .games
                .iter()
                .filter_map(|g| g.town_fell.map(f64::from))
                .collect();
            let fell_p50 = if fell.is_empty() {
                "never".to_string()
            } else {
                format!("turn {}", distribution(&fell)[2])
            };
            #[expect(clippy::cast_precision_loss, reason = "populations are small")]
            let evac: Vec<f64> = r
                .games
                .iter()
                .map(|g| (g.evacuated_road + g.evacuated_air) as f64)
                .collect();
            #[expect(clippy::cast_precision_loss, reason = "populations are small")]
            let cas: Vec<f64> = r
                .games
                .iter()
                .map(|g| g.civilian_casualties as f64)
                .collect();
            let _ = writeln!(
                s,
                "{:<24}{:>8.1}{:>8.1}{:>8.1}{:>8.1}{:>10}{:>10.0}{:>10.0}",
                r.set.label(),
                percent(wins(Some(Side::Armenian)), n),
                percent(wins(Some(Side::Azerbaijani)), n),
                percent(wins(None), n),
                percent(fell.len(), n),
                fell_p50,
                distribution(&evac)[0],
                distribution(&cas)[0]
            );
        }
        s.push('\n');
    }
    s
}

fn write_dist(s: &mut String, name: &str, values: &[f64]) {
    let [mean, p10, p50, p90] = distribution(values);
    let _ = writeln!(s, "  {name:<32}{mean:>10.1}{p10:>8}{p50:>8}{p90:>8}");
}

/// Writes `games.csv` and `summary.txt` into `dir` (made if missing), and `compare.svg` when
/// `chart` is set; each file is written whole or not at all. Returns the summary.
///
/// # Errors
/// A directory or file that cannot be written, naming it.
pub fn write_reports(
    dir: &Path,
    batch: &Batch,
    results: &[SetResult],
    chart: bool,
) -> Result<String, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the directory: {e}", dir.display()))?;
    let write =
        |name: &str, bytes: &[u8]| write_atomic(&dir.join(name), bytes).map_err(|e| e.to_string());
    write("games.csv", &games_csv(results)?)?;
    let summary = summary_text(batch, results);
    write("summary.txt", summary.as_bytes())?;
    if chart {
        write("compare.svg", compare_svg(results)?.as_bytes())?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_without_its_own_policy_takes_the_common_one() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            policies: PolicyArgs,
        }
        let parse = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("kalbajar").chain(args.iter().copied()))
                .expect("valid options")
                .policies
                .policies()
        };
        assert_eq!(parse(&[]), [Policy::Builtin, Policy::Builtin]);
        assert_eq!(
            parse(&["--policy", "random", "--armenian", "builtin"]),
            [Policy::Builtin, Policy::Random]
        );
        assert_eq!(
            parse(&["--azerbaijani", "random"]),
            [Policy::Builtin, Policy::Random]
        );
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(distribution(&v), [5.5, 1.0, 5.0, 9.0]);
        assert_eq!(distribution(&[7.0]), [7.0; 4]);
        assert_eq!(distribution(&[]), [0.0; 4]);
        // Order does not matter.
        let mut r = v.clone();
        r.reverse();
        assert_eq!(distribution(&r), distribution(&v));
    }

    #[test]
    fn variant_sets_parse() {
        assert!(parse_variant_set("historical").unwrap().is_empty());
        assert_eq!(
            parse_variant_set("air_bridge+no-snow").unwrap(),
            ["air_bridge", "no-snow"]
        );
        assert_eq!(parse_variant_set("historical+a").unwrap(), ["a"]);
        for bad in ["", "a+", "a b", "a,b", "<svg>"] {
            let e = parse_variant_set(bad).unwrap_err();
            assert!(e.contains("bad variant set"), "{bad}: {e}");
        }
    }

    #[test]
    fn variant_sets_load_the_real_variants() {
        let thaw = load_scenario(&["early_thaw".to_string()]).expect("a shipped variant");
        let base = load_scenario(&[HISTORICAL.to_string()]).expect("the historical scenario");
        assert_ne!(thaw.content_hash, base.content_hash);
        let e = load_scenario(&["air_bridge".to_string()]).unwrap_err();
        assert!(
            e.contains("no variant \"air_bridge\"") && e.contains("early_thaw"),
            "{e}"
        );
    }

    #[test]
    fn policies_have_names() {
        for p in Policy::BASELINES {
            assert_eq!(Policy::from_name(&p.name()), Ok(p));
        }
        let e = Policy::from_name("alphazero").unwrap_err();
        assert!(e.contains("builtin, random, ai"), "{e}");
    }

    #[test]
    fn ai_policies_name_their_level() {
        let ai = Policy::from_name("ai").expect("the shipped ai.ron loads");
        assert_eq!(ai.name(), "ai:normal");
        for level in ["easy", "normal", "hard"] {
            let p = Policy::from_name(&format!("ai:{level}")).expect("a shipped level");
            assert_eq!(p.name(), format!("ai:{level}"));
            assert_eq!(Policy::from_name(&p.name()), Ok(p));
        }
        let e = Policy::from_name("ai:grandmaster").unwrap_err();
        assert!(e.contains("easy, normal, hard"), "{e}");
    }

    #[test]
    fn seeds_must_fit() {
        let batch = |runs, seed_from| Batch {
            sets: Vec::new(),
            runs,
            seed_from,
            policies: [Policy::Builtin, Policy::Builtin],
            fog: false,
        };
        assert_eq!(batch(3, 5).seeds(), Ok(5..8));
        assert!(batch(0, 5).seeds().is_err());
        assert!(batch(2, u64::MAX).seeds().is_err());
    }

    #[test]
    fn the_pick_stream_is_splitmix64() {
        // The reference values of splitmix64 seeded with 0.
        let mut s = SplitMix64(0);
        assert_eq!(s.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(s.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
