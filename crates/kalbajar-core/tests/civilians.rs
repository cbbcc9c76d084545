//! Civilians on small built maps: evacuation orders, columns forming and moving, exposure,
//! helicopters and supply airlifts, settlements and columns taken by the enemy, points for the
//! people brought out, and the count of people that always adds up. One test on the shipped
//! scenario.

use kalbajar_core::geography::{Edge, PlaceKind, RoadClass, Side};
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::civilians::{accounted, route};
use kalbajar_core::rules::event::{Event, PointsCause};
use kalbajar_core::rules::state::{ColumnId, Destination};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Cargo, Command, CommandError, Game, Phase, UnitId};
use kalbajar_core::rules_data::Weather;
use kalbajar_core::scenario::{Loc, Scenario, SupplyKind};

const COL0: ColumnId = ColumnId(0);

/// A small map with the civilian rule numbers these tests are written for pinned, so that
/// tuning `rules.ron` does not silently change what the tests check.
fn base(width: i32, height: i32) -> ScenarioBuilder {
    ScenarioBuilder::new(width, height).rules(|r| {
        let c = &mut r.civilians;
        c.column_mp = 6;
        c.column_size = 3000;
        c.exposure_from_m = 2400;
        c.exposure_per_mille = 15;
        c.captured_per_mille = 20;
        r.victory.per_thousand_evacuated = 1;
        r.supply.airlift_stock = 6;
    })
}

fn game(b: ScenarioBuilder) -> Game {
    let g = Game::new(b.build(), 1, false);
    assert_conserved(&g);
    g
}

fn assert_conserved(g: &Game) {
    assert_eq!(
        accounted(g.state()),
        g.state().civilians.initial,
        "everyone is accounted for: {:?}",
        g.state().civilians
    );
}

/// Executes a command that must be allowed, and checks that everyone is still accounted for.
fn run(g: &mut Game, c: Command) -> Vec<Event> {
    let events = g
        .execute(c.clone())
        .unwrap_or_else(|e| panic!("{c:?}: {e}"));
    assert_conserved(g);
    events
}

/// Executes a command that must be refused, and checks that nothing changed.
fn refused(g: &mut Game, c: Command) -> CommandError {
    let hash = g.state_hash();
    let err = g.execute(c).expect_err("refused");
    assert_eq!(g.state_hash(), hash, "a refused command changes nothing");
    err
}

/// Ends phases until `side`'s movement phase; returns every event on the way.
fn to_movement(g: &mut Game, side: Side) -> Vec<Event> {
    let mut events = run(g, Command::EndPhase);
    while !(g.state().active == side && g.state().phase == Phase::Movement) {
        events.extend(run(g, Command::EndPhase));
    }
    events
}

/// Ends the side's turn: its combat phase ends and its columns move.
fn end_turn_of(g: &mut Game, side: Side) -> Vec<Event> {
    assert_eq!(g.state().active, side);
    let mut events = Vec::new();
    while g.state().active == side {
        events.extend(run(g, Command::EndPhase));
    }
    events
}

fn evacuate(place: &str, destination: Destination) -> Command {
    Command::Evacuate {
        place: place.into(),
        destination,
    }
}

fn to_exit(id: &str) -> Destination {
    Destination::Exit(id.into())
}

fn civilian_events(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::EvacuationOrdered { .. }
                    | Event::ColumnFormed { .. }
                    | Event::ColumnMoved { .. }
                    | Event::ColumnWaiting { .. }
                    | Event::ColumnArrived { .. }
                    | Event::ColumnRedirected { .. }
                    | Event::ColumnCaptured { .. }
                    | Event::Exposure { .. }
                    | Event::CiviliansCaptured { .. }
                    | Event::CiviliansFled { .. }
                    | Event::Airlifted { .. }
                    | Event::AirliftCapacity { .. }
                    | Event::AirliftSupply { .. }
                    | Event::DepotFilled { .. }
                    | Event::HelicoptersEnded
                    | Event::PointsAwarded { .. }
            )
        })
        .cloned()
        .collect()
}

