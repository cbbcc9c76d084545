//! The game's art, generated at load time from the map and the rules' enums: terrain tiles,
//! the map overlay and grid, unit counters in NATO APP-6 style, status markers and civilian
//! symbols. No Bevy here: everything is an [`ArtImage`] the game uploads as a texture, and
//! `kalbajar art --out DIR` writes them all as PNG for review.

pub mod baked;
pub mod counters;
pub mod draw;
pub mod overlay;
pub mod relief;
pub mod review;
pub mod tiles;

#[allow(
    unused_imports,
    reason = "the API the desktop game builds on; the review command does not need all of it"
)]
pub use counters::{
    Marker, STRENGTH_BAND, civilian_symbol, column_symbol, counter_face, marker, side_colour,
    strength_text_colour,
};
pub use overlay::{OverlayFrame, grid_overlay};
pub use tiles::{TileSize, terrain_atlas};

use tiny_skia::{IntSize, Pixmap};

/// The game's typeface, DejaVu Sans (`assets/fonts/DejaVu-LICENSE.txt`), built into the
/// binary so that the game draws the same text whatever directory it is started from.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// Its bold face.
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// An RGBA8 image in straight (not premultiplied) sRGB, row-major, top row first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtImage {
    pub width: u32,
    pub height: u32,
    /// `width × height × 4` bytes.
    pub rgba: Vec<u8>,
}

impl ArtImage {
    /// Converts a tiny-skia pixmap (premultiplied) to straight alpha.
    #[must_use]
    pub fn from_pixmap(pm: &Pixmap) -> Self {
        let rgba = pm
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        Self {
            width: pm.width(),
            height: pm.height(),
            rgba,
        }
    }

    /// The pixel at `(x, y)` as `[r, g, b, a]`; transparent black outside the image.
    #[must_use]
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        if x >= self.width || y >= self.height {
            return [0; 4];
        }
        let i = ((y as usize) * (self.width as usize) + x as usize) * 4;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }

    /// A premultiplied pixmap of this image, for composing and encoding.
    #[must_use]
    pub fn to_pixmap(&self) -> Option<Pixmap> {
        let mut data = self.rgba.clone();
        for px in data.chunks_exact_mut(4) {
            let a = u16::from(px[3]);
            for c in &mut px[..3] {
                // Rounded a·c/255, exact for a = 255.
                #[expect(clippy::cast_possible_truncation, reason = "at most 255")]
                {
                    *c = ((u16::from(*c) * a + 127) / 255) as u8;
                }
            }
        }
        Pixmap::from_vec(data, IntSize::from_wh(self.width, self.height)?)
    }

    /// The image as PNG bytes.
    ///
    /// # Errors
    /// The image is empty or cannot be encoded.
    pub fn encode_png(&self) -> Result<Vec<u8>, String> {
        self.to_pixmap()
            .ok_or_else(|| "empty image".to_string())?
            .encode_png()
            .map_err(|e| e.to_string())
    }
}
