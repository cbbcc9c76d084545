//! The copy of each finished frame to the window. Bevy draws a frame into a texture of its
//! own and copies it to the window in a last pass, a draw that fetches and converts every
//! pixel. This plugin puts its own copy in Bevy's place, with changes that matter on a
//! software renderer (lavapipe), where that draw took about a third of all CPU time:
//!
//! - Where the window's image allows it and holds the same bytes as the frame (same size
//!   and channel order, sRGB values in both; see `window_surface`), the frame is copied as
//!   memory: no draw at all. The screenshots read the window's image after this copy.
//! - Otherwise the frame is drawn, with Bevy's pipeline, but a copy that replaces every
//!   pixel (no blending, no viewport) tells wgpu the window's old contents do not matter:
//!   the window's image is new every frame, and Bevy's copy loads what it held, so wgpu
//!   would fill it with zeros first, only for the copy to cover it.
//! - The game's cameras blend in sRGB space ([`CompositingSpace::Srgb`]): their shared image
//!   stores sRGB values as they are, so nothing drawn into it is converted on the way in.
//!   Bevy's copy would convert those values to linear light with `pow` in its shader before
//!   the window's sRGB image encodes them again; the drawn copy reads the image through an
//!   sRGB view of it, so the driver decodes each texel as it reads it.

use bevy::app::SubApp;
use bevy::camera::{CameraOutputMode, CompositingSpace, NormalizedRenderTarget};
use bevy::core_pipeline::Core2d;
use bevy::core_pipeline::blit::{BlitPipeline, BlitPipelineKey};
use bevy::core_pipeline::upscaling::upscaling;
use bevy::ecs::schedule::{IntoSystemSet, ScheduleCleanupPolicy, ScheduleLabel};
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_resource::{
    BindGroup, BlendState, CachedRenderPipelineId, LoadOp, PipelineCache, RenderPassDescriptor,
    SpecializedRenderPipelines, TextureFormat, TextureUsages, TextureView, TextureViewDescriptor,
    TextureViewId,
};
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::view::ViewTarget;
use bevy::render::view::window::ExtractedWindows;
use bevy::render::{Render, RenderApp, RenderSystems};
use wgpu_types::LoadOpDontCare;

/// Replaces Bevy's copy to the window with [`copy_frame_to_window`].
pub struct WindowCopyPlugin;

impl Plugin for WindowCopyPlugin {
    fn build(&self, _app: &mut App) {}

    // After every plugin's `build`, so that Bevy's copy and the panels' pass, which is
    // ordered before it, are in the schedule.
    fn finish(&self, app: &mut App) {
        let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        // The set stays, and with it the panels' pass's order before it.
        match take_out_bevy_system(render_app, Core2d, upscaling) {
            Ok(()) => {
                render_app
                    .add_systems(
                        Render,
                        prepare_window_copies
                            .in_set(RenderSystems::Prepare)
                            .ambiguous_with_all(),
                    )
                    .add_systems(
                        Core2d,
                        copy_frame_to_window
                            .in_set(FrameToWindow)
                            .after(upscaling)
                            .after(bevy_egui::render::egui_pass),
                    );
            }
            Err(why) => warn!("the window keeps Bevy's copy of the frame ({why})"),
        }
    }
}

/// Takes one of Bevy's systems out of a schedule of the render app, keeping its set, so that
/// what Bevy orders around it stays ordered around what the game puts in its place.
pub(super) fn take_out_bevy_system<M>(
    render_app: &mut SubApp,
    schedule: impl ScheduleLabel,
    system: impl IntoSystemSet<M>,
) -> Result<(), String> {
    match render_app.remove_systems_in_set(
        schedule,
        system,
        ScheduleCleanupPolicy::RemoveSystemsOnly,
    ) {
        Ok(1) => Ok(()),
        other => Err(format!("{other:?}")),
    }
}

/// The copy of the frame to the window: what runs after it sees the window's finished image.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct FrameToWindow;