fn hexes(list: &[(i32, i32)]) -> Vec<Offset> {
    list.iter().map(|h| Offset::from(*h)).collect()
}

fn formed(people: u32, hex: (i32, i32), destination: Destination) -> Event {
    Event::ColumnFormed {
        settlement: 0,
        people,
        hex: hex.into(),
        destination,
    }
}

fn evacuation_points(points: i32) -> Event {
    Event::PointsAwarded {
        side: Side::Azerbaijani,
        points,
        cause: PointsCause::Evacuation,
    }
}

#[test]
fn an_evacuation_order_is_checked_with_clear_reasons() {
    let mut g = game(
        base(8, 3)
            .place("v", PlaceKind::Village, (2, 1))
            .civilians("v", 5000)
            .place("empty", PlaceKind::Village, (3, 1))
            .civilians("empty", 0)
            .place("theirs", PlaceKind::Village, (6, 1))
            .civilians("theirs", 800)
            .control((6, 1), Side::Armenian)
            .exit("home", Edge::East, (7, 0))
            .exit("armenia", Edge::West, (0, 1))
            .control((0, 1), Side::Armenian),
    );
    to_movement(&mut g, Side::Azerbaijani);

    let err = refused(&mut g, evacuate("nowhere", to_exit("home")));
    assert_eq!(err, CommandError::NoSettlement("nowhere".into()));
    assert_eq!(err.to_string(), "nowhere is not a settlement with people");
    let err = refused(&mut g, evacuate("empty", to_exit("home")));
    assert_eq!(err, CommandError::NoSettlement("empty".into()));

    let err = refused(&mut g, evacuate("theirs", to_exit("home")));
    assert_eq!(err.to_string(), "theirs is not held by your side");

    let err = refused(&mut g, evacuate("v", to_exit("ganja")));
    assert_eq!(err.to_string(), "there is no exit ganja");
    let err = refused(&mut g, evacuate("v", to_exit("armenia")));
    assert_eq!(
        err,
        CommandError::NotHeld {
            place: "armenia".into()
        },
        "people are not sent into the enemy's lines"
    );
    let err = refused(&mut g, evacuate("v", Destination::Helipad));
    assert_eq!(err.to_string(), "your side has no helicopters");

    let events = run(&mut g, evacuate("v", to_exit("home")));
    assert_eq!(
        events,
        vec![Event::EvacuationOrdered {
            settlement: 0,
            destination: to_exit("home")
        }]
    );
    assert_eq!(g.state().settlements[0].evacuating, Some(to_exit("home")));
    let err = refused(&mut g, evacuate("v", to_exit("home")));
    assert_eq!(err.to_string(), "the people of v are already leaving");

    // The other side may order out only the people of the places it holds.
    to_movement(&mut g, Side::Armenian);
    let err = refused(&mut g, evacuate("v", to_exit("armenia")));
    assert_eq!(err, CommandError::NotHeld { place: "v".into() });
}

#[test]
fn one_column_of_column_size_leaves_each_turn_until_nobody_is_left() {
    // No way out is open (an Armenian post holds the only road on a one-row map), so the
    // columns stay at the village and only their forming is seen.
    let mut g = game(
        base(6, 1)
            .place("v", PlaceKind::Village, (0, 0))
            .civilians("v", 7000)
            .exit("e", Edge::East, (5, 0))
            .unit("post", Side::Armenian, "arm_detachment", (2, 0)),
    );
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("v", to_exit("e")));
    // Nothing leaves in the turn of the order.
    assert!(civilian_events(&end_turn_of(&mut g, Side::Azerbaijani)).is_empty());
    assert_eq!(g.state().settlements[0].present, 7000);

    let mut formed_each_turn = Vec::new();
    for _ in 0..4 {
        let events = to_movement(&mut g, Side::Azerbaijani);
        formed_each_turn.push(civilian_events(&events));
        end_turn_of(&mut g, Side::Azerbaijani);
    }
    let e = to_exit("e");
    assert_eq!(
        formed_each_turn,
        vec![
            vec![formed(3000, (0, 0), e.clone())],
            vec![formed(3000, (0, 0), e.clone())],
            vec![formed(1000, (0, 0), e)],
            vec![],
        ]
    );
    assert_eq!(g.state().settlements[0].present, 0);
    assert_eq!(g.state().moving_civilians(), 7000);
}

