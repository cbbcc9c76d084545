//! `kalbajar art --out DIR`: every generated image as PNG, a contact sheet of the counters and
//! badges, and a composed preview of the map as the game will show it.

use super::baked::MapBaker;
use super::counters::{ALL_SYMBOLS, letters};
use super::{
    ArtImage, Marker, OverlayFrame, TileSize, civilian_symbol, column_symbol, counter_face,
    grid_overlay, marker, strength_text_colour, terrain_atlas,
};
use kalbajar_core::geography::Side;
use kalbajar_core::hex::Offset;
use kalbajar_core::load::write_atomic;
use kalbajar_core::map::Map;
use std::path::{Path, PathBuf};
use tiny_skia::{Color, Pixmap, PixmapPaint, Transform};

/// Counter size written to the review files, in pixels.
const COUNTER_PX: u32 = 64;

/// File-name stem of a side.
fn side_name(side: Side) -> &'static str {
    match side {
        Side::Armenian => "armenian",
        Side::Azerbaijani => "azerbaijani",
    }
}

/// File-name stem of a unit symbol: `MountainInfantry` → `mountain_infantry`.
#[must_use]
pub fn symbol_name(symbol: kalbajar_core::scenario::Symbol) -> String {
    let mut out = String::new();
    for (i, c) in format!("{symbol:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Reads the map and writes every image into `out`; returns the files written.
///
/// # Errors
/// The map cannot be read, the directory cannot be made or a file cannot be written.
pub fn write_all(map_path: &Path, out: &Path, hex_px: f32) -> Result<Vec<PathBuf>, String> {
    if !(4.0..=128.0).contains(&hex_px) {
        return Err(format!("--hex-px {hex_px} must be between 4 and 128"));
    }
    let map = crate::map_png::read_map(map_path)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut written = Vec::new();
    let mut save = |name: &str, img: &ArtImage| -> Result<(), String> {
        let path = out.join(name);
        let bytes = img.encode_png().map_err(|e| format!("{name}: {e}"))?;
        write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
        written.push(path);
        Ok(())
    };
    // Whole pixels per hex radius, as the game's tiles have.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked range"
    )]
    let tile = TileSize::new(hex_px.round() as u32);
    let (atlas, _) = terrain_atlas(tile);
    save("terrain_atlas.png", &atlas)?;
    let baker = MapBaker::new(&map, tile);
    let frame = baker.frame();
    save("overlay.png", baker.lines())?;
    let grid = grid_overlay(&map, &frame);
    save("grid.png", &grid)?;
    for side in [Side::Armenian, Side::Azerbaijani] {
        for s in ALL_SYMBOLS {
            let name = format!("counter_{}_{}.png", symbol_name(s), side_name(side));
            save(&name, &counter_face(s, side, COUNTER_PX))?;
        }
    }
    for m in Marker::ALL {
        save(&format!("marker_{}.png", m.label()), &marker(m, 24))?;
    }
    save("civilians.png", &civilian_symbol(32))?;
    save("column.png", &column_symbol(32))?;
    save("sheet.png", &sheet())?;
    save(
        "preview.png",
        &preview(&map, &frame, &baker.map_image(1), &grid),
    )?;
    Ok(written)
}

/// Counters of both sides at 64, 48 and 32 px, then markers and civilian symbols at 48, 24
/// and 16 px, on a neutral grey.
fn sheet() -> ArtImage {
    let n = u32::try_from(ALL_SYMBOLS.len()).unwrap_or(11);
    let (w, h) = (8 + n * 72, 8 + 6 * 72 + 3 * 56);
    let mut pm = Pixmap::new(w, h).expect("a sheet");
    pm.fill(Color::from_rgba8(150, 150, 150, 255));
    let mut y = 8;
    for px in [64u32, 48, 32] {
        for side in [Side::Armenian, Side::Azerbaijani] {
            for (i, s) in ALL_SYMBOLS.iter().enumerate() {
                let x = 8 + u32::try_from(i).unwrap_or(0) * 72;
                let img = counter_face(*s, side, px);
                put(&mut pm, &img, x, y);
                strength(&mut pm, side, x, y, px, "4-3");
            }
            y += 72;
        }
    }
    let mut badges: Vec<Box<dyn Fn(u32) -> ArtImage>> = Marker::ALL
        .iter()
        .map(|m| {
            let m = *m;
            Box::new(move |px| marker(m, px)) as Box<dyn Fn(u32) -> ArtImage>
        })
        .collect();
    badges.push(Box::new(civilian_symbol));
    badges.push(Box::new(column_symbol));
    for px in [48u32, 24, 16] {
        for (i, b) in badges.iter().enumerate() {
            let x = 8 + u32::try_from(i).unwrap_or(0) * 72;
            put(&mut pm, &b(px), x, y);
        }
        y += 56;
    }
    ArtImage::from_pixmap(&pm)
}

