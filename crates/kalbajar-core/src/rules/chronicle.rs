//! Chronicle (STUB).

use super::Logged;
use crate::scenario::Scenario;

/// Chronicle lines.
#[must_use]
pub fn lines(sc: &Scenario, log: &[Logged]) -> Vec<String> {
    let _ = sc;
    log.iter()
        .map(|l| format!("{}: {:?}", l.turn, l.event))
        .collect()
}
