//! Projection from latitude/longitude to the map plane.
//!
//! An equirectangular projection around one standard parallel: at this map's size (about
//! 85 × 60 km) its distortion stays far below a hex.

use crate::hex::Km;

/// Kilometres per degree of latitude (mean, WGS 84).
const KM_PER_DEG_LAT: f64 = 110.574;
/// Kilometres per degree of longitude at the equator (WGS 84).
const KM_PER_DEG_LON_EQUATOR: f64 = 111.320;

/// Maps lat/lon to km east of the western edge and south of the northern edge.
///
/// ```
/// use kalbajar_core::geo::Projection;
/// let p = Projection::new(40.1, 40.36, 45.65);
/// let km = p.to_km(40.1067, 46.0383);
/// let (lat, lon) = p.to_lat_lon(km);
/// assert!((lat - 40.1067).abs() < 1e-9 && (lon - 46.0383).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    km_per_deg_lon: f64,
    lat_north: f64,
    lon_west: f64,
}

impl Projection {
    /// A projection with standard parallel `projection_lat` and origin at the north-west corner.
    #[must_use]
    pub fn new(projection_lat: f64, lat_north: f64, lon_west: f64) -> Self {
        Self {
            km_per_deg_lon: KM_PER_DEG_LON_EQUATOR * projection_lat.to_radians().cos(),
            lat_north,
            lon_west,
        }
    }

    #[must_use]
    pub fn to_km(&self, lat: f64, lon: f64) -> Km {
        Km::new(
            (lon - self.lon_west) * self.km_per_deg_lon,
            (self.lat_north - lat) * KM_PER_DEG_LAT,
        )
    }

    #[must_use]
    pub fn to_lat_lon(&self, p: Km) -> (f64, f64) {
        (
            self.lat_north - p.y / KM_PER_DEG_LAT,
            self.lon_west + p.x / self.km_per_deg_lon,
        )
    }
}

/// Whether a point lies inside a polygon (even-odd rule), in any planar coordinates.
#[must_use]
pub fn point_in_polygon(p: (f64, f64), poly: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let n = poly.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (yi, xi) = poly[i];
        let (yj, xj) = poly[j];
        if ((yi > p.0) != (yj > p.0)) && (p.1 < (xj - xi) * (p.0 - yi) / (yj - yi) + xi) {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Distance from `p` to the segment `a`–`b`, and the fraction along it of the closest point.
#[must_use]
pub fn distance_to_segment(p: Km, a: Km, b: Km) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    (p.distance(a.lerp(b, t)), t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kalbajar_to_vardenis_is_about_28_km() {
        // The data brief gives 28 km from the town to Vardenis.
        let p = Projection::new(40.1, 40.36, 45.65);
        let d = p.to_km(40.1067, 46.0383).distance(p.to_km(40.18, 45.72));
        assert!((d - 28.0).abs() < 1.5, "{d}");
    }

    #[test]
    fn polygon_contains_its_centre_and_not_outside() {
        let square = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)];
        assert!(point_in_polygon((0.5, 0.5), &square));
        assert!(!point_in_polygon((1.5, 0.5), &square));
    }
}