/// How a view's frame reaches its window.
#[derive(Component)]
struct WindowCopy {
    pipeline: CachedRenderPipelineId,
    key: BlitPipelineKey,
    /// The format to read the frame as, when it is not the frame's own: the sRGB view of a
    /// frame that stores sRGB values.
    read_as: Option<TextureFormat>,
}

/// The sRGB view to read a frame through, for a frame whose image stores sRGB-encoded values
/// in a plain format (the image Bevy makes for [`CompositingSpace::Srgb`], which it creates
/// with that view allowed). `None` when the frame is to be read as it is.
#[must_use]
fn srgb_view_of(format: TextureFormat, space: Option<CompositingSpace>) -> Option<TextureFormat> {
    (space == Some(CompositingSpace::Srgb)
        && matches!(
            format,
            TextureFormat::Rgba8Unorm | TextureFormat::Bgra8Unorm
        ))
    .then(|| format.add_srgb_suffix())
}

/// The blending of a camera's copy, as Bevy chooses it: a camera that writes out replaces
/// the window's pixels if it is the first of its window to write, and blends over them if
/// not, unless it names its own blending. `None` for a camera that writes nothing out.
#[must_use]
fn copy_blending(output: CameraOutputMode, index_for_target: usize) -> Option<Option<BlendState>> {
    match output {
        CameraOutputMode::Skip => None,
        CameraOutputMode::Write {
            blend_state: Some(blend),
            ..
        } => Some(Some(blend)),
        CameraOutputMode::Write {
            blend_state: None, ..
        } => Some((index_for_target > 0).then_some(BlendState::ALPHA_BLENDING)),
    }
}

/// Finds (and compiles, the first time) the copy pipeline of each view that writes out.
fn prepare_window_copies(
    mut commands: Commands,
    mut pipeline_cache: ResMut<PipelineCache>,
    mut pipelines: ResMut<SpecializedRenderPipelines<BlitPipeline>>,
    blit: Res<BlitPipeline>,
    views: Query<(Entity, &ViewTarget, &ExtractedCamera, Option<&WindowCopy>)>,
) {
    for (entity, target, camera, copy) in &views {
        let (Some(blend_state), Some(target_format)) = (
            copy_blending(camera.output_mode, camera.sorted_camera_index_for_target),
            target.out_texture_view_format(),
        ) else {
            continue;
        };
        let read_as = srgb_view_of(target.main_texture_format(), target.compositing_space);
        let key = BlitPipelineKey {
            target_format,
            blend_state,
            samples: 1,
            // Read through the sRGB view, the texels arrive in linear light already.
            source_space: if read_as.is_some() {
                None
            } else {
                target.compositing_space
            },
        };
        if copy.is_none_or(|c| c.key != key || c.read_as != read_as) {
            let pipeline = pipelines.specialize(&pipeline_cache, &blit, key);
            // Compiled before the frame goes on, so that no frame goes out without its copy.
            pipeline_cache.block_on_render_pipeline(pipeline);
            commands.entity(entity).insert(WindowCopy {
                pipeline,
                key,
                read_as,
            });
        }
    }
}

/// The window's image, when the view's frame can be copied into it as memory: the copy
/// replaces the whole window, the window's image is the one being drawn this frame (not a
/// screenshot's stand-in), it allows copying into, and the two images hold the same bytes
/// for the same colours (same size, same channel order, and sRGB values in both).
fn window_image_to_copy_into<'w>(
    target: &ViewTarget,
    copy: &WindowCopy,
    camera: &ExtractedCamera,
    windows: &'w ExtractedWindows,
) -> Option<&'w wgpu::Texture> {
    if copy.key.blend_state.is_some() || camera.viewport.is_some() {
        return None;
    }
    let Some(NormalizedRenderTarget::Window(window)) = &camera.target else {
        return None;
    };
    let window = windows.get(&window.entity())?;
    let (image, view) = (
        &window.swap_chain_texture.as_ref()?.texture,
        window.swap_chain_texture_view.as_ref()?,
    );
    let frame = target.main_texture();
    (target.out_texture().map(TextureView::id) == Some(view.id())
        && image.usage().contains(TextureUsages::COPY_DST)
        && frame.usage().contains(TextureUsages::COPY_SRC)
        && image.size() == frame.size()
        && same_bytes(
            target.main_texture_format(),
            copy.read_as,
            window.swap_chain_texture_view_format?,
        ))
    .then_some(image)
}

