//! The map camera: pan with the keys or by dragging, zoom with the wheel around the cursor,
//! centre on a unit. The view is kept over the map. Also how the map camera's and the panel
//! camera's images reach the window with the least work for a software renderer.

use super::board::{Board, HEX_W};
use bevy::camera::NormalizedRenderTarget;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, CompositingSpace, Viewport};
use bevy::core_pipeline::core_2d::{AlphaMask2d, Opaque2d, prepare_core_2d_depth_textures};
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::render::camera::{ExtractedCamera, SortedCameras, sort_cameras};
use bevy::render::render_phase::ViewBinnedRenderPhases;
use bevy::render::render_resource::TextureId;
use bevy::render::texture::CachedTexture;
use bevy::render::view::{ExtractedView, ViewDepthTexture};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiGlobalSettings, PrimaryEguiContext};

/// The camera that looks at the map.
#[derive(Component)]
pub struct MapCamera;

/// Glide the camera to this world point (the AI's moves, "centre on unit").
#[derive(Message, Debug, Clone, Copy)]
pub struct CentreOn(pub Vec2);

/// Where the camera is heading, if it follows something.
#[derive(Resource, Debug, Default)]
struct CameraGoal(Option<Vec2>);

/// Zoom limits, as the orthographic scale (world units per pixel).
const MIN_SCALE: f32 = 0.35;
const MAX_SCALE: f32 = 3.0;

/// Spawns and steers the camera.
pub struct CameraPlugin;

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<CentreOn>()
            .init_resource::<CameraGoal>()
            .add_systems(Startup, spawn_camera)
            .add_systems(Update, fit_map_viewport)
            .add_systems(
                Update,
                (
                    frame_new_board,
                    pan_with_keys,
                    pan_and_zoom_with_mouse,
                    follow_ai_moves,
                    follow_goal,
                )
                    .chain()
                    .run_if(resource_exists::<Board>),
            );
        if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
            render_app.add_systems(
                Render,
                (
                    count_only_cameras_that_write_out
                        .in_set(RenderSystems::PrepareViews)
                        .after(sort_cameras),
                    clear_the_depth_buffer_only_when_written
                        .in_set(RenderSystems::PrepareResources)
                        .after(prepare_core_2d_depth_textures),
                ),
            );
        }
    }
}

/// Bevy copies each camera's image to the window by replacing what is there only for the
/// first camera of that window, and blends the others over it. It counts the map camera,
/// which writes nothing out ([`CameraOutputMode::Skip`]), as the first, so the panel
/// camera's copy, which covers the whole window, read back and blended every pixel of it
/// (on lavapipe about a tenth of the CPU time of a frame). Counted among the cameras that
/// write out, the panel camera is the first, and its copy simply replaces the pixels.
fn count_only_cameras_that_write_out(
    sorted: Res<SortedCameras>,
    mut cameras: Query<&mut ExtractedCamera>,
) {
    let mut written: Vec<(&NormalizedRenderTarget, bool)> = Vec::new();
    for camera in &sorted.0 {
        let Some(target) = camera.target.as_ref() else {
            continue;
        };
        if matches!(camera.output_mode, CameraOutputMode::Skip) {
            continue;
        }
        let key = (target, camera.hdr);
        let index = written.iter().filter(|k| **k == key).count();
        written.push(key);
        if let Ok(mut extracted) = cameras.get_mut(camera.entity)
            && extracted.sorted_camera_index_for_target != index
        {
            extracted.sorted_camera_index_for_target = index;
        }
    }
}

/// Two cameras share the window's image. The map camera draws only the part between the
/// panels (its viewport), so no map pixel is shaded only to be covered; the panel camera
/// draws egui over the whole window and writes the frame out. Neither needs multisampling
/// (hex edges come from the textures), and without it a software renderer runs several
/// times faster.
fn spawn_camera(mut commands: Commands, mut egui_settings: ResMut<EguiGlobalSettings>) {
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Camera2d,
        Camera {
            order: 0,
            // The panel camera, drawn after, writes the shared image to the window.
            output_mode: CameraOutputMode::Skip,
            ..default()
        },
        Msaa::Off,
        // Both cameras blend in sRGB space, as egui is designed to, into an image that
        // stores sRGB values as they are: see `window_copy`.
        CompositingSpace::Srgb,
        MapCamera,
    ));
    commands.spawn((
        PrimaryEguiContext,
        Camera2d,
        RenderLayers::none(),
        Camera {
            order: 1,
            clear_color: ClearColorConfig::None,
            // Its copy covers the whole window: clearing the window first is wasted work.
            output_mode: CameraOutputMode::Write {
                blend_state: None,
                clear_color: ClearColorConfig::None,
            },
            ..default()
        },
        Msaa::Off,
        CompositingSpace::Srgb,
    ));
}

