//! The window's surface, made by the game in Bevy's place so that the finished frame can be
//! copied into it as memory rather than drawn into it pixel by pixel.
//!
//! Bevy configures a window's images for drawing only, in a private resource, and its
//! cameras' shared image is RGBA while lavapipe's windows are BGRA. On a software renderer
//! the draw that copies the frame to the window costs about a third of all CPU time: it
//! fetches and converts every pixel. This plugin:
//!
//! - configures the window's surface as Bevy does (same format, present mode and frame
//!   latency), but lets its images also be copied into and out of;
//! - acquires each frame's window image and hands it to Bevy in [`ExtractedWindow`], as
//!   Bevy's own `prepare_windows` does;
//! - gives the game's cameras (which store sRGB values, [`CompositingSpace::Srgb`]) an image
//!   in the window's channel order, so that `window_copy` can copy it byte for byte.
//!
//! Bevy's screenshots look the window's surface up in Bevy's private resource, which stays
//! empty now; the game's screenshots read the window's image themselves (`window_capture`).

use super::window_copy::take_out_bevy_system;
use bevy::camera::{CompositingSpace, NormalizedRenderTarget};
use bevy::ecs::entity::EntityHashMap;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_resource::{TextureFormat, TextureUsages, TextureViewDescriptor};
use bevy::render::renderer::{RenderAdapter, RenderDevice, RenderInstance};
use bevy::render::view::ExtractedView;
use bevy::render::view::window::{
    ExtractedWindow, ExtractedWindows, create_surfaces, prepare_windows,
};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::{CompositeAlphaMode, PresentMode};
use std::num::NonZero;

/// What the game asks of a window's images beyond drawing, where the surface allows it: to
/// be copied into (the frame) and out of (screenshots).
const WINDOW_IMAGE_COPIES: TextureUsages = TextureUsages::COPY_DST.union(TextureUsages::COPY_SRC);

/// The usage of a window's images: drawing, and whichever copies the surface allows. Without
/// copying in, the frame is drawn into the window; without copying out, no screenshots.
#[must_use]
fn window_image_usage(offered: TextureUsages) -> TextureUsages {
    TextureUsages::RENDER_ATTACHMENT | (offered & WINDOW_IMAGE_COPIES)
}

/// Replaces Bevy's window surfaces with the game's.
pub struct WindowSurfacePlugin;

impl Plugin for WindowSurfacePlugin {
    fn build(&self, _app: &mut App) {}

    // After every plugin's `build`, so that Bevy's window systems are there to be replaced.
    fn finish(&self, app: &mut App) {
        let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        for (system, taken) in [
            (
                "create_surfaces",
                take_out_bevy_system(render_app, Render, create_surfaces),
            ),
            (
                "prepare_windows",
                take_out_bevy_system(render_app, Render, prepare_windows),
            ),
        ] {
            if let Err(why) = taken {
                // Bevy changed: what is left of its window systems cannot work with the
                // game's, so say so loudly.
                error!(
                    "the game cannot take Bevy's {system} out ({why}); the window may stay blank"
                );
                return;
            }
        }
        render_app.init_resource::<GameSurfaces>().add_systems(
            Render,
            (
                // Once the windows and the cameras' views are in (extraction's commands
                // applied) and before any pipeline is compiled or image made for them.
                (make_window_surfaces, order_frames_like_the_window)
                    .chain()
                    .after(RenderSystems::ExtractCommands)
                    .before(RenderSystems::PrepareAssets),
                prepare_window_images
                    .in_set(RenderSystems::PrepareViews)
                    .after(create_surfaces)
                    .before(prepare_windows),
            ),
        );
    }
}

/// A window's surface and how it is configured.
struct GameSurface {
    surface: wgpu::Surface<'static>,
    config: wgpu::SurfaceConfiguration,
}

/// The surface of each window, by the window's entity.
#[derive(Resource, Default)]
struct GameSurfaces(EntityHashMap<GameSurface>);

/// The surface format Bevy would choose: the first sRGB format of the two wgpu draws to
/// windows with, else the first the surface offers.
#[must_use]
fn choose_format(formats: &[TextureFormat]) -> Option<TextureFormat> {
    formats
        .iter()
        .copied()
        .find(|f| {
            matches!(
                f,
                TextureFormat::Rgba8UnormSrgb | TextureFormat::Bgra8UnormSrgb
            )
        })
        .or_else(|| formats.first().copied())
}

