//! Supply rules on small built maps: road and off-road costs, lines cut by the enemy and its
//! zone of control, the longest line, the closed pass, depots and their stock, isolation,
//! encirclement and rout, and the reasons a player reads.

use kalbajar_core::geography::{PlaceKind, RoadClass, Side};
use kalbajar_core::hex::Offset;
use kalbajar_core::map::Terrain;
use kalbajar_core::rules::event::{Cause, Event};
use kalbajar_core::rules::state::{SupplyStatus, UnitStatus};
use kalbajar_core::rules::supply::{self, SupplyLine};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, Game, Sink, UnitId};
use kalbajar_core::rules_data::Weather;
use kalbajar_core::scenario::{Loc, Scenario, SupplyKind};

const A: UnitId = UnitId(0);
const B: UnitId = UnitId(1);
const C: UnitId = UnitId(2);

fn game(b: ScenarioBuilder) -> Game {
    Game::new(b.build(), 1, false)
}

/// Adds a named supply source.
fn source(
    b: ScenarioBuilder,
    side: Side,
    name: &str,
    at: Loc,
    kind: SupplyKind,
) -> ScenarioBuilder {
    let name = name.to_string();
    b.supply(side, at, kind).file(move |f| {
        if let Some(s) = f.supply_sources.last_mut() {
            s.name = name;
        }
    })
}

/// A map with the Armenian source "Armenia" at (0,1) and the Azerbaijani source "Ganja" in the
/// bottom-right corner.
fn map(width: i32, height: i32) -> ScenarioBuilder {
    let b = ScenarioBuilder::new(width, height);
    let b = source(
        b,
        Side::Armenian,
        "Armenia",
        Loc::Hex(0, 1),
        SupplyKind::Unlimited,
    );
    source(
        b,
        Side::Azerbaijani,
        "Ganja",
        Loc::Hex(width - 1, height - 1),
        SupplyKind::Unlimited,
    )
}

fn status(g: &Game, unit: UnitId) -> SupplyStatus {
    g.state().unit(unit).supply.clone()
}

fn in_supply(source: &str, cost: u32) -> SupplyStatus {
    SupplyStatus::InSupply {
        source: source.into(),
        cost,
    }
}

fn out(reason: &str) -> SupplyStatus {
    SupplyStatus::OutOfSupply {
        reason: reason.into(),
    }
}

fn offsets(hexes: &[(i32, i32)]) -> Vec<Offset> {
    hexes.iter().map(|h| Offset::from(*h)).collect()
}

/// Ends phases until the Azerbaijani side's part of the turn begins (its supply is traced).
fn to_azerbaijani(g: &mut Game) -> Vec<Event> {
    let mut events = g.execute(Command::EndPhase).expect("a phase can end");
    events.extend(g.execute(Command::EndPhase).expect("a phase can end"));
    events
}

/// Ends four phases: from the start of a side's part to the start of its part the next turn.
fn next_turn(g: &mut Game) -> Vec<Event> {
    let mut events = Vec::new();
    for _ in 0..4 {
        events.extend(g.execute(Command::EndPhase).expect("a phase can end"));
    }
    events
}

/// The supply events and what follows from them, in order.
fn supply_events(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::SupplyTraced { .. }
                    | Event::DepotDrawn { .. }
                    | Event::CohesionChanged { .. }
                    | Event::StepsLost { .. }
                    | Event::Routed { .. }
                    | Event::Eliminated { .. }
            )
        })
        .cloned()
        .collect()
}

fn the_first_turn(g: &Game) -> Vec<Event> {
    let events: Vec<Event> = g.log().iter().map(|l| l.event.clone()).collect();
    supply_events(&events)
}

