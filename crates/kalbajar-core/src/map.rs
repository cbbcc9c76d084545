//! The hex map: terrain, elevation, borders and control per hex; roads, rivers, bridges and
//! tunnels per hexside; named places and map-edge exits.
//!
//! [`MapFile`] is the serialised form written by `kalbajar mapgen`; [`Map`] is the checked,
//! indexed form the rules use.

use crate::geography::{Border, Edge, PlaceKind, RiverClass, RoadClass, Side};
use crate::hex::{Hex, Offset, direction_index, neighbors};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Terrain class of a hex. Movement costs per class live in the scenario's rule tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Terrain {
    /// Valley floor or open upland.
    Open,
    Forest,
    /// Steep mountain slope.
    Slope,
    /// High mountain above the tree line.
    HighMountain,
    /// Crest or glacier: impassable to vehicles.
    Crest,
    /// A mountain pass: the way across a crest.
    Pass,
    Town,
    Village,
    /// Lake or reservoir: impassable.
    Lake,
}

impl Terrain {
    /// Every terrain class, in declaration order (for tables that must cover them all).
    pub const ALL: [Terrain; 9] = [
        Terrain::Open,
        Terrain::Forest,
        Terrain::Slope,
        Terrain::HighMountain,
        Terrain::Crest,
        Terrain::Pass,
        Terrain::Town,
        Terrain::Village,
        Terrain::Lake,
    ];

    /// Lower-case name for messages.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Terrain::Open => "open valley",
            Terrain::Forest => "forest",
            Terrain::Slope => "mountain slope",
            Terrain::HighMountain => "high mountain",
            Terrain::Crest => "crest",
            Terrain::Pass => "pass",
            Terrain::Town => "town",
            Terrain::Village => "village",
            Terrain::Lake => "lake",
        }
    }
}

impl fmt::Display for Terrain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One hex as stored in the map file (row-major order, so no coordinates are written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HexData {
    pub terrain: Terrain,
    /// Elevation in metres.
    pub elevation: i32,
    /// Side controlling the hex at the start.
    pub control: Side,
    /// The political area the hex lies in.
    pub border: Border,
    /// Name of the most important place in the hex, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Features of one hexside, stored once per hexside in the map file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HexsideRecord {
    /// The two hexes the side separates (`a < b`).
    pub a: Offset,
    pub b: Offset,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub road: Option<RoadClass>,
    /// Id of the river running along this side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub river: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bridge: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tunnel: bool,
}

/// A named place on the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapPlace {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    pub hex: Offset,
}

/// A river as a whole (its hexsides carry its id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapRiver {
    pub id: String,
    pub name: String,
    pub class: RiverClass,
}

/// A map-edge exit: where roads leave the map, supply enters and refugees leave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapExit {
    pub id: String,
    pub name: String,
    pub toward: String,
    pub edge: Edge,
    pub hex: Offset,
}

/// The map file written by `kalbajar mapgen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// Columns and rows.
    pub width: i32,
    pub height: i32,
    /// Hex size across the flats, in km.
    pub hex_km: f64,
    /// The projection: standard parallel, north-west corner.
    pub projection_lat: f64,
    pub lat_north: f64,
    pub lon_west: f64,
    /// Hexes in row-major order (row 0 is the north edge).
    pub hexes: Vec<HexData>,
    pub hexsides: Vec<HexsideRecord>,
    pub places: Vec<MapPlace>,
    pub rivers: Vec<MapRiver>,
    pub exits: Vec<MapExit>,
}

/// Features of a hexside in the indexed map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Side6 {
    pub road: Option<RoadClass>,
    pub river: Option<RiverClass>,
    pub bridge: bool,
    pub tunnel: bool,
}

/// Largest number of columns or rows a map may have.
pub const MAX_SIDE: i32 = 1000;

