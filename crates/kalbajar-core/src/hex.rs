//! Hex coordinates: axial [`Hex`] for the rules, [`Offset`] `(col, row)` for files and people.
//!
//! The map is pointy-top with odd rows shoved right ("odd-r"); row 0 is the northern edge and
//! rows grow southward. This module is the one place that converts between the two systems
//! and between hexes and kilometres on the map plane.

use hexx::{HexOrientation, OffsetHexMode};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use hexx::Hex;

/// Layout used for every offset conversion in the project.
const MODE: OffsetHexMode = OffsetHexMode::Odd;
const ORIENTATION: HexOrientation = HexOrientation::Pointy;

/// A hex in offset coordinates, as written in scenario files: `(col, row)`.
///
/// ```
/// use kalbajar_core::hex::Offset;
/// let o = Offset::new(3, 5);
/// assert_eq!(Offset::from_hex(o.to_hex()), o);
/// assert_eq!(o.to_string(), "(3,5)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(i32, i32)", into = "(i32, i32)")]
pub struct Offset {
    pub col: i32,
    pub row: i32,
}

impl Offset {
    #[must_use]
    pub const fn new(col: i32, row: i32) -> Self {
        Self { col, row }
    }

    /// The axial hex for these offset coordinates.
    #[must_use]
    pub fn to_hex(self) -> Hex {
        Hex::from_offset_coordinates([self.col, self.row], MODE, ORIENTATION)
    }

    /// The offset coordinates of an axial hex.
    #[must_use]
    pub fn from_hex(hex: Hex) -> Self {
        let [col, row] = hex.to_offset_coordinates(MODE, ORIENTATION);
        Self { col, row }
    }
}

impl From<(i32, i32)> for Offset {
    fn from((col, row): (i32, i32)) -> Self {
        Self { col, row }
    }
}

impl From<Offset> for (i32, i32) {
    fn from(o: Offset) -> Self {
        (o.col, o.row)
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({},{})", self.col, self.row)
    }
}

/// The six neighbours of a hex, in a fixed order (east, then clockwise on screen).
#[must_use]
pub fn neighbors(hex: Hex) -> [Hex; 6] {
    hex.all_neighbors()
}

/// Index 0..6 of the direction from `a` to its neighbour `b`, if they are adjacent.
#[must_use]
pub fn direction_index(a: Hex, b: Hex) -> Option<usize> {
    a.neighbor_direction(b).map(|d| usize::from(d.index()))
}

/// A point on the map plane in kilometres: `x` east from the western edge, `y` south from the
/// northern edge.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Km {
    pub x: f64,
    pub y: f64,
}

impl Km {
    #[must_use]
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    #[must_use]
    pub fn distance(self, other: Km) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    #[must_use]
    pub fn lerp(self, other: Km, t: f64) -> Km {
        Km::new(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
        )
    }
}

/// Hex geometry on the map plane: hex size across the flats, in km.
///
/// ```
/// use kalbajar_core::hex::{HexGeometry, Offset};
/// let g = HexGeometry::new(2.0);
/// let h = Offset::new(4, 7).to_hex();
/// assert_eq!(g.hex_at(g.center(h)), h);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HexGeometry {
    /// Distance between opposite flat sides (= distance between neighbouring centres).
    pub across_flats: f64,
}

impl HexGeometry {
    #[must_use]
    pub const fn new(across_flats: f64) -> Self {
        Self { across_flats }
    }

    /// Circumradius: centre to corner.
    #[must_use]
    pub fn radius(self) -> f64 {
        self.across_flats / 3f64.sqrt()
    }

    /// Centre of a hex on the map plane.
    #[must_use]
    pub fn center(self, hex: Hex) -> Km {
        let w = self.across_flats;
        Km::new(
            w * (f64::from(hex.x) + f64::from(hex.y) / 2.0),
            1.5 * self.radius() * f64::from(hex.y),
        )
    }

    /// The hex containing a point on the map plane.
    #[must_use]
    pub fn hex_at(self, p: Km) -> Hex {
        let r = 1.5 * self.radius();
        let fy = p.y / r;
        let fx = p.x / self.across_flats - fy / 2.0;
        #[expect(clippy::cast_possible_truncation, reason = "map coordinates are small")]
        Hex::round([fx as f32, fy as f32])
    }

    /// The six corners of a hex, clockwise from the top, as vertex keys.
    #[must_use]
    pub fn corners(self, hex: Hex) -> [Vertex; 6] {
        let cx = 2 * hex.x + hex.y;
        let cy = 3 * hex.y;
        [
            Vertex(cx, cy - 2),
            Vertex(cx + 1, cy - 1),
            Vertex(cx + 1, cy + 1),
            Vertex(cx, cy + 2),
            Vertex(cx - 1, cy + 1),
            Vertex(cx - 1, cy - 1),
        ]
    }

