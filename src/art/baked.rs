//! The whole map baked into one tile per hex: the terrain texture coloured with the hex's
//! elevation tint and hill shading, with the roads, rivers, bridges, the tunnel and the borders
//! drawn over it. The game shows the map as a single tile layer, so a software renderer shades
//! each map pixel once instead of once per layer.

use super::ArtImage;
use super::overlay::{OverlayFrame, map_overlay};
use super::relief::hex_colour;
use super::tiles::{TileSize, terrain_tile};
use kalbajar_core::hex::Offset;
use kalbajar_core::map::{Map, Terrain};

/// Tiles of hexes as the layers of a texture array, each with its chain of smaller copies
/// (mip levels), so that a zoomed-out view reads small textures instead of skipping over
/// large ones.
#[derive(Debug, Clone)]
pub struct TileLayers {
    pub tile: TileSize,
    /// Mip levels per layer, the first at full size.
    pub levels: u32,
    /// Layer after layer, each with its levels from the largest: the order a GPU upload of
    /// a layered, mipmapped texture takes.
    pub data: Vec<u8>,
    /// The layer of each hex baked, in the order asked for.
    pub index: Vec<(Offset, u32)>,
}

/// What every tile is made from: the overlay of lines over the whole map and the terrain
/// faces, drawn once.
pub struct MapBaker<'m> {
    map: &'m Map,
    tile: TileSize,
    frame: OverlayFrame,
    lines: ArtImage,
    faces: Vec<ArtImage>,
}

impl<'m> MapBaker<'m> {
    /// Draws the lines and the terrain faces for tiles of size `tile`.
    #[must_use]
    pub fn new(map: &'m Map, tile: TileSize) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "small tiles")]
        let frame = OverlayFrame::new(tile.radius_px.max(1) as f32);
        Self {
            map,
            tile,
            frame,
            lines: map_overlay(map, &frame),
            faces: Terrain::ALL
                .iter()
                .map(|t| terrain_tile(*t, tile))
                .collect(),
        }
    }

    /// The tile of one hex: its terrain face times its colour, the lines over it.
    ///
    /// The tile's pixels lie at the overlay's scale around the hex centre, so where two
    /// tiles overlap by their rounding they show the same ground and no seam appears.
    #[must_use]
    pub fn tile(&self, o: Offset) -> ArtImage {
        let (tw, th) = (self.tile.width().max(1), self.tile.height().max(2));
        let terrain = self
            .map
            .get(o.to_hex())
            .map_or(Terrain::Open, |data| data.terrain);
        let face = &self.faces[Terrain::ALL.iter().position(|t| *t == terrain).unwrap_or(0)];
        let colour = hex_colour(self.map, o);
        let (cx, cy) = self.frame.hex_centre_px(o);
        #[expect(clippy::cast_precision_loss, reason = "small tiles")]
        let (half_w, s) = (tw as f32 / 2.0, self.tile.radius_px.max(1) as f32);
        let mut out = ArtImage {
            width: tw,
            height: th,
            rgba: vec![0; (tw * th * 4) as usize],
        };
        for y in 0..th {
            for x in 0..tw {
                let i = ((y * tw + x) * 4) as usize;
                if face.rgba[i + 3] == 0 {
                    continue;
                }
                let mut px = [0u8; 4];
                for c in 0..3 {
                    px[c] = mul(face.rgba[i + c], colour[c]);
                }
                px[3] = 255;
                #[expect(clippy::cast_precision_loss, reason = "small tiles")]
                let (fx, fy) = (cx + x as f32 + 0.5 - half_w, cy + y as f32 + 0.5 - s);
                over(&mut px, sample(&self.lines, fx, fy));
                out.rgba[i..i + 4].copy_from_slice(&px);
            }
        }
        out
    }

    /// Bakes the tiles of `hexes`, in that order, as the layers of one texture with `levels`
    /// mip levels each.
    #[must_use]
    pub fn bake(&self, hexes: &[Offset], levels: u32) -> TileLayers {
        let levels = levels.max(1);
        let mut data = Vec::new();
        let mut index = Vec::with_capacity(hexes.len());
        for (i, &o) in hexes.iter().enumerate() {
            let mut level = self.tile(o);
            for _ in 1..levels {
                let next = half_size(&level);
                data.extend_from_slice(&level.rgba);
                level = next;
            }
            data.extend_from_slice(&level.rgba);
            index.push((o, u32::try_from(i).unwrap_or(u32::MAX)));
        }
        TileLayers {
            tile: self.tile,
            levels,
            data,
            index,
        }
    }
}

