//! Difficulty levels of the AI, read from the scenario's `ai.ron`: how far it looks ahead (and
//! how early it evacuates settlements), how many attacks it weighs, the odds it needs, whether it sees through fog of war, the share it
//! keeps in reserve, how aggressive it is, whether it halts for refugee columns, and what its
//! helicopters carry first.

use crate::load::{LoadError, LoadErrorKind, read_ron};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The file name of the AI levels in a scenario directory.
pub const AI_FILE: &str = "ai.ron";

/// One difficulty level. Every number is documented where the shipped `ai.ron` sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiProfile {
    /// The level's name on the command line (`ai:ID`).
    pub id: String,
    /// One line for players.
    pub description: String,
    /// Turns of enemy movement it looks ahead when it judges threats (to objectives and its
    /// own units, and to settlements unless `evacuate_within_turns` says otherwise).
    pub lookahead_turns: u32,
    /// Turns of enemy movement within which it orders the people of a settlement out (absent:
    /// `lookahead_turns`): kept apart so that how a level fights need not decide how early
    /// civilians leave.
    #[serde(default)]
    pub evacuate_within_turns: Option<u32>,
    /// Hexes a turn an enemy is reckoned to cover when the defender weighs the threat to its
    /// objectives: the garrisons answer enemies within this times `lookahead_turns` hexes.
    pub threat_hexes_per_turn: u32,
    /// Hexes a turn an enemy is reckoned to cover when the defender decides which settlements
    /// to empty: people leave once the enemy is within this times the evacuation horizon.
    pub evacuation_hexes_per_turn: u32,
    /// Attack targets it weighs (most promising first) when it plans a concentration.
    pub candidate_attacks: u32,
    /// The lowest odds column, after every shift, at which it attacks, as (attack, defence).
    pub min_odds: (u32, u32),
    /// Whether it knows every enemy position under fog of war; otherwise only what its side
    /// sees now and remembers.
    pub sees_through_fog: bool,
    /// Whether it moves units together onto one target before attacking (otherwise each
    /// attacks with whatever happens to stand next to the enemy).
    pub concentrates: bool,
    /// Percent of the defender's combat units held back as a reserve behind the key place.
    pub reserve_percent: u32,
    /// 0-100: how much ground counts against its own losses; high values accept costlier
    /// attacks.
    pub aggression: u32,
    /// Whether the attacker halts its attacks and fire for a turn when refugee columns are in
    /// harm's way and nothing decisive is to be gained.
    pub halt_for_columns: bool,
    /// Whether its units dig in where they stand (the defender's everywhere, the attacker's
    /// next to the enemy) instead of only holding (absent: they do).
    #[serde(default = "digs_in_by_default")]
    pub digs_in: bool,
    /// The attacker's last push, if the level makes one (absent: it never does).
    #[serde(default)]
    pub last_push: Option<LastPush>,
    /// What the defender's helicopters carry first (absent: stock while the depot is short).
    #[serde(default)]
    pub helicopters_carry: HelicopterCargo,
}

/// What the defender's helicopters carry first, when they could carry people or stock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelicopterCargo {
    /// Stock for the depot while it would not last its units to the end of the game, and
    /// nobody is sent to the landing site meanwhile; people once the depot will last.
    #[default]
    StockWhileShort,
    /// People: settlements are emptied toward the landing site while the flights left can
    /// carry them, and the helicopters bring stock only on turns nobody waits there.
    People,
}

fn digs_in_by_default() -> bool {
    true
}

/// The attacker's last push: in the last turns of the game, while the key place is still the
/// enemy's, waiting for better odds wins nothing, so it moves on past the end of its supply
/// line and accepts worse odds and costlier attacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastPush {
    /// How many turns before the end (counting the last) the push starts.
    pub turns: u32,
    /// The lowest odds column it then attacks at, as (attack, defence).
    pub min_odds: (u32, u32),
    /// Its aggression then (0-100).
    pub aggression: u32,
}