    /// Position of a vertex on the map plane.
    #[must_use]
    pub fn vertex_km(self, v: Vertex) -> Km {
        Km::new(
            f64::from(v.0) * self.across_flats / 2.0,
            f64::from(v.1) * self.radius() / 2.0,
        )
    }

    /// The vertex nearest to a point (searching the corners of the hex containing it).
    #[must_use]
    pub fn nearest_vertex(self, p: Km) -> Vertex {
        let corners = self.corners(self.hex_at(p));
        let mut best = corners[0];
        for c in corners {
            if self.vertex_km(c).distance(p) < self.vertex_km(best).distance(p) {
                best = c;
            }
        }
        best
    }

    /// The two hexes on either side of the hexside between adjacent vertices `a` and `b`.
    #[must_use]
    pub fn hexes_of_edge(self, a: Vertex, b: Vertex) -> [Hex; 2] {
        let (pa, pb) = (self.vertex_km(a), self.vertex_km(b));
        let mid = pa.lerp(pb, 0.5);
        let (dx, dy) = (pb.x - pa.x, pb.y - pa.y);
        let len = dx.hypot(dy);
        let (nx, ny) = (-dy / len, dx / len);
        let off = self.across_flats * 0.25;
        [
            self.hex_at(Km::new(mid.x + nx * off, mid.y + ny * off)),
            self.hex_at(Km::new(mid.x - nx * off, mid.y - ny * off)),
        ]
    }

    /// The two vertices shared by adjacent hexes `a` and `b`, or `None` if not adjacent.
    #[must_use]
    pub fn shared_vertices(self, a: Hex, b: Hex) -> Option<[Vertex; 2]> {
        let cb = self.corners(b);
        let shared: Vec<Vertex> = self
            .corners(a)
            .into_iter()
            .filter(|v| cb.contains(v))
            .collect();
        match shared.as_slice() {
            [x, y] => Some([*x, *y]),
            _ => None,
        }
    }
}

/// A hex corner, on an integer lattice of half a hex width by half a circumradius.
/// Three hexes and three hexsides meet at each vertex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vertex(pub i32, pub i32);

impl Vertex {
    /// The three vertices one hexside away.
    #[must_use]
    pub fn neighbors(self) -> [Vertex; 3] {
        let Vertex(x, y) = self;
        // Corners come in two kinds: "upper" corners (one edge straight down) and "lower"
        // corners (one edge straight up); which one depends on the lattice row parity.
        if (y + 2).rem_euclid(3) == 0 {
            // A top corner of some hex: straight edge goes up to (x, y-2).
            [Vertex(x, y - 2), Vertex(x - 1, y + 1), Vertex(x + 1, y + 1)]
        } else {
            [Vertex(x, y + 2), Vertex(x - 1, y - 1), Vertex(x + 1, y - 1)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_round_trip_over_a_map() {
        for row in 0..40 {
            for col in 0..50 {
                let o = Offset::new(col, row);
                assert_eq!(Offset::from_hex(o.to_hex()), o);
            }
        }
    }

    #[test]
    fn odd_rows_are_shoved_east() {
        let g = HexGeometry::new(2.0);
        let even = g.center(Offset::new(3, 2).to_hex());
        let odd = g.center(Offset::new(3, 3).to_hex());
        assert!((even.x - 6.0).abs() < 1e-9);
        assert!((odd.x - 7.0).abs() < 1e-9);
        assert!(odd.y > even.y, "rows grow southward");
    }

    #[test]
    fn neighbours_are_one_hex_width_apart() {
        let g = HexGeometry::new(2.0);
        let h = Offset::new(5, 5).to_hex();
        for n in neighbors(h) {
            assert!((g.center(h).distance(g.center(n)) - 2.0).abs() < 1e-9);
        }
    }

    #[test]
    fn vertex_neighbours_are_shared_hexsides() {
        let g = HexGeometry::new(2.0);
        let h = Offset::new(6, 3).to_hex();
        let c = g.corners(h);
        for i in 0..6 {
            let (a, b) = (c[i], c[(i + 1) % 6]);
            assert!(a.neighbors().contains(&b), "{a:?} {b:?}");
            assert!(b.neighbors().contains(&a));
            let hexes = g.hexes_of_edge(a, b);
            assert!(hexes.contains(&h));
            let other = if hexes[0] == h { hexes[1] } else { hexes[0] };
            assert!(direction_index(h, other).is_some());
            let shared = g.shared_vertices(h, other).expect("adjacent");
            assert!(shared.contains(&a) && shared.contains(&b));
        }
    }

    #[test]
    fn nearest_vertex_is_a_corner() {
        let g = HexGeometry::new(2.0);
        let h = Offset::new(2, 2).to_hex();
        let c = g.corners(h);
        let p = g.vertex_km(c[2]);
        assert_eq!(g.nearest_vertex(Km::new(p.x - 0.05, p.y + 0.02)), c[2]);
    }
}
