//! Attacks and fire: which attacks are worth making (the rules' own preview gives the odds
//! after every shift and the full outcome distribution), where to concentrate for them in the
//! movement phase, and where the guns fire.

use super::AiProfile;
use super::plan::{Analysis, distance, harm_points};
use crate::hex::Offset;
use crate::rules::combat::{self, AttackPreview};
use crate::rules::movement::Reach;
use crate::rules::state::{Phase, UnitStatus};
use crate::rules::{Command, Ctx, UnitId};
use std::collections::BTreeMap;

/// What taking or holding a hex is worth beyond the units in it: its objective's points, and
/// for the attacker a share for standing next to an objective the enemy holds.
#[must_use]
pub fn hex_value(an: &Analysis, hex: Offset) -> f64 {
    // A hex of the road link still to be taken: a share of the link's points.
    let link = if an.link_gaps.contains(&hex) {
        an.link_points / 4.0
    } else {
        0.0
    };
    link + an
        .goals
        .iter()
        .map(|g| {
            let worth = f64::from(g.points) + if g.key { an.link_points } else { 0.0 };
            match distance(g.hex, hex) {
                0 => worth,
                1 if an.attacker && !g.ours => worth / 4.0,
                _ => 0.0,
            }
        })
        .sum::<f64>()
}

/// Steps of the known defenders of a hex.
fn defender_steps(ctx: &Ctx, target: Offset) -> u32 {
    ctx.state
        .units_at(target)
        .map(|u| u32::from(ctx.state.unit(u).steps))
        .sum()
}

/// The worth of an attack, in victory points: steps it is expected to take, the chance the
/// hex is cleared times what the hex is worth, less the steps it is expected to cost (weighed
/// by the level's caution) and the points lost for hurting the people there.
#[must_use]
pub fn attack_score(
    ctx: &Ctx,
    an: &Analysis,
    profile: &AiProfile,
    preview: &AttackPreview,
    target: Offset,
) -> f64 {
    let steps = defender_steps(ctx, target);
    let (mut lost, mut taken) = (0.0, 0.0);
    for o in &preview.outcomes {
        let p = o.chance.probability();
        taken += p * f64::from(u32::from(o.result.defender_steps).min(steps));
        lost += p * f64::from(o.result.attacker_steps);
    }
    let cleared = preview.defender_retreats.probability();
    let caution = 1.0 + f64::from(100 - profile.aggression.min(100)) / 50.0;
    let harm = harm_points(
        ctx,
        target,
        ctx.scenario
            .rules
            .combat_modifiers
            .civilian_casualties_per_mille,
    );
    taken * 1.2 + cleared * (1.0 + hex_value(an, target) * 0.6) - lost * caution - harm
}

/// Units of the side to move that may attack now: on the map, with attack strength, not
/// routed, not yet attacked.
fn ready(ctx: &Ctx, id: UnitId) -> bool {
    let u = ctx.state.unit(id);
    u.status == UnitStatus::Active && !u.routed && !u.attacked && ctx.unit_type(id).attack > 0
}

/// Every known enemy hex with the units next to it that may attack it, in hex order.
#[must_use]
pub fn attack_groups(ctx: &Ctx, an: &Analysis) -> Vec<(Offset, Vec<UnitId>)> {
    let mut targets: Vec<Offset> = an.known.iter().map(|k| k.hex).collect();
    targets.sort();
    targets.dedup();
    let mine: Vec<(UnitId, Offset)> = ctx
        .active_units(an.side)
        .filter(|id| ready(ctx, *id))
        .filter_map(|id| ctx.state.unit(id).hex.map(|h| (id, h)))
        .collect();
    targets
        .into_iter()
        .filter(|t| ctx.enemy_at(an.side, t.to_hex()))
        .filter_map(|t| {
            let a: Vec<UnitId> = mine
                .iter()
                .filter(|(_, h)| distance(*h, t) == 1)
                .map(|(id, _)| *id)
                .collect();
            (!a.is_empty()).then_some((t, a))
        })
        .collect()
}

