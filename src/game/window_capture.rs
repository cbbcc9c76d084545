//! Screenshots of the window, read from the window's own image after the frame reached it.
//!
//! Bevy's screenshots look the window's surface up in Bevy's private resource, which the game
//! no longer fills (`window_surface` makes the surface). This plugin reads the image the
//! window shows instead: it copies it out in the same submission as the frame, reads it back
//! once the frame is done, and hands it to the main world as Bevy's [`ScreenshotCaptured`]
//! event, so Bevy's [`save_to_disk`](bevy::render::view::screenshot::save_to_disk) and any
//! other observer work unchanged.
//!
//! ```ignore
//! commands.spawn(CaptureWindow).observe(save_to_disk("shot.png"));
//! ```

use super::window_copy::FrameToWindow;
use bevy::asset::RenderAssetUsages;
use bevy::camera::NormalizedRenderTarget;
use bevy::core_pipeline::Core2d;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_resource::{
    Buffer, BufferDescriptor, BufferUsages, Extent3d, MapMode, TextureDimension, TextureFormat,
    TextureUsages,
};
use bevy::render::renderer::{RenderContext, RenderDevice, ViewQuery};
use bevy::render::view::ViewTarget;
use bevy::render::view::screenshot::ScreenshotCaptured;
use bevy::render::view::window::ExtractedWindows;
use bevy::render::{Render, RenderApp, RenderSystems};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// Spawn an entity with this to capture the primary window's next frame; observe
/// [`ScreenshotCaptured`] on it for the picture. The entity is despawned once it was
/// delivered (or could not be taken, which is logged).
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct CaptureWindow;

/// A capture's result: the picture, or why there is none.
type Captured = (Entity, Result<Image, String>);

/// Captures asked for by the main world, waiting for the next frame the window shows.
type Requests = Arc<Mutex<Vec<Entity>>>;

/// The main world's end: where requests go, and results come back.
#[derive(Resource)]
struct CaptureMailbox {
    requests: Requests,
    results: Mutex<Receiver<Captured>>,
}

/// The render world's end, and the window images copied out and not yet read.
#[derive(Resource)]
struct RenderCaptures {
    requests: Requests,
    results: Sender<Captured>,
    in_flight: Vec<InFlight>,
}

/// A window image copied into a buffer, to be read once the frame is done.
struct InFlight {
    entity: Entity,
    buffer: Buffer,
    size: UVec2,
    padded_row: u32,
    format: TextureFormat,
}

/// Adds [`CaptureWindow`].
pub struct WindowCapturePlugin;

impl Plugin for WindowCapturePlugin {
    fn build(&self, app: &mut App) {
        let requests = Requests::default();
        let (send, receive) = channel();
        app.insert_resource(CaptureMailbox {
            requests: Arc::clone(&requests),
            results: Mutex::new(receive),
        })
        .add_systems(Update, (request_captures, deliver_captures));
        if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
            render_app
                .insert_resource(RenderCaptures {
                    requests,
                    results: send,
                    in_flight: Vec::new(),
                })
                .add_systems(Core2d, copy_window_for_captures.after(FrameToWindow))
                .add_systems(Render, read_captured_windows.in_set(RenderSystems::Cleanup));
        }
    }
}

/// Passes new capture requests to the render world.
fn request_captures(mailbox: Res<CaptureMailbox>, new: Query<Entity, Added<CaptureWindow>>) {
    let mut requests = mailbox
        .requests
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    requests.extend(&new);
}

/// Hands each finished capture to its entity's observers, then despawns the entity.
fn deliver_captures(mailbox: Res<CaptureMailbox>, mut commands: Commands) {
    let results = mailbox
        .results
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    while let Ok((entity, result)) = results.try_recv() {
        match result {
            Ok(image) => commands.trigger(ScreenshotCaptured { entity, image }),
            Err(why) => error!("the window could not be captured: {why}"),
        }
        if let Ok(mut e) = commands.get_entity(entity) {
            e.despawn();
        }
    }
}

/// Bytes per row of a copy into a buffer, padded as the GPU requires.
#[must_use]
fn padded_row_bytes(width: u32) -> u32 {
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
    (width * 4).div_ceil(align) * align
}

