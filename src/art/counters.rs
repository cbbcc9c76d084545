//! Unit counters in NATO APP-6 style, status markers and civilian symbols.
//!
//! Side colours come from Paul Tol's colour-blind-safe "bright" scheme: blue `#4477AA` for the
//! Armenian side and yellow `#CCBB44` for the Azerbaijani side. Blue against yellow stays
//! apart under deuteranopia, protanopia and tritanopia alike (tritanopes see them as
//! blue-grey against pink-beige), and they also differ strongly in lightness, so they part
//! even in greyscale. Neither is a flag colour or a friend/foe convention: both sides are
//! playable and the game takes no side. Both sides use the same rectangle frame, as board
//! wargames do; the frame is filled with a pale tint of the side colour so the black branch
//! symbol reads on either.

use super::ArtImage;
use super::draw::{draw_path, fill_path, paint, pixel_index, stroke};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use kalbajar_core::geography::Side;
use kalbajar_core::scenario::Symbol;
use tiny_skia::{Paint, PathBuilder, Pixmap, PremultipliedColorU8, Rect};

/// Fraction of a counter's height, at the bottom, left free for the strength text the game
/// draws (e.g. "4-3" or "2/3 steps"), in [`strength_text_colour`].
pub const STRENGTH_BAND: f32 = 0.34;

/// The counter colour of a side (see the module documentation for the choice).
#[must_use]
pub const fn side_colour(side: Side) -> [u8; 3] {
    match side {
        Side::Armenian => [0x44, 0x77, 0xAA],
        Side::Azerbaijani => [0xCC, 0xBB, 0x44],
    }
}

/// Colour for text on a side's counter: white on the dark blue, near-black on the yellow.
#[must_use]
pub const fn strength_text_colour(side: Side) -> [u8; 3] {
    match side {
        Side::Armenian => [255, 255, 255],
        Side::Azerbaijani => [25, 25, 25],
    }
}

/// Every unit symbol, for review sheets and tests.
pub const ALL_SYMBOLS: [Symbol; 11] = [
    Symbol::Infantry,
    Symbol::MountainInfantry,
    Symbol::Mechanised,
    Symbol::Armour,
    Symbol::Artillery,
    Symbol::RocketArtillery,
    Symbol::AntiTank,
    Symbol::Headquarters,
    Symbol::Militia,
    Symbol::Police,
    Symbol::Helicopter,
];

/// A square counter `px` pixels wide: a rounded tile in the side colour, the APP-6 unit frame
/// (a 3:2 rectangle outlined in black) in its upper part with the branch symbol inside, and
/// the bottom [`STRENGTH_BAND`] left plain for the strength text.
#[must_use]
pub fn counter_face(symbol: Symbol, side: Side, px: u32) -> ArtImage {
    let px = px.max(8);
    let mut pm = Pixmap::new(px, px).expect("a non-empty counter");
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    let p = px as f32;
    let [r, g, b] = side_colour(side);
    // The counter: a rounded square with a darker edge, as a die-cut piece.
    let inset = (p * 0.03).max(0.5);
    if let Some(rr) = rounded_rect(inset, inset, p - 2.0 * inset, p - 2.0 * inset, p * 0.1) {
        fill_path(&mut pm, rr.clone(), &paint(r, g, b, 255));
        let dark = [r, g, b].map(|c| (u16::from(c) * 55 / 100) as u8);
        draw_path(
            &mut pm,
            rr,
            &paint(dark[0], dark[1], dark[2], 255),
            &stroke((p * 0.025).max(1.0), None),
        );
    }
    // The APP-6 land unit frame, 3:2.
    let fw = p * 0.64;
    let fh = fw / 1.5;
    let (fx, fy) = ((p - fw) / 2.0, p * 0.13);
    let f = Frame {
        x: fx,
        y: fy,
        w: fw,
        h: fh,
    };
    let pale = [r, g, b].map(|c| (u16::from(c) * 35 / 100 + 255 * 65 / 100) as u8);
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(fx, fy, fw, fh).expect("a frame"));
    fill_path(&mut pm, pb.clone(), &paint(pale[0], pale[1], pale[2], 255));
    let line = (p * 0.032).max(1.0);
    let ink = paint(0, 0, 0, 255);
    branch(&mut pm, symbol, f, line, &ink);
    let mut edge = stroke(line * 1.25, None);
    edge.line_join = tiny_skia::LineJoin::Miter;
    draw_path(&mut pm, pb, &ink, &edge);
    ArtImage::from_pixmap(&pm)
}