/// The strength text as the game might set it, in the counter's band, for the previews.
fn strength(pm: &mut Pixmap, side: Side, x: u32, y: u32, px: u32, text: &str) {
    #[expect(clippy::cast_precision_loss, reason = "small")]
    let (x, y, p) = (x as f32, y as f32, px as f32);
    let band = super::STRENGTH_BAND * p;
    letters(
        pm,
        text,
        x + p / 2.0,
        y + p - band * 0.55,
        band * 0.52,
        strength_text_colour(side),
    );
}

fn put(pm: &mut Pixmap, img: &ArtImage, x: u32, y: u32) {
    if let Some(src) = img.to_pixmap() {
        #[expect(clippy::cast_possible_wrap, reason = "small")]
        pm.draw_pixmap(
            x as i32,
            y as i32,
            src.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
    }
}

/// The map as the game shows it: the baked map image on the window's ground, the grid over
/// it, and a few counters and civilian symbols placed on it.
fn preview(map: &Map, frame: &OverlayFrame, image: &ArtImage, grid: &ArtImage) -> ArtImage {
    let (w, h) = frame.size_of(map);
    let mut pm = Pixmap::new(w.max(1), h.max(1)).expect("a preview");
    pm.fill(Color::from_rgba8(235, 232, 224, 255));
    put(&mut pm, image, 0, 0);
    put(&mut pm, grid, 0, 0);
    let s = frame.hex_radius_px;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small"
    )]
    let cpx = (s * 1.45).round() as u32;
    let place = |pm: &mut Pixmap, img: &ArtImage, o: Offset| {
        let (cx, cy) = frame.hex_centre_px(o);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "on the map"
        )]
        let (x, y) = (
            (cx - img.width as f32 / 2.0).round().max(0.0) as u32,
            (cy - img.height as f32 / 2.0).round().max(0.0) as u32,
        );
        put(pm, img, x, y);
        (x, y)
    };
    // A few units of each side along the start line, as the game would place them.
    let mut front: Vec<(Offset, Side)> = Vec::new();
    for h in map.hexes() {
        let Some(d) = map.get(h) else { continue };
        if map
            .neighbors(h)
            .any(|n| map.get(n).is_some_and(|e| e.control != d.control))
        {
            front.push((Offset::from_hex(h), d.control));
        }
    }
    let symbols = ALL_SYMBOLS;
    let (mut a, mut z) = (0usize, 0usize);
    for (i, (o, side)) in front.iter().enumerate() {
        if i % 5 != 0 {
            continue;
        }
        let k = if *side == Side::Armenian {
            &mut a
        } else {
            &mut z
        };
        let img = counter_face(symbols[*k % symbols.len()], *side, cpx);
        *k += 1;
        let (x, y) = place(&mut pm, &img, *o);
        strength(&mut pm, *side, x, y, cpx, "4-3");
        if *k % 4 == 2 {
            let m = marker(Marker::ALL[*k % Marker::ALL.len()], cpx / 2);
            put(&mut pm, &m, x + cpx - cpx / 3, y.saturating_sub(cpx / 6));
        }
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small"
    )]
    let civ = (s * 1.0).round() as u32;
    for p in &map.file().places {
        if p.kind == kalbajar_core::geography::PlaceKind::Town {
            let (cx, cy) = frame.hex_centre_px(p.hex);
            let img = civilian_symbol(civ);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "on the map"
            )]
            put(
                &mut pm,
                &img,
                (cx + s * 0.3).round() as u32,
                (cy - s * 0.9).max(0.0).round() as u32,
            );
        }
    }
    ArtImage::from_pixmap(&pm)
}
