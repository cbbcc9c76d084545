//! Scripted runs of the window: `--screenshot FILE` sets up a situation (a screen, a turn,
//! overlays), renders it, saves the frame and exits; `--bench` measures the time to the first
//! frame of the battle map, frame times while panning, and memory, then exits.

use super::autoplay::{Autoplay, Script};
use super::board::Board;
use super::camera::MapCamera;
use super::input::Selection;
use super::session::{Controller, Session};
use super::settings::{AnimationSpeed, Settings};
use super::setup::{Catalog, CatalogError};
use super::window_capture::CaptureWindow;
use super::{LaunchOptions, Screen};
use bevy::prelude::*;
use bevy::render::view::screenshot::{ScreenshotCaptured, save_to_disk};
use kalbajar_core::ai::AiLevels;
use kalbajar_core::rules::command::Command;
use kalbajar_core::rules::state::Phase;
use std::time::Instant;

/// The situation a screenshot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shot {
    Title,
    Setup,
    /// The battle map at the given turn (the AI plays both sides up to it).
    #[default]
    Battle,
    /// An attack prepared in the combat phase, its odds and outcomes in the panel.
    Attack,
    /// The historical autoplay at the given turn.
    Autoplay,
    /// The debrief after a whole game.
    Debrief,
    Sources,
}

impl Shot {
    pub const ALL: [Shot; 7] = [
        Shot::Title,
        Shot::Setup,
        Shot::Battle,
        Shot::Attack,
        Shot::Autoplay,
        Shot::Debrief,
        Shot::Sources,
    ];

    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Shot::Title => "title",
            Shot::Setup => "setup",
            Shot::Battle => "battle",
            Shot::Attack => "attack",
            Shot::Autoplay => "autoplay",
            Shot::Debrief => "debrief",
            Shot::Sources => "sources",
        }
    }

    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// When the process started, for the launch-time benchmark.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Started(pub Instant);

/// Progress of a scripted run.
#[derive(Resource, Debug, Default)]
struct ScriptedRun {
    /// Frames since the situation was on screen.
    frames: u32,
    requested: bool,
    saved_at: Option<u32>,
    first_frame: Option<f64>,
    frame_times: Vec<f32>,
    /// The process's CPU time (all threads, the software renderer's included) when the
    /// measured frames began, in clock ticks.
    cpu_start: Option<u64>,
}

/// Runs screenshots and benchmarks.
pub struct ScreenshotPlugin;

impl Plugin for ScreenshotPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<ScriptedRun>()
            .add_systems(PostStartup, set_up_situation)
            .add_systems(Update, (take_screenshot, run_benchmark));
    }
}

/// Plays a game with the AI on both sides until `turn` begins (or it ends).
fn play_to(session: &mut Session, turn: u32, levels: Option<&AiLevels>) {
    let players = session.controllers.clone();
    let ai = Controller::Ai {
        level: "normal".into(),
    };
    session.controllers = [ai.clone(), ai];
    while !session.game().is_over() && session.game().state().turn < turn {
        let c = session.ai_command(levels);
        if session.execute(c).is_err() {
            break;
        }
    }
    session.controllers = players;
}

/// Plays on to the first combat phase of a human side in which an attack is possible, and
/// prepares the best-odds attack there.
fn prepare_attack(session: &mut Session, selection: &mut Selection, levels: Option<&AiLevels>) {
    for _ in 0..20_000 {
        let game = session.game();
        if game.is_over() {
            return;
        }
        let s = game.state();
        if s.phase == Phase::Combat && session.controller(s.active).is_human() {
            let ctx = game.ctx();
            let mut best: Option<(f64, kalbajar_core::hex::Offset, Vec<_>)> = None;
            for id in ctx.active_units(kalbajar_core::rules::state::enemy(s.active)) {
                let Some(hex) = s.unit(id).hex else { continue };
                let attackers = super::input::possible_attackers(game, hex);
                if let Ok(p) = kalbajar_core::rules::combat::preview(&ctx, &attackers, hex) {
                    #[expect(clippy::cast_precision_loss, reason = "a table column")]
                    let score = p.column as f64 + p.defender_loses_steps.probability();
                    if best.as_ref().is_none_or(|b| score > b.0) {
                        best = Some((score, hex, attackers));
                    }
                }
            }
            if let Some((_, hex, attackers)) = best {
                selection.target = Some(hex);
                selection.attackers = attackers;
                return;
            }
        }
        let c = if session.controller(s.active).is_human() && s.phase == Phase::Combat {
            Command::EndPhase
        } else if session.controller(s.active).is_human() {
            kalbajar_core::rules::policy::next_command(game)
        } else {
            session.ai_command(levels)
        };
        if session.execute(c).is_err() {
            return;
        }
    }
}

