//! Control of undefended ground on small built maps: what a unit and a supply line hold, what
//! passes to the side next to it at the end of its part of the turn, what stays put, and the
//! people in the ground taken.

use kalbajar_core::geography::{Edge, PlaceKind, Side};
use kalbajar_core::hex::Offset;
use kalbajar_core::rules::civilians::accounted;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, Game, control};
use kalbajar_core::rules_data::ControlRules;
use kalbajar_core::scenario::{Loc, SupplyKind};

/// A 12 × 3 map, Azerbaijani but for the two western columns, with the rule switched on.
fn map(unit_hold_hexes: u32, line_hold_hexes: u32) -> ScenarioBuilder {
    ScenarioBuilder::new(12, 3)
        .control_east_of(0, Side::Azerbaijani)
        .control((0, 0), Side::Armenian)
        .control((0, 1), Side::Armenian)
        .control((0, 2), Side::Armenian)
        .control((1, 0), Side::Armenian)
        .control((1, 1), Side::Armenian)
        .control((1, 2), Side::Armenian)
        .rules(move |r| {
            r.control = Some(ControlRules {
                unit_hold_hexes,
                line_hold_hexes,
            });
        })
}

/// Ends the first side's part of the turn; returns its events.
fn end_first_side(g: &mut Game) -> Vec<Event> {
    let side = g.state().active;
    let mut events = Vec::new();
    while g.state().active == side {
        events.extend(
            g.execute(Command::EndPhase)
                .expect("a phase can always end"),
        );
    }
    events
}

fn taken(events: &[Event]) -> Vec<(Side, Vec<Offset>)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::GroundTaken { side, hexes } => Some((*side, hexes.clone())),
            _ => None,
        })
        .collect()
}

/// Enemy hexes within `reach` of `from`, in map order.
fn within(g: &Game, from: (i32, i32), reach: u32) -> Vec<Offset> {
    let from = Offset::new(from.0, from.1).to_hex();
    let map = &g.scenario().map;
    (0..map.len())
        .filter(|i| g.state().control[*i] == Side::Azerbaijani)
        .map(|i| Offset::from_hex(map.hex_at_index(i)))
        .filter(|o| o.to_hex().unsigned_distance_to(from) <= reach)
        .collect()
}

#[test]
fn undefended_ground_within_a_units_hold_passes_at_the_end_of_its_sides_turn() {
    let mut g = Game::new(
        map(3, 0)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .build(),
        1,
        false,
    );
    let expected = within(&g, (1, 1), 3);
    assert!(!expected.is_empty());
    let events = end_first_side(&mut g);
    assert_eq!(taken(&events), vec![(Side::Armenian, expected.clone())]);
    for o in &expected {
        assert_eq!(g.ctx().controller(*o), Side::Armenian);
    }
    // Farther than the hold reaches, the ground stays where it was.
    assert_eq!(g.ctx().controller(Offset::new(6, 1)), Side::Azerbaijani);
}

#[test]
fn a_unit_holds_its_own_ground_and_only_the_undefended_rest_changes_hands() {
    let mut g = Game::new(
        map(3, 0)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .unit("z", Side::Azerbaijani, "az_infantry", (6, 1))
            .build(),
        1,
        false,
    );
    let held = control::held(&g.ctx(), Side::Azerbaijani);
    let idx = |c, r| g.scenario().map.index(Offset::new(c, r).to_hex()).unwrap();
    assert!(held[idx(6, 1)] && held[idx(3, 1)] && held[idx(9, 1)]);
    assert!(!held[idx(2, 1)]);
    let held_hexes: Vec<Offset> = (0..held.len())
        .filter(|i| held[*i])
        .map(|i| Offset::from_hex(g.scenario().map.hex_at_index(i)))
        .collect();
    let events = end_first_side(&mut g);
    let got = taken(&events);
    assert_eq!(got.len(), 1);
    // Only ground within the Armenian hold and outside the Azerbaijani one changes hands.
    assert!(got[0].1.contains(&Offset::new(2, 1)), "{got:?}");
    assert!(got[0].1.iter().all(|o| !held_hexes.contains(o)), "{got:?}");
    assert_eq!(g.ctx().controller(Offset::new(3, 1)), Side::Azerbaijani);
}

