//! How each event changes the state: the one place where rule state is written.

use super::event::{Event, PointsCause};
use super::state::{
    Column, ColumnId, Destination, GameState, Phase, Truce, UnitStatus, side_index,
};
use crate::hex::Offset;

fn hex_index(width: i32, o: Offset) -> usize {
    usize::try_from(o.row * width + o.col).expect("events name hexes on the map")
}

/// Applies one event to the state.
#[expect(clippy::too_many_lines, reason = "one arm per event, each short")]
pub(super) fn apply(s: &mut GameState, event: &Event, width: i32) {
    match event {
        Event::TurnBegan { turn } => {
            s.turn = *turn;
            s.halted.clear();
            s.bombarded.clear();
            s.truces.retain(|t| t.until_turn > *turn);
            s.weather_overrides.retain(|(_, _, until)| *until >= *turn);
            for u in &mut s.units {
                u.fired = false;
                u.attacked = false;
            }
        }
        Event::WeatherSet { band, weather } => {
            if let Some(w) = s.weather.get_mut(*band) {
                *w = *weather;
            }
        }
        Event::PhaseBegan { side, phase } => {
            s.active = *side;
            s.phase = *phase;
            if *phase == Phase::Movement {
                // A side's units shake off disruption and regain movement as its turn begins.
                for u in s.units.iter_mut().filter(|u| u.side == *side) {
                    u.disrupted = false;
                    u.mp_left = u.movement;
                }
            }
        }
        Event::UnitEntered { unit, hex } => {
            let u = &mut s.units[unit.index()];
            u.status = UnitStatus::Active;
            u.hex = Some(*hex);
        }
        Event::UnitWithdrawn { unit } => {
            let u = &mut s.units[unit.index()];
            u.status = UnitStatus::Withdrawn;
            u.hex = None;
        }
        Event::SupplyTraced { unit, status } => {
            let u = &mut s.units[unit.index()];
            if status.is_supplied() {
                u.isolated_turns = 0;
            } else {
                u.isolated_turns += 1;
            }
            u.supply = status.clone();
        }
        Event::DepotDrawn { source, amount } => {
            if let Some(d) = s.depot_stock.get_mut(*source) {
                *d = d.saturating_sub(*amount);
            }
        }
        Event::DepotFilled { source, amount } => {
            if let Some(d) = s.depot_stock.get_mut(*source) {
                *d += *amount;
            }
        }
        Event::UnitMoved { unit, path, cost } => {
            let u = &mut s.units[unit.index()];
            if let Some(last) = path.last() {
                u.hex = Some(*last);
            }
            u.mp_left = u.mp_left.saturating_sub(*cost);
            u.entrenched = false;
        }
        Event::MovementSpent { unit } => s.units[unit.index()].mp_left = 0,
        Event::Entrenched { unit } => {
            let u = &mut s.units[unit.index()];
            u.entrenched = true;
            u.mp_left = 0;
        }
        Event::Held { unit } => s.units[unit.index()].mp_left = 0,
        Event::Bombarded { unit, target, .. } => {
            let u = &mut s.units[unit.index()];
            u.fired = true;
            let fire = (u.side, *target);
            if !s.bombarded.contains(&fire) {
                s.bombarded.push(fire);
            }
        }
        Event::Disrupted { unit } => s.units[unit.index()].disrupted = true,
        Event::Attacked { attackers, .. } => {
            for a in attackers {
                s.units[a.index()].attacked = true;
            }
        }
        Event::StepsLost { unit, steps, .. } => {
            let u = &mut s.units[unit.index()];
            let lost = (*steps).min(u.steps);
            u.steps -= lost;
            s.steps_lost[side_index(u.side)] += u32::from(lost);
        }
        Event::CohesionChanged { unit, cohesion, .. } => {
            s.units[unit.index()].cohesion = *cohesion;
        }
        Event::Retreated { unit, path } => {
            let u = &mut s.units[unit.index()];
            if let Some(last) = path.last() {
                u.hex = Some(*last);
            }
            u.entrenched = false;
            u.mp_left = 0;
        }
        Event::Routed { unit } => s.units[unit.index()].routed = true,
        Event::Rallied { unit } => s.units[unit.index()].routed = false,
        Event::Surrendered { unit, prisoners } => {
            let u = &mut s.units[unit.index()];
            u.status = UnitStatus::Surrendered;
            u.hex = None;
            s.prisoners[side_index(u.side)] += *prisoners;
        }
        Event::Eliminated { unit } => {
            let u = &mut s.units[unit.index()];
            u.status = UnitStatus::Eliminated;
            u.hex = None;
        }
        Event::Advanced { unit, to } => {
            let u = &mut s.units[unit.index()];
            u.hex = Some(*to);
            u.entrenched = false;
        }
        Event::ControlChanged { hex, side } => {
            s.control[hex_index(width, *hex)] = *side;
        }
        Event::GroundTaken { side, hexes } => {
            for hex in hexes {
                s.control[hex_index(width, *hex)] = *side;
            }
        }
        Event::EvacuationOrdered {
            settlement,
            destination,
        } => s.settlements[*settlement].evacuating = Some(destination.clone()),
        Event::ColumnFormed {
            settlement,
            people,
            hex,
            destination,
        }
        | Event::CiviliansFled {
            settlement,
            people,
            hex,
            destination,
        } => {
            let st = &mut s.settlements[*settlement];
            st.present = st.present.saturating_sub(*people);
            s.columns.push(Column {
                settlement: *settlement,
                hex: *hex,
                people: *people,
                destination: destination.clone(),
                waiting: false,
            });
        }
        Event::ColumnMoved { column, path } => {
            if let (Some(c), Some(last)) = (column_mut(s, *column), path.last()) {
                c.hex = *last;
            }
        }
        Event::ColumnWaiting { column } => {
            if let Some(c) = column_mut(s, *column) {
                c.waiting = true;
            }
        }
        Event::ColumnArrived { column, people } => {
            if let Some(c) = column_mut(s, *column) {
                c.people = c.people.saturating_sub(*people);
            }
            s.civilians.evacuated_road += u64::from(*people);
        }
        Event::Exposure { column, deaths } => {
            if let Some(c) = column_mut(s, *column) {
                c.people = c.people.saturating_sub(*deaths);
            }
            s.civilians.casualties += u64::from(*deaths);
        }
        Event::ColumnRedirected {
            column,
            destination,
        } => {
            if let Some(c) = column_mut(s, *column) {
                c.destination = destination.clone();
                c.waiting = false;
            }
        }
        Event::ColumnCaptured { column, people } => {
            let n = column_mut(s, *column).map_or(0, |c| {
                let n = (*people).min(c.people);
                c.people -= n;
                n
            });
            s.civilians.captured += u64::from(n);
        }
        Event::CivilianCasualties { hex, people, .. } => {
            // Casualties fall first on the settlement there, then on columns in the hex.
            let mut left = *people;
            for st in s.settlements.iter_mut().filter(|st| st.hex == *hex) {
                let n = left.min(st.present);
                st.present -= n;
                left -= n;
            }
            for c in s.columns.iter_mut().filter(|c| c.hex == *hex) {
                let n = left.min(c.people);
                c.people -= n;
                left -= n;
            }
            s.civilians.casualties += u64::from(*people - left);
        }
        Event::CiviliansCaptured { settlement, people } => {
            let st = &mut s.settlements[*settlement];
            let n = (*people).min(st.present);
            st.present -= n;
            s.civilians.captured += u64::from(n);
        }
        Event::Airlifted { people } => {
            let mut left = *people;
            for c in s
                .columns
                .iter_mut()
                .filter(|c| c.waiting && c.destination == Destination::Helipad)
            {
                let n = left.min(c.people);
                c.people -= n;
                left -= n;
            }
            let flown = *people - left;
            s.civilians.evacuated_air += u64::from(flown);
            s.airlift_left = s.airlift_left.saturating_sub(flown);
        }
        Event::AirliftSupply { .. } => s.airlift_left = 0,
        Event::AirliftCapacity { people } => s.airlift_left = *people,
        Event::HelicoptersEnded => {
            s.helicopters_flying = false;
            s.airlift_left = 0;
        }
        Event::HaltedForColumns { side } => {
            if !s.halted.contains(side) {
                s.halted.push(*side);
            }
        }
        Event::ScenarioEvent { index, .. } => {
            if let Some(f) = s.fired_events.get_mut(*index) {
                *f = true;
            }
        }
        Event::TruceAgreed {
            side,
            hex,
            until_turn,
        } => s.truces.push(Truce {
            side: *side,
            hex: *hex,
            until_turn: *until_turn,
        }),
        Event::WeatherFixed {
            band,
            weather,
            until_turn,
        } => s.weather_overrides.push((*band, *weather, *until_turn)),
        Event::PointsAwarded {
            side,
            points,
            cause,
        } => {
            let p = &mut s.points[side_index(*side)];
            let slot = match cause {
                PointsCause::Objectives => &mut p.objectives,
                PointsCause::RoadLink => &mut p.road_link,
                PointsCause::EnemyLosses => &mut p.enemy_losses,
                PointsCause::Evacuation => &mut p.evacuation,
                PointsCause::CivilianHarm => &mut p.civilian_harm,
                PointsCause::Events => &mut p.events,
            };
            *slot += *points;
        }
        Event::KeyPlaceTaken { turn } => s.town_fell = Some(*turn),
        Event::GameEnded { outcome } => s.outcome = Some(outcome.clone()),
        Event::Sighted { side, unit, hex } => {
            let seen = &mut s.last_seen[side_index(*side)];
            match seen.iter_mut().find(|(u, _, _)| u == unit) {
                Some(entry) => *entry = (*unit, *hex, s.turn),
                None => seen.push((*unit, *hex, s.turn)),
            }
        }
    }
}

fn column_mut(s: &mut GameState, id: ColumnId) -> Option<&mut Column> {
    s.columns.get_mut(usize::from(id.0))
}