/// The inside of the unit frame.
#[derive(Clone, Copy)]
struct Frame {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Frame {
    fn at(self, u: f32, v: f32) -> (f32, f32) {
        (self.x + u * self.w, self.y + v * self.h)
    }
}

/// The branch symbol inside the frame.
fn branch(pm: &mut Pixmap, symbol: Symbol, f: Frame, line: f32, ink: &Paint) {
    let st = stroke(line, None);
    let cross = |pm: &mut Pixmap| {
        let mut pb = PathBuilder::new();
        pb.move_to(f.x, f.y);
        pb.line_to(f.x + f.w, f.y + f.h);
        pb.move_to(f.x + f.w, f.y);
        pb.line_to(f.x, f.y + f.h);
        draw_path(pm, pb, ink, &st);
    };
    // The armour "track": a rounded oval in the middle of the frame.
    let track = |pm: &mut Pixmap| {
        let (w, h) = (f.w * 0.56, f.h * 0.44);
        let (x, y) = f.at(0.5, 0.5);
        if let Some(pb) = rounded_rect(x - w / 2.0, y - h / 2.0, w, h, h / 2.0) {
            draw_path(pm, pb, ink, &st);
        }
    };
    match symbol {
        Symbol::Infantry => cross(pm),
        Symbol::MountainInfantry => {
            cross(pm);
            // The mountain modifier: a small solid peak on the bottom edge.
            let mut pb = PathBuilder::new();
            let (x, y) = f.at(0.5, 1.0);
            pb.move_to(x - f.w * 0.16, y);
            pb.line_to(x, y - f.h * 0.36);
            pb.line_to(x + f.w * 0.16, y);
            pb.close();
            fill_path(pm, pb, ink);
        }
        Symbol::Mechanised => {
            cross(pm);
            track(pm);
        }
        Symbol::Armour => track(pm),
        Symbol::Artillery => {
            let (x, y) = f.at(0.5, 0.5);
            dot(pm, x, y, f.h * 0.15, ink);
        }
        Symbol::RocketArtillery => {
            // Multiple rocket launcher: the artillery dot under two rocket chevrons.
            let (x, y) = f.at(0.5, 0.7);
            dot(pm, x, y, f.h * 0.13, ink);
            let mut pb = PathBuilder::new();
            for v in [0.2, 0.4] {
                let (cx, cy) = f.at(0.5, v);
                pb.move_to(cx - f.w * 0.14, cy + f.h * 0.17);
                pb.line_to(cx, cy);
                pb.line_to(cx + f.w * 0.14, cy + f.h * 0.17);
            }
            draw_path(pm, pb, ink, &st);
        }
        Symbol::AntiTank => {
            // An inverted V from the bottom corners to the top of the frame.
            let mut pb = PathBuilder::new();
            pb.move_to(f.x, f.y + f.h);
            pb.line_to(f.x + f.w / 2.0, f.y);
            pb.line_to(f.x + f.w, f.y + f.h);
            draw_path(pm, pb, ink, &st);
        }
        Symbol::Headquarters => {
            // The staff: down from the frame's lower-left corner.
            let mut pb = PathBuilder::new();
            pb.move_to(f.x, f.y + f.h);
            pb.line_to(f.x, f.y + f.h * 1.55);
            let mut s = stroke(line * 1.25, None);
            s.line_cap = tiny_skia::LineCap::Butt;
            draw_path(pm, pb, ink, &s);
            let (x, y) = f.at(0.5, 0.5);
            letters(pm, "HQ", x, y, f.h * 0.46, [0, 0, 0]);
        }
        Symbol::Militia => {
            cross(pm);
            // Irregular infantry: the infantry cross with an "M" in its upper wedge.
            let (x, y) = f.at(0.5, 0.2);
            letters(pm, "M", x, y, f.h * 0.3, [0, 0, 0]);
        }
        Symbol::Police => {
            // Law enforcement: APP-6 has no simple glyph that reads at counter size, so the
            // abbreviation, as board wargames print it.
            let (x, y) = f.at(0.5, 0.5);
            letters(pm, "POL", x, y, f.h * 0.42, [0, 0, 0]);
        }
        Symbol::Helicopter => {
            // Rotary-wing aviation: the bow tie.
            let mut pb = PathBuilder::new();
            let (cx, cy) = f.at(0.5, 0.5);
            let (dx, dy) = (f.w * 0.3, f.h * 0.26);
            pb.move_to(cx, cy);
            pb.line_to(cx - dx, cy - dy);
            pb.line_to(cx - dx, cy + dy);
            pb.close();
            pb.move_to(cx, cy);
            pb.line_to(cx + dx, cy - dy);
            pb.line_to(cx + dx, cy + dy);
            pb.close();
            fill_path(pm, pb, ink);
        }
    }
}

/// A status marker: a small badge whose shape and letter both say what it means, so it reads
/// without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marker {
    /// Orange disc, "S".
    OutOfSupply,
    /// Magenta diamond, "D".
    Disrupted,
    /// Grey square with a trench line, "E".
    Entrenched,
    /// Red downward triangle, "R".
    Routed,
    /// Teal octagon, "I".
    Isolated,
}