impl AiProfile {
    /// The level as it plays now: with the last push's odds and aggression when the push is
    /// on ([`AiProfile::pushing`]).
    #[must_use]
    pub fn now(&self, ctx: &crate::rules::Ctx) -> Cow<'_, Self> {
        match self.last_push.filter(|_| self.pushing(ctx)) {
            Some(push) => Cow::Owned(Self {
                min_odds: push.min_odds,
                aggression: push.aggression,
                ..self.clone()
            }),
            None => Cow::Borrowed(self),
        }
    }

    /// Whether the side to move is the attacker in its last push: within the push's last
    /// turns, the key place not yet its own.
    #[must_use]
    pub fn pushing(&self, ctx: &crate::rules::Ctx) -> bool {
        let Some(push) = self.last_push else {
            return false;
        };
        let side = ctx.state.active;
        let key_taken = ctx
            .scenario
            .key_place()
            .is_some_and(|p| ctx.controller(p.hex) == side);
        let turns_left = ctx.scenario.file.turns.saturating_sub(ctx.state.turn) + 1;
        side == ctx.first_side() && !key_taken && turns_left <= push.turns
    }

    /// Turns of enemy movement within which it orders people out of a settlement.
    #[must_use]
    pub fn evacuation_turns(&self) -> u32 {
        self.evacuate_within_turns
            .unwrap_or(self.lookahead_turns)
            .max(1)
    }

    /// Hexes from the enemy within which the defender empties a settlement.
    #[must_use]
    pub fn evacuation_radius(&self) -> u32 {
        self.evacuation_hexes_per_turn * self.evacuation_turns()
    }

    /// Hexes from an objective within which the defender counts an enemy as a threat to it.
    #[must_use]
    pub fn threat_radius(&self) -> u32 {
        self.threat_hexes_per_turn * self.lookahead_turns.max(1)
    }

    /// Whether odds `(a, d)` reach the level's minimum.
    #[must_use]
    pub fn odds_ok(&self, odds: (u32, u32)) -> bool {
        let (n, d) = self.min_odds;
        u64::from(odds.0) * u64::from(d) >= u64::from(n) * u64::from(odds.1)
    }

    /// Problems with this level, each prefixed with `at`.
    fn check(&self, at: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.trim().is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            out.push(format!(
                "{at}: id {:?} must be letters, digits, '_' or '-'",
                self.id
            ));
        }
        if self.lookahead_turns == 0 || self.lookahead_turns > 8 {
            out.push(format!(
                "{at}: lookahead_turns {} must be from 1 to 8",
                self.lookahead_turns
            ));
        }
        if let Some(t) = self.evacuate_within_turns
            && (t == 0 || t > 8)
        {
            out.push(format!(
                "{at}: evacuate_within_turns {t} must be from 1 to 8 (or left out: lookahead_turns)"
            ));
        }
        for (name, v) in [
            ("threat_hexes_per_turn", self.threat_hexes_per_turn),
            ("evacuation_hexes_per_turn", self.evacuation_hexes_per_turn),
        ] {
            if v == 0 || v > 12 {
                out.push(format!("{at}: {name} {v} must be from 1 to 12"));
            }
        }
        if self.candidate_attacks == 0 || self.candidate_attacks > 64 {
            out.push(format!(
                "{at}: candidate_attacks {} must be from 1 to 64",
                self.candidate_attacks
            ));
        }
        if self.min_odds.0 == 0 || self.min_odds.1 == 0 {
            out.push(format!(
                "{at}: min_odds ({}, {}) needs two numbers above 0, e.g. (2, 1) for 2:1",
                self.min_odds.0, self.min_odds.1
            ));
        }
        if let Some(push) = self.last_push {
            if push.turns == 0 {
                out.push(format!("{at}: last_push.turns must be at least 1"));
            }
            if push.min_odds.0 == 0 || push.min_odds.1 == 0 {
                out.push(format!(
                    "{at}: last_push.min_odds ({}, {}) needs two numbers above 0, e.g. (1, 1)",
                    push.min_odds.0, push.min_odds.1
                ));
            }
            if push.aggression > 100 {
                out.push(format!(
                    "{at}: last_push.aggression {} is above 100",
                    push.aggression
                ));
            }
        }
        for (name, v) in [
            ("reserve_percent", self.reserve_percent),
            ("aggression", self.aggression),
        ] {
            if v > 100 {
                out.push(format!("{at}: {name} {v} is above 100"));
            }
        }
        out
    }
}

/// The contents of `ai.ron`: the levels and the one `ai` means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiLevels {
    /// The level played when none is named.
    pub default: String,
    pub levels: Vec<AiProfile>,
}

impl AiLevels {
    /// Reads and validates an `ai.ron` file (or the one in a scenario directory).
    ///
    /// # Errors
    /// A syntax error with file, line and column, or every semantic problem at once.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let path: PathBuf = if path.is_dir() {
            path.join(AI_FILE)
        } else {
            path.to_path_buf()
        };
        let levels: AiLevels = read_ron(&path)?;
        let problems = levels.check();
        if problems.is_empty() {
            Ok(levels)
        } else {
            Err(LoadError {
                file: path,
                kind: LoadErrorKind::Invalid(problems),
                named_by: None,
            })
        }
    }

    /// Every problem in the file, each with the path to its field.
    #[must_use]
    pub fn check(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.levels.is_empty() {
            out.push("levels: there must be at least one level".into());
        }
        for (i, l) in self.levels.iter().enumerate() {
            let at = format!("levels[{i}] {:?}", l.id);
            out.extend(l.check(&at));
            if self.levels[..i].iter().any(|o| o.id == l.id) {
                out.push(format!("{at}: the id is used twice"));
            }
        }
        if !self.levels.is_empty() && self.get(&self.default).is_none() {
            out.push(format!(
                "default: no level {:?}; the levels are {}",
                self.default,
                self.names().join(", ")
            ));
        }
        out
    }

    /// A level by id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&AiProfile> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The default level.
    ///
    /// # Panics
    /// Never for a checked file.
    #[must_use]
    pub fn default_level(&self) -> &AiProfile {
        self.get(&self.default)
            .expect("checked: the default names a level")
    }

    /// The level ids in file order.
    #[must_use]
    pub fn names(&self) -> Vec<&str> {
        self.levels.iter().map(|l| l.id.as_str()).collect()
    }
}
