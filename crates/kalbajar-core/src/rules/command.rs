//! Commands a side gives, and the typed reasons a command is refused.

use super::state::{Destination, UnitId};
use crate::geography::Side;
use crate::hex::Offset;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Something a side asks of its forces. [`super::Game::check`] says whether it is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Move a unit to a hex along its cheapest path.
    Move { unit: UnitId, to: Offset },
    /// Attack a hex with these units; `advance` moves the first surviving attacker into it if
    /// the defenders leave.
    Attack {
        attackers: Vec<UnitId>,
        target: Offset,
        advance: bool,
    },
    /// Fire artillery or rockets at a hex within range and observation.
    Bombard { unit: UnitId, target: Offset },
    /// Dig in: the unit spends its movement to entrench.
    Entrench { unit: UnitId },
    /// Stay and rest: a unit in supply away from the enemy regains cohesion.
    Hold { unit: UnitId },
    /// Order the people of a settlement to leave toward an exit or the helicopter pad.
    Evacuate {
        place: String,
        destination: Destination,
    },
    /// Fly people waiting at the pad out, or fly stock into the depot there.
    Airlift { cargo: Cargo },
    /// Hold every attack this turn so that refugee columns can pass.
    HaltForColumns,
    /// Choose an option of a scenario choice event.
    Choose { event: String, option: usize },
    /// End the current phase.
    EndPhase,
}

/// What the helicopters carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cargo {
    Civilians,
    Supply,
}

/// Why a command is refused, in words a player understands.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum CommandError {
    #[error("the game is over")]
    GameOver,
    #[error("it is the {active:?} side's turn")]
    NotYourTurn { active: Side },
    #[error("this can only be done in the {needed} phase")]
    WrongPhase { needed: String },
    #[error("there is no unit {0:?}")]
    NoSuchUnit(UnitId),
    #[error("{unit} is not on the map")]
    NotOnMap { unit: String },
    #[error("{unit} belongs to the other side")]
    NotYours { unit: String },
    #[error("hex {0} is not on the map")]
    OffMap(Offset),
    #[error("{unit} cannot reach {to}: {reason}")]
    Unreachable {
        unit: String,
        to: Offset,
        reason: String,
    },
    #[error("{unit} has already {what} this turn")]
    AlreadyActed { unit: String, what: String },
    #[error("{unit} is routed and cannot attack")]
    Routed { unit: String },
    #[error("{unit} is not next to {target}")]
    NotAdjacent { unit: String, target: Offset },
    #[error("there is no enemy in {0}")]
    NoEnemy(Offset),
    #[error("an attack needs at least one unit")]
    NoAttackers,
    #[error("{unit} cannot attack: it has no attack strength")]
    CannotAttack { unit: String },
    #[error("{unit} cannot bombard: it is not artillery")]
    NotArtillery { unit: String },
    #[error("{target} is {distance} hexes from {unit}, beyond its range of {range}")]
    OutOfRange {
        unit: String,
        target: Offset,
        distance: u32,
        range: u32,
    },
    #[error("no one on your side can see {0} to direct the fire")]
    NotObserved(Offset),
    #[error("the ground between hides {0} from every observer on your side near enough to see it")]
    HiddenByTerrain(Offset),
    #[error("{unit} is named twice in the attack")]
    NamedTwice { unit: String },
    #[error("your side has agreed not to attack {place} until turn {until}")]
    Truce { place: String, until: u32 },
    #[error("your side halted its attacks this turn to let refugee columns pass")]
    Halted,
    #[error("{0} is not a settlement with people")]
    NoSettlement(String),
    #[error("{place} is not held by your side")]
    NotHeld { place: String },
    #[error("the people of {0} are already leaving")]
    AlreadyEvacuating(String),
    #[error("there is no exit {0}")]
    NoSuchExit(String),
    #[error("your side has no helicopters")]
    NoHelicopters,
    #[error("the helicopters cannot fly: {reason}")]
    CannotFly { reason: String },
    #[error("no one is waiting at the helicopter pad")]
    NobodyWaiting,
    #[error("there is no open choice {0}")]
    NoSuchChoice(String),
    #[error("choice {event} has no option {option}")]
    NoSuchOption { event: String, option: usize },
}
