//! People: the defender evacuates every settlement the enemy could reach within its
//! evacuation horizon ([`AiProfile::evacuation_radius`]), toward the exit its people can
//! reach most cheaply (over the Omar Pass road) or,
//! while the helicopters fly and they can carry them, to the landing site; the helicopters fly
//! whenever they can, carrying first what the level says ([`HelicopterCargo`]); the attacker
//! halts when refugee columns are in harm's way.

use super::AiProfile;
use super::plan::{Analysis, Known, distance};
use super::profile::HelicopterCargo;
use crate::rules::civilians;
use crate::rules::state::{Destination, SupplyStatus};
use crate::rules::{Cargo, Command, Ctx};

/// The evacuation order the side should give now, if any: the settlement the enemy is
/// nearest first, among those it could reach within the level's lookahead. Only the order
/// given is worked out in full (the way to an exit is a search over the map).
#[must_use]
pub fn evacuation(
    ctx: &Ctx,
    known: &[Known],
    profile: &AiProfile,
    legal: &dyn Fn(&Command) -> bool,
) -> Option<Command> {
    let side = ctx.state.active;
    let radius = profile.evacuation_radius();
    // While the helicopters carry stock first, nobody is sent to the landing site.
    let heli = ctx.scenario.file.helicopters.as_ref().filter(|h| {
        h.side == side && ctx.state.helicopters_flying && !stock_first(ctx, side, profile)
    });
    let pad = civilians::pad_hex(ctx.scenario);
    // What the helicopters can still carry: each remaining day turn of flights.
    let capacity: u32 = heli.map_or(0, |h| {
        let turns = (ctx.state.turn..=h.last_turn)
            .filter(|t| !ctx.scenario.is_night(*t))
            .count();
        h.people_per_turn * u32::try_from(turns).unwrap_or(0)
    });
    let waiting = civilians::waiting_at_pad(ctx.state)
        + ctx
            .state
            .columns
            .iter()
            .filter(|c| c.destination == Destination::Helipad)
            .map(|c| c.people)
            .sum::<u32>()
        + ctx
            .state
            .settlements
            .iter()
            .filter(|s| s.evacuating == Some(Destination::Helipad))
            .map(|s| s.present)
            .sum::<u32>();
    let mut candidates: Vec<(u32, u32, &str, crate::hex::Offset, u32)> = ctx
        .state
        .settlements
        .iter()
        .filter(|s| s.evacuating.is_none() && s.present > 0 && ctx.controller(s.hex) == side)
        .filter_map(|s| {
            let near = known.iter().map(|k| distance(k.hex, s.hex)).min()?;
            let from_pad = pad.map_or(0, |p| distance(p, s.hex));
            (near <= radius).then_some((near, from_pad, s.place.as_str(), s.hex, s.present))
        })
        .collect();
    candidates.sort_unstable();
    candidates
        .into_iter()
        .find_map(|(_, _, place, hex, present)| {
            let destination = if heli.is_some() && waiting + present <= capacity {
                Destination::Helipad
            } else {
                Destination::Exit(civilians::refuge_exit(ctx, side, hex)?)
            };
            let c = Command::Evacuate {
                place: place.to_string(),
                destination,
            };
            legal(&c).then_some(c)
        })
}

/// Whether the side's depots will not last the units that draw on them to the end of the
/// game: then the helicopters carry stock rather than people (who can still walk out, while
/// a garrison without supply loses cohesion and then steps).
#[must_use]
pub fn depot_short(ctx: &Ctx, side: crate::geography::Side) -> bool {
    let drawing = ctx
        .active_units(side)
        .filter(|id| {
            matches!(
                ctx.state.unit(*id).supply,
                SupplyStatus::FromDepot { .. } | SupplyStatus::OutOfSupply { .. }
            )
        })
        .count();
    let left: u32 = ctx
        .scenario
        .file
        .supply_sources
        .iter()
        .zip(&ctx.state.depot_stock)
        .filter(|(s, _)| s.side == side)
        .map(|(_, n)| *n)
        .sum();
    let per_turn =
        ctx.scenario.rules.supply.depot_draw_per_unit * u32::try_from(drawing).unwrap_or(u32::MAX);
    let turns_left = ctx.scenario.file.turns.saturating_sub(ctx.state.turn) + 1;
    left < per_turn.saturating_mul(turns_left)
}

/// Whether the side's helicopters carry stock before people now: the level flies stock while
/// the depot is short, and it is.
#[must_use]
fn stock_first(ctx: &Ctx, side: crate::geography::Side, profile: &AiProfile) -> bool {
    profile.helicopters_carry == HelicopterCargo::StockWhileShort && depot_short(ctx, side)
}

/// The helicopters' sorties in order of preference: people first, unless they carry stock
/// first now ([`stock_first`]).
#[must_use]
pub fn airlifts(ctx: &Ctx, an: &Analysis, profile: &AiProfile) -> [Command; 2] {
    let people = Command::Airlift {
        cargo: Cargo::Civilians,
    };
    let stock = Command::Airlift {
        cargo: Cargo::Supply,
    };
    if stock_first(ctx, an.side, profile) {
        [stock, people]
    } else {
        [people, stock]
    }
}

/// Whether the attacker should halt for refugee columns this turn: the level allows it, a
/// column stands in or next to a hex it could strike, and no attack is worth making anyway.
#[must_use]
pub fn should_halt(ctx: &Ctx, an: &Analysis, profile: &AiProfile, worth_attacking: bool) -> bool {
    if !profile.halt_for_columns || !an.attacker || worth_attacking {
        return false;
    }
    let targets: Vec<_> = super::attack::attack_groups(ctx, an)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    ctx.state
        .columns
        .iter()
        .filter(|c| c.people > 0)
        .any(|c| targets.iter().any(|t| distance(*t, c.hex) <= 1))
}
