//! The whole map baked into one image: every hex's terrain texture coloured with its
//! elevation tint and hill shading, with the roads, rivers, bridges, the tunnel and the borders
//! drawn over it. The game shows it as a few large textured quads, so a software renderer
//! shades each map pixel once, with no per-hex triangles, blending seams or overdraw.

use super::ArtImage;
use super::overlay::{OverlayFrame, map_overlay};
use super::relief::hex_colour;
use super::tiles::{TileSize, terrain_tile};
use kalbajar_core::hex::Offset;
use kalbajar_core::map::{Map, Terrain};

/// What the map is made from: the overlay of lines over the whole map and the terrain faces,
/// drawn once.
pub struct MapBaker<'m> {
    map: &'m Map,
    tile: TileSize,
    frame: OverlayFrame,
    lines: ArtImage,
    faces: Vec<ArtImage>,
}

impl<'m> MapBaker<'m> {
    /// Draws the lines and the terrain faces for hexes of `tile.radius_px` pixels.
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

    /// Where the map image's pixels lie: hexes of `tile.radius_px` pixels.
    #[must_use]
    pub fn frame(&self) -> OverlayFrame {
        self.frame
    }

    /// The roads, rivers, borders and the rest drawn over the terrain, on a transparent image
    /// the size of the map.
    #[must_use]
    pub fn lines(&self) -> &ArtImage {
        &self.lines
    }

    /// The whole map at the overlay frame's scale: every hex painted where it lies, and
    /// transparent around the map's ragged edge. The width and height are rounded up to a
    /// multiple of `multiple` (with transparent pixels), so that halving them for smaller
    /// copies never drops a pixel.
    #[must_use]
    pub fn map_image(&self, multiple: u32) -> ArtImage {
        let m = multiple.max(1);
        let (w, h) = self.frame.size_of(self.map);
        let (w, h) = (w.div_ceil(m) * m, h.div_ceil(m) * m);
        let mut out = ArtImage {
            width: w,
            height: h,
            rgba: vec![0; (w as usize) * (h as usize) * 4],
        };
        for o in self.map.hexes().map(Offset::from_hex) {
            self.paint(o, &mut out);
        }
        out
    }

    /// Where the top-left corner of a hex's face lies on the map image.
    fn face_origin(&self, o: Offset) -> (f32, f32) {
        let (cx, cy) = self.frame.hex_centre_px(o);
        #[expect(clippy::cast_precision_loss, reason = "small tiles")]
        let (half_w, s) = (
            self.tile.width().max(1) as f32 / 2.0,
            self.tile.radius_px.max(1) as f32,
        );
        (cx - half_w, cy - s)
    }

    /// Paints hex `o` on the map image `canvas`: each pixel whose centre falls on a texel of
    /// the hex's face takes that texel times the hex colour, with the same pixel of the lines
    /// drawn over it. Faces are a rounded pixel wider than the hexes' spacing, so
    /// neighbours overlap by a sliver and no pixel between them stays empty.
    fn paint(&self, o: Offset, canvas: &mut ArtImage) {
        let (tw, th) = (self.tile.width().max(1), self.tile.height().max(2));
        let terrain = self
            .map
            .get(o.to_hex())
            .map_or(Terrain::Open, |data| data.terrain);
        let face = &self.faces[Terrain::ALL.iter().position(|t| *t == terrain).unwrap_or(0)];
        let colour = hex_colour(self.map, o);
        let (tx, ty) = self.face_origin(o);
        // The face's box on the canvas, clipped to it.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "clamped to the canvas, at most a few thousand pixels a side"
        )]
        let span = |from: f32, len: u32, size: u32| {
            let clip = |v: f32| v.clamp(0.0, size as f32) as u32;
            clip(from.floor())..clip((from + len as f32).ceil())
        };
        let xs = span(tx, tw, canvas.width);
        for y in span(ty, th, canvas.height) {
            #[expect(clippy::cast_precision_loss, reason = "small coordinates")]
            let Some(v) = texel(y as f32 + 0.5 - ty, th) else {
                continue;
            };
            for x in xs.clone() {
                #[expect(clippy::cast_precision_loss, reason = "small coordinates")]
                let Some(u) = texel(x as f32 + 0.5 - tx, tw) else {
                    continue;
                };
                let f = face.pixel(u, v);
                if f[3] == 0 {
                    continue;
                }
                let mut px = [
                    mul(f[0], colour[0]),
                    mul(f[1], colour[1]),
                    mul(f[2], colour[2]),
                    255,
                ];
                // The lines image has the map image's pixels: no resampling.
                over(&mut px, self.lines.pixel(x, y));
                let i = ((y as usize) * (canvas.width as usize) + x as usize) * 4;
                canvas.rgba[i..i + 4].copy_from_slice(&px);
            }
        }
    }
}

