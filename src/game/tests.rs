//! Headless tests of the game plugins: MinimalPlugins, the state machinery and the logic
//! plugins, without a window or renderer. They drive the game through the same messages the
//! input systems send.

use super::autoplay::{Autoplay, Script, StartAutoplay};
use super::saves::{LoadRequest, save_session};
use super::session::{Controller, GameCommand, Notice, RulesEvents, Session, UndoMove};
use super::settings::{AnimationSpeed, Settings};
use super::setup::{Catalog, SetupChoice, StartGame};
use super::{LogicPlugins, Screen};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::command::Command;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::movement;
use kalbajar_core::rules::state::{Phase, UnitId};

fn new_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(LogicPlugins);
    app.world_mut().resource_mut::<Settings>().speed = AnimationSpeed::Instant;
    app.update();
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Every message of type `M` still buffered.
fn messages<M: Message + Clone>(app: &App) -> Vec<M> {
    let m = app.world().resource::<Messages<M>>();
    m.get_cursor().read(m).cloned().collect()
}

fn start(app: &mut App, controllers: [Controller; 2]) {
    app.world_mut().write_message(StartGame(SetupChoice {
        variants: Vec::new(),
        controllers,
        seed: 3,
        fog: false,
    }));
    app.update();
    app.update();
}

fn human_pair() -> [Controller; 2] {
    [Controller::Human, Controller::Human]
}

fn session(app: &App) -> &Session {
    app.world().resource::<Session>()
}

/// A unit of the side to move and a hex it can reach.
fn some_move(app: &App) -> (UnitId, Offset, Offset) {
    let game = session(app).game();
    let ctx = game.ctx();
    for id in ctx.active_units(ctx.state.active) {
        let from = ctx.state.unit(id).hex.expect("on the map");
        let reach = movement::reachable(&ctx, id);
        if let Some((to, _)) = reach.hexes().last() {
            return (id, from, to);
        }
    }
    panic!("no unit of the side to move can move");
}

#[test]
fn the_title_leads_to_a_battle() {
    let mut app = new_app();
    assert_eq!(screen(&app), Screen::Title);
    start(&mut app, human_pair());
    assert_eq!(screen(&app), Screen::Battle);
    assert_eq!(session(&app).game().state().turn, 1);
}

#[test]
fn a_move_goes_through_the_command_message() {
    let mut app = new_app();
    start(&mut app, human_pair());
    let (unit, from, to) = some_move(&app);
    assert_ne!(from, to);
    app.world_mut()
        .write_message(GameCommand(Command::Move { unit, to }));
    app.update();
    assert_eq!(session(&app).game().state().unit(unit).hex, Some(to));
    let events = messages::<RulesEvents>(&app);
    assert!(
        events
            .iter()
            .flat_map(|e| &e.0)
            .any(|e| matches!(e, Event::UnitMoved { unit: u, .. } if *u == unit)),
        "the move's events are passed on for animation"
    );

    // Undo puts it back, exactly.
    app.world_mut().write_message(UndoMove);
    app.update();
    assert_eq!(session(&app).game().state().unit(unit).hex, Some(from));
}

#[test]
fn a_refused_command_tells_the_player_why() {
    let mut app = new_app();
    start(&mut app, human_pair());
    let (unit, _, _) = some_move(&app);
    let far = Offset::new(0, 0);
    app.world_mut()
        .write_message(GameCommand(Command::Move { unit, to: far }));
    app.update();
    let notices = messages::<Notice>(&app);
    assert!(
        notices.iter().any(|n| n.0.contains("cannot reach")),
        "got {notices:?}"
    );
    assert_ne!(session(&app).game().state().unit(unit).hex, Some(far));
}

