//! The rule tables, read from `rules.ron`: movement costs per terrain and move class, road and
//! river effects, stacking, the combat results table and its shifts, and weather effects.
//!
//! The rules engine reads every number from here; nothing here is hard-coded in Rust.

use crate::geography::Source;
use crate::geography::{RiverClass, RoadClass};
use crate::map::Terrain;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Id of the move class refugee columns use; `rules.ron` must define it.
pub const CIVILIAN_MOVE_CLASS: &str = "civilian";

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

impl std::fmt::Display for CombatResult {
    /// A short reading of the cell, e.g. "attacker -1 step; defender retreats 1 hex".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: u8, one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                many.to_string()
            }
        };
        let mut parts = Vec::new();
        if self.attacker_steps > 0 {
            parts.push(format!(
                "attacker -{} {}",
                self.attacker_steps,
                plural(self.attacker_steps, "step", "steps")
            ));
        }
        if self.attacker_cohesion > 0 {
            parts.push(format!("attacker cohesion -{}", self.attacker_cohesion));
        }
        if self.defender_steps > 0 {
            parts.push(format!(
                "defender -{} {}",
                self.defender_steps,
                plural(self.defender_steps, "step", "steps")
            ));
        }
        if self.defender_cohesion > 0 {
            parts.push(format!("defender cohesion -{}", self.defender_cohesion));
        }
        if self.retreat > 0 {
            parts.push(format!(
                "defender retreats {} {}",
                self.retreat,
                plural(self.retreat, "hex", "hexes")
            ));
        }
        if parts.is_empty() {
            f.write_str("no effect")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
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
    /// Observation range in hexes by day (halved at night).
    pub observation_hexes: u32,
}

/// Movement modifiers beyond the terrain table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovementRules {
    /// Cost multiplier at night, in percent.
    pub night_cost_percent: u32,
    /// Cost multiplier for hexes under snow cover (at or above the snow line), in percent.
    pub snow_cover_cost_percent: u32,
    /// Cost multiplier for units on foot crossing a pass closed by snow, in percent.
    pub closed_pass_foot_cost_percent: u32,
    /// Extra movement points to enter a hex with a refugee column on the road.
    pub refugee_column_extra_mp: u32,
    /// Cost multiplier for vehicles out of supply (no fuel), in percent.
    pub out_of_supply_vehicle_cost_percent: u32,
    /// Terrain where units that infiltrate may move from one enemy zone of control to another.
    pub infiltration_terrain: Vec<Terrain>,
}

/// Supply tracing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyRules {
    /// Cost of a supply line along a road of each class, per hexside.
    pub road_cost: BTreeMap<RoadClass, u32>,
    /// Cost per hex of the last stretch off the road to the unit.
    pub offroad_cost: u32,
    /// Most hexes a supply line may run off the road.
    pub offroad_hexes: u32,
    /// Move class whose ground the off-road stretch may cross (where it could walk: not lakes,
    /// not rivers it cannot ford). Supplies leave the road on foot and by pack animal.
    pub offroad_move_class: String,
    /// Longest supply line, in cost.
    pub max_cost: u32,
    /// Cost multiplier through a pass closed by snow, in percent.
    pub closed_pass_cost_percent: u32,
    /// Depot stock one unit draws per turn.
    pub depot_draw_per_unit: u32,
    /// Depot stock one helicopter airlift adds.
    pub airlift_stock: u32,
    /// Attack strength out of supply, in percent.
    pub out_of_supply_attack_percent: u32,
    /// Cohesion lost per turn out of supply.
    pub out_of_supply_cohesion_loss: u8,
    /// After this many turns in a row out of supply a unit loses a step each turn.
    pub isolation_turns_for_step_loss: u32,
}

/// Control of ground no unit enters (see `rules::control`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlRules {
    /// A unit holds its side's ground up to this many hexes around it.
    pub unit_hold_hexes: u32,
    /// A supply line holds its side's ground up to this many hexes beyond the hexes it reaches.
    pub line_hold_hexes: u32,
}

/// Cohesion (morale and organisation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohesionRules {
    /// Cohesion of a fresh unit.
    pub max: u8,
    /// Lost when a unit is encircled (every neighbour enemy-held, enemy zone or impassable).
    pub encircled_loss: u8,
    /// Lost by every unit of the same axis when a unit with a leader is destroyed.
    pub leader_lost_loss: u8,
    /// Regained by a unit that holds in supply, away from the enemy.
    pub rest_gain: u8,
    /// At or below this cohesion the defender's odds shift one column against it.
    pub shaken_at: u8,
}

/// Bombardment: results by strength and die.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BombardRules {
    /// Die roll (1-6) plus strength at or above which targets are disrupted.
    pub disrupt_at: u32,
    /// Die roll plus strength at or above which the target also loses a step.
    pub step_loss_at: u32,
    /// Strength subtracted per hex beyond half the range.
    pub long_range_penalty: u32,
    /// Strength subtracted against entrenched targets.
    pub entrenched_penalty: u32,
    /// Civilians hurt per bombardment of a hex where people are, in per mille of those present.
    pub civilian_casualties_per_mille: u32,
    /// Cohesion every unit in the hex loses when a bombardment disrupts it.
    pub disrupt_cohesion_loss: u8,
}

