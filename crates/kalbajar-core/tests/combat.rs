//! Combat rules on small built maps: odds and every column shift, the outcome distribution,
//! resolved attacks event by event, retreats, routs and surrenders, advances, civilians, leaders,
//! and bombardment with its range, observation and line of sight.
//!
//! Tests that need a particular die find the first seed that rolls it, so they keep working if
//! other rules draw from the generator before combat; the events are then exact.

use kalbajar_core::geography::{PlaceKind, RoadClass, Side};
use kalbajar_core::hex::Offset;
use kalbajar_core::map::Terrain;
use kalbajar_core::rules::combat::{
    self, AttackPreview, Chance, Shift, ShiftCause, bombard_preview, line_of_sight, observed,
};
use kalbajar_core::rules::event::{Cause, Event, PointsCause};
use kalbajar_core::rules::state::{Destination, SupplyStatus, UnitStatus};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, CommandError, Game, Phase, Sink, UnitId};
use kalbajar_core::rules_data::CombatResult;

const A: UnitId = UnitId(0);
const Z: UnitId = UnitId(1);
const TARGET: Offset = Offset::new(2, 1);

/// A game from `b` in the Armenian combat phase of turn 1, every unit in supply (supply is not
/// what these tests are about).
fn combat_game(b: ScenarioBuilder, seed: u64) -> Game {
    let mut g = Game::new(b.build(), seed, false);
    g.execute(Command::EndPhase)
        .expect("a phase can always end");
    assert_eq!(g.state().phase, Phase::Combat);
    let on_map: Vec<UnitId> = g
        .state()
        .unit_ids()
        .filter(|id| g.state().unit(*id).status == UnitStatus::Active)
        .collect();
    after(
        g,
        on_map
            .into_iter()
            .map(|unit| Event::SupplyTraced {
                unit,
                status: SupplyStatus::InSupply {
                    source: "test".into(),
                    cost: 0,
                },
            })
            .collect(),
    )
}

/// The game after these events (the setup of a test: cohesion, entrenchment, supply...).
fn after(g: Game, events: Vec<Event>) -> Game {
    let sc = g.scenario_arc();
    let mut sink = Sink::new(g.state().clone(), sc.map.width());
    sink.extend(events);
    Game::from_parts(sc, sink.state, g.log().to_vec())
}

/// The die of the first attack or bombardment among `events`.
fn die(events: &[Event]) -> u32 {
    events
        .iter()
        .find_map(|e| match e {
            Event::Attacked { roll, .. } | Event::Bombarded { roll, .. } => Some(*roll),
            _ => None,
        })
        .expect("a die was rolled")
}

/// Plays `command` in the first game (seed 0, 1, ...) whose die shows `roll`.
fn rolling(roll: u32, command: &Command, mut game: impl FnMut(u64) -> Game) -> (Game, Vec<Event>) {
    for seed in 0..1000 {
        let mut g = game(seed);
        let events = g.execute(command.clone()).expect("allowed");
        if die(&events) == roll {
            return (g, events);
        }
    }
    panic!("no seed below 1000 rolls a {roll}");
}

fn attack(attackers: &[UnitId], target: Offset, advance: bool) -> Command {
    Command::Attack {
        attackers: attackers.to_vec(),
        target,
        advance,
    }
}

fn preview_of(g: &Game, attackers: &[UnitId]) -> AttackPreview {
    combat::preview(&g.ctx(), attackers, TARGET).expect("allowed")
}

/// One Armenian detachment at (1,1) next to one Azerbaijani infantry unit at (2,1).
fn duel() -> ScenarioBuilder {
    ScenarioBuilder::new(6, 3)
        .unit("a", Side::Armenian, "arm_detachment", (1, 1))
        .unit("z", Side::Azerbaijani, "az_infantry", (2, 1))
}

fn result(table_row: usize, column: usize) -> CombatResult {
    let g = combat_game(duel(), 0);
    g.scenario().rules.combat.rows[table_row - 1][column]
}

#[test]
fn the_odds_column_is_the_highest_the_attack_reaches() {
    // Detachment 4 against infantry 4: 1:1, the third column.
    let g = combat_game(duel(), 0);
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.defence, p.ratio), (4, 4, (1, 1)));
    assert_eq!((p.base_column, p.column, p.column_odds), (2, 2, (1, 1)));
    assert_eq!(p.shifts, vec![]);

    // Two detachments: 8:4 is 2:1, the fifth column.
    let g = combat_game(
        duel().unit("b", Side::Armenian, "arm_detachment", (2, 0)),
        0,
    );
    let p = preview_of(&g, &[A, UnitId(2)]);
    assert_eq!((p.attack, p.defence, p.ratio), (8, 4, (2, 1)));
    assert_eq!((p.base_column, p.column_odds), (4, (2, 1)));

    // Strength is scaled by steps, rounded up: 2 of 3 steps defend with 4 × 2/3 → 3.
    // 4:3 does not reach 3:2, so the column stays 1:1.
    let g = combat_game(
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (2, 1))
            .with(|u| u.steps = Some(2)),
        0,
    );
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.defence, p.ratio, p.column), (4, 3, (4, 3), 2));
}

