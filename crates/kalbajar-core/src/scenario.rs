//! The scenario format: `scenario.ron` with the sides, unit types, orders of battle,
//! civilians, helicopters, supply sources, objectives and weather; it names its `map.ron`
//! and `rules.ron`. Loading reports syntax errors by file, line and column, then collects
//! every semantic error at once with the path to the field.

use crate::calendar::DateTime;
use crate::geography::{Side, Source};
use crate::hex::Offset;
use crate::load::{LoadError, LoadErrorKind, read_ron};
use crate::map::{Map, MapFile, MapPlace, Terrain};
use crate::rules_data::{MovePoints, RulesFile, Weather};
use crate::variant::RuleSetting;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Most turns a scenario may have.
pub const MAX_TURNS: u32 = 1000;

/// A location in a scenario: a hex, a named place, or a map-edge exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Loc {
    /// Offset coordinates `(col, row)`.
    Hex(i32, i32),
    /// A place id from the map.
    Place(String),
    /// A map-edge exit id: the unit enters there.
    Exit(String),
}

/// How a side is presented and when it moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideDef {
    pub side: Side,
    pub name: String,
    /// Moves first in each turn (the attacker).
    pub moves_first: bool,
    pub commanders: Vec<String>,
    pub source: Source,
}

/// The NATO-style symbol of a unit type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Symbol {
    Infantry,
    MountainInfantry,
    Mechanised,
    Armour,
    Artillery,
    RocketArtillery,
    AntiTank,
    Headquarters,
    Militia,
    Police,
    Helicopter,
}

/// A unit type: the stats every unit of this type shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitType {
    pub id: String,
    pub name: String,
    pub symbol: Symbol,
    /// Id of the move class in `rules.ron`.
    pub move_class: String,
    pub movement: MovePoints,
    /// Attack and defence strength of a full-strength unit.
    pub attack: u32,
    pub defence: u32,
    /// Steps of a full-strength unit.
    pub steps: u8,
    /// Bombardment range in hexes (0 = cannot bombard).
    #[serde(default)]
    pub range: u32,
    /// Bombardment strength (0 = none).
    #[serde(default)]
    pub bombard: u32,
    pub source: Source,
}

/// A unit in the order of battle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    pub id: String,
    pub name: String,
    pub side: Side,
    pub unit_type: String,
    /// Steps at the start, if below full strength.
    #[serde(default)]
    pub steps: Option<u8>,
    /// Approximate number of people, for the record and the debrief.
    #[serde(default)]
    pub men: Option<u32>,
    /// Where it starts or enters.
    pub at: Loc,
    /// Turn it enters (1 = present at the start).
    #[serde(default = "first_turn")]
    pub entry_turn: u32,
    /// Commander, if named by a source.
    #[serde(default)]
    pub leader: Option<String>,
    /// Historical axis or group, for the axes overlay and the history file.
    #[serde(default)]
    pub axis: Option<String>,
    pub source: Source,
}

fn first_turn() -> u32 {
    1
}

/// People living in a settlement at the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    /// Place id.
    pub place: String,
    /// People still at home at the start.
    pub people: u32,
    /// People of this settlement who had already left by road before the start (0 unless a
    /// scenario or variant says so). They count as evacuated by road from the first turn, so the
    /// civilian tally stays whole, but earn no points: no one in the game brought them out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub evacuated_before: u32,
    pub source: Source,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if"
)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Helicopter evacuation from a landing site while flights last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helicopters {
    pub side: Side,
    /// Place id of the landing site.
    pub pad: String,
    pub aircraft: u32,
    /// People flown out per turn when flying is possible.
    pub people_per_turn: u32,
    /// Last turn with flights.
    pub last_turn: u32,
    pub source: Source,
}

/// What a supply source provides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupplyKind {
    /// Supply without limit (a state's territory behind a map edge).
    Unlimited,
    /// A depot with a finite stock, in unit-turns of supply.
    Depot { stock: u32 },
}

/// A place or edge supply is traced from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplySource {
    pub name: String,
    pub side: Side,
    pub at: Loc,
    pub kind: SupplyKind,
    pub source: Source,
}

/// A place worth victory points to whoever holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub place: String,
    pub points: i32,
    pub source: Source,
}