/// Bevy clears the window's depth buffer for each camera, every frame: on a software
/// renderer, a pass over 0.9 million pixels per camera. Only the opaque and alpha-mask 2D
/// phases write depth; the sprites, text, tilemaps and the map's material only test against
/// it. While nothing is queued in those phases, the buffer is cleared once, by the first
/// camera to use it after it is made (again after a resize), and loaded from then on.
fn clear_the_depth_buffer_only_when_written(
    mut views: Query<(&ExtractedCamera, &ExtractedView, &mut ViewDepthTexture), With<Camera2d>>,
    opaque: Res<ViewBinnedRenderPhases<Opaque2d>>,
    alpha_mask: Res<ViewBinnedRenderPhases<AlphaMask2d>>,
    mut cleared: Local<Vec<TextureId>>,
) {
    let writes_depth = views.iter().any(|(_, view, _)| {
        let key = &view.retained_view_entity;
        opaque.get(key).is_some_and(|p| !p.is_empty())
            || alpha_mask.get(key).is_some_and(|p| !p.is_empty())
    });
    if writes_depth {
        cleared.clear();
        return;
    }
    let mut in_order: Vec<_> = views.iter_mut().collect();
    in_order.sort_by_key(|(camera, _, _)| camera.order);
    let ids: Vec<TextureId> = in_order.iter().map(|(_, _, d)| d.texture.id()).collect();
    for ((_, _, mut depth), load) in in_order.into_iter().zip(depth_loads(&ids, &mut cleared)) {
        if load {
            let texture = CachedTexture {
                texture: depth.texture.clone(),
                default_view: depth.view().clone(),
            };
            *depth = ViewDepthTexture::new(texture, None);
        }
    }
}

/// For the depth buffers the cameras use this frame, in the order they draw, whether each
/// loads its buffer (true) or clears it: only the first use of a buffer not cleared before
/// clears it. `cleared` carries the buffers from one frame to the next; a buffer no camera
/// used this frame is forgotten.
fn depth_loads<T: PartialEq + Copy>(ids: &[T], cleared: &mut Vec<T>) -> Vec<bool> {
    let mut this_frame: Vec<T> = Vec::new();
    let loads = ids
        .iter()
        .map(|id| {
            let load = this_frame.contains(id) || cleared.contains(id);
            if !this_frame.contains(id) {
                this_frame.push(*id);
            }
            load
        })
        .collect();
    *cleared = this_frame;
    loads
}

/// Fits the map camera's viewport to the area the panels leave free (the whole window on
/// screens without side panels).
fn fit_map_viewport(
    screen: Res<State<super::Screen>>,
    rects: Res<super::hud::HudRects>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<&mut Camera, With<MapCamera>>,
) {
    let (Ok(window), Ok(mut cam)) = (windows.single(), camera.single_mut()) else {
        return;
    };
    let area = match screen.get() {
        super::Screen::Battle | super::Screen::Autoplay => rects.map_area,
        _ => None,
    };
    let viewport = area.and_then(|a| {
        let scale = window.scale_factor();
        let full = UVec2::new(window.physical_width(), window.physical_height());
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "window pixels"
        )]
        let px = |v: f32| (v * scale).round().max(0.0) as u32;
        let min = UVec2::new(px(a.min.x), px(a.min.y)).min(full);
        let max = UVec2::new(px(a.max.x), px(a.max.y)).min(full);
        // Too small to be worth a viewport (a window being resized): show the whole map.
        (max.x > min.x + 16 && max.y > min.y + 16).then(|| Viewport {
            physical_position: min,
            physical_size: max - min,
            ..default()
        })
    });
    let key = |v: &Option<Viewport>| v.as_ref().map(|v| (v.physical_position, v.physical_size));
    if key(&cam.viewport) != key(&viewport) {
        cam.viewport = viewport;
    }
}