#[test]
fn an_attack_goes_through_the_command_message() {
    let mut app = new_app();
    start(&mut app, human_pair());
    // Play both sides with the AI's choices until some attack is possible in a combat phase.
    let mut attack = None;
    for _ in 0..5_000 {
        let game = session(&app).game();
        let s = game.state();
        if s.phase == Phase::Combat {
            let ctx = game.ctx();
            attack = ctx
                .active_units(kalbajar_core::rules::state::enemy(s.active))
                .filter_map(|e| s.unit(e).hex)
                .find_map(|hex| {
                    let attackers = super::input::possible_attackers(game, hex);
                    (!attackers.is_empty()).then_some((attackers, hex))
                });
            if attack.is_some() {
                break;
            }
        }
        let c = kalbajar_core::rules::policy::next_command(game);
        app.world_mut().write_message(GameCommand(c));
        app.update();
    }
    let (attackers, target) = attack.expect("an attack becomes possible");
    let before = session(&app).game().log().len();
    app.world_mut().write_message(GameCommand(Command::Attack {
        attackers,
        target,
        advance: true,
    }));
    app.update();
    let log = session(&app).game().log();
    assert!(
        log[before..]
            .iter()
            .any(|l| matches!(l.event, Event::Attacked { target: t, .. } if t == target)),
        "the attack was resolved"
    );
    // Combat cannot be undone.
    assert_eq!(session(&app).undoable(), 0);
}

/// Once an attack is made, its preview gives way even when the defender holds the hex: the
/// units chosen have attacked and cannot attack again this turn.
#[test]
fn a_made_attack_clears_its_preview_when_the_defender_holds() {
    use super::input::{Selection, forget_stale_selection};
    let mut app = new_app();
    app.init_resource::<Selection>()
        .add_systems(Update, forget_stale_selection);
    start(&mut app, human_pair());
    let mut held = false;
    for _ in 0..20_000 {
        // Two humans: take over at each hand-over.
        if screen(&app) == Screen::Handover {
            app.world_mut()
                .resource_mut::<NextState<Screen>>()
                .set(Screen::Battle);
            app.update();
        }
        let game = session(&app).game();
        let s = game.state();
        let found = (s.phase == Phase::Combat)
            .then(|| {
                game.ctx()
                    .active_units(kalbajar_core::rules::state::enemy(s.active))
                    .filter_map(|e| s.unit(e).hex)
                    .find_map(|hex| {
                        let attackers = super::input::possible_attackers(game, hex);
                        (!attackers.is_empty()).then_some((attackers, hex))
                    })
            })
            .flatten();
        let Some((attackers, target)) = found else {
            let c = kalbajar_core::rules::policy::next_command(game);
            app.world_mut().write_message(GameCommand(c));
            app.update();
            continue;
        };
        // The attack as the player prepared it on the map.
        *app.world_mut().resource_mut::<Selection>() = Selection {
            unit: None,
            target: Some(target),
            attackers: attackers.clone(),
        };
        app.world_mut().write_message(GameCommand(Command::Attack {
            attackers,
            target,
            advance: false,
        }));
        app.update();
        app.update();
        let state = session(&app).game().state();
        let defender_holds = state
            .units_at(target)
            .any(|u| state.unit(u).side != state.active);
        let selection = app.world().resource::<Selection>();
        if defender_holds {
            assert_eq!((selection.target, selection.attackers.len()), (None, 0));
            held = true;
            break;
        }
    }
    assert!(held, "no attack left its defender in place");
}