impl Marker {
    pub const ALL: [Marker; 5] = [
        Marker::OutOfSupply,
        Marker::Disrupted,
        Marker::Entrenched,
        Marker::Routed,
        Marker::Isolated,
    ];

    /// Lower-case name for file names and messages.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Marker::OutOfSupply => "out_of_supply",
            Marker::Disrupted => "disrupted",
            Marker::Entrenched => "entrenched",
            Marker::Routed => "routed",
            Marker::Isolated => "isolated",
        }
    }
}

/// A marker badge `px` pixels square on a transparent background; readable from 16 px.
#[must_use]
pub fn marker(kind: Marker, px: u32) -> ArtImage {
    let px = px.max(8);
    let mut pm = Pixmap::new(px, px).expect("a non-empty marker");
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    let p = px as f32;
    let (c, r) = (p / 2.0, p / 2.0 - (p * 0.08).max(1.0));
    // Colours from Paul Tol's vibrant scheme; the shape carries the meaning.
    let (fill, text, letter, text_y): ([u8; 3], [u8; 3], &str, f32) = match kind {
        Marker::OutOfSupply => ([0xEE, 0x77, 0x33], [0, 0, 0], "S", c),
        Marker::Disrupted => ([0xEE, 0x33, 0x77], [255, 255, 255], "D", c),
        Marker::Entrenched => ([0xBB, 0xBB, 0xBB], [0, 0, 0], "E", c - p * 0.09),
        Marker::Routed => ([0xCC, 0x33, 0x11], [255, 255, 255], "R", c - p * 0.06),
        Marker::Isolated => ([0x00, 0x99, 0x88], [255, 255, 255], "I", c),
    };
    let mut pb = PathBuilder::new();
    match kind {
        Marker::OutOfSupply => pb.push_circle(c, c, r),
        Marker::Disrupted => polygon(&mut pb, c, c, r * 1.04, 4, 0.0),
        Marker::Entrenched => {
            let r = r * 0.9;
            pb.push_rect(Rect::from_xywh(c - r, c - r, 2.0 * r, 2.0 * r).expect("a square"));
        }
        Marker::Routed => polygon(&mut pb, c, c + r * 0.2, r * 1.12, 3, 180.0),
        Marker::Isolated => polygon(&mut pb, c, c, r, 8, 22.5),
    }
    fill_path(&mut pm, pb.clone(), &paint(fill[0], fill[1], fill[2], 255));
    let edge = (p * 0.07).max(1.0);
    draw_path(&mut pm, pb, &paint(25, 25, 25, 255), &stroke(edge, None));
    if kind == Marker::Entrenched {
        // A fieldwork line under the letter.
        let mut pb = PathBuilder::new();
        let (y, d) = (c + r * 0.72, r * 0.22);
        pb.move_to(c - r * 0.75, y);
        pb.line_to(c - d, y);
        pb.line_to(c - d, y - d * 0.7);
        pb.line_to(c + d, y - d * 0.7);
        pb.line_to(c + d, y);
        pb.line_to(c + r * 0.75, y);
        draw_path(&mut pm, pb, &paint(0, 0, 0, 255), &stroke(edge * 0.8, None));
    }
    let size = match kind {
        Marker::Routed => p * 0.34,
        Marker::Disrupted => p * 0.4,
        Marker::Entrenched => p * 0.44,
        _ => p * 0.56,
    };
    letters(&mut pm, letter, c, text_y, size, text);
    ArtImage::from_pixmap(&pm)
}