/// The size in logical pixels of the part of the window the map shows in.
fn map_view_size(camera: &Camera, window: Option<&Window>) -> Vec2 {
    camera
        .logical_viewport_size()
        .or_else(|| window.map(|w| Vec2::new(w.width(), w.height())))
        .unwrap_or(Vec2::new(1280.0, 720.0))
}

fn scale_of(projection: &Projection) -> f32 {
    match projection {
        Projection::Orthographic(o) => o.scale,
        _ => 1.0,
    }
}

fn set_scale(projection: &mut Projection, scale: f32) {
    if let Projection::Orthographic(o) = projection {
        o.scale = scale.clamp(MIN_SCALE, MAX_SCALE);
    }
}

/// Keeps the camera's centre over the map.
fn clamp_to_board(board: &Board, p: Vec2) -> Vec2 {
    let (min, max) = board.geometry.bounds();
    p.clamp(min, max)
}

/// A new map is framed whole if it fits the window at a readable scale. Otherwise the view
/// opens on the middle of the human player's forces, or near the scenario's key place (the
/// town) when no human plays.
fn frame_new_board(
    board: Res<Board>,
    options: Res<super::LaunchOptions>,
    session: Option<Res<super::session::Session>>,
    screen: Res<State<super::Screen>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    if !board.is_added() {
        return;
    }
    let Ok((mut tf, mut projection)) = camera.single_mut() else {
        return;
    };
    let (min, max) = board.geometry.bounds();
    let size = max - min;
    let window = windows.single().map_or(Vec2::new(1280.0, 720.0), |w| {
        Vec2::new(w.width(), w.height())
    });
    // Leave room for the panels at the sides; on a small window show the heart of the map
    // at a scale where counters and names read, rather than the whole map too small.
    let panels = 2.0 * super::hud::side_panel_width(window.x, 240.0);
    let usable = (window - Vec2::new(panels, 110.0)).max(Vec2::splat(200.0));
    let fit = (size / usable).max_element();
    let scale = options.zoom.map_or(fit.min(1.6), f32::recip);
    set_scale(&mut projection, scale);
    let key = board.scenario.key_place().map(|p| p.hex);
    let players_forces = session
        .filter(|_| *screen.get() == super::Screen::Battle)
        .and_then(|s| own_forces_centre(&s, &board));
    let centre = match (scale < fit, players_forces, key) {
        (false, _, _) => (min + max) / 2.0,
        (true, Some(p), _) => p,
        // East of the town, towards the fronts of the first days.
        (true, None, Some(hex)) => board.geometry.world(hex) + Vec2::new(HEX_W * 4.0, 0.0),
        (true, None, None) => (min + max) / 2.0,
    };
    // The view sits between the panels (its viewport), so its centre is the map's.
    tf.translation = clamp_to_board(&board, centre).extend(tf.translation.z);
}

/// The middle of the human player's units on the map, if a human plays; in a hot-seat game,
/// those of the side that moves first.
fn own_forces_centre(session: &super::session::Session, board: &Board) -> Option<Vec2> {
    let side = session.viewer();
    if !session.controller(side).is_human() {
        return None;
    }
    let ctx = session.game().ctx();
    let points: Vec<Vec2> = ctx
        .active_units(side)
        .filter_map(|id| ctx.state.unit(id).hex)
        .map(|hex| board.geometry.world(hex))
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "a few dozen units")]
    let n = points.len() as f32;
    (!points.is_empty()).then(|| points.iter().sum::<Vec2>() / n)
}

