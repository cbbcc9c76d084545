//! Movement rules on small built maps: terrain and road costs, rivers and bridges, zones of
//! control, closed passes, night, stacking, refugee columns.

use kalbajar_core::geography::{PlaceKind, RoadClass, Side};
use kalbajar_core::hex::Offset;
use kalbajar_core::map::Terrain;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::movement::{Blocked, enter_cost, reachable};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, CommandError, Game, UnitId};
use kalbajar_core::rules_data::Weather;

const A: UnitId = UnitId(0);

fn game(b: ScenarioBuilder) -> Game {
    Game::new(b.build(), 1, false)
}

fn cost(g: &Game, to: (i32, i32)) -> Option<u32> {
    reachable(&g.ctx(), A).cost(Offset::from(to))
}

#[test]
fn open_ground_costs_two_for_infantry_and_a_road_one() {
    let g = game(
        ScenarioBuilder::new(8, 3)
            .unit("a", Side::Armenian, "arm_detachment", (0, 0))
            .road(RoadClass::Dirt, &[(0, 0), (1, 0), (2, 0)]),
    );
    assert_eq!(cost(&g, (1, 0)), Some(1));
    assert_eq!(cost(&g, (2, 0)), Some(2));
    assert_eq!(
        cost(&g, (3, 0)),
        Some(4),
        "off the road: open ground costs 2"
    );
    // 8 movement points: 2 on the road, then 3 open hexes at 2 = 8.
    assert_eq!(cost(&g, (5, 0)), Some(8));
    assert_eq!(cost(&g, (6, 0)), None);
}

#[test]
fn a_move_is_executed_into_events_and_changes_only_through_them() {
    let mut g =
        game(ScenarioBuilder::new(6, 3).unit("a", Side::Armenian, "arm_detachment", (0, 1)));
    let events = g
        .execute(Command::Move {
            unit: A,
            to: Offset::new(2, 1),
        })
        .expect("legal move");
    assert_eq!(
        events[0],
        Event::UnitMoved {
            unit: A,
            path: vec![Offset::new(1, 1), Offset::new(2, 1)],
            cost: 4
        }
    );
    assert!(events.contains(&Event::ControlChanged {
        hex: Offset::new(2, 1),
        side: Side::Armenian
    }));
    assert_eq!(g.state().unit(A).hex, Some(Offset::new(2, 1)));
    assert_eq!(g.state().unit(A).mp_left, 4);
}

#[test]
fn a_main_river_stops_vehicles_but_not_at_a_bridge() {
    let b = ScenarioBuilder::new(6, 3)
        .unit("t", Side::Armenian, "az_motor_rifle_bn", (0, 1))
        .file(|f| f.units[0].side = Side::Armenian)
        .river("main", (0, 1), (1, 1))
        .river("main", (0, 1), (1, 0))
        .river("main", (0, 1), (0, 2))
        .river("main", (0, 1), (0, 0))
        .river("main", (0, 1), (1, 2));
    let g = game(b);
    assert_eq!(cost(&g, (1, 1)), None, "motorised cannot ford a main river");
    let g = game(
        ScenarioBuilder::new(6, 3)
            .unit("t", Side::Armenian, "az_motor_rifle_bn", (0, 1))
            .road(RoadClass::Paved, &[(0, 1), (1, 1)])
            .river("main", (0, 1), (1, 1)),
    );
    assert_eq!(cost(&g, (1, 1)), Some(1), "the bridge carries the road");
}