#[test]
fn the_ai_plays_its_side_and_the_game_reaches_the_debrief() {
    let mut app = new_app();
    let ai = || Controller::Ai {
        level: "normal".into(),
    };
    start(&mut app, [ai(), ai()]);
    for _ in 0..20_000 {
        if screen(&app) == Screen::Debrief {
            break;
        }
        app.update();
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(session(&app).game().is_over());
}

#[test]
fn hot_seat_hides_the_map_between_sides() {
    let mut app = new_app();
    start(&mut app, human_pair());
    let first = session(&app).game().state().active;
    for _ in 0..4 {
        app.world_mut()
            .write_message(GameCommand(Command::EndPhase));
        app.update();
        app.update();
        if session(&app).game().state().active != first {
            break;
        }
    }
    assert_ne!(session(&app).game().state().active, first);
    assert_eq!(screen(&app), Screen::Handover);
}

#[test]
fn a_saved_game_loads_and_a_corrupt_one_is_refused_and_kept() {
    let dir = std::env::temp_dir().join(format!("kalbajar-test-saves-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = new_app();
    start(&mut app, human_pair());
    let (unit, _, to) = some_move(&app);
    app.world_mut()
        .write_message(GameCommand(Command::Move { unit, to }));
    app.update();
    let path = dir.join("game.ron");
    save_session(session(&app), &path).expect("saved");
    let hash = session(&app).game().state_hash();

    // A fresh app loads it through the same message the F9 key sends.
    let mut app = new_app();
    app.world_mut().write_message(LoadRequest(path.clone()));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Battle);
    assert_eq!(session(&app).game().state_hash(), hash);
    assert_eq!(session(&app).controllers, human_pair());

    // A damaged file is refused with its name, and left as it was.
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    let damaged = text.replacen("turn:", "trun:", 1);
    std::fs::write(&broken, &damaged).expect("write");
    let mut app = new_app();
    app.world_mut().write_message(LoadRequest(broken.clone()));
    app.update();
    let notices = messages::<Notice>(&app);
    assert!(
        notices
            .iter()
            .any(|n| n.0.contains("not loaded") && n.0.contains("broken.ron")),
        "got {notices:?}"
    );
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), damaged);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn autoplay_steps_jumps_and_plays() {
    let mut app = new_app();
    let history = app
        .world()
        .resource::<Catalog>()
        .history
        .clone()
        .expect("the scenario has a history");
    app.world_mut()
        .write_message(StartAutoplay(Script::History(history)));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Autoplay);
    let log0 = app.world().resource::<Autoplay>().game.log().len();
    app.world_mut().resource_mut::<Autoplay>().step();
    assert!(app.world().resource::<Autoplay>().game.log().len() > log0);
    app.world_mut().resource_mut::<Autoplay>().jump_to(5);
    assert_eq!(app.world().resource::<Autoplay>().game.state().turn, 5);
    // Back in time: it starts again and replays to the turn.
    app.world_mut().resource_mut::<Autoplay>().jump_to(2);
    assert_eq!(app.world().resource::<Autoplay>().game.state().turn, 2);
    {
        let mut a = app.world_mut().resource_mut::<Autoplay>();
        a.playing = true;
        a.rate = 1000.0;
        a.target_turn = Some(4);
    }
    for _ in 0..2_000 {
        app.update();
        if !app.world().resource::<Autoplay>().playing {
            break;
        }
    }
    let a = app.world().resource::<Autoplay>();
    assert_eq!(a.game.state().turn, 4);
    assert!(!a.playing);
    assert!(
        a.milestones().iter().any(|(_, t)| t.is_some()),
        "some milestones were reached by turn 4"
    );
}

/// The app with the frame pacing too; its input and window messages registered by hand,
/// as no window plugin runs here.
fn paced_app() -> App {
    use bevy::input::keyboard::KeyboardInput;
    use bevy::input::mouse::{MouseButtonInput, MouseWheel};
    use bevy::window::{CursorMoved, RequestRedraw};
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_message::<KeyboardInput>()
        .add_message::<MouseButtonInput>()
        .add_message::<MouseWheel>()
        .add_message::<CursorMoved>()
        .add_message::<RequestRedraw>()
        .add_plugins(LogicPlugins)
        .add_plugins(super::pacing::PacingPlugin)
        .init_resource::<FramesAsked>()
        .add_systems(
            First,
            |mut asked: MessageReader<RequestRedraw>, mut count: ResMut<FramesAsked>| {
                count.0 = asked.read().count();
            },
        );
    app.world_mut().resource_mut::<Settings>().speed = AnimationSpeed::Instant;
    app.update();
    app
}

/// Frames asked for by the update before the last (counted as the last one began).
#[derive(Resource, Default)]
struct FramesAsked(usize);

fn frames_asked(app: &App) -> usize {
    app.world().resource::<FramesAsked>().0
}

#[test]
fn a_still_battle_asks_for_no_frames_and_the_ai_turn_does() {
    let mut app = paced_app();
    start(&mut app, human_pair());
    assert!(
        frames_asked(&app) > 0,
        "a new screen is drawn while it settles"
    );
    for _ in 0..15 {
        app.update();
    }
    assert_eq!(frames_asked(&app), 0, "nothing moves: the window may rest");

    let mut app = paced_app();
    let ai = || Controller::Ai {
        level: "normal".into(),
    };
    start(&mut app, [ai(), ai()]);
    for _ in 0..15 {
        app.update();
        assert!(!session(&app).game().is_over());
        assert!(frames_asked(&app) > 0, "the AI's turn is drawn as it plays");
    }
}

