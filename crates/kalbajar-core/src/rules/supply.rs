//! Supply (STUB: everyone supplied).

use super::state::{SupplyStatus, UnitId};
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::scenario::Scenario;

/// A traced supply line: the status and the hexes from the unit back to its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyLine {
    pub status: SupplyStatus,
    pub path: Vec<Offset>,
}

/// Traces supply for one unit (a query for the UI and the AI).
#[must_use]
pub fn trace(ctx: &Ctx, unit: UnitId) -> SupplyLine {
    let _ = (ctx, unit);
    SupplyLine {
        status: SupplyStatus::InSupply {
            source: String::new(),
            cost: 0,
        },
        path: Vec::new(),
    }
}

/// Supply determination for a side at the start of its part of the turn.
pub fn determine(sc: &Scenario, sink: &mut Sink, side: Side) {
    let _ = (sc, sink, side);
}
