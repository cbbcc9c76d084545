//! The defender's dispositions: garrisons on the objectives by their worth and the threat to
//! them, a reserve behind the key place, guns within range of the most threatened objective
//! but out of contact; units in place dig in.

use super::AiProfile;
use super::plan::{Analysis, Fields, distance};
use crate::hex::Offset;
use crate::rules::{Ctx, UnitId};
use std::collections::BTreeMap;

/// Where each of the defender's units should stand.
#[must_use]
pub fn assign(
    ctx: &Ctx,
    an: &Analysis,
    profile: &AiProfile,
    fields: &mut Fields,
    units: &[UnitId],
) -> BTreeMap<UnitId, Offset> {
    let mut out = BTreeMap::new();
    let goals: Vec<_> = an.goals.iter().filter(|g| g.ours).copied().collect();
    if goals.is_empty() {
        return out;
    }
    let radius = profile.threat_radius();
    // The danger to each objective: known enemy attack strength, nearer counts more.
    let danger: Vec<f64> = goals
        .iter()
        .map(|g| {
            an.known
                .iter()
                .filter(|k| distance(k.hex, g.hex) <= radius)
                .map(|k| {
                    let a = f64::from(ctx.scaled(k.unit, ctx.unit_type(k.unit).attack));
                    a / f64::from(1 + distance(k.hex, g.hex))
                })
                .sum()
        })
        .collect();
    let key = ctx.scenario.key_place().map(|p| p.hex);
    // Defence each objective should have: more for what it is worth and what threatens it.
    let need: Vec<f64> = goals
        .iter()
        .zip(&danger)
        .map(|(g, d)| {
            let base = f64::from(g.points) / 3.0;
            let key_bonus = if Some(g.hex) == key { 6.0 } else { 0.0 };
            base + key_bonus + d * 2.0
        })
        .collect();
    let mut have = vec![0.0f64; goals.len()];
    let defence = |id: UnitId| f64::from(ctx.scaled(id, ctx.unit_type(id).defence));
    let guns: Vec<UnitId> = units
        .iter()
        .copied()
        .filter(|id| ctx.unit_type(*id).attack == 0 && ctx.unit_type(*id).range > 0)
        .collect();
    let mut free: Vec<UnitId> = units
        .iter()
        .copied()
        .filter(|id| !guns.contains(id))
        .collect();
    // The reserve: the most mobile combat units, kept at the key place.
    let combat = free
        .iter()
        .filter(|id| ctx.unit_type(**id).attack > 0)
        .count();
    let reserve_n = (combat * usize::try_from(profile.reserve_percent).unwrap_or(0)) / 100;
    if let Some(key) = key.filter(|k| goals.iter().any(|g| g.hex == *k)) {
        let mut mobile: Vec<UnitId> = free
            .iter()
            .copied()
            .filter(|id| ctx.unit_type(*id).attack > 0)
            .collect();
        mobile.sort_by_key(|id| {
            let here = ctx.state.unit(*id).hex.unwrap_or(key);
            (
                std::cmp::Reverse(ctx.state.unit(*id).movement),
                distance(here, key),
                *id,
            )
        });
        for id in mobile.into_iter().take(reserve_n) {
            out.insert(id, key);
            free.retain(|f| *f != id);
            if let Some(k) = goals.iter().position(|g| g.hex == key) {
                have[k] += defence(id);
            }
        }
    }
    // Units already on an objective stay there while it needs them.
    for id in free.clone() {
        let Some(here) = ctx.state.unit(id).hex else {
            continue;
        };
        if let Some(k) = goals.iter().position(|g| g.hex == here)
            && have[k] < need[k]
        {
            have[k] += defence(id);
            out.insert(id, here);
            free.retain(|f| *f != id);
        }
    }
    // Turns from each free unit to each objective, on foot over the bare ground.
    let mut turns_to: BTreeMap<(usize, UnitId), f64> = BTreeMap::new();
    for (k, g) in goals.iter().enumerate() {
        for &id in &free {
            let Some(i) = ctx
                .state
                .unit(id)
                .hex
                .and_then(|h| ctx.scenario.map.index(h.to_hex()))
            else {
                continue;
            };
            let d = fields.rough(ctx, g.hex)[i];
            if d < super::plan::FAR {
                let t = f64::from(d) / f64::from(ctx.state.unit(id).movement.max(1));
                turns_to.insert((k, id), t);
            }
        }
    }
    // The rest to the objective with the largest shortfall it can reach soonest.
    while !free.is_empty() {
        let mut best: Option<(f64, usize, UnitId)> = None;
        for k in 0..goals.len() {
            let short = (need[k] - have[k]).max(0.0) + 0.01;
            for &id in &free {
                let Some(&turns) = turns_to.get(&(k, id)) else {
                    continue;
                };
                let score = short / (1.0 + turns);
                if best.is_none_or(|(s, bk, bid)| score > s || (score == s && (k, id) < (bk, bid)))
                {
                    best = Some((score, k, id));
                }
            }
        }
        let Some((_, k, id)) = best else { break };
        have[k] += defence(id);
        out.insert(id, goals[k].hex);
        free.retain(|f| *f != id);
    }
    // Guns: toward the most threatened objective.
    if let Some(k) = (0..goals.len()).max_by(|a, b| {
        danger[*a]
            .total_cmp(&danger[*b])
            .then_with(|| goals[*b].hex.cmp(&goals[*a].hex))
    }) {
        for g in guns {
            out.insert(g, goals[k].hex);
        }
    }
    out
}