/// The next mip level of a hex tile: each pixel the mean of the opaque pixels among the four
/// it covers, and opaque if any of them is. The hex keeps a hard edge at every level and
/// grows by up to a pixel, so zoomed-out tiles overlap their neighbours instead of letting the
/// background show through between them.
#[must_use]
pub fn half_size(img: &ArtImage) -> ArtImage {
    let (w, h) = ((img.width / 2).max(1), (img.height / 2).max(1));
    let mut out = ArtImage {
        width: w,
        height: h,
        rgba: vec![0; (w * h * 4) as usize],
    };
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            let mut n = 0u32;
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let p = img.pixel(2 * x + dx, 2 * y + dy);
                if p[3] > 0 {
                    for c in 0..3 {
                        sum[c] += u32::from(p[c]);
                    }
                    n += 1;
                }
            }
            let i = ((y * w + x) * 4) as usize;
            for (dst, total) in out.rgba[i..i + 3].iter_mut().zip(sum) {
                if let Some(mean) = (total + n / 2).checked_div(n) {
                    *dst = u8::try_from(mean).unwrap_or(u8::MAX);
                }
            }
            if n > 0 {
                out.rgba[i + 3] = 255;
            }
        }
    }
    out
}

/// `a·b/255`, rounded.
fn mul(a: u8, b: u8) -> u8 {
    let p = u16::from(a) * u16::from(b) + 128;
    u8::try_from((p + (p >> 8)) >> 8).unwrap_or(u8::MAX)
}

/// Bilinear sample of a straight-alpha image at pixel coordinates (pixel centres at +½),
/// returned premultiplied as `[r, g, b, a]` in 0..=1.
fn sample(img: &ArtImage, x: f32, y: f32) -> [f32; 4] {
    let (x, y) = (x - 0.5, y - 0.5);
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (x - fx, y - fy);
    let mut out = [0f32; 4];
    for (px, py, w) in [
        (fx, fy, (1.0 - tx) * (1.0 - ty)),
        (fx + 1.0, fy, tx * (1.0 - ty)),
        (fx, fy + 1.0, (1.0 - tx) * ty),
        (fx + 1.0, fy + 1.0, tx * ty),
    ] {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "pixel coordinates; negative ones fall outside the image"
        )]
        let p = if px < 0.0 || py < 0.0 {
            [0; 4]
        } else {
            img.pixel(px as u32, py as u32)
        };
        let a = f32::from(p[3]) / 255.0;
        for c in 0..3 {
            out[c] += w * a * f32::from(p[c]) / 255.0;
        }
        out[3] += w * a;
    }
    out
}

