//! Queries the interface and the AI ask of a game that do not belong to one rule: what is in a
//! hex. (Reachable hexes, zones of control, supply lines, attack odds and line of sight live
//! with their rules: `movement`, `supply`, `combat`.)

use super::Ctx;
use super::state::UnitId;
use crate::geography::Side;
use crate::hex::Offset;
use crate::map::HexData;
use crate::rules_data::Weather;

/// Everything in and about one hex.
#[derive(Debug, Clone, PartialEq)]
pub struct HexInfo<'a> {
    pub hex: Offset,
    pub data: &'a HexData,
    pub controller: Side,
    pub weather: Weather,
    /// Valley fog this turn.
    pub fog: bool,
    /// Snow on the ground (above the snow line or snowing this turn).
    pub snow: bool,
    /// Active units standing there.
    pub units: Vec<UnitId>,
    /// People at home there (settlement) and on the move there (columns).
    pub residents: u32,
    pub refugees: u32,
    /// Names of the places in the hex.
    pub places: Vec<&'a str>,
}

/// What is in a hex, or `None` off the map.
#[must_use]
pub fn hex_info<'a>(ctx: &Ctx<'a>, hex: Offset) -> Option<HexInfo<'a>> {
    let data = ctx.hex(hex)?;
    let band = ctx.band_of(data.elevation);
    Some(HexInfo {
        hex,
        data,
        controller: ctx.controller(hex),
        weather: ctx.weather_at(hex.to_hex()),
        fog: ctx.state.weather.get(band).is_some_and(|w| w.fog),
        snow: super::movement::snow_covered(ctx, hex.to_hex()),
        units: ctx.state.units_at(hex).collect(),
        residents: ctx
            .state
            .settlements
            .iter()
            .filter(|s| s.hex == hex)
            .map(|s| s.present)
            .sum(),
        refugees: ctx
            .state
            .columns
            .iter()
            .filter(|c| c.hex == hex)
            .map(|c| c.people)
            .sum(),
        places: ctx
            .scenario
            .map
            .file()
            .places
            .iter()
            .filter(|p| p.hex == hex)
            .map(|p| p.name.as_str())
            .collect(),
    })
}