/// Gives the egui context `ctx` these input events, runs an update and returns the events
/// egui would read in that update's pass.
fn egui_update(
    app: &mut App,
    ctx: Entity,
    events: Vec<bevy_egui::egui::Event>,
) -> Vec<bevy_egui::egui::Event> {
    use bevy_egui::EguiInput;
    app.world_mut()
        .get_mut::<EguiInput>(ctx)
        .expect("spawned")
        .events = events;
    app.update();
    app.world()
        .get::<EguiInput>(ctx)
        .expect("spawned")
        .events
        .clone()
}

#[test]
fn repeated_modifier_reports_are_dropped_and_changes_kept() {
    use bevy_egui::EguiInput;
    use bevy_egui::egui::{Event, Modifiers};
    let mut app = paced_app();
    let ctx = app.world_mut().spawn(EguiInput::default()).id();
    let report = |app: &mut App, m: Modifiers| {
        egui_update(
            app,
            ctx,
            vec![Event::ModifiersChanged(m), Event::WindowFocused(true)],
        )
    };
    assert_eq!(
        report(&mut app, Modifiers::NONE).len(),
        2,
        "the first report is news"
    );
    assert_eq!(
        report(&mut app, Modifiers::NONE),
        vec![Event::WindowFocused(true)],
        "the same modifiers again are dropped, other events kept"
    );
    assert_eq!(
        report(&mut app, Modifiers::SHIFT).len(),
        2,
        "a change is kept"
    );
    assert_eq!(report(&mut app, Modifiers::SHIFT).len(), 1);
}

/// The title screen of an app that draws the board (its images as assets, no renderer),
/// with the counters if asked (their art is made at startup).
fn board_app(counters: bool) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, AssetPlugin::default()))
        .init_asset::<Image>()
        .init_asset::<Mesh>()
        .init_asset::<super::map_material::MapPieceMaterial>()
        .insert_resource(ClearColor(Color::srgb_u8(30, 31, 33)))
        .add_plugins(LogicPlugins)
        .add_plugins(super::board::BoardPlugin);
    if counters {
        app.init_resource::<super::input::Hover>()
            .add_plugins(super::counters::CountersPlugin);
    }
    app.update();
    app
}

/// A hot-seat battle with the board spawned.
fn battle_with_board() -> App {
    let mut app = board_app(false);
    start(&mut app, human_pair());
    app
}

/// The overlay layers (tint, selection, grid) draw whole hexes: each layer's tile is its whole
/// image, one hex of the map's size. A layer whose image is larger than its tile shows only the
/// tile-sized corner of the image: the first overlays lit a notched quarter of a hex twice as
/// big.
#[test]
fn the_overlay_layers_draw_whole_hexes_of_the_map() {
    use super::board::{Board, HEX_R, HEX_W};
    use bevy_ecs_tilemap::prelude::{TilemapGridSize, TilemapTexture, TilemapTileSize};

    let app = battle_with_board();
    assert_eq!(screen(&app), Screen::Battle);
    let board = app.world().resource::<Board>().clone();
    for layer in [board.tint_layer, board.selection_layer, board.grid] {
        let world = app.world();
        let tile = world.get::<TilemapTileSize>(layer).expect("a tilemap");
        let grid = world.get::<TilemapGridSize>(layer).expect("a tilemap");
        let Some(TilemapTexture::Single(handle)) = world.get::<TilemapTexture>(layer) else {
            panic!("an overlay layer has one image");
        };
        let image = world
            .resource::<Assets<Image>>()
            .get(handle)
            .expect("the layer's image");
        #[expect(clippy::cast_precision_loss, reason = "small images")]
        let size = (image.width() as f32, image.height() as f32);
        assert_eq!(size, (tile.x, tile.y), "the tile is the whole image");
        assert_eq!((tile.x, tile.y), (HEX_W.ceil(), 2.0 * HEX_R), "one hex");
        assert_eq!((grid.x, grid.y), (HEX_W, 2.0 * HEX_R), "on the map's hexes");
    }
}

