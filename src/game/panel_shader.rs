//! The panels' shader: replaces bevy_egui's with one that draws the same pixels for less work
//! on a software renderer. egui converts every pixel's colour to sRGB and back with `pow`;
//! lavapipe spends about a tenth of a frame on those six powers. The replacement
//! (`assets/shaders/egui.wgsl`) keeps the bindings and the blending and uses short
//! polynomials that stay within a third of an 8-bit level of the exact curves. It also reads
//! the texel under each pixel instead of filtering four: egui's glyphs and shapes sit on whole
//! texels, and filtering an sRGB texture is lavapipe's slow path.

use bevy::prelude::*;
use bevy::shader::Shader;

/// The replacement's source, built into the binary like bevy_egui's own.
const SOURCE: &str = include_str!("../../assets/shaders/egui.wgsl");

/// Installs the panels' shader in place of bevy_egui's.
pub struct PanelShaderPlugin;

impl Plugin for PanelShaderPlugin {
    fn build(&self, _app: &mut App) {}

    // After every plugin's `build`, so that bevy_egui's own shader is in place to be replaced.
    fn finish(&self, app: &mut App) {
        let Some(mut shaders) = app.world_mut().get_resource_mut::<Assets<Shader>>() else {
            return;
        };
        let shader = Shader::from_wgsl(SOURCE, "kalbajar/assets/shaders/egui.wgsl");
        if let Err(e) = shaders.insert(bevy_egui::render::EGUI_SHADER_HANDLE.id(), shader) {
            warn!("the panels keep bevy_egui's shader: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SOURCE;

    /// The numbers on the shader line that starts with `let curve` inside function `name`.
    fn coefficients(name: &str) -> Vec<f64> {
        let body = SOURCE
            .split(&format!("fn {name}("))
            .nth(1)
            .expect("the function is in the shader");
        let line = body
            .lines()
            .find(|l| l.trim_start().starts_with("let curve"))
            .expect("the function has a curve");
        line.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|t| t.contains('.'))
            .map(|t| t.parse().expect("a number"))
            .collect()
    }

    fn exact_encode(c: f64) -> f64 {
        if c < 0.003_130_8 {
            c * 12.92
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        }
    }

    fn exact_decode(c: f64) -> f64 {
        if c < 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    #[test]
    fn the_encoding_curve_matches_srgb_on_every_texel() {
        // The signs are in the shader's text: + s1, + s2, - s3, - c.
        let k = coefficients("encode_srgb");
        assert_eq!(k.len(), 4, "{k:?}");
        let encode = |c: f64| {
            if c < 0.003_130_8 {
                return c * 12.92;
            }
            let s1 = c.sqrt();
            let s2 = s1.sqrt();
            let s3 = s2.sqrt();
            k[0] * s1 + k[1] * s2 - k[2] * s3 - k[3] * c
        };
        for level in 0..=255 {
            let srgb = f64::from(level) / 255.0;
            let linear = exact_decode(srgb);
            let err = (encode(linear) - exact_encode(linear)).abs() * 255.0;
            assert!(err < 0.05, "level {level}: off by {err} of a level");
        }
    }

    #[test]
    fn the_decoding_curve_matches_srgb_once_the_window_encodes_it() {
        let k = coefficients("decode_srgb");
        assert_eq!(k.len(), 4, "{k:?}");
        let decode = |c: f64| {
            if c < 0.040_45 {
                c / 12.92
            } else {
                ((k[0] * c + k[1]) * c + k[2]) * c + k[3]
            }
        };
        // Products of colours land between the 8-bit levels: check a finer grid.
        for step in 0..=2040 {
            let srgb = f64::from(step) / 2040.0;
            let err = (exact_encode(decode(srgb).max(0.0)) - srgb).abs() * 255.0;
            assert!(err < 0.35, "{srgb}: off by {err} of a level");
        }
    }
}