/// Why a map file is not a usable map.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("width {width} and height {height} must each be between 1 and {MAX_SIDE}")]
    Size { width: i32, height: i32 },
    #[error("the map has {found} hexes but {width}×{height} = {expected} were expected")]
    HexCount {
        width: i32,
        height: i32,
        expected: usize,
        found: usize,
    },
    #[error("hexsides[{index}]: {what}")]
    Hexside { index: usize, what: String },
    #[error("places[{index}] \"{id}\": hex {hex} is outside the map")]
    PlaceOutside {
        index: usize,
        id: String,
        hex: Offset,
    },
    #[error("exits[{index}] \"{id}\": hex {hex} is outside the map")]
    ExitOutside {
        index: usize,
        id: String,
        hex: Offset,
    },
}

/// The checked, indexed map used by the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    file: MapFile,
    sides: Vec<[Side6; 6]>,
    /// Per hex, the dense index of its neighbour in each direction (in the order of
    /// [`neighbors`]), or [`OFF_MAP`]: searches step through this table instead of converting
    /// coordinates at every step.
    links: Vec<[u32; 6]>,
}

/// A direction of [`Map`]'s neighbour table that leads off the map.
const OFF_MAP: u32 = u32::MAX;

impl Map {
    /// Checks a map file and builds the hexside index. Collects every error.
    ///
    /// # Errors
    /// Every inconsistency found: wrong hex count, hexsides between hexes that are not
    /// neighbours or lie off the map, places and exits off the map.
    pub fn new(file: MapFile) -> Result<Self, Vec<MapError>> {
        let mut errors = Vec::new();
        if !(1..=MAX_SIDE).contains(&file.width) || !(1..=MAX_SIDE).contains(&file.height) {
            errors.push(MapError::Size {
                width: file.width,
                height: file.height,
            });
            return Err(errors);
        }
        // Both factors are at most MAX_SIDE, so the product fits.
        let expected = usize::try_from(file.width * file.height).unwrap_or(0);
        if file.hexes.len() != expected {
            errors.push(MapError::HexCount {
                width: file.width,
                height: file.height,
                expected,
                found: file.hexes.len(),
            });
            return Err(errors);
        }
        let mut sides = vec![[Side6::default(); 6]; expected];
        let contains =
            |o: Offset| o.col >= 0 && o.row >= 0 && o.col < file.width && o.row < file.height;
        for (index, s) in file.hexsides.iter().enumerate() {
            if !contains(s.a) || !contains(s.b) {
                errors.push(MapError::Hexside {
                    index,
                    what: format!("hexside {}–{} leaves the map", s.a, s.b),
                });
                continue;
            }
            let (ha, hb) = (s.a.to_hex(), s.b.to_hex());
            let (Some(da), Some(db)) = (direction_index(ha, hb), direction_index(hb, ha)) else {
                errors.push(MapError::Hexside {
                    index,
                    what: format!("hexes {} and {} are not neighbours", s.a, s.b),
                });
                continue;
            };
            let river = match &s.river {
                Some(id) => match file.rivers.iter().find(|r| &r.id == id) {
                    Some(r) => Some(r.class),
                    None => {
                        errors.push(MapError::Hexside {
                            index,
                            what: format!("unknown river \"{id}\""),
                        });
                        None
                    }
                },
                None => None,
            };
            let f = Side6 {
                road: s.road,
                river,
                bridge: s.bridge,
                tunnel: s.tunnel,
            };
            let ia = index_of(file.width, s.a);
            let ib = index_of(file.width, s.b);
            sides[ia][da] = f;
            sides[ib][db] = f;
        }
        for (index, p) in file.places.iter().enumerate() {
            if !contains(p.hex) {
                errors.push(MapError::PlaceOutside {
                    index,
                    id: p.id.clone(),
                    hex: p.hex,
                });
            }
        }
        for (index, e) in file.exits.iter().enumerate() {
            if !contains(e.hex) {
                errors.push(MapError::ExitOutside {
                    index,
                    id: e.id.clone(),
                    hex: e.hex,
                });
            }
        }
        if errors.is_empty() {
            let mut map = Self {
                file,
                sides,
                links: Vec::new(),
            };
            map.links = (0..expected)
                .map(|i| {
                    neighbors(map.hex_at_index(i)).map(|n| {
                        map.index(n)
                            .and_then(|j| u32::try_from(j).ok())
                            .unwrap_or(OFF_MAP)
                    })
                })
                .collect();
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// The serialised form.
    #[must_use]
    pub fn file(&self) -> &MapFile {
        &self.file
    }

    #[must_use]
    pub fn width(&self) -> i32 {
        self.file.width
    }

    #[must_use]
    pub fn height(&self) -> i32 {
        self.file.height
    }

    /// Number of hexes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.file.hexes.len()
    }

    /// Whether the map has no hexes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.file.hexes.is_empty()
    }