#[test]
fn a_column_follows_the_road_to_its_exit_and_brings_points_per_thousand() {
    let road: Vec<(i32, i32)> = (1..10).map(|c| (c, 1)).collect();
    let mut g = game(
        base(10, 3)
            .place("v", PlaceKind::Village, (1, 1))
            .civilians("v", 3000)
            .road(RoadClass::Paved, &road)
            .exit("e", Edge::East, (9, 1)),
    );
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("v", to_exit("e")));
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani);

    // Turn 2 is a night turn: the paved road costs refugees 1 a hex, half as much again at
    // night, so 2: 6 movement points carry them 3 hexes.
    let events = end_turn_of(&mut g, Side::Azerbaijani);
    assert_eq!(
        civilian_events(&events),
        vec![Event::ColumnMoved {
            column: COL0,
            path: hexes(&[(2, 1), (3, 1), (4, 1)]),
        }]
    );
    assert_eq!(g.state().columns[0].hex, Offset::new(4, 1));

    // By day they cover the remaining 5 hexes and are out.
    to_movement(&mut g, Side::Azerbaijani);
    let events = end_turn_of(&mut g, Side::Azerbaijani);
    assert_eq!(
        civilian_events(&events),
        vec![
            Event::ColumnMoved {
                column: COL0,
                path: hexes(&[(5, 1), (6, 1), (7, 1), (8, 1), (9, 1)]),
            },
            Event::ColumnArrived {
                column: COL0,
                people: 3000
            },
            evacuation_points(3),
        ]
    );
    assert_eq!(g.state().civilians.evacuated_road, 3000);
    assert_eq!(g.state().columns[0].people, 0);
    assert_eq!(g.state().points[1].evacuation, 3);
}

#[test]
fn each_thousand_brought_out_counts_once() {
    // Columns of 2,500 reach the exit in the turn they leave: 2,500 make 2 full thousands,
    // the next 2,500 make 5 in all, so 3 more.
    let road: Vec<(i32, i32)> = (1..8).map(|c| (c, 1)).collect();
    let mut g = game(
        base(8, 3)
            .place("v", PlaceKind::Village, (1, 1))
            .civilians("v", 5000)
            .road(RoadClass::Paved, &road)
            .exit("e", Edge::East, (7, 1))
            .rules(|r| r.civilians.column_size = 2500),
    );
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("v", to_exit("e")));
    end_turn_of(&mut g, Side::Azerbaijani);
    let mut points = Vec::new();
    for _ in 0..2 {
        to_movement(&mut g, Side::Azerbaijani);
        let events = end_turn_of(&mut g, Side::Azerbaijani);
        points.extend(
            events
                .into_iter()
                .filter(|e| matches!(e, Event::PointsAwarded { .. })),
        );
    }
    assert_eq!(points, vec![evacuation_points(2), evacuation_points(3)]);
    assert_eq!(g.state().points[1].evacuation, 5);
    assert_eq!(g.state().civilians.evacuated_road, 5000);
}