/// The present mode to ask for: the window's, else the first of its fallbacks the surface
/// offers, ending in FIFO, which every surface has (Bevy's choice, the same order).
#[must_use]
fn choose_present_mode(wanted: PresentMode, offered: &[wgpu::PresentMode]) -> wgpu::PresentMode {
    use wgpu::PresentMode as P;
    let fallbacks: &[P] = match wanted {
        PresentMode::AutoVsync => &[P::FifoRelaxed, P::Fifo],
        PresentMode::AutoNoVsync => &[P::Immediate, P::Mailbox, P::Fifo],
        PresentMode::Mailbox => &[P::Mailbox, P::Immediate, P::Fifo],
        PresentMode::Immediate => &[P::Immediate, P::Fifo],
        PresentMode::FifoRelaxed => &[P::FifoRelaxed, P::Fifo],
        PresentMode::Fifo => &[P::Fifo],
    };
    fallbacks
        .iter()
        .copied()
        .find(|m| offered.contains(m))
        .unwrap_or(P::Fifo)
}

#[must_use]
fn alpha_mode(mode: CompositeAlphaMode) -> wgpu::CompositeAlphaMode {
    match mode {
        CompositeAlphaMode::Auto => wgpu::CompositeAlphaMode::Auto,
        CompositeAlphaMode::Opaque => wgpu::CompositeAlphaMode::Opaque,
        CompositeAlphaMode::PreMultiplied => wgpu::CompositeAlphaMode::PreMultiplied,
        CompositeAlphaMode::PostMultiplied => wgpu::CompositeAlphaMode::PostMultiplied,
        CompositeAlphaMode::Inherit => wgpu::CompositeAlphaMode::Inherit,
    }
}

/// Makes a window's surface and configures it as Bevy would, with the game's image usage
/// where the surface allows it.
fn make_surface(
    window: &ExtractedWindow,
    instance: &RenderInstance,
    adapter: &RenderAdapter,
    device: &RenderDevice,
) -> Option<GameSurface> {
    let target = wgpu::SurfaceTargetUnsafe::RawHandle {
        raw_display_handle: Some(window.handle.get_display_handle()),
        raw_window_handle: window.handle.get_window_handle(),
    };
    // SAFETY: Bevy keeps the handles of an extracted window valid while the window exists,
    // and the surface is dropped with the window.
    let surface = match unsafe { instance.create_surface_unsafe(target) } {
        Ok(s) => s,
        Err(err) => {
            error!("cannot make the window's surface: {err}");
            return None;
        }
    };
    let caps = surface.get_capabilities(adapter);
    let Some(format) = choose_format(&caps.formats) else {
        error!("the window's surface offers no image format");
        return None;
    };
    let config = wgpu::SurfaceConfiguration {
        usage: window_image_usage(caps.usages),
        format,
        width: window.physical_width,
        height: window.physical_height,
        present_mode: choose_present_mode(window.present_mode, &caps.present_modes),
        desired_maximum_frame_latency: window.desired_maximum_frame_latency.map_or(2, NonZero::get),
        alpha_mode: alpha_mode(window.alpha_mode),
        view_formats: if format.is_srgb() {
            vec![]
        } else {
            vec![format.add_srgb_suffix()]
        },
    };
    device.configure_surface(&surface, &config);
    Some(GameSurface { surface, config })
}

/// Makes the surface of each new window, and drops those of closed windows. This runs as
/// soon as the frame's windows and cameras are in, so that the cameras' images have the
/// window's channel order from the first frame on (see [`order_frames_like_the_window`]);
/// resizing waits for [`prepare_window_images`], once the old images are let go.
fn make_window_surfaces(
    windows: Res<ExtractedWindows>,
    mut surfaces: ResMut<GameSurfaces>,
    instance: Res<RenderInstance>,
    adapter: Res<RenderAdapter>,
    device: Res<RenderDevice>,
) {
    surfaces.0.retain(|entity, _| windows.contains_key(entity));
    for window in windows.windows.values() {
        if !surfaces.0.contains_key(&window.entity)
            && let Some(made) = make_surface(window, &instance, &adapter, &device)
        {
            surfaces.0.insert(window.entity, made);
        }
    }
}

