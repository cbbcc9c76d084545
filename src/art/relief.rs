//! Colours of the land: the hypsometric tint by elevation, hill shading lit from the north-west
//! and terrain washes. `kalbajar map --png` shades per pixel and the game per hex; both use
//! these functions so the two pictures agree.

use kalbajar_core::hex::{HexGeometry, Offset, neighbors};
use kalbajar_core::map::{Map, Terrain};

/// Hypsometric tint for an elevation in metres: green valleys, tan uplands, brown high
/// mountains, grey rock and white summits.
#[must_use]
pub fn tint(e: f64) -> [f64; 3] {
    const RAMP: [(f64, [f64; 3]); 8] = [
        (600.0, [112.0, 160.0, 100.0]),
        (1100.0, [158.0, 190.0, 120.0]),
        (1600.0, [210.0, 214.0, 150.0]),
        (2000.0, [226.0, 206.0, 150.0]),
        (2400.0, [206.0, 176.0, 128.0]),
        (2800.0, [178.0, 146.0, 112.0]),
        (3200.0, [200.0, 190.0, 182.0]),
        (3600.0, [246.0, 246.0, 246.0]),
    ];
    if e <= RAMP[0].0 {
        return RAMP[0].1;
    }
    for w in RAMP.windows(2) {
        let ((e0, c0), (e1, c1)) = (w[0], w[1]);
        if e <= e1 {
            let t = (e - e0) / (e1 - e0);
            return [
                c0[0] + (c1[0] - c0[0]) * t,
                c0[1] + (c1[1] - c0[1]) * t,
                c0[2] + (c1[2] - c0[2]) * t,
            ];
        }
    }
    RAMP[RAMP.len() - 1].1
}

/// Colour of lake water (not tinted by elevation: a reservoir is flat and blue).
pub const LAKE: [f64; 3] = [120.0, 170.0, 214.0];

/// Brightness factor of a surface with slopes `dx`, `dy` (metres per metre, east and south),
/// lit from the north-west 45° up; relief exaggerated so 2 km hexes show their slopes.
/// 1.2 on a slope facing the light, 0.5 in full shadow, about 1.0 on the flat.
#[must_use]
pub fn hill_shade(dx: f64, dy: f64) -> f64 {
    const EXAGGERATION: f64 = 2.5;
    let light = {
        let (x, y, z) = (-1.0f64, -1.0f64, 1.4f64);
        let n = (x * x + y * y + z * z).sqrt();
        (x / n, y / n, z / n)
    };
    let (nx, ny, nz) = (-dx * EXAGGERATION, -dy * EXAGGERATION, 1.0);
    let len = (nx * nx + ny * ny + nz * nz).sqrt();
    let lambert = ((nx * light.0 + ny * light.1 + nz * light.2) / len).max(0.0);
    0.5 + 0.7 * lambert
}

/// Mixes `other` into `c` by `t` (0: unchanged, 1: `other`).
pub fn mix(c: &mut [f64; 3], other: [f64; 3], t: f64) {
    for i in 0..3 {
        c[i] = c[i] * (1.0 - t) + other[i] * t;
    }
}

/// The land washes both pictures share: forests greener, crests and glaciers paler.
pub fn wash(c: &mut [f64; 3], terrain: Terrain) {
    match terrain {
        Terrain::Forest => mix(c, [70.0, 120.0, 60.0], 0.35),
        Terrain::Crest => mix(c, [255.0, 255.0, 255.0], 0.35),
        _ => {}
    }
}