/// A village at 1,000 m with a paved road east over two hexes at `high_m`, to an exit.
fn pass_road(high_m: i32, people: u32) -> ScenarioBuilder {
    let road: Vec<(i32, i32)> = (1..8).map(|c| (c, 1)).collect();
    base(8, 3)
        .place("v", PlaceKind::Village, (1, 1))
        .civilians("v", people)
        .road(RoadClass::Paved, &road)
        .elevation((2, 1), high_m)
        .elevation((3, 1), high_m)
        .exit("e", Edge::East, (7, 1))
}

/// Orders the village out and returns the events of the column's first march.
fn first_march(g: &mut Game) -> Vec<Event> {
    to_movement(g, Side::Azerbaijani);
    run(g, evacuate("v", to_exit("e")));
    end_turn_of(g, Side::Azerbaijani);
    to_movement(g, Side::Azerbaijani);
    civilian_events(&end_turn_of(g, Side::Azerbaijani))
}

#[test]
fn columns_crossing_high_ground_in_snow_lose_people_to_exposure() {
    // The march is on turn 2, by day.
    let mut g = game(
        pass_road(2500, 3000)
            .weather(Weather::Snow)
            .starting_at_night(),
    );
    assert!(g.ctx().is_night());
    // Snow makes the road cost 2 a hex: 3 hexes, two of them high. 15 per mille of 3,000 die
    // in the first (45), then 15 per mille of 2,955 in the second (44.3, so 44).
    assert_eq!(
        first_march(&mut g),
        vec![
            Event::ColumnMoved {
                column: COL0,
                path: hexes(&[(2, 1), (3, 1), (4, 1)]),
            },
            Event::Exposure {
                column: COL0,
                deaths: 89
            },
        ]
    );
    assert_eq!(g.state().columns[0].people, 2911);
    assert_eq!(g.state().civilians.casualties, 89);
}

#[test]
fn night_on_high_ground_costs_lives_even_in_clear_weather_and_at_least_one() {
    // The march is on turn 2, a night turn; the road costs 2 a hex at night. 15 per mille of
    // 20 people rounds to 0, but someone dies in each cold high hex.
    let mut g = game(pass_road(2500, 20));
    assert!(!g.ctx().is_night());
    assert_eq!(
        first_march(&mut g),
        vec![
            Event::ColumnMoved {
                column: COL0,
                path: hexes(&[(2, 1), (3, 1), (4, 1)]),
            },
            Event::Exposure {
                column: COL0,
                deaths: 2
            },
        ]
    );
}

#[test]
fn no_exposure_in_daylight_clear_weather_or_low_down() {
    // High ground on a clear day (the march is on turn 2, by day).
    let mut g = game(pass_road(2500, 3000).starting_at_night());
    assert_eq!(
        first_march(&mut g),
        vec![Event::ColumnMoved {
            column: COL0,
            path: hexes(&[(2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)]),
        }]
        .into_iter()
        .chain([
            Event::ColumnArrived {
                column: COL0,
                people: 3000,
            },
            evacuation_points(3),
        ])
        .collect::<Vec<_>>()
    );
    // Snow, but just below the exposure line.
    let mut g = game(
        pass_road(2399, 3000)
            .weather(Weather::Snow)
            .starting_at_night(),
    );
    let events = first_march(&mut g);
    assert!(
        !events.iter().any(|e| matches!(e, Event::Exposure { .. })),
        "{events:?}"
    );
    assert_eq!(g.state().civilians.casualties, 0);
}

#[test]
fn a_cut_off_column_waits_and_suffers_where_it_stands() {
    let mut g = game(
        base(6, 1)
            .place("v", PlaceKind::Village, (0, 0))
            .civilians("v", 3000)
            .elevation((0, 0), 2500)
            .exit("e", Edge::East, (5, 0))
            .unit("post", Side::Armenian, "arm_detachment", (2, 0))
            .weather(Weather::Snow),
    );
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("v", to_exit("e")));
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani);
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events,
        vec![Event::Exposure {
            column: COL0,
            deaths: 45
        }]
    );
    assert_eq!(g.state().columns[0].hex, Offset::new(0, 0));
}

