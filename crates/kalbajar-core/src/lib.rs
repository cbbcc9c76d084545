//! Kalbajar 1993 rules core: the hex map, the geography and map generator, the scenario
//! format and its validation, and what-if variants. No Bevy here: only deterministic game logic.

pub mod ai;
pub mod calendar;
pub mod geo;
pub mod geography;
pub mod hex;
pub mod history;
pub mod load;
pub mod map;
pub mod mapgen;
pub mod replay;
pub mod rules;
pub mod rules_data;
pub mod scenario;
pub mod variant;
