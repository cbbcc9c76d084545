//! The panels' pipeline and shader. bevy_egui's shader converts every pixel's colour to sRGB
//! and back with `pow`, and its pipeline is compiled for an sRGB image, which encodes what
//! the shader writes once more. The game's cameras share an image that stores sRGB values as
//! they are (see `window_copy`), so this plugin compiles bevy_egui's pipeline for that image
//! and gives it a shader (`assets/shaders/egui.wgsl`) that writes egui's sRGB colours
//! directly, as egui means them to be blended. The one conversion left, of the texture's
//! texels to sRGB, is a short polynomial within a twentieth of an 8-bit level of the exact
//! curve. The shader also reads the texel under each pixel instead of filtering four: egui's
//! glyphs and shapes sit on whole texels, and filtering an sRGB texture is lavapipe's slow
//! path.

use bevy::prelude::*;
use bevy::render::render_resource::{PipelineCache, SpecializedRenderPipelines};
use bevy::render::sync_world::MainEntity;
use bevy::render::view::ExtractedView;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::shader::Shader;
use bevy_egui::render::systems::EguiPipelines;
use bevy_egui::render::{EguiPipeline, EguiPipelineKey, EguiViewTarget};

/// The replacement's source, built into the binary like bevy_egui's own.
const SOURCE: &str = include_str!("../../assets/shaders/egui.wgsl");

/// Installs the panels' shader in place of bevy_egui's, and their pipeline for the format of
/// the image they are drawn into.
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
        if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
            render_app.add_systems(
                Render,
                compile_panels_for_their_image.in_set(RenderSystems::PrepareResources),
            );
        }
    }
}

/// bevy_egui compiles each camera's panel pipeline for an sRGB image whatever the camera draws
/// into; this compiles it for the format the camera's image really has.
fn compile_panels_for_their_image(
    mut chosen: ResMut<EguiPipelines>,
    pipeline_cache: Res<PipelineCache>,
    mut pipelines: ResMut<SpecializedRenderPipelines<EguiPipeline>>,
    egui: Res<EguiPipeline>,
    panels: Query<&EguiViewTarget>,
    cameras: Query<(&MainEntity, &ExtractedView)>,
) {
    for EguiViewTarget(camera) in &panels {
        let Ok((main, view)) = cameras.get(*camera) else {
            continue;
        };
        let key = EguiPipelineKey {
            target_format: view.target_format,
        };
        chosen
            .0
            .insert(*main, pipelines.specialize(&pipeline_cache, &egui, key));
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
}
