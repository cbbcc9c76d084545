//! Replays and saved games.
//!
//! A [`Replay`] is what is needed to play a game again through the real engine: the scenario
//! it was played on (id and [`content_hash`](crate::scenario::content_hash)), the variants, the
//! seed, fog of war, and every command given, in order. It also carries check hashes: the
//! [`state_hash`](crate::rules::state_hash) at the start of every turn and at the end, so that
//! [`verify`] can say where a re-run departs from the record.
//!
//! **Turn hashes.** `turn_hashes` holds `(turn, hash)` for every turn the game reached, in
//! order from turn 1. The hash of turn 1 is that of the state [`Game::new`] returns; the hash
//! of turn N > 1 is that of the state right after the command that began turn N (always an
//! end of phase), which is the moment the first side may give its first command of turn N:
//! weather rolled, reinforcements entered, supply traced.
//!
//! A [`Recorder`] executes commands on a [`Game`] and records them; [`save`] writes a
//! [`SaveGame`] (a replay plus the turn and the hash of the state when saved) and [`load`]
//! re-runs it and checks that it ends in the saved state. Files are RON, written atomically
//! and read with errors that give the file, line and column.
//!
//! ```
//! use kalbajar_core::replay::{Recorder, verify};
//! use kalbajar_core::rules::Command;
//! use kalbajar_core::scenario::Scenario;
//! use std::sync::Arc;
//! # let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
//! let scenario = Arc::new(Scenario::load(&dir).expect("the shipped scenario loads"));
//! let mut rec = Recorder::new(Arc::clone(&scenario), 7, false);
//! for _ in 0..4 {
//!     rec.execute(Command::EndPhase).expect("a phase can always end");
//! }
//! let replay = rec.replay();
//! assert_eq!(replay.turn_hashes.len(), 2);
//! let verified = verify(&replay, scenario).expect("the engine replays its own record");
//! assert_eq!(verified.final_hash, rec.game().state_hash());
//! ```

use crate::load::{LoadError, parse_ron, read_text, to_ron, write_atomic};
use crate::rules::chronicle::turn_label;
use crate::rules::{Command, CommandError, Event, Game, policy};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The replay and saved-game format this version writes and reads.
pub const FORMAT: u32 = 1;

/// A game as its commands, with the hashes that check a re-run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    /// Format version ([`FORMAT`] when written by this version).
    pub format: u32,
    /// `id` of the scenario file.
    pub scenario_id: String,
    /// [`Scenario::content_hash`] of the scenario played (after its variants).
    pub scenario_hash: u64,
    /// Names of the variants applied to the scenario, in order.
    #[serde(default)]
    pub variants: Vec<String>,
    pub seed: u64,
    pub fog: bool,
    /// Every command executed, in order (refused ones are not recorded).
    pub commands: Vec<Command>,
    /// `(turn, state hash)` at the start of each turn reached, from turn 1 (see the module
    /// documentation for the exact moment).
    pub turn_hashes: Vec<(u32, u64)>,
    /// State hash after the last command.
    pub final_hash: u64,
}

impl Replay {
    /// Reads a replay file.
    ///
    /// # Errors
    /// The file cannot be read, is not text or not a replay (with file, line and column), or
    /// is of a format this version does not read.
    pub fn read(path: &Path) -> Result<Self, ReplayError> {
        match read_recording(path)? {
            Recording::Replay(r) => Ok(r),
            Recording::Save(_) => Err(ReplayError::in_file(
                path,
                ReplayError::Corrupt(
                    "this is a saved game, not a replay: load it as a saved game".into(),
                ),
            )),
        }
    }

    /// Writes the replay as RON (one command per line), atomically.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn write(&self, path: &Path) -> Result<(), ReplayError> {
        let text = to_ron(self, 2).expect("a replay always serialises");
        write_atomic(path, text.as_bytes()).map_err(ReplayError::Load)
    }
}

/// A saved game: the replay that leads to it, and the state it must lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveGame {
    /// Format version ([`FORMAT`] when written by this version).
    pub format: u32,
    /// The turn when saved.
    pub turn: u32,
    /// That turn as the chronicle dates it ("30 Mar, day"), for a list of saved games.
    pub label: String,
    /// State hash when saved: re-running the replay must end here.
    pub state_hash: u64,
    pub replay: Replay,
    /// Who played each side ("human", "ai:normal"), for the game to continue as it was;
    /// the rules do not use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub players: Vec<String>,
}

