//! Fog of war: what each side knows of the enemy.
//!
//! A side sees an enemy unit when one of its units on the map observes the unit's hex: within
//! its observation range (the weather where it stands, halved at night, at least one hex) and
//! with a line of sight (see [`combat::observed`]). A unit next to the enemy always sees it.
//! Every enemy unit a side has seen leaves a last known position, recorded by a
//! [`Event::Sighted`] event; [`sightings`] records the new ones, and [`view`] puts together
//! what a side's player may be shown. Without fog of war every enemy unit on the map is shown.

use super::combat;
use super::event::Event;
use super::state::{UnitId, UnitStatus, enemy, side_index};
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::Scenario;

/// Enemy units on the map that `side` sees now, in unit order.
#[must_use]
pub fn visible_enemies(ctx: &Ctx, side: Side) -> Vec<UnitId> {
    ctx.active_units(enemy(side))
        .filter(|id| {
            ctx.state
                .unit(*id)
                .hex
                .is_some_and(|hex| combat::observed(ctx, side, hex))
        })
        .collect()
}

/// An enemy unit in sight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub unit: UnitId,
    pub hex: Offset,
    pub steps: u8,
}

/// Where an enemy unit out of sight was last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastKnown {
    pub unit: UnitId,
    pub hex: Offset,
    /// Turn it was last seen there.
    pub turn: u32,
}

/// What one side may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub side: Side,
    /// The side's own units on the map.
    pub own: Vec<UnitId>,
    /// Enemy units in sight now.
    pub visible: Vec<Seen>,
    /// Last known positions of enemy units seen before and out of sight now (units known to
    /// be destroyed or to have surrendered are left out).
    pub last_known: Vec<LastKnown>,
}

/// What `side` may be shown: everything without fog of war, otherwise its own units, the
/// enemy units it sees and the last known positions of the others.
#[must_use]
pub fn view(ctx: &Ctx, side: Side) -> View {
    let own = ctx.active_units(side).collect();
    let seen: Vec<UnitId> = if ctx.state.fog {
        visible_enemies(ctx, side)
    } else {
        ctx.active_units(enemy(side)).collect()
    };
    let visible = seen
        .iter()
        .filter_map(|id| {
            let u = ctx.state.unit(*id);
            u.hex.map(|hex| Seen {
                unit: *id,
                hex,
                steps: u.steps,
            })
        })
        .collect();
    let last_known = if ctx.state.fog {
        ctx.state.last_seen[side_index(side)]
            .iter()
            .filter(|(id, _, _)| {
                !seen.contains(id)
                    && !matches!(
                        ctx.state.unit(*id).status,
                        UnitStatus::Eliminated | UnitStatus::Surrendered
                    )
            })
            .map(|(unit, hex, turn)| LastKnown {
                unit: *unit,
                hex: *hex,
                turn: *turn,
            })
            .collect()
    } else {
        Vec::new()
    };
    View {
        side,
        own,
        visible,
        last_known,
    }
}

/// Records the enemy units `side` sees that it has not yet seen where they stand this turn.
pub fn sightings(sc: &Scenario, sink: &mut Sink, side: Side) {
    let new: Vec<(UnitId, Offset)> = {
        let ctx = Ctx::new(sc, &sink.state);
        let turn = ctx.state.turn;
        let known = &ctx.state.last_seen[side_index(side)];
        visible_enemies(&ctx, side)
            .into_iter()
            .filter_map(|id| ctx.state.unit(id).hex.map(|hex| (id, hex)))
            .filter(|(id, hex)| !known.contains(&(*id, *hex, turn)))
            .collect()
    };
    for (unit, hex) in new {
        sink.push(Event::Sighted { side, unit, hex });
    }
}
