//! Movement toward a goal: among the hexes a unit can reach this phase (the rules' own
//! reachable set, with the weather, night, closed passes and zones of control of this turn),
//! the one nearest its goal by the distance fields, staying in supply and out of reach of
//! stronger enemies where it can; and the attacker's choice of goals.

use super::AiProfile;
use super::plan::{Analysis, FAR, Fields, distance};
use crate::hex::Offset;
use crate::rules::movement::Reach;
use crate::rules::{Ctx, UnitId};
use std::collections::BTreeMap;

/// Where a unit is going and how it treats danger on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aim {
    pub goal: Offset,
    /// Accept ending next to the enemy.
    pub may_close: bool,
    /// Within this many hexes of the goal counts as arrived (0: the goal itself).
    pub near: u32,
}

/// The hex `unit` should move to toward its aim's goal, or `None` to stay where it is.
#[must_use]
pub fn step_toward(
    ctx: &Ctx,
    an: &Analysis,
    fields: &mut Fields,
    unit: UnitId,
    reach: &Reach,
    stack: &BTreeMap<Offset, u32>,
    care: Aim,
) -> Option<Offset> {
    let goal = care.goal;
    let u = ctx.state.unit(unit);
    let here = u.hex?;
    let steps = u32::from(u.steps);
    let limit = ctx.scenario.rules.stacking_steps;
    let defence = ctx.scaled(unit, ctx.unit_type(unit).defence).max(1);
    let movement = u.movement.max(1);
    let field = fields.to_goal(ctx, unit, goal);
    let map = &ctx.scenario.map;
    let score = |h: Offset| -> u64 {
        let d = map.index(h.to_hex()).map_or(FAR, |i| field[i]).min(FAR);
        // Arrived is as good as the goal itself.
        let d = if distance(h, goal) <= care.near { 0 } else { d };
        let mut s = u64::from(d) * 4;
        // Out of supply costs fuel, cohesion and attack strength, but an attack that stops
        // at the end of its supply line never takes the objective: a light penalty, and none
        // in the attacker's last push.
        if !an.supplied_at(ctx, h) && !an.pushing {
            s += u64::from(movement) * if an.attacker { 1 } else { 4 };
        }
        let threat = an.threat_at(ctx, h);
        if !care.may_close && threat > defence * 2 {
            s += u64::from(movement) * 6 + u64::from(threat);
        }
        s
    };
    let stay = score(here);
    reach
        .hexes()
        .filter(|(h, _)| !an.enemy_in(ctx, *h))
        .filter(|(h, _)| stack.get(h).copied().unwrap_or(0) + steps <= limit)
        .map(|(h, c)| (score(h), c, h))
        .min()
        .filter(|(s, _, _)| *s < stay)
        .map(|(_, _, h)| h)
}

/// The attacker's goal for a unit: the enemy-held objective that is worth most for how far
/// it is, less for every unit already sent there.
#[must_use]
pub fn attacker_goal(
    ctx: &Ctx,
    an: &Analysis,
    fields: &mut Fields,
    unit: UnitId,
    sent: &BTreeMap<Offset, u32>,
    profile: &AiProfile,
) -> Option<Offset> {
    let here = ctx.state.unit(unit).hex?;
    let movement = ctx.state.unit(unit).movement.max(1);
    let key = ctx.scenario.key_place().map(|p| p.hex);
    let link = f64::from(ctx.scenario.rules.victory.road_link_points);
    let i = ctx.scenario.map.index(here.to_hex())?;
    let mut ranked: Vec<(f64, Offset)> = Vec::new();
    for g in an.goals.iter().filter(|g| !g.ours) {
        let d = fields.rough(ctx, g.hex)[i];
        if d >= FAR {
            continue;
        }
        let turns = f64::from(d) / f64::from(movement);
        let mut worth = f64::from(g.points);
        if Some(g.hex) == key {
            worth += link;
        }
        let crowd = f64::from(sent.get(&g.hex).copied().unwrap_or(0));
        // A longer view discounts distance less.
        let horizon = f64::from(profile.lookahead_turns.max(1));
        ranked.push((
            worth / (1.0 + turns / horizon) / (1.0 + crowd * 0.35),
            g.hex,
        ));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // The best the unit's own move class can reach (vehicles cannot cross every ridge).
    ranked
        .into_iter()
        .map(|(_, h)| h)
        .find(|h| fields.to_goal(ctx, unit, *h)[i] < FAR)
}

/// The hex `unit` should move to toward the nearest of `targets` by hex distance (for short
/// errands such as the road hexes still to take), or `None` to stay.
#[must_use]
pub fn step_near(
    ctx: &Ctx,
    an: &Analysis,
    unit: UnitId,
    reach: &Reach,
    targets: &[Offset],
    stack: &BTreeMap<Offset, u32>,
) -> Option<Offset> {
    let u = ctx.state.unit(unit);
    let here = u.hex?;
    let steps = u32::from(u.steps);
    let limit = ctx.scenario.rules.stacking_steps;
    let near = |h: Offset| {
        targets
            .iter()
            .map(|t| distance(h, *t))
            .min()
            .unwrap_or(u32::MAX)
    };
    let stay = near(here);
    reach
        .hexes()
        .filter(|(h, _)| !an.enemy_in(ctx, *h))
        .filter(|(h, _)| stack.get(h).copied().unwrap_or(0) + steps <= limit)
        .map(|(h, c)| (near(h), c, h))
        .min()
        .filter(|(d, _, _)| *d < stay)
        .map(|(_, _, h)| h)
}