/// A game being played and its record: executes commands and records the legal ones.
#[derive(Debug, Clone)]
pub struct Recorder {
    game: Game,
    replay: Replay,
}

impl Recorder {
    /// The seed the game was started with.
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.replay.seed
    }

    /// Starts a game as [`Game::new`] does and records it.
    #[must_use]
    pub fn new(scenario: Arc<Scenario>, seed: u64, fog: bool) -> Self {
        let replay = Replay {
            format: FORMAT,
            scenario_id: scenario.file.id.clone(),
            scenario_hash: scenario.content_hash,
            variants: Vec::new(),
            seed,
            fog,
            commands: Vec::new(),
            turn_hashes: Vec::new(),
            final_hash: 0,
        };
        let game = Game::new(scenario, seed, fog);
        let mut rec = Self { game, replay };
        let hash = rec.game.state_hash();
        rec.replay.turn_hashes.push((rec.game.state().turn, hash));
        rec.replay.final_hash = hash;
        rec
    }

    /// Names the variants the scenario was built with (for the record; the scenario's content
    /// hash already covers what they changed).
    #[must_use]
    pub fn with_variants(mut self, variants: Vec<String>) -> Self {
        self.replay.variants = variants;
        self
    }

    /// Executes a command as [`Game::execute`] does and records it if it was allowed.
    ///
    /// # Errors
    /// The reason the command is not allowed; nothing is recorded then.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        let before = self.game.state().turn;
        let events = self.game.execute(command.clone())?;
        self.replay.commands.push(command);
        let turn = self.game.state().turn;
        if turn != before {
            self.replay.turn_hashes.push((turn, self.game.state_hash()));
        }
        Ok(events)
    }

    /// Plays on with the built-in policy on both sides until the game ends or
    /// `max_commands` more are given; returns how many were given.
    pub fn play_out(&mut self, max_commands: usize) -> usize {
        self.play_out_with(max_commands, &mut policy::next_command)
    }

    /// Plays on with `next` choosing every command (it sees the game and must give checked
    /// commands) until the game ends or `max_commands` more are given; returns how many were
    /// given.
    ///
    /// # Panics
    /// If `next` gives a command the rules refuse.
    pub fn play_out_with(
        &mut self,
        max_commands: usize,
        next: &mut dyn FnMut(&Game) -> Command,
    ) -> usize {
        let mut n = 0;
        while !self.game.is_over() && n < max_commands {
            let c = next(&self.game);
            self.execute(c)
                .expect("the policy only gives checked commands");
            n += 1;
        }
        n
    }

    /// The game so far.
    #[must_use]
    pub fn game(&self) -> &Game {
        &self.game
    }

    /// The commands recorded so far. Cheap, unlike [`Recorder::replay`], which hashes the
    /// whole state: the game's panels ask every frame how many there are.
    #[must_use]
    pub fn commands(&self) -> &[Command] {
        &self.replay.commands
    }

    /// The record so far, its final hash that of the current state.
    #[must_use]
    pub fn replay(&self) -> Replay {
        let mut r = self.replay.clone();
        r.final_hash = self.game.state_hash();
        r
    }

    /// The game and its record.
    #[must_use]
    pub fn into_parts(self) -> (Game, Replay) {
        let replay = self.replay();
        (self.game, replay)
    }

    /// The saved game for the current state.
    #[must_use]
    pub fn save_game(&self) -> SaveGame {
        let turn = self.game.state().turn;
        SaveGame {
            format: FORMAT,
            turn,
            label: turn_label(self.game.scenario(), turn),
            state_hash: self.game.state_hash(),
            replay: self.replay(),
            players: Vec::new(),
        }
    }
}

/// A replay that re-ran to the end as recorded.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The game after the last command.
    pub game: Game,
    /// Commands re-run.
    pub commands: usize,
    /// Turns reached (turn hashes checked).
    pub turns: usize,
    /// State hash after the last command.
    pub final_hash: u64,
}

