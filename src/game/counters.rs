//! Unit counters (NATO APP-6 style faces in the sides' colours) with their markers, the
//! civilians in settlements and refugee columns, and the animation of moves.
//!
//! Counters are kept in step with the game on screen every frame; under fog of war only the
//! viewing side's units, the enemy units it sees and the last known positions of the others
//! (faded) are shown. Stacks fan out when the pointer is over them.

use super::board::{Board, HEX_R, HEX_W, Shown, to_image, z};
use super::input::Hover;
use super::session::{Animating, RulesEvents};
use super::settings::Settings;
use crate::art::{self, Marker};
use bevy::prelude::*;
use kalbajar_core::geography::Side;
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::fog;
use kalbajar_core::rules::state::{UnitId, UnitStatus};
use kalbajar_core::scenario::Symbol;
use std::collections::BTreeMap;

/// Counter size in world units.
pub const COUNTER: f32 = 0.74 * HEX_W;
const FACE_PX: u32 = 96;
const MARKER_PX: u32 = 40;

/// The counter and symbol images, made once.
#[derive(Resource)]
pub struct CounterArt {
    faces: BTreeMap<(Symbol, Side), Handle<Image>>,
    markers: Vec<(Marker, Handle<Image>)>,
    civilians: Handle<Image>,
    column: Handle<Image>,
}

impl CounterArt {
    fn face(&self, symbol: Symbol, side: Side) -> Handle<Image> {
        self.faces.get(&(symbol, side)).cloned().unwrap_or_default()
    }

    fn marker(&self, m: Marker) -> Handle<Image> {
        self.markers
            .iter()
            .find(|(k, _)| *k == m)
            .map(|(_, h)| h.clone())
            .unwrap_or_default()
    }
}

/// A unit's counter.
#[derive(Component, Debug, Clone, Copy)]
pub struct UnitCounter {
    pub unit: UnitId,
    /// Shown at its last known position only.
    pub ghost: bool,
}

/// A civilian symbol: a settlement's people (by settlement index) or a refugee column.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CivilianMark {
    Settlement(usize),
    Column(usize),
}

/// A marker on a counter.
#[derive(Component)]
struct MarkerBadge(usize);

/// A counter moving along a path.
#[derive(Component, Debug, Clone)]
pub struct Glide {
    points: Vec<Vec2>,
    /// Progress in hexes along the path.
    t: f32,
}

/// What the text layer writes beside counters and civilians: a world position and a label.
#[derive(Resource, Debug, Default, Clone)]
pub struct MapLabels {
    /// Strength under each counter: position, text, side.
    pub counters: Vec<(Vec2, String, Side)>,
    /// Stack sizes: position, count.
    pub stacks: Vec<(Vec2, usize)>,
    /// People in settlements and columns: position, number.
    pub civilians: Vec<(Vec2, u32)>,
}

/// Draws counters and civilians.
pub struct CountersPlugin;

impl Plugin for CountersPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MapLabels>()
            .add_systems(Startup, make_counter_art)
            .add_systems(
                Update,
                (start_glides, sync_counters, glide_counters, sync_civilians)
                    .chain()
                    .run_if(resource_exists::<Board>),
            );
        // Counters and civilian marks are board parts: the board despawns them with the map
        // when the title screen opens.
    }
}

fn make_counter_art(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let mut faces = BTreeMap::new();
    for symbol in art::counters::ALL_SYMBOLS {
        for side in [Side::Armenian, Side::Azerbaijani] {
            faces.insert(
                (symbol, side),
                images.add(to_image(art::counter_face(symbol, side, FACE_PX))),
            );
        }
    }
    let markers = Marker::ALL
        .into_iter()
        .map(|m| (m, images.add(to_image(art::marker(m, MARKER_PX)))))
        .collect();
    commands.insert_resource(CounterArt {
        faces,
        markers,
        civilians: images.add(to_image(art::civilian_symbol(64))),
        column: images.add(to_image(art::column_symbol(64))),
    });
}

/// Where the `i`-th of `n` counters in a hex stands: stacked with a small offset, or fanned
/// out side by side when the pointer is over the hex.
fn stack_offset(i: usize, n: usize, fanned: bool) -> Vec2 {
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let (i, n) = (i as f32, n as f32);
    if fanned && n > 1.0 {
        Vec2::new((i - (n - 1.0) / 2.0) * (COUNTER + 3.0), 0.0)
    } else {
        Vec2::new(-3.0 * i, 3.0 * i) + Vec2::new(1.5 * (n - 1.0), -1.5 * (n - 1.0))
    }
}

