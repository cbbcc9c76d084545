//! Frame pacing: the window draws a frame when something changes, not all the time. A still
//! screen (a player thinking, a debrief left open) costs next to nothing, which matters on
//! a laptop and on a software renderer, where every frame takes a core for ~20 ms.
//!
//! Input wakes the window by itself (winit's reactive mode). What moves on its own asks for
//! the next frame here: the AI's turn, the autoplay, counters gliding, combat effects, the
//! camera gliding or panning, and the first frames of a new screen. Scripted runs
//! (`--screenshot`, `--bench`) draw continuously.

use super::autoplay::Autoplay;
use super::camera::MapCamera;
use super::session::{Animating, Session};
use super::{LaunchOptions, Screen};
use bevy::ecs::system::SystemParam;
use bevy::input::keyboard::KeyboardInput;
use bevy::input::mouse::{MouseButtonInput, MouseWheel};
use bevy::prelude::*;
use bevy::window::{CursorMoved, RequestRedraw};
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::egui::{Event, Modifiers};
use bevy_egui::{EguiInput, EguiPreUpdateSet};
use std::time::Duration;

/// How long a still window waits before it updates anyway (a notice timing out).
const IDLE_WAIT: Duration = Duration::from_secs(1);
/// The same for a window in the background.
const UNFOCUSED_WAIT: Duration = Duration::from_secs(2);
/// Frames drawn after the screen changes, while its parts are spawned and laid out.
const SETTLING_FRAMES: u32 = 10;
/// Frames drawn after input: what a click starts may take a frame or two to show.
const INPUT_FRAMES: u32 = 3;
/// The longest step of game time per frame. The first frame after a wait would otherwise
/// carry the whole wait: a glide or a pan would jump instead of moving.
const MAX_STEP: Duration = Duration::from_millis(100);

/// Chooses when the window updates and asks for frames while something moves.
pub struct PacingPlugin;

impl Plugin for PacingPlugin {
    fn build(&self, app: &mut App) {
        let scripted = app
            .world()
            .get_resource::<LaunchOptions>()
            .is_some_and(|o| o.screenshot.is_some() || o.bench);
        app.insert_resource(if scripted {
            WinitSettings::game()
        } else {
            WinitSettings {
                focused_mode: UpdateMode::reactive(IDLE_WAIT),
                unfocused_mode: UpdateMode::reactive_low_power(UNFOCUSED_WAIT),
            }
        })
        .add_systems(Startup, cap_time_step)
        .add_systems(Last, request_frames_while_busy)
        .add_systems(
            PreUpdate,
            (drop_repeated_modifier_events, hold_presses_until_hovered)
                .chain()
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
}

/// Whether anything on screen changes without the player's input.
#[derive(Debug, Clone, Copy, Default)]
struct Motion {
    animating: bool,
    ai_to_move: bool,
    autoplay_playing: bool,
    camera_moved: bool,
    screen_settling: bool,
}

impl Motion {
    fn any(self) -> bool {
        self.animating
            || self.ai_to_move
            || self.autoplay_playing
            || self.camera_moved
            || self.screen_settling
    }
}

/// The player's input this frame.
#[derive(SystemParam)]
struct Input<'w, 's> {
    keys: MessageReader<'w, 's, KeyboardInput>,
    buttons: MessageReader<'w, 's, MouseButtonInput>,
    wheel: MessageReader<'w, 's, MouseWheel>,
    cursor: MessageReader<'w, 's, CursorMoved>,
}

impl Input<'_, '_> {
    fn any(mut self) -> bool {
        // Each reader is drained: every one of them must be read, not only the first.
        let counts = [
            self.keys.read().count(),
            self.buttons.read().count(),
            self.wheel.read().count(),
            self.cursor.read().count(),
        ];
        counts.iter().any(|&n| n > 0)
    }
}

fn cap_time_step(mut time: ResMut<Time<Virtual>>) {
    time.set_max_delta(MAX_STEP);
}

#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn request_frames_while_busy(
    screen: Res<State<Screen>>,
    animating: Res<Animating>,
    session: Option<Res<Session>>,
    autoplay: Option<Res<Autoplay>>,
    camera: Query<(Ref<Transform>, Ref<Projection>), With<MapCamera>>,
    // Starts at the settling count, so the first frames after launch are drawn too.
    mut settling: Local<Option<u32>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut camera_was_moving: Local<bool>,
    input: Input,
) {
    let left = settling.get_or_insert(SETTLING_FRAMES);
    if screen.is_changed() {
        *left = SETTLING_FRAMES;
    }
    if input.any() {
        *left = (*left).max(INPUT_FRAMES);
    }
    let on_battle = *screen.get() == Screen::Battle;
    let camera_moved = camera.iter().any(|(t, p)| t.is_changed() || p.is_changed());
    let motion = Motion {
        animating: animating.any(),
        ai_to_move: on_battle
            && session
                .as_ref()
                .is_some_and(|s| !s.game().is_over() && !s.human_to_move()),
        autoplay_playing: *screen.get() == Screen::Autoplay
            && autoplay.as_ref().is_some_and(|a| a.playing),
        // One more frame after the camera stops, so the last position is the one shown.
        camera_moved: camera_moved || *camera_was_moving,
        screen_settling: *left > 0,
    };
    *camera_was_moving = camera_moved;
    *left = left.saturating_sub(1);
    if motion.any() {
        redraw.write(RequestRedraw);
    }
}

/// bevy_egui reports the modifier keys to egui every frame, changed or not; egui takes any
/// event as input and asks for another frame, so the window would never rest. egui keeps
/// the last modifiers it was told, so a report that changes nothing can go.
fn drop_repeated_modifier_events(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<Vec<(Entity, Modifiers)>>,
) {
    for (entity, mut input) in &mut inputs {
        let known = last.iter().position(|(e, _)| *e == entity);
        input.events.retain(|event| {
            let Event::ModifiersChanged(now) = event else {
                return true;
            };
            match known {
                Some(i) if last[i].1 == *now => false,
                Some(i) => {
                    last[i].1 = *now;
                    true
                }
                None => {
                    last.push((entity, *now));
                    true
                }
            }
        });
    }
}

/// egui clicks a widget only if the pointer was over it in the pass before the press. A window
/// that rests between inputs takes a quick click (the pointer arriving, the press and the
/// release) in a single update, and egui, having seen no hover, dropped the click: a button
/// lit up under the pointer and did nothing. A press that follows a move in the same update
/// waits, with everything after it, for the next update, so that the pass in between sees the
/// pointer where it is.
fn hold_presses_until_hovered(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut held: Local<Vec<(Entity, Vec<Event>)>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for (entity, mut input) in &mut inputs {
        if let Some(i) = held.iter().position(|(e, _)| *e == entity) {
            let (_, mut events) = held.swap_remove(i);
            events.append(&mut input.events);
            input.events = events;
        }
        let press = input
            .events
            .iter()
            .position(|e| matches!(e, Event::PointerButton { pressed: true, .. }));
        let moved_first = press.is_some_and(|p| {
            input.events[..p]
                .iter()
                .any(|e| matches!(e, Event::PointerMoved(_)))
        });
        if let (Some(p), true) = (press, moved_first) {
            let rest = input.events.split_off(p);
            held.push((entity, rest));
            redraw.write(RequestRedraw);
        }
    }
}
