//! The historical course as data: orders per turn and side, and dated milestones.
//!
//! Autoplay turns the orders into commands through the real rules engine — units advance
//! toward a place, attack a place, bombard, hold; a side evacuates, halts for refugee columns,
//! makes a choice — so what happens comes from the rules and the dice, not from a script.
//! Milestones (a place taken, a scenario event, the last helicopters, a bombardment) are
//! dated as the game runs and compared with their historical dates.

use crate::geography::{Side, Source};
use crate::hex::Offset;
use crate::rules::command::{Cargo, Command};
use crate::rules::event::Event;
use crate::rules::state::{Destination, Phase, UnitId, UnitStatus};
use crate::rules::{Ctx, Game, combat, movement};
use serde::{Deserialize, Serialize};

/// One order for a turn and side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// These units move as far as they can toward the place (and stop next to the enemy).
    Advance { units: Vec<String>, toward: String },
    /// These units attack the enemy in or next to the place when they stand next to it.
    Attack { units: Vec<String>, place: String },
    /// These artillery units fire at the enemy in the place, or at any enemy they can see.
    Bombard {
        units: Vec<String>,
        place: Option<String>,
    },
    /// These units go after an enemy unit: they move toward it and attack it once next to it,
    /// if given, only at these odds or better (the column the die is rolled on, after every
    /// shift); below them they stay next to it.
    Intercept {
        units: Vec<String>,
        enemy: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_odds: Option<(u32, u32)>,
    },
    /// These units stay and dig in.
    Hold { units: Vec<String> },
    /// The people of these places leave toward an exit or the helicopter pad.
    Evacuate {
        places: Vec<String>,
        destination: Destination,
    },
    /// The helicopters fly people out whenever they can.
    Airlift,
    /// No attack or fire this turn, so refugee columns can pass.
    HaltForColumns,
    /// A choice of a scenario event.
    Choose { event: String, option: usize },
}

/// The orders of one side for one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnOrders {
    pub turn: u32,
    pub side: Side,
    pub orders: Vec<Order>,
    /// What happened that turn, for the chronicle beside the simulated events.
    #[serde(default)]
    pub note: Option<String>,
    pub source: Source,
}

/// What marks a milestone as reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    /// The side holds the place at the end of a turn.
    Control { place: String, side: Side },
    /// A scenario event fired.
    Event(String),
    /// The helicopter flights ended.
    HelicoptersEnded,
    /// The side bombarded the place.
    Bombarded { place: String, side: Side },
    /// Units of the side of this historical axis moved.
    AxisMoved { axis: String, side: Side },
    /// Units of this axis attacked the place.
    AxisAttacked { axis: String, place: String },
}

/// A dated milestone of the historical course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub mark: Mark,
    /// The turn it happened on historically.
    pub turn: u32,
    pub source: Source,
}

/// A final figure of a run that the sources give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    /// Area of the key place's district the first side took, km².
    AreaTakenKm2,
    /// People brought out by road or air during the scenario (not those gone before).
    EvacuatedDuringScenario,
    /// People still on the roads at the end.
    StillOnRoads,
    /// People no longer at home: gone before, brought out, on the roads, dead, detained.
    Displaced,
    /// Civilians dead or wounded.
    Casualties,
}

/// The range the sources give for a final figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub title: String,
    pub measure: Measure,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub source: Source,
}