#[test]
fn odds_below_the_table_are_fought_one_column_further_left() {
    // 4 against a full stack defending with 5 + 4 + 4 = 13: below 1:3.
    let g = combat_game(
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z1", Side::Azerbaijani, "az_motor_rifle_bn", (2, 1))
            .unit("z2", Side::Azerbaijani, "az_infantry", (2, 1))
            .unit("z3", Side::Azerbaijani, "az_at_battery", (2, 1))
            .unit("t", Side::Armenian, "arm_tanks", (2, 0)),
        0,
    );
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.defence), (4, 13));
    assert_eq!(p.base_column, 0);
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::BelowTable,
            columns: -1
        }]
    );
    assert_eq!(p.column, 0);
    // A favourable shift first cancels the missing column: tanks on open ground (+1).
    let p = preview_of(&g, &[A, UnitId(4)]);
    assert_eq!((p.attack, p.defence, p.base_column), (11, 13, 1));
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::ArmourOpen,
            columns: 1
        }]
    );
    assert_eq!(p.column, 2);
}

#[test]
fn the_defenders_terrain_shifts_the_column() {
    for (terrain, shift) in [
        (Terrain::Forest, -1),
        (Terrain::Slope, -1),
        (Terrain::HighMountain, -2),
        (Terrain::Crest, -3),
    ] {
        let g = combat_game(duel().terrain((2, 1), terrain), 0);
        let p = preview_of(&g, &[A]);
        assert_eq!(
            p.shifts,
            vec![Shift {
                cause: ShiftCause::Terrain(terrain),
                columns: shift
            }],
            "{terrain}"
        );
        let expected = usize::try_from((2 + shift).max(0)).expect("non-negative");
        assert_eq!(p.column, expected, "{terrain}, kept within the table");
    }
    let g = combat_game(duel().place("v", PlaceKind::Village, (2, 1)), 0);
    assert_eq!(
        preview_of(&g, &[A]).shifts,
        vec![Shift {
            cause: ShiftCause::Terrain(Terrain::Village),
            columns: -1
        }]
    );
}

#[test]
fn attacking_uphill_shifts_the_column() {
    let uphill = vec![Shift {
        cause: ShiftCause::Uphill,
        columns: -1,
    }];
    // 300 m above the attacker (at 1,000 m) is uphill; 299 m is not.
    let g = combat_game(duel().elevation((2, 1), 1300), 0);
    assert_eq!(preview_of(&g, &[A]).shifts, uphill);
    assert_eq!(preview_of(&g, &[A]).column, 1);
    let g = combat_game(duel().elevation((2, 1), 1299), 0);
    assert_eq!(preview_of(&g, &[A]).shifts, vec![]);
    // Two attackers at 1,000 m and 1,200 m: their mean is 1,100 m.
    let two = || {
        duel()
            .unit("b", Side::Armenian, "arm_detachment", (2, 0))
            .elevation((2, 0), 1200)
    };
    let g = combat_game(two().elevation((2, 1), 1400), 0);
    assert_eq!(preview_of(&g, &[A, UnitId(2)]).shifts, uphill);
    let g = combat_game(two().elevation((2, 1), 1399), 0);
    assert_eq!(preview_of(&g, &[A, UnitId(2)]).shifts, vec![]);
}

#[test]
fn entrenched_defenders_shift_the_column_only_if_all_are_dug_in() {
    let g = after(combat_game(duel(), 0), vec![Event::Entrenched { unit: Z }]);
    let p = preview_of(&g, &[A]);
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::Entrenched,
            columns: -1
        }]
    );
    assert_eq!(p.column, 1);
    let g = after(
        combat_game(
            duel().unit("z2", Side::Azerbaijani, "az_infantry", (2, 1)),
            0,
        ),
        vec![Event::Entrenched { unit: Z }],
    );
    assert_eq!(preview_of(&g, &[A]).shifts, vec![]);
}

#[test]
fn armour_gains_in_the_open_and_on_roads_and_loses_in_the_mountains() {
    // Tanks 7 against 4: 7:4 reaches 3:2, the fourth column.
    let b = || {
        ScenarioBuilder::new(6, 3)
            .unit("t", Side::Armenian, "arm_tanks", (1, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (2, 1))
    };
    let g = combat_game(b(), 0);
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.base_column), (7, 3));
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::ArmourOpen,
            columns: 1
        }]
    );
    assert_eq!(p.column, 4);

    let g = combat_game(b().terrain((2, 1), Terrain::Slope), 0);
    let p = preview_of(&g, &[A]);
    assert_eq!(
        p.shifts,
        vec![
            Shift {
                cause: ShiftCause::Terrain(Terrain::Slope),
                columns: -1
            },
            Shift {
                cause: ShiftCause::ArmourMountain,
                columns: -1
            }
        ]
    );
    assert_eq!(p.column, 1);

    // Up the slope along a road the tanks keep their advantage.
    let g = combat_game(
        b().terrain((2, 1), Terrain::Slope)
            .road(RoadClass::Dirt, &[(1, 1), (2, 1)]),
        0,
    );
    let p = preview_of(&g, &[A]);
    assert_eq!(
        p.shifts,
        vec![
            Shift {
                cause: ShiftCause::Terrain(Terrain::Slope),
                columns: -1
            },
            Shift {
                cause: ShiftCause::ArmourOpen,
                columns: 1
            }
        ]
    );
    assert_eq!(p.column, 3);

    // Forest is neither: only its terrain shift.
    let g = combat_game(b().terrain((2, 1), Terrain::Forest), 0);
    assert_eq!(
        preview_of(&g, &[A]).shifts,
        vec![Shift {
            cause: ShiftCause::Terrain(Terrain::Forest),
            columns: -1
        }]
    );
}

