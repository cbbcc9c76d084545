//! The screens around the battle (egui): title, setup, load, sources and credits, hot-seat
//! hand-over, the debrief, and the autoplay's controls.

use super::Screen;
use super::autoplay::{Autoplay, Script, StartAutoplay};
use super::board::Board;
use super::hud::{Edge, HudRects, chronicle_list, side_name};
use super::saves::{LoadRequest, SaveEntry, list_saves, saves_dir};
use super::session::{Controller, Session};
use super::setup::{Catalog, CatalogError, SetupChoice, StartGame};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use kalbajar_core::geography::Side;
use kalbajar_core::history::History;
use kalbajar_core::replay::{Recording, read_recording};
use kalbajar_core::rules::Game;
use kalbajar_core::rules::chronicle;
use kalbajar_core::rules::chronicle::grouped;
use kalbajar_core::rules::state::side_index;

/// Whether the load window is open, and what it found.
#[derive(Resource, Debug, Default)]
struct LoadWindow(Option<Vec<SaveEntry>>);

/// Shows the screens.
pub struct MenusPlugin;

impl Plugin for MenusPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LoadWindow>()
            .add_systems(
                EguiPrimaryContextPass,
                (
                    title_screen.run_if(in_state(Screen::Title)),
                    setup_screen.run_if(in_state(Screen::Setup)),
                    sources_screen.run_if(in_state(Screen::Sources)),
                    handover_screen.run_if(in_state(Screen::Handover)),
                    debrief_screen.run_if(in_state(Screen::Debrief)),
                    autoplay_screen
                        .run_if(in_state(Screen::Autoplay).and_then(resource_exists::<Board>)),
                    load_window,
                ),
            )
            .add_systems(OnEnter(Screen::Title), close_load_window);
    }
}

fn close_load_window(mut w: ResMut<LoadWindow>) {
    w.0 = None;
}

fn big_button(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add_sized(
        [320.0, 40.0],
        egui::Button::new(egui::RichText::new(text).size(18.0)),
    )
}

fn title_screen(
    mut contexts: EguiContexts,
    catalog: Option<Res<Catalog>>,
    error: Option<Res<CatalogError>>,
    mut next: ResMut<NextState<Screen>>,
    mut autoplay: MessageWriter<StartAutoplay>,
    mut load: ResMut<LoadWindow>,
    mut exit: MessageWriter<AppExit>,
) {
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    egui::CentralPanel::default().show(&mut super::hud::root_ui(ctx, "screen"), |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(50.0);
            ui.label(egui::RichText::new("Kalbajar 1993").size(44.0).strong());
            ui.label(
                egui::RichText::new(
                    "An operational wargame of the battle of 27 March – 3 April 1993",
                )
                .size(17.0),
            );
            ui.add_space(10.0);
            if let Some(c) = &catalog {
                ui.label(
                    egui::RichText::new(&c.base.file.description)
                        .size(13.5)
                        .weak(),
                );
            }
            ui.add_space(30.0);
            if let Some(e) = &error {
                ui.colored_label(
                    egui::Color32::LIGHT_RED,
                    format!("The scenario cannot be read:\n{}", e.0),
                );
                ui.add_space(20.0);
            }
            let ready = catalog.is_some();
            ui.add_enabled_ui(ready, |ui| {
                if big_button(ui, "New game").clicked() {
                    next.set(Screen::Setup);
                }
                ui.add_space(6.0);
                let history = catalog.as_ref().and_then(|c| c.history.clone());
                if ui
                    .add_enabled_ui(history.is_some(), |ui| {
                        big_button(ui, "Historical autoplay")
                    })
                    .inner
                    .clicked()
                    && let Some(h) = history
                {
                    autoplay.write(StartAutoplay(Script::History(h)));
                }
                ui.add_space(6.0);
                if big_button(ui, "Load game or replay").clicked() {
                    load.0 = Some(list_saves(&saves_dir()));
                }
            });
            ui.add_space(6.0);
            if big_button(ui, "Sources and credits").clicked() {
                next.set(Screen::Sources);
            }
            ui.add_space(6.0);
            if big_button(ui, "Quit").clicked() {
                exit.write(AppExit::Success);
            }
            ui.add_space(30.0);
            ui.label(
                egui::RichText::new(
                    "A historical simulation of a real war. Thousands of civilians had to flee \
                     their homes over the mountain passes; the game asks both sides to bring \
                     them out safely and never rewards harming them.",
                )
                .size(13.0)
                .italics(),
            );
        });
    });
}

