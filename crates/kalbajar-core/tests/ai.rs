//! The operational AI: every command it gives passes the check over whole games on the real
//! scenario (both sides, every level, with and without fog of war), its attacks reach its
//! level's odds, it is deterministic for a seed, and on small built maps it concentrates for
//! good odds, refuses bad odds, evacuates threatened settlements and does not use enemy
//! positions hidden by fog of war.

use kalbajar_core::ai::{self, AiLevels, AiProfile, HelicopterCargo, Planner, plan};
use kalbajar_core::geography::{Edge, PlaceKind, Side};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, Event, Game, Phase, UnitId, combat, policy};
use kalbajar_core::scenario::{Loc, Scenario, SupplyKind};
use std::path::Path;
use std::sync::Arc;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993")
}

fn levels() -> AiLevels {
    AiLevels::load(&dir()).expect("the shipped ai.ron loads")
}

fn level(id: &str) -> AiProfile {
    levels().get(id).expect("a shipped level").clone()
}

fn scenario() -> Arc<Scenario> {
    Arc::new(Scenario::load(&dir()).expect("the shipped scenario loads"))
}

/// Who plays a side in a test game.
enum Side_ {
    Ai(Box<Planner>),
    Builtin,
    Random(u64),
}

/// Plays a whole game, checking every AI command before it is executed and every AI attack
/// against the level's minimum odds. Returns the final state hash.
fn checked_game(sc: &Arc<Scenario>, seed: u64, fog: bool, mut sides: [Side_; 2]) -> u64 {
    let mut game = Game::new(Arc::clone(sc), seed, fog);
    let mut n = 0;
    while !game.is_over() {
        n += 1;
        assert!(n < 20_000, "the game does not end");
        let i = usize::from(game.state().active != Side::Armenian);
        let c = match &mut sides[i] {
            Side_::Ai(p) => {
                let c = p.next_command(&game);
                if let Err(e) = game.check(&c) {
                    panic!("seed {seed}: the AI gave {c:?}, refused: {e}");
                }
                if let Command::Attack {
                    attackers, target, ..
                } = &c
                {
                    let p2 = combat::preview(&game.ctx(), attackers, *target).expect("legal");
                    // The level as it plays now: its last push accepts other odds.
                    let now = p.profile().now(&game.ctx());
                    assert!(
                        now.odds_ok(p2.column_odds),
                        "seed {seed}: attack at {:?} below the level's {:?}",
                        p2.column_odds,
                        now.min_odds
                    );
                }
                c
            }
            Side_::Builtin => policy::next_command(&game),
            Side_::Random(picks) => {
                *picks = picks
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                policy::random_legal(&game, *picks >> 11)
            }
        };
        game.execute(c).expect("checked");
    }
    game.state_hash()
}

fn ai(id: &str) -> Side_ {
    Side_::Ai(Box::new(Planner::new(level(id))))
}

#[test]
fn every_ai_command_passes_the_check_on_both_sides_at_every_level() {
    let sc = scenario();
    for id in ["easy", "normal", "hard"] {
        for seed in [1, 2] {
            checked_game(&sc, seed, false, [ai(id), Side_::Builtin]);
            checked_game(&sc, seed, false, [Side_::Random(seed), ai(id)]);
        }
        checked_game(&sc, 3, true, [ai(id), ai(id)]);
    }
}

#[test]
fn the_ai_is_deterministic_for_a_seed() {
    let sc = scenario();
    for seed in [4, 5] {
        let a = checked_game(&sc, seed, false, [ai("normal"), ai("hard")]);
        let b = checked_game(&sc, seed, false, [ai("normal"), ai("hard")]);
        assert_eq!(a, b, "seed {seed}");
    }
    // Planned from scratch at every call, the AI is as deterministic.
    let run = || {
        let mut game = Game::new(Arc::clone(&sc), 6, false);
        let profile = level("normal");
        for _ in 0..120 {
            let c = ai::next_command(&game, &profile);
            game.execute(c).expect("checked");
        }
        game.state_hash()
    };
    assert_eq!(run(), run());
}