#[test]
fn a_supply_line_in_use_holds_the_ground_along_it_and_an_unused_one_does_not() {
    let build = |with_unit: bool| {
        let b = map(1, 2)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .supply(Side::Armenian, Loc::Hex(0, 0), SupplyKind::Unlimited)
            .supply(Side::Azerbaijani, Loc::Hex(11, 1), SupplyKind::Unlimited);
        let b = if with_unit {
            b.unit("z", Side::Azerbaijani, "az_infantry", (8, 1))
        } else {
            b
        };
        Game::new(b.build(), 1, false)
    };
    let mut g = build(true);
    let held = control::held(&g.ctx(), Side::Azerbaijani);
    let idx = |c, r| g.scenario().map.index(Offset::new(c, r).to_hex()).unwrap();
    // The line runs from the source to the unit three hexes off; the hold reaches two more.
    assert!(held[idx(11, 1)] && held[idx(9, 1)] && held[idx(6, 1)]);
    assert!(!held[idx(5, 1)]);
    let held_hexes: Vec<Offset> = (0..held.len())
        .filter(|i| held[*i])
        .map(|i| Offset::from_hex(g.scenario().map.hex_at_index(i)))
        .collect();
    let events = end_first_side(&mut g);
    let got = taken(&events);
    assert_eq!(got.len(), 1);
    assert!(got[0].1.iter().all(|o| !held_hexes.contains(o)), "{got:?}");
    assert_eq!(g.ctx().controller(Offset::new(6, 1)), Side::Azerbaijani);
    // Without the unit no line is in use: the source holds only the ground next to it.
    let g = build(false);
    let held = control::held(&g.ctx(), Side::Azerbaijani);
    let idx = |c, r| g.scenario().map.index(Offset::new(c, r).to_hex()).unwrap();
    assert!(held[idx(11, 1)] && held[idx(9, 1)]);
    assert!(!held[idx(8, 1)] && !held[idx(6, 1)]);
}

#[test]
fn a_pocket_cut_off_from_every_source_passes_to_the_side_around_it() {
    // Column 5 is Armenian: the Azerbaijani ground west of it is cut off from its source in
    // the east, though farther from the Armenian unit than its hold reaches.
    let build = |cut: bool| {
        let mut b = map(1, 0).unit("a", Side::Armenian, "arm_detachment", (1, 1));
        if cut {
            for r in 0..3 {
                b = b.control((5, r), Side::Armenian);
            }
        }
        Game::new(b.build(), 1, false)
    };
    let mut g = build(true);
    let events = end_first_side(&mut g);
    let got = taken(&events);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains(&Offset::new(4, 1)), "{got:?}");
    for c in 2..5 {
        assert_eq!(g.ctx().controller(Offset::new(c, 1)), Side::Armenian);
    }
    // East of the cut the ground still leads back to the source and stays.
    assert_eq!(g.ctx().controller(Offset::new(7, 1)), Side::Azerbaijani);
    // Without the cut, only what the unit's hold reaches changes hands.
    let mut g = build(false);
    end_first_side(&mut g);
    assert_eq!(g.ctx().controller(Offset::new(2, 1)), Side::Armenian);
    assert_eq!(g.ctx().controller(Offset::new(4, 1)), Side::Azerbaijani);
}

#[test]
fn a_pocket_cut_off_by_the_ground_just_taken_falls_in_the_same_step() {
    // A 12 x 5 map: the unit's hold of two hexes takes ground across all five rows, two hexes
    // beyond its zone of control in the first and last row. Before that ground passes, the
    // Azerbaijani ground west of it still leads back to the source in the south-east corner
    // through the first and last rows; once it has passed, that ground is cut off.
    let mut g = Game::new(
        ScenarioBuilder::new(12, 5)
            .control_east_of(0, Side::Azerbaijani)
            .unit("a", Side::Armenian, "arm_detachment", (6, 2))
            .rules(|r| {
                r.control = Some(ControlRules {
                    unit_hold_hexes: 2,
                    line_hold_hexes: 0,
                });
            })
            .build(),
        1,
        false,
    );
    let hold = within(&g, (6, 2), 2);
    // West of the hold and beyond it: three hexes from the unit.
    assert!(!hold.contains(&Offset::new(3, 2)));
    let events = end_first_side(&mut g);
    let got = taken(&events);
    assert_eq!(got.len(), 1, "one step: {got:?}");
    assert!(hold.iter().all(|o| got[0].1.contains(o)), "{got:?}");
    for c in 1..4 {
        assert_eq!(
            g.ctx().controller(Offset::new(c, 2)),
            Side::Armenian,
            "({c},2)"
        );
    }
    // East of the hold the ground still leads back to the source and stays.
    assert_eq!(g.ctx().controller(Offset::new(10, 2)), Side::Azerbaijani);
}

#[test]
fn ground_taken_does_not_change_hands_back_and_the_rule_can_be_off() {
    let build = |on: bool| {
        let b = map(2, 0).unit("a", Side::Armenian, "arm_detachment", (1, 1));
        let b = if on { b } else { b.rules(|r| r.control = None) };
        Game::new(b.build(), 1, false)
    };
    let mut g = build(true);
    end_first_side(&mut g);
    // The Azerbaijani part of the turn: no unit or line of theirs reaches the ground lost.
    let events = end_first_side(&mut g);
    assert!(taken(&events).is_empty(), "{:?}", taken(&events));
    let mut off = build(false);
    assert!(taken(&end_first_side(&mut off)).is_empty());
}

#[test]
fn people_in_the_ground_taken_are_partly_captured_and_the_rest_flee() {
    let mut g = Game::new(
        map(3, 0)
            .unit("a", Side::Armenian, "arm_detachment", (1, 1))
            .place("v", PlaceKind::Village, (3, 1))
            .civilians("v", 1000)
            .exit("e", Edge::East, (11, 1))
            .build(),
        1,
        false,
    );
    let events = end_first_side(&mut g);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::CiviliansCaptured { people, .. } if *people > 0)),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::CiviliansFled { .. })),
        "{events:?}"
    );
    assert_eq!(accounted(g.state()), g.state().civilians.initial);
}
