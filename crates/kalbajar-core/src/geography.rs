//! The geography file: the control data the map generator turns into a hex map.
//!
//! Every entry carries a [`Source`]: either a citation or an `Estimated` reason. Nothing in
//! this file is drawn by hand on the hex grid; `kalbajar mapgen` derives the map from it.

use serde::{Deserialize, Serialize};

/// Where a fact comes from: a cited source, or an estimate with a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Taken from the named source.
    Cited(String),
    /// No source gives it; the string says how it was estimated.
    Estimated(String),
}

impl Source {
    /// Whether the figure is an estimate.
    #[must_use]
    pub fn is_estimated(&self) -> bool {
        matches!(self, Source::Estimated(_))
    }

    /// The citation or the reason for the estimate.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Source::Cited(s) | Source::Estimated(s) => s,
        }
    }
}

/// A latitude/longitude pair in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// What kind of named place this is; it decides the hex's terrain and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PlaceKind {
    /// The district capital or another town.
    Town,
    /// A village or small settlement.
    Village,
    /// A mountain pass.
    Pass,
    /// A road junction.
    Junction,
    /// A monastery or other landmark without population.
    Landmark,
    /// A peak: used as an elevation control point and labelled.
    Peak,
    /// A point on a river (source, confluence).
    RiverPoint,
    /// A dam.
    Dam,
}

/// A named place with its coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Stable identifier used by routes and scenarios (`kalbajar`, `omar_pass`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings, shown in tooltips and the sources screen.
    #[serde(default)]
    pub alt_names: Vec<String>,
    pub kind: PlaceKind,
    pub lat: f64,
    pub lon: f64,
    /// Elevation in metres, when known; used as a control point for the relief.
    #[serde(default)]
    pub elevation: Option<f64>,
    pub source: Source,
}

/// A relief control point that is not a place on the map (a spot height).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotHeight {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub elevation: f64,
    pub source: Source,
}

/// A point of a ridge line with its crest elevation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RidgePoint {
    pub lat: f64,
    pub lon: f64,
    pub elevation: f64,
}

/// A mountain ridge: a crest line whose elevation is interpolated between its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ridge {
    pub name: String,
    /// Crest points in order along the ridge.
    pub crest: Vec<RidgePoint>,
    /// Half-width of the crest zone in km: hexes this close to the crest count as crest.
    #[serde(default = "default_ridge_half_width")]
    pub half_width_km: f64,
    pub source: Source,
}

fn default_ridge_half_width() -> f64 {
    1.0
}

/// A node of a route or river course: a named place or a bare waypoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Node {
    /// The place with this id.
    Place(String),
    /// A waypoint at this latitude and longitude.
    At(f64, f64),
    /// A waypoint with an elevation (for river courses: the water level there).
    AtElev(f64, f64, f64),
    /// Leaves the map across the named edge exit.
    Exit(String),
}

/// Road classes, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RoadClass {
    Paved,
    Dirt,
    Track,
}

/// A road, traced hex by hex along its nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Road {
    pub id: String,
    pub name: String,
    pub class: RoadClass,
    pub nodes: Vec<Node>,
    pub source: Source,
}

/// Whether a river is the main stream or a tributary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiverClass {
    Main,
    Tributary,
}

/// A river course from source to mouth (or map edge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct River {
    pub id: String,
    pub name: String,
    pub class: RiverClass,
    /// Course from upstream to downstream.
    pub course: Vec<Node>,
    pub source: Source,
}

/// A lake or reservoir outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lake {
    pub id: String,
    pub name: String,
    /// Water level in metres.
    pub elevation: f64,
    /// Outline, as (lat, lon) pairs.
    pub outline: Vec<(f64, f64)>,
    pub source: Source,
}

/// The political area a hex lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Border {
    /// The Republic of Armenia.
    Armenia,
    /// The Kalbajar district of Azerbaijan.
    Kalbajar,
    /// Other districts of Azerbaijan held by Azerbaijan (Dashkasan, Goygol, parts of Aghdara).
    OtherAzerbaijan,
    /// Areas held by the Karabakh Armenian forces before the offensive (Lachin corridor,
    /// Drmbon and the Sarsang dam).
    KarabakhHeld,
}

/// The two sides of the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    Armenian,
    Azerbaijani,
}

/// A region polygon: every hex whose centre lies inside gets this border and start control.
/// Regions are tested in order; the first that contains the hex wins, and `fallback` applies
/// to hexes in none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: String,
    pub border: Border,
    pub control: Side,
    pub outline: Vec<(f64, f64)>,
    pub source: Source,
}

/// A forest area: hexes inside and below `max_elevation` that are not steeper mountain are forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forest {
    pub name: String,
    pub max_elevation: f64,
    pub outline: Vec<(f64, f64)>,
    pub source: Source,
}

/// Which map edge an exit lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Edge {
    North,
    South,
    East,
    West,
}

/// A map-edge exit with meaning (where supply comes from, where refugees go).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitDef {
    pub id: String,
    pub name: String,
    /// Where the exit leads, in words ("Ganja and Dashkasan over the Omar Pass road").
    pub toward: String,
    pub edge: Edge,
    /// The point on or near the edge where the exit lies; the nearest edge hex is used.
    pub lat: f64,
    pub lon: f64,
    pub source: Source,
}

/// A tunnel: the route hexside nearest this point becomes a tunnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tunnel {
    pub name: String,
    /// Id of the road the tunnel is on.
    pub road: String,
    pub lat: f64,
    pub lon: f64,
    pub source: Source,
}

/// Generation settings: the area, the scale and the terrain thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSettings {
    pub lat_min: f64,
    pub lat_max: f64,
    pub lon_min: f64,
    pub lon_max: f64,
    /// Latitude of the projection's standard parallel.
    pub projection_lat: f64,
    /// Hex size, across the flats, in km.
    pub hex_km: f64,
    /// Inverse-distance weighting exponent for the first guess of the relief (even: weights
    /// are 1 / (d² + 0.25)^(power/2)).
    pub idw_power: i32,
    /// Relaxation sweeps that smooth the relief between pinned control hexes.
    pub relax_sweeps: u32,
    /// Terrain thresholds.
    pub terrain: TerrainThresholds,
}

/// Elevation and slope thresholds that turn relief into terrain classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerrainThresholds {
    /// At or above this elevation (m) a hex is high mountain.
    pub high_mountain_m: f64,
    /// At or above this elevation (m), on a ridge crest, a hex is crest/glacier.
    pub crest_m: f64,
    /// Above this local relief (m of elevation difference to the lowest neighbour) a hex is
    /// mountain slope.
    pub slope_relief_m: f64,
    pub source: Source,
}

/// The whole geography file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geography {
    pub settings: MapSettings,
    pub places: Vec<Place>,
    #[serde(default)]
    pub spot_heights: Vec<SpotHeight>,
    #[serde(default)]
    pub ridges: Vec<Ridge>,
    #[serde(default)]
    pub rivers: Vec<River>,
    #[serde(default)]
    pub roads: Vec<Road>,
    #[serde(default)]
    pub lakes: Vec<Lake>,
    #[serde(default)]
    pub regions: Vec<Region>,
    /// Border and control for hexes in no region.
    pub fallback_region: (Border, Side),
    #[serde(default)]
    pub forests: Vec<Forest>,
    #[serde(default)]
    pub exits: Vec<ExitDef>,
    #[serde(default)]
    pub tunnels: Vec<Tunnel>,
}