#[test]
fn a_line_along_the_road_costs_its_class_per_hexside() {
    let g = game(
        map(10, 3)
            .road(RoadClass::Paved, &[(0, 1), (1, 1), (2, 1)])
            .road(RoadClass::Dirt, &[(2, 1), (3, 1), (4, 1)])
            .road(RoadClass::Track, &[(4, 1), (5, 1), (6, 1)])
            .unit("a", Side::Armenian, "arm_detachment", (6, 1)),
    );
    // Paved 1 + 1, dirt 2 + 2, track 3 + 3.
    assert_eq!(status(&g, A), in_supply("Armenia", 12));
    assert_eq!(
        supply::trace(&g.ctx(), A),
        SupplyLine {
            status: in_supply("Armenia", 12),
            path: offsets(&[(6, 1), (5, 1), (4, 1), (3, 1), (2, 1), (1, 1), (0, 1)]),
        }
    );
    let costs = supply::supply_map(&g.ctx(), Side::Armenian);
    let row: Vec<Option<u32>> = (0..10).map(|col| costs[10 + col]).collect();
    // Beyond the road's end at (6,1), three hexes off the road at 3 each.
    let expected = [0, 1, 2, 4, 6, 9, 12, 15, 18, 21].map(Some);
    assert_eq!(row, expected);
    assert_eq!(costs[0], Some(3), "(0,0) is one hex off the road");
}

#[test]
fn a_line_leaves_the_road_for_at_most_three_hexes_and_not_across_a_lake() {
    let g = game(
        map(10, 3)
            .road(RoadClass::Paved, &[(0, 1), (1, 1), (2, 1)])
            .unit("a", Side::Armenian, "arm_detachment", (5, 1))
            .unit("b", Side::Armenian, "arm_detachment", (6, 1)),
    );
    assert_eq!(status(&g, A), in_supply("Armenia", 2 + 3 * 3));
    assert_eq!(
        status(&g, B),
        out("no road within 3 hexes leads back to a supply source")
    );
    let g = game(
        map(8, 3)
            .road(RoadClass::Paved, &[(0, 1), (1, 1), (2, 1)])
            .terrain((3, 0), Terrain::Lake)
            .terrain((3, 1), Terrain::Lake)
            .terrain((3, 2), Terrain::Lake)
            .unit("a", Side::Armenian, "arm_detachment", (4, 1)),
    );
    assert_eq!(
        status(&g, A),
        out("no road within 3 hexes leads back to a supply source"),
        "two hexes from the road's end, but across the lake"
    );
}

/// A paved road along row 1 with the unit near its far end.
fn long_road() -> ScenarioBuilder {
    map(8, 3)
        .road(
            RoadClass::Paved,
            &[
                (0, 1),
                (1, 1),
                (2, 1),
                (3, 1),
                (4, 1),
                (5, 1),
                (6, 1),
                (7, 1),
            ],
        )
        .unit("a", Side::Armenian, "arm_detachment", (6, 1))
}

#[test]
fn an_enemy_unit_on_the_road_cuts_the_line() {
    let g = game(long_road().unit("z", Side::Azerbaijani, "az_infantry", (3, 1)));
    assert_eq!(
        status(&g, A),
        out("no road to a supply source: enemy units cut the line at (3,1)")
    );
    assert_eq!(supply::trace(&g.ctx(), A).path, Vec::new());
}

