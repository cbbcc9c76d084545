//! Fog of war (STUB).