/// The texel of a tile `len` texels long under a point `d` pixels from its start, if any.
fn texel(d: f32, len: u32) -> Option<u32> {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked non-negative; tiles are small"
    )]
    let t = (d >= 0.0).then(|| d.floor() as u32)?;
    (t < len).then_some(t)
}

/// An image and its chain of smaller copies, each half the size of the one before, as one
/// buffer in the order a GPU upload of a mipmapped texture takes.
#[must_use]
pub fn with_smaller_copies(image: ArtImage, levels: u32) -> Vec<u8> {
    let mut smaller: Vec<ArtImage> = Vec::new();
    for _ in 1..levels.max(1) {
        let next = half_size(smaller.last().unwrap_or(&image));
        smaller.push(next);
    }
    // The full-size level is most of the buffer: extend it rather than copy it.
    let mut data = image.rgba;
    data.reserve(smaller.iter().map(|s| s.rgba.len()).sum());
    for s in &smaller {
        data.extend_from_slice(&s.rgba);
    }
    data
}

/// The pieces a `width × height` image is cut into, each at most `max` pixels a side, as
/// `(x, y, w, h)`, row by row.
#[must_use]
fn pieces(width: u32, height: u32, max: u32) -> Vec<(u32, u32, u32, u32)> {
    let max = max.max(1);
    let mut out = Vec::new();
    for y in (0..height).step_by(max as usize) {
        for x in (0..width).step_by(max as usize) {
            out.push((x, y, max.min(width - x), max.min(height - y)));
        }
    }
    out
}

/// `image` cut into pieces at most `max` pixels a side, each with its top-left corner; an
/// image that fits in one piece is returned as it is, without a copy.
#[must_use]
pub fn split(image: ArtImage, max: u32) -> Vec<(u32, u32, ArtImage)> {
    let parts = pieces(image.width, image.height, max);
    if parts.len() <= 1 {
        return vec![(0, 0, image)];
    }
    parts
        .into_iter()
        .map(|(x, y, w, h)| (x, y, crop(&image, x, y, w, h)))
        .collect()
}

/// The part of `image` from `(x, y)`, `w × h` pixels (clipped to the image).
#[must_use]
fn crop(image: &ArtImage, x: u32, y: u32, w: u32, h: u32) -> ArtImage {
    let w = w.min(image.width.saturating_sub(x));
    let h = h.min(image.height.saturating_sub(y));
    let mut rgba = Vec::with_capacity((w as usize) * (h as usize) * 4);
    for row in y..y + h {
        let start = ((row as usize) * (image.width as usize) + x as usize) * 4;
        rgba.extend_from_slice(&image.rgba[start..start + (w as usize) * 4]);
    }
    ArtImage {
        width: w,
        height: h,
        rgba,
    }
}

/// The next mip level: each pixel the mean of the opaque pixels among the four it covers,
/// and opaque if any of them is. The map keeps a hard edge at every level instead of a dark
/// fringe of colour averaged with the transparent ground around it.
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

