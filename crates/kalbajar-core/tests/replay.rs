//! Replays and saved games: a recorded game re-runs as recorded, a tampered one is caught at
//! the first turn that differs, a replay of another scenario is refused, and saved games load
//! back into the same state and continue identically. Damaged files give clear errors.

use kalbajar_core::load::LoadErrorKind;
use kalbajar_core::replay::{
    FORMAT, Recorder, Recording, Replay, ReplayError, SaveGame, load, read_recording, save, verify,
};
use kalbajar_core::rules::{Command, CommandError, Game, UnitId, policy};
use kalbajar_core::scenario::{Scenario, content_hash};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

fn real() -> Arc<Scenario> {
    static SCENARIO: OnceLock<Arc<Scenario>> = OnceLock::new();
    Arc::clone(SCENARIO.get_or_init(|| {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
        Arc::new(Scenario::load(&dir).expect("the shipped scenario loads"))
    }))
}

/// A whole headless game of the real scenario, recorded (seed 3).
fn recorded() -> &'static Replay {
    static REPLAY: OnceLock<Replay> = OnceLock::new();
    REPLAY.get_or_init(|| {
        let mut rec = Recorder::new(real(), 3, false);
        rec.play_out(100_000);
        assert!(rec.game().is_over());
        rec.replay()
    })
}

/// The turn in which each command of a replay was given.
fn turns_of(replay: &Replay) -> Vec<u32> {
    let mut g = Game::new(real(), replay.seed, replay.fog);
    replay
        .commands
        .iter()
        .map(|c| {
            let t = g.state().turn;
            g.execute(c.clone()).expect("recorded commands are legal");
            t
        })
        .collect()
}

/// A fresh path in the test scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("replay-tests");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn a_recorded_headless_game_verifies() {
    let replay = recorded();
    let mut plain = Game::new(real(), 3, false);
    let n = policy::play_out(&mut plain, 100_000);
    assert_eq!(replay.commands.len(), n, "recording changes nothing");
    assert_eq!(replay.final_hash, plain.state_hash());
    let last = plain.state().turn;
    assert_eq!(
        replay.turn_hashes.iter().map(|t| t.0).collect::<Vec<_>>(),
        (1..=last).collect::<Vec<_>>(),
        "one hash per turn reached, from turn 1"
    );
    let v = verify(replay, real()).expect("the engine replays its own record");
    assert_eq!(v.commands, n);
    assert_eq!(v.turns, replay.turn_hashes.len());
    assert_eq!(v.final_hash, plain.state_hash());
    assert_eq!(v.game.log(), plain.log());
}

#[test]
fn the_turn_hash_is_taken_when_the_first_side_may_first_act() {
    let mut rec = Recorder::new(real(), 9, false);
    let mut game = Game::new(real(), 9, false);
    assert_eq!(rec.replay().turn_hashes, vec![(1, game.state_hash())]);
    // Both sides end both phases: the fourth end of phase begins turn 2.
    for i in 0..4 {
        rec.execute(Command::EndPhase).expect("legal");
        game.execute(Command::EndPhase).expect("legal");
        assert_eq!(rec.replay().turn_hashes.len(), if i < 3 { 1 } else { 2 });
    }
    assert_eq!(rec.replay().turn_hashes[1], (2, game.state_hash()));
    // A refused command is not recorded.
    let refused = rec.execute(Command::Hold { unit: UnitId(9999) });
    assert_eq!(refused, Err(CommandError::NoSuchUnit(UnitId(9999))));
    assert_eq!(rec.replay().commands, vec![Command::EndPhase; 4]);
    assert_eq!(rec.commands(), vec![Command::EndPhase; 4].as_slice());
}

