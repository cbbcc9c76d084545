//! Terrain tiles: one pointy-top hex per terrain class, light grey texture on white, meant to
//! be multiplied by [`super::hex_colour`] so the colour carries the elevation and hue and the
//! texture only says what the ground is.

use super::ArtImage;
use super::draw::{draw_path, fill_path, paint, stroke};
use kalbajar_core::map::Terrain;
use tiny_skia::{Color, PathBuilder, Pixmap};

/// Pixel size of a terrain tile: a pointy-top hex of circumradius `radius_px` (S) in a tile
/// round(√3·S) wide and 2·S high.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileSize {
    pub radius_px: u32,
}

impl TileSize {
    #[must_use]
    pub const fn new(radius_px: u32) -> Self {
        Self { radius_px }
    }

    #[must_use]
    pub fn width(self) -> u32 {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small tiles"
        )]
        let w = (3f64.sqrt() * f64::from(self.radius_px)).round() as u32;
        w
    }

    #[must_use]
    pub fn height(self) -> u32 {
        2 * self.radius_px
    }

    /// Whether the pixel `(x, y)` of a tile (its centre at `x + ½, y + ½`) lies in the hex.
    #[must_use]
    pub fn inside(self, x: u32, y: u32) -> bool {
        #[expect(clippy::cast_precision_loss, reason = "small tiles")]
        let (w, s) = (self.width() as f32, self.radius_px as f32);
        #[expect(clippy::cast_precision_loss, reason = "small tiles")]
        let (dx, dy) = ((x as f32 + 0.5 - w / 2.0).abs(), (y as f32 + 0.5 - s).abs());
        // The hex is stretched to the rounded width so neighbouring tiles meet exactly.
        let u = dx / (w / 2.0);
        u <= 1.0 && dy <= s * (1.0 - u / 2.0)
    }
}

/// Every terrain tile side by side in one row, in the order of the returned terrains
/// ([`Terrain::ALL`]); transparent outside each hex, opaque inside.
#[must_use]
pub fn terrain_atlas(tile: TileSize) -> (ArtImage, Vec<Terrain>) {
    let (tw, th) = (tile.width().max(1), tile.height().max(2));
    let n = u32::try_from(Terrain::ALL.len()).unwrap_or(1);
    let mut atlas = ArtImage {
        width: tw * n,
        height: th,
        rgba: vec![0; (tw * n * th * 4) as usize],
    };
    for (i, t) in Terrain::ALL.iter().enumerate() {
        let img = terrain_tile(*t, tile);
        let x0 = u32::try_from(i).unwrap_or(0) * tw;
        for y in 0..th {
            let src = (y * tw * 4) as usize;
            let dst = ((y * atlas.width + x0) * 4) as usize;
            atlas.rgba[dst..dst + (tw * 4) as usize]
                .copy_from_slice(&img.rgba[src..src + (tw * 4) as usize]);
        }
    }
    (atlas, Terrain::ALL.to_vec())
}

/// One terrain tile.
#[must_use]
pub fn terrain_tile(terrain: Terrain, tile: TileSize) -> ArtImage {
    let (w, h) = (tile.width().max(1), tile.height().max(2));
    let mut pm = Pixmap::new(w, h).expect("a non-empty tile");
    #[expect(clippy::cast_precision_loss, reason = "small tiles")]
    let c = Canvas {
        w: w as f32,
        s: tile.radius_px.max(1) as f32,
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((terrain as u64 + 1) * 0x0100_0000_01b3));
    pm.fill(Color::WHITE);
    match terrain {
        Terrain::Open => open(&mut pm, c, &mut rng),
        Terrain::Forest => forest(&mut pm, c, &mut rng),
        Terrain::Slope => hachures(&mut pm, c, &mut rng, 0.45),
        Terrain::HighMountain => rock(&mut pm, c, &mut rng),
        Terrain::Crest => ice(&mut pm, c, &mut rng),
        Terrain::Pass => pass(&mut pm, c, &mut rng),
        Terrain::Town => blocks(&mut pm, c, &mut rng, 0.78, 0.13, 1.0),
        Terrain::Village => {
            open(&mut pm, c, &mut rng);
            blocks(&mut pm, c, &mut rng, 0.42, 0.12, 0.55);
        }
        Terrain::Lake => ripples(&mut pm, c, &mut rng),
    }
    let mut img = ArtImage::from_pixmap(&pm);
    for y in 0..h {
        for x in 0..w {
            let i = ((y * w + x) * 4) as usize;
            img.rgba[i + 3] = if tile.inside(x, y) { 255 } else { 0 };
            if img.rgba[i + 3] == 0 {
                img.rgba[i..i + 3].fill(0);
            }
        }
    }
    img
}

