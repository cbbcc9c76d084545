//! The game state: everything the rules need to continue a game, serialisable to RON.
//!
//! Fields are public to read; they change only through [`GameState::apply`], one event at a
//! time (the seeded random generator is the one exception: commands draw from it as they run).

use super::event::Event;
use crate::geography::Side;
use crate::hex::Offset;
use crate::rules_data::Weather;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Index of a unit in [`GameState::units`] (the scenario's order of battle order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitId(pub u16);

impl UnitId {
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Index of a refugee column in [`GameState::columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ColumnId(pub u16);

/// Where a unit is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitStatus {
    /// Not yet on the map (enters on its entry turn or by an event).
    Waiting,
    /// On the map.
    Active,
    /// Destroyed in combat or by isolation.
    Eliminated,
    /// Gave up; its men are prisoners.
    Surrendered,
    /// Left the map by order (an event).
    Withdrawn,
}

/// A unit's supply state, with the reason a player can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupplyStatus {
    /// Supplied from a source over this many cost points.
    InSupply { source: String, cost: u32 },
    /// Supplied from a depot's stock.
    FromDepot { source: String },
    /// No line could be traced; the reason says why.
    OutOfSupply { reason: String },
}

impl SupplyStatus {
    #[must_use]
    pub fn is_supplied(&self) -> bool {
        !matches!(self, SupplyStatus::OutOfSupply { .. })
    }
}

/// One unit during the game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitState {
    pub status: UnitStatus,
    pub side: Side,
    /// Position while active.
    pub hex: Option<Offset>,
    pub steps: u8,
    pub cohesion: u8,
    /// Movement points of its type, restored each movement phase.
    pub movement: u32,
    /// Movement points left this phase.
    pub mp_left: u32,
    /// Has attacked or bombarded this turn.
    pub fired: bool,
    pub attacked: bool,
    pub entrenched: bool,
    /// Disrupted by bombardment until its side's next turn.
    pub disrupted: bool,
    /// Out of cohesion: falls back and cannot attack.
    pub routed: bool,
    pub supply: SupplyStatus,
    /// Turns in a row out of supply.
    pub isolated_turns: u32,
}

/// The two phases a side plays in; everything else happens between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Movement,
    Combat,
}

/// Weather of one altitude band this turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandWeather {
    pub weather: Weather,
    /// Fog in the valleys (lowest band only).
    pub fog: bool,
}

/// People of one settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementState {
    pub place: String,
    pub hex: Offset,
    /// Still at home.
    pub present: u32,
    /// Evacuation ordered, toward this exit or the helicopter pad.
    pub evacuating: Option<Destination>,
}

/// Where a refugee column is heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// A map-edge exit by id.
    Exit(String),
    /// The helicopter landing site.
    Helipad,
}

/// A refugee column on the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Index of the settlement the people come from (their side is the one that held it at the
    /// start).
    pub settlement: usize,
    pub hex: Offset,
    pub people: u32,
    pub destination: Destination,
    /// Waiting at the helicopter pad.
    pub waiting: bool,
}

/// The civilian count; `present + moving + evacuated + casualties + captured` is always the
/// initial population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CivilianTally {
    pub initial: u64,
    pub evacuated_road: u64,
    pub evacuated_air: u64,
    pub casualties: u64,
    pub captured: u64,
}

/// Victory points of one side, by cause.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Points {
    pub objectives: i32,
    pub road_link: i32,
    pub enemy_losses: i32,
    pub evacuation: i32,
    pub civilian_harm: i32,
    pub events: i32,
}

impl Points {
    #[must_use]
    pub fn total(&self) -> i32 {
        self.objectives
            + self.road_link
            + self.enemy_losses
            + self.evacuation
            + self.civilian_harm
            + self.events
    }
}

/// How the game ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The side ahead, if any.
    pub winner: Option<Side>,
    /// "decisive", "substantial", "marginal" or "draw".
    pub level: String,
    pub armenian: i32,
    pub azerbaijani: i32,
    /// Turn the game ended on.
    pub turn: u32,
}

/// A truce: a side does not attack a place until a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truce {
    pub side: Side,
    pub hex: Offset,
    pub until_turn: u32,
}

/// The whole state of a game.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameState {
    /// 1-based turn.
    pub turn: u32,
    pub active: Side,
    pub phase: Phase,
    /// The one random generator of the game.
    pub rng: ChaCha8Rng,
    pub units: Vec<UnitState>,
    /// Side holding each hex, row by row.
    pub control: Vec<Side>,
    /// Weather per band (the scenario's band order).
    pub weather: Vec<BandWeather>,
    /// Weather fixed by events: (band index, weather, last turn).
    pub weather_overrides: Vec<(usize, Weather, u32)>,
    pub settlements: Vec<SettlementState>,
    pub columns: Vec<Column>,
    pub civilians: CivilianTally,
    /// Stock left in each depot (the scenario's supply sources order; 0 for unlimited ones).
    pub depot_stock: Vec<u32>,
    pub helicopters_flying: bool,
    /// Helicopter capacity left this turn.
    pub airlift_left: u32,
    /// Scenario events that have fired, by index.
    pub fired_events: Vec<bool>,
    pub truces: Vec<Truce>,
    /// A side has halted its attacks to let refugee columns pass, for this turn.
    pub halted: Vec<Side>,
    /// Hexes each side has bombarded this turn: its attacks on them have artillery support.
    pub bombarded: Vec<(Side, Offset)>,
    pub points: [Points; 2],
    /// Steps lost by each side.
    pub steps_lost: [u32; 2],
    /// Men taken prisoner from each side.
    pub prisoners: [u32; 2],
    /// Turn Kalbajar fell (control passed to the attacker), if it did.
    pub town_fell: Option<u32>,
    /// Fog of war for this game.
    pub fog: bool,
    /// Last known enemy positions seen by each side: (unit, hex, turn seen).
    pub last_seen: [Vec<(UnitId, Offset, u32)>; 2],
    pub outcome: Option<Outcome>,
}

/// Index of a side in two-element arrays.
#[must_use]
pub fn side_index(side: Side) -> usize {
    match side {
        Side::Armenian => 0,
        Side::Azerbaijani => 1,
    }
}

/// The other side.
#[must_use]
pub fn enemy(side: Side) -> Side {
    match side {
        Side::Armenian => Side::Azerbaijani,
        Side::Azerbaijani => Side::Armenian,
    }
}

impl GameState {
    /// A unit's state.
    #[must_use]
    pub fn unit(&self, id: UnitId) -> &UnitState {
        &self.units[id.index()]
    }

    /// Ids of every unit.
    pub fn unit_ids(&self) -> impl Iterator<Item = UnitId> + '_ {
        (0..self.units.len()).map(|i| UnitId(u16::try_from(i).expect("fewer than 65,536 units")))
    }

    /// Active units in a hex.
    pub fn units_at(&self, hex: Offset) -> impl Iterator<Item = UnitId> + '_ {
        self.unit_ids().filter(move |id| {
            let u = self.unit(*id);
            u.status == UnitStatus::Active && u.hex == Some(hex)
        })
    }

    /// People in refugee columns.
    #[must_use]
    pub fn moving_civilians(&self) -> u64 {
        self.columns.iter().map(|c| u64::from(c.people)).sum()
    }

    /// People still at home.
    #[must_use]
    pub fn present_civilians(&self) -> u64 {
        self.settlements.iter().map(|s| u64::from(s.present)).sum()
    }

    /// Applies one event. This is the only way the state changes.
    pub fn apply(&mut self, event: &Event, width: i32) {
        super::apply::apply(self, event, width);
    }
}