/// The battle map is drawn as rectangles of the baked map image, with the map's own material:
/// together they cover every hex of the map, at the image's scale, with smaller copies for
/// zoomed-out views, over the window's clear colour.
#[test]
fn the_map_is_drawn_as_pieces_over_every_hex() {
    use super::board::{Board, BoardPart};
    use super::map_material::MapPieceMaterial;
    use bevy::camera::primitives::MeshAabb;

    let mut app = battle_with_board();
    let board = app.world().resource::<Board>().clone();
    let g = board.geometry;
    let mut rects = Vec::new();
    let mut q = app.world_mut().query_filtered::<(
        &Mesh2d,
        &MeshMaterial2d<MapPieceMaterial>,
        &Transform,
    ), With<BoardPart>>();
    for (mesh, material, tf) in q.iter(app.world()) {
        let aabb = app
            .world()
            .resource::<Assets<Mesh>>()
            .get(&mesh.0)
            .and_then(Mesh::compute_aabb)
            .expect("the piece's rectangle");
        let centre = tf.translation.truncate() + aabb.center.truncate();
        let size = 2.0 * aabb.half_extents.truncate();
        rects.push(Rect::from_center_size(centre, size));
        let material = app
            .world()
            .resource::<Assets<MapPieceMaterial>>()
            .get(&material.0)
            .expect("the piece's material");
        assert_eq!(
            material.background.to_array(),
            app.world()
                .resource::<ClearColor>()
                .0
                .to_srgba()
                .to_f32_array(),
            "outside the hexes the window's clear colour shows"
        );
        let image = app
            .world()
            .resource::<Assets<Image>>()
            .get(&material.image)
            .expect("the piece's image");
        assert_eq!(image.texture_descriptor.mip_level_count, 3);
        // The map's shader writes the texels' sRGB values as they are: the image must not
        // decode them to linear light on the way.
        assert_eq!(
            image.texture_descriptor.format,
            bevy::render::render_resource::TextureFormat::Rgba8Unorm
        );
        // The image's pixels per world unit are the same across and down: not stretched.
        #[expect(clippy::cast_precision_loss, reason = "image sizes")]
        let (kx, ky) = (
            image.width() as f32 / size.x,
            image.height() as f32 / size.y,
        );
        assert!((kx - ky).abs() < 1e-4, "{kx} {ky}");
    }
    assert!(!rects.is_empty(), "the map has pieces");
    for row in 0..g.height {
        for col in 0..g.width {
            let o = Offset::new(col, row);
            // The hex's centre and (a hair inside) its six corners lie on a piece.
            let c = g.world(o);
            let inside = g.corners(o).map(|p| c + (p - c) * 0.99);
            for p in std::iter::once(c).chain(inside) {
                assert!(
                    rects.iter().any(|r| r.contains(p)),
                    "{o}: {p} is on no piece of the map"
                );
            }
        }
    }
}

/// A new game with another scenario replaces the map: the first game's pieces do not stay
/// under the second's (each would cost a pass over the screen), and the pieces' images go
/// with them.
#[test]
fn a_second_game_replaces_the_map() {
    use super::board::{Board, BoardPart};

    let mut app = battle_with_board();
    let map_pieces = |app: &mut App| {
        let mut q = app.world_mut().query_filtered::<&Mesh2d, With<BoardPart>>();
        q.iter(app.world()).count()
    };
    let first = map_pieces(&mut app);
    let first_hash = app.world().resource::<Board>().scenario.content_hash;
    assert!(first > 0);
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Title);
    app.update();
    app.world_mut().write_message(StartGame(SetupChoice {
        variants: vec!["early_thaw".into()],
        controllers: human_pair(),
        seed: 3,
        fog: false,
    }));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Battle);
    assert_ne!(
        app.world().resource::<Board>().scenario.content_hash,
        first_hash,
        "the variant is another scenario"
    );
    assert_eq!(map_pieces(&mut app), first, "one map, not two");
    // The first map's images are dropped with its pieces.
    app.update();
    let images = app.world().resource::<Assets<Image>>();
    let big = images.iter().filter(|(_, i)| i.width() > 1000).count();
    assert_eq!(big, first, "{big} map-sized images for {first} pieces");
}

