//! The battle's panels (egui): the top bar (date, turn, weather, points, side to move, end of
//! phase), the unit panel, the orders panel (attack preview, evacuation, helicopters,
//! choices), the hex tooltip, the chronicle, the overlay bar and notices; and the map's text
//! layer (place names, strengths, stack sizes, people) in screen space so that it stays
//! readable at every zoom.

use super::Screen;
use super::autoplay::Autoplay;
use super::board::{Board, Shown};
use super::camera::{CentreOn, MapCamera};
use super::counters::MapLabels;
use super::input::{Hover, ReachCache, Selection};
use super::overlays::{Overlay, side_colour};
use super::saves::{QUICKSAVE, SaveRequest};
use super::session::{Animating, GameCommand, Notice, Session, UndoMove};
use super::settings::{AnimationSpeed, Settings};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use kalbajar_core::geography::{PlaceKind, Side};
use kalbajar_core::rules::command::{Cargo, Command};
use kalbajar_core::rules::state::{Destination, Phase, SupplyStatus, UnitId};
use kalbajar_core::rules::{Game, chronicle, civilians, combat, query, triggers};

/// Screen rectangles the panels cover this frame: the map ignores the pointer there. The
/// part of the window left between the panels is where the map camera draws.
#[derive(Resource, Debug, Default, Clone)]
pub struct HudRects {
    covered: Vec<egui::Rect>,
    /// The window's area between the panels (logical pixels), on screens that show the map
    /// beside panels; `None` where the map fills the window.
    pub map_area: Option<egui::Rect>,
}

/// The window edge a panel is docked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Top,
    Bottom,
    Left,
    Right,
}

impl HudRects {
    /// Starts a frame: nothing covered, and the map shown in `map_area` (or the whole window).
    pub fn reset(&mut self, map_area: Option<egui::Rect>) {
        self.covered.clear();
        self.map_area = map_area;
    }

    /// A floating window covers `rect`.
    pub fn push(&mut self, rect: egui::Rect) {
        self.covered.push(rect);
    }

    /// A panel docked to `edge` covers `rect`: the map area shrinks by it.
    pub fn push_panel(&mut self, edge: Edge, rect: egui::Rect) {
        self.covered.push(rect);
        if let Some(a) = &mut self.map_area {
            match edge {
                Edge::Top => a.min.y = a.min.y.max(rect.max.y),
                Edge::Bottom => a.max.y = a.max.y.min(rect.min.y),
                Edge::Left => a.min.x = a.min.x.max(rect.max.x),
                Edge::Right => a.max.x = a.max.x.min(rect.min.x),
            }
        }
    }

    /// Whether a window position (logical pixels) is under a panel.
    #[must_use]
    pub fn covers(&self, p: Vec2) -> bool {
        self.covered
            .iter()
            .any(|r| r.contains(egui::pos2(p.x, p.y)))
    }
}

/// A key that changes whenever the game on screen changes: the log's length and a hash of its
/// last events (a new game, a load or an undo all change it).
#[must_use]
pub fn log_key(game: &Game) -> (usize, u64, u64) {
    use std::hash::{Hash, Hasher};
    let log = game.log();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for l in log.iter().rev().take(4) {
        format!("{:?}", l.event).hash(&mut h);
    }
    (log.len(), h.finish(), game.scenario().content_hash)
}

/// What the panels show that is costly to work out, kept until the game changes: the
/// chronicle's lines and the evacuation orders the rules allow.
#[derive(Default)]
pub struct PanelCache {
    key: Option<(usize, u64, u64)>,
    pub lines: Vec<String>,
    /// The settlements the side to move can evacuate now ([`evacuation_options`]).
    pub evacuations: Vec<Evacuable>,
}

impl PanelCache {
    /// Brings the cache up to date with `game`.
    pub fn refresh(&mut self, game: &Game) {
        let key = log_key(game);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.lines = chronicle::lines(game.scenario(), game.log());
        self.evacuations = evacuation_options(game);
    }
}

/// The notices shown for a few seconds.
#[derive(Resource, Debug, Default)]
pub struct Notices(pub Vec<(String, f32)>);

