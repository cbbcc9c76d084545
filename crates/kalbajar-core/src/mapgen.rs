//! The map generator: turns a [`Geography`] into a [`MapFile`], deterministically.
//!
//! Elevation is interpolated (inverse-distance weighting) between control points: places with
//! an elevation, spot heights, ridge crests and river levels, each densified along its line.
//! Terrain follows from elevation, local relief, lakes, forests and places; roads are traced
//! hex by hex and rivers hexside by hexside along their polylines.

use crate::geo::{Projection, distance_to_segment, point_in_polygon};
use crate::geography::{Edge, Geography, Node, PlaceKind, RoadClass};
use crate::hex::{Hex, HexGeometry, Km, Offset, Vertex, direction_index};
use crate::map::{HexData, HexsideRecord, MapExit, MapFile, MapPlace, MapRiver, Terrain};
use std::collections::BTreeMap;

/// Spacing of samples along lines (ridges, rivers, roads), in km.
const SAMPLE_KM: f64 = 0.2;
/// Spacing of elevation control points densified along ridges and rivers, in km.
const CONTROL_SPACING_KM: f64 = 1.0;

/// Everything the generator derives, kept for the geography checks and the map picture.
#[derive(Debug, Clone)]
pub struct Generated {
    pub map: MapFile,
    /// Elevation control points used, in km on the map plane, with their elevation.
    pub controls: Controls,
}

/// The projection and hex geometry a map file (or geography) uses.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub projection: Projection,
    pub geometry: HexGeometry,
    pub width: i32,
    pub height: i32,
}

impl Frame {
    /// The frame of a geography's settings.
    #[must_use]
    pub fn of_geography(geo: &Geography) -> Self {
        let s = &geo.settings;
        let projection = Projection::new(s.projection_lat, s.lat_max, s.lon_min);
        let geometry = HexGeometry::new(s.hex_km);
        let se = projection.to_km(s.lat_min, s.lon_max);
        let row_km = 1.5 * geometry.radius();
        #[expect(clippy::cast_possible_truncation, reason = "map sizes are small")]
        let (width, height) = (
            (se.x / s.hex_km).round() as i32 + 1,
            (se.y / row_km).round() as i32 + 1,
        );
        Self {
            projection,
            geometry,
            width,
            height,
        }
    }

    /// The frame a map file was generated in.
    #[must_use]
    pub fn of_map(map: &MapFile) -> Self {
        Self {
            projection: Projection::new(map.projection_lat, map.lat_north, map.lon_west),
            geometry: HexGeometry::new(map.hex_km),
            width: map.width,
            height: map.height,
        }
    }

    #[must_use]
    pub fn contains(&self, h: Hex) -> bool {
        let o = Offset::from_hex(h);
        o.col >= 0 && o.row >= 0 && o.col < self.width && o.row < self.height
    }

    /// The hex under a latitude/longitude.
    #[must_use]
    pub fn hex_of(&self, lat: f64, lon: f64) -> Hex {
        self.geometry.hex_at(self.projection.to_km(lat, lon))
    }

    /// Centre of a hex as latitude/longitude.
    #[must_use]
    pub fn lat_lon_of(&self, h: Hex) -> (f64, f64) {
        self.projection.to_lat_lon(self.geometry.center(h))
    }

    fn hexes(&self) -> impl Iterator<Item = Hex> + '_ {
        (0..self.height)
            .flat_map(move |row| (0..self.width).map(move |col| Offset::new(col, row).to_hex()))
    }

    fn index(&self, h: Hex) -> usize {
        let o = Offset::from_hex(h);
        usize::try_from(o.row * self.width + o.col).expect("on the map")
    }

    /// Clamp a hex onto the given edge of the map.
    fn onto_edge(&self, h: Hex, edge: Edge) -> Hex {
        let o = Offset::from_hex(h);
        let (col, row) = (
            o.col.clamp(0, self.width - 1),
            o.row.clamp(0, self.height - 1),
        );
        let o = match edge {
            Edge::North => Offset::new(col, 0),
            Edge::South => Offset::new(col, self.height - 1),
            Edge::West => Offset::new(0, row),
            Edge::East => Offset::new(self.width - 1, row),
        };
        o.to_hex()
    }
}

/// Why the geography cannot be turned into a map.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct GeoError {
    /// Where in the geography file, e.g. `roads[3] "omar_road".nodes[2]`.
    pub path: String,
    pub message: String,
}