/// Tile measures: width and hex circumradius in pixels; the hex centre is at `(w/2, s)`.
#[derive(Clone, Copy)]
struct Canvas {
    w: f32,
    s: f32,
}

impl Canvas {
    fn centre(self) -> (f32, f32) {
        (self.w / 2.0, self.s)
    }
}

/// A tiny deterministic generator (xorshift64*): the tiles are the same on every machine.
struct Rng(u64);

impl Rng {
    /// A number in `0..1`.
    fn unit(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
        #[expect(clippy::cast_precision_loss, reason = "24 bits")]
        let u = v as f32 / (1u64 << 24) as f32;
        u
    }

    /// A number in `-1..1`.
    fn signed(&mut self) -> f32 {
        self.unit() * 2.0 - 1.0
    }
}

/// Points on a jittered grid of spacing `step` over the tile, in row order.
fn scatter(c: Canvas, rng: &mut Rng, step: f32, jitter: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    let mut y = step / 2.0;
    let mut row = 0u32;
    while y < 2.0 * c.s {
        let mut x = if row.is_multiple_of(2) {
            step / 2.0
        } else {
            step
        };
        while x < c.w {
            out.push((
                x + rng.signed() * step * jitter,
                y + rng.signed() * step * jitter,
            ));
            x += step;
        }
        y += step * 0.87;
        row += 1;
    }
    out
}

fn grey(v: u8, a: u8) -> tiny_skia::Paint<'static> {
    paint(v, v, v, a)
}

/// Faint tufts of grass.
fn open(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    let mut pb = PathBuilder::new();
    let l = c.s * 0.07;
    for (x, y) in scatter(c, rng, c.s * 0.34, 0.35) {
        pb.move_to(x - l, y);
        pb.line_to(x - l * 0.3, y - l * 1.2);
        pb.move_to(x + l * 0.2, y);
        pb.line_to(x + l, y - l);
    }
    draw_path(pm, pb, &grey(150, 90), &stroke(c.s * 0.035, None));
}

/// Round tree crowns with a shaded lower-right side.
fn forest(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    let r = c.s * 0.12;
    for (x, y) in scatter(c, rng, c.s * 0.3, 0.25) {
        let rr = r * (0.8 + 0.35 * rng.unit());
        if let Some(p) = circle(x + rr * 0.25, y + rr * 0.25, rr) {
            fill_path(pm, p, &grey(120, 150));
        }
        if let Some(p) = circle(x, y, rr) {
            fill_path(pm, p, &grey(195, 255));
        }
        if let Some(p) = circle(x - rr * 0.3, y - rr * 0.3, rr * 0.4) {
            fill_path(pm, p, &grey(235, 255));
        }
    }
}

/// Short downhill strokes in staggered rows: the engraver's sign for a steep slope.
fn hachures(pm: &mut Pixmap, c: Canvas, rng: &mut Rng, strength: f32) {
    let mut pb = PathBuilder::new();
    let (dx, dy) = (c.s * 0.11, c.s * 0.3);
    let mut y = c.s * 0.2;
    let mut row = 0;
    while y < 2.0 * c.s {
        let mut x = if row % 2 == 0 { dx * 0.5 } else { dx };
        while x < c.w {
            let len = dy * (0.6 + 0.4 * rng.unit());
            pb.move_to(x, y);
            pb.line_to(x + len * 0.12, y + len);
            x += dx;
        }
        y += dy * 1.45;
        row += 1;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0..255"
    )]
    let alpha = (255.0 * strength) as u8;
    draw_path(pm, pb, &grey(110, alpha), &stroke(c.s * 0.04, None));
}