/// Configures each window's surface again when the window changed size or present mode, and
/// acquires the image each window is drawn into this frame, as Bevy's `create_surfaces` and
/// `prepare_windows` do.
fn prepare_window_images(
    mut windows: ResMut<ExtractedWindows>,
    mut surfaces: ResMut<GameSurfaces>,
    adapter: Res<RenderAdapter>,
    device: Res<RenderDevice>,
) {
    for window in windows.windows.values_mut() {
        let Some(surface) = surfaces.0.get_mut(&window.entity) else {
            continue;
        };
        if window.size_changed || window.present_mode_changed {
            window.swap_chain_texture = None;
            window.swap_chain_texture_view = None;
            surface.config.width = window.physical_width;
            surface.config.height = window.physical_height;
            let caps = surface.surface.get_capabilities(&adapter);
            surface.config.present_mode =
                choose_present_mode(window.present_mode, &caps.present_modes);
            device.configure_surface(&surface.surface, &surface.config);
        }
        // Not presented last frame: the image is still the window's to draw into.
        if window.swap_chain_texture.is_some() && window.swap_chain_texture_view.is_some() {
            continue;
        }
        let frame = match surface.surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(t)
            | wgpu::CurrentSurfaceTexture::Suboptimal(t) => t,
            wgpu::CurrentSurfaceTexture::Outdated => {
                device.configure_surface(&surface.surface, &surface.config);
                match surface.surface.get_current_texture() {
                    wgpu::CurrentSurfaceTexture::Success(t)
                    | wgpu::CurrentSurfaceTexture::Suboptimal(t) => t,
                    other => {
                        warn!("no window image after configuring the surface again: {other:?}");
                        continue;
                    }
                }
            }
            // Hidden or minimised, or a driver's passing timeout: draw nothing this frame.
            wgpu::CurrentSurfaceTexture::Occluded | wgpu::CurrentSurfaceTexture::Timeout => {
                continue;
            }
            other => {
                error!("no window image: {other:?}");
                continue;
            }
        };
        let view_format = frame.texture.format().add_srgb_suffix();
        window.swap_chain_texture_view = Some(
            frame
                .texture
                .create_view(&TextureViewDescriptor {
                    format: Some(view_format),
                    ..default()
                })
                .into(),
        );
        window.swap_chain_texture_format = Some(surface.config.format);
        window.swap_chain_texture_view_format = Some(view_format);
        window.swap_chain_texture = Some(frame.into());
    }
}

/// The image the game's cameras share stores sRGB values in a plain format, which Bevy makes
/// RGBA. A window that is BGRA then cannot take it as a copy of memory; this gives those
/// cameras a plain image in the window's order instead. Every pipeline drawn into it is
/// compiled for the view's format, so nothing else changes.
fn order_frames_like_the_window(
    surfaces: Res<GameSurfaces>,
    mut views: Query<(&mut ExtractedView, &ExtractedCamera)>,
) {
    for (mut view, camera) in &mut views {
        let Some(NormalizedRenderTarget::Window(window)) = &camera.target else {
            continue;
        };
        let Some(window_format) = surfaces.0.get(&window.entity()).map(|s| s.config.format) else {
            continue;
        };
        if camera.compositing_space == Some(CompositingSpace::Srgb)
            && view.target_format == TextureFormat::Rgba8Unorm
            && window_format.remove_srgb_suffix() == TextureFormat::Bgra8Unorm
        {
            view.target_format = TextureFormat::Bgra8Unorm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{choose_format, choose_present_mode, window_image_usage};
    use bevy::render::render_resource::TextureFormat;
    use bevy::render::render_resource::TextureUsages;
    use bevy::window::PresentMode;

    #[test]
    fn the_surface_format_is_bevy_s_choice() {
        use TextureFormat as F;
        assert_eq!(
            choose_format(&[F::Bgra8Unorm, F::Bgra8UnormSrgb]),
            Some(F::Bgra8UnormSrgb)
        );
        assert_eq!(
            choose_format(&[F::Rgb10a2Unorm, F::Rgba8UnormSrgb]),
            Some(F::Rgba8UnormSrgb)
        );
        assert_eq!(choose_format(&[F::Rgb10a2Unorm]), Some(F::Rgb10a2Unorm));
        assert_eq!(choose_format(&[]), None);
    }

    #[test]
    fn the_window_s_images_take_the_copies_the_surface_allows() {
        use TextureUsages as U;
        let lavapipe = U::COPY_SRC | U::COPY_DST | U::TEXTURE_BINDING | U::STORAGE_BINDING;
        assert_eq!(
            window_image_usage(lavapipe | U::RENDER_ATTACHMENT),
            U::RENDER_ATTACHMENT | U::COPY_DST | U::COPY_SRC
        );
        assert_eq!(
            window_image_usage(U::RENDER_ATTACHMENT | U::COPY_SRC),
            U::RENDER_ATTACHMENT | U::COPY_SRC
        );
        assert_eq!(
            window_image_usage(U::RENDER_ATTACHMENT),
            U::RENDER_ATTACHMENT
        );
    }

    #[test]
    fn a_present_mode_the_surface_lacks_falls_back_to_fifo() {
        use wgpu::PresentMode as P;
        assert_eq!(
            choose_present_mode(PresentMode::AutoNoVsync, &[P::Fifo, P::Mailbox]),
            P::Mailbox
        );
        assert_eq!(
            choose_present_mode(PresentMode::Immediate, &[P::Fifo]),
            P::Fifo
        );
        assert_eq!(
            choose_present_mode(PresentMode::AutoVsync, &[P::Fifo, P::FifoRelaxed]),
            P::FifoRelaxed
        );
    }
}
