//! What-if variants: small RON overlays on a scenario, kept in the scenario directory's
//! `variants/` folder, one file per variant named after its id (`variants/<id>.ron`).
//!
//! A variant has an id, a title, a one-paragraph description, its sources and a list of
//! changes: units added, removed, replaced or moved; events added, removed or replaced; the
//! weather pinned, its odds or the snow line set; the people of a settlement set; helicopters
//! set or removed; supply sources added or removed; and a small, typed set of rule switches
//! that override documented numbers of `rules.ron`.
//!
//! [`apply`] applies variants in order. Variants combine when they do not touch the same
//! thing: two variants that change the same unit, event, weather band (odds or a pinned turn),
//! snow line, settlement, helicopters, supply source or rule switch conflict, and the error
//! names both variants and what they both touch. Removing a unit also takes it out of every
//! event that names it; an event left with nothing to do, or triggered by the removed unit, is
//! removed with it. [`Scenario::with_variants`] then validates the result like any scenario.

use crate::geography::Source;
use crate::load::{LoadError, LoadErrorKind, read_ron};
use crate::rules_data::{RulesFile, Weather};
use crate::scenario::{
    Effect, Helicopters, Loc, Reference, Scenario, ScenarioEvent, ScenarioFile, Settlement,
    SupplySource, Trigger, UnitDef,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The folder beside `scenario.ron` that holds its variants.
pub const VARIANTS_DIR: &str = "variants";

/// A what-if variant of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Lower-case letters, digits and underscores; the file is `variants/<id>.ron`.
    pub id: String,
    pub title: String,
    /// One paragraph: what changes and why this reading of the sources.
    pub description: String,
    /// The sources the variant draws on (the project's article and data brief, and others).
    pub sources: Vec<String>,
    pub changes: Vec<Change>,
}

/// One change a variant makes to the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Change {
    /// New units (their ids must be new).
    AddUnits(Vec<UnitDef>),
    /// Units taken out of the order of battle, and out of every event that names them.
    RemoveUnits(Vec<String>),
    /// A unit replaced whole (same id, same place in the order of battle).
    ReplaceUnit(UnitDef),
    /// A unit starts or enters elsewhere, or on another turn.
    SetEntry {
        unit: String,
        #[serde(default)]
        at: Option<Loc>,
        #[serde(default)]
        entry_turn: Option<u32>,
        /// Why; it replaces the unit's source note for this variant.
        source: Source,
    },
    /// New events (their ids must be new).
    AddEvents(Vec<ScenarioEvent>),
    /// Events removed by id.
    RemoveEvents(Vec<String>),
    /// An event replaced whole (same id).
    ReplaceEvent(ScenarioEvent),
    /// The weather of these bands is fixed on every turn from `from_turn` to `to_turn`.
    PinWeather {
        from_turn: u32,
        to_turn: u32,
        bands: Vec<String>,
        weather: Weather,
        source: Source,
    },
    /// New day and night odds for a band.
    SetOdds {
        band: String,
        day: BTreeMap<Weather, u32>,
        night: BTreeMap<Weather, u32>,
        source: Source,
    },
    /// Snow lies at and above this elevation at the start, in metres.
    SnowLine { metres: i32, source: Source },
    /// The people of a settlement already in the scenario (at home, and gone before the start).
    SetCivilians(Settlement),
    /// Helicopters set or replaced.
    SetHelicopters(Helicopters),
    /// No helicopters.
    RemoveHelicopters,
    /// New supply sources (their names must be new).
    AddSupplySources(Vec<SupplySource>),
    /// Supply sources removed by name.
    RemoveSupplySources(Vec<String>),
    /// One documented number of `rules.ron` overridden.
    Rule { switch: RuleSwitch, source: Source },
}