/// Why a replay or saved game cannot be used, or where its re-run departs from the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// The file could not be read, written or parsed.
    Load(LoadError),
    /// An error about a file's content, naming the file.
    InFile {
        file: PathBuf,
        error: Box<ReplayError>,
    },
    /// Written in a format this version does not read.
    UnknownFormat {
        what: &'static str,
        found: u32,
        supported: u32,
    },
    /// Recorded on another scenario, or on other versions of its files.
    OtherScenario {
        recorded_id: String,
        recorded_hash: u64,
        variants: Vec<String>,
        loaded_id: String,
        loaded_hash: u64,
    },
    /// The record contradicts itself.
    Corrupt(String),
    /// A recorded command is refused by the engine now.
    Refused {
        /// Index of the command in the replay (0-based).
        index: usize,
        turn: u32,
        label: String,
        command: Box<Command>,
        error: Box<CommandError>,
    },
    /// The state at the start of a turn is not the one recorded.
    Diverged {
        turn: u32,
        label: String,
        /// Index of the command that began the turn; `None` for turn 1 (the start).
        command: Option<usize>,
        /// Index of the first command of the turn before, where the difference arose.
        since: usize,
        expected: u64,
        got: u64,
    },
    /// The re-run reached a turn the replay has no hash for.
    Unrecorded {
        turn: u32,
        label: String,
        command: usize,
    },
    /// The replay has a hash for a turn the re-run never reached.
    NotReached { turn: u32, last: u32 },
    /// The state after the last command is not the one recorded.
    FinalDiverged {
        turn: u32,
        label: String,
        expected: u64,
        got: u64,
    },
}

impl ReplayError {
    fn in_file(path: &Path, error: ReplayError) -> Self {
        ReplayError::InFile {
            file: path.to_path_buf(),
            error: Box::new(error),
        }
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Load(e) => write!(f, "{e}"),
            ReplayError::InFile { file, error } => write!(f, "{}: {error}", file.display()),
            ReplayError::UnknownFormat {
                what,
                found,
                supported,
            } => {
                if found > supported {
                    write!(
                        f,
                        "this {what} is in format {found}, written by a newer version of Kalbajar 1993; this version reads format {supported}: update the game to open it"
                    )
                } else {
                    write!(
                        f,
                        "this {what} is in format {found}, which no version of Kalbajar 1993 wrote; this version reads format {supported}: the file is damaged"
                    )
                }
            }
            ReplayError::OtherScenario {
                recorded_id,
                recorded_hash,
                variants,
                loaded_id,
                loaded_hash,
            } => {
                write!(
                    f,
                    "this replay was recorded with scenario {recorded_id} version {recorded_hash:016x}"
                )?;
                if !variants.is_empty() {
                    write!(f, " with variants {}", variants.join(", "))?;
                }
                write!(
                    f,
                    ", the loaded scenario is {loaded_id} version {loaded_hash:016x}: load the matching scenario files"
                )?;
                if !variants.is_empty() {
                    write!(f, " and apply the same variants")?;
                }
                Ok(())
            }
            ReplayError::Corrupt(what) => write!(f, "{what}"),
            ReplayError::Refused {
                index,
                turn,
                label,
                command,
                error,
            } => write!(
                f,
                "turn {turn} ({label}): command {index} ({command:?}) is refused: {error}; the replay does not fit this version of the rules"
            ),
            ReplayError::Diverged {
                turn,
                label,
                command,
                since,
                expected,
                got,
            } => match command {
                None => write!(
                    f,
                    "turn {turn} ({label}): expected hash {expected:016x}, got {got:016x} at the start of the game: the rules or the scenario differ from those recorded"
                ),
                Some(i) => write!(
                    f,
                    "turn {turn} ({label}): expected hash {expected:016x}, got {got:016x} (the game went differently between commands {since} and {i})"
                ),
            },
            ReplayError::Unrecorded {
                turn,
                label,
                command,
            } => write!(
                f,
                "turn {turn} ({label}) began at command {command}, but the replay has no hash for it: the replay is damaged"
            ),
            ReplayError::NotReached { turn, last } => write!(
                f,
                "the replay has a hash for turn {turn}, but its commands end in turn {last}: the replay is damaged"
            ),
            ReplayError::FinalDiverged {
                turn,
                label,
                expected,
                got,
            } => write!(
                f,
                "turn {turn} ({label}), after the last command: expected hash {expected:016x}, got {got:016x}"
            ),
        }
    }
}

