//! The desktop game: a Bevy app whose screens are states, one plugin per file.
//!
//! The game logic plugins ([`LogicPlugins`]) run without a renderer, so headless tests drive
//! the same messages the input systems send; the view plugins ([`ViewPlugins`]) draw the map,
//! the counters, the overlays and the panels. Rule state lives in the rules core: the view only
//! sends [`session::GameCommand`]s and shows what the core reports.

// Bevy queries and systems are long by nature.
#![allow(clippy::type_complexity, reason = "Bevy queries")]

pub mod autoplay;
pub mod board;
pub mod camera;
pub mod counters;
pub mod effects;
pub mod hud;
pub mod input;
pub mod map_material;
pub mod menus;
pub mod overlays;
pub mod pacing;
pub mod panel_shader;
pub mod saves;
pub mod screenshot;
pub mod session;
pub mod settings;
pub mod setup;
pub mod threads;
pub mod window_capture;
pub mod window_copy;
pub mod window_surface;

#[cfg(test)]
mod tests;

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use std::path::PathBuf;
use std::process::ExitCode;

/// The screens of the game.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    /// Scenario, variants, who plays each side, seed, fog.
    Setup,
    /// A game in progress.
    Battle,
    /// Hot-seat: the map is hidden while the players change places.
    Handover,
    /// The historical course (or a saved replay) played by the rules engine.
    Autoplay,
    /// The end of a game: levels, points, losses, civilians, compared with history.
    Debrief,
    /// The sources of the scenario and what is estimated.
    Sources,
}

/// What the command line asked of the window: normally nothing (the title screen), or a
/// screenshot of a given situation.
#[derive(Resource, Debug, Clone, Default)]
pub struct LaunchOptions {
    /// Render a frame of this situation, save it here and exit.
    pub screenshot: Option<PathBuf>,
    /// The screen to show in the screenshot.
    pub shot: screenshot::Shot,
    /// Play on (both sides by the AI) to this turn before the screenshot.
    pub turn: Option<u32>,
    /// Overlays to switch on.
    pub overlays: Vec<overlays::Overlay>,
    /// Seed of the game.
    pub seed: u64,
    /// Window size in logical pixels.
    pub size: Option<(u32, u32)>,
    /// The map's zoom for the screenshot: 1 draws a hex's radius 30 pixels long.
    pub zoom: Option<f32>,
    /// Measure launch time, frame times while panning and memory, print them and exit.
    pub bench: bool,
}

/// The rule-side plugins: screens, the game session, the AI turns, autoplay, saves. They need
/// no window or renderer.
pub struct LogicPlugins;

impl PluginGroup for LogicPlugins {
    fn build(self) -> PluginGroupBuilder {
        PluginGroupBuilder::start::<Self>()
            .add(ScreenPlugin)
            .add(settings::SettingsPlugin)
            .add(setup::SetupPlugin)
            .add(session::SessionPlugin)
            .add(autoplay::AutoplayPlugin)
            .add(saves::SavesPlugin)
    }
}

/// The plugins that draw and take input.
pub struct ViewPlugins;

impl PluginGroup for ViewPlugins {
    fn build(self) -> PluginGroupBuilder {
        PluginGroupBuilder::start::<Self>()
            .add(board::BoardPlugin)
            .add(counters::CountersPlugin)
            .add(effects::EffectsPlugin)
            .add(overlays::OverlaysPlugin)
            .add(camera::CameraPlugin)
            .add(input::InputPlugin)
            .add(hud::HudPlugin)
            .add(panel_shader::PanelShaderPlugin)
            .add(threads::ThreadsPlugin)
            .add(map_material::MapMaterialPlugin)
            .add(window_copy::WindowCopyPlugin)
            .add(window_surface::WindowSurfacePlugin)
            .add(window_capture::WindowCapturePlugin)
            .add(pacing::PacingPlugin)
            .add(menus::MenusPlugin)
            .add(screenshot::ScreenshotPlugin)
    }
}

/// Registers the screen state.
pub struct ScreenPlugin;

impl Plugin for ScreenPlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>();
    }
}

/// Opens the game window. Returns when the window closes.
#[must_use]
pub fn run(options: LaunchOptions, started: std::time::Instant) -> ExitCode {
    // The window needs an X server (the game is built for X11 only); without one winit
    // would panic deep inside Bevy's start-up.
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        eprintln!(
            "kalbajar: no X display to open the game window on (DISPLAY is not set).\n\
             Start it from a desktop session, or under `xvfb-run` for screenshots and benchmarks; \
             the subcommands (validate, play, simulate, replay, history, …) need no display."
        );
        return ExitCode::FAILURE;
    }
    let (w, h) = options
        .size
        .unwrap_or_else(|| settings::Settings::load().window);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Kalbajar 1993".into(),
                    resolution: WindowResolution::new(w, h),
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,wgpu=error,naga=error,bevy_ecs_tilemap=error".into(),
                ..default()
            }),
    )
    .add_plugins(bevy_egui::EguiPlugin::default())
    .add_plugins(bevy_ecs_tilemap::TilemapPlugin)
    .insert_resource(ClearColor({
        let [r, g, b] = hud::PANEL_FILL;
        Color::srgb_u8(r, g, b)
    }))
    .insert_resource(options)
    .insert_resource(screenshot::Started(started))
    .add_plugins(LogicPlugins)
    .add_plugins(ViewPlugins);
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}