#[test]
fn a_tampered_command_is_caught_at_the_next_turn() {
    let replay = recorded();
    let turns = turns_of(replay);
    let first = real()
        .file
        .sides
        .iter()
        .find(|s| s.moves_first)
        .expect("a first side")
        .side;
    // An attacker's unit that held in turn 8 digs in instead: still legal, but the state differs.
    let (i, unit) = replay
        .commands
        .iter()
        .enumerate()
        .find_map(|(i, c)| match c {
            Command::Hold { unit }
                if turns[i] == 8
                    && Game::new(real(), 3, false).state().unit(*unit).side == first =>
            {
                Some((i, *unit))
            }
            _ => None,
        })
        .expect("the attacker holds somewhere in turn 8");
    let mut tampered = replay.clone();
    tampered.commands[i] = Command::Entrench { unit };
    let began_9 = turns.iter().position(|t| *t == 9).expect("turn 9 reached") - 1;
    let began_8 = turns.iter().position(|t| *t == 8).expect("turn 8 reached");
    let err = verify(&tampered, real()).expect_err("tampering is caught");
    let ReplayError::Diverged {
        turn,
        command,
        since,
        expected,
        got,
        ref label,
    } = err
    else {
        panic!("expected a divergence, got {err}");
    };
    assert_eq!(turn, 9);
    assert_eq!(command, Some(began_9));
    assert_eq!(since, began_8);
    assert_eq!(expected, replay.turn_hashes[8].1);
    assert_ne!(got, expected);
    assert_eq!(label, "31 Mar, day");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "turn 9 (31 Mar, day): expected hash {expected:016x}, got {got:016x}"
        )),
        "{text}"
    );
}

#[test]
fn a_tampered_turn_hash_is_reported_at_that_turn() {
    let replay = recorded();
    let turns = turns_of(replay);
    let mut tampered = replay.clone();
    tampered.turn_hashes[6].1 ^= 1;
    let err = verify(&tampered, real()).expect_err("tampering is caught");
    assert_eq!(
        err,
        ReplayError::Diverged {
            turn: 7,
            label: "30 Mar, day".into(),
            command: Some(turns.iter().position(|t| *t == 7).expect("reached") - 1),
            since: turns.iter().position(|t| *t == 6).expect("reached"),
            expected: replay.turn_hashes[6].1 ^ 1,
            got: replay.turn_hashes[6].1,
        }
    );
    // The start of the game is checked too.
    let mut start = replay.clone();
    start.turn_hashes[0].1 ^= 1;
    assert!(matches!(
        verify(&start, real()),
        Err(ReplayError::Diverged {
            turn: 1,
            command: None,
            ..
        })
    ));
    // And the end.
    let mut end = replay.clone();
    end.final_hash ^= 1;
    let err = verify(&end, real()).expect_err("caught");
    assert!(matches!(err, ReplayError::FinalDiverged { .. }), "{err}");
    assert!(err.to_string().contains("after the last command"), "{err}");
}

#[test]
fn a_damaged_record_is_refused_without_panicking() {
    let replay = recorded();
    // A command naming a unit that does not exist.
    let mut bad_unit = replay.clone();
    bad_unit.commands[20] = Command::Hold {
        unit: UnitId(u16::MAX),
    };
    let err = verify(&bad_unit, real()).expect_err("refused");
    let ReplayError::Refused {
        index, ref error, ..
    } = err
    else {
        panic!("expected a refusal, got {err}");
    };
    assert_eq!(index, 20);
    assert_eq!(**error, CommandError::NoSuchUnit(UnitId(u16::MAX)));
    assert!(err.to_string().contains("command 20"), "{err}");
    // Commands cut short: the later turns' hashes are never reached.
    let mut cut = replay.clone();
    cut.commands.truncate(cut.commands.len() / 2);
    let err = verify(&cut, real()).expect_err("refused");
    assert!(matches!(err, ReplayError::NotReached { .. }), "{err}");
    // A turn hash dropped: the re-run reaches a turn the record does not know.
    let mut dropped = replay.clone();
    dropped.turn_hashes.truncate(5);
    let err = verify(&dropped, real()).expect_err("refused");
    assert!(
        matches!(err, ReplayError::Unrecorded { turn: 6, .. }),
        "{err}"
    );
    // Turn hashes out of order.
    let mut shuffled = replay.clone();
    shuffled.turn_hashes.swap(2, 3);
    let err = verify(&shuffled, real()).expect_err("refused");
    assert!(matches!(err, ReplayError::Corrupt(_)), "{err}");
}

