//! The transparent layers drawn over the terrain tiles: roads, rivers, borders, the start line
//! and exits ([`map_overlay`]); the hex grid ([`grid_overlay`]). Place names are not drawn: the
//! game sets them as text so they stay sharp at every zoom.

use super::ArtImage;
use super::draw::{
    View, draw_boundaries, draw_exit_arrows, draw_grid, draw_rivers, draw_roads, paint,
};
use kalbajar_core::hex::{HexGeometry, Offset};
use kalbajar_core::map::Map;
use tiny_skia::Pixmap;

/// Where hexes lie on the overlay images: pointy-top hexes of circumradius `hex_radius_px`,
/// odd rows shifted right by half a hex width, hex (0,0) touching the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OverlayFrame {
    /// Centre-to-corner distance of a hex in pixels (S).
    pub hex_radius_px: f32,
}

impl OverlayFrame {
    #[must_use]
    pub const fn new(hex_radius_px: f32) -> Self {
        Self { hex_radius_px }
    }

    /// Width of a hex across the flats in pixels: √3·S.
    #[must_use]
    pub fn hex_width_px(self) -> f32 {
        3f32.sqrt() * self.hex_radius_px
    }

    /// Image size for a map of `cols × rows` hexes: ⌈w·(cols + ½)⌉ × ⌈S·(1.5·rows + ½)⌉.
    #[must_use]
    pub fn size(self, cols: i32, rows: i32) -> (u32, u32) {
        let (w, s) = (self.hex_width_px(), self.hex_radius_px);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "pixel sizes of maps at most 1000 hexes a side"
        )]
        (
            (w * (cols.max(0) as f32 + 0.5)).ceil() as u32,
            (s * (1.5 * rows.max(0) as f32 + 0.5)).ceil() as u32,
        )
    }

    /// Image size for a map.
    #[must_use]
    pub fn size_of(self, map: &Map) -> (u32, u32) {
        self.size(map.width(), map.height())
    }

    /// Pixel centre of a hex: x = w·(col + ½·(row & 1)) + w/2, y = S + 1.5·S·row.
    #[must_use]
    pub fn hex_centre_px(self, hex: Offset) -> (f32, f32) {
        let (w, s) = (self.hex_width_px(), self.hex_radius_px);
        #[expect(clippy::cast_precision_loss, reason = "small coordinates")]
        (
            w * (hex.col as f32 + 0.5 * (hex.row & 1) as f32) + w / 2.0,
            s + 1.5 * s * hex.row as f32,
        )
    }

    /// The drawing view of a map on this frame (pixels per km from the map's hex size).
    fn view(self, map: &Map) -> View {
        let geometry = HexGeometry::new(map.file().hex_km);
        #[expect(clippy::cast_possible_truncation, reason = "pixel scale")]
        let scale = self.hex_radius_px / geometry.radius() as f32;
        View {
            geometry,
            scale,
            origin: (0.0, 0.0),
            // Hairlines as in the review picture at S = 24 px, growing with the hexes.
            line: self.hex_radius_px / 24.0,
        }
    }

    fn pixmap(self, map: &Map) -> Pixmap {
        let (w, h) = self.size_of(map);
        Pixmap::new(w.max(1), h.max(1)).expect("a non-empty image")
    }
}

/// Roads by class, bridges, the tunnel, rivers, the state and district borders, the front line
/// at the start and exit arrows, on a transparent image the size of the map.
#[must_use]
pub fn map_overlay(map: &Map, frame: &OverlayFrame) -> ArtImage {
    let mut pm = frame.pixmap(map);
    let view = frame.view(map);
    draw_boundaries(&mut pm, map, &view);
    draw_rivers(&mut pm, map, &view);
    draw_roads(&mut pm, map, &view);
    // Inside the edge hex: the overlay has no margin.
    draw_exit_arrows(&mut pm, map, &view, 0.85, 0.55, 0.35);
    ArtImage::from_pixmap(&pm)
}