/// Lists saved games (load) and replays (watch), newest first.
fn load_window(
    mut contexts: EguiContexts,
    mut window: ResMut<LoadWindow>,
    mut loads: MessageWriter<LoadRequest>,
    mut autoplay: MessageWriter<StartAutoplay>,
    mut notices: MessageWriter<super::session::Notice>,
) {
    let Some(entries) = window.0.clone() else {
        return;
    };
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    let mut open = true;
    let mut close = false;
    // In front of the screen it opens over: the screens draw in a layer of the same order,
    // which otherwise covered the window.
    egui::Window::new("Load a game or watch a replay")
        .order(egui::Order::Foreground)
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "Saved games and replays in {}",
                saves_dir().display()
            ));
            if entries.is_empty() {
                ui.label("None yet: press F5 during a game to save it.");
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for e in &entries {
                        ui.horizontal(|ui| {
                            let name = e
                                .path
                                .file_name()
                                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                            ui.label(egui::RichText::new(name).strong());
                            ui.label(&e.label);
                            if e.readable && ui.button("Load").clicked() {
                                loads.write(LoadRequest(e.path.clone()));
                                close = true;
                            }
                            if ui.button("Watch").clicked() {
                                match read_recording(&e.path) {
                                    Ok(Recording::Save(s)) => {
                                        autoplay.write(StartAutoplay(Script::Replay(s.replay)));
                                        close = true;
                                    }
                                    Ok(Recording::Replay(r)) => {
                                        autoplay.write(StartAutoplay(Script::Replay(r)));
                                        close = true;
                                    }
                                    Err(err) => {
                                        notices.write(super::session::Notice(err.to_string()));
                                    }
                                }
                            }
                        });
                    }
                });
        });
    if !open || close {
        window.0 = None;
    }
}

fn setup_screen(
    mut contexts: EguiContexts,
    catalog: Option<Res<Catalog>>,
    mut choice: ResMut<SetupChoice>,
    mut next: ResMut<NextState<Screen>>,
    mut start: MessageWriter<StartGame>,
) {
    let (Ok(ctx), Some(catalog)) = (contexts.ctx_mut(), catalog) else {
        return;
    };
    egui::CentralPanel::default().show(&mut super::hud::root_ui(ctx, "screen"), |ui| {
        ui.heading(&catalog.base.file.title);
        ui.label(&catalog.base.file.description);
        ui.separator();
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            ui.heading("Who plays each side");
            for side in [Side::Armenian, Side::Azerbaijani] {
                let i = side_index(side);
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(side_name_of(&catalog, side))
                            .strong()
                            .color(colour32(super::overlays::side_colour(side))),
                    );
                    let current = match &choice.controllers[i] {
                        Controller::Human => "Human".to_string(),
                        Controller::Ai { level } => format!("AI ({level})"),
                    };
                    egui::ComboBox::from_id_salt(("controller", i))
                        .selected_text(current)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut choice.controllers[i],
                                Controller::Human,
                                "Human",
                            );
                            for level in catalog.ai_level_names() {
                                let label = format!("AI ({level})");
                                let about = catalog.ai_level_description(&level);
                                let r = ui.selectable_value(
                                    &mut choice.controllers[i],
                                    Controller::Ai { level },
                                    label,
                                );
                                if let Some(about) = about {
                                    r.on_hover_text(about);
                                }
                            }
                        });
                });
                // What the chosen level does, from ai.ron.
                if let Controller::Ai { level } = &choice.controllers[i]
                    && let Some(about) = catalog.ai_level_description(level)
                {
                    ui.label(egui::RichText::new(format!("AI: {about}")).size(12.0));
                }
                if let Some(def) = catalog.base.file.sides.iter().find(|s| s.side == side) {
                    ui.label(
                        egui::RichText::new(format!("Commanders: {}", def.commanders.join(", ")))
                            .size(12.0)
                            .weak(),
                    );
                }
            }
            if choice.controllers.iter().all(Controller::is_human) {
                ui.label("Hot-seat: the map is hidden while you hand over between sides.");
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label("Seed");
                ui.add(egui::DragValue::new(&mut choice.seed).range(0..=u64::from(u32::MAX)));
            });
            ui.checkbox(
                &mut choice.fog,
                "Fog of war: see only what your units observe",
            );
            ui.add_space(12.0);
            let conflicts = catalog.conflicts(&choice.variants);
            for c in &conflicts {
                ui.colored_label(egui::Color32::LIGHT_RED, c);
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        conflicts.is_empty(),
                        egui::Button::new(egui::RichText::new("Start").size(18.0)),
                    )
                    .clicked()
                {
                    start.write(StartGame(choice.clone()));
                }
                if ui.button("Back").clicked() {
                    next.set(Screen::Title);
                }
            });
            for p in &catalog.problems {
                ui.colored_label(egui::Color32::YELLOW, p);
            }

            let ui = &mut cols[1];
            ui.heading("What if…? (variants combine where they do not conflict)");
            egui::ScrollArea::vertical().show(ui, |ui| {
                for v in &catalog.variants {
                    let mut on = choice.variants.contains(&v.id);
                    if ui
                        .checkbox(&mut on, egui::RichText::new(&v.title).strong())
                        .changed()
                    {
                        if on {
                            choice.variants.push(v.id.clone());
                        } else {
                            choice.variants.retain(|x| x != &v.id);
                        }
                    }
                    ui.label(egui::RichText::new(&v.description).size(12.5));
                    if !v.sources.is_empty() {
                        ui.label(
                            egui::RichText::new(format!("Sources: {}", v.sources.join("; ")))
                                .size(11.0)
                                .weak(),
                        );
                    }
                    ui.add_space(6.0);
                }
            });
        });
    });
}