/// Shows the panels.
pub struct HudPlugin;

impl Plugin for HudPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<HudRects>()
            .init_resource::<Notices>()
            .add_systems(EguiPrimaryContextPass, use_map_fonts)
            .add_systems(Update, collect_notices)
            .add_systems(
                EguiPrimaryContextPass,
                (draw_map_text.in_set(MapText), draw_battle_hud)
                    .chain()
                    .run_if(in_state(Screen::Battle).and_then(resource_exists::<Board>)),
            )
            .add_systems(
                EguiPrimaryContextPass,
                draw_map_text
                    .in_set(MapText)
                    .run_if(in_state(Screen::Autoplay).and_then(resource_exists::<Board>)),
            )
            .add_systems(EguiPrimaryContextPass, draw_notices);
    }
}

/// The systems that write names and figures on the map: whatever is drawn over the map text
/// goes after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct MapText;

/// DejaVu Sans for egui: it has every letter of the Azerbaijani and Armenian place names.
/// Set once, on the first frame the context exists.
fn use_map_fonts(mut contexts: EguiContexts, mut done: Local<bool>) {
    if *done {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    *done = true;
    install_fonts(ctx);
}

/// Gives `ctx` the game's fonts and panel colour.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        ("dejavu", crate::art::FONT_REGULAR),
        ("dejavu-bold", crate::art::FONT_BOLD),
    ] {
        fonts
            .font_data
            .insert(name.into(), egui::FontData::from_static(bytes).into());
    }
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, "dejavu".into());
    fonts.families.insert(
        egui::FontFamily::Name("bold".into()),
        vec!["dejavu-bold".into()],
    );
    ctx.set_fonts(fonts);
    let [r, g, b] = PANEL_FILL;
    ctx.global_style_mut(|style| style.visuals.panel_fill = egui::Color32::from_rgb(r, g, b));
}

fn collect_notices(
    mut incoming: MessageReader<Notice>,
    mut notices: ResMut<Notices>,
    time: Res<Time>,
) {
    for Notice(text) in incoming.read() {
        notices.0.push((text.clone(), 6.0));
    }
    let dt = time.delta_secs();
    for n in &mut notices.0 {
        n.1 -= dt;
    }
    notices.0.retain(|n| n.1 > 0.0);
}

fn draw_notices(mut contexts: EguiContexts, notices: Res<Notices>) {
    if notices.0.is_empty() {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    egui::Area::new("notices".into())
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -48.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for (text, _) in &notices.0 {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(egui::RichText::new(text).size(15.0));
                });
            }
        });
}

/// The colour behind the panels. The window is cleared to it, so that the docked panels
/// need no fill of their own: a software renderer then shades only their text and widgets.
pub const PANEL_FILL: [u8; 3] = [27, 27, 27];

/// The frame of a panel docked to a window edge: the usual margins and no fill (the cleared
/// window shows through, in [`PANEL_FILL`]).
pub fn docked_frame(ctx: &egui::Context) -> egui::Frame {
    egui::Frame::side_top_panel(&ctx.global_style()).fill(egui::Color32::TRANSPARENT)
}

/// A painter for text over the map, clipped to the map camera's view: the panels beside the
/// map have no fill to hide what strays under them.
pub fn map_painter(ctx: &egui::Context, cam: &Camera) -> egui::Painter {
    let mut painter = ctx.layer_painter(egui::LayerId::background());
    if let Some(r) = cam.logical_viewport_rect() {
        painter.set_clip_rect(egui::Rect::from_min_max(
            egui::pos2(r.min.x, r.min.y),
            egui::pos2(r.max.x, r.max.y),
        ));
    }
    painter
}

/// A root Ui over the whole window for the panels.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        egui::Id::new(id),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::new(egui::Order::Middle, egui::Id::new(id)))
            .max_rect(ctx.viewport_rect()),
    )
}

fn colour32(c: Color) -> egui::Color32 {
    let s = c.to_srgba().to_u8_array();
    egui::Color32::from_rgba_unmultiplied(s[0], s[1], s[2], s[3])
}