#[test]
fn a_replay_of_another_scenario_is_refused_naming_both() {
    let replay = recorded();
    let sc = real();
    let mut other = replay.clone();
    other.scenario_hash ^= 0xff;
    let err = verify(&other, real()).expect_err("refused");
    let text = err.to_string();
    assert_eq!(
        text,
        format!(
            "this replay was recorded with scenario kalbajar_1993 version {:016x}, the loaded scenario is kalbajar_1993 version {:016x}: load the matching scenario files",
            sc.content_hash ^ 0xff,
            sc.content_hash
        )
    );
    let mut renamed = replay.clone();
    renamed.scenario_id = "shusha_1992".into();
    renamed.variants = vec!["no_helicopters".into()];
    let text = verify(&renamed, real()).expect_err("refused").to_string();
    assert!(text.contains("scenario shusha_1992 version"), "{text}");
    assert!(text.contains("with variants no_helicopters"), "{text}");
    assert!(
        text.contains("the loaded scenario is kalbajar_1993"),
        "{text}"
    );
    // A changed scenario (one unit fewer men, as a variant might do) has another hash.
    let mut file = sc.file.clone();
    file.units[0].men = Some(file.units[0].men.unwrap_or(0) + 1);
    let changed = Scenario::from_parts(sc.path.clone(), file, sc.map.clone(), sc.rules.clone())
        .expect("still valid");
    assert_ne!(changed.content_hash, sc.content_hash);
    assert!(matches!(
        verify(replay, Arc::new(changed)),
        Err(ReplayError::OtherScenario { .. })
    ));
}

#[test]
fn the_content_hash_is_that_of_the_parsed_files() {
    let sc = real();
    assert_eq!(
        sc.content_hash,
        content_hash(&sc.file, sc.map.file(), &sc.rules)
    );
    let again = Scenario::load(&sc.path).expect("loads");
    assert_eq!(again.content_hash, sc.content_hash);
    let mut rules = sc.rules.clone();
    rules.stacking_steps += 1;
    assert_ne!(
        content_hash(&sc.file, sc.map.file(), &rules),
        sc.content_hash
    );
}

#[test]
fn an_unknown_format_is_refused() {
    let mut future = recorded().clone();
    future.format = FORMAT + 1;
    let err = verify(&future, real()).expect_err("refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    // In a file, a newer format with fields this version does not know is named as such, not
    // as a syntax error.
    let path = scratch("future.replay.ron");
    let text = kalbajar_core::load::to_ron(recorded(), 2)
        .expect("serialises")
        .replacen(
            &format!("format: {FORMAT},"),
            &format!("format: {},\n    camera: Some((1.5, [\"x\"])),", FORMAT + 1),
            1,
        );
    std::fs::write(&path, &text).expect("written");
    let err = read_recording(&path).expect_err("refused");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}: this replay is in format {}",
            path.display(),
            FORMAT + 1
        )),
        "{shown}"
    );
    assert!(shown.contains("update the game"), "{shown}");
}

#[test]
fn a_replay_round_trips_through_ron() {
    let replay = recorded();
    let path = scratch("round.replay.ron");
    replay.write(&path).expect("written");
    let back = Replay::read(&path).expect("read back");
    assert_eq!(&back, replay);
    assert!(!scratch_tmp_exists(&path));
    let text = std::fs::read_to_string(&path).expect("text");
    assert!(text.starts_with("Replay("), "{}", &text[..40]);
    assert!(
        text.contains("\n        EndPhase,\n"),
        "one command per line"
    );
}

fn scratch_tmp_exists(path: &std::path::Path) -> bool {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    PathBuf::from(tmp).exists()
}

#[test]
fn a_saved_game_loads_into_the_same_state_and_continues_identically() {
    let mut rec = Recorder::new(real(), 5, false);
    for _ in 0..150 {
        let c = policy::next_command(rec.game());
        rec.execute(c).expect("checked");
    }
    let path = scratch("mid.save.ron");
    save(&path, &rec).expect("saved");
    let mut loaded = load(&path, real()).expect("loads");
    assert_eq!(loaded.game().state_hash(), rec.game().state_hash());
    assert_eq!(loaded.game().state(), rec.game().state());
    assert_eq!(loaded.game().log(), rec.game().log());
    assert_eq!(loaded.replay(), rec.replay());
    let Recording::Save(file) = read_recording(&path).expect("reads") else {
        panic!("a saved game");
    };
    assert_eq!(file.turn, rec.game().state().turn);
    assert_eq!(
        file.label,
        kalbajar_core::rules::chronicle::turn_label(&real(), file.turn)
    );
    // Both go on to the end the same way, and the record of the loaded one still verifies.
    rec.play_out(100_000);
    loaded.play_out(100_000);
    assert!(loaded.game().is_over());
    assert_eq!(loaded.game().state_hash(), rec.game().state_hash());
    assert_eq!(loaded.replay(), rec.replay());
    verify(&loaded.replay(), real()).expect("the continued record verifies");
}