fn side_name_of(catalog: &Catalog, side: Side) -> String {
    catalog
        .base
        .file
        .sides
        .iter()
        .find(|s| s.side == side)
        .map_or_else(|| format!("{side:?}"), |s| s.name.clone())
}

fn colour32(c: Color) -> egui::Color32 {
    let s = c.to_srgba().to_u8_array();
    egui::Color32::from_rgba_unmultiplied(s[0], s[1], s[2], s[3])
}

fn sources_screen(
    mut contexts: EguiContexts,
    catalog: Option<Res<Catalog>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    egui::CentralPanel::default().show(&mut super::hud::root_ui(ctx, "screen"), |ui| {
        ui.horizontal(|ui| {
            ui.heading("Sources and credits");
            if ui.button("Back").clicked() {
                next.set(Screen::Title);
            }
        });
        let Some(catalog) = catalog else {
            return;
        };
        let file = &catalog.base.file;
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(
                "The scenario is built from the sources below. Where no source gives a number \
                 (a unit's strength, a village's population), the figure is an estimate, marked \
                 as such in the data with the reasoning behind it; those estimates are listed \
                 after the sources.",
            );
            ui.add_space(8.0);
            ui.heading("Sources");
            for r in &file.references {
                ui.label(egui::RichText::new(&r.title).strong());
                ui.label(&r.note);
                ui.add_space(4.0);
            }
            ui.heading("Sides and commanders");
            for s in &file.sides {
                ui.label(format!("{}: {}", s.name, s.commanders.join(", ")));
                ui.label(egui::RichText::new(s.source.text()).size(12.0).weak());
            }
            ui.heading("Estimates in the unit types");
            for t in &file.unit_types {
                if t.source.is_estimated() {
                    ui.label(format!("{}: {}", t.name, t.source.text()));
                }
            }
            ui.heading("Orders of battle");
            for u in &file.units {
                ui.label(format!(
                    "{}{}: {}",
                    u.name,
                    if u.source.is_estimated() {
                        " (estimated)"
                    } else {
                        ""
                    },
                    u.source.text()
                ));
            }
            ui.heading("Civilians");
            for s in &file.civilians {
                ui.label(format!(
                    "{}: {} people{} — {}",
                    catalog
                        .base
                        .map
                        .place(&s.place)
                        .map_or(s.place.as_str(), |p| p.name.as_str()),
                    grouped(s.people),
                    if s.source.is_estimated() {
                        " (estimated)"
                    } else {
                        ""
                    },
                    s.source.text()
                ));
            }
            ui.heading("Credits");
            ui.label(
                "Map relief from public elevation data and place coordinates (see the geography \
                 notes in scenarios/kalbajar_1993/geography.ron). Fonts: DejaVu Sans (see \
                 assets/fonts/DejaVu-LICENSE.txt). Built with Bevy, bevy_ecs_tilemap and egui.",
            );
        });
    });
}

