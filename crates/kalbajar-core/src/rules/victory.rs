//! Victory (STUB).

use super::Sink;
use crate::scenario::Scenario;

/// End-of-turn victory check; returns whether the game ended.
pub fn end_of_turn(sc: &Scenario, sink: &mut Sink) -> bool {
    let _ = sc;
    sink.state.turn >= 16
}