/// Altitude band used by the weather table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub name: String,
    /// Lowest elevation of the band, in metres.
    pub from_m: i32,
}

/// Weather odds for one band, as weights of clear, overcast, snow and blizzard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandOdds {
    pub band: String,
    pub day: BTreeMap<Weather, u32>,
    pub night: BTreeMap<Weather, u32>,
}

/// The weather for one turn and band, for a pinned (historical) track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedWeather {
    pub turn: u32,
    pub band: String,
    pub weather: Weather,
}

/// The weather table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeatherTable {
    /// Bands from lowest to highest.
    pub bands: Vec<Band>,
    pub odds: Vec<BandOdds>,
    /// Snow lies on the ground at and above this elevation at the start, in metres.
    pub snow_line_m: i32,
    /// Valley fog: chance in percent on a day turn below the first band boundary.
    pub valley_fog_percent: u32,
    /// A pinned track overrides the odds for these turns and bands.
    #[serde(default)]
    pub pinned: Vec<PinnedWeather>,
    pub source: Source,
}

/// What sets off a scenario event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// At the start of this turn.
    Turn(u32),
    /// When this side first holds this place at the end of a turn.
    Control { place: String, side: Side },
    /// When this unit is destroyed or surrenders.
    UnitDestroyed(String),
    /// The side may choose one of the event's options from `from_turn` to `to_turn`.
    Choice {
        side: Side,
        from_turn: u32,
        to_turn: u32,
    },
}

/// What a scenario event does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// These waiting units enter now at their entry location.
    Reinforce(Vec<String>),
    /// These units leave the map (a withdrawal ordered off the battlefield).
    Withdraw(Vec<String>),
    /// These units are stopped on their way or dispersed: they leave the game as destroyed
    /// (an interception decided off the map).
    Intercept(Vec<String>),
    /// Helicopter flights end.
    HelicoptersEnd,
    /// The weather of a band is fixed for some turns.
    Weather {
        band: String,
        weather: Weather,
        turns: u32,
    },
    /// Points to a side.
    VictoryPoints { side: Side, points: i32 },
    /// A side's units do not attack this place until this turn (a deadline, a halt).
    Truce {
        side: Side,
        place: String,
        until_turn: u32,
    },
}

/// One option of a choice event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub label: String,
    pub effects: Vec<Effect>,
    /// Chronicle line when chosen.
    pub text: String,
}

/// A scenario event: a trigger, effects, a chronicle line and a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEvent {
    pub id: String,
    pub trigger: Trigger,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Options for a `Choice` trigger.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// Chronicle line when it fires.
    pub text: String,
    pub source: Source,
}

/// A reference shown on the Sources screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    pub note: String,
}

/// The scenario file as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Path of the map file, relative to this file.
    pub map: String,
    /// Path of the rules file, relative to this file.
    pub rules: String,
    pub start: DateTime,
    pub turn_hours: u32,
    pub turns: u32,
    /// Hour at which day turns begin and night turns begin.
    pub day_starts: u32,
    pub night_starts: u32,
    pub sides: Vec<SideDef>,
    pub unit_types: Vec<UnitType>,
    pub units: Vec<UnitDef>,
    pub civilians: Vec<Settlement>,
    pub helicopters: Option<Helicopters>,
    pub supply_sources: Vec<SupplySource>,
    pub objectives: Vec<Objective>,
    pub weather: WeatherTable,
    #[serde(default)]
    pub events: Vec<ScenarioEvent>,
    /// The place whose fall the debrief dates (the district capital).
    #[serde(default)]
    pub key_place: Option<String>,
    /// The chain of places and exits the first side wants joined by a road it holds (the link
    /// between Armenia and Karabakh); worth `victory.road_link_points`.
    #[serde(default)]
    pub road_link: Vec<Loc>,
    /// Fog of war by default (each game may switch it).
    #[serde(default)]
    pub fog_of_war: bool,
    pub references: Vec<Reference>,
    /// Overrides of a few documented numbers of `rules.ron` (what-if variants set them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_switches: Vec<RuleSetting>,
}

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub path: PathBuf,
    pub file: ScenarioFile,
    pub map: Map,
    pub rules: RulesFile,
    /// [`content_hash`] of the file, map and rules as loaded: replays and saved games name it
    /// so that they are only re-run against the very same inputs.
    pub content_hash: u64,
}