/// The final margin (Armenian less Azerbaijani points) of a game between two levels.
fn margin(sc: &Arc<Scenario>, seed: u64, armenian: &AiProfile, azerbaijani: &AiProfile) -> i32 {
    let mut game = Game::new(Arc::clone(sc), seed, false);
    ai::play_out(&mut game, [armenian, azerbaijani], 50_000);
    assert!(game.is_over(), "seed {seed}");
    let p = &game.state().points;
    p[0].total() - p[1].total()
}

#[test]
fn the_hard_attacker_pushes_on_in_the_last_turns() {
    let sc = scenario();
    let hard = level("hard");
    let push = hard
        .last_push
        .expect("the shipped hard level makes a last push");
    // Only the attacker, only in the last turns, only while the town is not its own.
    let mut game = Game::new(Arc::clone(&sc), 1, false);
    assert!(!hard.pushing(&game.ctx()), "not on the first turn");
    assert_eq!(*hard.now(&game.ctx()), hard);
    let defender = level("normal");
    while sc.file.turns + 1 - game.state().turn > push.turns {
        let c = ai::next_command(&game, &defender);
        game.execute(c).expect("checked");
    }
    let ctx = game.ctx();
    let town = sc.map.place("kalbajar").expect("the key place").hex;
    assert_ne!(
        ctx.controller(town),
        Side::Armenian,
        "seed 1: the town still holds"
    );
    assert_eq!(hard.pushing(&ctx), ctx.state.active == Side::Armenian);
    if ctx.state.active == Side::Armenian {
        assert_eq!(hard.now(&ctx).min_odds, push.min_odds);
    }
    // And it pays: the same seeds against the normal defender, with and without the push.
    let without = AiProfile {
        last_push: None,
        ..hard.clone()
    };
    let (mut with_sum, mut without_sum) = (0, 0);
    for seed in 1..=20 {
        with_sum += margin(&sc, seed, &hard, &defender);
        without_sum += margin(&sc, seed, &without, &defender);
    }
    assert!(
        with_sum > without_sum + 20 * 5,
        "mean margin with the push {} against {} without",
        f64::from(with_sum) / 20.0,
        f64::from(without_sum) / 20.0
    );
}

/// Whole games on the real scenario, the normal attacker against the normal defender: as
/// shipped, the helicopters bring stock into the depot and fly nobody out; told to carry
/// people, the defender sends people to the landing site and the helicopters fly them out,
/// bringing stock on fewer turns.
#[test]
fn the_helicopters_carry_what_the_level_puts_first() {
    let sc = scenario();
    let normal = level("normal");
    assert_eq!(normal.helicopters_carry, HelicopterCargo::StockWhileShort);
    let people = AiProfile {
        helicopters_carry: HelicopterCargo::People,
        ..normal.clone()
    };
    let play = |defender: &AiProfile| {
        let mut game = Game::new(Arc::clone(&sc), 101, false);
        ai::play_out(&mut game, [&normal, defender], 50_000);
        assert!(game.is_over());
        let stock_flights = game
            .log()
            .iter()
            .filter(|l| matches!(l.event, Event::AirliftSupply { .. }))
            .count();
        (game.state().civilians.evacuated_air, stock_flights)
    };
    let (air, stock) = play(&normal);
    assert_eq!(air, 0, "stock first: nobody flown out");
    assert!(stock >= 4, "stock first: {stock} stock flights");
    let (air_people, stock_people) = play(&people);
    assert!(air_people >= 720, "people first: {air_people} flown out");
    assert!(
        stock_people < stock,
        "people first: {stock_people} stock flights, stock first {stock}"
    );
}

#[test]
fn play_out_ends_the_game() {
    let mut game = Game::new(scenario(), 8, false);
    let (a, b) = (level("normal"), level("easy"));
    let n = ai::play_out(&mut game, [&a, &b], 50_000);
    assert!(game.is_over() && n > 16, "{n} commands");
}

/// Gives the AI's commands for the side to move until it ends the phase; returns them.
fn phase(game: &mut Game, planner: &mut Planner) -> Vec<Command> {
    let mut out = Vec::new();
    loop {
        let c = planner.next_command(game);
        game.execute(c.clone()).expect("checked");
        if c == Command::EndPhase {
            return out;
        }
        out.push(c);
        assert!(out.len() < 100);
    }
}

