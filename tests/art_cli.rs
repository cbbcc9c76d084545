//! `kalbajar art --out DIR`: writes every image of the game's art as a PNG, and refuses bad
//! arguments with a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kalbajar");

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("art-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Width and height from a PNG header, if the file is one.
fn png_size(path: &Path) -> Option<(u32, u32)> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    Some((be(16), be(20)))
}

#[test]
fn art_writes_every_image() {
    let dir = out_dir("all");
    let o = Command::new(BIN)
        .args(["art", "--out"])
        .arg(&dir)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("wrote 34 images"), "{stdout}");
    let mut expected = vec![
        "terrain_atlas.png".to_string(),
        "overlay.png".into(),
        "grid.png".into(),
        "civilians.png".into(),
        "column.png".into(),
        "sheet.png".into(),
        "preview.png".into(),
    ];
    for m in [
        "out_of_supply",
        "disrupted",
        "entrenched",
        "routed",
        "isolated",
    ] {
        expected.push(format!("marker_{m}.png"));
    }
    for s in [
        "infantry",
        "mountain_infantry",
        "mechanised",
        "armour",
        "artillery",
        "rocket_artillery",
        "anti_tank",
        "headquarters",
        "militia",
        "police",
        "helicopter",
    ] {
        for side in ["armenian", "azerbaijani"] {
            expected.push(format!("counter_{s}_{side}.png"));
        }
    }
    for name in &expected {
        let size = png_size(&dir.join(name));
        assert!(
            size.is_some_and(|(w, h)| w > 0 && h > 0),
            "{name}: {size:?}"
        );
    }
    // The real map is 44 × 34 hexes; at S = 24 px the overlay, grid and preview share a size.
    let w = (3f64.sqrt() * 24.0 * 44.5).ceil() as u32;
    let h = (24.0f64 * (1.5 * 34.0 + 0.5)).ceil() as u32;
    for name in ["overlay.png", "grid.png", "preview.png"] {
        assert_eq!(png_size(&dir.join(name)), Some((w, h)), "{name}");
    }
    assert_eq!(png_size(&dir.join("terrain_atlas.png")), Some((42 * 9, 48)));
    assert_eq!(
        png_size(&dir.join("counter_infantry_armenian.png")),
        Some((64, 64))
    );
    assert_eq!(
        std::fs::read_dir(&dir).expect("the directory").count(),
        expected.len()
    );
}

#[test]
fn art_refuses_a_bad_hex_size_and_a_missing_map() {
    let dir = out_dir("bad");
    for args in [vec!["--hex-px", "0"], vec!["--map", "no/such/map.ron"]] {
        let o = Command::new(BIN)
            .args(["art", "--out"])
            .arg(&dir)
            .args(&args)
            .output()
            .expect("the binary runs");
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("panicked") && !err.trim().is_empty(),
            "{args:?}: {err}"
        );
    }
}