fn handover_screen(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let (Ok(ctx), Some(session)) = (contexts.ctx_mut(), session) else {
        return;
    };
    let game = session.game();
    let side = game.state().active;
    egui::CentralPanel::default()
        .frame(egui::Frame::default().fill(egui::Color32::from_rgb(24, 26, 28)))
        .show(&mut super::hud::root_ui(ctx, "handover"), |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(180.0);
                ui.label(
                    egui::RichText::new(format!("{} to move", side_name(game, side)))
                        .size(30.0)
                        .color(colour32(super::overlays::side_colour(side))),
                );
                ui.label(chronicle::turn_label(game.scenario(), game.state().turn));
                ui.add_space(20.0);
                ui.label("Hand the controls over; the map stays hidden until you are ready.");
                ui.add_space(20.0);
                if big_button(ui, "I am ready").clicked() {
                    next.set(Screen::Battle);
                }
            });
        });
}

fn debrief_screen(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    catalog: Option<Res<Catalog>>,
    mut next: ResMut<NextState<Screen>>,
    mut autoplay: MessageWriter<StartAutoplay>,
    mut saves: MessageWriter<super::saves::SaveRequest>,
    mut rects: ResMut<HudRects>,
) {
    let (Ok(ctx), Some(session)) = (contexts.ctx_mut(), session) else {
        return;
    };
    rects.reset(None);
    let game = session.game();
    let state = game.state();
    let sc = game.scenario();
    let outcome = kalbajar_core::rules::victory::outcome(sc, &game.ctx());
    let window = egui::Window::new("Debrief")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .default_width(640.0)
        .show(ctx, |ui| {
            let result = match outcome.winner {
                Some(side) => format!("{}: {}", side_name(game, side), outcome.level),
                None => "A draw".into(),
            };
            ui.label(egui::RichText::new(result).size(24.0).strong());
            ui.label(format!(
                "Ended {} (turn {} of {})",
                chronicle::turn_label(sc, state.turn),
                state.turn,
                sc.file.turns
            ));
            ui.separator();
            egui::Grid::new("points").striped(true).show(ui, |ui| {
                ui.label("Victory points");
                ui.label(side_name(game, Side::Armenian));
                ui.label(side_name(game, Side::Azerbaijani));
                ui.end_row();
                type Part = fn(&kalbajar_core::rules::state::Points) -> i32;
                let rows: [(&str, Part); 6] = [
                    ("objectives", |p| p.objectives),
                    ("road link", |p| p.road_link),
                    ("enemy losses", |p| p.enemy_losses),
                    ("people brought out", |p| p.evacuation),
                    ("harm to civilians", |p| p.civilian_harm),
                    ("events", |p| p.events),
                ];
                for (name, f) in rows {
                    ui.label(name);
                    ui.label(f(&state.points[0]).to_string());
                    ui.label(f(&state.points[1]).to_string());
                    ui.end_row();
                }
                ui.label(egui::RichText::new("total").strong());
                ui.label(state.points[0].total().to_string());
                ui.label(state.points[1].total().to_string());
                ui.end_row();
                ui.label("steps lost");
                ui.label(state.steps_lost[0].to_string());
                ui.label(state.steps_lost[1].to_string());
                ui.end_row();
                ui.label("men taken prisoner");
                ui.label(state.prisoners[0].to_string());
                ui.label(state.prisoners[1].to_string());
                ui.end_row();
            });
            ui.separator();
            let c = state.civilians;
            // The scenario counts people who left before the first turn as brought out by
            // road; say so, or the figure disagrees with the week's in the table below.
            let before = sc.evacuated_before();
            let by_road = if before > 0 {
                format!(
                    "{} ({} of them before the first turn, as the scenario estimates)",
                    grouped(c.evacuated_road),
                    grouped(before),
                )
            } else {
                grouped(c.evacuated_road)
            };
            ui.label(egui::RichText::new("Civilians").strong());
            ui.label(format!(
                "{} people lived in the district's settlements on the map. {} were brought out by \
                 road and {} by helicopter; {} were still on the roads and {} still at home at the \
                 end; {} were killed or wounded and {} captured.",
                grouped(c.initial),
                by_road,
                grouped(c.evacuated_air),
                grouped(state.moving_civilians()),
                grouped(state.present_civilians()),
                grouped(c.casualties),
                grouped(c.captured),
            ));
            ui.separator();
            let history_fall = catalog.as_ref().and_then(|cat| {
                let key = sc.file.key_place.as_deref()?;
                cat.history
                    .as_ref()?
                    .milestones
                    .iter()
                    .find_map(|m| match &m.mark {
                        kalbajar_core::history::Mark::Control { place, .. } if place == key => {
                            Some(m.turn)
                        }
                        _ => None,
                    })
            });
            let fell = state.town_fell.map_or_else(
                || "did not fall".to_string(),
                |t| format!("fell {}", chronicle::turn_label(sc, t)),
            );
            let key_name = sc.key_place().map_or("The town", |p| p.name.as_str());
            ui.label(format!("{key_name} {fell}."));
            if let Some(t) = history_fall {
                ui.label(format!(
                    "Historically it fell {} (turn {t}).",
                    chronicle::turn_label(sc, t)
                ));
            }
            if let Some(history) = catalog.as_ref().and_then(|c| c.history.as_ref()) {
                history_figures(ui, game, session.recorder.seed(), history);
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Watch the replay of this game").clicked() {
                    autoplay.write(StartAutoplay(Script::Replay(session.recorder.replay())));
                }
                if ui.button("Save").clicked() {
                    saves.write(super::saves::SaveRequest("last-game.ron".into()));
                }
                if ui.button("New game").clicked() {
                    next.set(Screen::Setup);
                }
                if ui.button("Title").clicked() {
                    next.set(Screen::Title);
                }
            });
        });
    if let Some(w) = window {
        rects.push(w.response.rect);
    }
}