impl Change {
    /// The change's name as written in a variant file.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Change::AddUnits(_) => "AddUnits",
            Change::RemoveUnits(_) => "RemoveUnits",
            Change::ReplaceUnit(_) => "ReplaceUnit",
            Change::SetEntry { .. } => "SetEntry",
            Change::AddEvents(_) => "AddEvents",
            Change::RemoveEvents(_) => "RemoveEvents",
            Change::ReplaceEvent(_) => "ReplaceEvent",
            Change::PinWeather { .. } => "PinWeather",
            Change::SetOdds { .. } => "SetOdds",
            Change::SnowLine { .. } => "SnowLine",
            Change::SetCivilians(_) => "SetCivilians",
            Change::SetHelicopters(_) => "SetHelicopters",
            Change::RemoveHelicopters => "RemoveHelicopters",
            Change::AddSupplySources(_) => "AddSupplySources",
            Change::RemoveSupplySources(_) => "RemoveSupplySources",
            Change::Rule { .. } => "Rule",
        }
    }
}

/// The numbers of `rules.ron` a variant (or a scenario) may override, each naming its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleSwitch {
    /// `stacking_steps`: most steps of one side in one hex.
    StackingSteps(u32),
    /// `movement.night_cost_percent`.
    NightCostPercent(u32),
    /// `movement.snow_cover_cost_percent`.
    SnowCoverCostPercent(u32),
    /// `movement.closed_pass_foot_cost_percent`.
    ClosedPassFootCostPercent(u32),
    /// `supply.max_cost`: the longest supply line.
    SupplyMaxCost(u32),
    /// `supply.airlift_stock`: depot stock one airlift adds.
    AirliftStock(u32),
    /// `civilians.column_mp`: movement points of a refugee column.
    ColumnMp(u32),
    /// `civilians.column_size`: most people leaving a settlement per turn.
    ColumnSize(u32),
    /// `civilians.exposure_from_m`: elevation from which columns suffer exposure.
    ExposureFromM(i32),
    /// `civilians.exposure_per_mille`: exposure deaths per hex-turn.
    ExposurePerMille(u32),
    /// `civilians.captured_per_mille`: people captured when a settlement is taken.
    CapturedPerMille(u32),
    /// `victory.road_link_points`.
    RoadLinkPoints(i32),
    /// `victory.sudden_death_from_turn`.
    SuddenDeathFromTurn(u32),
}

impl RuleSwitch {
    /// The field of `rules.ron` this switch sets.
    #[must_use]
    pub fn field(self) -> &'static str {
        match self {
            RuleSwitch::StackingSteps(_) => "stacking_steps",
            RuleSwitch::NightCostPercent(_) => "movement.night_cost_percent",
            RuleSwitch::SnowCoverCostPercent(_) => "movement.snow_cover_cost_percent",
            RuleSwitch::ClosedPassFootCostPercent(_) => "movement.closed_pass_foot_cost_percent",
            RuleSwitch::SupplyMaxCost(_) => "supply.max_cost",
            RuleSwitch::AirliftStock(_) => "supply.airlift_stock",
            RuleSwitch::ColumnMp(_) => "civilians.column_mp",
            RuleSwitch::ColumnSize(_) => "civilians.column_size",
            RuleSwitch::ExposureFromM(_) => "civilians.exposure_from_m",
            RuleSwitch::ExposurePerMille(_) => "civilians.exposure_per_mille",
            RuleSwitch::CapturedPerMille(_) => "civilians.captured_per_mille",
            RuleSwitch::RoadLinkPoints(_) => "victory.road_link_points",
            RuleSwitch::SuddenDeathFromTurn(_) => "victory.sudden_death_from_turn",
        }
    }

    /// Sets the field in the rules.
    pub fn apply_to(self, rules: &mut RulesFile) {
        match self {
            RuleSwitch::StackingSteps(v) => rules.stacking_steps = v,
            RuleSwitch::NightCostPercent(v) => rules.movement.night_cost_percent = v,
            RuleSwitch::SnowCoverCostPercent(v) => rules.movement.snow_cover_cost_percent = v,
            RuleSwitch::ClosedPassFootCostPercent(v) => {
                rules.movement.closed_pass_foot_cost_percent = v;
            }
            RuleSwitch::SupplyMaxCost(v) => rules.supply.max_cost = v,
            RuleSwitch::AirliftStock(v) => rules.supply.airlift_stock = v,
            RuleSwitch::ColumnMp(v) => rules.civilians.column_mp = v,
            RuleSwitch::ColumnSize(v) => rules.civilians.column_size = v,
            RuleSwitch::ExposureFromM(v) => rules.civilians.exposure_from_m = v,
            RuleSwitch::ExposurePerMille(v) => rules.civilians.exposure_per_mille = v,
            RuleSwitch::CapturedPerMille(v) => rules.civilians.captured_per_mille = v,
            RuleSwitch::RoadLinkPoints(v) => rules.victory.road_link_points = v,
            RuleSwitch::SuddenDeathFromTurn(v) => rules.victory.sudden_death_from_turn = v,
        }
    }
}