fn id(game: &Game, name: &str) -> UnitId {
    let i = game
        .scenario()
        .file
        .units
        .iter()
        .position(|u| u.id == name)
        .expect("a unit");
    UnitId(u16::try_from(i).expect("small"))
}

/// Two Armenian detachments (attack 4 each) and one Azerbaijani infantry company (defence 4)
/// on open ground, all in supply: one detachment stands next to it, the other two hexes back.
fn two_against_one() -> Game {
    let sc = ScenarioBuilder::new(10, 5)
        .supply(Side::Armenian, Loc::Hex(2, 2), SupplyKind::Unlimited)
        .supply(Side::Azerbaijani, Loc::Hex(8, 2), SupplyKind::Unlimited)
        .unit("near", Side::Armenian, "arm_detachment", (4, 2))
        .unit("back", Side::Armenian, "arm_detachment", (2, 2))
        .unit("z", Side::Azerbaijani, "az_infantry", (5, 2))
        .build();
    Game::new(sc, 1, false)
}

#[test]
fn it_concentrates_two_units_for_good_odds_instead_of_attacking_alone() {
    let mut game = two_against_one();
    let (near, back) = (id(&game, "near"), id(&game, "back"));
    let z = game.state().unit(id(&game, "z")).hex.expect("on the map");
    // Alone the near detachment would attack at 1:1, below the level's 2:1.
    let mut planner = Planner::new(level("normal"));
    let moves = phase(&mut game, &mut planner);
    let back_at = game.state().unit(back).hex.expect("on the map");
    assert_eq!(
        plan::distance(back_at, z),
        1,
        "the second detachment closes up: {moves:?}"
    );
    assert_eq!(game.state().phase, Phase::Combat);
    let attacks = phase(&mut game, &mut planner);
    let Some(Command::Attack { attackers, .. }) =
        attacks.iter().find(|c| matches!(c, Command::Attack { .. }))
    else {
        panic!("no attack: {attacks:?}");
    };
    let mut sorted = attackers.clone();
    sorted.sort();
    assert_eq!(sorted, vec![near, back], "both attack together");
}

#[test]
fn it_does_not_attack_below_its_minimum_odds() {
    let mut game = two_against_one();
    // Even together the two reach only 2:1.
    let mut cautious = level("normal");
    cautious.min_odds = (3, 1);
    let mut planner = Planner::new(cautious);
    phase(&mut game, &mut planner);
    let attacks = phase(&mut game, &mut planner);
    assert!(
        !attacks.iter().any(|c| matches!(c, Command::Attack { .. })),
        "{attacks:?}"
    );
    // And without concentrating, the near one alone does not attack at 1:1.
    let mut game = two_against_one();
    let mut planner = Planner::new(level("easy"));
    let mut strict = level("easy");
    strict.min_odds = (2, 1);
    let mut strict_planner = Planner::new(strict);
    phase(&mut game, &mut planner);
    let attacks = phase(&mut game, &mut strict_planner);
    assert!(
        !attacks.iter().any(|c| matches!(c, Command::Attack { .. })),
        "{attacks:?}"
    );
}

/// The Azerbaijani company of [`two_against_one`], after the Armenian side has passed its
/// turn: what its level orders it to do in place.
fn defender_orders(profile: AiProfile) -> Vec<Command> {
    let mut game = two_against_one();
    for _ in 0..2 {
        game.execute(Command::EndPhase)
            .expect("the Armenian side passes");
    }
    assert_eq!(game.state().active, Side::Azerbaijani);
    phase(&mut game, &mut Planner::new(profile))
}

#[test]
fn a_level_that_digs_in_entrenches_and_one_that_does_not_only_holds() {
    let z = id(&two_against_one(), "z");
    let digs = defender_orders(level("normal"));
    assert!(
        digs.contains(&Command::Entrench { unit: z }),
        "normal digs in: {digs:?}"
    );
    let easy = level("easy");
    assert!(!easy.digs_in, "the shipped easy level does not dig in");
    let holds = defender_orders(easy);
    assert!(
        !holds.iter().any(|c| matches!(c, Command::Entrench { .. })),
        "easy only holds: {holds:?}"
    );
    assert!(holds.contains(&Command::Hold { unit: z }), "{holds:?}");
}