/// Whether a frame of `frame` format, read as `read_as`, holds the bytes a draw into a
/// window view of `window` format would write: the same channels in the same order, and
/// both sRGB-encoded or both not.
#[must_use]
fn same_bytes(frame: TextureFormat, read_as: Option<TextureFormat>, window: TextureFormat) -> bool {
    frame.remove_srgb_suffix() == window.remove_srgb_suffix()
        && read_as.unwrap_or(frame).is_srgb() == window.is_srgb()
}

/// Copies the view's frame to its window: Bevy's copy, except that a copy that replaces
/// every pixel does not have the window's old contents loaded (or zero-filled) first.
#[expect(clippy::too_many_arguments, reason = "a Bevy system's parameters")]
fn copy_frame_to_window(
    view: ViewQuery<(&ViewTarget, &WindowCopy, &ExtractedCamera)>,
    pipeline_cache: Res<PipelineCache>,
    blit: Res<BlitPipeline>,
    clear_color: Res<ClearColor>,
    windows: Res<ExtractedWindows>,
    mut bind_group: Local<Option<(TextureViewId, Option<TextureFormat>, BindGroup)>>,
    mut copied_as_memory: Local<Option<bool>>,
    mut ctx: RenderContext,
) {
    let (target, copy, camera) = view.into_inner();
    let image = window_image_to_copy_into(target, copy, camera, &windows);
    // Said once, and whenever it changes: CI checks the window gets the fast copy.
    if *copied_as_memory != Some(image.is_some()) {
        *copied_as_memory = Some(image.is_some());
        if image.is_some() {
            info!("the frame reaches the window as a copy of memory");
        } else {
            info!("the frame is drawn into the window");
        }
    }
    if let Some(image) = image {
        // Asked for only to tell Bevy the window was written and is to be presented.
        let _ = target.out_texture_color_attachment(None);
        ctx.command_encoder().copy_texture_to_texture(
            target.main_texture().as_image_copy(),
            image.as_image_copy(),
            image.size(),
        );
        return;
    }
    let CameraOutputMode::Write {
        clear_color: clear, ..
    } = camera.output_mode
    else {
        return;
    };
    let Some(pipeline) = pipeline_cache.get_render_pipeline(copy.pipeline) else {
        return;
    };
    let frame = target.main_texture_view();
    let group = match &mut *bind_group {
        Some((id, read_as, group)) if *id == frame.id() && *read_as == copy.read_as => group,
        cached => {
            let view: TextureView = match copy.read_as {
                Some(format) => target.main_texture().create_view(&TextureViewDescriptor {
                    format: Some(format),
                    ..default()
                }),
                None => frame.clone(),
            };
            let group = blit.create_bind_group(ctx.render_device(), &view, &pipeline_cache);
            &cached.insert((frame.id(), copy.read_as, group)).2
        }
    };
    let clear = match clear {
        ClearColorConfig::Default => Some(clear_color.0.into()),
        ClearColorConfig::Custom(color) => Some(color.into()),
        ClearColorConfig::None => None,
    };
    let Some(mut attachment) = target.out_texture_color_attachment(clear) else {
        return;
    };
    if copy.key.blend_state.is_none() && camera.viewport.is_none() {
        // SAFETY: the copy draws a triangle over the whole target with no blending and no
        // scissor, so every pixel is written before anything reads or stores it.
        attachment.ops.load = LoadOp::DontCare(unsafe { LoadOpDontCare::enabled() });
    }
    let mut pass = ctx
        .command_encoder()
        .begin_render_pass(&RenderPassDescriptor {
            label: Some("copy_frame_to_window"),
            color_attachments: &[Some(attachment)],
            depth_stencil_attachment: None,
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
    if let Some(viewport) = &camera.viewport {
        let (at, size) = (viewport.physical_position, viewport.physical_size);
        pass.set_scissor_rect(at.x, at.y, size.x, size.y);
    }
    pass.set_pipeline(pipeline);
    pass.set_bind_group(0, group, &[]);
    pass.draw(0..3, 0..1);
}

#[cfg(test)]
mod tests {
    use super::{copy_blending, same_bytes, srgb_view_of};
    use bevy::camera::{CameraOutputMode, ClearColorConfig, CompositingSpace};
    use bevy::render::render_resource::{BlendState, TextureFormat};

    #[test]
    fn only_a_plain_image_of_srgb_values_is_read_through_an_srgb_view() {
        let srgb = Some(CompositingSpace::Srgb);
        assert_eq!(
            srgb_view_of(TextureFormat::Rgba8Unorm, srgb),
            Some(TextureFormat::Rgba8UnormSrgb)
        );
        assert_eq!(
            srgb_view_of(TextureFormat::Bgra8Unorm, srgb),
            Some(TextureFormat::Bgra8UnormSrgb)
        );
        // Linear values, an image that decodes itself, or a format with no sRGB twin.
        assert_eq!(srgb_view_of(TextureFormat::Rgba8Unorm, None), None);
        let linear = Some(CompositingSpace::Linear);
        assert_eq!(srgb_view_of(TextureFormat::Rgba8Unorm, linear), None);
        assert_eq!(srgb_view_of(TextureFormat::Rgba8UnormSrgb, srgb), None);
        assert_eq!(srgb_view_of(TextureFormat::Rgba16Float, srgb), None);
    }

    #[test]
    fn a_frame_is_copied_as_memory_only_into_a_window_of_the_same_bytes() {
        use TextureFormat as F;
        // The game's frame: sRGB values in a plain BGRA image, read through its sRGB view.
        let srgb_view = Some(F::Bgra8UnormSrgb);
        assert!(same_bytes(F::Bgra8Unorm, srgb_view, F::Bgra8UnormSrgb));
        // Other channel order: a copy would swap red and blue.
        assert!(!same_bytes(
            F::Rgba8Unorm,
            Some(F::Rgba8UnormSrgb),
            F::Bgra8UnormSrgb
        ));
        // Linear values in a plain image: the window would show them unencoded, too dark.
        assert!(!same_bytes(F::Bgra8Unorm, None, F::Bgra8UnormSrgb));
        // An sRGB image into an sRGB window, and plain into plain, hold the same bytes.
        assert!(same_bytes(F::Bgra8UnormSrgb, None, F::Bgra8UnormSrgb));
        assert!(same_bytes(F::Rgba8Unorm, None, F::Rgba8Unorm));
        assert!(!same_bytes(F::Rgba16Float, None, F::Rgba8UnormSrgb));
    }

    #[test]
    fn a_camera_replaces_the_window_only_when_it_is_the_first_to_write_it() {
        let write = |blend_state| CameraOutputMode::Write {
            blend_state,
            clear_color: ClearColorConfig::None,
        };
        assert_eq!(copy_blending(CameraOutputMode::Skip, 0), None);
        assert_eq!(copy_blending(write(None), 0), Some(None));
        assert_eq!(
            copy_blending(write(None), 1),
            Some(Some(BlendState::ALPHA_BLENDING))
        );
        let own = BlendState::PREMULTIPLIED_ALPHA_BLENDING;
        assert_eq!(copy_blending(write(Some(own)), 0), Some(Some(own)));
    }
}
