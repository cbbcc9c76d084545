//! A simple built-in policy for both sides, used by `kalbajar play --headless` and as a
//! baseline for the AI: it only issues commands that pass the check.
//!
//! The attacker's units head for the nearest objective the enemy holds and attack when the
//! odds are good; the defender evacuates its settlements toward its own exit on the first turn,
//! keeps its units on or next to its objectives, digs in and counter-attacks at good odds;
//! artillery fires at whatever it can see; helicopters fly people out whenever they can; the
//! attacker halts its attacks while refugee columns pass near its units.

use super::command::{Cargo, Command};
use super::state::{Destination, Phase, UnitId, UnitStatus};
use super::{Ctx, Game, combat, fog, movement, triggers};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::{Loc, SupplyKind};

/// The policy's next command for the side to move. Never returns a command the rules refuse;
/// when nothing is left to do it ends the phase. Candidates are tried in order and the first
/// legal one is taken, so the costly ones (a unit's reachable hexes) are only worked out when
/// everything before them is done.
#[must_use]
pub fn next_command(game: &Game) -> Command {
    let ctx = game.ctx();
    let side = ctx.state.active;
    let legal = |c: &Command| game.check(c).is_ok();
    if let Some((_, e)) = triggers::open_choices(&ctx).first() {
        let c = Command::Choose {
            event: e.id.clone(),
            option: 0,
        };
        if legal(&c) {
            return c;
        }
    }
    match ctx.state.phase {
        Phase::Movement => {
            if let Some(c) = evacuations(&ctx, side).into_iter().find(legal) {
                return c;
            }
            for id in ctx.active_units(side) {
                let u = ctx.state.unit(id);
                if u.mp_left == 0 || u.mp_left < u.movement {
                    continue;
                }
                let c = move_or_hold(&ctx, id);
                if legal(&c) {
                    return c;
                }
            }
        }
        Phase::Combat => {
            let airlift = Command::Airlift {
                cargo: Cargo::Civilians,
            };
            if legal(&airlift) {
                return airlift;
            }
            // As Melkonian did, the attacker holds its fire while refugee columns pass nearby.
            if side == ctx.first_side()
                && columns_near(&ctx, side)
                && legal(&Command::HaltForColumns)
            {
                return Command::HaltForColumns;
            }
            for id in ctx.active_units(side) {
                if let Some(c) = bombard(&ctx, id).filter(legal) {
                    return c;
                }
            }
            if let Some(c) = attacks(&ctx, side).into_iter().find(legal) {
                return c;
            }
        }
    }
    Command::EndPhase
}

/// Whether a refugee column with people is within two hexes of one of the side's units.
fn columns_near(ctx: &Ctx, side: Side) -> bool {
    ctx.state.columns.iter().filter(|c| c.people > 0).any(|c| {
        ctx.active_units(side).any(|u| {
            ctx.state
                .unit(u)
                .hex
                .is_some_and(|h| h.to_hex().unsigned_distance_to(c.hex.to_hex()) <= 2)
        })
    })
}

/// The defender orders every settlement it holds toward its first exit; the people of the
/// helicopters' landing site wait for the helicopters while they fly.
fn evacuations(ctx: &Ctx, side: Side) -> Vec<Command> {
    let Some(exit) = own_exit(ctx, side) else {
        return Vec::new();
    };
    let pad = ctx
        .scenario
        .file
        .helicopters
        .as_ref()
        .filter(|h| h.side == side && ctx.state.helicopters_flying)
        .map(|h| h.pad.as_str());
    ctx.state
        .settlements
        .iter()
        .filter(|s| s.evacuating.is_none() && s.present > 0 && ctx.controller(s.hex) == side)
        .map(|s| Command::Evacuate {
            place: s.place.clone(),
            destination: if pad == Some(s.place.as_str()) {
                Destination::Helipad
            } else {
                Destination::Exit(exit.clone())
            },
        })
        .collect()
}

/// The first unlimited supply source of a side that is a map exit: its way out.
fn own_exit(ctx: &Ctx, side: Side) -> Option<String> {
    ctx.scenario
        .file
        .supply_sources
        .iter()
        .find_map(|s| match (&s.at, &s.kind) {
            (Loc::Exit(id), SupplyKind::Unlimited) if s.side == side => Some(id.clone()),
            _ => None,
        })
}

/// The hex this unit is heading for: for the first side the nearest objective the enemy
/// holds, for the other side the nearest objective it holds (to defend it).
fn goal(ctx: &Ctx, id: UnitId) -> Option<Offset> {
    let u = ctx.state.unit(id);
    let here = u.hex?.to_hex();
    let attacker = u.side == ctx.first_side();
    ctx.scenario
        .file
        .objectives
        .iter()
        .filter_map(|o| ctx.scenario.map.place(&o.place))
        .filter(|p| (ctx.controller(p.hex) == u.side) != attacker)
        .min_by_key(|p| (here.unsigned_distance_to(p.hex.to_hex()), p.hex))
        .map(|p| p.hex)
}

fn move_or_hold(ctx: &Ctx, id: UnitId) -> Command {
    let u = ctx.state.unit(id);
    let Some(here) = u.hex else {
        return Command::Hold { unit: id };
    };
    let rest = if u.entrenched || u.side == ctx.first_side() {
        Command::Hold { unit: id }
    } else {
        Command::Entrench { unit: id }
    };
    let Some(goal) = goal(ctx, id) else {
        return rest;
    };
    let dist = |o: Offset| o.to_hex().unsigned_distance_to(goal.to_hex());
    // The defender stays once it stands on or next to what it defends.
    if u.side != ctx.first_side() && dist(here) <= 1 {
        return rest;
    }
    let reach = movement::reachable(ctx, id);
    let stacking = ctx.scenario.rules.stacking_steps;
    let best = reach
        .hexes()
        .filter(|(o, _)| movement::steps_in(ctx, u.side, *o) + u32::from(u.steps) <= stacking)
        .min_by_key(|(o, cost)| (dist(*o), *cost, *o));
    match best {
        Some((to, _)) if dist(to) < dist(here) => Command::Move { unit: id, to },
        _ => rest,
    }
}