/// Generates the map. Collects every reference error in the geography before giving up.
///
/// # Errors
/// Unknown place, exit or road ids; routes that never touch the map; duplicate ids.
pub fn generate(geo: &Geography) -> Result<Generated, Vec<GeoError>> {
    let frame = Frame::of_geography(geo);
    let mut errors = Vec::new();
    check_references(geo, &frame, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let exits = place_exits(geo, &frame);
    let controls = elevation_controls(geo, &frame, &exits);
    let n = usize::try_from(frame.width * frame.height).expect("positive size");

    // Lakes: hexes whose centre lies in an outline, or the hex of a lake too small to cover one.
    let mut lake = vec![None::<f64>; n];
    for l in &geo.lakes {
        let outline = outline_km(&frame, &l.outline);
        let mut any = false;
        for h in frame.hexes() {
            let c = frame.geometry.center(h);
            if point_in_polygon((c.y, c.x), &outline) {
                lake[frame.index(h)] = Some(l.elevation);
                any = true;
            }
        }
        if !any {
            let c = centroid(&outline);
            let h = frame.geometry.hex_at(Km::new(c.1, c.0));
            if frame.contains(h) {
                lake[frame.index(h)] = Some(l.elevation);
            }
        }
    }
    let elevation = relief(&frame, &controls, &lake, &geo.settings);

    // Places: the most important place names the hex.
    let mut places = Vec::new();
    let mut place_at: BTreeMap<usize, (PlaceKind, &str)> = BTreeMap::new();
    for p in &geo.places {
        let h = frame.hex_of(p.lat, p.lon);
        if !frame.contains(h) {
            continue;
        }
        places.push(MapPlace {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind,
            hex: Offset::from_hex(h),
        });
        let i = frame.index(h);
        let better = place_at.get(&i).is_none_or(|(k, _)| p.kind < *k);
        if better && p.kind != PlaceKind::RiverPoint {
            place_at.insert(i, (p.kind, &p.name));
        }
    }

    // Crest zones along ridges.
    let ridges: Vec<(Vec<Km>, f64)> = geo
        .ridges
        .iter()
        .map(|r| {
            (
                r.crest
                    .iter()
                    .map(|p| frame.projection.to_km(p.lat, p.lon))
                    .collect(),
                r.half_width_km,
            )
        })
        .collect();
    let forests: Vec<(Vec<(f64, f64)>, f64)> = geo
        .forests
        .iter()
        .map(|f| (outline_km(&frame, &f.outline), f.max_elevation))
        .collect();

    let t = &geo.settings.terrain;
    let mut hexes = Vec::with_capacity(n);
    for h in frame.hexes() {
        let i = frame.index(h);
        let c = frame.geometry.center(h);
        let e = elevation[i];
        let local_relief = h
            .all_neighbors()
            .into_iter()
            .filter(|nb| frame.contains(*nb))
            .map(|nb| (elevation[frame.index(nb)] - e).abs())
            .fold(0.0, f64::max);
        let on_crest = ridges
            .iter()
            .any(|(line, half)| polyline_distance(c, line) <= *half);
        let in_forest = forests
            .iter()
            .any(|(o, max)| e <= *max && point_in_polygon((c.y, c.x), o));
        let place_terrain = place_at.get(&i).and_then(|(k, _)| match k {
            PlaceKind::Town => Some(Terrain::Town),
            PlaceKind::Village => Some(Terrain::Village),
            PlaceKind::Pass => Some(Terrain::Pass),
            _ => None,
        });
        let terrain = if let Some(pt) = place_terrain {
            pt
        } else if lake[i].is_some() {
            Terrain::Lake
        } else if on_crest && e >= t.crest_m {
            Terrain::Crest
        } else if e >= t.high_mountain_m {
            Terrain::HighMountain
        } else if local_relief >= t.slope_relief_m {
            Terrain::Slope
        } else if in_forest {
            Terrain::Forest
        } else {
            Terrain::Open
        };
        let (lat, lon) = frame.projection.to_lat_lon(c);
        let (border, control) = geo
            .regions
            .iter()
            .find(|r| point_in_polygon((lat, lon), &r.outline))
            .map_or(geo.fallback_region, |r| (r.border, r.control));
        #[expect(clippy::cast_possible_truncation, reason = "elevations are metres")]
        hexes.push(HexData {
            terrain,
            elevation: e.round() as i32,
            control,
            border,
            name: place_at.get(&i).map(|(_, name)| (*name).to_string()),
        });
    }

    // Hexsides: rivers first, then roads, bridges where a road crosses a river, tunnels.
    let mut sides: BTreeMap<(Offset, Offset), HexsideRecord> = BTreeMap::new();
    let mut rivers = Vec::new();
    for r in &geo.rivers {
        rivers.push(MapRiver {
            id: r.id.clone(),
            name: r.name.clone(),
            class: r.class,
        });
        let line = node_line(geo, &frame, &exits, &r.course);
        for (a, b) in river_hexsides(&frame, &line) {
            side_entry(&mut sides, a, b)
                .river
                .get_or_insert_with(|| r.id.clone());
        }
    }
    let mut road_sides: BTreeMap<&str, Vec<(Hex, Hex)>> = BTreeMap::new();
    for r in &geo.roads {
        let line = node_line(geo, &frame, &exits, &r.nodes);
        let path = trace_hexes(&frame, &line);
        let steps: Vec<(Hex, Hex)> = path.windows(2).map(|w| (w[0], w[1])).collect();
        for &(a, b) in &steps {
            let s = side_entry(&mut sides, a, b);
            s.road = Some(s.road.map_or(r.class, |c: RoadClass| c.min(r.class)));
        }
        road_sides.insert(&r.id, steps);
    }
    for s in sides.values_mut() {
        s.bridge = s.road.is_some() && s.river.is_some();
    }
    for tunnel in &geo.tunnels {
        let p = frame.projection.to_km(tunnel.lat, tunnel.lon);
        let steps = road_sides
            .get(tunnel.road.as_str())
            .cloned()
            .unwrap_or_default();
        let nearest = steps.iter().min_by(|x, y| {
            let dx = midpoint(&frame, x.0, x.1).distance(p);
            let dy = midpoint(&frame, y.0, y.1).distance(p);
            dx.total_cmp(&dy)
        });
        if let Some(&(a, b)) = nearest {
            side_entry(&mut sides, a, b).tunnel = true;
        }
    }

    let map = MapFile {
        width: frame.width,
        height: frame.height,
        hex_km: geo.settings.hex_km,
        projection_lat: geo.settings.projection_lat,
        lat_north: geo.settings.lat_max,
        lon_west: geo.settings.lon_min,
        hexes,
        hexsides: sides.into_values().collect(),
        places,
        rivers,
        exits: exits
            .iter()
            .map(|(e, h)| MapExit {
                id: e.id.clone(),
                name: e.name.clone(),
                toward: e.toward.clone(),
                edge: e.edge,
                hex: Offset::from_hex(*h),
            })
            .collect(),
    };
    Ok(Generated { map, controls })
}

fn side_entry(
    sides: &mut BTreeMap<(Offset, Offset), HexsideRecord>,
    a: Hex,
    b: Hex,
) -> &mut HexsideRecord {
    let (oa, ob) = (Offset::from_hex(a), Offset::from_hex(b));
    let (a, b) = if oa <= ob { (oa, ob) } else { (ob, oa) };
    sides.entry((a, b)).or_insert_with(|| HexsideRecord {
        a,
        b,
        road: None,
        river: None,
        bridge: false,
        tunnel: false,
    })
}

fn midpoint(frame: &Frame, a: Hex, b: Hex) -> Km {
    frame.geometry.center(a).lerp(frame.geometry.center(b), 0.5)
}

/// Checks that every id a route, river, tunnel or exit names exists, and ids are unique.
fn check_references(geo: &Geography, frame: &Frame, errors: &mut Vec<GeoError>) {
    let mut seen = BTreeMap::new();
    for (i, p) in geo.places.iter().enumerate() {
        if let Some(prev) = seen.insert(p.id.as_str(), i) {
            errors.push(GeoError {
                path: format!("places[{i}] \"{}\"", p.id),
                message: format!("duplicate id: places[{prev}] has it already"),
            });
        }
    }
    let node_ok = |node: &Node| match node {
        Node::Place(id) => geo
            .places
            .iter()
            .any(|p| &p.id == id)
            .then_some(())
            .ok_or_else(|| format!("unknown place \"{id}\"")),
        Node::Exit(id) => geo
            .exits
            .iter()
            .any(|e| &e.id == id)
            .then_some(())
            .ok_or_else(|| format!("unknown exit \"{id}\"")),
        Node::At(..) | Node::AtElev(..) => Ok(()),
    };
    for (i, r) in geo.roads.iter().enumerate() {
        if r.nodes.len() < 2 {
            errors.push(GeoError {
                path: format!("roads[{i}] \"{}\"", r.id),
                message: "a road needs at least two nodes".into(),
            });
        }
        for (j, n) in r.nodes.iter().enumerate() {
            if let Err(message) = node_ok(n) {
                errors.push(GeoError {
                    path: format!("roads[{i}] \"{}\".nodes[{j}]", r.id),
                    message,
                });
            }
        }
    }
    for (i, r) in geo.rivers.iter().enumerate() {
        for (j, n) in r.course.iter().enumerate() {
            if let Err(message) = node_ok(n) {
                errors.push(GeoError {
                    path: format!("rivers[{i}] \"{}\".course[{j}]", r.id),
                    message,
                });
            }
        }
    }
    for (i, t) in geo.tunnels.iter().enumerate() {
        if !geo.roads.iter().any(|r| r.id == t.road) {
            errors.push(GeoError {
                path: format!("tunnels[{i}] \"{}\"", t.name),
                message: format!("unknown road \"{}\"", t.road),
            });
        }
    }
    for (i, p) in geo.places.iter().enumerate() {
        if !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lon) {
            errors.push(GeoError {
                path: format!("places[{i}] \"{}\"", p.id),
                message: format!(
                    "latitude {} / longitude {} are not coordinates",
                    p.lat, p.lon
                ),
            });
        }
    }
    if frame.width < 2 || frame.height < 2 {
        errors.push(GeoError {
            path: "settings".into(),
            message: "the map area is smaller than two hexes across".into(),
        });
    }
}