/// Place names, strengths, stack sizes and people, drawn under the panels.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn draw_map_text(
    mut contexts: EguiContexts,
    shown: Shown,
    labels: Res<MapLabels>,
    settings: Res<Settings>,
    camera: Query<(&Camera, &GlobalTransform, &Projection), With<MapCamera>>,
    reach: Res<ReachCache>,
    hover: Res<Hover>,
    selection: Res<Selection>,
) {
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    let Some(game) = shown.game() else {
        return;
    };
    let Ok((cam, gtf, projection)) = camera.single() else {
        return;
    };
    let scale = match projection {
        Projection::Orthographic(o) => o.scale,
        _ => 1.0,
    };
    let to_screen = |w: Vec2| {
        cam.world_to_viewport(gtf, w.extend(0.0))
            .ok()
            .map(|p| egui::pos2(p.x, p.y))
    };
    let painter = map_painter(ctx, cam);
    let font = |size: f32| egui::FontId::proportional(size);
    let halo = egui::Color32::from_rgba_unmultiplied(20, 20, 20, 200);
    let text_with_halo = |p: egui::Pos2, s: &str, size: f32, colour: egui::Color32| {
        for d in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
            painter.text(
                p + egui::vec2(d.0, d.1),
                egui::Align2::CENTER_CENTER,
                s,
                font(size),
                halo,
            );
        }
        painter.text(p, egui::Align2::CENTER_CENTER, s, font(size), colour);
    };
    let g = super::board::Geometry::of(&game.scenario().map);
    if settings.labels {
        // Towns first, then passes and peaks, then villages; a name that would overlap one
        // already written is left out, so the map stays legible at every zoom.
        let rank = |k: PlaceKind| match k {
            PlaceKind::Town => 0,
            PlaceKind::Pass | PlaceKind::Peak => 1,
            PlaceKind::Village | PlaceKind::Junction => 2,
            _ => 3,
        };
        let mut places: Vec<_> = game.scenario().map.file().places.iter().collect();
        places.sort_by_key(|p| rank(p.kind));
        let mut taken: Vec<egui::Rect> = Vec::new();
        for place in places {
            let (size, min_zoom) = match place.kind {
                PlaceKind::Town => (16.0, 3.1),
                PlaceKind::Pass | PlaceKind::Peak => (12.5, 2.0),
                PlaceKind::Village | PlaceKind::Junction => (12.5, 1.7),
                _ => (11.5, 1.0),
            };
            if scale > min_zoom {
                continue;
            }
            let Some(p) =
                to_screen(g.world(place.hex) + Vec2::new(0.0, super::board::HEX_R * 0.95))
            else {
                continue;
            };
            let galley =
                painter.layout_no_wrap(place.name.clone(), font(size), egui::Color32::WHITE);
            let rect = egui::Rect::from_center_size(p, galley.size() + egui::vec2(4.0, 0.0));
            if taken.iter().any(|r| r.intersects(rect)) {
                continue;
            }
            taken.push(rect);
            text_with_halo(p, &place.name, size, egui::Color32::from_rgb(250, 248, 240));
        }
    }
    if scale <= 2.2 {
        let size = (11.0 / scale).clamp(8.0, 15.0);
        for (w, s, side) in &labels.counters {
            if let Some(p) = to_screen(*w) {
                let [r, g, b] = crate::art::strength_text_colour(*side);
                let colour = egui::Color32::from_rgb(r, g, b);
                painter.text(p, egui::Align2::CENTER_CENTER, s, font(size), colour);
            }
        }
        for (w, n) in &labels.civilians {
            if let Some(p) = to_screen(*w) {
                text_with_halo(
                    p,
                    &chronicle::grouped(*n),
                    size * 0.95,
                    egui::Color32::WHITE,
                );
            }
        }
    }
    for (w, n) in &labels.stacks {
        if let Some(p) = to_screen(*w) {
            painter.circle_filled(p, 8.0, egui::Color32::from_rgb(30, 30, 30));
            painter.text(
                p,
                egui::Align2::CENTER_CENTER,
                n.to_string(),
                font(11.0),
                egui::Color32::WHITE,
            );
        }
    }
    // The cost of the path to the hovered hex, in the path's colour, below the hex's centre.
    if let (Some(reach), Some(to), Some(unit)) = (&reach.reach, hover.hex, selection.unit)
        && let Some(cost) = reach.cost(to)
    {
        let left = game.state().unit(unit).mp_left;
        let text = format!("{cost} MP · {} left", left.saturating_sub(cost));
        if let Some(p) = to_screen(g.world(to) - Vec2::new(0.0, super::board::HEX_R * 0.55)) {
            text_with_halo(p, &text, 13.0, egui::Color32::from_rgb(255, 242, 102));
        }
    }
}

