//! The rule tables, read from `rules.ron`: movement costs per terrain and move class, road and
//! river effects, stacking, the combat results table and its shifts, and weather effects.
//!
//! The rules engine reads every number from here; nothing here is hard-coded in Rust.

use crate::geography::Source;
use crate::geography::{RiverClass, RoadClass};
use crate::map::Terrain;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Movement points: what a unit spends to enter a hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MovePoints(pub u32);

/// The cost to enter a hex or cross a hexside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cost {
    /// This many movement points.
    Mp(u32),
    /// Cannot be entered.
    Impassable,
}

/// A way of moving that shares terrain costs (foot, motorised, tracked, artillery, civilians).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveClass {
    pub id: String,
    pub name: String,
    /// Vehicles need fuel, are stopped by passes closed in snow and helped by roads.
    pub vehicle: bool,
    /// May move from one enemy zone of control to another in mountain terrain.
    #[serde(default)]
    pub infiltrates: bool,
    /// Cost to enter each terrain class.
    pub terrain: BTreeMap<Terrain, Cost>,
    /// Cost to enter a hex along a road of each class (replaces the terrain cost).
    pub road: BTreeMap<RoadClass, Cost>,
    /// Extra cost to cross a river hexside without a bridge.
    pub river: BTreeMap<RiverClass, Cost>,
}

/// One cell of the combat results table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombatResult {
    /// Steps the attacker loses.
    #[serde(default)]
    pub attacker_steps: u8,
    /// Steps the defender loses.
    #[serde(default)]
    pub defender_steps: u8,
    /// Hexes the defender must retreat.
    #[serde(default)]
    pub retreat: u8,
    /// Cohesion the defender loses.
    #[serde(default)]
    pub defender_cohesion: u8,
    /// Cohesion the attacker loses.
    #[serde(default)]
    pub attacker_cohesion: u8,
}

/// The odds-based combat results table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombatTable {
    /// Odds columns as attack:defence ratios, weakest first, e.g. `(1, 2)` for 1:2.
    pub columns: Vec<(u32, u32)>,
    /// One row per die face (1 to `rows.len()`), each with one result per column.
    pub rows: Vec<Vec<CombatResult>>,
    /// Column shift for the defender's terrain (negative helps the defender).
    pub terrain_shift: BTreeMap<Terrain, i32>,
    pub source: Source,
}

/// Weather conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Weather {
    Clear,
    Overcast,
    Snow,
    Blizzard,
}

impl Weather {
    pub const ALL: [Weather; 4] = [
        Weather::Clear,
        Weather::Overcast,
        Weather::Snow,
        Weather::Blizzard,
    ];
}

/// What a weather condition does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeatherEffect {
    /// Movement cost multiplier in percent (100 = normal).
    pub move_cost_percent: u32,
    /// Passes are closed to vehicles.
    pub closes_passes: bool,
    /// Helicopters can fly.
    pub helicopters_fly: bool,
    /// Artillery observation range in hexes.
    pub observation_hexes: u32,
}

/// The whole rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub move_classes: Vec<MoveClass>,
    /// Most steps of one side in one hex.
    pub stacking_steps: u32,
    pub combat: CombatTable,
    pub weather_effects: BTreeMap<Weather, WeatherEffect>,
    /// Movement cost multiplier at night, in percent.
    pub night_move_cost_percent: u32,
    pub source: Source,
}

impl RulesFile {
    /// A move class by id.
    #[must_use]
    pub fn move_class(&self, id: &str) -> Option<&MoveClass> {
        self.move_classes.iter().find(|c| c.id == id)
    }

    /// Every rule the tables themselves must satisfy, as `path: problem` lines.
    #[must_use]
    pub fn check(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let mut ids = BTreeMap::new();
        for (i, c) in self.move_classes.iter().enumerate() {
            let at = format!("move_classes[{i}] \"{}\"", c.id);
            if let Some(prev) = ids.insert(c.id.as_str(), i) {
                errors.push(format!(
                    "{at}: duplicate id: move_classes[{prev}] has it already"
                ));
            }
            for t in Terrain::ALL {
                if !c.terrain.contains_key(&t) {
                    errors.push(format!("{at}.terrain: no movement cost for {t} ({t:?})"));
                }
            }
            for r in [RoadClass::Paved, RoadClass::Dirt, RoadClass::Track] {
                if !c.road.contains_key(&r) {
                    errors.push(format!("{at}.road: no movement cost for {r:?} roads"));
                }
            }
            for r in [RiverClass::Main, RiverClass::Tributary] {
                if !c.river.contains_key(&r) {
                    errors.push(format!("{at}.river: no crossing cost for {r:?} rivers"));
                }
            }
            for (t, cost) in &c.terrain {
                if *cost == Cost::Mp(0) {
                    errors.push(format!(
                        "{at}.terrain.{t:?}: a cost of 0 would allow endless movement"
                    ));
                }
            }
        }
        let cols = self.combat.columns.len();
        if cols == 0 {
            errors.push("combat.columns: the table needs at least one odds column".into());
        }
        for (i, w) in self.combat.columns.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            if u64::from(a.0) * u64::from(b.1) >= u64::from(b.0) * u64::from(a.1) {
                errors.push(format!(
                    "combat.columns[{}]: odds {}:{} are not higher than {}:{} before them",
                    i + 1,
                    b.0,
                    b.1,
                    a.0,
                    a.1
                ));
            }
        }
        for (i, (a, d)) in self.combat.columns.iter().enumerate() {
            if *a == 0 || *d == 0 {
                errors.push(format!(
                    "combat.columns[{i}]: odds {a}:{d} need two positive numbers"
                ));
            }
        }
        if self.combat.rows.is_empty() {
            errors.push("combat.rows: the table needs at least one die row".into());
        }
        for (i, row) in self.combat.rows.iter().enumerate() {
            if row.len() != cols {
                errors.push(format!(
                    "combat.rows[{i}]: {} results for {cols} odds columns",
                    row.len()
                ));
            }
        }
        for t in Terrain::ALL {
            if t != Terrain::Lake && !self.combat.terrain_shift.contains_key(&t) {
                errors.push(format!(
                    "combat.terrain_shift: no column shift for {t} ({t:?})"
                ));
            }
        }
        for w in Weather::ALL {
            if !self.weather_effects.contains_key(&w) {
                errors.push(format!("weather_effects: no effects for {w:?}"));
            }
        }
        if self.stacking_steps == 0 {
            errors.push("stacking_steps: must be at least 1".into());
        }
        errors
    }
}
