//! `kalbajar map --png`: draws the generated map for review — hypsometric tints with hill
//! shading, forests, lakes, the hex grid, borders, the start line, rivers, roads, bridges, the
//! tunnel, exits, place names, a legend and a scale bar.

use crate::art::draw::{
    View, draw_boundaries, draw_exit_arrows, draw_grid, draw_path, draw_rivers, draw_roads, paint,
    pixel_index, stroke,
};
use crate::art::relief;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use kalbajar_core::geography::{Edge, PlaceKind};
use kalbajar_core::hex::{Hex, HexGeometry, Km};
use kalbajar_core::load::read_ron;
use kalbajar_core::map::{Map, MapFile, Terrain};
use std::path::Path;
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

/// Margins around the map, in pixels.
const LEFT: f32 = 30.0;
const TOP: f32 = 64.0;
const RIGHT: f32 = 30.0;
const BOTTOM: f32 = 120.0;

/// Reads a map file and builds the map: the file's error (with line and column), or every
/// inconsistency found, one a line.
///
/// # Errors
/// The file cannot be read or parsed, or the map is inconsistent.
pub fn read_map(path: &Path) -> Result<Map, String> {
    let file: MapFile = read_ron(path).map_err(|e| e.to_string())?;
    Map::new(file).map_err(|es| {
        es.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Reads a map file and writes its picture.
///
/// # Errors
/// The map cannot be read or is inconsistent, or the PNG cannot be written.
pub fn render_files(map: &Path, png: &Path, scale: f32) -> Result<(), String> {
    let map = read_map(map)?;
    let pixmap = render(&map, scale)?;
    let bytes = pixmap
        .encode_png()
        .map_err(|e| format!("{}: cannot encode the PNG: {e}", png.display()))?;
    kalbajar_core::load::write_atomic(png, &bytes).map_err(|e| e.to_string())
}

/// Draws the whole picture.
///
/// # Errors
/// The picture would be empty or too large.
pub fn render(map: &Map, scale: f32) -> Result<Pixmap, String> {
    let f = map.file();
    let geometry = HexGeometry::new(f.hex_km);
    let view = View {
        geometry,
        scale,
        origin: (LEFT, TOP),
        line: 1.0,
    };
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "pixel sizes"
    )]
    let (w, h) = {
        let km_w = geometry.across_flats * (f64::from(f.width) + 0.5);
        let km_h = 1.5 * geometry.radius() * f64::from(f.height - 1) + 2.0 * geometry.radius();
        (
            (LEFT + RIGHT + km_w as f32 * scale).ceil() as u32,
            (TOP + BOTTOM + km_h as f32 * scale).ceil() as u32,
        )
    };
    if !(scale > 1.0 && scale <= 80.0) {
        return Err(format!(
            "--scale {scale} must be between 1 and 80 pixels per km"
        ));
    }
    let mut pm = Pixmap::new(w, h).ok_or("the picture would be empty")?;
    pm.fill(Color::from_rgba8(240, 236, 226, 255));
    let fonts = Fonts {
        regular: FontRef::try_from_slice(crate::art::FONT_REGULAR).map_err(|e| e.to_string())?,
        bold: FontRef::try_from_slice(crate::art::FONT_BOLD).map_err(|e| e.to_string())?,
    };

    draw_relief(&mut pm, map, &view);
    draw_grid(&mut pm, map, &view, &paint(40, 40, 40, 40));
    draw_boundaries(&mut pm, map, &view);
    draw_rivers(&mut pm, map, &view);
    draw_roads(&mut pm, map, &view);
    draw_places(&mut pm, map, &view, &fonts);
    draw_exits(&mut pm, map, &view, &fonts);
    draw_frame(&mut pm, map, &view, &fonts);
    Ok(pm)
}

struct Fonts<'a> {
    regular: FontRef<'a>,
    bold: FontRef<'a>,
}