fn place_exits<'a>(geo: &'a Geography, frame: &Frame) -> Vec<(&'a crate::geography::ExitDef, Hex)> {
    geo.exits
        .iter()
        .map(|e| (e, frame.onto_edge(frame.hex_of(e.lat, e.lon), e.edge)))
        .collect()
}

/// The polyline of a route or river on the map plane, with known elevations per point.
fn node_points(
    geo: &Geography,
    frame: &Frame,
    exits: &[(&crate::geography::ExitDef, Hex)],
    nodes: &[Node],
) -> Vec<(Km, Option<f64>)> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Place(id) => geo
                .places
                .iter()
                .find(|p| &p.id == id)
                .map(|p| (frame.projection.to_km(p.lat, p.lon), p.elevation)),
            Node::At(lat, lon) => Some((frame.projection.to_km(*lat, *lon), None)),
            Node::AtElev(lat, lon, e) => Some((frame.projection.to_km(*lat, *lon), Some(*e))),
            Node::Exit(id) => exits
                .iter()
                .find(|(e, _)| &e.id == id)
                .map(|(_, h)| (frame.geometry.center(*h), None)),
        })
        .collect()
}

fn node_line(
    geo: &Geography,
    frame: &Frame,
    exits: &[(&crate::geography::ExitDef, Hex)],
    nodes: &[Node],
) -> Vec<Km> {
    node_points(geo, frame, exits, nodes)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// Elevation control points; the first `measured` are places and spot heights.
#[derive(Debug, Clone)]
pub struct Controls {
    pub points: Vec<(Km, f64)>,
    pub measured: usize,
}

/// Weight of a measured point against a point densified along a line in the same hex.
const MEASURED_WEIGHT: f64 = 25.0;

/// Elevation control points: places, spot heights, ridge crests and river levels.
fn elevation_controls(
    geo: &Geography,
    frame: &Frame,
    exits: &[(&crate::geography::ExitDef, Hex)],
) -> Controls {
    let mut out = Vec::new();
    for p in &geo.places {
        if let Some(e) = p.elevation {
            out.push((frame.projection.to_km(p.lat, p.lon), e));
        }
    }
    for s in &geo.spot_heights {
        out.push((frame.projection.to_km(s.lat, s.lon), s.elevation));
    }
    // Points measured at a place come first: they outweigh lines densified through the hex.
    let measured = out.len();
    for r in &geo.ridges {
        let pts: Vec<(Km, Option<f64>)> = r
            .crest
            .iter()
            .map(|p| (frame.projection.to_km(p.lat, p.lon), Some(p.elevation)))
            .collect();
        out.extend(densify(&pts));
    }
    for r in &geo.rivers {
        let pts = node_points(geo, frame, exits, &r.course);
        out.extend(densify(&pts));
    }
    for l in &geo.lakes {
        for (lat, lon) in &l.outline {
            out.push((frame.projection.to_km(*lat, *lon), l.elevation));
        }
    }
    Controls {
        points: out,
        measured,
    }
}

/// The relief: hexes holding control points (and lakes) are pinned to them; every other hex
/// is relaxed to the average of its neighbours, a harmonic surface that runs smoothly from
/// ridge crests down to river levels without the plateaus and steps of pure distance weighting.
fn relief(
    frame: &Frame,
    controls: &Controls,
    lake: &[Option<f64>],
    settings: &crate::geography::MapSettings,
) -> Vec<f64> {
    let n = lake.len();
    // Pinned value of a hex: the controls inside it, nearer ones weighing more.
    let mut sum = vec![(0.0, 0.0); n];
    for (i, (p, e)) in controls.points.iter().enumerate() {
        let h = frame.geometry.hex_at(*p);
        if frame.contains(h) {
            let d = p.distance(frame.geometry.center(h));
            let kind = if i < controls.measured {
                MEASURED_WEIGHT
            } else {
                1.0
            };
            let w = kind / (d * d + 0.05);
            let s = &mut sum[frame.index(h)];
            s.0 += w * e;
            s.1 += w;
        }
    }
    let mut pinned: Vec<Option<f64>> = sum
        .iter()
        .map(|(num, den)| (*den > 0.0).then(|| num / den))
        .collect();
    for (p, l) in pinned.iter_mut().zip(lake) {
        if l.is_some() {
            *p = *l;
        }
    }
    // Start from distance weighting so the relaxation converges in few sweeps.
    let mut e: Vec<f64> = frame
        .hexes()
        .map(|h| {
            pinned[frame.index(h)].unwrap_or_else(|| {
                interpolate(
                    &controls.points,
                    frame.geometry.center(h),
                    settings.idw_power,
                )
            })
        })
        .collect();
    let neighbours: Vec<Vec<usize>> = frame
        .hexes()
        .map(|h| {
            h.all_neighbors()
                .into_iter()
                .filter(|nb| frame.contains(*nb))
                .map(|nb| frame.index(nb))
                .collect()
        })
        .collect();
    // Successive over-relaxation, row by row in a fixed order: deterministic.
    let omega = 1.8;
    for _ in 0..settings.relax_sweeps {
        for i in 0..n {
            if pinned[i].is_some() || neighbours[i].is_empty() {
                continue;
            }
            #[expect(clippy::cast_precision_loss, reason = "at most six neighbours")]
            let avg = neighbours[i].iter().map(|j| e[*j]).sum::<f64>() / neighbours[i].len() as f64;
            e[i] += omega * (avg - e[i]);
        }
    }
    e
}

/// Points every [`CONTROL_SPACING_KM`] along a polyline, with elevations interpolated by
/// distance between the points that have one (held constant beyond the first and last).
fn densify(points: &[(Km, Option<f64>)]) -> Vec<(Km, f64)> {
    let mut along = vec![0.0];
    for w in points.windows(2) {
        along.push(along.last().copied().unwrap_or(0.0) + w[0].0.distance(w[1].0));
    }
    let known: Vec<(f64, f64)> = points
        .iter()
        .zip(&along)
        .filter_map(|((_, e), s)| e.map(|e| (*s, e)))
        .collect();
    if known.is_empty() {
        return Vec::new();
    }
    let elevation_at = |s: f64| -> f64 {
        match known.iter().position(|(ks, _)| *ks >= s) {
            None => known[known.len() - 1].1,
            Some(0) => known[0].1,
            Some(k) => {
                let (s0, e0) = known[k - 1];
                let (s1, e1) = known[k];
                if s1 - s0 <= f64::EPSILON {
                    e1
                } else {
                    e0 + (e1 - e0) * (s - s0) / (s1 - s0)
                }
            }
        }
    };
    let mut out = Vec::new();
    for (w, s0) in points.windows(2).zip(&along) {
        let len = w[0].0.distance(w[1].0);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small counts"
        )]
        let steps = (len / CONTROL_SPACING_KM).ceil().max(1.0) as usize;
        for k in 0..steps {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let t = k as f64 / steps as f64;
            out.push((w[0].0.lerp(w[1].0, t), elevation_at(s0 + len * t)));
        }
    }
    if let Some((p, _)) = points.last() {
        out.push((*p, elevation_at(along[along.len() - 1])));
    }
    out
}