/// A quick click that arrives in one update with the pointer's move reaches egui in two: the
/// move first, so that egui sees the pointer over the widget, then the press and the release.
#[test]
fn a_press_after_a_move_waits_one_update_for_the_hover() {
    use bevy_egui::EguiInput;
    use bevy_egui::egui::{Event, Modifiers, PointerButton, pos2};
    let mut app = paced_app();
    let ctx = app.world_mut().spawn(EguiInput::default()).id();
    let p = pos2(640.0, 376.0);
    let button = |pressed| Event::PointerButton {
        pos: p,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    let frame = |app: &mut App, events| egui_update(app, ctx, events);
    let click = vec![Event::PointerMoved(p), button(true), button(false)];
    assert_eq!(frame(&mut app, click), vec![Event::PointerMoved(p)]);
    assert_eq!(
        frame(&mut app, Vec::new()),
        vec![button(true), button(false)],
        "the press and the release follow in the next update"
    );
    // With the pointer already there, a press and its release pass at once.
    assert_eq!(
        frame(&mut app, vec![button(true), button(false)]),
        vec![button(true), button(false)]
    );
}

#[test]
fn the_setup_tells_what_each_ai_level_does() {
    let app = new_app();
    let catalog = app.world().resource::<Catalog>();
    let levels = catalog.ai_levels.as_ref().expect("the scenario has ai.ron");
    assert_eq!(catalog.ai_level_names(), levels.names());
    for level in &levels.levels {
        assert_eq!(
            catalog.ai_level_description(&level.id),
            Some(level.description.as_str())
        );
    }
    assert_eq!(catalog.ai_level_description("expert"), None);
}

#[test]
fn the_evacuation_panel_offers_what_the_rules_accept_in_short() {
    use kalbajar_core::rules::state::Destination;
    let app = new_app();
    let sc = app.world().resource::<Catalog>().base.clone();
    let mut game = kalbajar_core::rules::Game::new(sc, 1, false);
    // The Azerbaijani side's first movement phase.
    while !(game.state().active == kalbajar_core::geography::Side::Azerbaijani
        && game.state().phase == Phase::Movement)
    {
        let c = kalbajar_core::rules::policy::next_command(&game);
        game.execute(c)
            .expect("the built-in policy gives checked commands");
    }
    let options = super::hud::evacuation_options(&game);
    let town = options
        .iter()
        .find(|e| e.place == "kalbajar")
        .expect("Kalbajar can be evacuated on the first turn");
    assert_eq!(town.people, 12_000);
    let shorts: Vec<&str> = town.destinations.iter().map(|d| d.short.as_str()).collect();
    assert_eq!(shorts, ["Omar Pass road", "helicopters"]);
    assert!(town.destinations[0].about.contains("toward Toğanalı"));
    assert!(town.destinations[1].about.contains("pad at Kalbajar"));
    assert_eq!(town.destinations[1].destination, Destination::Helipad);
    // The order is given and the town leaves the list.
    let order = Command::Evacuate {
        place: town.place.clone(),
        destination: town.destinations[0].destination.clone(),
    };
    game.execute(order)
        .expect("the panel offers only legal orders");
    assert!(
        super::hud::evacuation_options(&game)
            .iter()
            .all(|e| e.place != "kalbajar")
    );
}

fn board_parts(app: &mut App) -> usize {
    app.world_mut()
        .query_filtered::<Entity, With<super::board::BoardPart>>()
        .iter(app.world())
        .count()
}

/// Loading a saved game shows its map and counters, and leaving for the title clears every
/// part of the board, counters and civilian marks included.
#[test]
fn loading_and_leaving_a_battle_shows_and_clears_the_board() {
    let dir = std::env::temp_dir().join(format!("kalbajar-test-board-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = board_app(true);
    start(&mut app, human_pair());
    app.update();
    let path = dir.join("game.ron");
    save_session(session(&app), &path).expect("saved");

    let mut app = board_app(true);
    app.world_mut().write_message(LoadRequest(path));
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Battle);
    let counters = app
        .world_mut()
        .query::<&super::counters::UnitCounter>()
        .iter(app.world())
        .count();
    assert!(counters > 0, "the loaded battle shows counters");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Title);
    app.update();
    app.update();
    assert_eq!(
        board_parts(&mut app),
        0,
        "nothing of the board stays on the title screen"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// bevy_ecs_tilemap and the gizmos write the colour they are given as it is into the cameras'
/// image of sRGB values: the colour must carry the sRGB values, not linear light.
#[test]
fn hex_layer_and_gizmo_colours_carry_their_srgb_values() {
    let c = super::board::srgb_as_linear(Srgba::rgb_u8(200, 50, 25).with_alpha(0.5));
    let l = c.to_linear();
    let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
    assert!(close(l.red, 200.0 / 255.0), "{l:?}");
    assert!(close(l.green, 50.0 / 255.0), "{l:?}");
    assert!(close(l.blue, 25.0 / 255.0), "{l:?}");
    assert!(close(l.alpha, 0.5), "{l:?}");
}