impl Figure {
    /// Whether a value lies within the sources' range.
    #[must_use]
    pub fn within(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// The history file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    pub orders: Vec<TurnOrders>,
    pub milestones: Vec<Milestone>,
    /// The final figures the sources give, with their ranges.
    #[serde(default)]
    pub figures: Vec<Figure>,
}

impl History {
    /// Every reference that must exist in the scenario, as `path: problem` lines.
    #[must_use]
    pub fn check(&self, sc: &crate::scenario::Scenario) -> Vec<String> {
        let mut errors = Vec::new();
        let unit = |id: &str| sc.file.units.iter().any(|u| u.id == id);
        let place = |id: &str| sc.map.place(id).is_some();
        for (i, t) in self.orders.iter().enumerate() {
            let at = format!("orders[{i}] (turn {}, {:?})", t.turn, t.side);
            if t.turn == 0 || t.turn > sc.file.turns {
                errors.push(format!("{at}: turn outside 1 to {}", sc.file.turns));
            }
            for (j, o) in t.orders.iter().enumerate() {
                let at = format!("{at}.orders[{j}]");
                let (units, places): (&[String], Vec<&str>) = match o {
                    Order::Advance { units, toward } => (units, vec![toward.as_str()]),
                    Order::Attack { units, place } => (units, vec![place.as_str()]),
                    Order::Bombard { units, place } => {
                        (units, place.iter().map(String::as_str).collect())
                    }
                    Order::Intercept { units, enemy, .. } => {
                        if !unit(enemy) {
                            errors.push(format!("{at}: unknown unit \"{enemy}\""));
                        }
                        (units, Vec::new())
                    }
                    Order::Hold { units } => (units, Vec::new()),
                    Order::Evacuate { places, .. } => {
                        (&[], places.iter().map(String::as_str).collect())
                    }
                    Order::Airlift | Order::HaltForColumns => (&[], Vec::new()),
                    Order::Choose { event, .. } => {
                        if !sc.file.events.iter().any(|e| &e.id == event) {
                            errors.push(format!("{at}: unknown event \"{event}\""));
                        }
                        (&[], Vec::new())
                    }
                };
                for u in units.iter().filter(|u| !unit(u)) {
                    errors.push(format!("{at}: unknown unit \"{u}\""));
                }
                for p in places.into_iter().filter(|p| !place(p)) {
                    errors.push(format!("{at}: unknown place \"{p}\""));
                }
            }
        }
        for (i, m) in self.milestones.iter().enumerate() {
            let at = format!("milestones[{i}] \"{}\"", m.id);
            match &m.mark {
                Mark::Control { place: p, .. } | Mark::Bombarded { place: p, .. } if !place(p) => {
                    errors.push(format!("{at}: unknown place \"{p}\""));
                }
                Mark::Event(e) if !sc.file.events.iter().any(|x| &x.id == e) => {
                    errors.push(format!("{at}: unknown event \"{e}\""));
                }
                _ => {}
            }
        }
        errors
    }
}

fn unit_id(ctx: &Ctx, id: &str) -> Option<UnitId> {
    ctx.scenario
        .file
        .units
        .iter()
        .position(|u| u.id == id)
        .and_then(|i| u16::try_from(i).ok())
        .map(UnitId)
}

/// The next command the history's orders give for the side to move, or `EndPhase`.
/// Every command returned passes the check.
#[must_use]
pub fn next_command(game: &Game, history: &History) -> Command {
    let ctx = game.ctx();
    let (turn, side) = (ctx.state.turn, ctx.state.active);
    let legal = |c: &Command| game.check(c).is_ok();
    let orders: Vec<&Order> = history
        .orders
        .iter()
        .filter(|t| t.turn == turn && t.side == side)
        .flat_map(|t| t.orders.iter())
        .collect();
    for order in &orders {
        let found = match (order, ctx.state.phase) {
            (Order::Choose { event, option }, _) => Some(Command::Choose {
                event: event.clone(),
                option: *option,
            }),
            (
                Order::Evacuate {
                    places,
                    destination,
                },
                _,
            ) => places
                .iter()
                .map(|p| Command::Evacuate {
                    place: p.clone(),
                    destination: destination.clone(),
                })
                .find(legal),
            (Order::HaltForColumns, Phase::Combat) => Some(Command::HaltForColumns),
            (Order::Airlift, Phase::Combat) => Some(Command::Airlift {
                cargo: Cargo::Civilians,
            }),
            (Order::Advance { units, toward }, Phase::Movement) => {
                advance(&ctx, units, toward).into_iter().find(legal)
            }
            (Order::Intercept { units, enemy, .. }, Phase::Movement) => unit_hex(&ctx, enemy)
                .and_then(|goal| advance_to(&ctx, units, goal).into_iter().find(legal)),
            (
                Order::Intercept {
                    units,
                    enemy,
                    min_odds,
                },
                Phase::Combat,
            ) => unit_hex(&ctx, enemy)
                .and_then(|goal| attack_at(&ctx, units, goal, *min_odds))
                .filter(legal),
            (Order::Hold { units }, Phase::Movement) => units
                .iter()
                .filter_map(|u| unit_id(&ctx, u))
                .filter(|u| {
                    let s = ctx.state.unit(*u);
                    s.status == UnitStatus::Active && s.mp_left == s.movement && s.mp_left > 0
                })
                .map(|unit| {
                    if ctx.state.unit(unit).entrenched {
                        Command::Hold { unit }
                    } else {
                        Command::Entrench { unit }
                    }
                })
                .find(legal),
            (Order::Attack { units, place }, Phase::Combat) => {
                attack(&ctx, units, place).filter(legal)
            }
            (Order::Bombard { units, place }, Phase::Combat) => {
                bombard(&ctx, units, place.as_deref())
                    .into_iter()
                    .find(legal)
            }
            _ => None,
        };
        if let Some(c) = found.filter(legal) {
            return c;
        }
    }
    Command::EndPhase
}

fn place_hex(ctx: &Ctx, place: &str) -> Option<Offset> {
    ctx.scenario.map.place(place).map(|p| p.hex)
}

/// Where an enemy unit stands, if it is on the map and active.
fn unit_hex(ctx: &Ctx, id: &str) -> Option<Offset> {
    let u = ctx.state.unit(unit_id(ctx, id)?);
    (u.status == UnitStatus::Active).then_some(u.hex).flatten()
}

/// Moves for units that have not moved yet this turn, each to the reachable hex nearest the
/// goal (only if it gets nearer).
fn advance(ctx: &Ctx, units: &[String], toward: &str) -> Vec<Command> {
    place_hex(ctx, toward).map_or_else(Vec::new, |goal| advance_to(ctx, units, goal))
}

/// Moves for units that have not moved yet this turn toward a hex (see [`advance`]).
fn advance_to(ctx: &Ctx, units: &[String], goal: Offset) -> Vec<Command> {
    let dist = |o: Offset| o.to_hex().unsigned_distance_to(goal.to_hex());
    let stacking = ctx.scenario.rules.stacking_steps;
    units
        .iter()
        .filter_map(|u| unit_id(ctx, u))
        .filter_map(|id| {
            let u = ctx.state.unit(id);
            let here = u.hex?;
            if u.status != UnitStatus::Active || u.mp_left < u.movement || u.mp_left == 0 {
                return None;
            }
            let reach = movement::reachable(ctx, id);
            let best = reach
                .hexes()
                .filter(|(o, _)| {
                    movement::steps_in(ctx, u.side, *o) + u32::from(u.steps) <= stacking
                })
                .min_by_key(|(o, cost)| (dist(*o), *cost, *o))?;
            (dist(best.0) < dist(here)).then_some(Command::Move {
                unit: id,
                to: best.0,
            })
        })
        .collect()
}

/// An attack on the enemy in the place, or next to it, by the listed units next to it.
fn attack(ctx: &Ctx, units: &[String], place: &str) -> Option<Command> {
    attack_at(ctx, units, place_hex(ctx, place)?, None)
}

/// An attack on the enemy in the hex, or next to it, by the listed units next to it, at
/// `min_odds` or better if given.
fn attack_at(
    ctx: &Ctx,
    units: &[String],
    goal: Offset,
    min_odds: Option<(u32, u32)>,
) -> Option<Command> {
    let side = ctx.state.active;
    let mut targets: Vec<Offset> = std::iter::once(goal)
        .chain(
            ctx.scenario
                .map
                .neighbors(goal.to_hex())
                .map(Offset::from_hex),
        )
        .filter(|o| ctx.enemy_at(side, o.to_hex()))
        .collect();
    targets.sort_by_key(|o| (o.to_hex().unsigned_distance_to(goal.to_hex()), *o));
    let ids: Vec<UnitId> = units.iter().filter_map(|u| unit_id(ctx, u)).collect();
    targets.into_iter().find_map(|target| {
        let attackers: Vec<UnitId> = ids
            .iter()
            .copied()
            .filter(|a| {
                let u = ctx.state.unit(*a);
                u.status == UnitStatus::Active
                    && !u.attacked
                    && !u.routed
                    && ctx.unit_type(*a).attack > 0
                    && u.hex
                        .is_some_and(|h| h.to_hex().unsigned_distance_to(target.to_hex()) == 1)
            })
            .collect();
        let good = !attackers.is_empty()
            && combat::preview(ctx, &attackers, target).is_ok_and(|p| {
                min_odds.is_none_or(|(a, d)| p.column_odds.0 * d >= a * p.column_odds.1)
            });
        good.then_some(Command::Attack {
            attackers,
            target,
            advance: true,
        })
    })
}

/// Fire at the place if the enemy is there, else at the nearest enemy in range.
fn bombard(ctx: &Ctx, units: &[String], place: Option<&str>) -> Vec<Command> {
    let goal = place.and_then(|p| place_hex(ctx, p));
    let mut out = Vec::new();
    for id in units.iter().filter_map(|u| unit_id(ctx, u)) {
        let u = ctx.state.unit(id);
        let Some(here) = u.hex else { continue };
        let mut targets: Vec<Offset> = ctx
            .state
            .unit_ids()
            .filter(|e| ctx.state.unit(*e).side != u.side)
            .filter_map(|e| ctx.state.unit(e).hex)
            .collect();
        targets.sort_by_key(|o| {
            (
                goal.is_none_or(|g| *o != g),
                here.to_hex().unsigned_distance_to(o.to_hex()),
                *o,
            )
        });
        targets.dedup();
        out.extend(
            targets
                .into_iter()
                .map(|target| Command::Bombard { unit: id, target }),
        );
    }
    out
}

/// When each milestone was reached in a game's log, by turn (`None`: it did not happen).
#[must_use]
pub fn milestone_turns(game: &Game, history: &History) -> Vec<Option<u32>> {
    let sc = game.scenario();
    let axis_of = |u: UnitId| sc.file.units.get(u.index()).and_then(|d| d.axis.as_deref());
    history
        .milestones
        .iter()
        .map(|m| {
            game.log().iter().find_map(|l| {
                let hit = match (&m.mark, &l.event) {
                    (Mark::Event(id), Event::ScenarioEvent { index, .. }) => {
                        sc.file.events.get(*index).is_some_and(|e| &e.id == id)
                    }
                    (Mark::HelicoptersEnded, Event::HelicoptersEnded) => true,
                    (Mark::Bombarded { place, side }, Event::Bombarded { unit, target, .. }) => {
                        sc.map.place(place).is_some_and(|p| p.hex == *target)
                            && sc.file.units[unit.index()].side == *side
                    }
                    (Mark::AxisMoved { axis, side }, Event::UnitMoved { unit, .. }) => {
                        axis_of(*unit) == Some(axis.as_str())
                            && sc.file.units[unit.index()].side == *side
                    }
                    (
                        Mark::AxisAttacked { axis, place },
                        Event::Attacked {
                            attackers, target, ..
                        },
                    ) => {
                        sc.map.place(place).is_some_and(|p| {
                            p.hex.to_hex().unsigned_distance_to(target.to_hex()) <= 1
                        }) && attackers.iter().any(|a| axis_of(*a) == Some(axis.as_str()))
                    }
                    (Mark::Control { place, side }, Event::ControlChanged { hex, side: s }) => {
                        sc.map.place(place).is_some_and(|p| p.hex == *hex) && s == side
                    }
                    (Mark::Control { place, side }, Event::GroundTaken { hexes, side: s }) => {
                        sc.map.place(place).is_some_and(|p| hexes.contains(&p.hex)) && s == side
                    }
                    _ => false,
                };
                hit.then_some(l.turn)
            })
        })
        .collect()
}

/// Plays the history to the end through the rules; returns the number of commands.
pub fn autoplay(game: &mut Game, history: &History, max_commands: usize) -> usize {
    let mut n = 0;
    while !game.is_over() && n < max_commands {
        let c = next_command(game, history);
        game.execute(c)
            .expect("history orders give checked commands");
        n += 1;
    }
    n
}

/// The area the first side controls in the key place's district at the end, in km².
#[must_use]
pub fn area_taken_km2(game: &Game) -> f64 {
    let sc = game.scenario();
    let first = game.ctx().first_side();
    let hex_km2 = 3f64.sqrt() / 2.0 * sc.map.file().hex_km * sc.map.file().hex_km;
    let held = sc
        .map
        .file()
        .hexes
        .iter()
        .zip(&game.state().control)
        .filter(|(h, c)| {
            h.border == crate::geography::Border::Kalbajar && h.control != first && **c == first
        })
        .count();
    #[expect(clippy::cast_precision_loss, reason = "a hex count")]
    let held = held as f64;
    held * hex_km2
}

/// How one run went against history: per milestone, the simulated turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub seed: u64,
    pub turns: Vec<Option<u32>>,
    pub area_km2: f64,
    pub evacuated: u64,
    pub still_moving: u64,
    pub casualties: u64,
    /// People gone before the scenario starts (counted in `evacuated`).
    pub evacuated_before: u64,
    /// People no longer at home at the end.
    pub displaced: u64,
    pub town_fell: Option<u32>,
}