/// Inverse-distance-weighted elevation at `p`.
fn interpolate(controls: &[(Km, f64)], p: Km, power: i32) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (c, e) in controls {
        let d2 = (c.x - p.x).powi(2) + (c.y - p.y).powi(2);
        let w = 1.0 / (d2 + 0.25).powi(power / 2);
        num += w * e;
        den += w;
    }
    if den == 0.0 { 0.0 } else { num / den }
}

fn outline_km(frame: &Frame, outline: &[(f64, f64)]) -> Vec<(f64, f64)> {
    outline
        .iter()
        .map(|(lat, lon)| {
            let k = frame.projection.to_km(*lat, *lon);
            (k.y, k.x)
        })
        .collect()
}

fn centroid(poly: &[(f64, f64)]) -> (f64, f64) {
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let n = poly.len().max(1) as f64;
    let (a, b) = poly
        .iter()
        .fold((0.0, 0.0), |(a, b), (y, x)| (a + y, b + x));
    (a / n, b / n)
}

fn polyline_distance(p: Km, line: &[Km]) -> f64 {
    line.windows(2)
        .map(|w| distance_to_segment(p, w[0], w[1]).0)
        .fold(f64::INFINITY, f64::min)
}

/// Samples a polyline every [`SAMPLE_KM`].
fn samples(line: &[Km]) -> Vec<Km> {
    let mut out = Vec::new();
    for w in line.windows(2) {
        let len = w[0].distance(w[1]);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small counts"
        )]
        let steps = (len / SAMPLE_KM).ceil().max(1.0) as usize;
        for k in 0..steps {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            out.push(w[0].lerp(w[1], k as f64 / steps as f64));
        }
    }
    out.extend(line.last());
    out
}

