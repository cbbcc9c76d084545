//! Combat and bombardment: attacks on the odds table, artillery and rocket fire, observation
//! and line of sight, and how cohesion breaks.
//!
//! **Attack.** In its combat phase a side may attack an enemy-held hex with any of its units
//! next to it that have attack strength, are not routed and have not attacked this turn. No
//! attack is allowed while the side has halted for refugee columns this turn, nor on a hex a
//! truce covers.
//!
//! Attack strength is the sum of the attackers' attack, scaled by the steps they have left
//! (rounded up); a unit out of supply attacks at `supply.out_of_supply_attack_percent` and a
//! disrupted one at `combat_modifiers.disrupted_attack_percent` (each rounded up, so a unit
//! always adds something). Defence is the scaled defence of every unit in the hex, a routed one
//! at `routed_defence_percent`. The odds column is the highest whose ratio the attack reaches;
//! odds below the first column are still fought, one column further left (shown as a shift of
//! −1 "below the table", so a favourable shift first cancels it).
//!
//! Column shifts, each listed with its cause in the [`AttackPreview`]:
//! - the defender's terrain (`combat.terrain_shift`);
//! - uphill: the defender's hex stands at least `uphill_m` above the mean elevation of the
//!   attackers' hexes;
//! - entrenched: every defending unit is dug in;
//! - armour: if any attacker is armour, `armour_open_shift` when one of them attacks across a
//!   road hexside or the defender is in `armour_open_terrain`, otherwise
//!   `armour_mountain_shift` in `armour_mountain_terrain`;
//! - artillery support: the attacking side bombarded the hex earlier this turn;
//! - night;
//! - attacker out of supply: any attacking unit is out of supply;
//! - defender shaken: any defending unit's cohesion is at or below `cohesion.shaken_at`.
//!
//! The shifted column is kept within the table. A die with as many faces as the table has rows
//! (six) picks the result. Losses in steps are spread over the units one at a time, strongest
//! first; every attacker and defender still on the map loses the result's cohesion. A unit at
//! no steps is eliminated. Each defender then retreats the result's hexes, one more if it is
//! routed (a routed unit always falls back). Each hex of a retreat is farther from the
//! attacking hexes than the last, free of the enemy, passable to the unit and within stacking;
//! hexes outside enemy zones of control are preferred, then hexes its side holds. A unit that
//! cannot retreat the whole way stops where it is blocked and loses `blocked_retreat_steps`; a
//! routed unit that cannot surrenders instead, and `surrender_prisoners_percent` of its men (in
//! proportion to the steps it has left) are taken prisoner. If the hex is empty afterwards and
//! the attack asked to advance, the first attacker able to enter it advances and takes it.
//!
//! **Bombardment.** A unit with range and bombard strength that has not fired this turn may
//! fire at an enemy-held hex within its range that someone on its side can see (see
//! [`observed`]): long-range fire from Armenia proper follows the same rule. A hex of a
//! terrain in `observation.known_target_terrain` (a town, surveyed on every map) may be fired
//! at without an observer, at `unobserved_fire_penalty`. The die (d6) plus
//! its bombard strength (scaled by steps), minus `long_range_penalty` per hex beyond half its
//! range (rounded down) and `entrenched_penalty` if every unit there is dug in, at or above
//! `disrupt_at` disrupts every unit in the hex (each loses `disrupt_cohesion_loss`), and at or
//! above `step_loss_at` the strongest of them also loses a step. A halt for refugee columns and
//! a truce stop fire as they stop attacks.
//!
//! **People.** Attacking or shelling a hex where people live or a refugee column stands hurts
//! them: the per-mille share of the rules (rounded up, so at least one person when any are
//! there), and the side that did it loses `per_hundred_civilian_casualties` points per hundred
//! hurt (rounded up). There is nothing to gain from it.
//!
//! **Cohesion.** A unit whose cohesion reaches 0 is routed. Each enemy step destroyed, and each
//! step of a unit that surrenders, earns `per_enemy_step` points. When a unit with a named
//! leader is destroyed or surrenders, every other unit of its side and axis on the map loses
//! `cohesion.leader_lost_loss`. So a defence worn down by fire and attacks routs, and, once it
//! is cut off, surrenders, with no scripted event.

use super::command::CommandError;
use super::event::{Cause, Event, PointsCause};
use super::movement;
use super::state::{Phase, UnitId, UnitStatus, enemy, side_index};
use super::{Ctx, Sink, need_phase, own_active, take_control};
use crate::geography::Side;
use crate::hex::{Hex, Offset};
use crate::map::Terrain;
use crate::rules_data::CombatResult;
use crate::scenario::{Scenario, Symbol};
use std::fmt;