/// The side's name as the scenario gives it.
#[must_use]
pub fn side_name(game: &Game, side: Side) -> String {
    game.scenario()
        .file
        .sides
        .iter()
        .find(|s| s.side == side)
        .map_or_else(|| format!("{side:?}"), |s| s.name.clone())
}

/// The battle's panels.
#[expect(clippy::too_many_arguments, reason = "a Bevy system")]
fn draw_battle_hud(
    mut contexts: EguiContexts,
    session: Res<Session>,
    mut selection: ResMut<Selection>,
    hover: Res<Hover>,
    mut settings: ResMut<Settings>,
    animating: Res<Animating>,
    board: Res<Board>,
    mut rects: ResMut<HudRects>,
    mut out: MessageWriter<GameCommand>,
    mut undo: MessageWriter<UndoMove>,
    mut saves: MessageWriter<SaveRequest>,
    mut centre: MessageWriter<CentreOn>,
    mut next: ResMut<NextState<Screen>>,
    mut cache: Local<PanelCache>,
) {
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    let game = session.game();
    let state = game.state();
    let human = session.human_to_move();
    cache.refresh(game);
    let mut ui = root_ui(ctx, "battle");
    rects.reset(Some(ctx.viewport_rect()));

    // Top bar.
    let top = egui::Panel::top("top")
        .frame(docked_frame(ctx))
        .show(&mut ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let sc = game.scenario();
                ui.label(
                    egui::RichText::new(chronicle::turn_label(sc, state.turn))
                        .size(16.0)
                        .strong(),
                );
                ui.label(format!("turn {} of {}", state.turn, sc.file.turns));
                ui.separator();
                let side = state.active;
                ui.label(
                    egui::RichText::new(side_name(game, side))
                        .color(colour32(side_colour(side)))
                        .strong(),
                );
                ui.label(match state.phase {
                    Phase::Movement => "movement phase",
                    Phase::Combat => "combat phase",
                });
                if !human {
                    ui.label(egui::RichText::new("(AI moving)").italics());
                }
                ui.separator();
                let weather: Vec<String> = sc
                    .file
                    .weather
                    .bands
                    .iter()
                    .zip(&state.weather)
                    .map(|(b, w)| {
                        format!(
                            "{} {:?}{}",
                            b.name,
                            w.weather,
                            if w.fog { " + fog" } else { "" }
                        )
                    })
                    .collect();
                ui.label(weather.join(" · "));
                ui.separator();
                ui.label(format!(
                    "points {} {} – {} {}",
                    side_name(game, Side::Armenian),
                    state.points[0].total(),
                    state.points[1].total(),
                    side_name(game, Side::Azerbaijani),
                ));
                ui.separator();
                let end = ui.add_enabled(human, egui::Button::new("End phase [Space]"));
                if end.clicked() {
                    selection.clear();
                    out.write(GameCommand(Command::EndPhase));
                }
                if ui
                    .add_enabled(human && session.undoable() > 0, egui::Button::new("Undo"))
                    .on_hover_text("Take back moves since the last combat, fire or sighting")
                    .clicked()
                {
                    undo.write(UndoMove);
                }
                if ui.button("Save [F5]").clicked() {
                    saves.write(SaveRequest(QUICKSAVE.into()));
                }
                if ui.button("Menu").clicked() {
                    next.set(Screen::Title);
                }
                egui::ComboBox::from_id_salt("speed")
                    .selected_text(format!("AI speed: {}", settings.speed.label()))
                    .show_ui(ui, |ui| {
                        for s in AnimationSpeed::ALL {
                            ui.selectable_value(&mut settings.speed, s, s.label());
                        }
                    });
            });
        });
    rects.push_panel(Edge::Top, top.response.rect);

    // Overlay bar.
    let bottom = egui::Panel::bottom("overlays").frame(docked_frame(ctx)).show(&mut ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label("Overlays:");
            for (i, o) in Overlay::ALL.into_iter().enumerate() {
                let mut on = settings.overlay(o);
                if ui
                    .checkbox(&mut on, format!("{} [{}]", o.label(), i + 1))
                    .changed()
                {
                    settings.toggle(o);
                }
            }
            let mut labels = settings.labels;
            if ui.checkbox(&mut labels, "Names").changed() {
                settings.labels = labels;
            }
            ui.separator();
            ui.label("Keys: Tab next unit · E entrench · H hold · C centre · Enter attack · G grid · F5/F9 save/load");
        });
    });
    rects.push_panel(Edge::Bottom, bottom.response.rect);

    // Chronicle.
    let right = egui::Panel::right("chronicle")
        .frame(docked_frame(ctx))
        .default_size(side_panel_width(ctx.content_rect().width(), 220.0))
        .size_range(220.0..=520.0)
        .resizable(true)
        .show(&mut ui, |ui| {
            ui.heading("Chronicle");
            chronicle_list(ui, game, &cache.lines, &[]);
        });
    rects.push_panel(Edge::Right, right.response.rect);

    // Unit, orders and hex.
    let left = egui::Panel::left("unit")
        .frame(docked_frame(ctx))
        .default_size(side_panel_width(ctx.content_rect().width(), 260.0))
        .size_range(260.0..=440.0)
        .resizable(true)
        .show(&mut ui, |ui| {
            // Fill the panel's width whatever is in it: a scroll area shrinks to its content,
            // and the panel with it, so clearing the selection used to narrow the panel.
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(unit) = selection.unit {
                        unit_panel(ui, game, unit, human, &mut out, &mut centre, &board);
                        ui.separator();
                    }
                    if human {
                        orders_panel(ui, game, &cache.evacuations, &mut selection, &mut out);
                        ui.separator();
                    }
                    if let Some(hex) = hover.hex {
                        hex_panel(ui, game, hex, state.fog.then(|| session.viewer()));
                    }
                    if animating.any() {
                        ui.label(egui::RichText::new("moving…").italics());
                    }
                });
        });
    rects.push_panel(Edge::Left, left.response.rect);
}