#[test]
fn a_column_always_gains_a_hex_on_an_open_way_however_slow() {
    // A slope off the road costs refugees 6; in a blizzard at night it costs 18: more than a
    // whole turn's movement points, yet the column struggles one hex on.
    let mut g = game(
        base(6, 1)
            .place("v", PlaceKind::Village, (0, 0))
            .civilians("v", 3000)
            .terrain((1, 0), kalbajar_core::map::Terrain::Slope)
            .terrain((2, 0), kalbajar_core::map::Terrain::Slope)
            .exit("e", Edge::East, (5, 0))
            .weather(Weather::Blizzard),
    );
    let events = first_march(&mut g);
    assert_eq!(
        events.first(),
        Some(&Event::ColumnMoved {
            column: COL0,
            path: hexes(&[(1, 0)]),
        })
    );
}

/// A town with a landing site, a village, an exit and helicopters for the Azerbaijani side
/// until turn `last_turn`, each day turn carrying `per_turn` people.
fn airfield(per_turn: u32, last_turn: u32) -> ScenarioBuilder {
    base(8, 3)
        .place("pad", PlaceKind::Town, (2, 1))
        .civilians("pad", 2000)
        .exit("e", Edge::East, (7, 1))
        .helicopters(Side::Azerbaijani, "pad", per_turn, last_turn)
}

#[test]
fn helicopters_fly_by_day_not_at_night_and_end_after_their_last_turn() {
    let mut g = game(airfield(720, 3));
    // Turn 1 is a day turn: the helicopters' side starts its part with a day's capacity.
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert_eq!(
        civilian_events(&events),
        vec![Event::AirliftCapacity { people: 720 }]
    );
    assert_eq!(
        refused(
            &mut g,
            Command::Airlift {
                cargo: Cargo::Civilians
            }
        ),
        CommandError::NobodyWaiting
    );
    run(&mut g, evacuate("pad", Destination::Helipad));
    end_turn_of(&mut g, Side::Azerbaijani);

    // Turn 2 is a night turn: no flights. The town's people form up at the landing site and
    // wait there at once.
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert_eq!(
        civilian_events(&events),
        vec![
            Event::AirliftCapacity { people: 0 },
            formed(2000, (2, 1), Destination::Helipad),
            Event::ColumnWaiting { column: COL0 },
        ]
    );
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(err.to_string(), "the helicopters cannot fly: it is night");
    end_turn_of(&mut g, Side::Azerbaijani);

    // Turn 3, by day: 720 of the 2,000 waiting are flown out; that is all for the turn.
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert_eq!(
        civilian_events(&events),
        vec![Event::AirliftCapacity { people: 720 }]
    );
    let events = run(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(events, vec![Event::Airlifted { people: 720 }]);
    assert_eq!(g.state().civilians.evacuated_air, 720);
    assert_eq!(g.state().columns[0].people, 1280);
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(
        err,
        CommandError::CannotFly {
            reason: "this turn's flights have been flown".into()
        }
    );
    end_turn_of(&mut g, Side::Azerbaijani);

    // Turn 4 is past the last turn: the flights end, and the people left at the landing site
    // set out on foot for the exit.
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert_eq!(civilian_events(&events), vec![Event::HelicoptersEnded]);
    assert!(!g.state().helicopters_flying);
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(
        err.to_string(),
        "the helicopters cannot fly: the flights have ended"
    );
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events[0],
        Event::ColumnRedirected {
            column: COL0,
            destination: to_exit("e")
        }
    );
    assert!(matches!(events[1], Event::ColumnMoved { column: COL0, .. }));
}