impl std::error::Error for ReplayError {}

/// Re-runs a replay through the engine from [`Game::new`] and checks every turn hash and the
/// final hash.
///
/// # Errors
/// The replay is of an unknown format or another scenario, a command is refused, or the
/// first turn (or the end) whose state differs from the record.
pub fn verify(replay: &Replay, scenario: Arc<Scenario>) -> Result<Verified, ReplayError> {
    if replay.format != FORMAT {
        return Err(ReplayError::UnknownFormat {
            what: "replay",
            found: replay.format,
            supported: FORMAT,
        });
    }
    if replay.scenario_id != scenario.file.id || replay.scenario_hash != scenario.content_hash {
        return Err(ReplayError::OtherScenario {
            recorded_id: replay.scenario_id.clone(),
            recorded_hash: replay.scenario_hash,
            variants: replay.variants.clone(),
            loaded_id: scenario.file.id.clone(),
            loaded_hash: scenario.content_hash,
        });
    }
    for (i, (turn, _)) in replay.turn_hashes.iter().enumerate() {
        if usize::try_from(*turn).ok() != Some(i + 1) {
            return Err(ReplayError::Corrupt(format!(
                "turn hash {} is for turn {turn}, but turn hashes run from turn 1 one turn at a time: the replay is damaged",
                i + 1
            )));
        }
    }
    let mut game = Game::new(scenario, replay.seed, replay.fog);
    let check_turn = |game: &Game, command: Option<usize>, since: usize| {
        let turn = game.state().turn;
        let label = turn_label(game.scenario(), turn);
        let got = game.state_hash();
        let Some(&(_, expected)) = usize::try_from(turn)
            .ok()
            .and_then(|t| t.checked_sub(1))
            .and_then(|i| replay.turn_hashes.get(i))
        else {
            return Err(ReplayError::Unrecorded {
                turn,
                label,
                command: command.unwrap_or(0),
            });
        };
        if expected == got {
            Ok(())
        } else {
            Err(ReplayError::Diverged {
                turn,
                label,
                command,
                since,
                expected,
                got,
            })
        }
    };
    check_turn(&game, None, 0)?;
    let mut turns = 1;
    let mut turn_began_at = 0;
    for (index, command) in replay.commands.iter().enumerate() {
        let before = game.state().turn;
        if let Err(error) = game.execute(command.clone()) {
            return Err(ReplayError::Refused {
                index,
                turn: before,
                label: turn_label(game.scenario(), before),
                command: Box::new(command.clone()),
                error: Box::new(error),
            });
        }
        if game.state().turn != before {
            check_turn(&game, Some(index), turn_began_at)?;
            turns += 1;
            turn_began_at = index + 1;
        }
    }
    let last = game.state().turn;
    if let Some(&(turn, _)) = replay.turn_hashes.get(turns) {
        return Err(ReplayError::NotReached { turn, last });
    }
    let final_hash = game.state_hash();
    if final_hash != replay.final_hash {
        return Err(ReplayError::FinalDiverged {
            turn: last,
            label: turn_label(game.scenario(), last),
            expected: replay.final_hash,
            got: final_hash,
        });
    }
    Ok(Verified {
        game,
        commands: replay.commands.len(),
        turns,
        final_hash,
    })
}

/// What a recording file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    Replay(Replay),
    Save(SaveGame),
}

impl Recording {
    /// The replay, whether the file is a replay or a saved game.
    #[must_use]
    pub fn replay(&self) -> &Replay {
        match self {
            Recording::Replay(r) => r,
            Recording::Save(s) => &s.replay,
        }
    }
}

/// Only the format of a replay, read before the rest so that a newer format is named as such
/// rather than reported as a syntax error.
#[derive(Deserialize)]
#[serde(rename = "Replay")]
struct ReplayHeader {
    format: u32,
}

/// Only the format of a saved game.
#[derive(Deserialize)]
#[serde(rename = "SaveGame")]
struct SaveHeader {
    format: u32,
}