fn pan_with_keys(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    board: Res<Board>,
    mut camera: Query<(&mut Transform, &Projection), With<MapCamera>>,
    mut goal: ResMut<CameraGoal>,
) {
    // The battle screen has no text fields, and egui keeps the keyboard focus on the last
    // button clicked: the hotkeys must not wait for it to let go.
    let Ok((mut tf, projection)) = camera.single_mut() else {
        return;
    };
    let mut d = Vec2::ZERO;
    for (keys_for, dir) in [
        ([KeyCode::ArrowLeft, KeyCode::KeyA], Vec2::NEG_X),
        ([KeyCode::ArrowRight, KeyCode::KeyD], Vec2::X),
        ([KeyCode::ArrowUp, KeyCode::KeyW], Vec2::Y),
        ([KeyCode::ArrowDown, KeyCode::KeyS], Vec2::NEG_Y),
    ] {
        if keys.any_pressed(keys_for) {
            d += dir;
        }
    }
    if d != Vec2::ZERO {
        goal.0 = None;
        let speed = 700.0 * scale_of(projection);
        let p = tf.translation.truncate() + d.normalize() * speed * time.delta_secs();
        tf.translation = clamp_to_board(&board, p).extend(tf.translation.z);
    }
}

/// Drag with the right or middle button (or the left one on empty map) to pan; the wheel
/// zooms around the cursor.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn pan_and_zoom_with_mouse(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    board: Res<Board>,
    wants: Option<Res<EguiWantsInput>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut camera: Query<
        (&Camera, &GlobalTransform, &mut Transform, &mut Projection),
        With<MapCamera>,
    >,
    rects: Res<super::hud::HudRects>,
    mut goal: ResMut<CameraGoal>,
) {
    let Ok((cam, gtf, mut tf, mut projection)) = camera.single_mut() else {
        return;
    };
    let cursor = windows.single().ok().and_then(Window::cursor_position);
    let over_panel = cursor.is_some_and(|c| rects.covers(c));
    if over_panel || wants.is_some_and(|w| w.wants_pointer_input() || w.is_pointer_over_area()) {
        return;
    }
    let scale = scale_of(&projection);
    if buttons.any_pressed([MouseButton::Right, MouseButton::Middle]) && motion.delta != Vec2::ZERO
    {
        goal.0 = None;
        let p = tf.translation.truncate() + Vec2::new(-motion.delta.x, motion.delta.y) * scale;
        tf.translation = clamp_to_board(&board, p).extend(tf.translation.z);
    }
    if scroll.delta.y != 0.0 {
        let steps = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        let new_scale = (scale * 0.85f32.powf(steps)).clamp(MIN_SCALE, MAX_SCALE);
        // Keep the world point under the cursor where it is.
        if let Some(world) = cursor.and_then(|c| cam.viewport_to_world_2d(gtf, c).ok()) {
            let centre = tf.translation.truncate();
            let p = world + (centre - world) * (new_scale / scale);
            tf.translation = clamp_to_board(&board, p).extend(tf.translation.z);
        }
        set_scale(&mut projection, new_scale);
    }
}

/// While the AI or the autoplay plays, the camera follows moves that end out of view and
/// combats and fire out of view.
fn follow_ai_moves(
    mut events: MessageReader<super::session::RulesEvents>,
    session: Option<Res<super::session::Session>>,
    board: Res<Board>,
    windows: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Camera, &Transform, &Projection), With<MapCamera>>,
    mut centre: MessageWriter<CentreOn>,
) {
    let human = session.is_some_and(|s| s.human_to_move());
    let Ok((cam, tf, projection)) = camera.single() else {
        events.clear();
        return;
    };
    // Half the map's view, in world units.
    let half = map_view_size(cam, windows.single().ok()) / 2.0 * scale_of(projection);
    let here = tf.translation.truncate();
    for super::session::RulesEvents(list) in events.read() {
        if human {
            continue;
        }
        for e in list {
            use kalbajar_core::rules::event::Event;
            // Moves that end out of view, and blows that land out of view.
            let at = match e {
                Event::UnitMoved { path, .. } => path.last().copied(),
                Event::Attacked { target, .. } | Event::Bombarded { target, .. } => Some(*target),
                _ => None,
            };
            if let Some(hex) = at {
                let p = board.geometry.world(hex);
                let d = (p - here).abs();
                if d.x > half.x * 0.8 || d.y > half.y * 0.8 {
                    centre.write(CentreOn(p));
                }
            }
        }
    }
}