#[expect(clippy::too_many_arguments, reason = "a Bevy system's parameters")]
fn set_up_situation(
    options: Res<LaunchOptions>,
    catalog: Option<Res<Catalog>>,
    catalog_error: Option<Res<CatalogError>>,
    mut settings: ResMut<Settings>,
    mut selection: ResMut<Selection>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut windows: Query<&mut Window>,
    mut exit: MessageWriter<AppExit>,
) {
    if options.screenshot.is_none() && !options.bench {
        return;
    }
    let Some(catalog) = catalog else {
        // Without the scenario only the title screen (which shows why) can be shown; any
        // other scripted run would wait for a map that never comes.
        if options.bench || options.shot != Shot::Title {
            let why = catalog_error.map_or_else(|| "unknown error".to_owned(), |e| e.0.clone());
            eprintln!("error: the scenario cannot be read, so there is no map to show: {why}");
            exit.write(AppExit::error());
        }
        return;
    };
    if options.bench {
        // Measure the work per frame, not the display's refresh rate.
        for mut w in &mut windows {
            w.present_mode = bevy::window::PresentMode::AutoNoVsync;
        }
    }
    settings.speed = AnimationSpeed::Instant;
    settings.overlays.clone_from(&options.overlays);
    let levels = catalog.ai_levels.as_ref();
    let shot = if options.bench {
        Shot::Battle
    } else {
        options.shot
    };
    let turn = options.turn.unwrap_or(1);
    let new_session = || {
        Session::new(
            std::sync::Arc::clone(&catalog.base),
            options.seed,
            false,
            Vec::new(),
            [
                Controller::Human,
                Controller::Ai {
                    level: "normal".into(),
                },
            ],
        )
    };
    match shot {
        Shot::Title => next.set(Screen::Title),
        Shot::Setup => next.set(Screen::Setup),
        Shot::Sources => next.set(Screen::Sources),
        Shot::Battle => {
            let mut s = new_session();
            play_to(&mut s, turn, levels);
            commands.insert_resource(s);
            next.set(Screen::Battle);
        }
        Shot::Attack => {
            let mut s = new_session();
            play_to(&mut s, turn, levels);
            prepare_attack(&mut s, &mut selection, levels);
            commands.insert_resource(s);
            next.set(Screen::Battle);
        }
        Shot::Debrief => {
            let mut s = new_session();
            s.controllers[0] = Controller::Ai {
                level: "normal".into(),
            };
            play_to(&mut s, u32::MAX, levels);
            commands.insert_resource(s);
            next.set(Screen::Debrief);
        }
        Shot::Autoplay => {
            if let Some(h) = catalog.history.clone() {
                let mut a = Autoplay::new(
                    std::sync::Arc::clone(&catalog.base),
                    Script::History(h),
                    options.seed,
                );
                a.jump_to(turn);
                commands.insert_resource(a);
                next.set(Screen::Autoplay);
            }
        }
    }
}

#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn take_screenshot(
    options: Res<LaunchOptions>,
    mut script: ResMut<ScriptedRun>,
    board: Option<Res<Board>>,
    screen: Res<State<Screen>>,
    selection: Res<Selection>,
    mut centre: MessageWriter<super::camera::CentreOn>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(path) = options.screenshot.clone() else {
        return;
    };
    let needs_board = matches!(
        screen.get(),
        Screen::Battle | Screen::Autoplay | Screen::Debrief
    );
    if needs_board && board.is_none() && *screen.get() != Screen::Debrief {
        return;
    }
    script.frames += 1;
    // An attack is shown with its target in view, as a player who just clicked it sees it.
    if script.frames == 2
        && let (Some(board), Some(target)) = (board.as_ref(), selection.target)
    {
        centre.write(super::camera::CentreOn(board.geometry.world(target)));
    }
    // Give the renderer a few frames to upload the textures and lay out the panels.
    if script.frames == 40 && !script.requested {
        script.requested = true;
        commands
            .spawn(CaptureWindow)
            .observe(save_to_disk(path.clone()))
            .observe(|_: On<ScreenshotCaptured>, mut s: ResMut<ScriptedRun>| {
                s.saved_at = Some(s.frames);
            });
    }
    if let Some(at) = script.saved_at {
        // The file is written by the observer; leave a frame for it to land.
        if script.frames > at + 2 && path.is_file() {
            println!("saved {}", path.display());
            exit.write(AppExit::Success);
        }
    }
    if script.frames > 600 {
        eprintln!("the screenshot was not saved after 600 frames");
        exit.write(AppExit::error());
    }
}