/// Draws a straight-alpha pixel over an opaque one.
fn over(px: &mut [u8; 4], top: [u8; 4]) {
    let a = u32::from(top[3]);
    if a == 0 {
        return;
    }
    for c in 0..3 {
        let v = (u32::from(top[c]) * a + u32::from(px[c]) * (255 - a) + 127) / 255;
        px[c] = u8::try_from(v).unwrap_or(u8::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::art::overlay::tests::real_map;

    /// The map image's pixel `(x, y)`, and what hex `o`'s plain terrain (its face times its
    /// colour, nothing drawn over it) gives there.
    fn map_and_plain(
        baker: &MapBaker,
        image: &ArtImage,
        map: &Map,
        o: Offset,
        x: u32,
        y: u32,
    ) -> ([u8; 4], [u8; 4]) {
        let terrain = map.get(o.to_hex()).expect("on the map").terrain;
        let (tx, ty) = baker.face_origin(o);
        #[expect(clippy::cast_precision_loss, reason = "test")]
        let (u, v) = (
            texel(x as f32 + 0.5 - tx, baker.tile.width()).expect("on the face"),
            texel(y as f32 + 0.5 - ty, baker.tile.height()).expect("on the face"),
        );
        let face = terrain_tile(terrain, baker.tile).pixel(u, v);
        let c = hex_colour(map, o);
        let plain = [
            mul(face[0], c[0]),
            mul(face[1], c[1]),
            mul(face[2], c[2]),
            face[3],
        ];
        (image.pixel(x, y), plain)
    }

    fn ink(a: [u8; 4], b: [u8; 4]) -> bool {
        (0..3).map(|c| a[c].abs_diff(b[c]) as u32).sum::<u32>() > 60
    }

    #[test]
    fn the_map_image_covers_every_hex_and_nothing_around_the_map() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let image = baker.map_image(4);
        let frame = baker.frame();
        let (w, s) = (frame.hex_width_px(), frame.hex_radius_px);
        let mut inside = 0;
        for o in map.hexes().map(Offset::from_hex) {
            let (cx, cy) = frame.hex_centre_px(o);
            // Every pixel whose centre lies in the hex (less half a pixel at its edge).
            for y in 0..image.height {
                #[expect(clippy::cast_precision_loss, reason = "test")]
                let dy = (y as f32 + 0.5 - cy).abs();
                if dy > s {
                    continue;
                }
                for x in 0..image.width {
                    #[expect(clippy::cast_precision_loss, reason = "test")]
                    let dx = (x as f32 + 0.5 - cx).abs();
                    let margin = 0.5;
                    if dx <= w / 2.0 - margin && dy <= s - dx / 3f32.sqrt() - margin {
                        inside += 1;
                        assert_eq!(image.pixel(x, y)[3], 255, "{o}: pixel ({x}, {y}) is empty");
                    }
                }
            }
        }
        assert!(
            inside > map.hexes().count() * 900,
            "{inside} pixels inside hexes"
        );
        // The top-left corner lies beside hex (0, 0)'s top corner, off the map.
        assert_eq!(image.pixel(0, 0)[3], 0);
        assert_eq!(image.pixel(image.width - 1, image.height - 1)[3], 0);
    }

    #[test]
    fn the_map_image_is_rounded_up_to_whole_smaller_copies() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let (w, h) = baker.frame().size_of(&map);
        let image = baker.map_image(4);
        assert_eq!(image.width % 4, 0);
        assert_eq!(image.height % 4, 0);
        assert!(image.width >= w && image.width < w + 4);
        assert!(image.height >= h && image.height < h + 4);
        assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
        let data = with_smaller_copies(image.clone(), 3);
        let n = (image.width * image.height) as usize;
        assert_eq!(data.len(), 4 * (n + n / 4 + n / 16));
        assert_eq!(&data[..4 * n], image.rgba.as_slice());
        assert_eq!(
            &data[4 * n..4 * (n + n / 4)],
            half_size(&image).rgba.as_slice()
        );
    }

    /// The pieces of an image cover it exactly once, none larger than asked.
    #[test]
    fn pieces_cover_the_image_once() {
        for (w, h, max) in [
            (2930, 1964, 4096),
            (9000, 5000, 4096),
            (10, 7, 4),
            (4, 4, 4),
        ] {
            let parts = pieces(w, h, max);
            let mut covered = 0u64;
            for &(x, y, pw, ph) in &parts {
                assert!(pw <= max && ph <= max && pw > 0 && ph > 0);
                assert!(x + pw <= w && y + ph <= h);
                // Pieces other than the last in a row or column are whole, so they halve
                // exactly when max does.
                assert!(x + pw == w || pw == max);
                assert!(y + ph == h || ph == max);
                covered += u64::from(pw) * u64::from(ph);
            }
            assert_eq!(
                covered,
                u64::from(w) * u64::from(h),
                "{w}x{h} in pieces of {max}"
            );
        }
        assert_eq!(pieces(2930, 1964, 4096), vec![(0, 0, 2930, 1964)]);
    }

    #[test]
    fn an_image_split_into_pieces_is_the_same_image() {
        let image = ArtImage {
            width: 5,
            height: 3,
            rgba: (0..60).collect(),
        };
        let parts = split(image.clone(), 2);
        assert_eq!(parts.len(), 6);
        for (x, y, piece) in &parts {
            for py in 0..piece.height {
                for px in 0..piece.width {
                    assert_eq!(piece.pixel(px, py), image.pixel(x + px, y + py));
                }
            }
        }
        assert_eq!(split(image.clone(), 8), vec![(0, 0, image)]);
    }

    #[test]
    fn crops_take_the_part_asked_for_and_stop_at_the_edge() {
        let image = ArtImage {
            width: 3,
            height: 2,
            rgba: (0..24).collect(),
        };
        let part = crop(&image, 1, 1, 5, 5);
        assert_eq!((part.width, part.height), (2, 1));
        assert_eq!(part.rgba, (16..24).collect::<Vec<u8>>());
        assert_eq!(crop(&image, 0, 0, 3, 2), image);
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
    fn where_nothing_is_drawn_the_map_shows_the_plain_terrain() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let image = baker.map_image(1);
        let lines = &baker.lines;
        let (mut clear, mut all) = (0, 0);
        for o in map.hexes().map(Offset::from_hex) {
            all += 1;
            let (cx, cy) = baker.frame().hex_centre_px(o);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "test"
            )]
            let (x, y) = (cx as u32, cy as u32);
            let around = (0..3)
                .flat_map(|dy| (0..3).map(move |dx| (x + dx - 1, y + dy - 1)))
                .all(|(x, y)| lines.pixel(x, y)[3] == 0);
            if around {
                clear += 1;
                let (shown, plain) = map_and_plain(&baker, &image, &map, o, x, y);
                assert_eq!(shown, plain, "{o}: nothing drawn at the centre");
            }
        }
        assert!(
            clear > all / 2,
            "{clear} of {all} hexes with a clear centre"
        );
    }

    #[test]
    fn roads_run_on_across_the_edge_between_two_hexes() {
        let map = real_map();
        let baker = MapBaker::new(&map, TileSize::new(20));
        let image = baker.map_image(1);
        let frame = baker.frame();
        let mut sides = 0;
        for h in map.hexes() {
            for n in map.neighbors(h) {
                if map.side(h, n).road.is_none() {
                    continue;
                }
                sides += 1;
                // Near the middle of the shared edge, from each side: road ink in both hexes.
                for (a, b) in [(h, n), (n, h)] {
                    let (oa, ob) = (Offset::from_hex(a), Offset::from_hex(b));
                    let (ca, cb) = (frame.hex_centre_px(oa), frame.hex_centre_px(ob));
                    let found = (30..=45).any(|k| {
                        #[expect(clippy::cast_precision_loss, reason = "test")]
                        let f = k as f32 / 100.0;
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "test"
                        )]
                        let (x, y) = (
                            (ca.0 + (cb.0 - ca.0) * f) as u32,
                            (ca.1 + (cb.1 - ca.1) * f) as u32,
                        );
                        (x - 1..=x + 1).any(|x| {
                            (y - 1..=y + 1).any(|y| {
                                let (shown, plain) = map_and_plain(&baker, &image, &map, oa, x, y);
                                shown[3] == 255 && ink(shown, plain)
                            })
                        })
                    });
                    assert!(found, "no road in {oa} toward {ob}");
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
    fn a_line_pixel_covers_the_ground_by_its_alpha() {
        let mut px = [0, 0, 255, 255];
        over(&mut px, [255, 0, 0, 128]);
        assert_eq!(px, [128, 0, 127, 255], "half-covered red over blue");
        let mut px = [10, 20, 30, 255];
        over(&mut px, [200, 200, 200, 0]);
        assert_eq!(px, [10, 20, 30, 255], "a clear pixel changes nothing");
        over(&mut px, [200, 100, 0, 255]);
        assert_eq!(px, [200, 100, 0, 255], "an opaque one replaces the ground");
    }
}