/// The chain of adjacent on-map hexes a polyline passes through.
fn trace_hexes(frame: &Frame, line: &[Km]) -> Vec<Hex> {
    // The hexes of the route's own nodes are never cut out when the path is straightened.
    let anchors: Vec<Hex> = line.iter().map(|p| frame.geometry.hex_at(*p)).collect();
    let mut out: Vec<Hex> = Vec::new();
    for p in samples(line) {
        let h = frame.geometry.hex_at(p);
        if !frame.contains(h) || out.last() == Some(&h) {
            continue;
        }
        match out.last().copied() {
            Some(last) if direction_index(last, h).is_none() => {
                // The line crossed a corner or left the map: bridge the gap hex by hex.
                out.extend(last.line_to(h).skip(1).filter(|x| frame.contains(*x)));
            }
            _ => out.push(h),
        }
        // A road that doubles back (sampling noise around a corner) loses the loop, and one
        // that zig-zags along a row boundary takes the direct hexside.
        while out.len() >= 3 {
            let k = out.len();
            if anchors.contains(&out[k - 2]) {
                break;
            }
            if out[k - 1] == out[k - 3] {
                out.truncate(k - 2);
            } else if direction_index(out[k - 3], out[k - 1]).is_some() {
                out.remove(k - 2);
            } else {
                break;
            }
        }
    }
    out
}