/// Elevation at any point, linearly interpolated on the triangles between hex centres.
fn elevation_at(map: &Map, g: HexGeometry, p: Km) -> f64 {
    const DIRS: [(i32, i32); 6] = [(1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)];
    let h = g.hex_at(p);
    let e = |x: Hex| {
        map.get(x)
            .or_else(|| map.get(h))
            .map_or(0.0, |d| f64::from(d.elevation))
    };
    let c = g.center(h);
    let angle = (p.y - c.y).atan2(p.x - c.x).to_degrees().rem_euclid(360.0);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0..6"
    )]
    let k = ((angle / 60.0) as usize).min(5);
    let (d1, d2) = (DIRS[k], DIRS[(k + 1) % 6]);
    let n1 = Hex::new(h.x + d1.0, h.y + d1.1);
    let n2 = Hex::new(h.x + d2.0, h.y + d2.1);
    let (a, b, cc) = (c, g.center(n1), g.center(n2));
    let det = (b.y - cc.y) * (a.x - cc.x) + (cc.x - b.x) * (a.y - cc.y);
    let l1 = ((b.y - cc.y) * (p.x - cc.x) + (cc.x - b.x) * (p.y - cc.y)) / det;
    let l2 = ((cc.y - a.y) * (p.x - cc.x) + (a.x - cc.x) * (p.y - cc.y)) / det;
    let l3 = 1.0 - l1 - l2;
    l1 * e(h) + l2 * e(n1) + l3 * e(n2)
}

fn draw_relief(pm: &mut Pixmap, map: &Map, view: &View) {
    let g = view.geometry;
    let (w, h) = (pm.width(), pm.height());
    let step = 0.6;
    let data = pm.data_mut();
    for py in 0..h {
        for px in 0..w {
            #[expect(clippy::cast_precision_loss, reason = "pixel coordinates")]
            let k = view.km(px as f32 + 0.5, py as f32 + 0.5);
            let hex = g.hex_at(k);
            let Some(d) = map.get(hex) else { continue };
            let rgb = if d.terrain == Terrain::Lake {
                relief::LAKE
            } else {
                let e = elevation_at(map, g, k);
                let dx = (elevation_at(map, g, Km::new(k.x + step, k.y))
                    - elevation_at(map, g, Km::new(k.x - step, k.y)))
                    / (2000.0 * step);
                let dy = (elevation_at(map, g, Km::new(k.x, k.y + step))
                    - elevation_at(map, g, Km::new(k.x, k.y - step)))
                    / (2000.0 * step);
                let shade = relief::hill_shade(dx, dy);
                let mut c = relief::tint(e);
                relief::wash(&mut c, d.terrain);
                [c[0] * shade, c[1] * shade, c[2] * shade]
            };
            let i = ((py * w + px) * 4) as usize;
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped"
            )]
            for (j, v) in rgb.iter().enumerate() {
                data[i + j] = v.clamp(0.0, 255.0) as u8;
            }
            data[i + 3] = 255;
        }
    }
}