/// Why the odds column moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftCause {
    /// The odds are below the table's first column.
    BelowTable,
    /// The defender's terrain.
    Terrain(Terrain),
    /// The defender stands well above the attackers.
    Uphill,
    /// Every defending unit is dug in.
    Entrenched,
    /// Armour attacking into open ground, a settlement, or along a road.
    ArmourOpen,
    /// Armour attacking into mountain terrain off the road.
    ArmourMountain,
    /// The attacking side bombarded the hex this turn.
    ArtillerySupport,
    Night,
    /// An attacking unit is out of supply.
    AttackerOutOfSupply,
    /// A defending unit's cohesion is low.
    DefenderShaken,
}

impl fmt::Display for ShiftCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShiftCause::BelowTable => f.write_str("odds below the table"),
            ShiftCause::Terrain(t) => write!(f, "defender in {t}"),
            ShiftCause::Uphill => f.write_str("attacking uphill"),
            ShiftCause::Entrenched => f.write_str("defender entrenched"),
            ShiftCause::ArmourOpen => f.write_str("armour on open ground or a road"),
            ShiftCause::ArmourMountain => f.write_str("armour in the mountains"),
            ShiftCause::ArtillerySupport => f.write_str("artillery support"),
            ShiftCause::Night => f.write_str("night"),
            ShiftCause::AttackerOutOfSupply => f.write_str("attacker out of supply"),
            ShiftCause::DefenderShaken => f.write_str("defender shaken"),
        }
    }
}

/// One column shift and its cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub cause: ShiftCause,
    /// Columns moved: positive helps the attacker.
    pub columns: i32,
}

/// An exact chance: `rows` die rows out of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chance {
    pub rows: u32,
    pub of: u32,
}

impl Chance {
    /// The chance as a number from 0 to 1.
    #[must_use]
    pub fn probability(self) -> f64 {
        if self.of == 0 {
            0.0
        } else {
            f64::from(self.rows) / f64::from(self.of)
        }
    }
}

/// One die row of the chosen column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The die face, from 1.
    pub roll: u32,
    pub result: CombatResult,
    pub chance: Chance,
}

/// Everything an attack would be resolved with, before the die is rolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackPreview {
    pub attack: u32,
    pub defence: u32,
    /// Attack to defence in lowest terms, e.g. `(5, 2)`.
    pub ratio: (u32, u32),
    /// Column of the table the raw odds reach (the first if they are below it).
    pub base_column: usize,
    /// Every shift with its cause, in the order of the rules.
    pub shifts: Vec<Shift>,
    /// Column the die is rolled on.
    pub column: usize,
    /// Odds of that column, e.g. `(2, 1)`.
    pub column_odds: (u32, u32),
    /// Each die row of the column with its chance.
    pub outcomes: Vec<Outcome>,
    /// Chance the table makes the defender retreat (a rout adds a retreat on top).
    pub defender_retreats: Chance,
    /// Chance the defender loses steps.
    pub defender_loses_steps: Chance,
    /// Chance the attacker loses steps.
    pub attacker_loses_steps: Chance,
}

/// The odds, shifts and outcome distribution of an attack, if it is allowed.
///
/// # Errors
/// Why the attack is not allowed, as [`check_attack`] says.
pub fn preview(
    ctx: &Ctx,
    attackers: &[UnitId],
    target: Offset,
) -> Result<AttackPreview, CommandError> {
    check_attack(ctx, attackers, target)?;
    Ok(assess(ctx, attackers, target))
}

/// Checks an attack.
///
/// # Errors
/// Why the attack is not allowed.
pub fn check_attack(ctx: &Ctx, attackers: &[UnitId], target: Offset) -> Result<(), CommandError> {
    if attackers.is_empty() {
        return Err(CommandError::NoAttackers);
    }
    for (i, a) in attackers.iter().enumerate() {
        own_active(ctx, *a)?;
        if attackers[..i].contains(a) {
            return Err(CommandError::NamedTwice {
                unit: ctx.unit_name(*a).into(),
            });
        }
    }
    need_phase(ctx, Phase::Combat)?;
    let side = ctx.state.active;
    if ctx.state.halted.contains(&side) {
        return Err(CommandError::Halted);
    }
    if !ctx.scenario.map.contains(target.to_hex()) {
        return Err(CommandError::OffMap(target));
    }
    if !ctx.enemy_at(side, target.to_hex()) {
        return Err(CommandError::NoEnemy(target));
    }
    check_truce(ctx, side, target)?;
    for a in attackers {
        let u = ctx.state.unit(*a);
        let unit = ctx.unit_name(*a).to_string();
        if u.routed {
            return Err(CommandError::Routed { unit });
        }
        if ctx.unit_type(*a).attack == 0 {
            return Err(CommandError::CannotAttack { unit });
        }
        if u.attacked {
            return Err(CommandError::AlreadyActed {
                unit,
                what: "attacked".into(),
            });
        }
        if u.hex.map(|h| distance(h, target)) != Some(1) {
            return Err(CommandError::NotAdjacent { unit, target });
        }
    }
    Ok(())
}

