//! Control of ground nobody holds: undefended ground passes to the side next to it.
//!
//! Units take control of the hexes they enter (movement and combat). Between them lies ground
//! no unit enters: the valleys behind a broken front, the mountains around a fallen town. This
//! rule decides who holds it, the same way for both sides.
//!
//! **Held ground.** A side *holds* a hex it controls when one of its units stands within
//! `control.unit_hold_hexes` of it, or when a supply line it uses passes within
//! `control.line_hold_hexes` of it ([`supply::lines_in_use`]: its sources, and the line of
//! each of its units in supply from the source to the unit). A road no unit of the side draws
//! on holds nothing: a line of communication holds ground only while it serves someone. The
//! distance is counted in steps through hexes the side controls that are free of enemy units
//! and of the enemy's zone of control (unless a unit of the side stands there): an enemy line
//! cuts the hold as it cuts supply lines. A unit's own hex is always held.
//!
//! **Undefended ground changes hands.** At the end of each side's part of the turn (after its
//! refugee columns moved), every hex the enemy controls but does not hold is *undefended*. Two
//! kinds of undefended ground pass to the side at once, in one [`Event::GroundTaken`], with what
//! follows for the people there (as when a unit takes a settlement):
//!
//! - the undefended hexes the side's own hold reaches — counted the same way, through its own
//!   ground and the undefended ground;
//! - *pockets*: undefended ground from which no way through the enemy's own ground (free of
//!   the side's units and uncontested zone of control) leads back to a source the enemy could
//!   draw on — an unlimited source or a depot with stock he holds — where the pocket borders
//!   the side's ground. Ground cut off from everything that could hold it falls to the side
//!   around it, however far from its units.
//!
//! Ground taken this way can cut more of the enemy's ground off from his sources; that ground
//! falls in the same step, until nothing more passes. Ground neither side holds and still
//! linked to its side's sources stays where it is, and ground just taken is held by the side
//! that took it, so it does not change hands back and forth.
//!
//! So a broken front gives up the ground behind it only once no unit and no supply line holds
//! it any more: when a garrison's depot runs dry or its town falls, the district behind it
//! follows, and the valleys the enemy has cut off go with it.

use super::event::Event;
use super::state::{enemy, side_index};
use super::{Ctx, Sink, civilians, supply};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::Scenario;

/// Per hex (row by row): whether `side` holds it (see the module documentation). Without
/// the rule (`control: None`) nothing is held by it.
#[must_use]
pub fn held(ctx: &Ctx, side: Side) -> Vec<bool> {
    let blocked = supply::blocked_hexes(ctx, side);
    let in_use = supply::lines_in_use(ctx, side);
    reach(ctx, side, &blocked, &in_use, |i| {
        ctx.state.control.get(i) == Some(&side)
    })
}

/// What the hold of both sides rests on, per side (by [`side_index`]): the hexes where the
/// enemy denies its lines and the lines it uses. The ground taken in a step changes neither,
/// but for the depots it holds: a line depends on the control only through them.
struct Lines {
    blocked: [Vec<bool>; 2],
    in_use: [Vec<bool>; 2],
    /// Who holds each supply source's hex, in scenario order.
    sources: Vec<Option<Side>>,
}

impl Lines {
    fn of(ctx: &Ctx) -> Self {
        let sides = [Side::Armenian, Side::Azerbaijani];
        Self {
            blocked: sides.map(|s| supply::blocked_hexes(ctx, s)),
            in_use: sides.map(|s| supply::lines_in_use(ctx, s)),
            sources: source_holders(ctx),
        }
    }
}

fn source_holders(ctx: &Ctx) -> Vec<Option<Side>> {
    let sc = ctx.scenario;
    sc.file
        .supply_sources
        .iter()
        .map(|s| sc.resolve(&s.at).map(|o| ctx.controller(o)))
        .collect()
}

/// Per hex: whether the hold of `side`'s units and supply lines (`in_use`) reaches it through
/// hexes `open` allows that are not `blocked` (free of the enemy and his uncontested zone of
/// control).
fn reach(
    ctx: &Ctx,
    side: Side,
    blocked: &[bool],
    in_use: &[bool],
    open: impl Fn(usize) -> bool,
) -> Vec<bool> {
    let map = &ctx.scenario.map;
    let Some(rules) = ctx.scenario.rules.control.as_ref() else {
        return vec![false; map.len()];
    };
    // Steps of hold left in each hex; a hex is reached once any get there.
    let mut left: Vec<Option<u32>> = vec![None; map.len()];
    for id in ctx.active_units(side) {
        if let Some(i) = ctx.state.unit(id).hex.and_then(|o| map.index(o.to_hex())) {
            left[i] = left[i].max(Some(rules.unit_hold_hexes));
        }
    }
    for (i, used) in in_use.iter().enumerate() {
        if *used && open(i) && !blocked[i] {
            left[i] = left[i].max(Some(rules.line_hold_hexes));
        }
    }
    // Spread from the largest budget down, so each hex keeps its best.
    let top = rules.unit_hold_hexes.max(rules.line_hold_hexes);
    for steps in (1..=top).rev() {
        let frontier: Vec<usize> = (0..map.len()).filter(|i| left[*i] == Some(steps)).collect();
        for i in frontier {
            for (_, j) in map.neighbor_indices(i) {
                if open(j) && !blocked[j] && left[j] < Some(steps - 1) {
                    left[j] = Some(steps - 1);
                }
            }
        }
    }
    left.iter().map(Option::is_some).collect()
}