#[test]
fn artillery_support_follows_a_bombardment_of_the_hex_this_turn() {
    let mut g = combat_game(duel().unit("g", Side::Armenian, "arm_grad", (0, 1)), 0);
    let base = preview_of(&g, &[A]).column;
    g.execute(Command::Bombard {
        unit: UnitId(2),
        target: TARGET,
    })
    .expect("the detachment next to the target observes it");
    assert_eq!(g.state().bombarded, vec![(Side::Armenian, TARGET)]);
    let p = preview_of(&g, &[A]);
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::ArtillerySupport,
            columns: 1
        }]
    );
    // The bombardment may have cost the defender a step, so compare with its own base.
    assert_eq!(p.column, p.base_column + 1);
    assert!(p.base_column >= base);
    // The support lasts for the turn only.
    for _ in 0..3 {
        g.execute(Command::EndPhase).expect("ends");
    }
    assert_eq!(g.state().turn, 2);
    assert_eq!(g.state().bombarded, vec![]);
}

#[test]
fn night_supply_and_shaken_defenders_shift_the_column() {
    let g = combat_game(duel().starting_at_night(), 0);
    assert_eq!(
        preview_of(&g, &[A]).shifts,
        vec![Shift {
            cause: ShiftCause::Night,
            columns: -1
        }]
    );

    // Out of supply: half the attack (4 → 2, 1:2) and one column left.
    let g = after(
        combat_game(duel(), 0),
        vec![Event::SupplyTraced {
            unit: A,
            status: SupplyStatus::OutOfSupply {
                reason: "cut off".into(),
            },
        }],
    );
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.base_column), (2, 1));
    assert_eq!(
        p.shifts,
        vec![Shift {
            cause: ShiftCause::AttackerOutOfSupply,
            columns: -1
        }]
    );
    assert_eq!(p.column, 0);

    // Shaken at cohesion 2 or less, not at 3.
    let shaken = |cohesion| {
        after(
            combat_game(duel(), 0),
            vec![Event::CohesionChanged {
                unit: Z,
                cohesion,
                cause: Cause::Combat,
            }],
        )
    };
    assert_eq!(
        preview_of(&shaken(2), &[A]).shifts,
        vec![Shift {
            cause: ShiftCause::DefenderShaken,
            columns: 1
        }]
    );
    assert_eq!(preview_of(&shaken(2), &[A]).column, 3);
    assert_eq!(preview_of(&shaken(3), &[A]).shifts, vec![]);
}

#[test]
fn disrupted_attackers_and_routed_defenders_count_half() {
    let g = after(combat_game(duel(), 0), vec![Event::Disrupted { unit: A }]);
    assert_eq!(preview_of(&g, &[A]).attack, 2);
    let g = after(
        combat_game(duel(), 0),
        vec![
            Event::CohesionChanged {
                unit: Z,
                cohesion: 0,
                cause: Cause::Combat,
            },
            Event::Routed { unit: Z },
        ],
    );
    let p = preview_of(&g, &[A]);
    assert_eq!((p.attack, p.defence, p.base_column), (4, 2, 4));
    assert_eq!(p.column, 5, "and a routed unit is shaken");
}

#[test]
fn the_preview_distribution_is_the_table_column_row_by_row() {
    for b in [
        duel(),
        duel().terrain((2, 1), Terrain::Forest),
        duel().unit("b", Side::Armenian, "arm_detachment", (2, 0)),
    ] {
        let g = combat_game(b, 0);
        let attackers: Vec<UnitId> = g.ctx().active_units(Side::Armenian).collect();
        let p = preview_of(&g, &attackers);
        let rows = &g.scenario().rules.combat.rows;
        assert_eq!(p.outcomes.len(), rows.len());
        let mut total = Chance { rows: 0, of: 6 };
        let mut sum = 0.0;
        for (i, o) in p.outcomes.iter().enumerate() {
            assert_eq!(o.roll, u32::try_from(i + 1).expect("small"));
            assert_eq!(o.result, rows[i][p.column]);
            assert_eq!(o.chance, Chance { rows: 1, of: 6 });
            total.rows += o.chance.rows;
            sum += o.chance.probability();
        }
        assert_eq!(total, Chance { rows: 6, of: 6 });
        assert!((sum - 1.0).abs() < 1e-12, "{sum}");
        let count = |f: fn(&CombatResult) -> bool| Chance {
            rows: u32::try_from(rows.iter().filter(|r| f(&r[p.column])).count()).expect("small"),
            of: 6,
        };
        assert_eq!(p.defender_retreats, count(|r| r.retreat > 0));
        assert_eq!(p.defender_loses_steps, count(|r| r.defender_steps > 0));
        assert_eq!(p.attacker_loses_steps, count(|r| r.attacker_steps > 0));
    }
    // At 1:1 in the open only die 6 makes the defender retreat; 1 to 4 cost the attacker.
    let p = preview_of(&combat_game(duel(), 0), &[A]);
    assert_eq!(p.defender_retreats, Chance { rows: 1, of: 6 });
    assert_eq!(p.attacker_loses_steps, Chance { rows: 4, of: 6 });
    assert!((p.defender_retreats.probability() - 1.0 / 6.0).abs() < 1e-12);
}

