//! Overlays the player toggles — supply, zones of control, control of ground, snow and
//! passes, civilians, the historical axes — and the selection's highlights: reachable hexes,
//! the path under the pointer, an attack's target and attackers, the supply line.
//!
//! Hex tints go to the board's tint layers, one colour per hex blended from the overlays
//! switched on; lines and arrows are gizmos.

use super::board::{Board, HEX_R, Shown, srgb_as_linear};
use super::input::{Hover, ReachCache, Selection};
use super::settings::Settings;
use bevy::prelude::*;
use bevy_ecs_tilemap::prelude::{TileColor, TileVisible};
use kalbajar_core::geography::Side;
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::state::{UnitStatus, enemy};
use kalbajar_core::rules::{Game, fog, movement, supply};
use kalbajar_core::scenario::Loc;
use serde::{Deserialize, Serialize};

/// An overlay the player can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Overlay {
    Supply,
    ZonesOfControl,
    Control,
    Snow,
    Civilians,
    Axes,
}

impl Overlay {
    pub const ALL: [Overlay; 6] = [
        Overlay::Supply,
        Overlay::ZonesOfControl,
        Overlay::Control,
        Overlay::Snow,
        Overlay::Civilians,
        Overlay::Axes,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Overlay::Supply => "Supply",
            Overlay::ZonesOfControl => "Zones of control",
            Overlay::Control => "Control",
            Overlay::Snow => "Snow and passes",
            Overlay::Civilians => "Civilians",
            Overlay::Axes => "Historical axes",
        }
    }

    /// The name on the command line (`--overlay supply`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Overlay::Supply => "supply",
            Overlay::ZonesOfControl => "zoc",
            Overlay::Control => "control",
            Overlay::Snow => "snow",
            Overlay::Civilians => "civilians",
            Overlay::Axes => "axes",
        }
    }

    /// The overlay of a command-line name.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.id() == id)
    }
}

/// The colour of a side on the map, the counters' colour (see [`crate::art::side_colour`]).
#[must_use]
pub fn side_colour(side: Side) -> Color {
    let [r, g, b] = crate::art::side_colour(side);
    Color::srgb_u8(r, g, b)
}

/// Draws the overlays and highlights.
pub struct OverlaysPlugin;

impl Plugin for OverlaysPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (
                paint_overlays,
                paint_selection,
                draw_selection_lines,
                draw_axes,
            )
                .run_if(resource_exists::<Board>),
        );
    }
}

/// Mixes `c` over `base` with weight `a`.
fn over(base: Option<Srgba>, c: Color, a: f32) -> Option<Srgba> {
    let c = c.to_srgba();
    Some(match base {
        None => c.with_alpha(a),
        Some(b) => {
            let t = a / (a + b.alpha).max(1e-3);
            Srgba::new(
                b.red + (c.red - b.red) * t,
                b.green + (c.green - b.green) * t,
                b.blue + (c.blue - b.blue) * t,
                (b.alpha + a * (1.0 - b.alpha)).min(0.7),
            )
        }
    })
}

