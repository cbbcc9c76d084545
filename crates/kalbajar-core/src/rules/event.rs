//! Events: the only changes the state undergoes. Each renders as a dated chronicle line in
//! neutral wording.

use super::state::{BandWeather, ColumnId, Destination, Outcome, SupplyStatus, UnitId};
use crate::geography::Side;
use crate::hex::Offset;
use crate::rules_data::CombatResult;
use serde::{Deserialize, Serialize};

/// Why a unit lost steps or cohesion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    Combat,
    Bombardment,
    Isolation,
    Encirclement,
    LeaderLost,
    BlockedRetreat,
    Rest,
}

/// Which points a side gains or loses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointsCause {
    Objectives,
    RoadLink,
    EnemyLosses,
    Evacuation,
    CivilianHarm,
    Events,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    TurnBegan {
        turn: u32,
    },
    WeatherSet {
        band: usize,
        weather: BandWeather,
    },
    PhaseBegan {
        side: Side,
        phase: super::state::Phase,
    },
    UnitEntered {
        unit: UnitId,
        hex: Offset,
    },
    UnitWithdrawn {
        unit: UnitId,
    },
    SupplyTraced {
        unit: UnitId,
        status: SupplyStatus,
    },
    DepotDrawn {
        source: usize,
        amount: u32,
    },
    DepotFilled {
        source: usize,
        amount: u32,
    },
    UnitMoved {
        unit: UnitId,
        path: Vec<Offset>,
        cost: u32,
    },
    MovementSpent {
        unit: UnitId,
    },
    Entrenched {
        unit: UnitId,
    },
    Held {
        unit: UnitId,
    },
    Bombarded {
        unit: UnitId,
        target: Offset,
        roll: u32,
    },
    Disrupted {
        unit: UnitId,
    },
    Attacked {
        attackers: Vec<UnitId>,
        target: Offset,
        odds: (u32, u32),
        column: usize,
        roll: u32,
        result: CombatResult,
    },
    StepsLost {
        unit: UnitId,
        steps: u8,
        cause: Cause,
    },
    CohesionChanged {
        unit: UnitId,
        cohesion: u8,
        cause: Cause,
    },
    Retreated {
        unit: UnitId,
        path: Vec<Offset>,
    },
    Routed {
        unit: UnitId,
    },
    Rallied {
        unit: UnitId,
    },
    Surrendered {
        unit: UnitId,
        prisoners: u32,
    },
    Eliminated {
        unit: UnitId,
    },
    Advanced {
        unit: UnitId,
        to: Offset,
    },
    ControlChanged {
        hex: Offset,
        side: Side,
    },
    /// Undefended ground passes to the side next to it (see `rules::control`).
    GroundTaken {
        side: Side,
        hexes: Vec<Offset>,
    },
    EvacuationOrdered {
        settlement: usize,
        destination: Destination,
    },
    ColumnFormed {
        settlement: usize,
        people: u32,
        hex: Offset,
        destination: Destination,
    },
    ColumnMoved {
        column: ColumnId,
        path: Vec<Offset>,
    },
    ColumnWaiting {
        column: ColumnId,
    },
    ColumnArrived {
        column: ColumnId,
        people: u32,
    },
    Exposure {
        column: ColumnId,
        deaths: u32,
    },
    /// A refugee column bound for the helicopter pad turns toward an exit because the
    /// helicopters can no longer come for it.
    ColumnRedirected {
        column: ColumnId,
        destination: Destination,
    },
    /// Part of a refugee column is taken by the enemy when its hex changes hands.
    ColumnCaptured {
        column: ColumnId,
        people: u32,
    },
    CivilianCasualties {
        hex: Offset,
        people: u32,
        by: Side,
    },
    CiviliansCaptured {
        settlement: usize,
        people: u32,
    },
    CiviliansFled {
        settlement: usize,
        people: u32,
        hex: Offset,
        destination: Destination,
    },
    Airlifted {
        people: u32,
    },
    AirliftSupply {
        amount: u32,
    },
    /// The people the helicopters can carry this turn (0 at night, in weather they cannot fly
    /// in, or with the landing site lost).
    AirliftCapacity {
        people: u32,
    },
    HelicoptersEnded,
    HaltedForColumns {
        side: Side,
    },
    ScenarioEvent {
        index: usize,
        text: String,
    },
    TruceAgreed {
        side: Side,
        hex: Offset,
        until_turn: u32,
    },
    WeatherFixed {
        band: usize,
        weather: crate::rules_data::Weather,
        until_turn: u32,
    },
    PointsAwarded {
        side: Side,
        points: i32,
        cause: PointsCause,
    },
    /// The scenario's key place (the district capital) first passed to the attacker.
    KeyPlaceTaken {
        turn: u32,
    },
    GameEnded {
        outcome: Outcome,
    },
    /// A side saw an enemy unit in a hex (fog of war: its last known position).
    Sighted {
        side: Side,
        unit: UnitId,
        hex: Offset,
    },
}