impl Run {
    /// The value of a measure in this run.
    #[must_use]
    #[expect(clippy::cast_precision_loss, reason = "people counts")]
    pub fn value(&self, m: Measure) -> f64 {
        match m {
            Measure::AreaTakenKm2 => self.area_km2,
            Measure::EvacuatedDuringScenario => {
                self.evacuated.saturating_sub(self.evacuated_before) as f64
            }
            Measure::StillOnRoads => self.still_moving as f64,
            Measure::Displaced => self.displaced as f64,
            Measure::Casualties => self.casualties as f64,
        }
    }
}

/// Plays one seed of the history and measures it.
#[must_use]
pub fn run(
    scenario: std::sync::Arc<crate::scenario::Scenario>,
    history: &History,
    seed: u64,
) -> (Game, Run) {
    let mut game = Game::new(scenario, seed, false);
    autoplay(&mut game, history, 100_000);
    let run = Run::of(&game, history, seed);
    (game, run)
}

/// Plays the history on every seed, spread over `threads` threads (at least one), and
/// measures each run; the runs come back in the order of `seeds`. Each run is deterministic,
/// so the threads change only the time taken.
#[must_use]
pub fn runs(
    scenario: &std::sync::Arc<crate::scenario::Scenario>,
    history: &History,
    seeds: &[u64],
    threads: usize,
) -> Vec<Run> {
    if seeds.is_empty() {
        return Vec::new();
    }
    let chunk = seeds.len().div_ceil(threads.max(1));
    std::thread::scope(|s| {
        let workers: Vec<_> = seeds
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|&seed| run(std::sync::Arc::clone(scenario), history, seed).1)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(runs) => runs,
                // A run that panicked is a bug in the rules: pass it on as it is.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

impl Run {
    /// Measures a game as it stands against the history's milestones and figures: the end of
    /// an autoplay, or any game played to its end.
    #[must_use]
    pub fn of(game: &Game, history: &History, seed: u64) -> Self {
        let s = game.state();
        Self {
            seed,
            turns: milestone_turns(game, history),
            area_km2: area_taken_km2(game),
            evacuated: s.civilians.evacuated_road + s.civilians.evacuated_air,
            still_moving: s.moving_civilians(),
            casualties: s.civilians.casualties,
            evacuated_before: game.scenario().evacuated_before(),
            displaced: s.civilians.initial.saturating_sub(s.present_civilians()),
            town_fell: s.town_fell,
        }
    }
}

/// Mean, 10th and 90th percentile of a measure over runs (nearest rank).
#[must_use]
pub fn spread(runs: &[Run], m: Measure) -> (f64, f64, f64) {
    let mut v: Vec<f64> = runs.iter().map(|r| r.value(m)).collect();
    if v.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    v.sort_by(f64::total_cmp);
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let at = |p: usize| v[(p * (v.len() - 1)).div_ceil(100)];
    (mean, at(10), at(90))
}

/// Share of runs in which a milestone came within `tolerance` turns of its date.
#[must_use]
pub fn within(history: &History, runs: &[Run], milestone: usize, tolerance: u32) -> f64 {
    let target = history.milestones[milestone].turn;
    let hits = runs
        .iter()
        .filter(|r| r.turns[milestone].is_some_and(|t| t.abs_diff(target) <= tolerance))
        .count();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let share = hits as f64 / runs.len().max(1) as f64;
    share
}