/// The best attack to make now, if one reaches the level's odds and is worth it.
#[must_use]
pub fn best_attack(ctx: &Ctx, an: &Analysis, profile: &AiProfile) -> Option<Command> {
    let mut groups = attack_groups(ctx, an);
    // The most promising first: most attack strength per defence.
    groups.sort_by_key(|(t, a)| {
        let attack: u32 = a
            .iter()
            .map(|id| ctx.scaled(*id, ctx.unit_type(*id).attack))
            .sum();
        let defence: u32 = ctx
            .state
            .units_at(*t)
            .map(|id| ctx.scaled(id, ctx.unit_type(id).defence))
            .sum();
        (std::cmp::Reverse(attack * 100 / defence.max(1)), *t)
    });
    let limit = usize::try_from(profile.candidate_attacks).unwrap_or(usize::MAX);
    let mut best: Option<(f64, Command)> = None;
    for (target, attackers) in groups.into_iter().take(limit) {
        let Ok(p) = combat::preview(ctx, &attackers, target) else {
            continue;
        };
        if !profile.odds_ok(p.column_odds) {
            continue;
        }
        let score = attack_score(ctx, an, profile, &p, target);
        if score > 0.0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            // The defender's units hold their posts: they follow up only onto an objective.
            let advance = an.attacker || hex_value(an, target) > 0.0;
            best = Some((
                score,
                Command::Attack {
                    attackers,
                    target,
                    advance,
                },
            ));
        }
    }
    best.map(|(_, c)| c)
}

/// The best fire mission now: a known enemy hex in range and in sight, most of all one its
/// units will attack (artillery support shifts the odds), never where hurting people would
/// cost more than the fire gains.
#[must_use]
pub fn best_bombard(ctx: &Ctx, an: &Analysis) -> Option<Command> {
    let groups = attack_groups(ctx, an);
    let per_mille = ctx.scenario.rules.bombard.civilian_casualties_per_mille;
    let mut best: Option<(f64, Command)> = None;
    let mut targets: Vec<Offset> = an.known.iter().map(|k| k.hex).collect();
    targets.sort();
    targets.dedup();
    for id in ctx.active_units(an.side) {
        let u = ctx.state.unit(id);
        let ty = ctx.unit_type(id);
        if ty.range == 0 || ty.bombard == 0 || u.fired || u.routed {
            continue;
        }
        let Some(here) = u.hex else { continue };
        for &t in &targets {
            if distance(here, t) > ty.range {
                continue;
            }
            let Ok(p) = combat::bombard_preview(ctx, id, t) else {
                continue;
            };
            let supported =
                groups.iter().any(|(g, _)| *g == t) && !ctx.state.bombarded.contains(&(an.side, t));
            let score = p.step_loss.probability() * 1.2
                + p.disrupt.probability() * 0.4
                + if supported { 0.8 } else { 0.0 }
                - harm_points(ctx, t, per_mille);
            if score > 0.25 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    Command::Bombard {
                        unit: id,
                        target: t,
                    },
                ));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// A planned concentration: the units that go next to `target` and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concentration {
    pub target: Offset,
    pub moves: Vec<(UnitId, Offset)>,
}