#[test]
fn no_flights_in_a_blizzard_and_only_for_the_side_with_helicopters() {
    let mut g = game(airfield(720, 3).weather(Weather::Blizzard));
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert!(civilian_events(&events).is_empty(), "capacity stays 0");
    assert_eq!(g.state().airlift_left, 0);
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Supply,
        },
    );
    assert_eq!(
        err.to_string(),
        "the helicopters cannot fly: a blizzard at pad"
    );
    to_movement(&mut g, Side::Armenian);
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(err, CommandError::NoHelicopters);
}

#[test]
fn airlifted_people_count_toward_points() {
    let mut g = game(airfield(1500, 5));
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("pad", Destination::Helipad));
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani); // night
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani);
    let events = run(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(
        events,
        vec![Event::Airlifted { people: 1500 }, evacuation_points(1)]
    );
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani); // night
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani);
    let events = run(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(
        events,
        vec![Event::Airlifted { people: 500 }, evacuation_points(1)],
        "the rest of the 2,000 complete the second thousand"
    );
    assert_eq!(g.state().airlift_left, 1000);
}

#[test]
fn people_waiting_at_a_lost_landing_site_are_partly_captured_and_set_out_on_foot() {
    let mut g = game(airfield(720, 5).unit("a", Side::Armenian, "arm_detachment", (4, 1)));
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("pad", Destination::Helipad));
    end_turn_of(&mut g, Side::Azerbaijani);
    to_movement(&mut g, Side::Azerbaijani); // night: the town's 2,000 wait at the pad
    end_turn_of(&mut g, Side::Azerbaijani);
    assert_eq!(waiting(&g), 2000);

    // Turn 3: the Armenian detachment takes the town with its landing site.
    let events = run(
        &mut g,
        Command::Move {
            unit: UnitId(0),
            to: Offset::new(2, 1),
        },
    );
    assert_eq!(
        civilian_events(&events),
        vec![Event::ColumnCaptured {
            column: COL0,
            people: 40
        }]
    );
    to_movement(&mut g, Side::Azerbaijani);
    assert_eq!(g.state().airlift_left, 0, "a day turn, but no landing site");
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Civilians,
        },
    );
    assert_eq!(
        err.to_string(),
        "the helicopters cannot fly: the landing site at pad is in enemy hands"
    );
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events[0],
        Event::ColumnRedirected {
            column: COL0,
            destination: to_exit("e")
        }
    );
    assert!(matches!(events[1], Event::ColumnMoved { column: COL0, .. }));
    assert!(!g.state().columns[0].waiting);
}

fn waiting(g: &Game) -> u32 {
    kalbajar_core::rules::civilians::waiting_at_pad(g.state())
}

#[test]
fn the_rules_must_define_the_civilian_move_class() {
    let sc = base(2, 2).build();
    let mut rules = sc.rules.clone();
    assert!(rules.check().is_empty());
    rules.move_classes.retain(|c| c.id != "civilian");
    assert_eq!(
        rules.check(),
        vec!["move_classes: no \"civilian\" class; refugee columns move with it".to_string()]
    );
}

#[test]
fn a_supply_airlift_fills_the_depot_at_the_landing_site() {
    let mut g = game(
        airfield(720, 3)
            .supply(Side::Armenian, Loc::Hex(0, 0), SupplyKind::Unlimited)
            .supply(
                Side::Azerbaijani,
                Loc::Place("pad".into()),
                SupplyKind::Depot { stock: 10 },
            ),
    );
    to_movement(&mut g, Side::Azerbaijani);
    let events = run(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Supply,
        },
    );
    assert_eq!(
        events,
        vec![
            Event::AirliftSupply { amount: 6 },
            Event::DepotFilled {
                source: 1,
                amount: 6
            }
        ]
    );
    assert_eq!(g.state().depot_stock, vec![0, 16]);
    assert_eq!(
        g.state().airlift_left,
        0,
        "it takes the whole turn's flights"
    );

    // Without a depot at the landing site there is nothing to fill.
    let mut g = game(airfield(720, 3));
    to_movement(&mut g, Side::Azerbaijani);
    let err = refused(
        &mut g,
        Command::Airlift {
            cargo: Cargo::Supply,
        },
    );
    assert_eq!(
        err,
        CommandError::CannotFly {
            reason: "there is no depot at the landing site to fill".into()
        }
    );
}