#[test]
fn the_defender_evacuates_a_threatened_settlement_in_time() {
    let sc = ScenarioBuilder::new(30, 5)
        .place("near", PlaceKind::Village, (6, 2))
        .civilians("near", 2000)
        .place("middle", PlaceKind::Village, (13, 2))
        .civilians("middle", 2000)
        .place("far", PlaceKind::Village, (25, 2))
        .civilians("far", 2000)
        .exit("out", Edge::East, (29, 2))
        .unit("a", Side::Armenian, "arm_detachment", (3, 2))
        .unit("z", Side::Azerbaijani, "az_infantry", (20, 2))
        .build();
    let mut game = Game::new(sc, 1, false);
    game.execute(Command::EndPhase).expect("always");
    game.execute(Command::EndPhase).expect("always");
    assert_eq!(game.state().active, Side::Azerbaijani);
    let evacuated = |profile: AiProfile| {
        let mut game = game.clone();
        let orders = phase(&mut game, &mut Planner::new(profile));
        orders
            .iter()
            .filter_map(|c| match c {
                Command::Evacuate { place, .. } => Some(place.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // The enemy is 3 hexes from "near", 10 from "middle" and 22 from "far". Every shipped
    // level orders people out within three turns of the enemy (about 15 hexes), whatever
    // its lookahead.
    for id in ["easy", "normal", "hard"] {
        let short_sighted = AiProfile {
            lookahead_turns: 1,
            ..level(id)
        };
        assert_eq!(evacuated(short_sighted), ["near", "middle"], "{id}");
    }
    // Without its own horizon for evacuation a level evacuates within its lookahead.
    let late = AiProfile {
        lookahead_turns: 1,
        evacuate_within_turns: None,
        ..level("easy")
    };
    assert_eq!(evacuated(late), ["near"]);
    // How far the enemy is reckoned to come in a turn is the level's data: at three hexes a
    // turn "middle" (10 hexes) is beyond three turns; at eight, even "far" (22) is within.
    let slow = AiProfile {
        evacuation_hexes_per_turn: 3,
        ..level("normal")
    };
    assert_eq!(evacuated(slow), ["near"]);
    let fast = AiProfile {
        evacuation_hexes_per_turn: 8,
        ..level("normal")
    };
    assert_eq!(evacuated(fast), ["near", "middle", "far"]);
}

/// An Armenian detachment in the west, an objective in the east, and an Azerbaijani unit far
/// out of its sight at `hidden`.
fn fogged(hidden: (i32, i32)) -> Game {
    let sc = ScenarioBuilder::new(24, 9)
        .place("goal", PlaceKind::Village, (20, 4))
        .objective("goal", 10)
        .unit("a", Side::Armenian, "arm_detachment", (2, 4))
        .unit("z", Side::Azerbaijani, "az_infantry", hidden)
        .build();
    Game::new(sc, 1, true)
}

#[test]
fn under_fog_it_does_not_use_hidden_enemy_positions() {
    let blind = level("normal");
    assert!(!blind.sees_through_fog);
    let (g1, g2) = (fogged((14, 1)), fogged((14, 7)));
    let z = id(&g1, "z");
    let known = plan::known_enemies(&g1.ctx(), Side::Armenian, &blind);
    assert!(known.iter().all(|k| k.unit != z), "{known:?}");
    let seer = AiProfile {
        sees_through_fog: true,
        ..level("normal")
    };
    let seeing = plan::known_enemies(&g1.ctx(), Side::Armenian, &seer);
    assert!(seeing.iter().any(|k| k.unit == z));
    // Its orders are the same wherever the hidden unit stands.
    let (mut a, mut b) = (g1.clone(), g2.clone());
    let (mut pa, mut pb) = (Planner::new(blind.clone()), Planner::new(blind));
    assert_eq!(phase(&mut a, &mut pa), phase(&mut b, &mut pb));
}