/// What changes how far a unit sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationRules {
    /// Observers standing at or above this elevation (m) see farther.
    pub high_ground_m: i32,
    /// Extra hexes of observation from high ground.
    pub high_ground_bonus_hexes: u32,
    /// Targets in these terrains are seen only at a share of the range.
    pub concealing_terrain: Vec<Terrain>,
    /// That share, in percent (rounded down, at least the neighbouring hex).
    pub concealed_range_percent: u32,
    /// Known targets: a hex of these terrains (a town on every map) may be fired at without
    /// an observer, by the map alone.
    pub known_target_terrain: Vec<Terrain>,
    /// Subtracted from the fire's modifier when no one observes a known target.
    pub unobserved_fire_penalty: u32,
}

/// Combat modifiers beyond the table and terrain shifts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombatRules {
    /// Shift when the defender stands this many metres or more above the attackers.
    pub uphill_m: i32,
    pub uphill_shift: i32,
    pub entrenched_shift: i32,
    /// Shift for armour attacking into open ground, towns and villages, or along a road.
    pub armour_open_shift: i32,
    /// Shift for armour attacking into mountain terrain.
    pub armour_mountain_shift: i32,
    /// Defender terrain where armour gets `armour_open_shift` (so does a road hexside crossed).
    pub armour_open_terrain: Vec<Terrain>,
    /// Defender terrain where armour gets `armour_mountain_shift`, unless it attacks along a road.
    pub armour_mountain_terrain: Vec<Terrain>,
    /// Attack strength of a disrupted unit, in percent (rounded up).
    pub disrupted_attack_percent: u32,
    /// Defence strength of a routed unit, in percent (rounded up).
    pub routed_defence_percent: u32,
    /// Shift when the target hex was bombarded by the attacker this turn.
    pub artillery_support_shift: i32,
    pub night_shift: i32,
    pub attacker_out_of_supply_shift: i32,
    pub defender_shaken_shift: i32,
    /// Extra step lost when a retreat is blocked.
    pub blocked_retreat_steps: u8,
    /// Civilians hurt in an attack on a hex where people are, in per mille of those present.
    pub civilian_casualties_per_mille: u32,
    /// Share of a surrendering unit's men taken prisoner, in percent.
    pub surrender_prisoners_percent: u32,
}

/// Civilians on the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CivilianRules {
    /// Movement points of a refugee column per turn.
    pub column_mp: u32,
    /// Most people that leave a settlement per turn as one column.
    pub column_size: u32,
    /// Columns in hexes at or above this elevation suffer exposure in snow, blizzard or at night.
    pub exposure_from_m: i32,
    /// Exposure deaths per hex-turn, in per mille of the column.
    pub exposure_per_mille: u32,
    /// Share of people captured when a settlement with people is taken, in per mille.
    pub captured_per_mille: u32,
}

/// Victory points and levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VictoryRules {
    /// Points to the Armenian side for an unbroken road from Armenia through Kalbajar to Karabakh.
    pub road_link_points: i32,
    /// Points for each enemy step destroyed.
    pub per_enemy_step: i32,
    /// Points to the Azerbaijani side per thousand civilians brought out.
    pub per_thousand_evacuated: i32,
    /// Points lost by a side per hundred civilian casualties it causes.
    pub per_hundred_civilian_casualties: i32,
    /// Margins (Armenian minus Azerbaijani points) for each level, best first: decisive,
    /// substantial, marginal; anything smaller is a draw.
    pub levels: Vec<(String, i32)>,
    /// The game ends early when one side holds every objective at the end of a turn from this
    /// turn on.
    pub sudden_death_from_turn: u32,
}

/// The whole rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub move_classes: Vec<MoveClass>,
    /// Most steps of one side in one hex.
    pub stacking_steps: u32,
    pub movement: MovementRules,
    pub supply: SupplyRules,
    /// Control of ground no unit enters; `None` leaves ground to the units' own moves.
    pub control: Option<ControlRules>,
    pub cohesion: CohesionRules,
    pub combat: CombatTable,
    pub combat_modifiers: CombatRules,
    pub bombard: BombardRules,
    pub observation: ObservationRules,
    pub weather_effects: BTreeMap<Weather, WeatherEffect>,
    pub civilians: CivilianRules,
    pub victory: VictoryRules,
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
        if self.move_class(CIVILIAN_MOVE_CLASS).is_none() {
            errors.push(format!(
                "move_classes: no \"{CIVILIAN_MOVE_CLASS}\" class; refugee columns move with it"
            ));
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
        let armour = &self.combat_modifiers;
        for t in &armour.armour_open_terrain {
            if armour.armour_mountain_terrain.contains(t) {
                errors.push(format!(
                    "combat_modifiers: {t} ({t:?}) is both in armour_open_terrain and in \
                     armour_mountain_terrain"
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
        for r in [RoadClass::Paved, RoadClass::Dirt, RoadClass::Track] {
            if !self.supply.road_cost.contains_key(&r) {
                errors.push(format!("supply.road_cost: no cost for {r:?} roads"));
            }
        }
        if self.move_class(&self.supply.offroad_move_class).is_none() {
            errors.push(format!(
                "supply.offroad_move_class: unknown move class \"{}\"",
                self.supply.offroad_move_class
            ));
        }
        if self.cohesion.max == 0 {
            errors.push("cohesion.max: must be at least 1".into());
        }
        if self.civilians.column_mp == 0 || self.civilians.column_size == 0 {
            errors.push("civilians: column_mp and column_size must be at least 1".into());
        }
        for w in self.victory.levels.windows(2) {
            if w[1].1 >= w[0].1 {
                errors.push(format!(
                    "victory.levels: \"{}\" ({}) must need a smaller margin than \"{}\" ({})",
                    w[1].0, w[1].1, w[0].0, w[0].1
                ));
            }
        }
        errors
    }
}
