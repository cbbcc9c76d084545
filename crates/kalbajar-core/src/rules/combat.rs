//! Combat and bombardment (STUB).

use super::command::CommandError;
use super::state::UnitId;
use super::{Ctx, Sink};
use crate::hex::Offset;
use crate::scenario::Scenario;

/// Checks an attack.
///
/// # Errors
/// Why the attack is not allowed.
pub fn check_attack(ctx: &Ctx, attackers: &[UnitId], target: Offset) -> Result<(), CommandError> {
    let _ = (ctx, attackers);
    Err(CommandError::NoEnemy(target))
}

/// Resolves an attack.
pub fn execute_attack(
    sc: &Scenario,
    sink: &mut Sink,
    attackers: &[UnitId],
    target: Offset,
    advance: bool,
) {
    let _ = (sc, sink, attackers, target, advance);
}

/// Checks a bombardment.
///
/// # Errors
/// Why the bombardment is not allowed.
pub fn check_bombard(ctx: &Ctx, unit: UnitId, target: Offset) -> Result<(), CommandError> {
    let _ = (ctx, unit);
    Err(CommandError::NotObserved(target))
}

/// Resolves a bombardment.
pub fn execute_bombard(sc: &Scenario, sink: &mut Sink, unit: UnitId, target: Offset) {
    let _ = (sc, sink, unit, target);
}

/// The odds and outcomes of a proposed attack (STUB until the combat rules land).
#[derive(Debug, Clone)]
pub struct AttackPreview {
    pub attack: u32,
    pub defence: u32,
}

/// Previews an attack.
///
/// # Errors
/// Why the attack is not allowed.
pub fn preview(
    ctx: &Ctx,
    attackers: &[UnitId],
    target: Offset,
) -> Result<AttackPreview, CommandError> {
    check_attack(ctx, attackers, target).map(|()| AttackPreview {
        attack: 0,
        defence: 0,
    })
}
