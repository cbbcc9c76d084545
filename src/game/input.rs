//! Mouse and keyboard on the map: the hex under the pointer, selecting units, moving,
//! choosing an attack's target and attackers, firing, and the hotkeys. Everything becomes a
//! [`GameCommand`]; the rules decide.

use super::board::{Board, Shown};
use super::camera::{CentreOn, MapCamera};
use super::session::{GameCommand, Session, UndoMove};
use super::settings::Settings;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::command::Command;
use kalbajar_core::rules::movement::{self, Reach};
use kalbajar_core::rules::state::{Phase, UnitId};
use kalbajar_core::rules::{Game, combat};

/// The hex under the pointer.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct Hover {
    pub hex: Option<Offset>,
    /// World position of the pointer.
    pub world: Option<Vec2>,
}

/// What the player has picked on the map.
#[derive(Resource, Debug, Default, Clone)]
pub struct Selection {
    pub unit: Option<UnitId>,
    /// The enemy hex an attack is being prepared against.
    pub target: Option<Offset>,
    /// The units chosen to attack it.
    pub attackers: Vec<UnitId>,
}

impl Selection {
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// The selected unit's reachable hexes, worked out once per change.
#[derive(Resource, Default)]
pub struct ReachCache {
    key: Option<(UnitId, u64)>,
    pub reach: Option<Reach>,
}

/// Takes the player's input on the map.
pub struct InputPlugin;

impl Plugin for InputPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Hover>()
            .init_resource::<Selection>()
            .init_resource::<ReachCache>()
            .add_systems(
                Update,
                (
                    track_hover,
                    forget_stale_selection,
                    update_reach,
                    click_on_map,
                    use_hotkeys,
                )
                    .chain()
                    .run_if(resource_exists::<Board>),
            )
            .add_systems(OnEnter(super::Screen::Title), reset_selection);
    }
}

fn reset_selection(mut selection: ResMut<Selection>, mut hover: ResMut<Hover>) {
    selection.clear();
    *hover = Hover::default();
}

fn track_hover(
    windows: Query<&Window, With<PrimaryWindow>>,
    camera: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
    board: Res<Board>,
    wants: Option<Res<EguiWantsInput>>,
    rects: Res<super::hud::HudRects>,
    mut hover: ResMut<Hover>,
) {
    let over_ui = wants.is_some_and(|w| w.is_pointer_over_area());
    let world = windows
        .single()
        .ok()
        .and_then(Window::cursor_position)
        .filter(|c| !over_ui && !rects.covers(*c))
        .and_then(|c| {
            let (cam, gtf) = camera.single().ok()?;
            cam.viewport_to_world_2d(gtf, c).ok()
        });
    let hex = world.and_then(|w| board.geometry.hex_at(w));
    if hover.hex != hex || hover.world != world {
        *hover = Hover { hex, world };
    }
}

/// Drops a selection that no longer makes sense (the unit is gone, the side changed).
pub(super) fn forget_stale_selection(
    session: Option<Res<Session>>,
    mut selection: ResMut<Selection>,
) {
    let Some(session) = session else {
        return;
    };
    if !session.is_changed() {
        return;
    }
    let state = session.game().state();
    let keep = |id: &UnitId| {
        let u = state.unit(*id);
        u.side == state.active && u.hex.is_some()
    };
    if selection.unit.is_some_and(|u| !keep(&u)) {
        selection.unit = None;
    }
    selection.attackers.retain(keep);
    // An attack just made: its units have attacked, and the target is done with unless
    // others can still attack it.
    if selection.attackers.iter().any(|a| state.unit(*a).attacked) {
        selection.attackers.retain(|a| !state.unit(*a).attacked);
        if selection.attackers.is_empty() {
            selection.target = None;
        }
    }
    if state.phase != Phase::Combat {
        selection.target = None;
        selection.attackers.clear();
    }
    if let Some(t) = selection.target
        && !state
            .units_at(t)
            .any(|id| state.unit(id).side != state.active)
    {
        selection.target = None;
        selection.attackers.clear();
    }
}

fn update_reach(
    session: Option<Res<Session>>,
    selection: Res<Selection>,
    mut cache: ResMut<ReachCache>,
) {
    let Some(session) = session else {
        cache.key = None;
        cache.reach = None;
        return;
    };
    let game = session.game();
    let key = selection.unit.and_then(|u| {
        let s = game.state();
        (s.phase == Phase::Movement && s.unit(u).side == s.active)
            .then_some((u, session.generation))
    });
    if key != cache.key {
        cache.key = key;
        cache.reach = key.map(|(u, _)| movement::reachable(&game.ctx(), u));
    }
}

/// The active side's units in a hex.
fn own_units_at(game: &Game, hex: Offset) -> Vec<UnitId> {
    let s = game.state();
    s.units_at(hex)
        .filter(|id| s.unit(*id).side == s.active)
        .collect()
}

/// Whether the viewing side knows of an enemy in the hex.
fn enemy_known_at(game: &Game, shown: &Shown, hex: Offset) -> bool {
    let s = game.state();
    let present = s.units_at(hex).any(|id| s.unit(id).side != s.active);
    present
        && shown.viewer().is_none_or(|side| {
            kalbajar_core::rules::fog::visible_enemies(&game.ctx(), side)
                .iter()
                .any(|id| s.unit(*id).hex == Some(hex))
        })
}

/// The units that could attack `target` now, each on its own.
#[must_use]
pub fn possible_attackers(game: &Game, target: Offset) -> Vec<UnitId> {
    let ctx = game.ctx();
    ctx.active_units(ctx.state.active)
        .filter(|id| combat::check_attack(&ctx, &[*id], target).is_ok())
        .collect()
}

