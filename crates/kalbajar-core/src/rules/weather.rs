//! Weather: each turn, every altitude band draws clear, overcast, snow or blizzard from the
//! scenario's day or night odds with the game's seeded generator; a pinned (historical) track
//! or an event can fix a band's weather instead. Valley fog is drawn for the lowest band by day.

use super::event::Event;
use super::state::BandWeather;
use super::{Ctx, Sink};
use crate::rules_data::Weather;
use crate::scenario::Scenario;

/// Sets the weather of every band for the new turn.
pub fn roll(sc: &Scenario, sink: &mut Sink) {
    let turn = sink.state.turn;
    let night = Ctx::new(sc, &sink.state).is_night();
    let table = &sc.file.weather;
    for (band_index, band) in table.bands.iter().enumerate() {
        let fixed = sink
            .state
            .weather_overrides
            .iter()
            .rev()
            .find(|(b, _, until)| *b == band_index && *until >= turn)
            .map(|(_, w, _)| *w)
            .or_else(|| {
                table
                    .pinned
                    .iter()
                    .find(|p| p.turn == turn && p.band == band.id)
                    .map(|p| p.weather)
            });
        let weather = match fixed {
            Some(w) => w,
            None => {
                let odds = table
                    .odds
                    .iter()
                    .find(|o| o.band == band.id)
                    .map(|o| if night { &o.night } else { &o.day });
                draw(sink, odds)
            }
        };
        let fog = band_index == 0
            && !night
            && table.valley_fog_percent > 0
            && sink.below(100) < table.valley_fog_percent;
        sink.push(Event::WeatherSet {
            band: band_index,
            weather: BandWeather { weather, fog },
        });
    }
}

/// One draw from a table of weights (in the fixed order clear, overcast, snow, blizzard).
fn draw(sink: &mut Sink, odds: Option<&std::collections::BTreeMap<Weather, u32>>) -> Weather {
    let Some(odds) = odds else {
        return Weather::Clear;
    };
    let total: u64 = odds.values().map(|w| u64::from(*w)).sum();
    if total == 0 {
        return Weather::Clear;
    }
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    let mut pick = sink.below(total);
    for (w, weight) in odds {
        if pick < *weight {
            return *w;
        }
        pick -= weight;
    }
    Weather::Clear
}