fn bombard(ctx: &Ctx, id: UnitId) -> Option<Command> {
    let u = ctx.state.unit(id);
    let ty = ctx.unit_type(id);
    if ty.range == 0 || u.fired || u.status != UnitStatus::Active {
        return None;
    }
    let here = u.hex?.to_hex();
    // Under fog of war the policy aims only at what its side can see.
    let seen = ctx.state.fog.then(|| fog::visible_enemies(ctx, u.side));
    ctx.state
        .unit_ids()
        .filter(|e| ctx.state.unit(*e).side != u.side)
        .filter(|e| seen.as_ref().is_none_or(|s| s.contains(e)))
        .filter_map(|e| ctx.state.unit(e).hex)
        .filter(|o| here.unsigned_distance_to(o.to_hex()) <= ty.range)
        .min_by_key(|o| (here.unsigned_distance_to(o.to_hex()), *o))
        .map(|target| Command::Bombard { unit: id, target })
}

/// Every enemy hex with the side's units next to it that may attack it now.
fn attack_groups(ctx: &Ctx, side: Side) -> Vec<(Offset, Vec<UnitId>)> {
    let mut targets: Vec<Offset> = ctx
        .state
        .unit_ids()
        .filter(|e| ctx.state.unit(*e).side != side)
        .filter_map(|e| ctx.state.unit(e).hex)
        .collect();
    targets.sort();
    targets.dedup();
    targets
        .into_iter()
        .filter_map(|target| {
            let attackers: Vec<UnitId> = ctx
                .active_units(side)
                .filter(|a| {
                    let u = ctx.state.unit(*a);
                    !u.attacked
                        && !u.routed
                        && ctx.unit_type(*a).attack > 0
                        && u.hex
                            .is_some_and(|h| h.to_hex().unsigned_distance_to(target.to_hex()) == 1)
                })
                .collect();
            (!attackers.is_empty()).then_some((target, attackers))
        })
        .collect()
}

/// Attacks at good odds (2:1 for the attacker, 3:1 for the defender), with every unit that can.
fn attacks(ctx: &Ctx, side: Side) -> Vec<Command> {
    let threshold = if side == ctx.first_side() { 2 } else { 3 };
    attack_groups(ctx, side)
        .into_iter()
        .filter(|(target, attackers)| {
            combat::preview(ctx, attackers, *target)
                .is_ok_and(|p| p.attack >= p.defence * threshold)
        })
        .map(|(target, attackers)| Command::Attack {
            attackers,
            target,
            advance: true,
        })
        .collect()
}

/// Plays the whole game with the policy on both sides; returns the number of commands given.
pub fn play_out(game: &mut Game, max_commands: usize) -> usize {
    let mut n = 0;
    while !game.is_over() && n < max_commands {
        let c = next_command(game);
        game.execute(c)
            .expect("the policy only gives checked commands");
        n += 1;
    }
    n
}

/// A legal command picked by a number: the random-legal-move baseline and the property tests
/// use it. Every candidate is checked; ending the phase is always among them.
#[must_use]
pub fn random_legal(game: &Game, pick: u64) -> Command {
    let ctx = game.ctx();
    let side = ctx.state.active;
    let mut out = vec![Command::EndPhase];
    if let Some((_, e)) = triggers::open_choices(&ctx).first() {
        for option in 0..e.options.len() {
            out.push(Command::Choose {
                event: e.id.clone(),
                option,
            });
        }
    }
    match ctx.state.phase {
        Phase::Movement => {
            for id in ctx.active_units(side) {
                if ctx.state.unit(id).mp_left == 0 {
                    continue;
                }
                let reach = movement::reachable(&ctx, id);
                let hexes: Vec<Offset> = reach.hexes().map(|(o, _)| o).collect();
                if !hexes.is_empty() {
                    #[expect(
                        clippy::cast_possible_truncation,
                        reason = "an index into a short list"
                    )]
                    let i = (pick.rotate_left(id.0.into()) % hexes.len() as u64) as usize;
                    out.push(Command::Move {
                        unit: id,
                        to: hexes[i],
                    });
                }
                out.push(Command::Entrench { unit: id });
                out.push(Command::Hold { unit: id });
            }
            out.extend(evacuations(&ctx, side));
            for s in &ctx.state.settlements {
                out.push(Command::Evacuate {
                    place: s.place.clone(),
                    destination: Destination::Helipad,
                });
            }
        }
        Phase::Combat => {
            out.push(Command::Airlift {
                cargo: Cargo::Civilians,
            });
            out.push(Command::Airlift {
                cargo: Cargo::Supply,
            });
            out.push(Command::HaltForColumns);
            for id in ctx.active_units(side) {
                out.extend(bombard(&ctx, id));
            }
            out.extend(all_attacks(&ctx, side));
        }
    }
    let legal: Vec<Command> = out.into_iter().filter(|c| game.check(c).is_ok()).collect();
    #[expect(
        clippy::cast_possible_truncation,
        reason = "an index into a short list"
    )]
    let i = (pick % legal.len() as u64) as usize;
    legal[i].clone()
}

/// Every attack possible now, whatever the odds.
fn all_attacks(ctx: &Ctx, side: Side) -> Vec<Command> {
    attack_groups(ctx, side)
        .into_iter()
        .map(|(target, attackers)| Command::Attack {
            attackers,
            target,
            advance: true,
        })
        .collect()
}
