//! Combat and fire shown on the map: a ring spreads from the hex where a blow lands, and what
//! it did (the odds and die, steps lost, a retreat, a surrender) rises from the hexes
//! concerned and fades. The effects last as long as the animation speed says, and the AI and
//! the autoplay wait for them as for moving counters; at the instant speed there are none.

use super::board::{Board, HEX_R, z};
use super::camera::MapCamera;
use super::session::{Animating, RulesEvents};
use super::settings::{AnimationSpeed, Settings};
use super::{Screen, board::Shown};
use crate::art::ArtImage;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::event::Event;

/// Shows combat and fire on the map.
pub struct EffectsPlugin;

impl Plugin for EffectsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Floaters>()
            .add_systems(Startup, make_ring_art)
            .add_systems(
                Update,
                (start_effects, age_effects)
                    .chain()
                    .run_if(resource_exists::<Board>),
            )
            .add_systems(OnEnter(Screen::Title), clear_effects)
            .add_systems(
                EguiPrimaryContextPass,
                draw_floaters
                    .after(super::hud::MapText)
                    .run_if(resource_exists::<Board>),
            );
    }
}

/// A ring spreading from where a blow lands.
#[derive(Component, Debug)]
struct Burst {
    age: f32,
    life: f32,
    /// Radius at the end, in world units.
    reach: f32,
    colour: Srgba,
}

/// Words rising from a hex.
#[derive(Debug, Clone)]
struct Floater {
    at: Vec2,
    text: String,
    colour: egui::Color32,
    /// Negative until it shows: results follow the blow.
    age: f32,
    life: f32,
}

/// The words on the map now.
#[derive(Resource, Debug, Default)]
struct Floaters(Vec<Floater>);

/// The ring's image, white, tinted per effect.
#[derive(Resource)]
struct RingArt(Handle<Image>);

/// How long a combat's effects last at each speed: as long as a counter takes to cross ten
/// hexes, so that fast stays brisk and slow gives time to read.
fn effect_seconds(speed: AnimationSpeed) -> f32 {
    speed.seconds_per_hex() * 10.0
}

fn make_ring_art(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    commands.insert_resource(RingArt(images.add(super::board::to_image(ring(64)))));
}

/// A soft white ring on a transparent square of `px` pixels.
fn ring(px: u32) -> ArtImage {
    let mut rgba = vec![0u8; (px * px * 4) as usize];
    #[expect(clippy::cast_precision_loss, reason = "small images")]
    let c = px as f32 / 2.0;
    for y in 0..px {
        for x in 0..px {
            #[expect(clippy::cast_precision_loss, reason = "small images")]
            let d = (x as f32 + 0.5 - c).hypot(y as f32 + 0.5 - c) / c;
            // Brightest at 85 % of the radius, fading inward and to nothing at the edge.
            let a = if d >= 1.0 {
                0.0
            } else if d > 0.85 {
                (1.0 - d) / 0.15
            } else {
                (d / 0.85).powi(3)
            };
            let i = ((y * px + x) * 4) as usize;
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "0..=255"
            )]
            let alpha = (a * 255.0).round() as u8;
            rgba[i..i + 4].copy_from_slice(&[255, 255, 255, alpha]);
        }
    }
    ArtImage {
        width: px,
        height: px,
        rgba,
    }
}

/// Starts the effects of a command's combat and fire events.
fn start_effects(
    mut events: MessageReader<RulesEvents>,
    shown: Shown,
    board: Res<Board>,
    settings: Res<Settings>,
    ring_art: Option<Res<RingArt>>,
    mut floaters: ResMut<Floaters>,
    mut commands: Commands,
) {
    let life = effect_seconds(settings.speed);
    let (Some(game), Some(ring_art), true) = (shown.game(), ring_art, life > 0.0) else {
        events.clear();
        return;
    };
    let world = |o: Offset| board.geometry.world(o);
    // Below the counter, clear of the result line above the hex.
    let unit_at = |u| {
        game.state()
            .unit(u)
            .hex
            .map(|h| world(h) - Vec2::Y * HEX_R * 0.55)
    };
    let mut burst = |at: Vec2, reach: f32, colour: Srgba| {
        commands.spawn((
            Sprite {
                image: ring_art.0.clone(),
                color: colour.with_alpha(0.0).into(),
                custom_size: Some(Vec2::splat(1.0)),
                ..default()
            },
            Transform::from_translation(at.extend(z::COUNTERS + 2.0)),
            Burst {
                age: 0.0,
                life,
                reach,
                colour,
            },
        ));
    };
    let mut words = Vec::new();
    let mut float = |at: Option<Vec2>, text: String, colour: egui::Color32, delay: f32| {
        if let Some(at) = at {
            words.push(Floater {
                at,
                text,
                colour,
                age: -delay * life,
                life,
            });
        }
    };
    let light = egui::Color32::from_rgb(250, 246, 235);
    let loss = egui::Color32::from_rgb(255, 150, 130);
    for RulesEvents(list) in events.read() {
        for e in list {
            match e {
                Event::Attacked {
                    target,
                    odds,
                    roll,
                    result,
                    ..
                } => {
                    burst(world(*target), HEX_R * 2.2, Srgba::new(1.0, 0.55, 0.2, 1.0));
                    float(
                        Some(world(*target) + Vec2::Y * HEX_R * 0.9),
                        format!("{}:{} · die {roll} · {result}", odds.0, odds.1),
                        light,
                        0.0,
                    );
                }
                Event::Bombarded { target, roll, .. } => {
                    burst(world(*target), HEX_R * 1.4, Srgba::new(0.95, 0.9, 0.8, 1.0));
                    float(
                        Some(world(*target) + Vec2::Y * HEX_R * 0.9),
                        format!("fire · die {roll}"),
                        light,
                        0.0,
                    );
                }
                Event::StepsLost { unit, steps, .. } => {
                    let s = if *steps == 1 { "step" } else { "steps" };
                    float(unit_at(*unit), format!("-{steps} {s}"), loss, 0.25);
                }
                Event::Retreated { unit, .. } => {
                    float(unit_at(*unit), "retreats".into(), light, 0.4);
                }
                Event::Routed { unit } => {
                    float(unit_at(*unit), "routed".into(), loss, 0.4);
                }
                Event::Surrendered { unit, prisoners } => {
                    float(
                        unit_at(*unit),
                        format!("surrenders · {prisoners} taken prisoner"),
                        loss,
                        0.4,
                    );
                }
                Event::Eliminated { unit } => {
                    let at = unit_at(*unit).or_else(|| {
                        list.iter().find_map(|e| match e {
                            Event::Attacked { target, .. } => Some(world(*target)),
                            _ => None,
                        })
                    });
                    float(at, "eliminated".into(), loss, 0.4);
                }
                _ => {}
            }
        }
    }
    floaters.0.extend(words);
}