/// Settlements and refugees at home: three people in a white disc with a dark ring.
#[must_use]
pub fn civilian_symbol(px: u32) -> ArtImage {
    let px = px.max(8);
    let mut pm = Pixmap::new(px, px).expect("a non-empty symbol");
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    let p = px as f32;
    let (c, r) = (p / 2.0, p / 2.0 - (p * 0.06).max(1.0));
    let mut pb = PathBuilder::new();
    pb.push_circle(c, c, r);
    fill_path(&mut pm, pb.clone(), &paint(255, 255, 255, 255));
    draw_path(
        &mut pm,
        pb,
        &paint(50, 50, 50, 255),
        &stroke((p * 0.06).max(1.0), None),
    );
    let ink = [70, 70, 70];
    figure(
        &mut pm,
        c - r * 0.42,
        c + r * 0.08,
        r * 0.34,
        [120, 120, 120],
    );
    figure(
        &mut pm,
        c + r * 0.42,
        c + r * 0.08,
        r * 0.34,
        [120, 120, 120],
    );
    figure(&mut pm, c, c + r * 0.02, r * 0.42, ink);
    ArtImage::from_pixmap(&pm)
}

/// A refugee column on the road: two people in a white tag pointing east (the game rotates it
/// to the direction of travel), the same family as [`civilian_symbol`].
#[must_use]
pub fn column_symbol(px: u32) -> ArtImage {
    let px = px.max(8);
    let mut pm = Pixmap::new(px, px).expect("a non-empty symbol");
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    let p = px as f32;
    let m = (p * 0.06).max(1.0);
    let (top, bottom) = (p * 0.2, p * 0.8);
    let mid = p / 2.0;
    let rad = (bottom - top) / 2.0;
    let mut pb = PathBuilder::new();
    // Rounded tail on the west, a point on the east.
    pb.move_to(m + rad, top);
    pb.line_to(p * 0.7, top);
    pb.line_to(p - m, mid);
    pb.line_to(p * 0.7, bottom);
    pb.line_to(m + rad, bottom);
    pb.quad_to(m, bottom, m, mid);
    pb.quad_to(m, top, m + rad, top);
    pb.close();
    fill_path(&mut pm, pb.clone(), &paint(255, 255, 255, 255));
    draw_path(
        &mut pm,
        pb,
        &paint(50, 50, 50, 255),
        &stroke((p * 0.06).max(1.0), None),
    );
    figure(
        &mut pm,
        p * 0.3,
        mid + rad * 0.05,
        rad * 0.6,
        [120, 120, 120],
    );
    figure(&mut pm, p * 0.52, mid + rad * 0.05, rad * 0.6, [70, 70, 70]);
    // The chevron of travel.
    let mut pb = PathBuilder::new();
    pb.move_to(p * 0.69, mid - rad * 0.38);
    pb.line_to(p * 0.8, mid);
    pb.line_to(p * 0.69, mid + rad * 0.38);
    draw_path(
        &mut pm,
        pb,
        &paint(70, 70, 70, 255),
        &stroke((p * 0.05).max(1.0), None),
    );
    ArtImage::from_pixmap(&pm)
}