/// Launch time to the battle map, then the median frame time while the camera pans across
/// the map, and resident memory.
fn run_benchmark(
    options: Res<LaunchOptions>,
    started: Option<Res<Started>>,
    board: Option<Res<Board>>,
    time: Res<Time<Real>>,
    mut script: ResMut<ScriptedRun>,
    mut camera: Query<&mut Transform, With<MapCamera>>,
    mut exit: MessageWriter<AppExit>,
) {
    if !options.bench {
        return;
    }
    let Some(board) = board else {
        return;
    };
    script.frames += 1;
    if script.first_frame.is_none() && script.frames == 2 {
        script.first_frame = started.map(|s| s.0.elapsed().as_secs_f64());
    }
    // Let the first uploads settle before measuring frames.
    if script.frames < 30 {
        return;
    }
    let (min, max) = board.geometry.bounds();
    #[expect(clippy::cast_precision_loss, reason = "frame counts")]
    let t = (script.frames - 30) as f32 / 300.0;
    if let Ok(mut tf) = camera.single_mut() {
        let x = min.x + (max.x - min.x) * (0.5 + 0.45 * (t * std::f32::consts::TAU).sin());
        let y = min.y + (max.y - min.y) * (0.5 + 0.4 * (t * std::f32::consts::PI).cos());
        tf.translation = Vec3::new(x, y, tf.translation.z);
    }
    if script.frames == 31 {
        script.cpu_start = cpu_ticks();
    }
    if script.frames > 31 {
        let dt = time.delta_secs() * 1000.0;
        script.frame_times.push(dt);
    }
    if script.frames >= 330 {
        let mut v = script.frame_times.clone();
        v.sort_by(f32::total_cmp);
        let median = v[v.len() / 2];
        let p95 = v[v.len() * 95 / 100];
        let (rss, peak) = memory_kb();
        println!(
            "launch to first battle frame: {:.2} s",
            script.first_frame.unwrap_or(f64::NAN)
        );
        println!(
            "frames while panning: {} (median {median:.2} ms, 95th percentile {p95:.2} ms)",
            v.len()
        );
        // CPU time per frame over both cores: what the frame costs, whatever else the
        // machine is doing (the wall-clock median also waits for other processes).
        if let (Some(a), Some(b)) = (script.cpu_start, cpu_ticks()) {
            #[expect(clippy::cast_precision_loss, reason = "tick counts")]
            let per_frame = (b - a) as f64 * 1000.0 / TICKS_PER_SECOND / v.len() as f64;
            println!("CPU time per frame, all threads: {per_frame:.2} ms");
        }
        println!(
            "resident memory: {:.0} MB (peak {:.0} MB)",
            f64::from(rss) / 1024.0,
            f64::from(peak) / 1024.0
        );
        exit.write(AppExit::Success);
    }
}

/// Clock ticks per second of `/proc/self/stat` (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// User plus system CPU time of this process so far, in clock ticks, from `/proc/self/stat`.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Resident and peak resident memory of this process in kB, from /proc (0 elsewhere).
fn memory_kb() -> (u32, u32) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (0, 0);
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::state::app::StatesPlugin;

    /// A scripted run with the scenario missing, and whether it asked to exit with an error.
    fn exits_with_error(options: LaunchOptions) -> bool {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin))
            .init_state::<Screen>()
            .init_resource::<Settings>()
            .init_resource::<Selection>()
            .insert_resource(options)
            .insert_resource(CatalogError("scenarios/x/scenario.ron: not found".into()))
            .add_systems(Update, set_up_situation);
        app.update();
        let m = app.world().resource::<Messages<AppExit>>();
        m.get_cursor().read(m).any(AppExit::is_error)
    }

    /// Found when a bench run started outside the repository waited forever for its map.
    #[test]
    fn a_scripted_run_without_its_scenario_stops_with_an_error() {
        assert!(exits_with_error(LaunchOptions {
            bench: true,
            ..LaunchOptions::default()
        }));
        assert!(exits_with_error(LaunchOptions {
            screenshot: Some("battle.png".into()),
            shot: Shot::Battle,
            ..LaunchOptions::default()
        }));
        // The title screen shows why the scenario cannot be read: that can still be taken.
        assert!(!exits_with_error(LaunchOptions {
            screenshot: Some("title.png".into()),
            shot: Shot::Title,
            ..LaunchOptions::default()
        }));
    }
}
