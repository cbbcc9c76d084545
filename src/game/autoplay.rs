//! The historical course (or a saved replay) played by the rules engine, with play, pause,
//! step, speed and jump to turn. The outcome comes from the rules: the history file only
//! gives each side's orders.

use super::Screen;
use super::session::RulesEvents;
use super::settings::Settings;
use bevy::prelude::*;
use kalbajar_core::history::{self, History};
use kalbajar_core::replay::Replay;
use kalbajar_core::rules::Game;
use kalbajar_core::rules::command::Command;
use kalbajar_core::scenario::Scenario;
use std::sync::Arc;

/// Where the autoplay's commands come from.
#[derive(Debug, Clone)]
pub enum Script {
    /// The history file's orders, turned into commands as the game runs.
    History(History),
    /// A recorded game's commands, in order.
    Replay(Replay),
}

/// The game being watched.
#[derive(Resource)]
pub struct Autoplay {
    pub game: Game,
    pub script: Script,
    seed: u64,
    /// Commands given so far (the replay's position).
    given: usize,
    pub playing: bool,
    /// Stop when this turn begins (a jump).
    pub target_turn: Option<u32>,
    /// Commands per second while playing.
    pub rate: f32,
    pub generation: u64,
    /// Why the replay stopped early, if it did.
    pub stopped: Option<String>,
}

impl Autoplay {
    #[must_use]
    pub fn new(scenario: Arc<Scenario>, script: Script, seed: u64) -> Self {
        let (seed, fog) = match &script {
            Script::History(_) => (seed, false),
            Script::Replay(r) => (r.seed, r.fog),
        };
        Self {
            game: Game::new(scenario, seed, fog),
            script,
            seed,
            given: 0,
            playing: false,
            target_turn: None,
            rate: 12.0,
            generation: 0,
            stopped: None,
        }
    }

    /// Whether there is nothing more to play.
    #[must_use]
    pub fn finished(&self) -> bool {
        self.game.is_over()
            || self.stopped.is_some()
            || matches!(&self.script, Script::Replay(r) if self.given >= r.commands.len())
    }

    fn next_command(&self) -> Option<Command> {
        match &self.script {
            Script::History(h) => Some(history::next_command(&self.game, h)),
            Script::Replay(r) => r.commands.get(self.given).cloned(),
        }
    }

    /// Gives one command; returns its events.
    pub fn step(&mut self) -> Vec<kalbajar_core::rules::event::Event> {
        if self.finished() {
            return Vec::new();
        }
        let Some(command) = self.next_command() else {
            return Vec::new();
        };
        match self.game.execute(command) {
            Ok(events) => {
                self.given += 1;
                self.generation += 1;
                events
            }
            Err(e) => {
                self.stopped = Some(format!(
                    "the recorded command {} is refused now: {e}",
                    self.given + 1
                ));
                Vec::new()
            }
        }
    }

    /// Plays on until `turn` begins or the game ends; starts again from the beginning if
    /// `turn` is already past.
    pub fn jump_to(&mut self, turn: u32) {
        if turn < self.game.state().turn {
            let fresh = Self::new(self.game.scenario_arc(), self.script.clone(), self.seed);
            let rate = self.rate;
            *self = fresh;
            self.rate = rate;
        }
        while !self.finished() && self.game.state().turn < turn {
            self.step();
        }
        self.generation += 1;
        self.playing = false;
    }

    /// The history's milestones with the turn each was reached in this run, if it was.
    #[must_use]
    pub fn milestones(&self) -> Vec<(&history::Milestone, Option<u32>)> {
        match &self.script {
            Script::History(h) => h
                .milestones
                .iter()
                .zip(history::milestone_turns(&self.game, h))
                .collect(),
            Script::Replay(_) => Vec::new(),
        }
    }

    /// The historical note for a turn, per side, if the history has one.
    #[must_use]
    pub fn notes(&self, turn: u32) -> Vec<String> {
        match &self.script {
            Script::History(h) => h
                .orders
                .iter()
                .filter(|o| o.turn == turn)
                .filter_map(|o| o.note.clone())
                .collect(),
            Script::Replay(_) => Vec::new(),
        }
    }
}

/// Start watching: the history of the shipped scenario, or a replay.
#[derive(Message, Debug, Clone)]
pub struct StartAutoplay(pub Script);

/// Plays the autoplay.
pub struct AutoplayPlugin;

impl Plugin for AutoplayPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<StartAutoplay>()
            .add_systems(Update, start_autoplay)
            .add_systems(
                Update,
                play_autoplay
                    .run_if(in_state(Screen::Autoplay).and_then(resource_exists::<Autoplay>)),
            );
    }
}

fn start_autoplay(
    mut starts: MessageReader<StartAutoplay>,
    catalog: Option<Res<super::setup::Catalog>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut notices: MessageWriter<super::session::Notice>,
) {
    let Some(catalog) = catalog else {
        return;
    };
    for StartAutoplay(script) in starts.read() {
        let scenario = match script {
            Script::History(_) => Ok(Arc::clone(&catalog.base)),
            Script::Replay(r) => catalog.scenario_with(&r.variants).and_then(|s| {
                if s.content_hash == r.scenario_hash {
                    Ok(s)
                } else {
                    Err(format!(
                        "this replay was recorded on another version of the scenario \
                         (its hash {:016x}, this one {:016x}); it cannot be shown",
                        r.scenario_hash, s.content_hash
                    ))
                }
            }),
        };
        match scenario {
            Ok(s) => {
                commands.insert_resource(Autoplay::new(s, script.clone(), 1));
                next.set(Screen::Autoplay);
            }
            Err(e) => {
                notices.write(super::session::Notice(e));
            }
        }
    }
}

/// Gives commands at the chosen rate while playing (and waits while counters move).
fn play_autoplay(
    mut auto: ResMut<Autoplay>,
    time: Res<Time>,
    settings: Res<Settings>,
    animating: Res<super::session::Animating>,
    mut budget: Local<f32>,
    mut out: MessageWriter<RulesEvents>,
) {
    if !auto.playing || auto.finished() {
        *budget = 0.0;
        if auto.finished() {
            auto.playing = false;
        }
        return;
    }
    if animating.any() && settings.speed != super::settings::AnimationSpeed::Instant {
        return;
    }
    *budget += time.delta_secs() * auto.rate;
    // At least one command per frame while playing, so that a slow frame never stalls it.
    let mut n = budget.floor().max(1.0);
    *budget -= n;
    *budget = budget.max(0.0);
    while n > 0.0 && !auto.finished() {
        let before = auto.game.state().turn;
        let events = auto.step();
        let moved = events
            .iter()
            .any(|e| matches!(e, kalbajar_core::rules::event::Event::UnitMoved { .. }));
        if !events.is_empty() {
            out.write(RulesEvents(events));
        }
        if auto
            .target_turn
            .is_some_and(|t| auto.game.state().turn >= t)
        {
            auto.target_turn = None;
            auto.playing = false;
            break;
        }
        if moved || auto.game.state().turn != before {
            break;
        }
        n -= 1.0;
    }
}
