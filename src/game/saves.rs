//! Saving and loading games in the user's data directory. A save is the core's saved game
//! (its replay and the state hash it must reach), written atomically; loading re-runs the
//! replay and checks the hash, so a damaged or foreign file is refused with its reason and
//! never overwritten.

use super::Screen;
use super::session::{Controller, Notice, Session};
use super::setup::{Catalog, SetupChoice};
use bevy::prelude::*;
use kalbajar_core::replay::{self, Recording, SaveGame, read_recording, write_save};
use std::path::{Path, PathBuf};

/// The file F5 writes and F9 reads.
pub const QUICKSAVE: &str = "quicksave.ron";

/// The directory saves live in: `$XDG_DATA_HOME/kalbajar/saves` or the platform's
/// equivalent (the current directory's `saves/` if the platform has none).
#[must_use]
pub fn saves_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KALBAJAR_SAVES") {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map_or_else(
        || PathBuf::from("saves"),
        |d| d.join("kalbajar").join("saves"),
    )
}

/// Save the game in progress under this file name (in [`saves_dir`]).
#[derive(Message, Debug, Clone)]
pub struct SaveRequest(pub String);

/// Load this file.
#[derive(Message, Debug, Clone)]
pub struct LoadRequest(pub PathBuf);

/// A saved game found in the saves directory, for the load menu.
#[derive(Debug, Clone)]
pub struct SaveEntry {
    pub path: PathBuf,
    /// "30 Mar, day (turn 7)", or why the file cannot be read.
    pub label: String,
    pub readable: bool,
}

/// The saved games in a directory, newest first.
#[must_use]
pub fn list_saves(dir: &Path) -> Vec<SaveEntry> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| {
            let t = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (t, p)
        })
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files
        .into_iter()
        .map(|(_, path)| match read_recording(&path) {
            Ok(Recording::Save(s)) => SaveEntry {
                label: format!("{} (turn {})", s.label, s.turn),
                path,
                readable: true,
            },
            Ok(Recording::Replay(_)) => SaveEntry {
                label: "a replay, not a saved game".into(),
                path,
                readable: false,
            },
            Err(e) => SaveEntry {
                label: e.to_string(),
                path,
                readable: false,
            },
        })
        .collect()
}

/// Writes the session to `path`.
///
/// # Errors
/// The directory or the file cannot be written.
pub fn save_session(session: &Session, path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut save: SaveGame = session.recorder.save_game();
    save.players = session.controllers.iter().map(Controller::label).collect();
    write_save(path, &save).map_err(|e| e.to_string())
}

/// Reads and checks a saved game and makes the session that continues it.
///
/// # Errors
/// Why the file cannot be loaded, naming it.
pub fn load_session(catalog: &Catalog, path: &Path) -> Result<(Session, SetupChoice), String> {
    let save = match read_recording(path).map_err(|e| e.to_string())? {
        Recording::Save(s) => s,
        Recording::Replay(_) => {
            return Err(format!(
                "{}: this is a replay, not a saved game; open it from the title screen's \
                 replay viewer",
                path.display()
            ));
        }
    };
    let scenario = catalog
        .scenario_with(&save.replay.variants)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let recorder = replay::load(path, scenario).map_err(|e| e.to_string())?;
    let default = SetupChoice::default();
    let controllers: [Controller; 2] = [0, 1].map(|i| {
        save.players
            .get(i)
            .and_then(|l| Controller::from_label(l))
            .unwrap_or_else(|| default.controllers[i].clone())
    });
    let choice = SetupChoice {
        variants: save.replay.variants.clone(),
        controllers: controllers.clone(),
        seed: save.replay.seed,
        fog: save.replay.fog,
    };
    Ok((
        Session::resume(recorder, save.replay.variants, controllers),
        choice,
    ))
}

/// Saves and loads.
pub struct SavesPlugin;

impl Plugin for SavesPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<SaveRequest>()
            .add_message::<LoadRequest>()
            .add_systems(Update, (quick_save_keys, save_games, load_games).chain());
    }
}

/// F5 saves, F9 loads the quick save.
fn quick_save_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    screen: Res<State<Screen>>,
    mut saves: MessageWriter<SaveRequest>,
    mut loads: MessageWriter<LoadRequest>,
) {
    let Some(keys) = keys else {
        return;
    };
    if keys.just_pressed(KeyCode::F5) && *screen.get() == Screen::Battle {
        saves.write(SaveRequest(QUICKSAVE.into()));
    }
    if keys.just_pressed(KeyCode::F9) {
        loads.write(LoadRequest(saves_dir().join(QUICKSAVE)));
    }
}

fn save_games(
    mut requests: MessageReader<SaveRequest>,
    session: Option<Res<Session>>,
    mut notices: MessageWriter<Notice>,
) {
    for SaveRequest(name) in requests.read() {
        let Some(session) = session.as_ref() else {
            notices.write(Notice("there is no game to save".into()));
            continue;
        };
        let path = saves_dir().join(name);
        match save_session(session, &path) {
            Ok(()) => notices.write(Notice(format!("saved to {}", path.display()))),
            Err(e) => notices.write(Notice(format!("not saved: {e}"))),
        };
    }
}

fn load_games(
    mut requests: MessageReader<LoadRequest>,
    catalog: Option<Res<Catalog>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut notices: MessageWriter<Notice>,
) {
    let Some(catalog) = catalog else {
        return;
    };
    for LoadRequest(path) in requests.read() {
        if !path.is_file() {
            notices.write(Notice(format!(
                "{}: there is no saved game here yet (F5 saves one during a game)",
                path.display()
            )));
            continue;
        }
        match load_session(&catalog, path) {
            Ok((session, choice)) => {
                let label = session.game().state().turn;
                commands.insert_resource(session);
                commands.insert_resource(choice);
                next.set(Screen::Battle);
                notices.write(Notice(format!("loaded {} (turn {label})", path.display())));
            }
            Err(e) => {
                notices.write(Notice(format!("not loaded: {e}")));
            }
        }
    }
}