/// A rule switch with its source, as a scenario file records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub switch: RuleSwitch,
    pub source: Source,
}

impl RuleSetting {
    /// Applies every switch in order (a later one for the same field wins).
    pub fn apply_all(settings: &[RuleSetting], rules: &mut RulesFile) {
        for s in settings {
            s.switch.apply_to(rules);
        }
    }
}

impl Variant {
    /// Problems with the variant itself, before it meets a scenario, as `path: problem` lines.
    #[must_use]
    pub fn check(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.push(format!(
                "id: \"{}\" must be lower-case letters, digits and underscores",
                self.id
            ));
        }
        if self.title.trim().is_empty() {
            errors.push("title: write a short title".into());
        }
        let d = self.description.trim();
        if d.is_empty() {
            errors.push("description: write one paragraph on what changes and why".into());
        } else if d.contains("\n\n") || d.contains("\r\n\r\n") {
            errors.push("description: keep it to one paragraph (no blank lines)".into());
        }
        if self.sources.iter().all(|s| s.trim().is_empty()) {
            errors.push(
                "sources: name at least one source (the article, the data brief, ...)".into(),
            );
        }
        if self.changes.is_empty() {
            errors.push("changes: a variant must change something".into());
        }
        for (i, c) in self.changes.iter().enumerate() {
            let at = format!("changes[{i}] {}", c.name());
            match c {
                Change::SetEntry {
                    at: None,
                    entry_turn: None,
                    ..
                } => errors.push(format!("{at}: give `at`, `entry_turn` or both")),
                Change::PinWeather {
                    from_turn,
                    to_turn,
                    bands,
                    ..
                } => {
                    if *from_turn == 0 || from_turn > to_turn {
                        errors.push(format!(
                            "{at}: turns {from_turn} to {to_turn} must run forward from turn 1"
                        ));
                    }
                    if bands.is_empty() {
                        errors.push(format!("{at}: name at least one band"));
                    }
                }
                Change::AddUnits(v) if v.is_empty() => errors.push(format!("{at}: no units")),
                Change::AddEvents(v) if v.is_empty() => errors.push(format!("{at}: no events")),
                Change::AddSupplySources(v) if v.is_empty() => {
                    errors.push(format!("{at}: no supply sources"));
                }
                Change::RemoveUnits(v)
                | Change::RemoveEvents(v)
                | Change::RemoveSupplySources(v)
                    if v.is_empty() =>
                {
                    errors.push(format!("{at}: nothing to remove"));
                }
                _ => {}
            }
        }
        errors
    }
}

/// Something in a scenario a change touches; two variants touching the same thing conflict.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Touch {
    Unit(String),
    Event(String),
    Pinned { band: String, turn: u32 },
    Odds(String),
    SnowLine,
    Civilians(String),
    Helicopters,
    Supply(String),
    Rule(&'static str),
}