#[test]
fn a_taken_settlement_loses_some_people_captured_and_the_rest_flee_to_their_own_side() {
    // The village's own side holds the far western exit; the nearer eastern one is Armenian.
    let mut g = game(
        base(8, 3)
            .place("v", PlaceKind::Village, (4, 1))
            .civilians("v", 5000)
            .exit("own", Edge::West, (0, 1))
            .exit("armenia", Edge::East, (7, 1))
            .control((7, 1), Side::Armenian)
            .unit("a", Side::Armenian, "arm_detachment", (5, 1)),
    );
    let events = run(
        &mut g,
        Command::Move {
            unit: UnitId(0),
            to: Offset::new(4, 1),
        },
    );
    assert_eq!(
        events,
        vec![
            Event::UnitMoved {
                unit: UnitId(0),
                path: vec![Offset::new(4, 1)],
                cost: 2
            },
            Event::ControlChanged {
                hex: Offset::new(4, 1),
                side: Side::Armenian
            },
            Event::CiviliansCaptured {
                settlement: 0,
                people: 100
            },
            Event::CiviliansFled {
                settlement: 0,
                people: 4900,
                hex: Offset::new(4, 1),
                destination: to_exit("own")
            },
        ]
    );
    assert_eq!(g.state().settlements[0].present, 0);
    assert_eq!(g.state().civilians.captured, 100);

    // The refugees move in their own side's turn: open ground costs them 3 a hex.
    to_movement(&mut g, Side::Azerbaijani);
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events,
        vec![Event::ColumnMoved {
            column: COL0,
            path: hexes(&[(3, 1), (2, 1)]),
        }]
    );

    // The enemy overtakes them: the same share of the column is captured, the rest go on.
    let events = run(
        &mut g,
        Command::Move {
            unit: UnitId(0),
            to: Offset::new(2, 1),
        },
    );
    assert_eq!(
        civilian_events(&events),
        vec![Event::ColumnCaptured {
            column: COL0,
            people: 98
        }]
    );
    // At night (turn 2) open ground costs them 5 a hex: one hex; by day they are out.
    to_movement(&mut g, Side::Azerbaijani);
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events,
        vec![Event::ColumnMoved {
            column: COL0,
            path: hexes(&[(1, 1)]),
        }]
    );
    to_movement(&mut g, Side::Azerbaijani);
    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    assert_eq!(
        events,
        vec![
            Event::ColumnMoved {
                column: COL0,
                path: hexes(&[(0, 1)]),
            },
            Event::ColumnArrived {
                column: COL0,
                people: 4802
            },
            evacuation_points(4),
        ]
    );
    assert_eq!(g.state().civilians.captured, 198);
}