/// The hexsides a river polyline runs along: its samples snapped to hex corners and joined
/// corner to corner.
fn river_hexsides(frame: &Frame, line: &[Km]) -> Vec<(Hex, Hex)> {
    let g = frame.geometry;
    let mut path: Vec<Vertex> = Vec::new();
    for p in samples(line) {
        let target = g.nearest_vertex(p);
        let mut current = match path.last() {
            Some(v) => *v,
            None => {
                path.push(target);
                continue;
            }
        };
        // Greedy walk along hexsides: one of the three edges always gets closer on this lattice.
        while current != target {
            let goal = g.vertex_km(target);
            let next = current
                .neighbors()
                .into_iter()
                .min_by(|a, b| {
                    g.vertex_km(*a)
                        .distance(goal)
                        .total_cmp(&g.vertex_km(*b).distance(goal))
                })
                .expect("three neighbours");
            if path.len() >= 2 && path[path.len() - 2] == next {
                path.pop();
            } else {
                path.push(next);
            }
            current = next;
        }
    }
    path.windows(2)
        .filter_map(|w| {
            let [a, b] = g.hexes_of_edge(w[0], w[1]);
            (frame.contains(a) && frame.contains(b)).then_some((a, b))
        })
        .collect()
}

/// The map file as the text `kalbajar mapgen` writes: one hex or hexside per line.
///
/// # Errors
/// Only if serialisation fails, which the map types do not.
pub fn map_to_ron(map: &MapFile) -> Result<String, ron::Error> {
    let body = crate::load::to_ron(map, 2)?;
    Ok(format!(
        "// Generated by `kalbajar mapgen` from geography.ron: do not edit by hand.\n\
         // Hexes are listed row by row from the north-west corner; offsets are (col, row), odd rows shoved east.\n{body}"
    ))
}