/// A truce of `side` covering `target` refuses the attack.
fn check_truce(ctx: &Ctx, side: Side, target: Offset) -> Result<(), CommandError> {
    match ctx
        .state
        .truces
        .iter()
        .find(|t| t.side == side && t.hex == target && t.until_turn > ctx.state.turn)
    {
        Some(t) => Err(CommandError::Truce {
            place: place_name(ctx, target),
            until: t.until_turn,
        }),
        None => Ok(()),
    }
}

fn place_name(ctx: &Ctx, hex: Offset) -> String {
    ctx.hex(hex)
        .and_then(|d| d.name.clone())
        .unwrap_or_else(|| format!("hex {hex}"))
}

fn distance(a: Offset, b: Offset) -> u32 {
    a.to_hex().unsigned_distance_to(b.to_hex())
}

/// `value` × `percent` / 100, rounded up.
fn percent_of(value: u32, percent: u32) -> u32 {
    u32::try_from((u64::from(value) * u64::from(percent)).div_ceil(100)).unwrap_or(u32::MAX)
}

/// A unit's attack strength now: scaled by steps, less out of supply and when disrupted.
fn attack_strength(ctx: &Ctx, id: UnitId) -> u32 {
    let rules = &ctx.scenario.rules;
    let u = ctx.state.unit(id);
    let mut s = ctx.scaled(id, ctx.unit_type(id).attack);
    if !u.supply.is_supplied() {
        s = percent_of(s, rules.supply.out_of_supply_attack_percent);
    }
    if u.disrupted {
        s = percent_of(s, rules.combat_modifiers.disrupted_attack_percent);
    }
    s
}