/// This game's final figures beside the ranges the sources give (the history file's
/// `figures`), each source on hover.
fn history_figures(ui: &mut egui::Ui, game: &Game, seed: u64, history: &History) {
    if history.figures.is_empty() {
        return;
    }
    let run = kalbajar_core::history::Run::of(game, history, seed);
    ui.separator();
    ui.label(egui::RichText::new("Compared with the sources").strong());
    egui::Grid::new("figures").striped(true).show(ui, |ui| {
        ui.label("");
        ui.label("this game");
        ui.label("the sources");
        ui.end_row();
        for f in &history.figures {
            let value = run.value(f.measure);
            ui.label(&f.title);
            ui.label(figure_text(value));
            let range = match (f.min, f.max) {
                (Some(a), Some(b)) => format!("{} – {}", figure_text(a), figure_text(b)),
                (Some(a), None) => format!("at least {}", figure_text(a)),
                (None, Some(b)) => format!("at most {}", figure_text(b)),
                (None, None) => "not given".into(),
            };
            ui.label(range).on_hover_text(f.source.text());
            ui.end_row();
        }
    });
}

/// A figure as people or km² are written: whole, with thousands separated.
fn figure_text(v: f64) -> String {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "figures are small and non-negative"
    )]
    let n = v.max(0.0).round().min(f64::from(u32::MAX)) as u32;
    grouped(n)
}