/// A stable hash of a scenario's content: FNV-1a 64 over the compact RON of the parsed
/// scenario, map and rules structs (in that order, each followed by a newline), not over the
/// file texts, so comments and layout do not count and a scenario changed in memory (by a
/// variant) hashes by what it has become. RON of these structs is the same on every machine
/// (ordered maps, shortest round-trip floats), so the hash is too.
///
/// Whoever changes a scenario after loading (variants) must recompute it over the result.
#[must_use]
pub fn content_hash(file: &ScenarioFile, map: &MapFile, rules: &RulesFile) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for b in text.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(&ron::to_string(file).expect("the scenario always serialises"));
    feed(&ron::to_string(map).expect("the map always serialises"));
    feed(&ron::to_string(rules).expect("the rules always serialise"));
    h
}

impl Scenario {
    /// Loads `scenario.ron` (or a directory holding one), its map and rules, and validates
    /// them together.
    ///
    /// # Errors
    /// The first syntax error in each file, or every semantic error found.
    pub fn load(path: &Path) -> Result<Self, Vec<LoadError>> {
        let path = if path.is_dir() {
            let inside = path.join("scenario.ron");
            if !inside.exists() {
                return Err(vec![LoadError {
                    file: path.to_path_buf(),
                    kind: LoadErrorKind::Io(
                        "this is a directory without a scenario.ron; name a scenario file".into(),
                    ),
                    named_by: None,
                }]);
            }
            inside
        } else {
            path.to_path_buf()
        };
        let file: ScenarioFile = read_ron(&path).map_err(|e| vec![e])?;
        let named_by = |mut e: LoadError, field: &str| {
            e.named_by = Some(format!("{} ({field})", path.display()));
            e
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let map_path = dir.join(&file.map);
        let rules_path = dir.join(&file.rules);
        let mut errors = Vec::new();
        let map_file = read_ron::<MapFile>(&map_path)
            .map_err(|e| errors.push(named_by(e, "map")))
            .ok();
        let rules = read_ron::<RulesFile>(&rules_path)
            .map_err(|e| errors.push(named_by(e, "rules")))
            .ok()
            .map(|mut r| {
                RuleSetting::apply_all(&file.rule_switches, &mut r);
                r
            });
        let map = map_file.and_then(|m| {
            Map::new(m)
                .map_err(|es| {
                    let kind = LoadErrorKind::Invalid(es.iter().map(ToString::to_string).collect());
                    errors.push(named_by(
                        LoadError {
                            file: map_path.clone(),
                            kind,
                            named_by: None,
                        },
                        "map",
                    ));
                })
                .ok()
        });
        if let Some(r) = &rules {
            let problems = r.check();
            if !problems.is_empty() {
                errors.push(named_by(
                    LoadError {
                        file: rules_path.clone(),
                        kind: LoadErrorKind::Invalid(problems),
                        named_by: None,
                    },
                    "rules",
                ));
            }
        }
        let (Some(map), Some(rules)) = (map, rules) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let problems = validate(&file, &map, &rules);
        if !problems.is_empty() {
            return Err(vec![LoadError {
                file: path,
                kind: LoadErrorKind::Invalid(problems),
                named_by: None,
            }]);
        }
        let content_hash = content_hash(&file, map.file(), &rules);
        Ok(Self {
            path,
            file,
            map,
            rules,
            content_hash,
        })
    }

    /// A scenario from parts already in memory (tests, variants), validated like a loaded one.
    /// The file's rule switches are applied to `rules` first.
    ///
    /// # Errors
    /// Every problem [`validate`] and the rules check find.
    pub fn from_parts(
        path: PathBuf,
        file: ScenarioFile,
        map: Map,
        mut rules: RulesFile,
    ) -> Result<Self, Vec<String>> {
        RuleSetting::apply_all(&file.rule_switches, &mut rules);
        let mut problems = rules.check();
        problems.extend(validate(&file, &map, &rules));
        if problems.is_empty() {
            let content_hash = content_hash(&file, map.file(), &rules);
            Ok(Self {
                path,
                file,
                map,
                rules,
                content_hash,
            })
        } else {
            Err(problems)
        }
    }

    /// The date and hour at which a turn (1-based) begins.
    #[must_use]
    pub fn turn_start(&self, turn: u32) -> DateTime {
        self.file
            .start
            .plus_hours(turn.saturating_sub(1).saturating_mul(self.file.turn_hours))
    }

    /// Whether a turn is a night turn.
    #[must_use]
    pub fn is_night(&self, turn: u32) -> bool {
        // The hour of the turn's start, as `turn_start` has it, without the date arithmetic:
        // movement costs ask this at every step of a search.
        let hours = turn.saturating_sub(1).saturating_mul(self.file.turn_hours);
        let h = (self.file.start.hour + hours) % 24;
        let (day, night) = (self.file.day_starts, self.file.night_starts);
        !(day..night).contains(&h)
    }

    /// The key place on the map, whose fall dates the battle's end, if the scenario names one.
    #[must_use]
    pub fn key_place(&self) -> Option<&MapPlace> {
        self.file
            .key_place
            .as_deref()
            .and_then(|k| self.map.place(k))
    }

    /// Resolves a location to an offset hex on the map.
    #[must_use]
    pub fn resolve(&self, loc: &Loc) -> Option<Offset> {
        resolve(&self.map, loc)
    }

    /// The hexes of the road-link chain (`road_link`), in order, each resolved on the map.
    #[must_use]
    pub fn road_link_chain(&self) -> Vec<Offset> {
        self.file
            .road_link
            .iter()
            .filter_map(|l| self.resolve(l))
            .collect()
    }

    /// Total civilians the scenario accounts for: those at home at the start and those who left
    /// before it (the initial civilian tally).
    #[must_use]
    pub fn civilians(&self) -> u64 {
        self.file
            .civilians
            .iter()
            .map(|s| u64::from(s.people) + u64::from(s.evacuated_before))
            .sum()
    }

    /// Civilians who had already left by road before the start.
    #[must_use]
    pub fn evacuated_before(&self) -> u64 {
        self.file
            .civilians
            .iter()
            .map(|s| u64::from(s.evacuated_before))
            .sum()
    }

    /// A one-screen summary for `kalbajar validate` and the start screen.
    #[must_use]
    pub fn summary(&self) -> String {
        let f = &self.file;
        let mut terrain: BTreeMap<Terrain, usize> = BTreeMap::new();
        for h in &self.map.file().hexes {
            *terrain.entry(h.terrain).or_default() += 1;
        }
        let mut out = format!(
            "{}\n{}\n\nMap: {}×{} = {} hexes of {} km; {} roads/river hexsides; {} places; {} exits\n",
            f.title,
            "=".repeat(f.title.chars().count()),
            self.map.width(),
            self.map.height(),
            self.map.len(),
            self.map.file().hex_km,
            self.map.file().hexsides.len(),
            self.map.file().places.len(),
            self.map.file().exits.len(),
        );
        let t: Vec<String> = terrain.iter().map(|(t, n)| format!("{t} {n}")).collect();
        out += &format!("Terrain: {}\n", t.join(", "));
        out += &format!(
            "Turns: {} of {} hours, {} to {}\n",
            f.turns,
            f.turn_hours,
            f.start,
            self.turn_start(f.turns).plus_hours(f.turn_hours)
        );
        for s in &f.sides {
            let units: Vec<&UnitDef> = f.units.iter().filter(|u| u.side == s.side).collect();
            let men: u64 = units.iter().filter_map(|u| u.men).map(u64::from).sum();
            let later = units.iter().filter(|u| u.entry_turn > 1).count();
            out += &format!(
                "{}{}: {} units (about {} people; {} arrive later)\n",
                s.name,
                if s.moves_first { " (moves first)" } else { "" },
                units.len(),
                men,
                later
            );
        }
        out += &format!(
            "Civilians: {} in {} settlements\n",
            self.civilians(),
            f.civilians.len()
        );
        if self.evacuated_before() > 0 {
            out += &format!(
                "  of whom {} had left before the start\n",
                self.evacuated_before()
            );
        }
        if let Some(h) = &f.helicopters {
            out += &format!(
                "Helicopters: {} aircraft from {}, up to {} people a turn, until turn {}\n",
                h.aircraft, h.pad, h.people_per_turn, h.last_turn
            );
        }
        let estimated = f.units.iter().filter(|u| u.source.is_estimated()).count()
            + f.unit_types
                .iter()
                .filter(|u| u.source.is_estimated())
                .count()
            + f.civilians
                .iter()
                .filter(|c| c.source.is_estimated())
                .count();
        out += &format!(
            "Objectives: {}; supply sources: {}; estimated entries: {}\n",
            f.objectives.len(),
            f.supply_sources.len(),
            estimated
        );
        out
    }
}

/// Resolves a location to a hex on the map, if it names one.
#[must_use]
pub fn resolve(map: &Map, loc: &Loc) -> Option<Offset> {
    match loc {
        Loc::Hex(col, row) => {
            let o = Offset::new(*col, *row);
            map.contains_offset(o).then_some(o)
        }
        Loc::Place(id) => map.place(id).map(|p| p.hex),
        Loc::Exit(id) => map.exit(id).map(|e| e.hex),
    }
}

/// Every semantic rule of a scenario, as `path: problem` lines.
#[must_use]
pub fn validate(f: &ScenarioFile, map: &Map, rules: &RulesFile) -> Vec<String> {
    let mut errors = Vec::new();
    let mut err = |s: String| errors.push(s);

    if !f.start.is_valid() {
        err(format!(
            "start: {}-{:02}-{:02} {:02}:00 is not a real date and hour (years 1-9999, months 1-12, hours 0-23)",
            f.start.year, f.start.month, f.start.day, f.start.hour
        ));
    }
    if f.turns == 0 || f.turns > MAX_TURNS {
        err(format!(
            "turns: {} must be between 1 and {MAX_TURNS}",
            f.turns
        ));
    }
    if f.turn_hours == 0 || 24 % f.turn_hours != 0 {
        err(format!(
            "turn_hours: {} does not divide a day",
            f.turn_hours
        ));
    }
    if f.day_starts >= 24 || f.night_starts >= 24 || f.day_starts >= f.night_starts {
        err(format!(
            "day_starts/night_starts: {}/{} must be hours with day before night",
            f.day_starts, f.night_starts
        ));
    }

    // Sides.
    for side in [Side::Armenian, Side::Azerbaijani] {
        let n = f.sides.iter().filter(|s| s.side == side).count();
        if n != 1 {
            err(format!(
                "sides: {side:?} is defined {n} times; define each side once"
            ));
        }
    }
    if f.sides.iter().filter(|s| s.moves_first).count() != 1 {
        err("sides: exactly one side must have moves_first: true".into());
    }

    // Unit types.
    let mut type_ids = BTreeMap::new();
    for (i, t) in f.unit_types.iter().enumerate() {
        let at = format!("unit_types[{i}] \"{}\"", t.id);
        if let Some(prev) = type_ids.insert(t.id.as_str(), i) {
            err(format!(
                "{at}: duplicate id: unit_types[{prev}] has it already"
            ));
        }
        if rules.move_class(&t.move_class).is_none() {
            let known: Vec<&str> = rules.move_classes.iter().map(|c| c.id.as_str()).collect();
            err(format!(
                "{at}: unknown move class \"{}\"; rules.ron defines {}",
                t.move_class,
                known.join(", ")
            ));
        }
        if t.steps == 0 {
            err(format!("{at}: steps must be at least 1"));
        }
        if t.movement.0 == 0 && t.symbol != Symbol::Headquarters {
            err(format!("{at}: movement 0 means the unit can never move"));
        }
        if (t.range == 0) != (t.bombard == 0) {
            err(format!(
                "{at}: range and bombard go together (both 0, or both above 0)"
            ));
        }
    }

    // Units.
    let mut unit_ids = BTreeMap::new();
    for (i, u) in f.units.iter().enumerate() {
        let at = format!("units[{i}] \"{}\"", u.name);
        if let Some(prev) = unit_ids.insert(u.id.as_str(), i) {
            err(format!(
                "{at}: duplicate id \"{}\": units[{prev}] has it already",
                u.id
            ));
        }
        let ty = f.unit_types.iter().find(|t| t.id == u.unit_type);
        match ty {
            None => err(format!("{at}: unknown unit type \"{}\"", u.unit_type)),
            Some(t) => {
                if let Some(s) = u.steps
                    && (s == 0 || s > t.steps)
                {
                    err(format!(
                        "{at}: steps {s} must be between 1 and the type's {}",
                        t.steps
                    ));
                }
            }
        }
        if u.entry_turn == 0 || u.entry_turn > f.turns {
            err(format!(
                "{at}: entry turn {} is outside turns 1 to {}",
                u.entry_turn, f.turns
            ));
        }
        check_loc(map, &u.at, &at, &mut err);
        if let (Some(o), Some(t)) = (resolve(map, &u.at), ty)
            && let (Some(h), Some(c)) = (map.get(o.to_hex()), rules.move_class(&t.move_class))
            && c.terrain.get(&h.terrain) == Some(&crate::rules_data::Cost::Impassable)
            && !matches!(u.at, Loc::Exit(_))
            && h.terrain != Terrain::Lake
        {
            err(format!(
                "{at}: hex {o} is {}, which {} cannot enter; move it to a passable hex",
                h.terrain, c.name
            ));
        }
    }

    // Civilians.
    let mut settled = BTreeMap::new();
    for (i, s) in f.civilians.iter().enumerate() {
        let at = format!("civilians[{i}] \"{}\"", s.place);
        if let Some(prev) = settled.insert(s.place.as_str(), i) {
            err(format!(
                "{at}: settlement listed twice (also civilians[{prev}])"
            ));
        }
        match map.place(&s.place) {
            None => err(format!("{at}: unknown place \"{}\"", s.place)),
            Some(p) => {
                let t = map.get(p.hex.to_hex()).map(|h| h.terrain);
                if !matches!(t, Some(Terrain::Town | Terrain::Village)) {
                    err(format!(
                        "{at}: civilians live in towns and villages, but {} is {}",
                        p.hex,
                        t.map_or("off the map", Terrain::label)
                    ));
                }
            }
        }
    }

    if let Some(h) = &f.helicopters {
        if map.place(&h.pad).is_none() {
            err(format!("helicopters.pad: unknown place \"{}\"", h.pad));
        }
        if h.last_turn > f.turns {
            err(format!(
                "helicopters.last_turn: {} is past the last turn {}",
                h.last_turn, f.turns
            ));
        }
    }

    for (i, s) in f.supply_sources.iter().enumerate() {
        check_loc(
            map,
            &s.at,
            &format!("supply_sources[{i}] \"{}\"", s.name),
            &mut err,
        );
    }
    for side in [Side::Armenian, Side::Azerbaijani] {
        if !f.supply_sources.iter().any(|s| s.side == side) {
            err(format!("supply_sources: {side:?} has no supply source"));
        }
    }
    for (i, o) in f.objectives.iter().enumerate() {
        if map.place(&o.place).is_none() {
            err(format!("objectives[{i}]: unknown place \"{}\"", o.place));
        }
    }

    // Weather.
    let w = &f.weather;
    if w.bands.is_empty() {
        err("weather.bands: at least one altitude band is needed".into());
    }
    for pair in w.bands.windows(2) {
        if pair[1].from_m <= pair[0].from_m {
            err(format!(
                "weather.bands: \"{}\" must start above \"{}\"",
                pair[1].id, pair[0].id
            ));
        }
    }
    for b in &w.bands {
        if !w.odds.iter().any(|o| o.band == b.id) {
            err(format!("weather.odds: no odds for band \"{}\"", b.id));
        }
    }
    for (i, o) in w.odds.iter().enumerate() {
        if !w.bands.iter().any(|b| b.id == o.band) {
            err(format!("weather.odds[{i}]: unknown band \"{}\"", o.band));
        }
        for (when, table) in [("day", &o.day), ("night", &o.night)] {
            if table.values().map(|v| u64::from(*v)).sum::<u64>() == 0 {
                err(format!("weather.odds[{i}].{when}: the weights add up to 0"));
            }
        }
    }
    check_events(f, map, &mut err);
    if let Some(k) = &f.key_place
        && map.place(k).is_none()
    {
        err(format!("key_place: unknown place \"{k}\""));
    }
    for (i, l) in f.road_link.iter().enumerate() {
        check_loc(map, l, &format!("road_link[{i}]"), &mut err);
    }
    if f.road_link.len() == 1 {
        err("road_link: a link needs at least two places or exits".into());
    }
    for (i, p) in w.pinned.iter().enumerate() {
        if p.turn == 0 || p.turn > f.turns {
            err(format!(
                "weather.pinned[{i}]: turn {} is outside the scenario",
                p.turn
            ));
        }
        if !w.bands.iter().any(|b| b.id == p.band) {
            err(format!("weather.pinned[{i}]: unknown band \"{}\"", p.band));
        }
    }
    errors
}

fn check_events(f: &ScenarioFile, map: &Map, err: &mut impl FnMut(String)) {
    let mut ids = BTreeMap::new();
    for (i, e) in f.events.iter().enumerate() {
        let at = format!("events[{i}] \"{}\"", e.id);
        if let Some(prev) = ids.insert(e.id.as_str(), i) {
            err(format!("{at}: duplicate id: events[{prev}] has it already"));
        }
        match &e.trigger {
            Trigger::Turn(t) if *t == 0 || *t > f.turns => {
                err(format!("{at}: turn {t} is outside turns 1 to {}", f.turns));
            }
            Trigger::Control { place, .. } if map.place(place).is_none() => {
                err(format!("{at}: unknown place \"{place}\""));
            }
            Trigger::UnitDestroyed(u) if !f.units.iter().any(|x| &x.id == u) => {
                err(format!("{at}: unknown unit \"{u}\""));
            }
            Trigger::Choice {
                from_turn, to_turn, ..
            } => {
                if *from_turn == 0 || from_turn > to_turn || *to_turn > f.turns {
                    err(format!(
                        "{at}: choice turns {from_turn} to {to_turn} must lie within 1 to {}",
                        f.turns
                    ));
                }
                if e.options.len() < 2 {
                    err(format!("{at}: a choice needs at least two options"));
                }
            }
            _ => {}
        }
        if !matches!(e.trigger, Trigger::Choice { .. }) && !e.options.is_empty() {
            err(format!("{at}: only a Choice trigger takes options"));
        }
        let all = e
            .effects
            .iter()
            .chain(e.options.iter().flat_map(|o| o.effects.iter()));
        for effect in all {
            match effect {
                Effect::Reinforce(units) | Effect::Withdraw(units) | Effect::Intercept(units) => {
                    for u in units {
                        if !f.units.iter().any(|x| &x.id == u) {
                            err(format!("{at}: unknown unit \"{u}\""));
                        }
                    }
                }
                Effect::Weather { band, .. } if !f.weather.bands.iter().any(|b| &b.id == band) => {
                    err(format!("{at}: unknown weather band \"{band}\""));
                }
                Effect::Truce { place, .. } if map.place(place).is_none() => {
                    err(format!("{at}: unknown place \"{place}\""));
                }
                _ => {}
            }
        }
    }
}

fn check_loc(map: &Map, loc: &Loc, at: &str, err: &mut impl FnMut(String)) {
    match loc {
        Loc::Hex(col, row) => {
            let o = Offset::new(*col, *row);
            match map
                .contains_offset(o)
                .then(|| map.get(o.to_hex()))
                .flatten()
            {
                None => err(format!(
                    "{at}: hex {o} is outside the map (columns 0-{}, rows 0-{})",
                    map.width() - 1,
                    map.height() - 1
                )),
                Some(h) if h.terrain == Terrain::Lake => {
                    err(format!("{at}: hex {o} is lake"));
                }
                Some(_) => {}
            }
        }
        Loc::Place(id) => {
            if map.place(id).is_none() {
                err(format!("{at}: unknown place \"{id}\""));
            }
        }
        Loc::Exit(id) => {
            if map.exit(id).is_none() {
                let known: Vec<&str> = map.file().exits.iter().map(|e| e.id.as_str()).collect();
                err(format!(
                    "{at}: unknown exit \"{id}\"; the map has {}",
                    known.join(", ")
                ));
            }
        }
    }
}