/// A unit's defence strength now: scaled by steps, less when routed.
fn defence_strength(ctx: &Ctx, id: UnitId) -> u32 {
    let s = ctx.scaled(id, ctx.unit_type(id).defence);
    if ctx.state.unit(id).routed {
        percent_of(
            s,
            ctx.scenario.rules.combat_modifiers.routed_defence_percent,
        )
    } else {
        s
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The one computation of an attack's odds, shifts and outcomes, shared by the preview and
/// the resolution. Assumes [`check_attack`] passed.
fn assess(ctx: &Ctx, attackers: &[UnitId], target: Offset) -> AttackPreview {
    let rules = &ctx.scenario.rules;
    let table = &rules.combat;
    let m = &rules.combat_modifiers;
    let side = ctx.state.active;
    let defenders: Vec<UnitId> = ctx.state.units_at(target).collect();
    let attack: u32 = attackers.iter().map(|a| attack_strength(ctx, *a)).sum();
    let defence: u32 = defenders.iter().map(|d| defence_strength(ctx, *d)).sum();
    let g = gcd(attack, defence).max(1);
    let ratio = (attack / g, defence / g);

    let reached = table.columns.iter().rposition(|(a, d)| {
        u64::from(*a) * u64::from(defence) <= u64::from(attack) * u64::from(*d)
    });
    let mut shifts = Vec::new();
    let mut add = |cause: ShiftCause, columns: i32| {
        if columns != 0 {
            shifts.push(Shift { cause, columns });
        }
    };
    let base_column = reached.unwrap_or(0);
    if reached.is_none() {
        // One column left of the table: fought, but at worse than its first column.
        add(ShiftCause::BelowTable, -1);
    }

    let data = ctx.hex(target);
    let terrain = data.map_or(Terrain::Open, |d| d.terrain);
    add(
        ShiftCause::Terrain(terrain),
        table.terrain_shift.get(&terrain).copied().unwrap_or(0),
    );

    let from: Vec<Offset> = attackers
        .iter()
        .filter_map(|a| ctx.state.unit(*a).hex)
        .collect();
    let height = |o: Offset| i64::from(ctx.hex(o).map_or(0, |d| d.elevation));
    let n = i64::try_from(from.len()).unwrap_or(i64::MAX);
    let sum: i64 = from.iter().map(|o| height(*o)).sum();
    // Compared without dividing: defender × n ≥ Σ attackers + uphill_m × n.
    if n > 0 && height(target) * n >= sum + i64::from(m.uphill_m) * n {
        add(ShiftCause::Uphill, m.uphill_shift);
    }

    if !defenders.is_empty() && defenders.iter().all(|d| ctx.state.unit(*d).entrenched) {
        add(ShiftCause::Entrenched, m.entrenched_shift);
    }

    let armour: Vec<UnitId> = attackers
        .iter()
        .copied()
        .filter(|a| ctx.unit_type(*a).symbol == Symbol::Armour)
        .collect();
    if !armour.is_empty() {
        let along_road = armour.iter().any(|a| {
            ctx.state.unit(*a).hex.is_some_and(|h| {
                ctx.scenario
                    .map
                    .side(h.to_hex(), target.to_hex())
                    .road
                    .is_some()
            })
        });
        if along_road || m.armour_open_terrain.contains(&terrain) {
            add(ShiftCause::ArmourOpen, m.armour_open_shift);
        } else if m.armour_mountain_terrain.contains(&terrain) {
            add(ShiftCause::ArmourMountain, m.armour_mountain_shift);
        }
    }

    if ctx.state.bombarded.contains(&(side, target)) {
        add(ShiftCause::ArtillerySupport, m.artillery_support_shift);
    }
    if ctx.is_night() {
        add(ShiftCause::Night, m.night_shift);
    }
    if attackers
        .iter()
        .any(|a| !ctx.state.unit(*a).supply.is_supplied())
    {
        add(
            ShiftCause::AttackerOutOfSupply,
            m.attacker_out_of_supply_shift,
        );
    }
    let shaken_at = rules.cohesion.shaken_at;
    if defenders
        .iter()
        .any(|d| ctx.state.unit(*d).cohesion <= shaken_at)
    {
        add(ShiftCause::DefenderShaken, m.defender_shaken_shift);
    }

    let last = i64::try_from(table.columns.len().saturating_sub(1)).unwrap_or(0);
    let base = i64::try_from(base_column).unwrap_or(0);
    let shifted = base + shifts.iter().map(|s| i64::from(s.columns)).sum::<i64>();
    let column = usize::try_from(shifted.clamp(0, last)).unwrap_or(0);

    let faces = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    let outcomes: Vec<Outcome> = table
        .rows
        .iter()
        .zip(1..)
        .filter_map(|(row, roll)| {
            row.get(column).map(|result| Outcome {
                roll,
                result: *result,
                chance: Chance { rows: 1, of: faces },
            })
        })
        .collect();
    let chance = |f: &dyn Fn(&CombatResult) -> bool| Chance {
        rows: u32::try_from(outcomes.iter().filter(|o| f(&o.result)).count()).unwrap_or(0),
        of: faces,
    };
    AttackPreview {
        attack,
        defence,
        ratio,
        base_column,
        column,
        column_odds: table.columns.get(column).copied().unwrap_or((1, 1)),
        defender_retreats: chance(&|r| r.retreat > 0),
        defender_loses_steps: chance(&|r| r.defender_steps > 0),
        attacker_loses_steps: chance(&|r| r.attacker_steps > 0),
        shifts,
        outcomes,
    }
}

/// Steps destroyed in one action, by the side that lost them.
#[derive(Default)]
struct Losses {
    steps: [u32; 2],
}

impl Losses {
    fn add(&mut self, side: Side, steps: u8) {
        self.steps[side_index(side)] += u32::from(steps);
    }
}

/// Which strength ranks units for step losses.
#[derive(Clone, Copy)]
enum Role {
    Attacker,
    Defender,
}

/// Resolves an attack.
pub fn execute_attack(
    sc: &Scenario,
    sink: &mut Sink,
    attackers: &[UnitId],
    target: Offset,
    advance: bool,
) {
    let (assessment, side, defenders, from) = {
        let ctx = Ctx::new(sc, &sink.state);
        let from: Vec<Offset> = attackers
            .iter()
            .filter_map(|a| ctx.state.unit(*a).hex)
            .collect();
        let defenders: Vec<UnitId> = ctx.state.units_at(target).collect();
        (
            assess(&ctx, attackers, target),
            ctx.state.active,
            defenders,
            from,
        )
    };
    let faces = u32::try_from(assessment.outcomes.len()).unwrap_or(u32::MAX);
    let roll = sink.below(faces) + 1;
    let Some(result) = assessment
        .outcomes
        .iter()
        .find(|o| o.roll == roll)
        .map(|o| o.result)
    else {
        return;
    };
    sink.push(Event::Attacked {
        attackers: attackers.to_vec(),
        target,
        odds: (assessment.attack, assessment.defence),
        column: assessment.column,
        roll,
        result,
    });
    let m = &sc.rules.combat_modifiers;
    harm_civilians(sc, sink, target, side, m.civilian_casualties_per_mille);

    let mut losses = Losses::default();
    take_steps(
        sc,
        sink,
        attackers,
        result.attacker_steps,
        Role::Attacker,
        &mut losses,
    );
    take_steps(
        sc,
        sink,
        &defenders,
        result.defender_steps,
        Role::Defender,
        &mut losses,
    );
    for a in attackers {
        lose_cohesion(sink, *a, result.attacker_cohesion, Cause::Combat);
    }
    for d in &defenders {
        lose_cohesion(sink, *d, result.defender_cohesion, Cause::Combat);
    }
    for d in &defenders {
        let u = sink.state.unit(*d);
        if u.status != UnitStatus::Active {
            continue;
        }
        let hexes = result.retreat.saturating_add(u8::from(u.routed));
        if hexes > 0 {
            retreat(sc, sink, *d, hexes, &from, &mut losses);
        }
    }
    award(sc, sink, side, &losses);
    if advance && sink.state.units_at(target).next().is_none() {
        advance_into(sc, sink, attackers, target, side);
    }
}

/// Spreads `steps` losses over `units`, one at a time, strongest first; returns each unit's
/// share (units on the map only).
fn spread(ctx: &Ctx, units: &[UnitId], steps: u8, role: Role) -> Vec<(UnitId, u8)> {
    let mut order: Vec<(UnitId, u8)> = units
        .iter()
        .copied()
        .filter(|id| ctx.state.unit(*id).status == UnitStatus::Active)
        .map(|id| (id, ctx.state.unit(id).steps))
        .collect();
    let strength = |id: UnitId| match role {
        Role::Attacker => ctx.scaled(id, ctx.unit_type(id).attack),
        Role::Defender => ctx.scaled(id, ctx.unit_type(id).defence),
    };
    order.sort_by_key(|(id, steps)| (std::cmp::Reverse((strength(*id), *steps)), *id));
    let mut share: Vec<(UnitId, u8)> = order.iter().map(|(id, _)| (*id, 0)).collect();
    let mut left = steps;
    while left > 0 {
        let mut took = false;
        for (i, (_, have)) in order.iter_mut().enumerate() {
            if left == 0 {
                break;
            }
            if *have > 0 {
                *have -= 1;
                share[i].1 += 1;
                left -= 1;
                took = true;
            }
        }
        if !took {
            break;
        }
    }
    share.retain(|(_, n)| *n > 0);
    share
}

fn take_steps(
    sc: &Scenario,
    sink: &mut Sink,
    units: &[UnitId],
    steps: u8,
    role: Role,
    losses: &mut Losses,
) {
    if steps == 0 {
        return;
    }
    let shares = spread(&Ctx::new(sc, &sink.state), units, steps, role);
    for (unit, n) in shares {
        lose_steps(sc, sink, unit, n, Cause::Combat, losses);
    }
}

/// A unit loses steps; at none left it is eliminated.
fn lose_steps(
    sc: &Scenario,
    sink: &mut Sink,
    unit: UnitId,
    steps: u8,
    cause: Cause,
    losses: &mut Losses,
) {
    let u = sink.state.unit(unit);
    let (have, side) = (u.steps, u.side);
    let steps = steps.min(have);
    if steps == 0 || u.status != UnitStatus::Active {
        return;
    }
    sink.push(Event::StepsLost { unit, steps, cause });
    losses.add(side, steps);
    if steps == have {
        sink.push(Event::Eliminated { unit });
        leader_lost(sc, sink, unit);
    }
}

/// A unit on the map loses cohesion; at 0 it is routed.
fn lose_cohesion(sink: &mut Sink, unit: UnitId, amount: u8, cause: Cause) {
    let u = sink.state.unit(unit);
    if amount == 0 || u.status != UnitStatus::Active {
        return;
    }
    let cohesion = u.cohesion.saturating_sub(amount);
    let routed = u.routed;
    if cohesion != u.cohesion {
        sink.push(Event::CohesionChanged {
            unit,
            cohesion,
            cause,
        });
    }
    if cohesion == 0 && !routed {
        sink.push(Event::Routed { unit });
    }
}

/// A unit with a named leader is gone: the others of its side and axis are shaken by it.
fn leader_lost(sc: &Scenario, sink: &mut Sink, unit: UnitId) {
    let def = &sc.file.units[unit.index()];
    let (Some(_), Some(axis)) = (&def.leader, &def.axis) else {
        return;
    };
    let side = sink.state.unit(unit).side;
    let others: Vec<UnitId> = Ctx::new(sc, &sink.state)
        .active_units(side)
        .filter(|id| *id != unit && sc.file.units[id.index()].axis.as_ref() == Some(axis))
        .collect();
    let loss = sc.rules.cohesion.leader_lost_loss;
    for other in others {
        lose_cohesion(sink, other, loss, Cause::LeaderLost);
    }
}

/// The unit gives up where it stands; its men in proportion to its steps are taken prisoner.
fn surrender(sc: &Scenario, sink: &mut Sink, unit: UnitId, losses: &mut Losses) {
    let prisoners = {
        let ctx = Ctx::new(sc, &sink.state);
        let u = ctx.state.unit(unit);
        let men = u64::from(ctx.unit_def(unit).men.unwrap_or(0));
        let full = u64::from(ctx.unit_type(unit).steps.max(1));
        let percent = u64::from(sc.rules.combat_modifiers.surrender_prisoners_percent);
        u32::try_from(men * u64::from(u.steps) * percent / (full * 100)).unwrap_or(u32::MAX)
    };
    let u = sink.state.unit(unit);
    losses.add(u.side, u.steps);
    sink.push(Event::Surrendered { unit, prisoners });
    leader_lost(sc, sink, unit);
}

/// A defender falls back `hexes` hexes from the attacking hexes `from`.
fn retreat(
    sc: &Scenario,
    sink: &mut Sink,
    unit: UnitId,
    hexes: u8,
    from: &[Offset],
    losses: &mut Losses,
) {
    let (path, routed) = {
        let ctx = Ctx::new(sc, &sink.state);
        (
            retreat_path(&ctx, unit, hexes, from),
            ctx.state.unit(unit).routed,
        )
    };
    if path.len() == usize::from(hexes) {
        sink.push(Event::Retreated { unit, path });
        return;
    }
    if routed {
        surrender(sc, sink, unit, losses);
        return;
    }
    if !path.is_empty() {
        sink.push(Event::Retreated { unit, path });
    }
    let extra = sc.rules.combat_modifiers.blocked_retreat_steps;
    lose_steps(sc, sink, unit, extra, Cause::BlockedRetreat, losses);
}

/// The hexes of a retreat, as far as it can go (fewer than `hexes` if it is blocked).
fn retreat_path(ctx: &Ctx, unit: UnitId, hexes: u8, from: &[Offset]) -> Vec<Offset> {
    let u = ctx.state.unit(unit);
    let Some(start) = u.hex else {
        return Vec::new();
    };
    let map = &ctx.scenario.map;
    let class = ctx.move_class(unit);
    let supplied = u.supply.is_supplied();
    let zoc = movement::zone_of_control(ctx, enemy(u.side));
    let limit = ctx.scenario.rules.stacking_steps;
    let away = |h: Hex| {
        from.iter()
            .map(|f| f.to_hex().unsigned_distance_to(h))
            .min()
            .unwrap_or(0)
    };
    let mut path = Vec::new();
    let mut here = start.to_hex();
    for _ in 0..hexes {
        let next = map
            .neighbors(here)
            .filter(|n| away(*n) > away(here))
            .filter(|n| movement::enter_cost(ctx, class, u.side, here, *n, supplied).is_ok())
            .filter(|n| {
                movement::steps_in(ctx, u.side, Offset::from_hex(*n)) + u32::from(u.steps) <= limit
            })
            // Out of enemy zones first, then ground its side holds; ties in neighbour order.
            .min_by_key(|n| {
                let in_zoc = map.index(*n).is_some_and(|i| zoc[i]);
                (in_zoc, ctx.controller(Offset::from_hex(*n)) != u.side)
            });
        let Some(next) = next else { break };
        path.push(Offset::from_hex(next));
        here = next;
    }
    path
}

/// The first attacker still able to enter the emptied hex moves in and takes it.
fn advance_into(sc: &Scenario, sink: &mut Sink, attackers: &[UnitId], target: Offset, side: Side) {
    let mover = {
        let ctx = Ctx::new(sc, &sink.state);
        attackers.iter().copied().find(|a| {
            let u = ctx.state.unit(*a);
            u.status == UnitStatus::Active
                && !u.routed
                && u.hex.is_some_and(|h| {
                    movement::enter_cost(
                        &ctx,
                        ctx.move_class(*a),
                        side,
                        h.to_hex(),
                        target.to_hex(),
                        u.supply.is_supplied(),
                    )
                    .is_ok()
                })
        })
    };
    if let Some(unit) = mover {
        sink.push(Event::Advanced { unit, to: target });
        take_control(sc, sink, target, side);
    }
}

/// Points for enemy steps destroyed, to each side.
fn award(sc: &Scenario, sink: &mut Sink, side: Side, losses: &Losses) {
    let per_step = i64::from(sc.rules.victory.per_enemy_step);
    for gainer in [side, enemy(side)] {
        let destroyed = i64::from(losses.steps[side_index(enemy(gainer))]);
        let points = i32::try_from(per_step * destroyed).unwrap_or(i32::MAX);
        if points != 0 {
            sink.push(Event::PointsAwarded {
                side: gainer,
                points,
                cause: PointsCause::EnemyLosses,
            });
        }
    }
}

/// Fighting in a hex with people hurts them, and costs the side that did it.
fn harm_civilians(sc: &Scenario, sink: &mut Sink, hex: Offset, by: Side, per_mille: u32) {
    let s = &sink.state;
    let people: u64 = s
        .settlements
        .iter()
        .filter(|st| st.hex == hex)
        .map(|st| u64::from(st.present))
        .chain(
            s.columns
                .iter()
                .filter(|c| c.hex == hex)
                .map(|c| u64::from(c.people)),
        )
        .sum();
    let hurt = (people * u64::from(per_mille)).div_ceil(1000).min(people);
    let Ok(hurt) = u32::try_from(hurt) else {
        return;
    };
    if hurt == 0 {
        return;
    }
    sink.push(Event::CivilianCasualties {
        hex,
        people: hurt,
        by,
    });
    let hundreds = i64::from(hurt.div_ceil(100));
    let per_hundred = i64::from(sc.rules.victory.per_hundred_civilian_casualties);
    let points = i32::try_from(-(per_hundred * hundreds)).unwrap_or(i32::MIN);
    if points != 0 {
        sink.push(Event::PointsAwarded {
            side: by,
            points,
            cause: PointsCause::CivilianHarm,
        });
    }
}

/// What a bombardment would be resolved with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BombardPreview {
    /// Bombard strength scaled by steps.
    pub strength: u32,
    /// Hexes to the target.
    pub distance: u32,
    /// Subtracted for the hexes beyond half range.
    pub range_penalty: u32,
    /// Subtracted because every target is dug in.
    pub entrenched_penalty: u32,
    /// Subtracted because no one observes the target (a known target fired at by the map).
    pub unobserved_penalty: u32,
    /// Added to the die: strength less the penalties (may be negative).
    pub modifier: i64,
    /// Chance the targets are disrupted.
    pub disrupt: Chance,
    /// Chance the strongest target also loses a step.
    pub step_loss: Chance,
}

/// The modifiers and chances of a bombardment, if it is allowed.
///
/// # Errors
/// Why the fire is not allowed, as [`check_bombard`] says.
pub fn bombard_preview(
    ctx: &Ctx,
    unit: UnitId,
    target: Offset,
) -> Result<BombardPreview, CommandError> {
    check_bombard(ctx, unit, target)?;
    Ok(assess_fire(ctx, unit, target))
}

/// Die faces of the bombardment die.
const FIRE_DIE: u32 = 6;

/// The one computation of a bombardment's modifier, shared by preview and resolution.
fn assess_fire(ctx: &Ctx, unit: UnitId, target: Offset) -> BombardPreview {
    let b = &ctx.scenario.rules.bombard;
    let ty = ctx.unit_type(unit);
    let mut strength = ctx.scaled(unit, ty.bombard);
    // Guns out of supply are short of shells, as attackers are short of everything.
    if !ctx.state.unit(unit).supply.is_supplied() {
        strength =
            (strength * ctx.scenario.rules.supply.out_of_supply_attack_percent).div_ceil(100);
    }
    let distance = ctx.state.unit(unit).hex.map_or(0, |h| distance(h, target));
    let range_penalty = distance.saturating_sub(ty.range / 2) * b.long_range_penalty;
    let targets: Vec<UnitId> = ctx.state.units_at(target).collect();
    let entrenched_penalty =
        if !targets.is_empty() && targets.iter().all(|t| ctx.state.unit(*t).entrenched) {
            b.entrenched_penalty
        } else {
            0
        };
    let unobserved_penalty = if observed(ctx, ctx.state.active, target) {
        0
    } else {
        ctx.scenario.rules.observation.unobserved_fire_penalty
    };
    let modifier = i64::from(strength)
        - i64::from(range_penalty)
        - i64::from(entrenched_penalty)
        - i64::from(unobserved_penalty);
    let at_least = |threshold: u32| Chance {
        rows: u32::try_from(
            (1..=FIRE_DIE)
                .filter(|roll| i64::from(*roll) + modifier >= i64::from(threshold))
                .count(),
        )
        .unwrap_or(0),
        of: FIRE_DIE,
    };
    BombardPreview {
        strength,
        distance,
        range_penalty,
        entrenched_penalty,
        unobserved_penalty,
        modifier,
        disrupt: at_least(b.disrupt_at),
        step_loss: at_least(b.step_loss_at),
    }
}

/// Checks a bombardment.
///
/// # Errors
/// Why the bombardment is not allowed.
pub fn check_bombard(ctx: &Ctx, unit: UnitId, target: Offset) -> Result<(), CommandError> {
    own_active(ctx, unit)?;
    need_phase(ctx, Phase::Combat)?;
    let name = ctx.unit_name(unit).to_string();
    let ty = ctx.unit_type(unit);
    let u = ctx.state.unit(unit);
    if ty.range == 0 || ty.bombard == 0 {
        return Err(CommandError::NotArtillery { unit: name });
    }
    if u.routed {
        return Err(CommandError::Routed { unit: name });
    }
    if u.fired {
        return Err(CommandError::AlreadyActed {
            unit: name,
            what: "fired".into(),
        });
    }
    let side = ctx.state.active;
    if ctx.state.halted.contains(&side) {
        return Err(CommandError::Halted);
    }
    if !ctx.scenario.map.contains(target.to_hex()) {
        return Err(CommandError::OffMap(target));
    }
    let d = u.hex.map_or(u32::MAX, |h| distance(h, target));
    if d > ty.range {
        return Err(CommandError::OutOfRange {
            unit: name,
            target,
            distance: d,
            range: ty.range,
        });
    }
    if !ctx.enemy_at(side, target.to_hex()) {
        return Err(CommandError::NoEnemy(target));
    }
    check_truce(ctx, side, target)?;
    // A known target (a town) is on every map: fire needs no observer, at a penalty.
    let known = ctx.hex(target).is_some_and(|d| {
        ctx.scenario
            .rules
            .observation
            .known_target_terrain
            .contains(&d.terrain)
    });
    match sight(ctx, side, target) {
        Sight::Seen => Ok(()),
        _ if known => Ok(()),
        Sight::Hidden => Err(CommandError::HiddenByTerrain(target)),
        Sight::TooFar => Err(CommandError::NotObserved(target)),
    }
}

/// Resolves a bombardment.
pub fn execute_bombard(sc: &Scenario, sink: &mut Sink, unit: UnitId, target: Offset) {
    let (fire, side, targets) = {
        let ctx = Ctx::new(sc, &sink.state);
        let targets: Vec<UnitId> = ctx.state.units_at(target).collect();
        (assess_fire(&ctx, unit, target), ctx.state.active, targets)
    };
    let roll = sink.d6();
    let total = i64::from(roll) + fire.modifier;
    sink.push(Event::Bombarded { unit, target, roll });
    let b = &sc.rules.bombard;
    harm_civilians(sc, sink, target, side, b.civilian_casualties_per_mille);
    let mut losses = Losses::default();
    if total >= i64::from(b.disrupt_at) {
        for t in &targets {
            sink.push(Event::Disrupted { unit: *t });
            lose_cohesion(sink, *t, b.disrupt_cohesion_loss, Cause::Bombardment);
        }
    }
    if total >= i64::from(b.step_loss_at) {
        let hit = spread(&Ctx::new(sc, &sink.state), &targets, 1, Role::Defender);
        for (t, n) in hit {
            lose_steps(sc, sink, t, n, Cause::Bombardment, &mut losses);
        }
    }
    award(sc, sink, side, &losses);
}

/// How far a unit can see this turn: the weather's observation range where it stands, more
/// from high ground, halved at night (rounded down), at least one hex; one hex in valley fog.
#[must_use]
pub fn observation_range(ctx: &Ctx, observer: UnitId) -> u32 {
    let Some(at) = ctx.state.unit(observer).hex else {
        return 0;
    };
    let rules = &ctx.scenario.rules.observation;
    let mut day = ctx.weather_effect(at.to_hex()).observation_hexes;
    if ctx
        .hex(at)
        .is_some_and(|d| d.elevation >= rules.high_ground_m)
    {
        day += rules.high_ground_bonus_hexes;
    }
    let range = if ctx.is_night() { day / 2 } else { day };
    if in_fog(ctx, at) { 1 } else { range.max(1) }
}

/// How far `observer` can see into `target`'s hex: its [`observation_range`], cut to one hex
/// when the target lies in valley fog, and to a share of it when the target is in concealing
/// terrain (forest, towns, villages); neighbours are always seen.
#[must_use]
pub fn range_into(ctx: &Ctx, observer: UnitId, target: Offset) -> u32 {
    if in_fog(ctx, target) {
        return 1;
    }
    let range = observation_range(ctx, observer);
    let rules = &ctx.scenario.rules.observation;
    let concealed = ctx
        .hex(target)
        .is_some_and(|d| rules.concealing_terrain.contains(&d.terrain));
    if concealed {
        (range * rules.concealed_range_percent / 100).max(1)
    } else {
        range
    }
}

/// Whether a hex lies in a band covered by fog this turn (valley fog, by day).
#[must_use]
pub fn in_fog(ctx: &Ctx, hex: Offset) -> bool {
    ctx.hex(hex).is_some_and(|d| {
        ctx.state
            .weather
            .get(ctx.band_of(d.elevation))
            .is_some_and(|w| w.fog)
    })
}

/// Whether the ground lets an observer in `from` see `to`.
///
/// The sight line runs along the hex line between the two centres (hexx `line_to`). It is
/// blocked by any hex on it between the two ends that is a crest, or that stands higher than
/// both ends. Neighbouring hexes always see each other.
#[must_use]
pub fn line_of_sight(ctx: &Ctx, from: Offset, to: Offset) -> bool {
    let map = &ctx.scenario.map;
    let (Some(a), Some(b)) = (ctx.hex(from), ctx.hex(to)) else {
        return false;
    };
    let top = a.elevation.max(b.elevation);
    let (start, end) = (from.to_hex(), to.to_hex());
    start
        .line_to(end)
        .filter(|h| *h != start && *h != end)
        .all(|h| {
            map.get(h)
                .is_none_or(|d| d.terrain != Terrain::Crest && d.elevation <= top)
        })
}

/// What a side's units can make out of a hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sight {
    /// Some unit is near enough and has a line of sight.
    Seen,
    /// Some unit is near enough, but the ground hides the hex from all of them.
    Hidden,
    /// No unit is near enough.
    TooFar,
}

fn sight(ctx: &Ctx, side: Side, target: Offset) -> Sight {
    let mut near = false;
    for id in ctx.active_units(side) {
        let Some(at) = ctx.state.unit(id).hex else {
            continue;
        };
        if distance(at, target) > range_into(ctx, id, target) {
            continue;
        }
        if line_of_sight(ctx, at, target) {
            return Sight::Seen;
        }
        near = true;
    }
    if near { Sight::Hidden } else { Sight::TooFar }
}

/// Whether any active unit of `side` sees `target`: within its observation range (see
/// [`observation_range`]) and with a [`line_of_sight`]. Adjacent hexes are always seen.
#[must_use]
pub fn observed(ctx: &Ctx, side: Side, target: Offset) -> bool {
    sight(ctx, side, target) == Sight::Seen
}