#[test]
fn an_uncontested_zone_of_control_cuts_the_line_but_a_contested_one_does_not() {
    // The enemy at (3,0) holds the road hexes (2,1) and (3,1) in its zone.
    let g = game(long_road().unit("z", Side::Azerbaijani, "az_infantry", (3, 0)));
    assert_eq!(
        status(&g, A),
        out("no road to a supply source: the enemy's zone of control cuts the line at (3,1)")
    );
    // A friendly unit in one of the two hexes contests it; the other still cuts the line.
    let g = game(
        long_road()
            .unit("c", Side::Armenian, "arm_detachment", (3, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (3, 0)),
    );
    assert_eq!(
        status(&g, A),
        out("no road to a supply source: the enemy's zone of control cuts the line at (2,1)")
    );
    let g = game(
        long_road()
            .unit("b", Side::Armenian, "arm_detachment", (2, 1))
            .unit("c", Side::Armenian, "arm_detachment", (3, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (3, 0)),
    );
    assert_eq!(status(&g, A), in_supply("Armenia", 6));
    assert_eq!(status(&g, B), in_supply("Armenia", 2));
    assert_eq!(status(&g, C), in_supply("Armenia", 3));
}

#[test]
fn a_line_longer_than_the_limit_is_out_of_supply() {
    let road: Vec<(i32, i32)> = (0..=16).map(|col| (col, 1)).collect();
    let g = game(
        map(20, 3)
            .road(RoadClass::Track, &road)
            .unit("a", Side::Armenian, "arm_detachment", (15, 1))
            .unit("b", Side::Armenian, "arm_detachment", (16, 1)),
    );
    assert_eq!(status(&g, A), in_supply("Armenia", 45), "15 track hexsides");
    assert_eq!(
        status(&g, B),
        out("beyond 45 supply points from the nearest source (the line to Armenia would cost 48)")
    );
}

#[test]
fn a_pass_closed_by_snow_triples_the_cost_of_entering_it() {
    // Lakes beside the pass leave no way round it.
    let b = || {
        map(6, 3)
            .place("omar", PlaceKind::Pass, (1, 1))
            .terrain((1, 0), Terrain::Lake)
            .terrain((1, 2), Terrain::Lake)
            .road(RoadClass::Track, &[(0, 1), (1, 1), (2, 1)])
            .unit("a", Side::Armenian, "arm_detachment", (2, 1))
    };
    assert_eq!(status(&game(b()), A), in_supply("Armenia", 6));
    let g = game(b().weather(Weather::Snow));
    assert_eq!(status(&g, A), in_supply("Armenia", 3 * 3 + 3));
}

/// Kalbajar (3,1) holds a depot of `stock`; Ganja is at (9,1), too far without a road.
fn depot_map(stock: u32) -> ScenarioBuilder {
    let b = ScenarioBuilder::new(10, 3).place("Kalbajar", PlaceKind::Town, (3, 1));
    let b = source(
        b,
        Side::Armenian,
        "Armenia",
        Loc::Hex(0, 0),
        SupplyKind::Unlimited,
    );
    let b = source(
        b,
        Side::Azerbaijani,
        "Ganja",
        Loc::Hex(9, 1),
        SupplyKind::Unlimited,
    );
    source(
        b,
        Side::Azerbaijani,
        "Depots",
        Loc::Place("Kalbajar".into()),
        SupplyKind::Depot { stock },
    )
}

const DEPOT: usize = 2;

#[test]
fn units_draw_on_a_depot_until_it_runs_dry() {
    let mut g = game(
        depot_map(3)
            .unit("z1", Side::Azerbaijani, "az_infantry", (3, 1))
            .unit("z2", Side::Azerbaijani, "az_infantry", (4, 1))
            .unit("z3", Side::Azerbaijani, "az_infantry", (2, 1))
            .unit("z4", Side::Azerbaijani, "az_infantry", (3, 0))
            .unit("z5", Side::Azerbaijani, "az_infantry", (8, 1)),
    );
    let from_depot = SupplyStatus::FromDepot {
        source: "Depots".into(),
    };
    let empty = out("the depot at Kalbajar is empty");
    let traced = |unit: u16, status: &SupplyStatus| Event::SupplyTraced {
        unit: UnitId(unit),
        status: status.clone(),
    };
    let events = to_azerbaijani(&mut g);
    assert_eq!(
        supply_events(&events),
        vec![
            traced(0, &from_depot),
            traced(1, &from_depot),
            traced(2, &from_depot),
            traced(3, &empty),
            traced(4, &in_supply("Ganja", 3)),
            Event::DepotDrawn {
                source: DEPOT,
                amount: 3
            },
            Event::CohesionChanged {
                unit: UnitId(3),
                cohesion: 5,
                cause: Cause::Isolation
            },
        ]
    );
    assert_eq!(g.state().depot_stock[DEPOT], 0);
    assert_eq!(
        supply::trace(&g.ctx(), UnitId(1)).status,
        empty,
        "with the stock gone"
    );
    // The next turn nothing is left to draw.
    let events = next_turn(&mut g);
    let lines: Vec<Event> = supply_events(&events)
        .into_iter()
        .filter(|e| matches!(e, Event::SupplyTraced { .. } | Event::DepotDrawn { .. }))
        .collect();
    assert_eq!(
        lines,
        vec![
            traced(0, &empty),
            traced(1, &empty),
            traced(2, &empty),
            traced(3, &empty),
            traced(4, &in_supply("Ganja", 3)),
        ]
    );
}

#[test]
fn a_unit_the_main_line_reaches_leaves_the_depot_alone() {
    let mut g = game(
        depot_map(3)
            .road(
                RoadClass::Paved,
                &[(9, 1), (8, 1), (7, 1), (6, 1), (5, 1), (4, 1), (3, 1)],
            )
            .unit("z1", Side::Azerbaijani, "az_infantry", (3, 1)),
    );
    let events = to_azerbaijani(&mut g);
    assert_eq!(status(&g, A), in_supply("Ganja", 6));
    assert_eq!(g.state().depot_stock[DEPOT], 3);
    assert!(!events.iter().any(|e| matches!(e, Event::DepotDrawn { .. })));
}

#[test]
fn a_depot_in_enemy_hands_supplies_no_one() {
    let mut g = game(depot_map(3).control((3, 1), Side::Armenian).unit(
        "z1",
        Side::Azerbaijani,
        "az_infantry",
        (4, 1),
    ));
    to_azerbaijani(&mut g);
    assert_eq!(
        status(&g, A),
        out("the depot at Kalbajar is in enemy hands")
    );
    assert_eq!(g.state().depot_stock[DEPOT], 3);
}

#[test]
fn out_of_supply_costs_cohesion_each_turn_then_steps_until_the_unit_is_gone() {
    // Ten hexes from the corner source with no road: out of supply from the start.
    let mut g =
        game(ScenarioBuilder::new(12, 3).unit("a", Side::Armenian, "arm_detachment", (10, 1)));
    let reason = out("no road within 3 hexes leads back to a supply source");
    let traced = Event::SupplyTraced {
        unit: A,
        status: reason.clone(),
    };
    let cohesion = |c: u8| Event::CohesionChanged {
        unit: A,
        cohesion: c,
        cause: Cause::Isolation,
    };
    let step = Event::StepsLost {
        unit: A,
        steps: 1,
        cause: Cause::Isolation,
    };
    let mut turns = vec![the_first_turn(&g)];
    for _ in 2..=7 {
        let events = next_turn(&mut g);
        turns.push(supply_events(&events));
    }
    assert_eq!(
        turns,
        vec![
            vec![traced.clone(), cohesion(5)],
            vec![traced.clone(), cohesion(4)],
            vec![traced.clone(), cohesion(3)],
            vec![traced.clone(), cohesion(2)],
            // After four turns in a row out of supply, a step a turn.
            vec![traced.clone(), step.clone(), cohesion(1)],
            vec![
                traced.clone(),
                step.clone(),
                cohesion(0),
                Event::Routed { unit: A }
            ],
            vec![traced, step, Event::Eliminated { unit: A }],
        ]
    );
    let u = g.state().unit(A);
    assert_eq!(u.status, UnitStatus::Eliminated);
    assert_eq!(u.isolated_turns, 7);
    assert_eq!(g.state().steps_lost, [3, 0]);
}

#[test]
fn a_unit_routs_once_when_its_cohesion_is_gone() {
    let mut g = game(
        ScenarioBuilder::new(12, 3)
            .unit("a", Side::Armenian, "arm_detachment", (10, 1))
            .rules(|r| r.supply.out_of_supply_cohesion_loss = 6),
    );
    let reason = out("no road within 3 hexes leads back to a supply source");
    let traced = Event::SupplyTraced {
        unit: A,
        status: reason,
    };
    assert_eq!(
        the_first_turn(&g),
        vec![
            traced.clone(),
            Event::CohesionChanged {
                unit: A,
                cohesion: 0,
                cause: Cause::Isolation
            },
            Event::Routed { unit: A },
        ]
    );
    assert!(g.state().unit(A).routed);
    assert_eq!(supply_events(&next_turn(&mut g)), vec![traced]);
}

/// The unit at (2,1) stands on its own source, so it is in supply whatever surrounds it.
fn surrounded() -> ScenarioBuilder {
    let b = ScenarioBuilder::new(6, 4);
    let b = source(
        b,
        Side::Armenian,
        "Armenia",
        Loc::Hex(2, 1),
        SupplyKind::Unlimited,
    );
    source(
        b,
        Side::Azerbaijani,
        "Ganja",
        Loc::Hex(5, 3),
        SupplyKind::Unlimited,
    )
    .unit("a", Side::Armenian, "arm_detachment", (2, 1))
}

#[test]
fn an_encircled_unit_loses_cohesion_unless_a_neighbour_is_contested() {
    // Enemies at (2,0) and (3,2) occupy or hold in their zones all six neighbours of (2,1).
    let enc = Event::CohesionChanged {
        unit: A,
        cohesion: 5,
        cause: Cause::Encirclement,
    };
    let traced = Event::SupplyTraced {
        unit: A,
        status: in_supply("Armenia", 0),
    };
    let g = game(
        surrounded()
            .unit("z1", Side::Azerbaijani, "az_infantry", (2, 0))
            .unit("z2", Side::Azerbaijani, "az_infantry", (3, 2)),
    );
    assert_eq!(the_first_turn(&g), vec![traced.clone(), enc.clone()]);
    // A friendly unit in (1,1) keeps a way open.
    let g = game(
        surrounded()
            .unit("b", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z1", Side::Azerbaijani, "az_infantry", (2, 0))
            .unit("z2", Side::Azerbaijani, "az_infantry", (3, 2)),
    );
    let events = the_first_turn(&g);
    assert!(!events.contains(&enc), "{events:?}");
    assert_eq!(g.state().unit(A).cohesion, 6);
    // A lake closes (1,1) as well as the enemy's zone did.
    let g = game(
        surrounded()
            .terrain((1, 1), Terrain::Lake)
            .unit("z1", Side::Azerbaijani, "az_infantry", (3, 0))
            .unit("z2", Side::Azerbaijani, "az_infantry", (3, 2)),
    );
    assert_eq!(the_first_turn(&g), vec![traced, enc]);
}

fn real_scenario() -> std::sync::Arc<Scenario> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    Scenario::load(&dir).expect("loads").into()
}

#[test]
fn the_real_scenario_starts_with_every_unit_in_supply() {
    let mut g = Game::new(real_scenario(), 3, false);
    let unsupplied = |g: &Game, side: Side| -> Vec<String> {
        g.ctx()
            .active_units(side)
            .filter(|id| !g.state().unit(*id).supply.is_supplied())
            .map(|id| format!("{}: {:?}", g.ctx().unit_name(id), g.state().unit(id).supply))
            .collect()
    };
    assert!(g.ctx().active_units(Side::Armenian).count() > 0);
    assert_eq!(unsupplied(&g, Side::Armenian), Vec::<String>::new());
    to_azerbaijani(&mut g);
    assert!(g.ctx().active_units(Side::Azerbaijani).count() > 0);
    assert_eq!(unsupplied(&g, Side::Azerbaijani), Vec::<String>::new());
}

/// The benchmark target: every unit of a side on the real map within 300 µs (optimised build).
#[test]
#[ignore = "timing: cargo test --release -p kalbajar-core --test supply -- --ignored"]
fn supply_for_a_side_on_the_real_map_is_fast() {
    let g = Game::new(real_scenario(), 3, false);
    let sc = g.scenario();
    let mut times = Vec::new();
    for side in [Side::Armenian, Side::Azerbaijani].repeat(50) {
        let mut sink = Sink::new(g.state().clone(), sc.map.width());
        let start = std::time::Instant::now();
        supply::determine(sc, &mut sink, side);
        times.push(start.elapsed());
        assert!(!sink.events.is_empty());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "supply for one side: median {median:?}, slowest {:?}",
        times[times.len() - 1]
    );
    assert!(
        median <= std::time::Duration::from_micros(300),
        "{median:?}"
    );
}

#[test]
fn the_rules_check_names_an_unknown_off_road_move_class() {
    let mut rules = real_scenario().rules.clone();
    assert_eq!(rules.check(), Vec::<String>::new());
    rules.supply.offroad_move_class = "boat".into();
    assert_eq!(
        rules.check(),
        vec!["supply.offroad_move_class: unknown move class \"boat\"".to_string()]
    );
}
