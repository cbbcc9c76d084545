//! Civilians and evacuation (STUB).

use super::command::{Cargo, CommandError};
use super::state::Destination;
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::Scenario;

/// Checks an evacuation order.
///
/// # Errors
/// Why the order is not allowed.
pub fn check_evacuate(
    ctx: &Ctx,
    place: &str,
    destination: &Destination,
) -> Result<(), CommandError> {
    let _ = (ctx, destination);
    Err(CommandError::NoSettlement(place.into()))
}

/// Orders an evacuation.
pub fn execute_evacuate(sc: &Scenario, sink: &mut Sink, place: &str, destination: Destination) {
    let _ = (sc, sink, place, destination);
}

/// Checks an airlift.
///
/// # Errors
/// Why the helicopters cannot fly.
pub fn check_airlift(ctx: &Ctx, cargo: Cargo) -> Result<(), CommandError> {
    let _ = (ctx, cargo);
    Err(CommandError::NoHelicopters)
}

/// Flies an airlift.
pub fn execute_airlift(sc: &Scenario, sink: &mut Sink, cargo: Cargo) {
    let _ = (sc, sink, cargo);
}

/// What happens to the people of a hex whose control changes.
pub fn on_control_changed(sc: &Scenario, sink: &mut Sink, hex: Offset, side: Side) {
    let _ = (sc, sink, hex, side);
}

/// Start of a side's part of the turn: helicopter capacity, columns forming.
pub fn begin_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    let _ = (sc, sink, side);
}

/// End of a side's part of the turn: refugee columns move.
pub fn end_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    let _ = (sc, sink, side);
}