/// A side panel's opening width: about a quarter of the window, at least `min` and at most
/// 330 px, so that a narrow window keeps half its width for the map. The player can drag
/// either panel narrower or wider. (At 1280 px the panels open at 330: narrower ones leave
/// more map to draw, and the software renderer then misses the 16.7 ms frame.)
#[must_use]
pub fn side_panel_width(window_width: f32, min: f32) -> f32 {
    (window_width * 0.26).clamp(min, 330.0)
}

/// The chronicle, newest at the bottom, with historical notes per turn when given.
pub fn chronicle_list(ui: &mut egui::Ui, game: &Game, lines: &[String], notes: &[(u32, String)]) {
    let sc = game.scenario();
    // The last few hundred entries: laying out the whole week every frame costs too much.
    let lines = &lines[lines.len().saturating_sub(400)..];
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut shown_note = 0u32;
            for line in lines {
                // Lines start with their date; the notes of a turn go before its first line.
                if let Some((turn, _)) = notes.iter().find(|(t, _)| {
                    *t > shown_note && line.starts_with(&chronicle::turn_label(sc, *t))
                }) {
                    for (_, note) in notes.iter().filter(|(t, _)| t == turn) {
                        ui.label(
                            egui::RichText::new(format!("History: {note}"))
                                .italics()
                                .color(egui::Color32::from_rgb(240, 210, 140)),
                        );
                    }
                    shown_note = *turn;
                }
                ui.label(egui::RichText::new(line).size(12.5));
            }
        });
}