#[test]
fn entering_an_enemy_zone_of_control_ends_the_move() {
    let mut g = game(
        ScenarioBuilder::new(8, 3)
            .unit("a", Side::Armenian, "arm_detachment", (0, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (3, 1)),
    );
    // (2,1) is next to the enemy: reachable, but nothing beyond it through the zone.
    assert_eq!(cost(&g, (2, 1)), Some(4));
    let reach = reachable(&g.ctx(), A);
    assert!(reach.cost(Offset::new(4, 1)).is_none());
    g.execute(Command::Move {
        unit: A,
        to: Offset::new(2, 1),
    })
    .expect("legal");
    assert_eq!(g.state().unit(A).mp_left, 0, "a unit entering a zone stops");
}

#[test]
fn zone_to_zone_is_forbidden_except_for_mountain_infiltration() {
    // Enemy at (3,1): its zone holds (2,1), (3,0) and (4,0); from (2,1) to (3,0) is zone to zone.
    let base = |unit_type: &str, terrain: Terrain| {
        let mut b = ScenarioBuilder::new(8, 3)
            .unit("a", Side::Armenian, unit_type, (2, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (3, 1));
        for col in 0..8 {
            for row in 0..3 {
                b = b.terrain((col, row), terrain);
            }
        }
        // A lake closes the way round through (2,0): the only step to (3,0) is zone to zone.
        b.terrain((2, 0), Terrain::Lake)
    };
    let g = game(base("arm_detachment", Terrain::Slope));
    assert_eq!(
        cost(&g, (3, 0)),
        None,
        "foot infantry may not slip along the enemy"
    );
    let g = game(base("arm_mountain", Terrain::Slope));
    assert!(
        cost(&g, (3, 0)).is_some(),
        "mountain infantry infiltrates on slopes"
    );
    let g = game(base("arm_mountain", Terrain::Open));
    assert_eq!(cost(&g, (3, 0)), None, "but not across open valley");
}

#[test]
fn zones_of_control_do_not_cross_crests() {
    let g = game(
        ScenarioBuilder::new(8, 3)
            .unit("a", Side::Armenian, "arm_mountain", (0, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (3, 1))
            .terrain((2, 1), Terrain::Crest),
    );
    // The crest hex beside the enemy is not in its zone, so the unit may walk on past it.
    let reach = reachable(&g.ctx(), A);
    assert!(reach.cost(Offset::new(2, 1)).is_some());
    assert!(reach.path(Offset::new(2, 0)).is_some());
}

#[test]
fn the_pass_is_closed_to_vehicles_in_snow_and_costly_on_foot() {
    let b = || {
        ScenarioBuilder::new(6, 3)
            .place("omar", PlaceKind::Pass, (1, 1))
            .road(RoadClass::Track, &[(0, 1), (1, 1), (2, 1)])
            .weather(Weather::Snow)
    };
    let mut g = game(b().unit("t", Side::Armenian, "arm_tanks", (0, 1)));
    let err = g
        .execute(Command::Move {
            unit: A,
            to: Offset::new(1, 1),
        })
        .expect_err("closed");
    assert_eq!(
        err,
        CommandError::Unreachable {
            unit: "t".into(),
            to: Offset::new(1, 1),
            reason: "omar is closed to vehicles in snow".into()
        }
    );
    let g = game(b().unit("a", Side::Armenian, "arm_detachment", (0, 1)));
    // Track on foot costs 2; snow ×1.5 and the closed pass ×2 make it 6.
    assert_eq!(cost(&g, (1, 1)), Some(6));
}

#[test]
fn night_slows_movement() {
    let g = game(
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (0, 1))
            .starting_at_night(),
    );
    assert_eq!(cost(&g, (1, 1)), Some(3), "open 2 × 150 % at night");
}

#[test]
fn stacking_is_limited() {
    let mut g = game(
        ScenarioBuilder::new(6, 3)
            .unit("a", Side::Armenian, "arm_detachment", (0, 1))
            .unit("b", Side::Armenian, "arm_detachment", (1, 1))
            .unit("c", Side::Armenian, "arm_detachment", (1, 1))
            .rules(|r| r.stacking_steps = 8),
    );
    let err = g
        .execute(Command::Move {
            unit: A,
            to: Offset::new(1, 1),
        })
        .expect_err("9 steps > 8");
    assert!(
        err.to_string().contains("more than the limit of 8"),
        "{err}"
    );
}

#[test]
fn the_tunnel_is_a_road_through_impassable_ground() {
    let g = game(
        ScenarioBuilder::new(6, 3)
            .unit("t", Side::Armenian, "arm_tanks", (0, 1))
            .terrain((1, 1), Terrain::Crest)
            .road(RoadClass::Dirt, &[(0, 1), (1, 1), (2, 1)])
            .tunnel((0, 1), (1, 1)),
    );
    assert_eq!(
        cost(&g, (1, 1)),
        Some(2),
        "tanks pass the crest through the tunnel"
    );
    let ctx = g.ctx();
    let class = ctx.move_class(A);
    let off_road = enter_cost(
        &ctx,
        class,
        Side::Armenian,
        Offset::new(1, 0).to_hex(),
        Offset::new(1, 1).to_hex(),
        true,
    );
    assert_eq!(
        off_road,
        Err(Blocked::Terrain(Terrain::Crest)),
        "but cannot climb the crest off the road"
    );
}

#[test]
fn the_real_scenario_starts_with_every_first_turn_unit_on_the_map() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    let sc = kalbajar_core::scenario::Scenario::load(&dir).expect("loads");
    let g = Game::new(sc.into(), 3, false);
    let on_map = g.state().units.iter().filter(|u| u.hex.is_some()).count();
    let first_turn = g
        .scenario()
        .file
        .units
        .iter()
        .filter(|u| u.entry_turn == 1)
        .count();
    assert_eq!(on_map, first_turn);
    assert_eq!(g.state().turn, 1);
    assert_eq!(g.state().active, Side::Armenian);
}