fn draw_places(pm: &mut Pixmap, map: &Map, view: &View, fonts: &Fonts) {
    let s = view.scale;
    let mut order: Vec<_> = map.file().places.iter().collect();
    // Most important first, so they get the best label positions.
    order.sort_by_key(|p| p.kind);
    let mut labels: Vec<Label> = Vec::new();
    for p in order {
        let h = p.hex.to_hex();
        let (x, y) = view.center(h);
        let elevation = map.get(h).map_or(0, |d| d.elevation);
        let (label, font, size, r) = match p.kind {
            PlaceKind::Town => {
                circle(pm, x, y, s * 0.32, (20, 20, 20), Some((255, 255, 255)));
                (p.name.clone(), &fonts.bold, s * 0.85, s * 0.32)
            }
            PlaceKind::Village => {
                circle(pm, x, y, s * 0.18, (40, 40, 40), Some((255, 255, 255)));
                (p.name.clone(), &fonts.regular, s * 0.6, s * 0.18)
            }
            PlaceKind::Pass => {
                pass_symbol(pm, x, y, s);
                (
                    format!("{} {} m", p.name, elevation),
                    &fonts.bold,
                    s * 0.6,
                    s * 0.32,
                )
            }
            PlaceKind::Peak => {
                triangle(pm, x, y, s * 0.28);
                (
                    format!("{} {} m", p.name, elevation),
                    &fonts.regular,
                    s * 0.55,
                    s * 0.28,
                )
            }
            PlaceKind::Junction => {
                circle(pm, x, y, s * 0.2, (200, 30, 30), Some((255, 255, 255)));
                (p.name.clone(), &fonts.regular, s * 0.55, s * 0.2)
            }
            PlaceKind::Landmark | PlaceKind::Dam => {
                circle(pm, x, y, s * 0.12, (90, 60, 120), None);
                (p.name.clone(), &fonts.regular, s * 0.5, s * 0.12)
            }
            PlaceKind::RiverPoint => {
                circle(pm, x, y, s * 0.12, (40, 100, 190), None);
                // Confluences are only control points; the river's source is worth a name.
                if p.elevation_label_only() {
                    continue;
                }
                (p.name.clone(), &fonts.regular, s * 0.5, s * 0.12)
            }
        };
        labels.push(Label {
            text: label,
            font,
            size,
            at: (x, y),
            clearance: r,
        });
    }
    let mut placed: Vec<[f32; 4]> = Vec::new();
    for Label {
        text: label,
        font,
        size,
        at: (x, y),
        clearance: r,
    } in labels
    {
        let w = text_width(font, &label, size);
        let gap = r + 3.0;
        // Above, below, right, left, then the diagonals.
        let candidates = [
            (x - w / 2.0, y - gap - size * 0.25),
            (x - w / 2.0, y + gap + size * 0.8),
            (x + gap, y + size * 0.35),
            (x - gap - w, y + size * 0.35),
            (x + gap, y - gap),
            (x - gap - w, y - gap),
            (x + gap, y + gap + size * 0.6),
            (x - gap - w, y + gap + size * 0.6),
        ];
        let boxed =
            |(lx, ly): (f32, f32)| [lx - 1.0, ly - size * 0.8, lx + w + 1.0, ly + size * 0.25];
        let free = candidates
            .iter()
            .copied()
            .find(|c| !placed.iter().any(|b| overlaps(*b, boxed(*c))));
        let at = free.unwrap_or(candidates[0]);
        placed.push(boxed(at));
        text(
            pm,
            font,
            &label,
            at.0,
            at.1,
            size,
            (20, 20, 20),
            true,
            Align::Left,
        );
    }
}

/// A place label waiting for a free position around its symbol.
struct Label<'a> {
    text: String,
    font: &'a FontRef<'a>,
    size: f32,
    at: (f32, f32),
    /// Radius of the symbol the label must not cover.
    clearance: f32,
}