/// The counters to show and where: unit, hex, ghost.
fn shown_units(shown: &Shown) -> Vec<(UnitId, Offset, bool)> {
    let Some(game) = shown.game() else {
        return Vec::new();
    };
    let ctx = game.ctx();
    let state = game.state();
    match shown.viewer() {
        None => state
            .unit_ids()
            .filter_map(|id| {
                let u = state.unit(id);
                (u.status == UnitStatus::Active)
                    .then_some(u.hex)
                    .flatten()
                    .map(|h| (id, h, false))
            })
            .collect(),
        Some(side) => {
            let view = fog::view(&ctx, side);
            let mut out: Vec<(UnitId, Offset, bool)> = view
                .own
                .iter()
                .filter_map(|id| state.unit(*id).hex.map(|h| (*id, h, false)))
                .collect();
            out.extend(view.visible.iter().map(|s| (s.unit, s.hex, false)));
            out.extend(view.last_known.iter().map(|l| (l.unit, l.hex, true)));
            out
        }
    }
}

/// Spawns, moves and removes counters to match the game on screen.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn sync_counters(
    mut commands: Commands,
    shown: Shown,
    board: Res<Board>,
    art: Option<Res<CounterArt>>,
    hover: Res<Hover>,
    mut labels: ResMut<MapLabels>,
    mut counters: Query<(
        Entity,
        &mut UnitCounter,
        &mut Transform,
        &mut Sprite,
        Option<&Glide>,
        &Children,
    )>,
    mut badges: Query<(&MarkerBadge, &mut Visibility, &mut Sprite), Without<UnitCounter>>,
) {
    let Some(art) = art else {
        return;
    };
    let Some(game) = shown.game() else {
        return;
    };
    let state = game.state();
    let units = shown_units(&shown);
    let g = board.geometry;
    let mut per_hex: BTreeMap<(i32, i32), Vec<UnitId>> = BTreeMap::new();
    for (id, hex, _) in &units {
        per_hex.entry((hex.row, hex.col)).or_default().push(*id);
    }
    labels.counters.clear();
    labels.stacks.clear();
    let mut present: BTreeMap<UnitId, Entity> = BTreeMap::new();
    for (e, mut c, mut tf, mut sprite, glide, children) in &mut counters {
        let Some((_, hex, ghost)) = units.iter().find(|(id, _, _)| *id == c.unit) else {
            commands.entity(e).despawn();
            continue;
        };
        present.insert(c.unit, e);
        c.ghost = *ghost;
        let stack = &per_hex[&(hex.row, hex.col)];
        let i = stack.iter().position(|u| *u == c.unit).unwrap_or(0);
        let fanned = hover.hex == Some(*hex);
        let spot = g.world(*hex) + stack_offset(i, stack.len(), fanned);
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let z = z::COUNTERS + i as f32 * 0.01 + if fanned { 0.5 } else { 0.0 };
        if glide.is_none() {
            tf.translation = spot.extend(z);
        }
        sprite.color = if *ghost {
            Color::srgba(1.0, 1.0, 1.0, 0.45)
        } else {
            Color::WHITE
        };
        let u = state.unit(c.unit);
        let flags = Marker::ALL.map(|m| match m {
            Marker::OutOfSupply => !u.supply.is_supplied(),
            Marker::Disrupted => u.disrupted,
            Marker::Entrenched => u.entrenched,
            Marker::Routed => u.routed,
            Marker::Isolated => u.isolated_turns > 0,
        });
        for child in children.iter() {
            if let Ok((badge, mut vis, mut bs)) = badges.get_mut(child) {
                *vis = if flags[badge.0] && !*ghost {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                };
                bs.color = sprite.color;
            }
        }
        if glide.is_none() {
            let steps = if *ghost {
                "?".to_string()
            } else {
                let def = game.ctx().unit_type(c.unit).steps;
                format!("{}/{def}", u.steps)
            };
            labels.counters.push((
                spot + Vec2::new(0.0, -(0.5 - art::STRENGTH_BAND / 2.0) * COUNTER),
                steps,
                u.side,
            ));
        }
        if i == 0 && stack.len() > 1 && !fanned {
            labels.stacks.push((
                g.world(*hex) + Vec2::new(COUNTER * 0.5, COUNTER * 0.5),
                stack.len(),
            ));
        }
    }
    for (id, hex, ghost) in &units {
        if present.contains_key(id) {
            continue;
        }
        let def = game.ctx().unit_type(*id);
        let side = state.unit(*id).side;
        let pos = g.world(*hex);
        commands
            .spawn((
                UnitCounter {
                    unit: *id,
                    ghost: *ghost,
                },
                Sprite {
                    image: art.face(def.symbol, side),
                    custom_size: Some(Vec2::splat(COUNTER)),
                    ..default()
                },
                Transform::from_translation(pos.extend(z::COUNTERS)),
                super::board::BoardPart,
            ))
            .with_children(|parent| {
                for (k, m) in Marker::ALL.into_iter().enumerate() {
                    #[expect(clippy::cast_precision_loss, reason = "k < 5")]
                    let x = -COUNTER * 0.5 + 7.0 + k as f32 * 10.0;
                    parent.spawn((
                        MarkerBadge(k),
                        Sprite {
                            image: art.marker(m),
                            custom_size: Some(Vec2::splat(12.0)),
                            ..default()
                        },
                        Transform::from_xyz(x, COUNTER * 0.5 + 2.0, 0.05),
                        Visibility::Hidden,
                    ));
                }
            });
    }
}