/// Per hex: whether it is in `start` or connected to a hex in it through hexes `open` allows.
fn flood(ctx: &Ctx, start: &[bool], open: impl Fn(usize) -> bool) -> Vec<bool> {
    let map = &ctx.scenario.map;
    let mut seen = start.to_vec();
    let mut stack: Vec<usize> = (0..map.len()).filter(|i| start[*i]).collect();
    while let Some(i) = stack.pop() {
        for (_, j) in map.neighbor_indices(i) {
            if !seen[j] && open(j) {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

/// The enemy's undefended hexes that pass to `side` now, in map order: those its own hold
/// reaches across its ground and the undefended ground.
#[must_use]
pub fn undefended_taken(ctx: &Ctx, side: Side) -> Vec<Offset> {
    if ctx.scenario.rules.control.is_none() {
        return Vec::new();
    }
    taken(ctx, side, &Lines::of(ctx))
}

/// [`undefended_taken`] with the sides' lines worked out.
fn taken(ctx: &Ctx, side: Side, lines: &Lines) -> Vec<Offset> {
    let map = &ctx.scenario.map;
    let other = enemy(side);
    let (s, o) = (side_index(side), side_index(other));
    let held = reach(ctx, other, &lines.blocked[o], &lines.in_use[o], |i| {
        ctx.state.control.get(i) == Some(&other)
    });
    let undefended: Vec<bool> = (0..map.len())
        .map(|i| ctx.state.control.get(i) == Some(&other) && !held[i])
        .collect();
    let reached = reach(ctx, side, &lines.blocked[s], &lines.in_use[s], |i| {
        undefended[i] || ctx.state.control.get(i) == Some(&side)
    });
    // Cut off: undefended ground from which no way through the enemy's own ground, free of
    // `side`'s units and uncontested zone of control, leads back to a source he could draw on.
    let blocked = &lines.blocked[o];
    let linked = flood(ctx, &supply::usable_sources(ctx, other), |i| {
        ctx.state.control.get(i) == Some(&other) && !blocked[i]
    });
    let pocket: Vec<bool> = (0..map.len())
        .map(|i| undefended[i] && !linked[i])
        .collect();
    // A pocket passes to the side around it: the pockets that touch its ground.
    let own: Vec<bool> = (0..map.len())
        .map(|i| ctx.state.control.get(i) == Some(&side))
        .collect();
    let surrounded = flood(ctx, &own, |i| pocket[i]);
    (0..map.len())
        .filter(|i| undefended[*i] && (reached[*i] || (pocket[*i] && surrounded[*i])))
        .map(|i| Offset::from_hex(map.hex_at_index(i)))
        .collect()
}

/// End of `side`'s part of the turn: the enemy's undefended ground next to it passes to it.
pub fn end_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    if sc.rules.control.is_none() {
        return;
    }
    let mut lines = Lines::of(&Ctx::new(sc, &sink.state));
    let mut hexes = taken(&Ctx::new(sc, &sink.state), side, &lines);
    if hexes.is_empty() {
        return;
    }
    // The ground taken can cut more of the enemy's ground off from his sources: take again on
    // a scratch copy until nothing more passes, so the pockets it leaves fall with it.
    let mut scratch = sink.state.clone();
    let mut more = hexes.clone();
    while !more.is_empty() {
        for h in &more {
            if let Some(i) = sc.map.index(h.to_hex()) {
                scratch.control[i] = side;
            }
        }
        let ctx = Ctx::new(sc, &scratch);
        if source_holders(&ctx) != lines.sources {
            lines = Lines::of(&ctx);
        }
        more = taken(&ctx, side, &lines);
        hexes.extend(&more);
    }
    hexes.sort_by_key(|h| sc.map.index(h.to_hex()));
    sink.push(Event::GroundTaken {
        side,
        hexes: hexes.clone(),
    });
    // People in the ground taken: captured or fleeing, as when a unit takes their settlement.
    let peopled: Vec<Offset> = hexes
        .into_iter()
        .filter(|h| {
            sink.state
                .settlements
                .iter()
                .any(|s| s.hex == *h && s.present > 0)
                || sink
                    .state
                    .columns
                    .iter()
                    .any(|c| c.hex == *h && c.people > 0)
        })
        .collect();
    for hex in peopled {
        civilians::on_control_changed(sc, sink, hex, side);
    }
}