/// Angular rock facets and scree.
fn rock(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    for (x, y) in scatter(c, rng, c.s * 0.42, 0.3) {
        let r = c.s * (0.12 + 0.08 * rng.unit());
        let mut pb = PathBuilder::new();
        pb.move_to(x, y - r);
        pb.line_to(x + r * (0.8 + 0.3 * rng.signed()), y + r * 0.6);
        pb.line_to(x - r * (0.8 + 0.3 * rng.signed()), y + r * 0.6);
        pb.close();
        let mut shade = PathBuilder::new();
        shade.move_to(x, y - r);
        shade.line_to(x + r * 0.8, y + r * 0.6);
        shade.line_to(x + r * 0.1, y + r * 0.6);
        shade.close();
        fill_path(pm, pb.clone(), &grey(228, 255));
        fill_path(pm, shade, &grey(175, 200));
        draw_path(pm, pb, &grey(120, 160), &stroke(c.s * 0.03, None));
    }
}

/// White snow and ice with a few thin crevasse lines.
fn ice(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    let mut pb = PathBuilder::new();
    for i in 0..6u8 {
        let y = c.s * (0.35 + 0.24 * f32::from(i)) + rng.signed() * c.s * 0.05;
        let x0 = c.w * (0.1 + 0.2 * rng.unit());
        let x1 = c.w * (0.6 + 0.3 * rng.unit());
        pb.move_to(x0, y);
        pb.quad_to(
            (x0 + x1) / 2.0,
            y + rng.signed() * c.s * 0.12,
            x1,
            y + c.s * 0.08 * rng.signed(),
        );
    }
    draw_path(
        pm,
        pb,
        &paint(150, 175, 200, 170),
        &stroke(c.s * 0.035, None),
    );
}

/// Light hachures with the map sign for a pass, ")(", in the middle.
fn pass(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    hachures(pm, c, rng, 0.25);
    let (x, y) = c.centre();
    let (a, b) = (c.s * 0.1, c.s * 0.36);
    let mut pb = PathBuilder::new();
    pb.move_to(x - b, y - b);
    pb.quad_to(x - a * 0.2, y, x - b, y + b);
    pb.move_to(x + b, y - b);
    pb.quad_to(x + a * 0.2, y, x + b, y + b);
    draw_path(pm, pb.clone(), &grey(255, 230), &stroke(c.s * 0.16, None));
    draw_path(pm, pb, &grey(60, 255), &stroke(c.s * 0.08, None));
}

/// House blocks within `reach`·S of the centre, `size`·S wide, each kept with probability
/// `density`.
fn blocks(pm: &mut Pixmap, c: Canvas, rng: &mut Rng, reach: f32, size: f32, density: f32) {
    let (cx, cy) = c.centre();
    let step = c.s * size * 1.45;
    let mut y = cy - reach * c.s;
    while y <= cy + reach * c.s {
        let mut x = cx - reach * c.s;
        while x <= cx + reach * c.s {
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / (reach * c.s);
            // Denser toward the centre, as towns are.
            if d <= 1.0 && rng.unit() < density * (1.1 - 0.5 * d) {
                let bw = c.s * size * (0.7 + 0.5 * rng.unit());
                let bh = c.s * size * (0.7 + 0.5 * rng.unit());
                if let Some(r) = tiny_skia::Rect::from_xywh(x - bw / 2.0, y - bh / 2.0, bw, bh) {
                    let mut pb = PathBuilder::new();
                    pb.push_rect(r);
                    fill_path(pm, pb.clone(), &grey(165, 255));
                    draw_path(pm, pb, &grey(95, 255), &stroke(c.s * 0.025, None));
                }
            }
            x += step;
        }
        y += step;
    }
}