/// Moves, retreats and advances in the rules' events start a glide along their path.
fn start_glides(
    mut events: MessageReader<RulesEvents>,
    board: Res<Board>,
    settings: Res<Settings>,
    mut commands: Commands,
    counters: Query<(Entity, &UnitCounter, &Transform)>,
) {
    if settings.speed.seconds_per_hex() <= 0.0 {
        events.clear();
        return;
    }
    for RulesEvents(list) in events.read() {
        for e in list {
            let (unit, path) = match e {
                Event::UnitMoved { unit, path, .. } | Event::Retreated { unit, path } => {
                    (*unit, path.clone())
                }
                Event::Advanced { unit, to } => (*unit, vec![*to]),
                _ => continue,
            };
            if let Some((entity, _, tf)) = counters.iter().find(|(_, c, _)| c.unit == unit) {
                let mut points = vec![tf.translation.truncate()];
                points.extend(path.iter().map(|h| board.geometry.world(*h)));
                commands.entity(entity).insert(Glide { points, t: 0.0 });
            }
        }
    }
}

/// Advances gliding counters; the AI and the autoplay wait while any counter moves.
fn glide_counters(
    mut commands: Commands,
    time: Res<Time>,
    settings: Res<Settings>,
    mut animating: ResMut<Animating>,
    mut gliding: Query<(Entity, &mut Glide, &mut Transform)>,
) {
    let per_hex = settings.speed.seconds_per_hex().max(1e-3);
    let mut any = false;
    for (e, mut glide, mut tf) in &mut gliding {
        glide.t += time.delta_secs() / per_hex;
        #[expect(clippy::cast_precision_loss, reason = "short paths")]
        let last = (glide.points.len() - 1) as f32;
        if glide.t >= last || settings.speed.seconds_per_hex() <= 0.0 {
            commands.entity(e).remove::<Glide>();
            continue;
        }
        any = true;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "t >= 0"
        )]
        let i = glide.t.floor() as usize;
        let f = glide.t - glide.t.floor();
        let p = glide.points[i].lerp(glide.points[i + 1], f);
        // Above everything else while it moves.
        tf.translation = p.extend(z::COUNTERS + 1.0);
    }
    if animating.glides != any {
        animating.glides = any;
    }
}

/// Shows the people still at home in settlements and the refugee columns on the roads.
fn sync_civilians(
    mut commands: Commands,
    shown: Shown,
    board: Res<Board>,
    art: Option<Res<CounterArt>>,
    mut labels: ResMut<MapLabels>,
    mut marks: Query<(Entity, &CivilianMark, &mut Transform)>,
) {
    let Some(art) = art else {
        return;
    };
    let Some(game) = shown.game() else {
        return;
    };
    let state = game.state();
    let g = board.geometry;
    let mut wanted: Vec<(CivilianMark, Vec2, u32)> = Vec::new();
    for (i, s) in state.settlements.iter().enumerate() {
        if s.present > 0 {
            wanted.push((
                CivilianMark::Settlement(i),
                g.world(s.hex) + Vec2::new(-HEX_W * 0.34, -HEX_R * 0.42),
                s.present,
            ));
        }
    }
    for (i, c) in state.columns.iter().enumerate() {
        if c.people > 0 {
            wanted.push((
                CivilianMark::Column(i),
                g.world(c.hex) + Vec2::new(HEX_W * 0.3, -HEX_R * 0.42),
                c.people,
            ));
        }
    }
    labels.civilians = wanted
        .iter()
        .map(|(_, p, n)| (*p + Vec2::new(0.0, -11.0), *n))
        .collect();
    let mut have: Vec<CivilianMark> = Vec::new();
    for (e, m, mut tf) in &mut marks {
        if let Some((_, p, _)) = wanted.iter().find(|(k, _, _)| k == m) {
            let at = p.extend(z::CIVILIANS);
            if tf.translation != at {
                tf.translation = at;
            }
            have.push(*m);
        } else {
            commands.entity(e).despawn();
        }
    }
    for (m, p, _) in wanted {
        if have.contains(&m) {
            continue;
        }
        let image = match m {
            CivilianMark::Settlement(_) => art.civilians.clone(),
            CivilianMark::Column(_) => art.column.clone(),
        };
        commands.spawn((
            m,
            Sprite {
                image,
                custom_size: Some(Vec2::splat(22.0)),
                ..default()
            },
            Transform::from_translation(p.extend(z::CIVILIANS)),
            super::board::BoardPart,
        ));
    }
}
