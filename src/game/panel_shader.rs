//! The panels' pipeline and shader. bevy_egui's shader converts every pixel's colour to sRGB
//! and back with `pow`, and its pipeline is compiled for an sRGB image, which encodes what
//! the shader writes once more. The game's cameras share an image that stores sRGB values as
//! they are (see `window_copy`), so this plugin compiles bevy_egui's pipeline for that image
//! and gives it a shader (`assets/shaders/egui.wgsl`) that converts nothing: it writes egui's
//! sRGB colours as egui means them to be blended, and takes a texel's alpha for its colour
//! (every texel of egui's own textures is premultiplied white; the test below checks it). The
//! shader also reads the texel under each pixel instead of filtering four: egui's glyphs and
//! shapes sit on whole texels, and filtering an sRGB texture is lavapipe's slow path.

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
        if view.target_format.is_srgb() {
            // The shader writes sRGB values as they are; an sRGB image would encode them again.
            warn_once!(
                "the panels are drawn into an sRGB image ({:?}): their colours will be too \
                 light; give the camera CompositingSpace::Srgb",
                view.target_format
            );
        }
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
    use bevy_egui::egui;

    /// The panels' shader takes a texel's alpha for its colour: that holds only while every
    /// texel of every texture egui makes is premultiplied white. Draw text in the game's
    /// fonts and shapes, and look at every texel egui hands over.
    #[test]
    fn every_texel_of_egui_s_textures_is_premultiplied_white() {
        let ctx = egui::Context::default();
        super::super::hud::install_fonts(&ctx);
        let mut checked = 0;
        for _ in 0..2 {
            let output = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.heading("Kalbajar, 27 March – 3 April 1993");
                ui.label("Ağdaban, Çərəktar, Qəmişli, Zülfüqarlı · ⚠ ✔ ▶ • 60,000");
                ui.label(egui::RichText::new("Chronicle").strong().size(19.0));
                let _ = ui.checkbox(&mut true, "Supply [1]");
                let _ = ui.button("End phase [Space]");
                ui.add(egui::ProgressBar::new(0.4));
            });
            for delta in output.textures_delta.set.values().flatten() {
                let egui::ImageData::Color(image) = &delta.image;
                for px in &image.pixels {
                    let [r, g, b, a] = px.to_array();
                    assert!(
                        r == a && g == a && b == a,
                        "a texel that is not white: {px:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "egui made textures of {checked} texels");
    }
}