/// Reads a replay or a saved game (told apart by the name the file begins with) and checks
/// its format.
///
/// # Errors
/// The file cannot be read, is not text, is not valid RON for a replay or saved game (with
/// file, line and column), or is of a format this version does not read.
pub fn read_recording(path: &Path) -> Result<Recording, ReplayError> {
    let text = read_text(path).map_err(ReplayError::Load)?;
    let is_save = first_word(&text) == "SaveGame";
    let (what, format) = if is_save {
        (
            "saved game",
            parse_ron::<SaveHeader>(path, &text).map(|h| h.format),
        )
    } else {
        (
            "replay",
            parse_ron::<ReplayHeader>(path, &text).map(|h| h.format),
        )
    };
    // A file damaged beyond reading its format is reported by the full parse below, which
    // names the first problem; only a readable, different format is refused here.
    if let Ok(found) = format
        && found != FORMAT
    {
        return Err(ReplayError::in_file(
            path,
            ReplayError::UnknownFormat {
                what,
                found,
                supported: FORMAT,
            },
        ));
    }
    let recording = if is_save {
        Recording::Save(parse_ron(path, &text).map_err(ReplayError::Load)?)
    } else {
        Recording::Replay(parse_ron(path, &text).map_err(ReplayError::Load)?)
    };
    let inner = recording.replay().format;
    if inner != FORMAT {
        return Err(ReplayError::in_file(
            path,
            ReplayError::UnknownFormat {
                what: "replay",
                found: inner,
                supported: FORMAT,
            },
        ));
    }
    Ok(recording)
}

/// The first word of a RON text, after white space and line comments.
fn first_word(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        match rest.strip_prefix("//") {
            Some(comment) => rest = comment.split_once('\n').map_or("", |(_, r)| r),
            None => break,
        }
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Saves a game: its replay and the hash of its state, written atomically (a failure leaves
/// any earlier file whole).
///
/// # Errors
/// The file cannot be written.
pub fn save(path: &Path, recorder: &Recorder) -> Result<(), ReplayError> {
    write_save(path, &recorder.save_game())
}

/// Writes a saved game atomically (a failure leaves any earlier file whole).
///
/// # Errors
/// The file cannot be written.
pub fn write_save(path: &Path, save: &SaveGame) -> Result<(), ReplayError> {
    let text = to_ron(save, 3).expect("a saved game always serialises");
    write_atomic(path, text.as_bytes()).map_err(ReplayError::Load)
}

/// Loads a saved game: reads it, re-runs its replay on `scenario` and checks that it ends in
/// the saved state. The recorder returned continues the game and its record. Nothing is
/// written.
///
/// # Errors
/// The file cannot be read or is not a saved game of a known format; the replay does not
/// re-run as recorded (another scenario, a refused command, a different turn); or it ends
/// elsewhere than the saved state.
pub fn load(path: &Path, scenario: Arc<Scenario>) -> Result<Recorder, ReplayError> {
    let save = match read_recording(path)? {
        Recording::Save(s) => s,
        Recording::Replay(_) => {
            return Err(ReplayError::in_file(
                path,
                ReplayError::Corrupt(
                    "this is a replay, not a saved game: run it with `kalbajar replay`".into(),
                ),
            ));
        }
    };
    let verified = check_save(&save, scenario).map_err(|e| ReplayError::in_file(path, e))?;
    Ok(Recorder {
        game: verified.game,
        replay: save.replay,
    })
}

/// Re-runs a saved game's replay and checks that it ends in the saved state.
///
/// # Errors
/// As [`verify`], or the saved state hash or turn is not where the replay ends.
pub fn check_save(save: &SaveGame, scenario: Arc<Scenario>) -> Result<Verified, ReplayError> {
    if save.format != FORMAT {
        return Err(ReplayError::UnknownFormat {
            what: "saved game",
            found: save.format,
            supported: FORMAT,
        });
    }
    let verified = verify(&save.replay, scenario)?;
    let turn = verified.game.state().turn;
    if verified.final_hash != save.state_hash {
        return Err(ReplayError::FinalDiverged {
            turn,
            label: turn_label(verified.game.scenario(), turn),
            expected: save.state_hash,
            got: verified.final_hash,
        });
    }
    if turn != save.turn {
        return Err(ReplayError::Corrupt(format!(
            "the saved game says turn {}, but its replay ends in turn {turn}: the file is damaged",
            save.turn
        )));
    }
    Ok(verified)
}