#[test]
fn an_attack_resolves_into_exact_events() {
    // Two detachments against infantry: 8:4 is 2:1 (column 4). Die 2 there: each side loses
    // a step, the first named of the equally strong attackers pays it.
    let b = || duel().unit("b", Side::Armenian, "arm_detachment", (2, 0));
    let (g, events) = rolling(2, &attack(&[A, UnitId(2)], TARGET, true), |seed| {
        combat_game(b(), seed)
    });
    let result = result(2, 4);
    assert_eq!(
        result,
        CombatResult {
            attacker_steps: 1,
            defender_steps: 1,
            retreat: 0,
            defender_cohesion: 0,
            attacker_cohesion: 0
        }
    );
    assert_eq!(
        events,
        vec![
            Event::Attacked {
                attackers: vec![A, UnitId(2)],
                target: TARGET,
                odds: (8, 4),
                column: 4,
                roll: 2,
                result,
            },
            Event::StepsLost {
                unit: A,
                steps: 1,
                cause: Cause::Combat
            },
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Combat
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
            Event::PointsAwarded {
                side: Side::Azerbaijani,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    assert!(g.state().unit(A).attacked && g.state().unit(UnitId(2)).attacked);
    assert_eq!(g.state().steps_lost, [1, 1]);
    assert_eq!(g.state().points[0].enemy_losses, 1);
    // The hex is still held: nobody advances.
    assert_eq!(g.state().unit(Z).hex, Some(TARGET));
}

#[test]
fn the_same_seed_resolves_the_same_way() {
    let play = || {
        let mut g = combat_game(duel(), 42);
        let events = g.execute(attack(&[A], TARGET, true)).expect("allowed");
        (events, g.state_hash())
    };
    assert_eq!(play(), play());
}

#[test]
fn step_losses_are_spread_strongest_first() {
    // Tanks and a detachment attack two mountain brigades on a crest: column 0, where rows 1
    // and 2 cost the attacker two steps; the tanks (7) pay first, then the detachment (4).
    let b = || {
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z1", Side::Azerbaijani, "az_mountain_bde", (2, 1))
            .unit("z2", Side::Azerbaijani, "az_mountain_bde", (2, 1))
            .unit("t", Side::Armenian, "arm_tanks", (2, 0))
            .terrain((2, 1), Terrain::Crest)
    };
    let tanks = UnitId(3);
    let (_, events) = rolling(1, &attack(&[A, tanks], TARGET, false), |seed| {
        combat_game(b(), seed)
    });
    let Event::Attacked { column, result, .. } = events[0] else {
        panic!("{events:?}")
    };
    assert_eq!((column, result.attacker_steps), (0, 2));
    assert_eq!(
        events[1..3],
        [
            Event::StepsLost {
                unit: tanks,
                steps: 1,
                cause: Cause::Combat
            },
            Event::StepsLost {
                unit: A,
                steps: 1,
                cause: Cause::Combat
            },
        ]
    );
}

/// Lakes east of the target, except the hexes given.
fn lakes_east(mut b: ScenarioBuilder, open: &[(i32, i32)]) -> ScenarioBuilder {
    for hex in [(3, 0), (3, 1), (3, 2), (4, 0), (4, 2)] {
        if !open.contains(&hex) {
            b = b.terrain(hex, Terrain::Lake);
        }
    }
    b
}

#[test]
fn the_defender_retreats_away_from_the_attackers() {
    // 1:1, die 6: a step, a retreat of one hex and a point of cohesion. Only (3,1) lies
    // farther from the attacker.
    let (g, events) = rolling(6, &attack(&[A], TARGET, false), |seed| {
        combat_game(lakes_east(duel(), &[(3, 1), (4, 1)]), seed)
    });
    assert_eq!(
        events,
        vec![
            Event::Attacked {
                attackers: vec![A],
                target: TARGET,
                odds: (4, 4),
                column: 2,
                roll: 6,
                result: result(6, 2),
            },
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Combat
            },
            Event::CohesionChanged {
                unit: Z,
                cohesion: 5,
                cause: Cause::Combat
            },
            Event::Retreated {
                unit: Z,
                path: vec![Offset::new(3, 1)]
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    assert_eq!(g.state().unit(Z).hex, Some(Offset::new(3, 1)));
    assert_eq!(
        g.ctx().controller(TARGET),
        Side::Azerbaijani,
        "no advance asked"
    );
}

#[test]
fn a_retreat_avoids_enemy_zones_when_it_can() {
    // (3,1) and (3,2) both lead away; an Armenian unit at (4,1) controls (3,1).
    let b = || {
        duel()
            .unit("x", Side::Armenian, "arm_detachment", (4, 1))
            .terrain((3, 0), Terrain::Lake)
    };
    let (_, events) = rolling(6, &attack(&[A], TARGET, false), |seed| {
        combat_game(b(), seed)
    });
    assert!(
        events.contains(&Event::Retreated {
            unit: Z,
            path: vec![Offset::new(3, 2)]
        }),
        "{events:?}"
    );
}

#[test]
fn advancing_after_combat_takes_the_hex() {
    let (g, events) = rolling(6, &attack(&[A], TARGET, true), |seed| {
        combat_game(lakes_east(duel(), &[(3, 1), (4, 1)]), seed)
    });
    assert_eq!(
        events[events.len() - 2..],
        [
            Event::Advanced {
                unit: A,
                to: TARGET
            },
            Event::ControlChanged {
                hex: TARGET,
                side: Side::Armenian
            },
        ]
    );
    assert_eq!(g.state().unit(A).hex, Some(TARGET));
    assert_eq!(g.ctx().controller(TARGET), Side::Armenian);
}

#[test]
fn a_blocked_retreat_costs_an_extra_step() {
    let (g, events) = rolling(6, &attack(&[A], TARGET, true), |seed| {
        combat_game(lakes_east(duel(), &[]), seed)
    });
    assert_eq!(
        events[1..],
        [
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Combat
            },
            Event::CohesionChanged {
                unit: Z,
                cohesion: 5,
                cause: Cause::Combat
            },
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::BlockedRetreat
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 2,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    let z = g.state().unit(Z);
    assert_eq!(
        (z.hex, z.steps),
        (Some(TARGET), 1),
        "it stays, so no advance"
    );
}

#[test]
fn a_unit_out_of_cohesion_routs_and_falls_back_one_hex_more() {
    // Cohesion 1: shaken, so 1:1 becomes 3:2 (column 3); die 6 there takes 2 cohesion and
    // asks a retreat of one hex; the rout adds one.
    let (g, events) = rolling(6, &attack(&[A], TARGET, false), |seed| {
        after(
            combat_game(lakes_east(duel(), &[(3, 1), (4, 1)]), seed),
            vec![Event::CohesionChanged {
                unit: Z,
                cohesion: 1,
                cause: Cause::Combat,
            }],
        )
    });
    assert_eq!(
        events,
        vec![
            Event::Attacked {
                attackers: vec![A],
                target: TARGET,
                odds: (4, 4),
                column: 3,
                roll: 6,
                result: result(6, 3),
            },
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Combat
            },
            Event::CohesionChanged {
                unit: Z,
                cohesion: 0,
                cause: Cause::Combat
            },
            Event::Routed { unit: Z },
            Event::Retreated {
                unit: Z,
                path: vec![Offset::new(3, 1), Offset::new(4, 1)]
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    assert_eq!(result(6, 3).retreat, 1);
    assert!(g.state().unit(Z).routed);
}

#[test]
fn a_routed_unit_that_cannot_retreat_surrenders() {
    // Routed: defends at half (2) and is shaken, so 4:2 is 2:1 shifted to 3:1 (column 5).
    // Die 1 there costs the attacker a step; the routed defender must fall back, cannot, and
    // surrenders: 60 % of its 100 men with all three steps left.
    let (g, events) = rolling(1, &attack(&[A], TARGET, true), |seed| {
        after(
            combat_game(lakes_east(duel(), &[]), seed),
            vec![
                Event::CohesionChanged {
                    unit: Z,
                    cohesion: 0,
                    cause: Cause::Combat,
                },
                Event::Routed { unit: Z },
            ],
        )
    });
    assert_eq!(
        events,
        vec![
            Event::Attacked {
                attackers: vec![A],
                target: TARGET,
                odds: (4, 2),
                column: 5,
                roll: 1,
                result: result(1, 5),
            },
            Event::StepsLost {
                unit: A,
                steps: 1,
                cause: Cause::Combat
            },
            Event::Surrendered {
                unit: Z,
                prisoners: 60
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 3,
                cause: PointsCause::EnemyLosses
            },
            Event::PointsAwarded {
                side: Side::Azerbaijani,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
            Event::Advanced {
                unit: A,
                to: TARGET
            },
            Event::ControlChanged {
                hex: TARGET,
                side: Side::Armenian
            },
        ]
    );
    assert_eq!(g.state().unit(Z).status, UnitStatus::Surrendered);
    assert_eq!(g.state().prisoners, [0, 60]);
}

#[test]
fn a_defence_worn_down_by_fire_routs_and_then_surrenders() {
    // Six rocket batteries fire on a cut-off company (lakes behind it); every salvo disrupts
    // it and costs it a point of cohesion. Then the detachment attacks.
    let b = || {
        let mut b = lakes_east(duel(), &[]);
        for i in 0..6 {
            b = b.unit(&format!("g{i}"), Side::Armenian, "arm_grad", (0, 1));
        }
        b
    };
    let batteries: Vec<UnitId> = (2..8).map(UnitId).collect();
    let mut surrendered = 0;
    for seed in 0..200 {
        let mut g = combat_game(b(), seed);
        for g_id in &batteries {
            if g.state().unit(Z).status != UnitStatus::Active {
                break;
            }
            g.execute(Command::Bombard {
                unit: *g_id,
                target: TARGET,
            })
            .expect("observed by the detachment next to it");
        }
        let z = g.state().unit(Z);
        if z.status != UnitStatus::Active {
            continue; // the salvoes destroyed it outright
        }
        assert_eq!((z.cohesion, z.routed, z.disrupted), (0, true, true));
        let steps = z.steps;
        let events = g.execute(attack(&[A], TARGET, false)).expect("allowed");
        let Event::Attacked { result, .. } = events[0] else {
            panic!("{events:?}")
        };
        let left = u32::from(steps.saturating_sub(result.defender_steps));
        if left == 0 {
            assert!(events.contains(&Event::Eliminated { unit: Z }));
            continue;
        }
        // 60 % of its 100 men, in proportion to the steps it has left of 3.
        assert!(
            events.contains(&Event::Surrendered {
                unit: Z,
                prisoners: 100 * left * 60 / 300
            }),
            "seed {seed}: {events:?}"
        );
        surrendered += 1;
    }
    assert!(surrendered > 0, "no surrender in 200 games");
}

#[test]
fn attacking_where_people_live_hurts_them_and_costs_points() {
    // 10 per mille, rounded up; 3 points per hundred hurt, rounded up.
    for (people, hurt, points) in [(1000, 10, -3), (50, 1, -3), (25_000, 250, -9)] {
        let mut g = combat_game(
            duel()
                .place("v", PlaceKind::Village, (2, 1))
                .civilians("v", people),
            0,
        );
        let present = g.state().settlements[0].present;
        assert_eq!(present, people, "nobody has left yet");
        let events = g.execute(attack(&[A], TARGET, false)).expect("allowed");
        assert_eq!(
            events[1..3],
            [
                Event::CivilianCasualties {
                    hex: TARGET,
                    people: hurt,
                    by: Side::Armenian
                },
                Event::PointsAwarded {
                    side: Side::Armenian,
                    points,
                    cause: PointsCause::CivilianHarm
                },
            ],
            "{people} people"
        );
        assert_eq!(g.state().settlements[0].present, people - hurt);
        assert_eq!(g.state().civilians.casualties, u64::from(hurt));
        assert_eq!(g.state().points[0].civilian_harm, points);
    }
}

#[test]
fn a_refugee_column_in_the_hex_is_hurt_too() {
    let g = combat_game(
        duel()
            .place("v", PlaceKind::Village, (5, 1))
            .civilians("v", 3000),
        0,
    );
    let mut g = after(
        g,
        vec![Event::ColumnFormed {
            settlement: 0,
            people: 400,
            hex: TARGET,
            destination: Destination::Exit("east".into()),
        }],
    );
    let events = g.execute(attack(&[A], TARGET, false)).expect("allowed");
    assert_eq!(
        events[1],
        Event::CivilianCasualties {
            hex: TARGET,
            people: 4,
            by: Side::Armenian
        }
    );
    assert_eq!(g.state().columns[0].people, 396);
    assert_eq!(
        g.state().settlements[0].present,
        2600,
        "the village is spared"
    );
}

#[test]
fn losing_a_leader_shakes_every_unit_of_its_axis() {
    // The leader's company has one step (defence 2): 4:2 is column 4, where die 3 takes a
    // step. Its axis loses a point of cohesion; a unit at 1 routs; another axis is untouched.
    let b = || {
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z0", Side::Azerbaijani, "az_infantry", (2, 1))
            .with(|u| {
                u.steps = Some(1);
                u.leader = Some("a commander".into());
                u.axis = Some("701".into());
            })
            .unit("z1", Side::Azerbaijani, "az_infantry", (4, 2))
            .with(|u| u.axis = Some("701".into()))
            .unit("z2", Side::Azerbaijani, "az_infantry", (4, 0))
            .with(|u| u.axis = Some("other".into()))
            .unit("z3", Side::Azerbaijani, "az_infantry", (5, 1))
            .with(|u| u.axis = Some("701".into()))
    };
    let (z1, z2, z3) = (UnitId(2), UnitId(3), UnitId(4));
    let (g, events) = rolling(3, &attack(&[A], TARGET, false), |seed| {
        after(
            combat_game(b(), seed),
            vec![Event::CohesionChanged {
                unit: z3,
                cohesion: 1,
                cause: Cause::Combat,
            }],
        )
    });
    assert_eq!(
        events[1..],
        [
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Combat
            },
            Event::Eliminated { unit: Z },
            Event::CohesionChanged {
                unit: z1,
                cohesion: 5,
                cause: Cause::LeaderLost
            },
            Event::CohesionChanged {
                unit: z3,
                cohesion: 0,
                cause: Cause::LeaderLost
            },
            Event::Routed { unit: z3 },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    assert_eq!(result(3, 4).defender_steps, 1);
    assert_eq!(g.state().unit(z2).cohesion, 6);
}

#[test]
fn attacks_are_refused_with_their_reasons() {
    let msg = |g: &Game, c: Command| g.check(&c).expect_err("refused").to_string();
    // Movement phase.
    let g = Game::new(duel().build(), 0, false);
    assert_eq!(
        g.check(&attack(&[A], TARGET, false)),
        Err(CommandError::WrongPhase {
            needed: "combat".into()
        })
    );
    let g = combat_game(
        duel()
            .unit("far", Side::Armenian, "arm_detachment", (0, 2))
            .unit("g", Side::Armenian, "arm_grad", (1, 2))
            .unit("z2", Side::Azerbaijani, "az_infantry", (1, 0)),
        0,
    );
    assert_eq!(
        msg(&g, attack(&[], TARGET, false)),
        "an attack needs at least one unit"
    );
    assert_eq!(
        msg(&g, attack(&[A, A], TARGET, false)),
        "a is named twice in the attack"
    );
    assert_eq!(
        msg(&g, attack(&[Z], TARGET, false)),
        "z belongs to the other side"
    );
    assert_eq!(
        msg(&g, attack(&[A], Offset::new(4, 1), false)),
        "there is no enemy in (4,1)"
    );
    assert_eq!(
        msg(&g, attack(&[UnitId(2)], TARGET, false)),
        "far is not next to (2,1)"
    );
    assert_eq!(
        msg(&g, attack(&[UnitId(3)], Offset::new(1, 0), false)),
        "g cannot attack: it has no attack strength"
    );
    let routed = after(g.clone(), vec![Event::Routed { unit: A }]);
    assert_eq!(
        msg(&routed, attack(&[A], TARGET, false)),
        "a is routed and cannot attack"
    );
    // One attack per unit per turn.
    let mut once = g.clone();
    once.execute(attack(&[A], Offset::new(1, 0), false))
        .expect("allowed");
    assert_eq!(
        msg(&once, attack(&[A], TARGET, false)),
        "a has already attacked this turn"
    );
    // A halt for refugee columns stops every attack and fire this turn.
    let mut halted = g.clone();
    halted.execute(Command::HaltForColumns).expect("allowed");
    let halt = "your side halted its attacks this turn to let refugee columns pass";
    assert_eq!(msg(&halted, attack(&[A], TARGET, false)), halt);
    assert_eq!(
        msg(
            &halted,
            Command::Bombard {
                unit: UnitId(3),
                target: TARGET
            }
        ),
        halt
    );
}

#[test]
fn a_truce_covers_a_place() {
    let g = after(
        combat_game(duel().place("v", PlaceKind::Village, (2, 1)), 0),
        vec![Event::TruceAgreed {
            side: Side::Armenian,
            hex: TARGET,
            until_turn: 3,
        }],
    );
    assert_eq!(
        g.check(&attack(&[A], TARGET, false)),
        Err(CommandError::Truce {
            place: "v".into(),
            until: 3
        })
    );
    assert_eq!(
        g.check(&attack(&[A], TARGET, false))
            .expect_err("refused")
            .to_string(),
        "your side has agreed not to attack v until turn 3"
    );
    // The other side's truce does not bind this one.
    let g = after(
        combat_game(duel(), 0),
        vec![Event::TruceAgreed {
            side: Side::Azerbaijani,
            hex: TARGET,
            until_turn: 3,
        }],
    );
    assert_eq!(g.check(&attack(&[A], TARGET, false)), Ok(()));
}

// --- Bombardment ---

const G: UnitId = UnitId(2);

fn fire(unit: UnitId, target: Offset) -> Command {
    Command::Bombard { unit, target }
}

/// The detachment and the infantry of [`duel`], with a rocket battery behind the detachment.
fn battery() -> ScenarioBuilder {
    duel().unit("g", Side::Armenian, "arm_grad", (0, 1))
}

#[test]
fn a_bombardment_disrupts_and_may_cost_a_step() {
    // Grad 6 within half range: every die disrupts (≥ 7); 4 or more also takes a step (≥ 10).
    let (g, events) = rolling(4, &fire(G, TARGET), |seed| combat_game(battery(), seed));
    assert_eq!(
        events,
        vec![
            Event::Bombarded {
                unit: G,
                target: TARGET,
                roll: 4
            },
            Event::Disrupted { unit: Z },
            Event::CohesionChanged {
                unit: Z,
                cohesion: 5,
                cause: Cause::Bombardment
            },
            Event::StepsLost {
                unit: Z,
                steps: 1,
                cause: Cause::Bombardment
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: 1,
                cause: PointsCause::EnemyLosses
            },
        ]
    );
    assert!(g.state().unit(G).fired);
    assert!(g.state().unit(Z).disrupted);
    assert_eq!(
        g.check(&fire(G, TARGET)),
        Err(CommandError::AlreadyActed {
            unit: "g".into(),
            what: "fired".into()
        })
    );
    let (_, events) = rolling(3, &fire(G, TARGET), |seed| combat_game(battery(), seed));
    assert_eq!(
        events[1..],
        [
            Event::Disrupted { unit: Z },
            Event::CohesionChanged {
                unit: Z,
                cohesion: 5,
                cause: Cause::Bombardment
            },
        ]
    );
}

#[test]
fn the_strongest_unit_in_the_hex_loses_the_step() {
    let b = || battery().unit("z2", Side::Azerbaijani, "az_motor_rifle_bn", (2, 1));
    let (_, events) = rolling(6, &fire(G, TARGET), |seed| combat_game(b(), seed));
    assert!(
        events.contains(&Event::StepsLost {
            unit: UnitId(3),
            steps: 1,
            cause: Cause::Bombardment
        }),
        "{events:?}"
    );
    assert!(events.contains(&Event::Disrupted { unit: Z }));
    assert!(events.contains(&Event::Disrupted { unit: UnitId(3) }));
}

#[test]
fn range_and_dug_in_targets_weaken_fire() {
    // Howitzers (4, range 7) at 7 hexes: 4 hexes beyond half range (3) cost 4; nothing can
    // come of it.
    let b = || {
        ScenarioBuilder::new(9, 3)
            .unit("a", Side::Armenian, "arm_detachment", (6, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (7, 1))
            .unit("g", Side::Armenian, "arm_artillery", (0, 1))
    };
    let far = Offset::new(7, 1);
    let g = combat_game(b(), 0);
    let p = bombard_preview(&g.ctx(), G, far).expect("allowed");
    assert_eq!(
        (
            p.strength,
            p.distance,
            p.range_penalty,
            p.entrenched_penalty,
            p.modifier
        ),
        (4, 7, 4, 0, 0)
    );
    assert_eq!(
        (p.disrupt, p.step_loss),
        (Chance { rows: 0, of: 6 }, Chance { rows: 0, of: 6 })
    );
    let mut g = g;
    let events = g.execute(fire(G, far)).expect("allowed");
    assert_eq!(events.len(), 1, "{events:?}");

    // The Grad close in against a dug-in unit: 6 − 2.
    let g = after(
        combat_game(battery(), 0),
        vec![Event::Entrenched { unit: Z }],
    );
    let p = bombard_preview(&g.ctx(), G, TARGET).expect("allowed");
    assert_eq!(
        (p.range_penalty, p.entrenched_penalty, p.modifier),
        (0, 2, 4)
    );
    assert_eq!(p.disrupt, Chance { rows: 4, of: 6 });
    assert_eq!(p.step_loss, Chance { rows: 1, of: 6 });
}

#[test]
fn fire_needs_range_and_an_observer_with_a_line_of_sight() {
    let msg = |g: &Game, c: Command| g.check(&c).expect_err("refused").to_string();
    // Howitzers at (0,1), the enemy at (8,1): beyond their range of 7.
    let g = combat_game(
        ScenarioBuilder::new(10, 3)
            .unit("a", Side::Armenian, "arm_detachment", (7, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (8, 1))
            .unit("g", Side::Armenian, "arm_artillery", (0, 1)),
        0,
    );
    assert_eq!(
        msg(&g, fire(G, Offset::new(8, 1))),
        "(8,1) is 8 hexes from g, beyond its range of 7"
    );
    assert_eq!(
        msg(&g, fire(A, Offset::new(8, 1))),
        "a cannot bombard: it is not artillery"
    );

    // A Grad (range 10) alone: it sees 6 hexes in clear weather, the enemy is 8 away.
    let alone = |b: ScenarioBuilder| {
        combat_game(
            b.unit("z", Side::Azerbaijani, "az_infantry", (8, 1)).unit(
                "g",
                Side::Armenian,
                "arm_grad",
                (0, 1),
            ),
            0,
        )
    };
    let g = alone(ScenarioBuilder::new(10, 3).unit("a", Side::Armenian, "arm_detachment", (0, 0)));
    let target = Offset::new(8, 1);
    assert!(!observed(&g.ctx(), Side::Armenian, target));
    assert_eq!(
        msg(&g, fire(G, target)),
        "no one on your side can see (8,1) to direct the fire"
    );
    // An observer 5 hexes from the target sees it...
    let g = alone(ScenarioBuilder::new(10, 3).unit("a", Side::Armenian, "arm_detachment", (3, 1)));
    assert!(observed(&g.ctx(), Side::Armenian, target));
    assert_eq!(g.check(&fire(G, target)), Ok(()));
    // ...unless a crest or higher ground lies between.
    for b in [
        ScenarioBuilder::new(10, 3).terrain((5, 1), Terrain::Crest),
        ScenarioBuilder::new(10, 3).elevation((5, 1), 1500),
    ] {
        let g = alone(b.unit("a", Side::Armenian, "arm_detachment", (3, 1)));
        assert!(!line_of_sight(&g.ctx(), Offset::new(3, 1), target));
        assert_eq!(
            g.check(&fire(G, target)),
            Err(CommandError::HiddenByTerrain(target))
        );
        assert_eq!(
            msg(&g, fire(G, target)),
            "the ground between hides (8,1) from every observer on your side near enough to see it"
        );
    }
}

#[test]
fn shelling_where_people_live_hurts_them_and_costs_points() {
    // 4 per mille of 1,000 people.
    let mut g = combat_game(
        battery()
            .place("v", PlaceKind::Village, (2, 1))
            .civilians("v", 1000),
        0,
    );
    let events = g.execute(fire(G, TARGET)).expect("allowed");
    assert_eq!(
        events[1..3],
        [
            Event::CivilianCasualties {
                hex: TARGET,
                people: 4,
                by: Side::Armenian
            },
            Event::PointsAwarded {
                side: Side::Armenian,
                points: -3,
                cause: PointsCause::CivilianHarm
            },
        ]
    );
}

#[test]
fn a_terrain_cannot_be_both_open_and_mountain_for_armour() {
    let g = combat_game(duel(), 0);
    let mut rules = g.scenario().rules.clone();
    assert_eq!(rules.check(), Vec::<String>::new());
    rules
        .combat_modifiers
        .armour_open_terrain
        .push(Terrain::Pass);
    assert_eq!(
        rules.check(),
        vec![
            "combat_modifiers: pass (Pass) is both in armour_open_terrain and in \
             armour_mountain_terrain"
                .to_string()
        ]
    );
}
