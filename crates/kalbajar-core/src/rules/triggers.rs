//! Scenario events (STUB).

use super::command::CommandError;
use super::{Ctx, Sink};
use crate::scenario::Scenario;

/// Fires the events triggered at the start of a turn.
pub fn fire_turn(sc: &Scenario, sink: &mut Sink, turn: u32) {
    let _ = (sc, sink, turn);
}

/// Fires the events triggered by the state at the end of a turn.
pub fn fire_end_of_turn(sc: &Scenario, sink: &mut Sink) {
    let _ = (sc, sink);
}

/// Checks a choice.
///
/// # Errors
/// Why the choice is not open.
pub fn check_choice(ctx: &Ctx, event: &str, option: usize) -> Result<(), CommandError> {
    let _ = (ctx, option);
    Err(CommandError::NoSuchChoice(event.into()))
}

/// Makes a choice.
pub fn execute_choice(sc: &Scenario, sink: &mut Sink, event: &str, option: usize) {
    let _ = (sc, sink, event, option);
}