impl fmt::Display for Touch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Touch::Unit(u) => write!(f, "unit \"{u}\""),
            Touch::Event(e) => write!(f, "event \"{e}\""),
            Touch::Pinned { band, turn } => {
                write!(f, "the weather of band \"{band}\" on turn {turn}")
            }
            Touch::Odds(b) => write!(f, "the weather odds of band \"{b}\""),
            Touch::SnowLine => write!(f, "the snow line"),
            Touch::Civilians(p) => write!(f, "the civilians of \"{p}\""),
            Touch::Helicopters => write!(f, "the helicopters"),
            Touch::Supply(s) => write!(f, "supply source \"{s}\""),
            Touch::Rule(field) => write!(f, "rule {field}"),
        }
    }
}

/// Whether an event names a unit in its trigger or effects.
fn event_names_unit(e: &ScenarioEvent, unit: &str) -> bool {
    matches!(&e.trigger, Trigger::UnitDestroyed(u) if u == unit)
        || e.effects
            .iter()
            .chain(e.options.iter().flat_map(|o| o.effects.iter()))
            .any(|x| matches!(x, Effect::Reinforce(us) | Effect::Withdraw(us) | Effect::Intercept(us) if us.iter().any(|u| u == unit)))
}

/// Everything a change touches, judged against the base scenario.
fn touches(base: &ScenarioFile, change: &Change) -> Vec<Touch> {
    match change {
        Change::AddUnits(us) => us.iter().map(|u| Touch::Unit(u.id.clone())).collect(),
        Change::RemoveUnits(ids) => {
            let mut out: Vec<Touch> = ids.iter().map(|u| Touch::Unit(u.clone())).collect();
            for e in &base.events {
                if ids.iter().any(|u| event_names_unit(e, u)) {
                    out.push(Touch::Event(e.id.clone()));
                }
            }
            out
        }
        Change::ReplaceUnit(u) => vec![Touch::Unit(u.id.clone())],
        Change::SetEntry { unit, .. } => vec![Touch::Unit(unit.clone())],
        Change::AddEvents(es) => es.iter().map(|e| Touch::Event(e.id.clone())).collect(),
        Change::RemoveEvents(ids) => ids.iter().map(|e| Touch::Event(e.clone())).collect(),
        Change::ReplaceEvent(e) => vec![Touch::Event(e.id.clone())],
        Change::PinWeather {
            from_turn,
            to_turn,
            bands,
            ..
        } => bands
            .iter()
            .flat_map(|b| {
                // Turns past the scenario's end are refused when the change is applied.
                (*from_turn..=(*to_turn).min(base.turns)).map(move |turn| Touch::Pinned {
                    band: b.clone(),
                    turn,
                })
            })
            .collect(),
        Change::SetOdds { band, .. } => vec![Touch::Odds(band.clone())],
        Change::SnowLine { .. } => vec![Touch::SnowLine],
        Change::SetCivilians(s) => vec![Touch::Civilians(s.place.clone())],
        Change::SetHelicopters(_) | Change::RemoveHelicopters => vec![Touch::Helicopters],
        Change::AddSupplySources(ss) => ss.iter().map(|s| Touch::Supply(s.name.clone())).collect(),
        Change::RemoveSupplySources(ns) => ns.iter().map(|n| Touch::Supply(n.clone())).collect(),
        Change::Rule { switch, .. } => vec![Touch::Rule(switch.field())],
    }
}

/// Conflicts between variants: for each pair that touches the same things, one line naming
/// both variants and what they both touch.
#[must_use]
pub fn conflicts(base: &ScenarioFile, variants: &[Variant]) -> Vec<String> {
    conflicts_detailed(base, variants)
        .into_iter()
        .map(|(_, m)| m)
        .collect()
}