/// The colour a terrain tile of `hex` is multiplied by in the game: the elevation tint with the
/// terrain washes, lit by the hex's overall slope, towns and villages in warm grey and lakes
/// blue. Off-map hexes are mid grey.
#[must_use]
pub fn hex_colour(map: &Map, hex: Offset) -> [u8; 3] {
    let h = hex.to_hex();
    let Some(d) = map.get(h) else {
        return [128, 128, 128];
    };
    let c = if d.terrain == Terrain::Lake {
        LAKE
    } else {
        let (dx, dy) = hex_slope(map, hex);
        let mut c = tint(f64::from(d.elevation));
        wash(&mut c, d.terrain);
        // Built-up hexes read as settlements whatever their height.
        match d.terrain {
            Terrain::Town => mix(&mut c, [205.0, 196.0, 184.0], 0.6),
            Terrain::Village => mix(&mut c, [214.0, 204.0, 186.0], 0.35),
            _ => {}
        }
        let s = hill_shade(dx, dy);
        [c[0] * s, c[1] * s, c[2] * s]
    };
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped"
    )]
    c.map(|v| v.round().clamp(0.0, 255.0) as u8)
}

/// Slope of the hex in metres per metre (east, south): the least-squares plane through the
/// elevations of its neighbours. Neighbours off the map count as level with the hex.
fn hex_slope(map: &Map, hex: Offset) -> (f64, f64) {
    let g = HexGeometry::new(map.file().hex_km);
    let h = hex.to_hex();
    let Some(own) = map.get(h).map(|d| f64::from(d.elevation)) else {
        return (0.0, 0.0);
    };
    let c = g.center(h);
    let (mut sx, mut sy) = (0.0, 0.0);
    for n in neighbors(h) {
        let e = map.get(n).map_or(own, |d| f64::from(d.elevation));
        let p = g.center(n);
        let (ux, uy) = ((p.x - c.x) / g.across_flats, (p.y - c.y) / g.across_flats);
        sx += (e - own) * ux;
        sy += (e - own) * uy;
    }
    // Six unit vectors sum to 3·I in their outer products: divide by 3 and by the distance.
    let d = 3.0 * g.across_flats * 1000.0;
    (sx / d, sy / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tints_rise_through_the_ramp() {
        assert!(tint(500.0)[1] > tint(500.0)[0], "lowlands are green");
        assert!(tint(3700.0)[0] > 240.0, "high peaks are near white");
    }

    #[test]
    fn north_west_slopes_are_lit() {
        assert!((hill_shade(0.0, 0.0) - 0.5 - 0.7 * 1.4 / 3.96f64.sqrt()).abs() < 1e-9);
        // Rising toward the south-east faces the north-west light.
        assert!(hill_shade(0.2, 0.2) > hill_shade(0.0, 0.0));
        assert!(hill_shade(-0.2, -0.2) < hill_shade(0.0, 0.0));
    }

    #[test]
    fn hex_colours_carry_the_terrain_hue() {
        use kalbajar_core::load::read_ron;
        use kalbajar_core::map::MapFile;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/kalbajar_1993/map.ron"
        );
        let file: MapFile = read_ron(std::path::Path::new(path)).expect("the map reads");
        let map = Map::new(file).expect("the map is valid");
        // Mean green-minus-red and saturation per terrain class.
        let mut sums = std::collections::BTreeMap::<Terrain, (f64, f64, f64)>::new();
        for h in map.hexes() {
            let o = Offset::from_hex(h);
            let t = map.get(h).expect("on the map").terrain;
            let [r, g, b] = hex_colour(&map, o).map(f64::from);
            if t == Terrain::Lake {
                assert!(b > r + 40.0 && b > g, "lake {o} is not blue: {r} {g} {b}");
            }
            let e = sums.entry(t).or_default();
            e.0 += g - r;
            e.1 += r.max(g).max(b) - r.min(g).min(b);
            e.2 += 1.0;
        }
        let mean = |t: Terrain| {
            sums.get(&t)
                .map(|(a, s, n)| (a / n, s / n))
                .expect("present")
        };
        assert!(
            mean(Terrain::Forest).0 > mean(Terrain::Open).0 + 10.0,
            "forest greener"
        );
        assert!(
            mean(Terrain::Town).1 < mean(Terrain::Open).1,
            "towns in grey"
        );
        assert_eq!(hex_colour(&map, Offset::new(-1, 0)), [128, 128, 128]);
    }
}