/// A person: a round head over rounded shoulders, `h` from the head's top to the shoulders'
/// base, centred on `(x, y)`.
fn figure(pm: &mut Pixmap, x: f32, y: f32, h: f32, c: [u8; 3]) {
    let fill = paint(c[0], c[1], c[2], 255);
    let head = h * 0.3;
    dot(pm, x, y - h * 0.62, head, &fill);
    let (w, top, base) = (h * 0.62, y - h * 0.22, y + h * 0.75);
    let mut pb = PathBuilder::new();
    pb.move_to(x - w, base);
    pb.line_to(x - w, top + w * 0.8);
    pb.quad_to(x - w, top, x, top);
    pb.quad_to(x + w, top, x + w, top + w * 0.8);
    pb.line_to(x + w, base);
    pb.close();
    fill_path(pm, pb, &fill);
}

fn dot(pm: &mut Pixmap, x: f32, y: f32, r: f32, p: &Paint) {
    let mut pb = PathBuilder::new();
    pb.push_circle(x, y, r);
    fill_path(pm, pb, p);
}

/// A regular polygon of `n` corners around `(x, y)`, the first at `start` degrees clockwise
/// from straight up.
fn polygon(pb: &mut PathBuilder, x: f32, y: f32, r: f32, n: u8, start: f32) {
    for i in 0..n {
        let a = (start + 360.0 * f32::from(i) / f32::from(n)).to_radians();
        let (px, py) = (x + r * a.sin(), y - r * a.cos());
        if i == 0 {
            pb.move_to(px, py);
        } else {
            pb.line_to(px, py);
        }
    }
    pb.close();
}

fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<PathBuilder> {
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let r = r.min(w / 2.0).min(h / 2.0);
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.quad_to(x + w, y, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.quad_to(x + w, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.quad_to(x, y + h, x, y + h - r);
    pb.line_to(x, y + r);
    pb.quad_to(x, y, x + r, y);
    pb.close();
    Some(pb)
}

/// Bold capitals whose ink is centred on `(x, y)`, `cap` pixels tall.
pub(crate) fn letters(pm: &mut Pixmap, s: &str, x: f32, y: f32, cap: f32, c: [u8; 3]) {
    let font = FontRef::try_from_slice(super::FONT_BOLD).expect("the bundled font");
    // DejaVu capitals are 0.73 em tall.
    let scaled = font.as_scaled(PxScale::from(cap / 0.73));
    let mut caret = 0.0;
    let mut outlines = Vec::new();
    for ch in s.chars() {
        let id = scaled.glyph_id(ch);
        let glyph = id.with_scale_and_position(scaled.scale(), point(caret, 0.0));
        caret += scaled.h_advance(id);
        outlines.extend(font.outline_glyph(glyph));
    }
    // Centre the ink, not the advance box: side bearings would push letters off-centre.
    let Some((x0, y0, x1, y1)) = outlines.iter().map(|o| o.px_bounds()).fold(None, |acc, b| {
        let (a, bb, cc, d) = acc.unwrap_or((b.min.x, b.min.y, b.max.x, b.max.y));
        Some((
            a.min(b.min.x),
            bb.min(b.min.y),
            cc.max(b.max.x),
            d.max(b.max.y),
        ))
    }) else {
        return;
    };
    #[expect(clippy::cast_possible_truncation, reason = "pixel offsets")]
    let (ox, oy) = (
        (x - (x0 + x1) / 2.0).round() as i64,
        (y - (y0 + y1) / 2.0).round() as i64,
    );
    let (w, h) = (pm.width(), pm.height());
    let pixels = pm.pixels_mut();
    for outline in &outlines {
        let b = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            #[expect(clippy::cast_possible_truncation, reason = "pixel coordinates")]
            let (px, py) = (
                ox + b.min.x as i64 + i64::from(gx),
                oy + b.min.y as i64 + i64::from(gy),
            );
            let Some(i) = pixel_index(px, py, w, h) else {
                return;
            };
            let d = pixels[i];
            let a = cov.clamp(0.0, 1.0);
            // Source-over of an opaque colour onto a premultiplied pixel.
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "0..255"
            )]
            let over = |s: u8, d: u8| (f32::from(s) * a + f32::from(d) * (1.0 - a)).round() as u8;
            let out = PremultipliedColorU8::from_rgba(
                over(c[0], d.red()),
                over(c[1], d.green()),
                over(c[2], d.blue()),
                over(255, d.alpha()),
            );
            if let Some(o) = out {
                pixels[i] = o;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol_name(s: Symbol) -> String {
        format!("{s:?}")
    }

    #[test]
    fn every_symbol_and_side_has_its_own_counter() {
        let mut seen: Vec<(String, ArtImage)> = Vec::new();
        for side in [Side::Armenian, Side::Azerbaijani] {
            for s in ALL_SYMBOLS {
                let img = counter_face(s, side, 64);
                assert_eq!(
                    (img.width, img.height, img.rgba.len()),
                    (64, 64, 64 * 64 * 4)
                );
                // The middle of the counter is opaque, the corner clear (rounded).
                assert_eq!(img.pixel(32, 50)[3], 255);
                assert_eq!(img.pixel(0, 0)[3], 0);
                let black = img
                    .rgba
                    .chunks_exact(4)
                    .filter(|p| p[3] == 255 && p[0] < 40 && p[1] < 40 && p[2] < 40)
                    .count();
                assert!(black > 150, "{s:?} {side:?}: only {black} black pixels");
                let name = format!("{} {side:?}", symbol_name(s));
                for (other, o) in &seen {
                    assert_ne!(&img, o, "{name} looks like {other}");
                }
                seen.push((name, img));
            }
        }
        assert_eq!(seen.len(), 22);
    }

    #[test]
    fn the_strength_band_is_plain_side_colour() {
        for side in [Side::Armenian, Side::Azerbaijani] {
            let img = counter_face(Symbol::Infantry, side, 64);
            let [r, g, b] = side_colour(side);
            // A row in the middle of the band, away from the rounded corners.
            let y = 64 - 12;
            for x in 12..52 {
                assert_eq!(img.pixel(x, y), [r, g, b, 255], "({x},{y})");
            }
        }
    }

    #[test]
    fn side_colours_differ_in_lightness() {
        let luma = |c: [u8; 3]| {
            0.2126 * f32::from(c[0]) + 0.7152 * f32::from(c[1]) + 0.0722 * f32::from(c[2])
        };
        let (a, b) = (
            luma(side_colour(Side::Armenian)),
            luma(side_colour(Side::Azerbaijani)),
        );
        assert!((a - b).abs() > 50.0, "{a} vs {b}");
    }

    #[test]
    fn markers_and_civilian_symbols_are_distinct_badges() {
        let mut all: Vec<ArtImage> = Marker::ALL.iter().map(|m| marker(*m, 24)).collect();
        all.push(civilian_symbol(24));
        all.push(column_symbol(24));
        for (i, a) in all.iter().enumerate() {
            assert_eq!(a.pixel(0, 0)[3], 0, "{i}: transparent corner");
            assert_eq!(a.pixel(12, 12)[3], 255, "{i}: opaque middle");
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // No red in the civilian symbols: greys only.
        for img in [civilian_symbol(32), column_symbol(32)] {
            for p in img.rgba.chunks_exact(4).filter(|p| p[3] > 0) {
                assert!(p[0].abs_diff(p[1]) < 3 && p[1].abs_diff(p[2]) < 3, "{p:?}");
            }
        }
    }
}