    /// Whether offset coordinates lie on the map (safe for any numbers, however large).
    #[must_use]
    pub fn contains_offset(&self, o: Offset) -> bool {
        o.col >= 0 && o.row >= 0 && o.col < self.file.width && o.row < self.file.height
    }

    /// Whether a hex lies on the map.
    #[must_use]
    pub fn contains(&self, hex: Hex) -> bool {
        let o = Offset::from_hex(hex);
        o.col >= 0 && o.row >= 0 && o.col < self.file.width && o.row < self.file.height
    }

    /// Dense index of a hex on the map.
    #[must_use]
    pub fn index(&self, hex: Hex) -> Option<usize> {
        self.contains(hex)
            .then(|| index_of(self.file.width, Offset::from_hex(hex)))
    }

    /// The hex at a dense index.
    #[must_use]
    pub fn hex_at_index(&self, index: usize) -> Hex {
        let w = usize::try_from(self.file.width).unwrap_or(1).max(1);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_possible_wrap,
            reason = "small maps"
        )]
        Offset::new((index % w) as i32, (index / w) as i32).to_hex()
    }

    /// Every hex on the map, row by row.
    pub fn hexes(&self) -> impl Iterator<Item = Hex> + '_ {
        (0..self.len()).map(|i| self.hex_at_index(i))
    }

    /// Data of a hex on the map.
    #[must_use]
    pub fn get(&self, hex: Hex) -> Option<&HexData> {
        self.index(hex).map(|i| &self.file.hexes[i])
    }

    /// Neighbours of a hex that lie on the map.
    pub fn neighbors(&self, hex: Hex) -> impl Iterator<Item = Hex> + '_ {
        neighbors(hex).into_iter().filter(|n| self.contains(*n))
    }

    /// The neighbours on the map of the hex at a dense index, as `(direction, index)` in the
    /// order of [`Map::neighbors`]; the direction is the one [`Map::side_toward`] takes.
    pub fn neighbor_indices(&self, index: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.links[index]
            .iter()
            .enumerate()
            .filter(|(_, j)| **j != OFF_MAP)
            .map(|(d, j)| (d, *j as usize))
    }

    /// Features of the hexside of the hex at `index` in `direction` (of
    /// [`Map::neighbor_indices`]).
    #[must_use]
    pub fn side_toward(&self, index: usize, direction: usize) -> Side6 {
        self.sides[index][direction]
    }

    /// Features of the hexside between `a` and its neighbour `b` (default if none or not adjacent).
    #[must_use]
    pub fn side(&self, a: Hex, b: Hex) -> Side6 {
        match (self.index(a), direction_index(a, b)) {
            (Some(i), Some(d)) => self.sides[i][d],
            _ => Side6::default(),
        }
    }

    /// A place by id.
    #[must_use]
    pub fn place(&self, id: &str) -> Option<&MapPlace> {
        self.file.places.iter().find(|p| p.id == id)
    }

    /// An exit by id.
    #[must_use]
    pub fn exit(&self, id: &str) -> Option<&MapExit> {
        self.file.exits.iter().find(|e| e.id == id)
    }

    /// Whether the hex lies on the given map edge.
    #[must_use]
    pub fn on_edge(&self, hex: Hex, edge: Edge) -> bool {
        let o = Offset::from_hex(hex);
        match edge {
            Edge::North => o.row == 0,
            Edge::South => o.row == self.file.height - 1,
            Edge::West => o.col == 0,
            Edge::East => o.col == self.file.width - 1,
        }
    }
}

fn index_of(width: i32, o: Offset) -> usize {
    usize::try_from(o.row * width + o.col).expect("checked to be on the map")
}
