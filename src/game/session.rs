//! The game in progress: the rules core's recorder, who controls each side, and the messages
//! that change it.
//!
//! Every change goes through [`GameCommand`]: the core checks it (a refusal comes back as a
//! [`Notice`] with the core's reason) and executes it into events, which are passed on as
//! [`RulesEvents`] for the view to animate. The AI sides send the same messages.

use super::Screen;
use super::settings::Settings;
use bevy::prelude::*;
use kalbajar_core::ai::{AiLevels, Planner};
use kalbajar_core::geography::Side;
use kalbajar_core::replay::Recorder;
use kalbajar_core::rules::command::Command;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::state::{enemy, side_index};
use kalbajar_core::rules::{Game, policy};
use kalbajar_core::scenario::Scenario;
use std::sync::Arc;

/// Who gives the orders of a side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Controller {
    Human,
    /// The computer, at a difficulty level.
    Ai {
        level: String,
    },
}

impl Controller {
    #[must_use]
    pub fn is_human(&self) -> bool {
        matches!(self, Controller::Human)
    }

    /// How the setup screen and the save file name it.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Controller::Human => "human".into(),
            Controller::Ai { level } => format!("ai:{level}"),
        }
    }

    /// The controller of a label written by [`Controller::label`].
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        match label {
            "human" => Some(Controller::Human),
            _ => label.strip_prefix("ai:").map(|level| Controller::Ai {
                level: level.to_string(),
            }),
        }
    }
}

/// The game being played.
#[derive(Resource)]
pub struct Session {
    pub recorder: Recorder,
    pub controllers: [Controller; 2],
    pub variants: Vec<String>,
    /// Commands after which undo may not go back: combat, fire, a phase's end, or a move
    /// that revealed enemy units under fog of war.
    barrier: usize,
    /// Bumped on every change, so views redraw only when something happened.
    pub generation: u64,
    /// The AI players of the AI sides, made on their first move.
    planners: [Option<Planner>; 2],
}

impl Session {
    #[must_use]
    pub fn new(
        scenario: Arc<Scenario>,
        seed: u64,
        fog: bool,
        variants: Vec<String>,
        controllers: [Controller; 2],
    ) -> Self {
        let recorder = Recorder::new(scenario, seed, fog).with_variants(variants.clone());
        Self::resume(recorder, variants, controllers)
    }

    /// Continues a game from a recorder (a loaded save).
    #[must_use]
    pub fn resume(recorder: Recorder, variants: Vec<String>, controllers: [Controller; 2]) -> Self {
        let barrier = recorder.commands().len();
        Self {
            recorder,
            controllers,
            variants,
            barrier,
            generation: 0,
            planners: [None, None],
        }
    }

    #[must_use]
    pub fn game(&self) -> &Game {
        self.recorder.game()
    }

    #[must_use]
    pub fn controller(&self, side: Side) -> &Controller {
        &self.controllers[side_index(side)]
    }

    /// The side whose eyes the map shows under fog of war: the side to move if a human plays
    /// it, else the human side, else (AI against AI) the side to move.
    #[must_use]
    pub fn viewer(&self) -> Side {
        let active = self.game().state().active;
        if self.controller(active).is_human() || !self.controller(enemy(active)).is_human() {
            active
        } else {
            enemy(active)
        }
    }

    /// Whether a human gives the orders now.
    #[must_use]
    pub fn human_to_move(&self) -> bool {
        !self.game().is_over() && self.controller(self.game().state().active).is_human()
    }

    /// Executes a command; returns its events or the core's reason for refusing it.
    ///
    /// # Errors
    /// The rules' refusal, in words for the player.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>, String> {
        let events = self.recorder.execute(command).map_err(|e| e.to_string())?;
        self.generation += 1;
        let irreversible = events.iter().any(|e| {
            matches!(
                e,
                Event::Attacked { .. }
                    | Event::Bombarded { .. }
                    | Event::Sighted { .. }
                    | Event::PhaseBegan { .. }
                    | Event::TurnBegan { .. }
                    | Event::ScenarioEvent { .. }
                    | Event::Airlifted { .. }
            )
        });
        if irreversible {
            self.barrier = self.recorder.commands().len();
        }
        Ok(events)
    }

    /// The AI's next command for the side to move, at its level in `levels` (the scenario's
    /// `ai.ron`; its default level if the level is unknown). Without levels, or for a human
    /// side, the built-in policy answers. Every command passes the rules' check.
    pub fn ai_command(&mut self, levels: Option<&AiLevels>) -> Command {
        let side = self.game().state().active;
        let i = side_index(side);
        if let (None, Controller::Ai { level }, Some(levels)) =
            (&self.planners[i], &self.controllers[i], levels)
        {
            let profile = levels.get(level).unwrap_or_else(|| levels.default_level());
            self.planners[i] = Some(Planner::new(profile.clone()));
        }
        match &mut self.planners[i] {
            Some(p) => p.next_command(self.recorder.game()),
            None => policy::next_command(self.recorder.game()),
        }
    }

    /// How many commands undo can take back.
    #[must_use]
    pub fn undoable(&self) -> usize {
        self.recorder.commands().len() - self.barrier
    }

    /// Takes back the last command, if it is after the last combat or revelation: the game is
    /// re-run from the start without it, so the dice are exactly as they were.
    pub fn undo(&mut self) -> bool {
        if self.undoable() == 0 {
            return false;
        }
        let replay = self.recorder.replay();
        let keep = replay.commands.len() - 1;
        let mut rec = Recorder::new(self.game().scenario_arc(), replay.seed, replay.fog)
            .with_variants(self.variants.clone());
        for c in replay.commands.into_iter().take(keep) {
            if rec.execute(c).is_err() {
                return false;
            }
        }
        self.recorder = rec;
        self.generation += 1;
        true
    }
}