/// The autoplay's controls, milestones and chronicle.
fn autoplay_screen(
    mut contexts: EguiContexts,
    mut auto: ResMut<Autoplay>,
    mut rects: ResMut<HudRects>,
    mut next: ResMut<NextState<Screen>>,
    mut jump: Local<u32>,
    mut cache: Local<super::hud::PanelCache>,
) {
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    rects.reset(Some(ctx.viewport_rect()));
    let mut ui = super::hud::root_ui(ctx, "autoplay");
    let turns = auto.game.scenario().file.turns;
    if *jump == 0 {
        *jump = auto.game.state().turn;
    }
    let top = egui::Panel::top("auto-top")
        .frame(super::hud::docked_frame(ctx))
        .show(&mut ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let sc = auto.game.scenario();
                let title = match &auto.script {
                    Script::History(_) => "Historical course",
                    Script::Replay(_) => "Replay",
                };
                ui.label(egui::RichText::new(title).strong().size(16.0));
                ui.label(
                    egui::RichText::new(chronicle::turn_label(sc, auto.game.state().turn))
                        .size(16.0),
                );
                ui.label(format!("turn {} of {turns}", auto.game.state().turn));
                ui.separator();
                let label = if auto.playing { "Pause" } else { "Play" };
                if ui.button(label).clicked() {
                    auto.playing = !auto.playing;
                }
                if ui.button("Step").clicked() {
                    auto.playing = false;
                    auto.step();
                }
                ui.add(
                    egui::Slider::new(&mut auto.rate, 1.0..=200.0)
                        .logarithmic(true)
                        .text("orders/s"),
                );
                ui.separator();
                ui.add(egui::Slider::new(&mut *jump, 1..=turns).text("turn"));
                if ui.button("Jump").clicked() {
                    let t = *jump;
                    auto.jump_to(t);
                }
                ui.separator();
                if ui.button("Title").clicked() {
                    next.set(Screen::Title);
                }
                if auto.finished() {
                    ui.label(egui::RichText::new("finished").italics());
                }
                if let Some(s) = &auto.stopped {
                    ui.colored_label(egui::Color32::LIGHT_RED, s);
                }
            });
        });
    rects.push_panel(Edge::Top, top.response.rect);
    let notes = super::hud::autoplay_notes(&auto);
    cache.refresh(&auto.game);
    let right = egui::Panel::right("auto-chronicle")
        .frame(super::hud::docked_frame(ctx))
        .default_size(super::hud::side_panel_width(
            ctx.content_rect().width(),
            220.0,
        ))
        .resizable(true)
        .show(&mut ui, |ui| {
            ui.heading("Chronicle");
            if matches!(auto.script, Script::History(_)) {
                ui.label(
                    egui::RichText::new(
                        "History: lines are what the sources say happened; the others are what \
                         the rules produced.",
                    )
                    .size(11.5)
                    .weak(),
                );
            }
            chronicle_list(ui, &auto.game, &cache.lines, &notes);
        });
    rects.push_panel(Edge::Right, right.response.rect);
    let milestones = auto.milestones();
    if !milestones.is_empty() {
        let sc = auto.game.scenario();
        let now = auto.game.state().turn;
        let width = super::hud::side_panel_width(ctx.content_rect().width(), 260.0);
        let left = egui::Panel::left("milestones")
            .frame(super::hud::docked_frame(ctx))
            .default_size(width)
            .resizable(true)
            .show(&mut ui, |ui| {
                ui.heading("Milestones");
                // Two lines a milestone, so that the panel keeps its width as dates fill in.
                for (m, got) in &milestones {
                    ui.label(egui::RichText::new(&m.title).size(12.5));
                    let here = match got {
                        Some(t) => {
                            let d = i64::from(*t) - i64::from(m.turn);
                            let colour = if d.abs() <= 1 {
                                egui::Color32::LIGHT_GREEN
                            } else {
                                egui::Color32::YELLOW
                            };
                            egui::RichText::new(format!(
                                "{} ({d:+})",
                                chronicle::turn_label(sc, *t)
                            ))
                            .color(colour)
                        }
                        None if now > m.turn + 1 || auto.finished() => {
                            egui::RichText::new("not yet / did not happen").weak()
                        }
                        None => egui::RichText::new("…").weak(),
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(egui::RichText::new("history").weak().size(11.5));
                        ui.label(chronicle::turn_label(sc, m.turn));
                        ui.label(egui::RichText::new("· here").weak().size(11.5));
                        ui.label(here);
                    });
                    ui.add_space(3.0);
                }
                let c = auto.game.state().civilians;
                ui.separator();
                ui.label(format!(
                    "Civilians out by road {} · by air {} · on the roads {} · killed or wounded {}",
                    grouped(c.evacuated_road),
                    grouped(c.evacuated_air),
                    grouped(auto.game.state().moving_civilians()),
                    grouped(c.casualties),
                ));
            });
        rects.push_panel(Edge::Left, left.response.rect);
    }
}