fn unit_panel(
    ui: &mut egui::Ui,
    game: &Game,
    unit: UnitId,
    human: bool,
    out: &mut MessageWriter<GameCommand>,
    centre: &mut MessageWriter<CentreOn>,
    board: &Board,
) {
    let ctx = game.ctx();
    let def = ctx.unit_def(unit);
    let ty = ctx.unit_type(unit);
    let u = ctx.state.unit(unit);
    ui.heading(&def.name);
    ui.label(format!("{} · {}", ty.name, side_name(game, u.side)));
    if let Some(men) = def.men {
        ui.label(format!("about {} men", chronicle::grouped(men)));
    }
    if let Some(leader) = &def.leader {
        ui.label(format!("led by {leader}"));
    }
    egui::Grid::new("unit-grid").num_columns(2).show(ui, |ui| {
        ui.label("Strength");
        ui.label(format!("{} of {} steps", u.steps, ty.steps));
        ui.end_row();
        ui.label("Attack / defence");
        ui.label(format!("{} / {}", ty.attack, ty.defence));
        ui.end_row();
        if ty.range > 0 {
            ui.label("Fire");
            ui.label(format!("{} at up to {} hexes", ty.bombard, ty.range));
            ui.end_row();
        }
        ui.label("Cohesion");
        ui.label(u.cohesion.to_string());
        ui.end_row();
        ui.label("Movement left");
        ui.label(format!("{} of {}", u.mp_left, u.movement));
        ui.end_row();
    });
    // Outside the grid, so that a long reason wraps instead of widening the panel.
    ui.label(match &u.supply {
        SupplyStatus::InSupply { source, cost } => {
            format!("Supply: in supply from {source} (cost {cost})")
        }
        SupplyStatus::FromDepot { source } => format!("Supply: from the depot at {source}"),
        SupplyStatus::OutOfSupply { reason } => format!("Supply: OUT OF SUPPLY: {reason}"),
    });
    let mut flags = Vec::new();
    if u.entrenched {
        flags.push("entrenched");
    }
    if u.disrupted {
        flags.push("disrupted");
    }
    if u.routed {
        flags.push("routed");
    }
    if u.isolated_turns > 0 {
        flags.push("isolated");
    }
    if !flags.is_empty() {
        ui.label(flags.join(", "));
    }
    ui.label(
        egui::RichText::new(format!(
            "Source: {}{}",
            if def.source.is_estimated() {
                "estimated — "
            } else {
                ""
            },
            def.source.text()
        ))
        .size(11.5)
        .weak(),
    );
    ui.horizontal(|ui| {
        let mine = u.side == ctx.state.active && human;
        if ui
            .add_enabled(mine, egui::Button::new("Entrench [E]"))
            .clicked()
        {
            out.write(GameCommand(Command::Entrench { unit }));
        }
        if ui
            .add_enabled(mine, egui::Button::new("Hold [H]"))
            .clicked()
        {
            out.write(GameCommand(Command::Hold { unit }));
        }
        if ui.button("Centre [C]").clicked()
            && let Some(h) = u.hex
        {
            centre.write(CentreOn(board.geometry.world(h)));
        }
    });
    if ty.range > 0 && u.side == ctx.state.active {
        ui.label(
            egui::RichText::new("In the combat phase, click an enemy in range and sight to fire.")
                .size(11.5),
        );
    }
}