/// Spreads and fades the rings, lifts and fades the words, and holds the AI while any show.
fn age_effects(
    time: Res<Time>,
    mut commands: Commands,
    mut bursts: Query<(Entity, &mut Burst, &mut Sprite)>,
    mut floaters: ResMut<Floaters>,
    mut animating: ResMut<Animating>,
) {
    let dt = time.delta_secs();
    for (e, mut b, mut sprite) in &mut bursts {
        b.age += dt;
        let t = b.age / b.life;
        if t >= 1.0 {
            commands.entity(e).despawn();
            continue;
        }
        // Out fast, then slower; fully there at once, gone at the end.
        let spread = 1.0 - (1.0 - t).powi(3);
        sprite.custom_size = Some(Vec2::splat(2.0 * b.reach * (0.3 + 0.7 * spread)));
        sprite.color = b.colour.with_alpha(0.9 * (1.0 - t)).into();
    }
    for f in &mut floaters.0 {
        f.age += dt;
    }
    floaters.0.retain(|f| f.age < f.life);
    let any = !bursts.is_empty() || !floaters.0.is_empty();
    if animating.effects != any {
        animating.effects = any;
    }
}

fn clear_effects(
    mut commands: Commands,
    bursts: Query<Entity, With<Burst>>,
    mut floaters: ResMut<Floaters>,
    mut animating: ResMut<Animating>,
) {
    for e in &bursts {
        commands.entity(e).despawn();
    }
    floaters.0.clear();
    animating.effects = false;
}

/// Draws the words over the map, under the panels.
fn draw_floaters(
    mut contexts: EguiContexts,
    floaters: Res<Floaters>,
    camera: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
) {
    if floaters.0.is_empty() {
        return;
    }
    let (Ok(ctx), Ok((cam, gtf))) = (contexts.ctx_mut(), camera.single()) else {
        return;
    };
    let painter = super::hud::map_painter(ctx, cam);
    for f in floaters.0.iter().filter(|f| f.age >= 0.0) {
        let t = f.age / f.life;
        let Ok(p) = cam.world_to_viewport(gtf, f.at.extend(0.0)) else {
            continue;
        };
        // Rises by 30 px and fades in its last third.
        let p = egui::pos2(p.x, p.y - 30.0 * t);
        let fade = ((1.0 - t) * 3.0).min(1.0);
        let font = egui::FontId::proportional(13.0);
        let galley = painter.layout_no_wrap(f.text.clone(), font, f.colour.gamma_multiply(fade));
        let rect = egui::Align2::CENTER_CENTER.anchor_size(p, galley.size());
        painter.rect_filled(
            rect.expand2(egui::vec2(4.0, 1.0)),
            3.0,
            egui::Color32::from_black_alpha(170).gamma_multiply(fade),
        );
        painter.galley(rect.min, galley, egui::Color32::WHITE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_is_clear_at_the_centre_and_outside_and_bright_near_the_rim() {
        let r = ring(64);
        assert_eq!(r.pixel(32, 32)[3], 0);
        assert_eq!(r.pixel(0, 0)[3], 0);
        assert!(r.pixel(32 + 27, 32)[3] > 200, "{:?}", r.pixel(59, 32));
    }

    #[test]
    fn effects_last_longer_at_slower_speeds_and_not_at_all_instantly() {
        assert!(effect_seconds(AnimationSpeed::Instant) <= 0.0);
        assert!(effect_seconds(AnimationSpeed::Fast) < effect_seconds(AnimationSpeed::Normal));
        assert!(effect_seconds(AnimationSpeed::Normal) < effect_seconds(AnimationSpeed::Slow));
    }
}
