//! Scenario events: data-driven triggers (a turn, control of a place, a unit destroyed, a
//! side's choice) with effects (reinforcements, withdrawals, an interception, the end of
//! helicopter flights, fixed weather, points, a truce) and a chronicle line. Nothing here knows the historical
//! scenario: the events live in `scenario.ron`.

use super::command::CommandError;
use super::event::{Event, PointsCause};
use super::state::{UnitId, UnitStatus};
use super::{Ctx, Sink, enter_unit};
use crate::scenario::{Effect, Scenario, ScenarioEvent, Trigger};

/// Fires the events set off by the start of a turn.
pub fn fire_turn(sc: &Scenario, sink: &mut Sink, turn: u32) {
    for (i, e) in sc.file.events.iter().enumerate() {
        if e.trigger == Trigger::Turn(turn) && !sink.state.fired_events[i] {
            fire(sc, sink, i, &e.text, &e.effects);
        }
    }
}

/// Fires the events set off by the state at the end of a turn: control of a place, a unit lost.
pub fn fire_end_of_turn(sc: &Scenario, sink: &mut Sink) {
    for (i, e) in sc.file.events.iter().enumerate() {
        if sink.state.fired_events[i] {
            continue;
        }
        let ctx = Ctx::new(sc, &sink.state);
        let due = match &e.trigger {
            Trigger::Control { place, side } => sc
                .map
                .place(place)
                .is_some_and(|p| ctx.controller(p.hex) == *side),
            Trigger::UnitDestroyed(id) => unit_by_id(sc, id).is_some_and(|u| {
                matches!(
                    ctx.state.unit(u).status,
                    UnitStatus::Eliminated | UnitStatus::Surrendered
                )
            }),
            Trigger::Turn(_) | Trigger::Choice { .. } => false,
        };
        if due {
            fire(sc, sink, i, &e.text, &e.effects);
        }
    }
}

/// The choice events open to a side now: (index, event).
#[must_use]
pub fn open_choices<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a ScenarioEvent)> {
    let (turn, side) = (ctx.state.turn, ctx.state.active);
    ctx.scenario
        .file
        .events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            !ctx.state.fired_events[*i]
                && matches!(e.trigger, Trigger::Choice { side: s, from_turn, to_turn }
                    if s == side && (from_turn..=to_turn).contains(&turn))
        })
        .collect()
}

/// Checks a choice.
///
/// # Errors
/// The choice is not open to the side now, or has no such option.
pub fn check_choice(ctx: &Ctx, event: &str, option: usize) -> Result<(), CommandError> {
    let Some((_, e)) = open_choices(ctx).into_iter().find(|(_, e)| e.id == event) else {
        return Err(CommandError::NoSuchChoice(event.into()));
    };
    if option >= e.options.len() {
        return Err(CommandError::NoSuchOption {
            event: event.into(),
            option,
        });
    }
    Ok(())
}

/// Makes a choice: the event fires with the chosen option's text and effects.
pub fn execute_choice(sc: &Scenario, sink: &mut Sink, event: &str, option: usize) {
    let Some(index) = sc.file.events.iter().position(|e| e.id == event) else {
        return;
    };
    let e = &sc.file.events[index];
    let chosen = &e.options[option];
    let effects: Vec<Effect> = e.effects.iter().chain(&chosen.effects).cloned().collect();
    fire(sc, sink, index, &chosen.text, &effects);
}

fn unit_by_id(sc: &Scenario, id: &str) -> Option<UnitId> {
    sc.file
        .units
        .iter()
        .position(|u| u.id == id)
        .and_then(|i| u16::try_from(i).ok())
        .map(UnitId)
}

fn fire(sc: &Scenario, sink: &mut Sink, index: usize, text: &str, effects: &[Effect]) {
    sink.push(Event::ScenarioEvent {
        index,
        text: text.into(),
    });
    let turn = sink.state.turn;
    for effect in effects {
        match effect {
            Effect::Reinforce(units) => {
                for u in units.iter().filter_map(|id| unit_by_id(sc, id)) {
                    if sink.state.unit(u).status == UnitStatus::Waiting {
                        enter_unit(sc, sink, u);
                    }
                }
            }
            Effect::Withdraw(units) => {
                for u in units.iter().filter_map(|id| unit_by_id(sc, id)) {
                    if matches!(
                        sink.state.unit(u).status,
                        UnitStatus::Active | UnitStatus::Waiting
                    ) {
                        sink.push(Event::UnitWithdrawn { unit: u });
                    }
                }
            }
            Effect::Intercept(units) => {
                for u in units.iter().filter_map(|id| unit_by_id(sc, id)) {
                    if matches!(
                        sink.state.unit(u).status,
                        UnitStatus::Active | UnitStatus::Waiting
                    ) {
                        sink.push(Event::Eliminated { unit: u });
                    }
                }
            }
            Effect::HelicoptersEnd => {
                if sink.state.helicopters_flying {
                    sink.push(Event::HelicoptersEnded);
                }
            }
            Effect::Weather {
                band,
                weather,
                turns,
            } => {
                let Some(b) = sc.file.weather.bands.iter().position(|x| &x.id == band) else {
                    continue;
                };
                let until_turn = turn + turns.saturating_sub(1);
                sink.push(Event::WeatherFixed {
                    band: b,
                    weather: *weather,
                    until_turn,
                });
                // The weather of this turn was already drawn: the fixed weather holds from now.
                let fog = sink.state.weather[b].fog;
                sink.push(Event::WeatherSet {
                    band: b,
                    weather: super::state::BandWeather {
                        weather: *weather,
                        fog,
                    },
                });
            }
            Effect::VictoryPoints { side, points } => sink.push(Event::PointsAwarded {
                side: *side,
                points: *points,
                cause: PointsCause::Events,
            }),
            Effect::Truce {
                side,
                place,
                until_turn,
            } => {
                if let Some(p) = sc.map.place(place) {
                    sink.push(Event::TruceAgreed {
                        side: *side,
                        hex: p.hex,
                        until_turn: *until_turn,
                    });
                }
            }
        }
    }
}