/// The attack being prepared (odds, shifts, outcomes), and the side's other orders:
/// evacuation, helicopters, halting for columns, choices.
fn orders_panel(
    ui: &mut egui::Ui,
    game: &Game,
    evacuations: &[Evacuable],
    selection: &mut Selection,
    out: &mut MessageWriter<GameCommand>,
) {
    let ctx = game.ctx();
    let state = game.state();
    for (_, e) in triggers::open_choices(&ctx) {
        ui.heading("A decision");
        ui.label(&e.text);
        ui.label(
            egui::RichText::new(format!("Source: {}", e.source.text()))
                .size(11.5)
                .weak(),
        );
        for (i, o) in e.options.iter().enumerate() {
            if ui.button(&o.label).clicked() {
                out.write(GameCommand(Command::Choose {
                    event: e.id.clone(),
                    option: i,
                }));
            }
        }
        ui.separator();
    }
    if let Some(target) = selection.target {
        ui.heading(format!(
            "Attack on {}",
            chronicle::where_is(game.scenario(), target)
        ));
        let candidates = super::input::possible_attackers(game, target);
        for u in candidates {
            let mut on = selection.attackers.contains(&u);
            if ui.checkbox(&mut on, ctx.unit_name(u)).changed() {
                if on {
                    selection.attackers.push(u);
                } else {
                    selection.attackers.retain(|x| *x != u);
                }
            }
        }
        match combat::preview(&ctx, &selection.attackers, target) {
            Ok(p) => {
                ui.label(format!(
                    "{} against {} = {}:{}; column {}:{}",
                    p.attack, p.defence, p.ratio.0, p.ratio.1, p.column_odds.0, p.column_odds.1
                ));
                for s in &p.shifts {
                    ui.label(format!("  {:+} column(s): {}", s.columns, s.cause));
                }
                // One row per die roll, the result wrapping under itself: in a table the
                // result column ran past the panel's edge and hid the chances.
                ui.label(egui::RichText::new("die (chance): result").weak());
                for o in &p.outcomes {
                    ui.horizontal_top(|ui| {
                        ui.label(format!(
                            "{} ({:.0} %):",
                            o.roll,
                            100.0 * o.chance.probability()
                        ));
                        ui.vertical(|ui| ui.label(o.result.to_string()));
                    });
                }
                ui.label(format!(
                    "Chances: the defender retreats {:.0} %, loses steps {:.0} %; the attackers lose steps {:.0} %.",
                    100.0 * p.defender_retreats.probability(),
                    100.0 * p.defender_loses_steps.probability(),
                    100.0 * p.attacker_loses_steps.probability()
                ));
                if ui.button("Attack [Enter]").clicked() {
                    out.write(GameCommand(Command::Attack {
                        attackers: selection.attackers.clone(),
                        target,
                        advance: true,
                    }));
                }
            }
            Err(e) => {
                ui.label(egui::RichText::new(e.to_string()).color(egui::Color32::LIGHT_RED));
            }
        }
        if ui.button("Cancel").clicked() {
            selection.target = None;
            selection.attackers.clear();
        }
        ui.separator();
    } else if state.phase == Phase::Combat {
        ui.label("Combat phase: click an enemy hex to prepare an attack.");
    } else {
        ui.label("Movement phase: click a unit, then a highlighted hex to move it.");
    }

    // Civilians.
    if !evacuations.is_empty() {
        ui.heading("Evacuation");
    }
    for e in evacuations {
        // The place on one line, its choices on the next: the same two lines for every place.
        ui.label(format!(
            "{}: {} people",
            e.name,
            chronicle::grouped(e.people)
        ));
        ui.horizontal_wrapped(|ui| {
            ui.add_space(8.0);
            for d in &e.destinations {
                if ui
                    .small_button(format!("→ {}", d.short))
                    .on_hover_text(&d.about)
                    .clicked()
                {
                    out.write(GameCommand(Command::Evacuate {
                        place: e.place.clone(),
                        destination: d.destination.clone(),
                    }));
                }
            }
        });
    }
    for (label, c) in [
        (
            "Fly people out by helicopter",
            Command::Airlift {
                cargo: Cargo::Civilians,
            },
        ),
        (
            "Fly supplies in by helicopter",
            Command::Airlift {
                cargo: Cargo::Supply,
            },
        ),
        (
            "Halt all attacks this turn so refugee columns can pass",
            Command::HaltForColumns,
        ),
    ] {
        if game.check(&c).is_ok() && ui.button(label).clicked() {
            out.write(GameCommand(c));
        }
    }
}

/// A settlement of the side to move that can be evacuated now.
#[derive(Debug, Clone, PartialEq)]
pub struct Evacuable {
    /// The place's id.
    pub place: String,
    pub name: String,
    pub people: u32,
    /// The destinations the rules accept for it.
    pub destinations: Vec<EvacuationDestination>,
}

