//! A builder of small scenarios for rule tests: a few hexes, a few units, the shipped rule
//! tables and unit types, so each rule can be tested with exact events.
//!
//! ```
//! use kalbajar_core::rules::testkit::ScenarioBuilder;
//! use kalbajar_core::geography::Side;
//! let sc = ScenarioBuilder::new(6, 4)
//!     .unit("a", Side::Armenian, "arm_detachment", (1, 1))
//!     .unit("z", Side::Azerbaijani, "az_infantry", (4, 1))
//!     .build();
//! assert_eq!(sc.map.len(), 24);
//! ```

use crate::calendar::DateTime;
use crate::geography::{Border, Edge, PlaceKind, RoadClass, Side, Source};
use crate::hex::Offset;
use crate::load::parse_ron;
use crate::map::{HexData, HexsideRecord, Map, MapExit, MapFile, MapPlace, MapRiver, Terrain};
use crate::rules_data::{RulesFile, Weather};
use crate::scenario::{
    Helicopters, Loc, Objective, Scenario, ScenarioEvent, ScenarioFile, Settlement, SupplyKind,
    SupplySource, UnitDef,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const RULES: &str = include_str!("../../../../scenarios/kalbajar_1993/rules.ron");
const SCENARIO: &str = include_str!("../../../../scenarios/kalbajar_1993/scenario.ron");

/// Builds a small scenario. Every hex starts as open valley at 1,000 m held by the
/// Azerbaijani side, the weather is clear in every band, and the first turn is a day turn.
/// Unless sources are given, the Armenian side is supplied from hex (0,0) and the
/// Azerbaijani side from the opposite corner, over the whole map.
pub struct ScenarioBuilder {
    map: MapFile,
    file: ScenarioFile,
    rules: RulesFile,
}

fn estimated() -> Source {
    Source::Estimated("test".into())
}

impl ScenarioBuilder {
    /// An empty `width` × `height` map with the shipped rules and unit types, except that
    /// undefended ground stays where it is (`control: None`): a small test map has no garrisons
    /// or supply lines to hold it. Tests of that rule switch it on with [`Self::rules`].
    #[must_use]
    pub fn new(width: i32, height: i32) -> Self {
        let mut rules: RulesFile =
            parse_ron(Path::new("rules.ron"), RULES).expect("shipped rules parse");
        rules.control = None;
        let mut file: ScenarioFile =
            parse_ron(Path::new("scenario.ron"), SCENARIO).expect("shipped scenario parses");
        file.units.clear();
        file.civilians.clear();
        file.helicopters = None;
        file.supply_sources.clear();
        file.objectives.clear();
        file.events.clear();
        file.key_place = None;
        file.road_link.clear();
        file.fog_of_war = false;
        for odds in &mut file.weather.odds {
            for table in [&mut odds.day, &mut odds.night] {
                *table = BTreeMap::from([(Weather::Clear, 1)]);
            }
        }
        file.weather.valley_fog_percent = 0;
        file.weather.snow_line_m = 5000;
        let n = usize::try_from(width * height).expect("positive size");
        let map = MapFile {
            width,
            height,
            hex_km: 2.0,
            projection_lat: 40.1,
            lat_north: 40.3,
            lon_west: 46.0,
            hexes: vec![
                HexData {
                    terrain: Terrain::Open,
                    elevation: 1000,
                    control: Side::Azerbaijani,
                    border: Border::Kalbajar,
                    name: None,
                };
                n
            ],
            hexsides: Vec::new(),
            places: Vec::new(),
            rivers: vec![
                MapRiver {
                    id: "main".into(),
                    name: "Main river".into(),
                    class: crate::geography::RiverClass::Main,
                },
                MapRiver {
                    id: "stream".into(),
                    name: "Stream".into(),
                    class: crate::geography::RiverClass::Tributary,
                },
            ],
            exits: Vec::new(),
        };
        Self { map, file, rules }
    }

    fn hex_mut(&mut self, (col, row): (i32, i32)) -> &mut HexData {
        let i = usize::try_from(row * self.map.width + col).expect("on the map");
        &mut self.map.hexes[i]
    }

    fn side_mut(&mut self, a: (i32, i32), b: (i32, i32)) -> &mut HexsideRecord {
        let (a, b) = (Offset::from(a), Offset::from(b));
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        if let Some(i) = self.map.hexsides.iter().position(|s| s.a == a && s.b == b) {
            return &mut self.map.hexsides[i];
        }
        self.map.hexsides.push(HexsideRecord {
            a,
            b,
            road: None,
            river: None,
            bridge: false,
            tunnel: false,
        });
        self.map.hexsides.last_mut().expect("just pushed")
    }

    /// Sets a hex's terrain.
    #[must_use]
    pub fn terrain(mut self, hex: (i32, i32), terrain: Terrain) -> Self {
        self.hex_mut(hex).terrain = terrain;
        self
    }

    /// Sets a hex's elevation in metres.
    #[must_use]
    pub fn elevation(mut self, hex: (i32, i32), metres: i32) -> Self {
        self.hex_mut(hex).elevation = metres;
        self
    }

    /// Gives a hex to a side at the start.
    #[must_use]
    pub fn control(mut self, hex: (i32, i32), side: Side) -> Self {
        self.hex_mut(hex).control = side;
        self
    }

    /// Gives every hex from column `from_col` eastward to a side.
    #[must_use]
    pub fn control_east_of(mut self, from_col: i32, side: Side) -> Self {
        for row in 0..self.map.height {
            for col in from_col..self.map.width {
                self.hex_mut((col, row)).control = side;
            }
        }
        self
    }

    /// A road along a chain of adjacent hexes.
    #[must_use]
    pub fn road(mut self, class: RoadClass, hexes: &[(i32, i32)]) -> Self {
        for w in hexes.windows(2) {
            self.side_mut(w[0], w[1]).road = Some(class);
        }
        self
    }

    /// A river (`"main"` or `"stream"`) along the hexside between two adjacent hexes.
    #[must_use]
    pub fn river(mut self, id: &str, a: (i32, i32), b: (i32, i32)) -> Self {
        let s = self.side_mut(a, b);
        s.river = Some(id.into());
        s.bridge = s.road.is_some();
        self
    }

    /// A tunnel on the hexside between two adjacent hexes (add the road too).
    #[must_use]
    pub fn tunnel(mut self, a: (i32, i32), b: (i32, i32)) -> Self {
        self.side_mut(a, b).tunnel = true;
        self
    }

    /// A named place; towns, villages and passes set the terrain.
    #[must_use]
    pub fn place(mut self, id: &str, kind: PlaceKind, hex: (i32, i32)) -> Self {
        self.map.places.push(MapPlace {
            id: id.into(),
            name: id.into(),
            kind,
            hex: Offset::from(hex),
        });
        let terrain = match kind {
            PlaceKind::Town => Some(Terrain::Town),
            PlaceKind::Village => Some(Terrain::Village),
            PlaceKind::Pass => Some(Terrain::Pass),
            _ => None,
        };
        if let Some(t) = terrain {
            let h = self.hex_mut(hex);
            h.terrain = t;
            h.name = Some(id.into());
        }
        self
    }

    /// A map-edge exit.
    #[must_use]
    pub fn exit(mut self, id: &str, edge: Edge, hex: (i32, i32)) -> Self {
        self.map.exits.push(MapExit {
            id: id.into(),
            name: id.into(),
            toward: id.into(),
            edge,
            hex: Offset::from(hex),
        });
        self
    }

    /// A unit of a shipped unit type, present from the start.
    #[must_use]
    pub fn unit(self, id: &str, side: Side, unit_type: &str, hex: (i32, i32)) -> Self {
        self.unit_at(id, side, unit_type, Loc::Hex(hex.0, hex.1), 1)
    }

    /// A unit entering at a location on a turn.
    #[must_use]
    pub fn unit_at(
        mut self,
        id: &str,
        side: Side,
        unit_type: &str,
        at: Loc,
        entry_turn: u32,
    ) -> Self {
        self.file.units.push(UnitDef {
            id: id.into(),
            name: id.into(),
            side,
            unit_type: unit_type.into(),
            steps: None,
            men: Some(100),
            at,
            entry_turn,
            leader: None,
            axis: None,
            source: estimated(),
        });
        self
    }

    /// Changes the last unit added: steps, leader, axis.
    #[must_use]
    pub fn with(mut self, f: impl FnOnce(&mut UnitDef)) -> Self {
        if let Some(u) = self.file.units.last_mut() {
            f(u);
        }
        self
    }

    /// People living at a place (a town or village).
    #[must_use]
    pub fn civilians(mut self, place: &str, people: u32) -> Self {
        self.file.civilians.push(Settlement {
            place: place.into(),
            people,
            evacuated_before: 0,
            source: estimated(),
        });
        self
    }

    /// A supply source.
    #[must_use]
    pub fn supply(mut self, side: Side, at: Loc, kind: SupplyKind) -> Self {
        self.file.supply_sources.push(SupplySource {
            name: format!("{at:?}"),
            side,
            at,
            kind,
            source: estimated(),
        });
        self
    }

    /// Helicopters at a pad.
    #[must_use]
    pub fn helicopters(
        mut self,
        side: Side,
        pad: &str,
        people_per_turn: u32,
        last_turn: u32,
    ) -> Self {
        self.file.helicopters = Some(Helicopters {
            side,
            pad: pad.into(),
            aircraft: 6,
            people_per_turn,
            last_turn,
            source: estimated(),
        });
        self
    }

    /// An objective.
    #[must_use]
    pub fn objective(mut self, place: &str, points: i32) -> Self {
        self.file.objectives.push(Objective {
            place: place.into(),
            points,
            source: estimated(),
        });
        self
    }

    /// A scenario event.
    #[must_use]
    pub fn event(mut self, event: ScenarioEvent) -> Self {
        self.file.events.push(event);
        self
    }

    /// The same weather in every band, by day and night.
    #[must_use]
    pub fn weather(mut self, weather: Weather) -> Self {
        for odds in &mut self.file.weather.odds {
            for table in [&mut odds.day, &mut odds.night] {
                *table = BTreeMap::from([(weather, 1)]);
            }
        }
        self
    }

    /// Snow lies at and above this elevation.
    #[must_use]
    pub fn snow_line(mut self, metres: i32) -> Self {
        self.file.weather.snow_line_m = metres;
        self
    }

    /// The game starts with a night turn.
    #[must_use]
    pub fn starting_at_night(mut self) -> Self {
        self.file.start = DateTime {
            year: 1993,
            month: 3,
            day: 27,
            hour: 18,
        };
        self
    }

    /// Number of turns.
    #[must_use]
    pub fn turns(mut self, turns: u32) -> Self {
        self.file.turns = turns;
        self
    }

    /// Changes the rule tables.
    #[must_use]
    pub fn rules(mut self, f: impl FnOnce(&mut RulesFile)) -> Self {
        f(&mut self.rules);
        self
    }

    /// Changes the scenario file directly.
    #[must_use]
    pub fn file(mut self, f: impl FnOnce(&mut ScenarioFile)) -> Self {
        f(&mut self.file);
        self
    }

    /// The validated scenario.
    ///
    /// # Panics
    /// If the built scenario breaks a rule, with every problem listed.
    #[must_use]
    pub fn build(mut self) -> Arc<Scenario> {
        // Without sources given, each side draws supply from its own corner of the map.
        if self.file.supply_sources.is_empty() {
            let (w, h) = (self.map.width, self.map.height);
            self = self
                .supply(Side::Armenian, Loc::Hex(0, 0), SupplyKind::Unlimited)
                .supply(
                    Side::Azerbaijani,
                    Loc::Hex(w - 1, h - 1),
                    SupplyKind::Unlimited,
                );
        }
        let map = Map::new(self.map).unwrap_or_else(|e| panic!("test map: {e:?}"));
        Arc::new(
            Scenario::from_parts(PathBuf::from("test.ron"), self.file, map, self.rules)
                .unwrap_or_else(|e| panic!("test scenario: {e:#?}")),
        )
    }
}