/// Conflicts with the index of the later variant of each pair.
fn conflicts_detailed(base: &ScenarioFile, variants: &[Variant]) -> Vec<(usize, String)> {
    let mut owner: BTreeMap<Touch, usize> = BTreeMap::new();
    let mut clashes: BTreeMap<(usize, usize), BTreeSet<Touch>> = BTreeMap::new();
    for (i, v) in variants.iter().enumerate() {
        let mine: BTreeSet<Touch> = v.changes.iter().flat_map(|c| touches(base, c)).collect();
        for t in mine {
            match owner.get(&t) {
                Some(&j) => {
                    clashes.entry((j, i)).or_default().insert(t);
                }
                None => {
                    owner.insert(t, i);
                }
            }
        }
    }
    clashes
        .into_iter()
        .map(|((a, b), both)| {
            let later = b;
            let (a, b) = (&variants[a], &variants[b]);
            let what: Vec<String> = both.iter().take(4).map(ToString::to_string).collect();
            let more = if both.len() > 4 {
                format!(" and {} more", both.len() - 4)
            } else {
                String::new()
            };
            let message = if a.id == b.id {
                format!("variant \"{}\" is given twice; give it once", a.id)
            } else {
                format!(
                    "variants \"{}\" and \"{}\" conflict: both change {}{more}; choose one of them",
                    a.id,
                    b.id,
                    what.join(", ")
                )
            };
            (later, message)
        })
        .collect()
}

/// A problem found while applying variants: the variant it is about and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError {
    /// Index into the variants given (for a conflict, the later of the two).
    pub variant: usize,
    pub message: String,
}

/// Applies the variants to the base scenario in order; see [`apply_detailed`].
///
/// # Errors
/// Every conflict between the variants, or every change that does not fit the scenario.
pub fn apply(base: &ScenarioFile, variants: &[Variant]) -> Result<ScenarioFile, Vec<String>> {
    apply_detailed(base, variants).map_err(|errors| errors.into_iter().map(|e| e.message).collect())
}