#[test]
fn everyone_is_accounted_for_through_a_week_of_evacuation() {
    // Two villages: one walks over a high road in snow to the exit, the other to the
    // helicopters; an enemy detachment takes a third village and the road behind.
    let road: Vec<(i32, i32)> = (0..10).map(|c| (c, 1)).collect();
    let mut g = game(
        base(10, 3)
            .place("pad", PlaceKind::Town, (3, 1))
            .civilians("pad", 1500)
            .place("hill", PlaceKind::Village, (1, 1))
            .civilians("hill", 4000)
            .place("far", PlaceKind::Village, (6, 2))
            .civilians("far", 3300)
            .road(RoadClass::Dirt, &road)
            .elevation((5, 1), 2600)
            .elevation((6, 1), 2600)
            .elevation((7, 1), 2600)
            .exit("e", Edge::East, (9, 1))
            .helicopters(Side::Azerbaijani, "pad", 720, 6)
            .unit("a", Side::Armenian, "arm_detachment", (8, 2))
            .weather(Weather::Snow),
    );
    to_movement(&mut g, Side::Azerbaijani);
    run(&mut g, evacuate("hill", to_exit("e")));
    run(&mut g, evacuate("pad", Destination::Helipad));
    run(&mut g, evacuate("far", Destination::Helipad));
    for turn in 0..14 {
        end_turn_of(&mut g, Side::Azerbaijani);
        if g.is_over() {
            break;
        }
        // The Armenian side takes the third village on its second turn.
        if turn == 1 {
            run(
                &mut g,
                Command::Move {
                    unit: UnitId(0),
                    to: Offset::new(6, 2),
                },
            );
        }
        to_movement(&mut g, Side::Azerbaijani);
        if g.check(&Command::Airlift {
            cargo: Cargo::Civilians,
        })
        .is_ok()
        {
            run(
                &mut g,
                Command::Airlift {
                    cargo: Cargo::Civilians,
                },
            );
        }
    }
    let t = g.state().civilians;
    // 2 × 720 flown out before the flights ended; 20 per mille of the 300 left in the third
    // village captured; everyone else walked out, losing 365 to the cold on the high road
    // (snow lies wherever it snows, so the columns spend longer up there).
    assert_eq!(
        (
            t.initial,
            t.evacuated_road,
            t.evacuated_air,
            t.casualties,
            t.captured
        ),
        (8800, 6989, 1440, 365, 6)
    );
    assert_eq!(g.state().points[1].evacuation, 8, "8,472 brought out");
    assert_eq!(g.state().moving_civilians(), 0);
    assert_eq!(g.state().present_civilians(), 0);
    assert_conserved(&g);
}

#[test]
fn the_real_scenario_evacuates_kalbajar_over_the_omar_pass_road() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    let sc = Scenario::load(&dir).expect("the shipped scenario loads");
    let mut g = Game::new(sc.into(), 7, false);
    assert_conserved(&g);
    run(&mut g, Command::EndPhase);
    run(&mut g, Command::EndPhase);
    assert_eq!(
        (g.state().active, g.state().phase),
        (Side::Azerbaijani, Phase::Movement)
    );
    let events = run(&mut g, evacuate("kalbajar", to_exit("north_ganja")));
    assert_eq!(
        events,
        vec![Event::EvacuationOrdered {
            settlement: 0,
            destination: to_exit("north_ganja")
        }]
    );
    let town = g.state().settlements[0].hex;
    end_turn_of(&mut g, Side::Azerbaijani);
    let events = to_movement(&mut g, Side::Azerbaijani);
    assert!(
        events.contains(&formed(3000, (town.col, town.row), to_exit("north_ganja"))),
        "{events:?}"
    );

    // The way out runs by road over the Omar Pass.
    let scenario = g.scenario_arc();
    let map = &scenario.map;
    let exit = map.exit("north_ganja").expect("exit").hex;
    let way = route(&g.ctx(), Side::Azerbaijani, town, exit).expect("a way out");
    let pass = map.place("omar_pass").expect("pass").hex;
    assert!(way.iter().any(|(h, _)| *h == pass), "{way:?}");

    let events = civilian_events(&end_turn_of(&mut g, Side::Azerbaijani));
    let Some(Event::ColumnMoved { column, path }) = events.first() else {
        panic!("the column moves: {events:?}");
    };
    assert_eq!(*column, COL0);
    assert!(!path.is_empty());
    let mut from = town;
    for (step, (h, _)) in path.iter().zip(&way) {
        assert_eq!(step, h, "the column follows the way out");
        let side = map.side(from.to_hex(), step.to_hex());
        assert!(side.road.is_some(), "{from} to {step} is on the road");
        from = *step;
    }
    assert_eq!(g.state().columns[0].hex, *path.last().expect("moved"));
    assert_conserved(&g);
}