/// Left click: select a unit, move it, pick an attack's target or attackers, or fire.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn click_on_map(
    buttons: Res<ButtonInput<MouseButton>>,
    hover: Res<Hover>,
    session: Option<Res<Session>>,
    shown: Shown,
    cache: Res<ReachCache>,
    wants: Option<Res<EguiWantsInput>>,
    mut selection: ResMut<Selection>,
    mut out: MessageWriter<GameCommand>,
) {
    if !buttons.just_pressed(MouseButton::Left) || wants.is_some_and(|w| w.wants_pointer_input()) {
        return;
    }
    let (Some(session), Some(hex)) = (session, hover.hex) else {
        return;
    };
    if !shown.is_battle() || !session.human_to_move() {
        return;
    }
    let game = session.game();
    let phase = game.state().phase;
    let own = own_units_at(game, hex);
    if let Some(unit) = selection.unit {
        // A gun or rocket battery fires at an enemy it can reach and see.
        let is_gun = game.ctx().unit_type(unit).range > 0;
        if is_gun && enemy_known_at(game, &shown, hex) && phase == Phase::Combat {
            out.write(GameCommand(Command::Bombard { unit, target: hex }));
            return;
        }
    }
    match phase {
        Phase::Movement => {
            if !own.is_empty() {
                // Clicking a stack again cycles through it.
                let next = match selection
                    .unit
                    .and_then(|u| own.iter().position(|x| *x == u))
                {
                    Some(i) => own[(i + 1) % own.len()],
                    None => own[0],
                };
                selection.unit = Some(next);
                return;
            }
            if let (Some(unit), Some(reach)) = (selection.unit, cache.reach.as_ref())
                && reach.cost(hex).is_some()
            {
                out.write(GameCommand(Command::Move { unit, to: hex }));
                return;
            }
            selection.unit = None;
        }
        Phase::Combat => {
            if enemy_known_at(game, &shown, hex) {
                selection.target = Some(hex);
                selection.attackers = possible_attackers(game, hex);
                return;
            }
            if let Some(&unit) = own.first() {
                selection.unit = Some(unit);
                if selection.target.is_some() {
                    for u in own {
                        if let Some(i) = selection.attackers.iter().position(|x| *x == u) {
                            selection.attackers.remove(i);
                        } else if selection
                            .target
                            .is_some_and(|t| combat::check_attack(&game.ctx(), &[u], t).is_ok())
                        {
                            selection.attackers.push(u);
                        }
                    }
                }
                return;
            }
            selection.clear();
        }
    }
}

/// The hotkeys: Space ends the phase, E entrenches, H holds, Backspace or Ctrl+Z undoes,
/// Tab picks the next unit that can still move, C centres on the selected unit, Enter
/// attacks, Escape clears the selection, G shows the grid, 1–6 toggle the overlays.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn use_hotkeys(
    keys: Res<ButtonInput<KeyCode>>,
    session: Option<Res<Session>>,
    shown: Shown,
    board: Res<Board>,
    mut selection: ResMut<Selection>,
    mut settings: ResMut<Settings>,
    mut out: MessageWriter<GameCommand>,
    mut undo: MessageWriter<UndoMove>,
    mut centre: MessageWriter<CentreOn>,
    mut grid: Query<&mut Visibility>,
) {
    // The battle screen has no text fields, and egui keeps the keyboard focus on the last
    // button clicked: the hotkeys must not wait for it to let go.
    if keys.just_pressed(KeyCode::KeyG)
        && let Ok(mut v) = grid.get_mut(board.grid)
    {
        *v = if *v == Visibility::Hidden {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
    }
    for (key, overlay) in [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
    ]
    .into_iter()
    .zip(super::overlays::Overlay::ALL)
    {
        if keys.just_pressed(key) {
            settings.toggle(overlay);
        }
    }
    let Some(session) = session else {
        return;
    };
    if !shown.is_battle() || !session.human_to_move() {
        return;
    }
    let game = session.game();
    if keys.just_pressed(KeyCode::Escape) {
        selection.clear();
    }
    if keys.just_pressed(KeyCode::Space) {
        selection.clear();
        out.write(GameCommand(Command::EndPhase));
    }
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    if keys.just_pressed(KeyCode::Backspace) || (ctrl && keys.just_pressed(KeyCode::KeyZ)) {
        undo.write(UndoMove);
    }
    if keys.just_pressed(KeyCode::Tab) {
        let s = game.state();
        let movers: Vec<UnitId> = game
            .ctx()
            .active_units(s.active)
            .filter(|id| s.unit(*id).mp_left > 0 && s.unit(*id).hex.is_some())
            .collect();
        if !movers.is_empty() {
            let i = selection
                .unit
                .and_then(|u| movers.iter().position(|x| *x == u))
                .map_or(0, |i| (i + 1) % movers.len());
            selection.unit = Some(movers[i]);
            if let Some(h) = s.unit(movers[i]).hex {
                centre.write(CentreOn(board.geometry.world(h)));
            }
        }
    }
    if let Some(unit) = selection.unit {
        if keys.just_pressed(KeyCode::KeyE) {
            out.write(GameCommand(Command::Entrench { unit }));
        }
        if keys.just_pressed(KeyCode::KeyH) {
            out.write(GameCommand(Command::Hold { unit }));
        }
        if keys.just_pressed(KeyCode::KeyC)
            && let Some(h) = game.state().unit(unit).hex
        {
            centre.write(CentreOn(board.geometry.world(h)));
        }
    }
    if keys.just_pressed(KeyCode::Enter)
        && let Some(target) = selection.target
    {
        out.write(GameCommand(Command::Attack {
            attackers: selection.attackers.clone(),
            target,
            advance: true,
        }));
    }
}