/// Thin dark hex outlines on a transparent image the size of the map.
#[must_use]
pub fn grid_overlay(map: &Map, frame: &OverlayFrame) -> ArtImage {
    let mut pm = frame.pixmap(map);
    let view = frame.view(map);
    draw_grid(&mut pm, map, &view, &paint(30, 30, 30, 70));
    ArtImage::from_pixmap(&pm)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use kalbajar_core::load::read_ron;
    use kalbajar_core::map::{MapFile, Terrain};

    /// The shipped map, for the art's tests.
    pub(crate) fn real_map() -> Map {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/kalbajar_1993/map.ron"
        );
        let file: MapFile = read_ron(std::path::Path::new(path)).expect("the map reads");
        Map::new(file).expect("the map is valid")
    }

    #[test]
    fn hex_centres_are_spaced_as_pointy_top_odd_r() {
        let f = OverlayFrame::new(24.0);
        let w = 3f32.sqrt() * 24.0;
        let close = |a: (f32, f32), b: (f32, f32)| {
            assert!(
                (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3,
                "{a:?} vs {b:?}"
            );
        };
        close(f.hex_centre_px(Offset::new(0, 0)), (w / 2.0, 24.0));
        close(f.hex_centre_px(Offset::new(1, 0)), (w * 1.5, 24.0));
        // The odd row is shifted right by half a hex and lies 1.5·S lower.
        close(f.hex_centre_px(Offset::new(0, 1)), (w, 60.0));
        assert_eq!(
            f.size(44, 34),
            ((w * 44.5).ceil() as u32, (24.0f32 * 51.5).ceil() as u32)
        );
    }

    /// Whether a pixel is road ink: paved red or dirt and track brown, opaque.
    fn is_road(p: [u8; 4]) -> bool {
        p[3] > 200 && p[0] > 80 && p[0] > p[1] + 40 && p[0] > p[2] + 40
    }

    fn disc(img: &ArtImage, (x, y): (f32, f32), r: f32) -> Vec<[u8; 4]> {
        let mut out = Vec::new();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "test"
        )]
        for py in (y - r).max(0.0) as u32..=(y + r) as u32 {
            for px in (x - r).max(0.0) as u32..=(x + r) as u32 {
                #[expect(clippy::cast_precision_loss, reason = "test")]
                let d = (px as f32 + 0.5 - x).hypot(py as f32 + 0.5 - y);
                if d <= r {
                    out.push(img.pixel(px, py));
                }
            }
        }
        out
    }

    #[test]
    fn roads_are_drawn_where_the_map_has_them_and_not_on_lakes() {
        let map = real_map();
        let frame = OverlayFrame::new(24.0);
        let img = map_overlay(&map, &frame);
        assert_eq!((img.width, img.height), frame.size_of(&map));
        let mut roads = 0;
        let mut lakes = 0;
        for h in map.hexes() {
            let o = Offset::from_hex(h);
            let c = frame.hex_centre_px(o);
            let terrain = map.get(h).expect("on the map").terrain;
            for n in map.neighbors(h) {
                if map.side(h, n).road.is_none() {
                    continue;
                }
                roads += 1;
                // Along the first 40 % of the way to the neighbour (tracks are dashed).
                let d = frame.hex_centre_px(Offset::from_hex(n));
                let found = (0..=8).any(|i| {
                    #[expect(clippy::cast_precision_loss, reason = "small")]
                    let t = 0.05 * i as f32;
                    let p = (c.0 + (d.0 - c.0) * t, c.1 + (d.1 - c.1) * t);
                    disc(&img, p, 1.5).into_iter().any(is_road)
                });
                assert!(
                    found,
                    "no road drawn from {o} toward {}",
                    Offset::from_hex(n)
                );
            }
            // The Sarsang dam hex is a lake with the road on its crest: only roadless lakes.
            if terrain == Terrain::Lake && map.neighbors(h).all(|n| map.side(h, n).road.is_none()) {
                lakes += 1;
                assert!(
                    !disc(&img, c, 10.0).into_iter().any(is_road),
                    "a road drawn on the lake at {o}"
                );
            }
        }
        assert!(
            roads > 50 && lakes > 0,
            "{roads} road hexes, {lakes} lake hexes"
        );
        // Away from every feature the overlay is clear, so the tiles show through.
        let clear = img.rgba.chunks_exact(4).filter(|p| p[3] == 0).count();
        assert!(clear * 10 > img.rgba.len() / 4 * 8, "mostly transparent");
    }

    #[test]
    fn the_grid_outlines_hexes_and_leaves_centres_clear() {
        let map = real_map();
        let frame = OverlayFrame::new(24.0);
        let img = grid_overlay(&map, &frame);
        let o = Offset::new(5, 5);
        let (x, y) = frame.hex_centre_px(o);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "test"
        )]
        {
            assert_eq!(img.pixel(x as u32, y as u32)[3], 0);
            // The top corner of the hex lies on the outline.
            assert!(img.pixel(x as u32, (y - 24.0) as u32)[3] > 0);
        }
    }
}