/// Where the people of a settlement can be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct EvacuationDestination {
    /// On the button: an exit's name up to its first comma ("Omar Pass road"), so that a
    /// settlement's choices fit on one line of the panel.
    pub short: String,
    /// On hover: the whole name and where the way leads.
    pub about: String,
    pub destination: Destination,
}

/// The settlements of the side to move that can be evacuated now, with the destinations the
/// rules accept for each.
pub(super) fn evacuation_options(game: &Game) -> Vec<Evacuable> {
    let state = game.state();
    let sc = game.scenario();
    let pad = sc
        .file
        .helicopters
        .as_ref()
        .and_then(|h| sc.map.place(&h.pad))
        .map_or_else(String::new, |p| format!(" at {}", p.name));
    let mut dests: Vec<EvacuationDestination> = sc
        .map
        .file()
        .exits
        .iter()
        .map(|e| EvacuationDestination {
            short: e
                .name
                .split(',')
                .next()
                .unwrap_or(&e.name)
                .trim()
                .to_string(),
            about: format!(
                "On foot and by road, out by the {}, toward {}.",
                e.name, e.toward
            ),
            destination: Destination::Exit(e.id.clone()),
        })
        .collect();
    dests.push(EvacuationDestination {
        short: "helicopters".into(),
        about: format!("To the helicopter pad{pad}, to be flown out while the helicopters fly."),
        destination: Destination::Helipad,
    });
    let mut out = Vec::new();
    for (i, s) in state.settlements.iter().enumerate() {
        if s.present == 0
            || s.evacuating.is_some()
            || civilians::settlement_side(sc, state, i) != state.active
        {
            continue;
        }
        let legal: Vec<EvacuationDestination> = dests
            .iter()
            .filter(|d| {
                game.check(&Command::Evacuate {
                    place: s.place.clone(),
                    destination: d.destination.clone(),
                })
                .is_ok()
            })
            .cloned()
            .collect();
        if legal.is_empty() {
            continue;
        }
        let name = sc
            .map
            .place(&s.place)
            .map_or(s.place.as_str(), |p| p.name.as_str())
            .to_string();
        out.push(Evacuable {
            place: s.place.clone(),
            name,
            people: s.present,
            destinations: legal,
        });
    }
    out
}

fn hex_panel(
    ui: &mut egui::Ui,
    game: &Game,
    hex: kalbajar_core::hex::Offset,
    viewer: Option<Side>,
) {
    let ctx = game.ctx();
    let Some(info) = query::hex_info(&ctx, hex) else {
        return;
    };
    ui.heading(if info.places.is_empty() {
        format!("Hex {hex}")
    } else {
        info.places.join(", ")
    });
    ui.label(format!(
        "{} · {} m · held by {}",
        info.data.terrain.label(),
        info.data.elevation,
        side_name(game, info.controller)
    ));
    ui.label(format!(
        "weather: {:?}{}{}",
        info.weather,
        if info.fog { ", valley fog" } else { "" },
        if info.snow {
            ", snow on the ground"
        } else {
            ""
        }
    ));
    if info.residents > 0 {
        ui.label(format!(
            "{} people at home",
            chronicle::grouped(info.residents)
        ));
    }
    if info.refugees > 0 {
        ui.label(format!(
            "{} people on the road",
            chronicle::grouped(info.refugees)
        ));
    }
    let units: Vec<&str> = info
        .units
        .iter()
        .filter(|id| {
            let side = ctx.state.unit(**id).side;
            viewer.is_none_or(|v| {
                v == side || kalbajar_core::rules::fog::visible_enemies(&ctx, v).contains(id)
            })
        })
        .map(|id| ctx.unit_name(*id))
        .collect();
    if !units.is_empty() {
        ui.label(format!("units: {}", units.join(", ")));
    }
}

/// The autoplay's panels are drawn by the menus plugin; this is shared with it.
#[must_use]
pub fn autoplay_notes(auto: &Autoplay) -> Vec<(u32, String)> {
    (1..=auto.game.scenario().file.turns)
        .flat_map(|t| auto.notes(t).into_iter().map(move |n| (t, n)))
        .collect()
}
