//! Victory: at the end of every turn each side holds the points of the objectives it controls
//! and, for the first side, of an unbroken road it holds through the scenario's road-link
//! chain; points for enemy losses, for civilians brought out and against civilian harm are
//! awarded as they happen. The game ends after the last turn, or early when one side holds
//! every objective from the scenario's sudden-death turn on. The level of the result comes
//! from the margin, by the thresholds in `rules.ron`.

use super::event::{Event, PointsCause};
use super::state::{Outcome, enemy, side_index};
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::Scenario;
use std::collections::VecDeque;

/// End-of-turn bookkeeping; returns whether the game has ended.
pub fn end_of_turn(sc: &Scenario, sink: &mut Sink) -> bool {
    let first = Ctx::new(sc, &sink.state).first_side();
    // Objectives: each side holds exactly the points of what it controls now.
    for side in [Side::Armenian, Side::Azerbaijani] {
        let ctx = Ctx::new(sc, &sink.state);
        let held: i32 = sc
            .file
            .objectives
            .iter()
            .filter_map(|o| sc.map.place(&o.place).map(|p| (p.hex, o.points)))
            .filter(|(hex, _)| ctx.controller(*hex) == side)
            .map(|(_, pts)| pts)
            .sum();
        let delta = held - sink.state.points[side_index(side)].objectives;
        if delta != 0 {
            sink.push(Event::PointsAwarded {
                side,
                points: delta,
                cause: PointsCause::Objectives,
            });
        }
    }
    // The road link, for the side that moves first (the attacker).
    let linked = road_link_held(&Ctx::new(sc, &sink.state), first);
    let want = if linked {
        sc.rules.victory.road_link_points
    } else {
        0
    };
    let delta = want - sink.state.points[side_index(first)].road_link;
    if delta != 0 {
        sink.push(Event::PointsAwarded {
            side: first,
            points: delta,
            cause: PointsCause::RoadLink,
        });
    }
    // The key place: the turn it first passes to the attacker.
    if sink.state.town_fell.is_none()
        && let Some(key) = sc.key_place()
        && Ctx::new(sc, &sink.state).controller(key.hex) == first
    {
        let turn = sink.state.turn;
        sink.push(Event::KeyPlaceTaken { turn });
    }
    let turn = sink.state.turn;
    let sudden = turn >= sc.rules.victory.sudden_death_from_turn
        && !sc.file.objectives.is_empty()
        && [Side::Armenian, Side::Azerbaijani].into_iter().any(|side| {
            let ctx = Ctx::new(sc, &sink.state);
            sc.file.objectives.iter().all(|o| {
                sc.map
                    .place(&o.place)
                    .is_some_and(|p| ctx.controller(p.hex) == side)
            })
        });
    if turn >= sc.file.turns || sudden {
        let outcome = outcome(sc, &Ctx::new(sc, &sink.state));
        sink.push(Event::GameEnded { outcome });
        return true;
    }
    false
}

/// The result as it stands.
#[must_use]
pub fn outcome(sc: &Scenario, ctx: &Ctx) -> Outcome {
    let armenian = ctx.state.points[0].total();
    let azerbaijani = ctx.state.points[1].total();
    let margin = armenian - azerbaijani;
    let level = sc
        .rules
        .victory
        .levels
        .iter()
        .find(|(_, at)| margin.abs() >= *at)
        .map_or_else(|| "draw".to_string(), |(name, _)| name.clone());
    let winner = if level == "draw" {
        None
    } else if margin > 0 {
        Some(Side::Armenian)
    } else {
        Some(Side::Azerbaijani)
    };
    Outcome {
        winner,
        level,
        armenian,
        azerbaijani,
        turn: ctx.state.turn,
    }
}

/// Whether `side` holds a road through every link of the scenario's road-link chain: each
/// consecutive pair joined by road hexsides through hexes it controls and no enemy stands in.
#[must_use]
pub fn road_link_held(ctx: &Ctx, side: Side) -> bool {
    let chain = ctx.scenario.road_link_chain();
    chain.len() >= 2 && chain.windows(2).all(|w| road_path(ctx, side, w[0], w[1]))
}

fn road_path(ctx: &Ctx, side: Side, from: Offset, to: Offset) -> bool {
    let map = &ctx.scenario.map;
    let usable = |o: Offset| ctx.controller(o) == side && !ctx.enemy_at(side, o.to_hex());
    if !usable(from) || !usable(to) {
        return false;
    }
    let mut seen = vec![false; map.len()];
    let mut queue = VecDeque::from([from.to_hex()]);
    seen[map.index(from.to_hex()).expect("on map")] = true;
    while let Some(h) = queue.pop_front() {
        if Offset::from_hex(h) == to {
            return true;
        }
        for n in map.neighbors(h) {
            let j = map.index(n).expect("on map");
            if !seen[j] && map.side(h, n).road.is_some() && usable(Offset::from_hex(n)) {
                seen[j] = true;
                queue.push_back(n);
            }
        }
    }
    false
}

/// The side ahead on points now.
#[must_use]
pub fn leader(ctx: &Ctx) -> Option<Side> {
    let [a, z] = [ctx.state.points[0].total(), ctx.state.points[1].total()];
    match a.cmp(&z) {
        std::cmp::Ordering::Greater => Some(Side::Armenian),
        std::cmp::Ordering::Less => Some(enemy(Side::Armenian)),
        std::cmp::Ordering::Equal => None,
    }
}