/// The tint of every hex for the overlays switched on, row by row.
#[must_use]
pub fn overlay_tints(
    game: &Game,
    viewer: Option<Side>,
    overlays: &[Overlay],
) -> Vec<Option<Srgba>> {
    let ctx = game.ctx();
    let sc = game.scenario();
    let map = &sc.map;
    let side = viewer.unwrap_or(ctx.state.active);
    let n = map.len();
    let mut tint: Vec<Option<Srgba>> = vec![None; n];
    let index = |o: Offset| map.index(o.to_hex());
    for overlay in overlays {
        match overlay {
            Overlay::Control => {
                for (i, c) in ctx.state.control.iter().enumerate() {
                    tint[i] = over(tint[i], side_colour(*c), 0.32);
                }
            }
            Overlay::Supply => {
                let reach = supply::supply_map(&ctx, side);
                for (i, cost) in reach.iter().enumerate() {
                    if cost.is_some() {
                        tint[i] = over(tint[i], Color::srgb(0.2, 0.75, 0.65), 0.28);
                    }
                }
            }
            Overlay::ZonesOfControl => {
                let zoc = movement::zone_of_control(&ctx, enemy(side));
                // Under fog only the zones of enemy units the side knows of are shown.
                let known: Vec<Offset> = match viewer {
                    Some(v) if ctx.state.fog => {
                        fog::view(&ctx, v).visible.iter().map(|s| s.hex).collect()
                    }
                    _ => ctx
                        .active_units(enemy(side))
                        .filter_map(|id| ctx.state.unit(id).hex)
                        .collect(),
                };
                for (i, z) in zoc.iter().enumerate() {
                    let h = map.hex_at_index(i);
                    let near = known
                        .iter()
                        .any(|k| k.to_hex().unsigned_distance_to(h) <= 1);
                    if *z && near {
                        tint[i] = over(tint[i], Color::srgb(0.67, 0.2, 0.47), 0.4);
                    }
                }
            }
            Overlay::Snow => {
                for h in map.hexes() {
                    let i = map.index(h).expect("on map");
                    let data = map.get(h).expect("on map");
                    if movement::snow_covered(&ctx, h) {
                        let pass = data.terrain == kalbajar_core::map::Terrain::Pass;
                        tint[i] = over(tint[i], Color::WHITE, if pass { 0.75 } else { 0.45 });
                    }
                }
            }
            Overlay::Civilians => {
                for s in &ctx.state.settlements {
                    if s.present > 0
                        && let Some(i) = index(s.hex)
                    {
                        #[expect(clippy::cast_precision_loss, reason = "people")]
                        let a = 0.25 + 0.4 * (s.present as f32 / 20_000.0).min(1.0);
                        tint[i] = over(tint[i], Color::srgb(0.93, 0.4, 0.47), a);
                    }
                }
                for c in &ctx.state.columns {
                    if let Some(i) = index(c.hex) {
                        tint[i] = over(tint[i], Color::srgb(0.93, 0.4, 0.47), 0.5);
                    }
                }
            }
            Overlay::Axes => {}
        }
    }
    tint
}

/// Colours the tint layer when the game or the overlays change.
fn paint_overlays(
    shown: Shown,
    settings: Res<Settings>,
    board: Res<Board>,
    mut tiles: Query<(&mut TileColor, &mut TileVisible)>,
    mut layers: Query<&mut Visibility>,
    mut last: Local<Option<(usize, u32, Vec<Overlay>, Option<Side>)>>,
) {
    let Some(game) = shown.game() else {
        return;
    };
    let key = (
        game.log().len(),
        game.state().turn,
        settings.overlays.clone(),
        shown.viewer(),
    );
    if last.as_ref() == Some(&key) && !board.is_changed() {
        return;
    }
    let tints = overlay_tints(game, shown.viewer(), &settings.overlays);
    for (i, e) in board.tint_tiles.iter().enumerate() {
        if let Ok((mut color, mut visible)) = tiles.get_mut(*e) {
            match tints.get(i).copied().flatten() {
                Some(c) => {
                    color.0 = srgb_as_linear(c);
                    visible.0 = true;
                }
                None => {
                    if visible.0 {
                        visible.0 = false;
                    }
                }
            }
        }
    }
    show_layer(
        &mut layers,
        board.tint_layer,
        tints.iter().any(Option::is_some),
    );
    *last = Some(key);
}