/// After the frame reached the primary window, copies the window's image into a buffer for
/// each waiting capture.
fn copy_window_for_captures(
    view: ViewQuery<(&ViewTarget, &ExtractedCamera)>,
    windows: Res<ExtractedWindows>,
    device: Res<RenderDevice>,
    mut captures: ResMut<RenderCaptures>,
    mut ctx: RenderContext,
) {
    let (target, camera) = view.into_inner();
    // Only the view that wrote the window (the last), and only a window's own image.
    if !target.needs_present() {
        return;
    }
    let Some(NormalizedRenderTarget::Window(window)) = &camera.target else {
        return;
    };
    if windows.primary != Some(window.entity()) {
        return;
    }
    let waiting: Vec<Entity> = std::mem::take(
        &mut *captures
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    if waiting.is_empty() {
        return;
    }
    let Some(image) = windows
        .get(&window.entity())
        .and_then(|w| w.swap_chain_texture.as_ref())
        .map(|t| &t.texture)
    else {
        // No image this frame (the window is hidden): wait for one.
        captures
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(waiting);
        return;
    };
    let format = image.format();
    let readable = image.usage().contains(TextureUsages::COPY_SRC)
        && matches!(
            format.remove_srgb_suffix(),
            TextureFormat::Bgra8Unorm | TextureFormat::Rgba8Unorm
        );
    let size = UVec2::new(image.width(), image.height());
    let padded_row = padded_row_bytes(size.x);
    for entity in waiting {
        if !readable {
            let why = format!("the window's image ({format:?}) cannot be read back");
            let _ = captures.results.send((entity, Err(why)));
            continue;
        }
        let buffer = device.create_buffer(&BufferDescriptor {
            label: Some("window capture"),
            size: u64::from(padded_row) * u64::from(size.y),
            usage: BufferUsages::COPY_DST | BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        ctx.command_encoder().copy_texture_to_buffer(
            image.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded_row),
                    rows_per_image: None,
                },
            },
            image.size(),
        );
        captures.in_flight.push(InFlight {
            entity,
            buffer,
            size,
            padded_row,
            format,
        });
    }
}

/// Once the frame was submitted, waits for it and reads each copied window image.
fn read_captured_windows(mut captures: ResMut<RenderCaptures>, device: Res<RenderDevice>) {
    if captures.in_flight.is_empty() {
        return;
    }
    let in_flight = std::mem::take(&mut captures.in_flight);
    for shot in &in_flight {
        shot.buffer.slice(..).map_async(MapMode::Read, |_| {});
    }
    // Captures are rare (scripted screenshots): blocking this one frame is fine.
    if let Err(err) = device.poll(wgpu::PollType::wait_indefinitely()) {
        for shot in in_flight {
            let _ = captures.results.send((shot.entity, Err(err.to_string())));
        }
        return;
    }
    for shot in in_flight {
        let rgba = {
            let mapped = shot.buffer.slice(..).get_mapped_range();
            unpad_to_rgba(&mapped, shot.size, shot.padded_row, shot.format)
        };
        shot.buffer.unmap();
        let image = Image::new(
            Extent3d {
                width: shot.size.x,
                height: shot.size.y,
                depth_or_array_layers: 1,
            },
            TextureDimension::D2,
            rgba,
            TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::MAIN_WORLD,
        );
        let _ = captures.results.send((shot.entity, Ok(image)));
    }
}

/// The rows of a copied image without their padding, as RGBA.
#[must_use]
fn unpad_to_rgba(bytes: &[u8], size: UVec2, padded_row: u32, format: TextureFormat) -> Vec<u8> {
    let row = size.x as usize * 4;
    let mut out = Vec::with_capacity(row * size.y as usize);
    for r in bytes.chunks(padded_row as usize).take(size.y as usize) {
        out.extend_from_slice(&r[..row]);
    }
    if format.remove_srgb_suffix() == TextureFormat::Bgra8Unorm {
        for px in out.chunks_exact_mut(4) {
            px.swap(0, 2);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{padded_row_bytes, unpad_to_rgba};
    use bevy::math::UVec2;
    use bevy::render::render_resource::TextureFormat;

    #[test]
    fn rows_are_padded_to_the_copy_alignment() {
        assert_eq!(padded_row_bytes(64), 256);
        assert_eq!(padded_row_bytes(65), 512);
        assert_eq!(padded_row_bytes(1280), 5120);
        assert_eq!(padded_row_bytes(1), 256);
    }

    #[test]
    fn padding_is_dropped_and_bgra_turned_to_rgba() {
        // Two rows of one pixel, each padded to 8 bytes.
        let bytes = [1, 2, 3, 4, 9, 9, 9, 9, 5, 6, 7, 8, 9, 9, 9, 9];
        let size = UVec2::new(1, 2);
        assert_eq!(
            unpad_to_rgba(&bytes, size, 8, TextureFormat::Rgba8UnormSrgb),
            [1, 2, 3, 4, 5, 6, 7, 8]
        );
        assert_eq!(
            unpad_to_rgba(&bytes, size, 8, TextureFormat::Bgra8UnormSrgb),
            [3, 2, 1, 4, 7, 6, 5, 8]
        );
    }
}