fn overlaps(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn text_width(font: &FontRef, s: &str, size: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    s.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

trait PlaceLabel {
    fn elevation_label_only(&self) -> bool;
}

impl PlaceLabel for kalbajar_core::map::MapPlace {
    fn elevation_label_only(&self) -> bool {
        self.kind == PlaceKind::RiverPoint && !self.id.ends_with("_source")
    }
}

fn draw_exits(pm: &mut Pixmap, map: &Map, view: &View, fonts: &Fonts) {
    let s = view.scale;
    // Past the map edge: the review picture has margins.
    draw_exit_arrows(pm, map, view, 1.4, 0.7, 0.45);
    for e in &map.file().exits {
        let (x, y) = view.center(e.hex.to_hex());
        let short = e.toward.split([',', ';', ':']).next().unwrap_or(&e.toward);
        let label = format!("to {short}");
        let (lx, ly, align) = match e.edge {
            Edge::North => (x, y + s * 1.2, Align::Center),
            Edge::South => (x, y - s * 0.9, Align::Center),
            Edge::East => (x - s * 0.4, y + s * 1.3, Align::Right),
            Edge::West => (x + s * 0.4, y + s * 1.3, Align::Left),
        };
        text(
            pm,
            &fonts.bold,
            &label,
            lx,
            ly,
            s * 0.55,
            (30, 30, 30),
            true,
            align,
        );
    }
}

fn draw_frame(pm: &mut Pixmap, map: &Map, view: &View, fonts: &Fonts) {
    let s = view.scale;
    let f = map.file();
    #[expect(clippy::cast_precision_loss, reason = "pixel sizes")]
    let (w, h) = (pm.width() as f32, pm.height() as f32);
    text(
        pm,
        &fonts.bold,
        "Kalbajar district and its approaches, March 1993",
        LEFT,
        TOP * 0.45,
        22.0,
        (20, 20, 20),
        false,
        Align::Left,
    );
    text(
        pm,
        &fonts.regular,
        &format!(
            "Generated from scenarios/kalbajar_1993/geography.ron: {}×{} hexes of {} km; north is up",
            f.width, f.height, f.hex_km
        ),
        LEFT,
        TOP * 0.82,
        13.0,
        (60, 60, 60),
        false,
        Align::Left,
    );
    // Scale bar: 10 km in 2 km steps.
    let (x0, y0) = (LEFT, h - BOTTOM + 40.0);
    for i in 0..5u8 {
        let x = x0 + f32::from(i) * 2.0 * s;
        let c = if i % 2 == 0 {
            (20, 20, 20)
        } else {
            (250, 250, 250)
        };
        rect(pm, x, y0, 2.0 * s, 8.0, c);
    }
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y0);
    pb.line_to(x0 + 10.0 * s, y0);
    pb.line_to(x0 + 10.0 * s, y0 + 8.0);
    pb.line_to(x0, y0 + 8.0);
    pb.close();
    draw_path(pm, pb, &paint(20, 20, 20, 255), &stroke(1.0, None));
    for (i, label) in ["0", "5", "10 km"].iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "small")]
        let x = x0 + i as f32 * 5.0 * s;
        text(
            pm,
            &fonts.regular,
            label,
            x,
            y0 + 24.0,
            12.0,
            (20, 20, 20),
            false,
            Align::Center,
        );
    }
    // Elevation ramp.
    let (rx, ry, rw) = (x0 + 10.0 * s + 60.0, y0, 300.0);
    for i in 0..300u16 {
        let e = 600.0 + f64::from(i) * 10.0;
        let c = relief::tint(e);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "colour"
        )]
        rect(
            pm,
            rx + f32::from(i) * rw / 300.0,
            ry,
            rw / 300.0 + 0.5,
            8.0,
            (c[0] as u8, c[1] as u8, c[2] as u8),
        );
    }
    for (e, label) in [
        (600.0, "600"),
        (1500.0, "1500"),
        (2500.0, "2500"),
        (3600.0, "3600 m"),
    ] {
        let x = rx + ((e - 600.0) / 3000.0) as f32 * rw;
        text(
            pm,
            &fonts.regular,
            label,
            x,
            ry + 24.0,
            12.0,
            (20, 20, 20),
            false,
            Align::Center,
        );
    }
    // Line legend.
    let lx = rx + rw + 50.0;
    let items: [(&str, Paint, Stroke); 6] = [
        (
            "paved road",
            paint(180, 30, 30, 255),
            stroke(s * 0.16, None),
        ),
        ("dirt road", paint(120, 70, 30, 255), stroke(s * 0.11, None)),
        (
            "mountain track",
            paint(90, 50, 20, 255),
            stroke(s * 0.09, Some((s * 0.3, s * 0.2))),
        ),
        ("river", paint(40, 100, 190, 255), stroke(s * 0.15, None)),
        (
            "state border (district: dashed)",
            paint(150, 60, 170, 150),
            stroke(6.0, None),
        ),
        (
            "front line, 27 March",
            paint(210, 20, 20, 230),
            stroke(1.8, Some((1.5, 4.0))),
        ),
    ];
    for (i, (label, p, st)) in items.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "small")]
        let (col, row) = ((i / 3) as f32, (i % 3) as f32);
        let (x, y) = (lx + col * 230.0, y0 - 8.0 + row * 22.0);
        let mut pb = PathBuilder::new();
        pb.move_to(x, y);
        pb.line_to(x + 40.0, y);
        draw_path(pm, pb, p, st);
        text(
            pm,
            &fonts.regular,
            label,
            x + 50.0,
            y + 4.0,
            12.0,
            (20, 20, 20),
            false,
            Align::Left,
        );
    }
    text(
        pm,
        &fonts.regular,
        "Forest: green wash; crest (vehicles cannot cross): pale wash; bridges: paired bars; tunnel: dark box. Sources: see geography.ron.",
        LEFT,
        h - 18.0,
        12.0,
        (60, 60, 60),
        false,
        Align::Left,
    );
    // North arrow.
    let (nx, ny) = (w - RIGHT - 20.0, TOP * 0.5);
    let mut pb = PathBuilder::new();
    pb.move_to(nx, ny - 18.0);
    pb.line_to(nx + 8.0, ny + 8.0);
    pb.line_to(nx, ny + 3.0);
    pb.line_to(nx - 8.0, ny + 8.0);
    pb.close();
    if let Some(path) = pb.finish() {
        pm.fill_path(
            &path,
            &paint(20, 20, 20, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    text(
        pm,
        &fonts.bold,
        "N",
        nx - 24.0,
        ny + 6.0,
        16.0,
        (20, 20, 20),
        false,
        Align::Center,
    );
}

fn rect(pm: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, c: (u8, u8, u8)) {
    if let Some(r) = tiny_skia::Rect::from_xywh(x, y, w, h) {
        pm.fill_rect(r, &paint(c.0, c.1, c.2, 255), Transform::identity(), None);
    }
}

fn circle(pm: &mut Pixmap, x: f32, y: f32, r: f32, fill: (u8, u8, u8), ring: Option<(u8, u8, u8)>) {
    let Some(path) = PathBuilder::from_circle(x, y, r) else {
        return;
    };
    pm.fill_path(
        &path,
        &paint(fill.0, fill.1, fill.2, 255),
        FillRule::Winding,
        Transform::identity(),
        None,
    );
    if let Some(c) = ring {
        pm.stroke_path(
            &path,
            &paint(c.0, c.1, c.2, 255),
            &stroke(1.5, None),
            Transform::identity(),
            None,
        );
    }
}

fn triangle(pm: &mut Pixmap, x: f32, y: f32, r: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x, y - r);
    pb.line_to(x + r, y + r * 0.7);
    pb.line_to(x - r, y + r * 0.7);
    pb.close();
    if let Some(path) = pb.finish() {
        pm.fill_path(
            &path,
            &paint(60, 40, 30, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// The map symbol for a pass: two arcs back to back, ")(".
fn pass_symbol(pm: &mut Pixmap, x: f32, y: f32, s: f32) {
    let mut pb = PathBuilder::new();
    let (a, b) = (s * 0.18, s * 0.32);
    pb.move_to(x - b, y - b);
    pb.quad_to(x - a * 0.2, y, x - b, y + b);
    pb.move_to(x + b, y - b);
    pb.quad_to(x + a * 0.2, y, x + b, y + b);
    draw_path(pm, pb, &paint(20, 20, 20, 255), &stroke(2.2, None));
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// Draws a line of text with its baseline at `y`, optionally on a white halo.
#[expect(clippy::too_many_arguments, reason = "a drawing primitive")]
fn text(
    pm: &mut Pixmap,
    font: &FontRef,
    s: &str,
    x: f32,
    y: f32,
    size: f32,
    color: (u8, u8, u8),
    halo: bool,
    align: Align,
) {
    let scaled = font.as_scaled(PxScale::from(size));
    let width = text_width(font, s, size);
    let x0 = match align {
        Align::Left => x,
        Align::Center => x - width / 2.0,
        Align::Right => x - width,
    };
    if halo {
        for (ox, oy) in [
            (-1.5, 0.0),
            (1.5, 0.0),
            (0.0, -1.5),
            (0.0, 1.5),
            (-1.0, -1.0),
            (1.0, 1.0),
            (-1.0, 1.0),
            (1.0, -1.0),
        ] {
            glyphs(pm, &scaled, s, x0 + ox, y + oy, (255, 255, 255), 0.85);
        }
    }
    glyphs(pm, &scaled, s, x0, y, color, 1.0);
}

fn glyphs<F: Font>(
    pm: &mut Pixmap,
    font: &ab_glyph::PxScaleFont<F>,
    s: &str,
    x: f32,
    y: f32,
    color: (u8, u8, u8),
    opacity: f32,
) {
    let (w, h) = (pm.width(), pm.height());
    let data = pm.data_mut();
    let mut caret = x;
    for c in s.chars() {
        let id = font.glyph_id(c);
        let glyph = id.with_scale_and_position(font.scale(), point(caret, y));
        caret += font.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            #[expect(clippy::cast_possible_truncation, reason = "pixel coordinates")]
            let (px, py) = (
                bounds.min.x as i64 + i64::from(gx),
                bounds.min.y as i64 + i64::from(gy),
            );
            let Some(i) = pixel_index(px, py, w, h).map(|p| p * 4) else {
                return;
            };
            let a = (cov * opacity).clamp(0.0, 1.0);
            for (j, v) in [color.0, color.1, color.2].into_iter().enumerate() {
                let d = f32::from(data[i + j]);
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "0..255"
                )]
                {
                    data[i + j] = (d + (f32::from(v) - d) * a).round() as u8;
                }
            }
        });
    }
}