/// Short wave strokes on open water.
fn ripples(pm: &mut Pixmap, c: Canvas, rng: &mut Rng) {
    let mut pb = PathBuilder::new();
    let l = c.s * 0.14;
    for (x, y) in scatter(c, rng, c.s * 0.38, 0.3) {
        pb.move_to(x - l, y);
        pb.quad_to(x - l / 2.0, y - l * 0.45, x, y);
        pb.quad_to(x + l / 2.0, y + l * 0.45, x + l, y);
    }
    draw_path(pm, pb, &grey(175, 170), &stroke(c.s * 0.035, None));
}

fn circle(x: f32, y: f32, r: f32) -> Option<PathBuilder> {
    let mut pb = PathBuilder::new();
    pb.push_circle(x, y, r);
    Some(pb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_sizes_follow_the_hex() {
        let t = TileSize::new(24);
        assert_eq!((t.width(), t.height()), (42, 48));
        assert_eq!(TileSize::new(32).width(), 55);
    }

    #[test]
    fn tiles_are_transparent_outside_the_hex_and_opaque_inside() {
        let tile = TileSize::new(24);
        let (atlas, terrains) = terrain_atlas(tile);
        assert_eq!(terrains, Terrain::ALL.to_vec());
        assert_eq!(atlas.width, tile.width() * 9);
        assert_eq!(atlas.height, 48);
        let (w, s) = (tile.width(), 24.0f32);
        for (i, _) in terrains.iter().enumerate() {
            let x0 = u32::try_from(i).unwrap() * w;
            // Corners of the tile are outside, the centre and the middle of each side inside.
            for (x, y) in [
                (0, 0),
                (w - 1, 0),
                (0, 47),
                (w - 1, 47),
                (3, 5),
                (w - 4, 42),
            ] {
                assert_eq!(atlas.pixel(x0 + x, y)[3], 0, "{i}: ({x},{y})");
            }
            for (x, y) in [(w / 2, 24), (w / 2, 1), (w / 2, 46), (0, 24), (w - 1, 24)] {
                assert_eq!(atlas.pixel(x0 + x, y)[3], 255, "{i}: ({x},{y})");
            }
            // Exhaustively: pixels clearly off the hex are clear, clearly on it are solid.
            for y in 0..48 {
                for x in 0..w {
                    #[expect(clippy::cast_precision_loss, reason = "small")]
                    let (dx, dy) = (
                        (x as f32 + 0.5 - w as f32 / 2.0).abs(),
                        (y as f32 + 0.5 - s).abs(),
                    );
                    let k = dx / 3f32.sqrt() + dy;
                    let a = atlas.pixel(x0 + x, y)[3];
                    if k > s + 1.0 || dx > w as f32 / 2.0 {
                        assert_eq!(a, 0, "{i}: ({x},{y}) is outside");
                    } else if k < s - 1.5 && dx < w as f32 / 2.0 - 1.0 {
                        assert_eq!(a, 255, "{i}: ({x},{y}) is inside");
                    }
                }
            }
        }
    }

    #[test]
    fn every_terrain_has_its_own_texture_mostly_light() {
        let tile = TileSize::new(32);
        let tiles: Vec<ArtImage> = Terrain::ALL
            .iter()
            .map(|t| terrain_tile(*t, tile))
            .collect();
        for (i, a) in tiles.iter().enumerate() {
            for b in &tiles[i + 1..] {
                assert_ne!(a, b);
            }
            let (sum, n) = a
                .rgba
                .chunks_exact(4)
                .filter(|p| p[3] == 255)
                .fold((0u64, 0u64), |(s, n), p| (s + u64::from(p[1]), n + 1));
            assert!(
                sum / n > 180,
                "{:?} is too dark to carry a colour",
                Terrain::ALL[i]
            );
        }
        assert_eq!(
            terrain_tile(Terrain::Forest, tile),
            tiles[1],
            "deterministic"
        );
    }
}