#[test]
fn a_saved_game_that_does_not_lead_to_its_state_is_refused() {
    let mut rec = Recorder::new(real(), 5, false);
    for _ in 0..30 {
        rec.execute(policy::next_command(rec.game()))
            .expect("checked");
    }
    let mut bad: SaveGame = rec.save_game();
    bad.state_hash ^= 1;
    bad.replay.final_hash ^= 1;
    let path = scratch("wrong-hash.save.ron");
    std::fs::write(
        &path,
        kalbajar_core::load::to_ron(&bad, 3).expect("serialises"),
    )
    .expect("written");
    let err = load(&path, real()).expect_err("refused");
    let text = err.to_string();
    assert!(text.starts_with(&path.display().to_string()), "{text}");
    assert!(
        text.contains("after the last command: expected hash"),
        "{text}"
    );
    // A replay is not a saved game.
    let replay_path = scratch("not-a-save.replay.ron");
    rec.replay().write(&replay_path).expect("written");
    let text = load(&replay_path, real()).expect_err("refused").to_string();
    assert!(
        text.contains("this is a replay, not a saved game"),
        "{text}"
    );
}

#[test]
fn damaged_saves_give_clear_errors_and_stay_untouched() {
    let mut rec = Recorder::new(real(), 2, false);
    for _ in 0..60 {
        rec.execute(policy::next_command(rec.game()))
            .expect("checked");
    }
    let good = scratch("good.save.ron");
    save(&good, &rec).expect("saved");
    let text = std::fs::read_to_string(&good).expect("text");

    let truncated = &text[..text.len() / 2];
    let with_wrong_type = text.replacen("seed: 2,", "seed: \"two\",", 1);
    assert_ne!(with_wrong_type, text);
    let wrong_type_line = with_wrong_type
        .lines()
        .position(|l| l.contains("seed: \"two\""))
        .expect("present")
        + 1;
    let mut garbage: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    garbage.splice(0..0, b"SaveGame(".iter().copied());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", truncated.as_bytes().to_vec()),
        ("wrong-type", with_wrong_type.as_bytes().to_vec()),
        ("garbage", garbage),
        ("empty", Vec::new()),
        ("not-ron", b"hello, world".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = scratch(&format!("{name}.save.ron"));
        std::fs::write(&path, &bytes).expect("written");
        let err = load(&path, real()).expect_err(name);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&path.display().to_string()),
            "{name}: the error names the file: {shown}"
        );
        let ReplayError::Load(e) = &err else {
            panic!("{name}: a file error, got {shown}");
        };
        match name {
            "garbage" => assert_eq!(e.kind, LoadErrorKind::NotText, "{shown}"),
            "truncated" => assert!(shown.contains("ends too early"), "{shown}"),
            "wrong-type" => assert!(
                shown.starts_with(&format!("{}:{wrong_type_line}:", path.display())),
                "{shown}"
            ),
            _ => assert!(
                matches!(e.kind, LoadErrorKind::Syntax { .. }),
                "{name}: {shown}"
            ),
        }
        assert_eq!(
            std::fs::read(&path).expect("still there"),
            bytes,
            "{name}: a failed load leaves the file as it was"
        );
    }
    // The good file is still good.
    assert_eq!(
        load(&good, real()).expect("loads").game().state_hash(),
        rec.game().state_hash()
    );
    // A missing file.
    let missing = scratch("missing.save.ron");
    let text = load(&missing, real()).expect_err("refused").to_string();
    assert!(text.contains("cannot read the file"), "{text}");
}