fn follow_goal(
    mut centre: MessageReader<CentreOn>,
    mut goal: ResMut<CameraGoal>,
    time: Res<Time>,
    board: Res<Board>,
    mut camera: Query<&mut Transform, With<MapCamera>>,
) {
    if let Some(CentreOn(p)) = centre.read().last() {
        goal.0 = Some(clamp_to_board(&board, *p));
    }
    let Some(target) = goal.0 else {
        return;
    };
    let Ok(mut tf) = camera.single_mut() else {
        return;
    };
    let here = tf.translation.truncate();
    let step = (time.delta_secs() * 6.0).min(1.0);
    let next = here.lerp(target, step);
    tf.translation = next.extend(tf.translation.z);
    if next.distance(target) < 1.0 {
        goal.0 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::camera::{ClearColorConfig, MsaaWriteback};
    use bevy::core_pipeline::schedule::Core2d;
    use bevy::ecs::schedule::ScheduleLabel;
    use bevy::ecs::system::RunSystemOnce;
    use bevy::render::camera::SortedCamera;
    use bevy::window::WindowRef;

    /// A camera as Bevy extracts it, with the index `sort_cameras` gives it.
    fn extracted(
        target: &NormalizedRenderTarget,
        order: isize,
        output_mode: CameraOutputMode,
        index: usize,
    ) -> ExtractedCamera {
        ExtractedCamera {
            target: Some(target.clone()),
            physical_viewport_size: None,
            physical_target_size: None,
            viewport: None,
            schedule: Core2d.intern(),
            order,
            output_mode,
            msaa_writeback: MsaaWriteback::Auto,
            clear_color: ClearColorConfig::Default,
            sorted_camera_index_for_target: index,
            exposure: 1.0,
            hdr: false,
            compositing_space: None,
        }
    }

    /// A depth buffer is cleared by the first camera of the first frame that uses it and
    /// loaded from then on, every frame; a new buffer (after a resize) is cleared once again.
    #[test]
    fn each_depth_buffer_is_cleared_once() {
        let mut cleared = Vec::new();
        assert_eq!(depth_loads(&[1, 1], &mut cleared), [false, true]);
        for _ in 0..3 {
            assert_eq!(depth_loads(&[1, 1], &mut cleared), [true, true]);
        }
        assert_eq!(depth_loads(&[2, 2], &mut cleared), [false, true]);
        assert_eq!(depth_loads(&[2, 2], &mut cleared), [true, true]);
        // A buffer left out for a frame is forgotten: it may have been made anew.
        assert_eq!(depth_loads(&[1], &mut cleared), [false]);
    }

    /// The map camera (output skipped) does not make the panel camera the second writer of
    /// the window: the panel camera's copy then replaces the window instead of blending over
    /// it. A third camera that writes out is still the second and blends.
    #[test]
    fn only_cameras_that_write_out_count_for_the_window() {
        let mut world = World::new();
        let window = world.spawn_empty().id();
        let target = NormalizedRenderTarget::Window(
            WindowRef::Entity(window)
                .normalize(None)
                .expect("an entity"),
        );
        let write = CameraOutputMode::Write {
            blend_state: None,
            clear_color: ClearColorConfig::None,
        };
        let cameras = [(0, CameraOutputMode::Skip), (1, write), (2, write)].map(|(order, mode)| {
            let index = usize::try_from(order).expect("small");
            let e = world.spawn(extracted(&target, order, mode, index)).id();
            SortedCamera {
                entity: e,
                order,
                target: Some(target.clone()),
                hdr: false,
                output_mode: mode,
            }
        });
        let entities: Vec<Entity> = cameras.iter().map(|c| c.entity).collect();
        world.insert_resource(SortedCameras(cameras.into()));
        world
            .run_system_once(count_only_cameras_that_write_out)
            .expect("runs");
        let index = |e: Entity| {
            world
                .get::<ExtractedCamera>(e)
                .expect("extracted")
                .sorted_camera_index_for_target
        };
        assert_eq!(
            index(entities[1]),
            0,
            "the panel camera is the first to write out"
        );
        assert_eq!(index(entities[2]), 1, "a later writer still blends over it");
        assert_eq!(index(entities[0]), 0, "the skipped camera keeps its place");
    }
}