/// Plans where to concentrate in the movement phase: for the most promising known enemy
/// hexes, gathers free units next to them (those already there first, then the nearest)
/// until the rules' preview, taken as if they stood there in the combat phase, shows odds
/// well above the level's minimum. Only concentrations that reach the minimum and are worth
/// it are kept; their units are taken from `free`.
pub fn concentrate(
    ctx: &Ctx,
    an: &Analysis,
    profile: &AiProfile,
    free: &mut Vec<UnitId>,
    reach: &BTreeMap<UnitId, Reach>,
    stack: &mut BTreeMap<Offset, u32>,
) -> Vec<Concentration> {
    let limit = ctx.scenario.rules.stacking_steps;
    let mut targets: Vec<Offset> = an.known.iter().map(|k| k.hex).collect();
    targets.sort();
    targets.dedup();
    // Reachable next to it by some free unit; the most valuable and weakest first.
    let reach_of =
        |id: UnitId, t: Offset, stack: &BTreeMap<Offset, u32>| -> Option<(Offset, u32)> {
            let here = ctx.state.unit(id).hex?;
            if distance(here, t) == 1 {
                return Some((here, 0));
            }
            let r = reach.get(&id)?;
            let steps = u32::from(ctx.state.unit(id).steps);
            t.to_hex()
                .ring(1)
                .map(crate::hex::Offset::from_hex)
                .filter(|h| !an.enemy_in(ctx, *h))
                .filter(|h| stack.get(h).copied().unwrap_or(0) + steps <= limit)
                .filter_map(|h| r.cost(h).map(|c| (h, c)))
                .min_by_key(|(h, c)| (!an.supplied_at(ctx, *h), *c, *h))
        };
    let mut scored: Vec<(i64, Offset)> = targets
        .into_iter()
        .filter(|t| ctx.enemy_at(an.side, t.to_hex()))
        .filter_map(|t| {
            let n = free
                .iter()
                .filter(|id| ctx.unit_type(**id).attack > 0 && !ctx.state.unit(**id).routed)
                .filter(|id| reach_of(**id, t, stack).is_some())
                .count();
            if n == 0 {
                return None;
            }
            let defence: u32 = an
                .enemies_at(t)
                .map(|id| ctx.scaled(id, ctx.unit_type(id).defence))
                .sum();
            #[expect(clippy::cast_possible_truncation, reason = "small scores")]
            let v = (hex_value(an, t) * 10.0) as i64 + 30 * i64::try_from(n).unwrap_or(0)
                - 10 * i64::from(defence);
            Some((v, t))
        })
        .collect();
    scored.sort_by_key(|(v, t)| (std::cmp::Reverse(*v), *t));
    let take = usize::try_from(profile.candidate_attacks).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let support_guns: Vec<UnitId> = ctx
        .active_units(an.side)
        .filter(|id| ctx.unit_type(*id).range > 0 && ctx.unit_type(*id).bombard > 0)
        .collect();
    for (_, target) in scored.into_iter().take(take) {
        // Already adjacent units first, then by movement cost.
        let mut options: Vec<(u32, UnitId, Offset)> = free
            .iter()
            .filter(|id| ctx.unit_type(**id).attack > 0 && !ctx.state.unit(**id).routed)
            .filter_map(|id| reach_of(*id, target, stack).map(|(h, c)| (c, *id, h)))
            .collect();
        options.sort();
        if options.is_empty() {
            continue;
        }
        // A what-if copy for the rules' own preview: the units stand where they would, in
        // the combat phase. It is never applied to the game.
        let mut what_if = ctx.state.clone();
        what_if.phase = Phase::Combat;
        what_if.active = an.side;
        what_if.halted.clear();
        let supported = support_guns.iter().any(|g| {
            ctx.state
                .unit(*g)
                .hex
                .is_some_and(|h| distance(h, target) <= ctx.unit_type(*g).range)
        });
        if supported {
            what_if.bombarded.push((an.side, target));
        }
        let mut chosen: Vec<(UnitId, Offset)> = Vec::new();
        let mut good = false;
        let mut local: BTreeMap<Offset, u32> = BTreeMap::new();
        for (_, id, h) in options {
            let steps = u32::from(ctx.state.unit(id).steps);
            let here = ctx.state.unit(id).hex;
            if here != Some(h) {
                let used =
                    stack.get(&h).copied().unwrap_or(0) + local.get(&h).copied().unwrap_or(0);
                if used + steps > limit {
                    continue;
                }
                *local.entry(h).or_default() += steps;
            }
            what_if.units[id.index()].hex = Some(h);
            chosen.push((id, h));
            let ids: Vec<UnitId> = chosen.iter().map(|(i, _)| *i).collect();
            let probe = crate::rules::Ctx::new(ctx.scenario, &what_if);
            let Ok(p) = combat::preview(&probe, &ids, target) else {
                continue;
            };
            let ok = profile.odds_ok(p.column_odds)
                && attack_score(&probe, an, profile, &p, target) > 0.0;
            good = ok;
            // Enough once the odds are twice the minimum: leave the rest for other targets.
            let (n, d) = profile.min_odds;
            if ok
                && u64::from(p.column_odds.0) * u64::from(d)
                    >= 2 * u64::from(n) * u64::from(p.column_odds.1)
            {
                break;
            }
        }
        if !good {
            continue;
        }
        for (id, h) in &chosen {
            free.retain(|f| f != id);
            if ctx.state.unit(*id).hex != Some(*h) {
                let steps = u32::from(ctx.state.unit(*id).steps);
                *stack.entry(*h).or_default() += steps;
                if let Some(from) = ctx.state.unit(*id).hex {
                    let e = stack.entry(from).or_default();
                    *e = e.saturating_sub(steps);
                }
            }
        }
        out.push(Concentration {
            target,
            moves: chosen,
        });
    }
    out
}