/// A command from a player (the input systems) or the AI.
#[derive(Message, Debug, Clone)]
pub struct GameCommand(pub Command);

/// Take back the last move.
#[derive(Message, Debug, Clone, Copy)]
pub struct UndoMove;

/// The events a command produced, for the view to animate.
#[derive(Message, Debug, Clone)]
pub struct RulesEvents(pub Vec<Event>);

/// A short message for the player (a refused command, a saved game).
#[derive(Message, Debug, Clone)]
pub struct Notice(pub String);

/// Set while the view animates: the AI and the autoplay wait for it.
#[derive(Resource, Debug, Default)]
pub struct Animating {
    /// Counters are moving.
    pub glides: bool,
    /// Combat or fire is being shown.
    pub effects: bool,
}

impl Animating {
    /// Whether anything is still being shown.
    #[must_use]
    pub fn any(&self) -> bool {
        self.glides || self.effects
    }
}

/// Seconds until the AI gives its next command.
#[derive(Resource, Debug, Default)]
struct AiClock(f32);

/// Runs the game session.
pub struct SessionPlugin;

impl Plugin for SessionPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<GameCommand>()
            .add_message::<UndoMove>()
            .add_message::<RulesEvents>()
            .add_message::<Notice>()
            .init_resource::<Animating>()
            .init_resource::<AiClock>()
            .add_systems(
                Update,
                (
                    execute_commands,
                    undo_moves,
                    give_ai_commands,
                    show_debrief_at_end,
                    hand_over_between_humans,
                )
                    .chain()
                    .run_if(in_state(Screen::Battle).and_then(resource_exists::<Session>)),
            );
    }
}

/// Executes the commands sent this frame, in order.
fn execute_commands(
    mut commands: MessageReader<GameCommand>,
    mut session: ResMut<Session>,
    mut events: MessageWriter<RulesEvents>,
    mut notices: MessageWriter<Notice>,
) {
    for GameCommand(command) in commands.read() {
        match session.execute(command.clone()) {
            Ok(done) => {
                events.write(RulesEvents(done));
            }
            Err(reason) => {
                notices.write(Notice(reason));
            }
        }
    }
}

fn undo_moves(
    mut undo: MessageReader<UndoMove>,
    mut session: ResMut<Session>,
    mut notices: MessageWriter<Notice>,
) {
    for _ in undo.read() {
        if !session.undo() {
            notices.write(Notice(
                "nothing to undo since the last combat, fire or sighting".into(),
            ));
        }
    }
}

/// The AI plays its sides, one command at a time, paced by the animation speed so that a
/// player can follow; instantly when the speed is zero.
fn give_ai_commands(
    mut session: ResMut<Session>,
    catalog: Option<Res<super::setup::Catalog>>,
    settings: Res<Settings>,
    animating: Res<Animating>,
    time: Res<Time>,
    mut clock: ResMut<AiClock>,
    mut out: MessageWriter<GameCommand>,
) {
    if session.game().is_over() || session.human_to_move() || animating.any() {
        return;
    }
    clock.0 -= time.delta_secs();
    if clock.0 > 0.0 {
        return;
    }
    let levels = catalog.as_ref().and_then(|c| c.ai_levels.as_ref());
    let command = session.ai_command(levels);
    clock.0 = match command {
        Command::EndPhase => 0.0,
        _ => settings.ai_pause(),
    };
    out.write(GameCommand(command));
}

fn show_debrief_at_end(session: Res<Session>, mut next: ResMut<NextState<Screen>>) {
    if session.is_changed() && session.game().is_over() {
        next.set(Screen::Debrief);
    }
}

/// In a hot-seat game the map is hidden when the other human takes over.
fn hand_over_between_humans(
    session: Res<Session>,
    mut last: Local<Option<Side>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let active = session.game().state().active;
    let both_human = session.controllers.iter().all(Controller::is_human);
    if both_human && last.is_some_and(|s| s != active) && !session.game().is_over() {
        next.set(Screen::Handover);
    }
    *last = Some(active);
}