/// Draws a premultiplied colour over an opaque pixel.
fn over(px: &mut [u8; 4], top: [f32; 4]) {
    if top[3] <= 0.0 {
        return;
    }
    for c in 0..3 {
        let v = top[c] * 255.0 + f32::from(px[c]) * (1.0 - top[3]);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to a byte"
        )]
        {
            px[c] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::art::overlay::tests::real_map;

    /// The pixel `(x, y)` of a hex's tile, and the same pixel of its plain terrain (texture
    /// times the hex colour, nothing drawn over it).
    fn tile_and_plain(
        baker: &MapBaker,
        map: &Map,
        o: Offset,
        x: u32,
        y: u32,
    ) -> ([u8; 4], [u8; 4]) {
        let terrain = map.get(o.to_hex()).expect("on the map").terrain;
        let face = terrain_tile(terrain, baker.tile).pixel(x, y);
        let c = hex_colour(map, o);
        let plain = [
            mul(face[0], c[0]),
            mul(face[1], c[1]),
            mul(face[2], c[2]),
            face[3],
        ];
        (baker.tile(o).pixel(x, y), plain)
    }

    fn ink(a: [u8; 4], b: [u8; 4]) -> bool {
        (0..3).map(|c| a[c].abs_diff(b[c]) as u32).sum::<u32>() > 60
    }

    #[test]
    fn every_hex_gets_a_layer_with_its_smaller_copies() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let hexes: Vec<Offset> = map.hexes().map(Offset::from_hex).take(40).collect();
        let layers = baker.bake(&hexes, 3);
        let (tw, th) = (baker.tile.width() as usize, baker.tile.height() as usize);
        let per_layer = 4 * (tw * th + (tw / 2) * (th / 2) + (tw / 4) * (th / 4));
        assert_eq!(layers.data.len(), hexes.len() * per_layer);
        assert_eq!(layers.levels, 3);
        for (i, &(o, layer)) in layers.index.iter().enumerate() {
            assert_eq!((o, layer as usize), (hexes[i], i));
            // The layer starts with the hex's full-size tile.
            let start = i * per_layer;
            assert_eq!(
                &layers.data[start..start + 4 * tw * th],
                baker.tile(o).rgba.as_slice(),
                "{o}"
            );
        }
    }

    #[test]
    fn every_tile_is_shaped_as_its_hex() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let (tw, th) = (baker.tile.width(), baker.tile.height());
        for o in map.hexes().map(Offset::from_hex) {
            let t = baker.tile(o);
            assert_eq!(
                t.pixel(0, 0)[3],
                0,
                "{o}: the tile's corner is outside the hex"
            );
            assert_eq!(t.pixel(tw / 2, th / 2)[3], 255, "{o}: the hex is opaque");
        }
    }

    #[test]
    fn smaller_copies_keep_a_hard_edge_and_the_mean_colour() {
        // A 4×4 tile: an opaque red and blue left half, clear right half but one pixel.
        let mut img = ArtImage {
            width: 4,
            height: 4,
            rgba: vec![0; 64],
        };
        for y in 0..4 {
            for x in 0..2 {
                let i = (y * 4 + x) * 4;
                let c = if x == 0 {
                    [255, 0, 0, 255]
                } else {
                    [0, 0, 255, 255]
                };
                img.rgba[i..i + 4].copy_from_slice(&c);
            }
        }
        img.rgba[(3 * 4 + 3) * 4..(3 * 4 + 3) * 4 + 4].copy_from_slice(&[0, 255, 0, 255]);
        let half = half_size(&img);
        assert_eq!((half.width, half.height), (2, 2));
        assert_eq!(half.pixel(0, 0), [128, 0, 128, 255], "mean of red and blue");
        assert_eq!(half.pixel(1, 0), [0, 0, 0, 0], "nothing opaque: clear");
        assert_eq!(
            half.pixel(1, 1),
            [0, 255, 0, 255],
            "one opaque pixel: opaque, its colour"
        );
    }

    #[test]
    fn where_nothing_is_drawn_the_tile_is_the_plain_terrain() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let frame = OverlayFrame::new(20.0);
        let lines = map_overlay(&map, &frame);
        let (tw, th) = (baker.tile.width(), baker.tile.height());
        let (mut clear, mut all) = (0, 0);
        for o in map.hexes().map(Offset::from_hex) {
            all += 1;
            let (cx, cy) = frame.hex_centre_px(o);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "test"
            )]
            let around = (0..3)
                .flat_map(|dy| (0..3).map(move |dx| (cx as u32 + dx - 1, cy as u32 + dy - 1)))
                .all(|(x, y)| lines.pixel(x, y)[3] == 0);
            if around {
                clear += 1;
                let (tile, plain) = tile_and_plain(&baker, &map, o, tw / 2, th / 2);
                assert_eq!(tile, plain, "{o}: nothing drawn at the centre");
            }
        }
        assert!(
            clear > all / 2,
            "{clear} of {all} hexes with a clear centre"
        );
    }

    #[test]
    fn roads_run_on_across_the_seam_between_two_tiles() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let frame = OverlayFrame::new(20.0);
        let (tw, s) = (baker.tile.width(), 20.0f32);
        let mut sides = 0;
        for h in map.hexes() {
            for n in map.neighbors(h) {
                if map.side(h, n).road.is_none() {
                    continue;
                }
                sides += 1;
                // Near the middle of the shared edge, from each side: road ink on both tiles.
                for (a, b) in [(h, n), (n, h)] {
                    let (oa, ob) = (Offset::from_hex(a), Offset::from_hex(b));
                    let (ca, cb) = (frame.hex_centre_px(oa), frame.hex_centre_px(ob));
                    let found = (30..=45).any(|k| {
                        #[expect(clippy::cast_precision_loss, reason = "test")]
                        let f = k as f32 / 100.0;
                        let (dx, dy) = ((cb.0 - ca.0) * f, (cb.1 - ca.1) * f);
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            clippy::cast_precision_loss,
                            reason = "test"
                        )]
                        let (x, y) = ((tw as f32 / 2.0 + dx) as u32, (s + dy) as u32);
                        (x.saturating_sub(1)..=x + 1).any(|x| {
                            (y.saturating_sub(1)..=y + 1).any(|y| {
                                let (tile, plain) = tile_and_plain(&baker, &map, oa, x, y);
                                tile[3] == 255 && ink(tile, plain)
                            })
                        })
                    });
                    assert!(found, "no road on {oa}'s tile toward {ob}");
                }
            }
        }
        assert!(sides > 50, "{sides} road sides");
    }

    #[test]
    fn multiplying_by_white_keeps_the_colour_and_by_black_gives_black() {
        for a in [0u8, 1, 77, 128, 254, 255] {
            assert_eq!(mul(a, 255), a);
            assert_eq!(mul(a, 0), 0);
        }
        assert_eq!(mul(128, 128), 64);
    }

    #[test]
    fn sampling_between_pixels_blends_premultiplied() {
        // An opaque red pixel beside a clear one: halfway is half-covered red, not dark.
        let img = ArtImage {
            width: 2,
            height: 1,
            rgba: vec![255, 0, 0, 255, 0, 0, 0, 0],
        };
        let s = sample(&img, 1.0, 0.5);
        assert!((s[3] - 0.5).abs() < 1e-6);
        assert!((s[0] - 0.5).abs() < 1e-6);
        let mut px = [0, 0, 255, 255];
        over(&mut px, s);
        assert_eq!(px, [128, 0, 128, 255]);
        // Outside the image: nothing.
        assert_eq!(sample(&img, -5.0, 0.5), [0.0; 4]);
    }
}