/// Applies the variants to the base scenario in order, after checking each variant and that
/// no two of them conflict. The result's id, title and description name the variants, and
/// their sources join the references. It is not validated against the map and rules here:
/// [`Scenario::with_variants`] does that.
///
/// # Errors
/// Every problem found, each with the variant it belongs to.
pub fn apply_detailed(
    base: &ScenarioFile,
    variants: &[Variant],
) -> Result<ScenarioFile, Vec<ApplyError>> {
    let mut errors: Vec<ApplyError> = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        for e in v.check() {
            errors.push(ApplyError {
                variant: i,
                message: format!("variant \"{}\": {e}", v.id),
            });
        }
    }
    errors.extend(
        conflicts_detailed(base, variants)
            .into_iter()
            .map(|(variant, message)| ApplyError { variant, message }),
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut file = base.clone();
    for (i, v) in variants.iter().enumerate() {
        for (k, c) in v.changes.iter().enumerate() {
            if let Err(e) = apply_change(&mut file, v, c) {
                errors.push(ApplyError {
                    variant: i,
                    message: format!("variant \"{}\": changes[{k}] {}: {e}", v.id, c.name()),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !variants.is_empty() {
        let ids: Vec<&str> = variants.iter().map(|v| v.id.as_str()).collect();
        let titles: Vec<&str> = variants.iter().map(|v| v.title.as_str()).collect();
        file.id = format!("{}+{}", base.id, ids.join("+"));
        file.title = format!("{} — what if: {}", base.title, titles.join("; "));
        for v in variants {
            file.description.push_str(&format!(
                "\n\nWhat if: {}. {}",
                v.title,
                v.description.trim()
            ));
            file.references.push(Reference {
                title: format!("Variant \"{}\": {}", v.id, v.title),
                note: v.sources.join("; "),
            });
        }
    }
    Ok(file)
}

/// A source note for something a variant changed: the variant's reason, then the base's note.
fn amend(old: &Source, new: &Source, variant: &Variant) -> Source {
    let text = format!(
        "what-if \"{}\": {} (historical scenario: {})",
        variant.id,
        new.text(),
        old.text()
    );
    if old.is_estimated() || new.is_estimated() {
        Source::Estimated(text)
    } else {
        Source::Cited(text)
    }
}

/// Names of things, for "the scenario has ..." hints.
fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn unit_index(file: &ScenarioFile, id: &str) -> Result<usize, String> {
    file.units.iter().position(|u| u.id == id).ok_or_else(|| {
        format!(
            "no unit \"{id}\" in the scenario; its units are {}",
            list(file.units.iter().map(|u| u.id.as_str()))
        )
    })
}

fn event_index(file: &ScenarioFile, id: &str) -> Result<usize, String> {
    file.events.iter().position(|e| e.id == id).ok_or_else(|| {
        format!(
            "no event \"{id}\" in the scenario; its events are {}",
            list(file.events.iter().map(|e| e.id.as_str()))
        )
    })
}

/// Takes removed units out of every event; drops events left with nothing to do or triggered
/// by a removed unit.
fn remove_from_events(file: &mut ScenarioFile, removed: &[String]) {
    let gone = |u: &String| removed.contains(u);
    let mut keep = Vec::with_capacity(file.events.len());
    for mut e in std::mem::take(&mut file.events) {
        if matches!(&e.trigger, Trigger::UnitDestroyed(u) if gone(u)) {
            continue;
        }
        let had_effects = !e.effects.is_empty();
        let prune = |effects: &mut Vec<Effect>| {
            for x in effects.iter_mut() {
                if let Effect::Reinforce(us) | Effect::Withdraw(us) | Effect::Intercept(us) = x {
                    us.retain(|u| !gone(u));
                }
            }
            effects.retain(
                |x| !matches!(x, Effect::Reinforce(us) | Effect::Withdraw(us) | Effect::Intercept(us) if us.is_empty()),
            );
        };
        prune(&mut e.effects);
        for o in &mut e.options {
            prune(&mut o.effects);
        }
        if had_effects && e.effects.is_empty() && e.options.is_empty() {
            continue;
        }
        keep.push(e);
    }
    file.events = keep;
}

fn apply_change(file: &mut ScenarioFile, v: &Variant, change: &Change) -> Result<(), String> {
    match change {
        Change::AddUnits(units) => {
            for u in units {
                if file.units.iter().any(|x| x.id == u.id) {
                    return Err(format!(
                        "unit \"{}\" is in the scenario already; use ReplaceUnit to change it",
                        u.id
                    ));
                }
                file.units.push(u.clone());
            }
        }
        Change::RemoveUnits(ids) => {
            for id in ids {
                let i = unit_index(file, id)?;
                file.units.remove(i);
            }
            remove_from_events(file, ids);
        }
        Change::ReplaceUnit(u) => {
            let i = unit_index(file, &u.id)?;
            file.units[i] = u.clone();
        }
        Change::SetEntry {
            unit,
            at,
            entry_turn,
            source,
        } => {
            let i = unit_index(file, unit)?;
            let u = &mut file.units[i];
            if let Some(at) = at {
                u.at = at.clone();
            }
            if let Some(t) = entry_turn {
                u.entry_turn = *t;
            }
            u.source = amend(&u.source, source, v);
        }
        Change::AddEvents(events) => {
            for e in events {
                if file.events.iter().any(|x| x.id == e.id) {
                    return Err(format!(
                        "event \"{}\" is in the scenario already; use ReplaceEvent to change it",
                        e.id
                    ));
                }
                file.events.push(e.clone());
            }
        }
        Change::RemoveEvents(ids) => {
            for id in ids {
                let i = event_index(file, id)?;
                file.events.remove(i);
            }
        }
        Change::ReplaceEvent(e) => {
            let i = event_index(file, &e.id)?;
            file.events[i] = e.clone();
        }
        Change::PinWeather {
            from_turn,
            to_turn,
            bands,
            weather,
            source,
        } => {
            let w = &mut file.weather;
            for b in bands {
                if !w.bands.iter().any(|x| &x.id == b) {
                    return Err(format!(
                        "unknown band \"{b}\"; the scenario's bands are {}",
                        list(w.bands.iter().map(|x| x.id.as_str()))
                    ));
                }
            }
            if *to_turn > file.turns {
                return Err(format!(
                    "turn {to_turn} is past the scenario's last turn {}",
                    file.turns
                ));
            }
            for b in bands {
                for turn in *from_turn..=*to_turn {
                    w.pinned.retain(|p| !(p.turn == turn && &p.band == b));
                    w.pinned.push(crate::scenario::PinnedWeather {
                        turn,
                        band: b.clone(),
                        weather: *weather,
                    });
                }
            }
            w.pinned
                .sort_by(|a, b| (a.turn, &a.band).cmp(&(b.turn, &b.band)));
            w.source = amend(&w.source, source, v);
        }
        Change::SetOdds {
            band,
            day,
            night,
            source,
        } => {
            let w = &mut file.weather;
            let known = list(w.bands.iter().map(|x| x.id.as_str()));
            let Some(o) = w.odds.iter_mut().find(|o| &o.band == band) else {
                return Err(format!(
                    "no odds for band \"{band}\"; the scenario's bands are {known}"
                ));
            };
            o.day = day.clone();
            o.night = night.clone();
            w.source = amend(&w.source, source, v);
        }
        Change::SnowLine { metres, source } => {
            file.weather.snow_line_m = *metres;
            file.weather.source = amend(&file.weather.source, source, v);
        }
        Change::SetCivilians(s) => {
            let known = list(file.civilians.iter().map(|c| c.place.as_str()));
            let Some(c) = file.civilians.iter_mut().find(|c| c.place == s.place) else {
                return Err(format!(
                    "no settlement \"{}\" in the scenario; its settlements are {known}",
                    s.place
                ));
            };
            *c = s.clone();
        }
        Change::SetHelicopters(h) => file.helicopters = Some(h.clone()),
        Change::RemoveHelicopters => {
            if file.helicopters.take().is_none() {
                return Err("the scenario has no helicopters to remove".into());
            }
        }
        Change::AddSupplySources(sources) => {
            for s in sources {
                if file.supply_sources.iter().any(|x| x.name == s.name) {
                    return Err(format!(
                        "supply source \"{}\" is in the scenario already",
                        s.name
                    ));
                }
                file.supply_sources.push(s.clone());
            }
        }
        Change::RemoveSupplySources(names) => {
            for n in names {
                let Some(i) = file.supply_sources.iter().position(|s| &s.name == n) else {
                    return Err(format!(
                        "no supply source \"{n}\" in the scenario; its supply sources are {}",
                        list(file.supply_sources.iter().map(|s| s.name.as_str()))
                    ));
                };
                file.supply_sources.remove(i);
            }
        }
        Change::Rule { switch, source } => {
            file.rule_switches
                .retain(|r| r.switch.field() != switch.field());
            file.rule_switches.push(RuleSetting {
                switch: *switch,
                source: source.clone(),
            });
        }
    }
    Ok(())
}

/// Where a variant named on the command line is: a path to a file, or an id in the scenario's
/// `variants/` folder.
fn variant_path(scenario_dir: &Path, name: &str) -> PathBuf {
    let p = Path::new(name);
    if name.ends_with(".ron") || p.components().count() > 1 {
        p.to_path_buf()
    } else {
        scenario_dir.join(VARIANTS_DIR).join(format!("{name}.ron"))
    }
}

/// The ids of the variants in a scenario directory's `variants/` folder, sorted.
#[must_use]
pub fn known_ids(scenario_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(scenario_dir.join(VARIANTS_DIR)) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    ids.sort();
    ids
}

/// Reads one variant by id (from `scenario_dir/variants/<id>.ron`) or by path.
///
/// # Errors
/// The file is missing (the error lists the known ids), cannot be parsed (file:line:col), or
/// its id does not match its file name.
pub fn read_variant(scenario_dir: &Path, name: &str) -> Result<(PathBuf, Variant), LoadError> {
    let path = variant_path(scenario_dir, name);
    if !path.is_file() {
        let known = known_ids(scenario_dir);
        let dir = scenario_dir.join(VARIANTS_DIR);
        return Err(LoadError {
            file: path,
            kind: LoadErrorKind::Invalid(vec![format!(
                "there is no variant \"{name}\"; the variants in {} are: {}; give one of these \
                 ids or the path of a variant file",
                dir.display(),
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            )]),
            named_by: None,
        });
    }
    let v: Variant = read_ron(&path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if v.id != stem {
        return Err(LoadError {
            file: path.clone(),
            kind: LoadErrorKind::Invalid(vec![format!(
                "id: \"{}\" does not match the file name; rename the file {}.ron or set id: \"{stem}\"",
                v.id, v.id
            )]),
            named_by: None,
        });
    }
    Ok((path, v))
}

/// Every variant in a scenario directory's `variants/` folder, sorted by id.
///
/// # Errors
/// Every variant file that cannot be read.
pub fn read_all(scenario_dir: &Path) -> Result<Vec<(PathBuf, Variant)>, Vec<LoadError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for id in known_ids(scenario_dir) {
        match read_variant(scenario_dir, &id) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl Scenario {
    /// This scenario with variants applied in order, validated like a loaded scenario.
    ///
    /// # Errors
    /// Conflicts between the variants, changes that do not fit, or validation problems of
    /// the result (prefixed with the variants' ids).
    pub fn with_variants(&self, variants: &[Variant]) -> Result<Self, Vec<String>> {
        if variants.is_empty() {
            return Ok(self.clone());
        }
        let file = apply(&self.file, variants)?;
        let ids: Vec<&str> = variants.iter().map(|v| v.id.as_str()).collect();
        Self::from_parts(
            self.path.clone(),
            file,
            self.map.clone(),
            self.rules.clone(),
        )
        .map_err(|problems| {
            problems
                .into_iter()
                .map(|p| format!("with variant(s) {}: {p}", ids.join(", ")))
                .collect()
        })
    }

    /// Loads a scenario (a `scenario.ron` or its directory) and applies the named variants: ids
    /// of files in its `variants/` folder, or paths to variant files.
    ///
    /// # Errors
    /// Errors of the scenario, then of each variant file (file:line:col for syntax), then of
    /// combining them; each names the file it is about.
    pub fn load_with_variants(path: &Path, variants: &[&str]) -> Result<Self, Vec<LoadError>> {
        let base = Self::load(path)?;
        if variants.is_empty() {
            return Ok(base);
        }
        let dir = base.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut read = Vec::new();
        let mut errors = Vec::new();
        for name in variants {
            match read_variant(&dir, name) {
                Ok(v) => read.push(v),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let list: Vec<Variant> = read.iter().map(|(_, v)| v.clone()).collect();
        let file = match apply_detailed(&base.file, &list) {
            Ok(f) => f,
            Err(es) => {
                // Group the problems by the file they are about (a conflict: the later variant).
                let mut by_file: BTreeMap<usize, Vec<String>> = BTreeMap::new();
                for e in es {
                    by_file.entry(e.variant).or_default().push(e.message);
                }
                return Err(by_file
                    .into_iter()
                    .map(|(i, problems)| LoadError {
                        file: read[i].0.clone(),
                        kind: LoadErrorKind::Invalid(problems),
                        named_by: None,
                    })
                    .collect());
            }
        };
        let path = base.path.clone();
        Self::from_parts(path.clone(), file, base.map, base.rules).map_err(|problems| {
            let ids: Vec<&str> = list.iter().map(|v| v.id.as_str()).collect();
            vec![LoadError {
                file: path,
                kind: LoadErrorKind::Invalid(
                    problems
                        .into_iter()
                        .map(|p| format!("with variant(s) {}: {p}", ids.join(", ")))
                        .collect(),
                ),
                named_by: None,
            }]
        })
    }
}