/// Hides a plain-hex layer with nothing lit, so that it costs nothing to draw.
fn show_layer(layers: &mut Query<&mut Visibility>, layer: Entity, any_lit: bool) {
    if let Ok(mut v) = layers.get_mut(layer) {
        let want = if any_lit {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if *v != want {
            *v = want;
        }
    }
}

/// Highlights the selected unit's reachable hexes, or an attack's target and attackers.
fn paint_selection(
    shown: Shown,
    selection: Res<Selection>,
    cache: Res<ReachCache>,
    board: Res<Board>,
    mut tiles: Query<(&mut TileColor, &mut TileVisible)>,
    mut layers: Query<&mut Visibility>,
    mut last: Local<Vec<Option<Srgba>>>,
) {
    let Some(game) = shown.game() else {
        return;
    };
    let n = board.selection_tiles.len();
    let mut want: Vec<Option<Srgba>> = vec![None; n];
    if shown.is_battle() {
        if let Some(reach) = &cache.reach {
            for (hex, _) in reach.hexes() {
                if let Some(i) = board.index(hex) {
                    want[i] = Some(Srgba::new(1.0, 1.0, 0.85, 0.33));
                }
            }
        }
        if let Some(t) = selection.target {
            if let Some(i) = board.index(t) {
                want[i] = Some(Srgba::new(0.9, 0.25, 0.2, 0.5));
            }
            for a in &selection.attackers {
                if let Some(i) = game.state().unit(*a).hex.and_then(|h| board.index(h)) {
                    want[i] = Some(Srgba::new(1.0, 0.6, 0.1, 0.45));
                }
            }
        }
    }
    if *last == want && !board.is_changed() {
        return;
    }
    for (i, e) in board.selection_tiles.iter().enumerate() {
        if let Ok((mut color, mut visible)) = tiles.get_mut(*e) {
            match want[i] {
                Some(c) => {
                    color.0 = srgb_as_linear(c);
                    visible.0 = true;
                }
                None => visible.0 = false,
            }
        }
    }
    show_layer(
        &mut layers,
        board.selection_layer,
        want.iter().any(Option::is_some),
    );
    *last = want;
}

/// The selected unit's outline, the path to the hovered hex with its cost, and the unit's
/// supply line when the supply overlay is on.
fn draw_selection_lines(
    shown: Shown,
    selection: Res<Selection>,
    cache: Res<ReachCache>,
    hover: Res<Hover>,
    board: Res<Board>,
    settings: Res<Settings>,
    mut gizmos: Gizmos,
) {
    let Some(game) = shown.game() else {
        return;
    };
    let g = board.geometry;
    if let Some(h) = hover.hex {
        let c = g.corners(h);
        gizmos.linestrip_2d(
            c.iter().copied().chain([c[0]]),
            srgb_as_linear(Color::srgba(1.0, 1.0, 1.0, 0.7)),
        );
    }
    let Some(unit) = selection.unit else {
        return;
    };
    let u = game.state().unit(unit);
    let Some(at) = u.hex else {
        return;
    };
    let c = g.corners(at);
    gizmos.linestrip_2d(
        c.iter().copied().chain([c[0]]),
        srgb_as_linear(Color::srgb(1.0, 0.9, 0.2)),
    );
    if let (Some(reach), Some(h)) = (&cache.reach, hover.hex)
        && let Some(path) = reach.path(h)
    {
        let points: Vec<Vec2> = std::iter::once(at)
            .chain(path)
            .map(|o| g.world(o))
            .collect();
        gizmos.linestrip_2d(points, srgb_as_linear(Color::srgb(1.0, 0.95, 0.4)));
    }
    if settings.overlay(Overlay::Supply) && u.status == UnitStatus::Active {
        let line = supply::trace(&game.ctx(), unit);
        let points: Vec<Vec2> = line.path.iter().map(|o| g.world(*o)).collect();
        if points.len() > 1 {
            gizmos.linestrip_2d(points, srgb_as_linear(Color::srgb(0.2, 0.9, 0.8)));
        }
    }
}

/// Arrows of the four historical axes of the attack, from where each group started toward
/// the district capital.
fn draw_axes(shown: Shown, settings: Res<Settings>, board: Res<Board>, mut gizmos: Gizmos) {
    if !settings.overlay(Overlay::Axes) {
        return;
    }
    let Some(game) = shown.game() else {
        return;
    };
    let sc = game.scenario();
    let map = &sc.map;
    let Some(target) = sc.key_place().map(|p| p.hex) else {
        return;
    };
    let first = game.ctx().first_side();
    let mut axes: Vec<(&str, Vec<Offset>)> = Vec::new();
    for u in &sc.file.units {
        let (Some(axis), true) = (u.axis.as_deref(), u.side == first) else {
            continue;
        };
        let at = match &u.at {
            Loc::Hex(c, r) => Some(Offset::new(*c, *r)),
            Loc::Place(p) => map.place(p).map(|p| p.hex),
            Loc::Exit(e) => map.exit(e).map(|e| e.hex),
        };
        let Some(at) = at else { continue };
        match axes.iter_mut().find(|(a, _)| *a == axis) {
            Some((_, v)) => v.push(at),
            None => axes.push((axis, vec![at])),
        }
    }
    let g = board.geometry;
    let end = g.world(target);
    for (_, starts) in axes {
        #[expect(clippy::cast_precision_loss, reason = "few units")]
        let start = starts.iter().map(|o| g.world(*o)).sum::<Vec2>() / starts.len() as f32;
        let d = end - start;
        if d.length() < HEX_R * 3.0 {
            continue;
        }
        let tip = end - d.normalize() * HEX_R * 1.6;
        let colour = srgb_as_linear(side_colour(first).with_alpha(0.95));
        for w in [-2.0, 0.0, 2.0] {
            let n = d.perp().normalize() * w;
            gizmos
                .arrow_2d(start + n, tip + n, colour)
                .with_tip_length(HEX_R * 1.2);
        }
    }
}
