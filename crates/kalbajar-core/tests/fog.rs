//! Observation and fog of war on small built maps: how far units see by weather and at night,
//! what blocks a line of sight, sightings and last known positions.

use kalbajar_core::geography::Side;
use kalbajar_core::hex::Offset;
use kalbajar_core::map::Terrain;
use kalbajar_core::rules::combat::line_of_sight;
use kalbajar_core::rules::event::Event;
use kalbajar_core::rules::fog::{self, LastKnown, Seen, View};
use kalbajar_core::rules::testkit::ScenarioBuilder;
use kalbajar_core::rules::{Command, Game, Sink, UnitId};
use kalbajar_core::rules_data::Weather;

const A: UnitId = UnitId(0);

/// An Armenian detachment at (0,1) and Azerbaijani companies 1, 2, 4, 6 and 7 hexes east.
fn line_of_enemies() -> ScenarioBuilder {
    let mut b = ScenarioBuilder::new(10, 3).unit("a", Side::Armenian, "arm_detachment", (0, 1));
    for col in [1, 2, 4, 6, 7] {
        b = b.unit(
            &format!("z{col}"),
            Side::Azerbaijani,
            "az_infantry",
            (col, 1),
        );
    }
    b
}

fn ids(ids: &[u16]) -> Vec<UnitId> {
    ids.iter().copied().map(UnitId).collect()
}

/// Runs [`fog::sightings`] for a side; returns the game after and the events it recorded.
fn sightings(g: &Game, side: Side) -> (Game, Vec<Event>) {
    let sc = g.scenario_arc();
    let mut sink = Sink::new(g.state().clone(), sc.map.width());
    fog::sightings(&sc, &mut sink, side);
    let events = sink.events.clone();
    (Game::from_parts(sc, sink.state, g.log().to_vec()), events)
}

#[test]
fn units_see_as_far_as_the_weather_and_the_night_allow() {
    // Enemies stand 1, 2, 4, 6 and 7 hexes away (units 1 to 5).
    let seen = |b: ScenarioBuilder| {
        let g = Game::new(b.build(), 0, true);
        fog::visible_enemies(&g.ctx(), Side::Armenian)
    };
    assert_eq!(
        seen(line_of_enemies()),
        ids(&[1, 2, 3, 4]),
        "clear: 6 hexes"
    );
    assert_eq!(
        seen(line_of_enemies().weather(Weather::Overcast)),
        ids(&[1, 2, 3]),
        "overcast: 4"
    );
    assert_eq!(
        seen(line_of_enemies().weather(Weather::Snow)),
        ids(&[1, 2]),
        "snow: 2"
    );
    assert_eq!(
        seen(line_of_enemies().starting_at_night()),
        ids(&[1, 2]),
        "clear night: 6 halved to 3"
    );
    assert_eq!(
        seen(
            line_of_enemies()
                .weather(Weather::Blizzard)
                .starting_at_night()
        ),
        ids(&[1]),
        "a blizzard night leaves one hex: a neighbour is always seen"
    );
    // The enemy sees the detachment only from its neighbouring company in a blizzard.
    let g = Game::new(
        line_of_enemies().weather(Weather::Blizzard).build(),
        0,
        true,
    );
    assert_eq!(fog::visible_enemies(&g.ctx(), Side::Azerbaijani), vec![A]);
}

#[test]
fn crests_and_higher_ground_block_the_line_of_sight() {
    let from = Offset::new(0, 1);
    let to = Offset::new(4, 1);
    let los = |b: ScenarioBuilder| {
        let g = Game::new(b.build(), 0, false);
        (
            line_of_sight(&g.ctx(), from, to),
            line_of_sight(&g.ctx(), to, from),
        )
    };
    let map = || ScenarioBuilder::new(6, 3);
    assert_eq!(los(map()), (true, true), "flat valley");
    assert_eq!(
        los(map().elevation((2, 1), 1200).elevation((4, 1), 1200)),
        (true, true),
        "a rise as high as the higher end does not hide it"
    );
    assert_eq!(
        los(map().elevation((2, 1), 1201).elevation((4, 1), 1200)),
        (false, false),
        "higher than both ends"
    );
    assert_eq!(
        los(map().terrain((2, 1), Terrain::Crest).elevation((2, 1), 900)),
        (false, false),
        "a crest always blocks"
    );
    assert_eq!(
        los(map()
            .elevation((0, 1), 3000)
            .elevation((2, 1), 2000)
            .elevation((4, 1), 1000)),
        (true, true),
        "from a summit over a lower shoulder into the valley"
    );
    let g = Game::new(map().terrain((1, 1), Terrain::Crest).build(), 0, false);
    assert!(
        line_of_sight(&g.ctx(), from, Offset::new(1, 1)),
        "neighbours see each other"
    );
}

#[test]
fn an_enemy_behind_a_ridge_is_not_seen() {
    let g = Game::new(line_of_enemies().elevation((3, 1), 1500).build(), 0, true);
    // The companies at 4, 6 and 7 hexes are behind the 1,500 m rise at (3,1).
    assert_eq!(fog::visible_enemies(&g.ctx(), Side::Armenian), ids(&[1, 2]));
}

#[test]
fn sightings_record_each_enemy_once_per_turn_and_place() {
    let g = Game::new(line_of_enemies().build(), 0, false);
    let (g, events) = sightings(&g, Side::Armenian);
    let expected: Vec<Event> = [(1, 1), (2, 2), (3, 4), (4, 6)]
        .into_iter()
        .map(|(unit, col)| Event::Sighted {
            side: Side::Armenian,
            unit: UnitId(unit),
            hex: Offset::new(col, 1),
        })
        .collect();
    assert_eq!(events, expected);
    assert_eq!(
        g.state().last_seen[0],
        vec![
            (UnitId(1), Offset::new(1, 1), 1),
            (UnitId(2), Offset::new(2, 1), 1),
            (UnitId(3), Offset::new(4, 1), 1),
            (UnitId(4), Offset::new(6, 1), 1),
        ]
    );
    assert_eq!(
        g.state().last_seen[1],
        vec![],
        "the other side saw nothing yet"
    );
    let (_, again) = sightings(&g, Side::Armenian);
    assert_eq!(again, vec![], "nothing new");
}

#[test]
fn the_view_shows_what_is_seen_and_where_the_rest_was_last_seen() {
    // A blizzard: only neighbours are seen.
    let z = UnitId(1);
    let start = |fog: bool| {
        let g = Game::new(
            ScenarioBuilder::new(6, 3)
                .unit("a", Side::Armenian, "arm_detachment", (1, 1))
                .unit("z", Side::Azerbaijani, "az_infantry", (2, 1))
                .weather(Weather::Blizzard)
                .build(),
            0,
            fog,
        );
        sightings(&g, Side::Armenian).0
    };
    // The company falls back one hex (open 2 MP × 200 % blizzard × 125 % fresh snow = 5 of its
    // 8) and is out of sight: in a blizzard only neighbours are seen.
    let fall_back = |mut g: Game| {
        g.execute(Command::EndPhase).expect("ends");
        g.execute(Command::EndPhase).expect("ends");
        assert_eq!(g.state().active, Side::Azerbaijani);
        g.execute(Command::Move {
            unit: z,
            to: Offset::new(3, 1),
        })
        .expect("legal move");
        g
    };
    let g = start(true);
    assert_eq!(
        fog::view(&g.ctx(), Side::Armenian),
        View {
            side: Side::Armenian,
            own: vec![A],
            visible: vec![Seen {
                unit: z,
                hex: Offset::new(2, 1),
                steps: 3
            }],
            last_known: vec![],
        }
    );
    let g = fall_back(g);
    let view = fog::view(&g.ctx(), Side::Armenian);
    assert_eq!(view.visible, vec![]);
    assert_eq!(
        view.last_known,
        vec![LastKnown {
            unit: z,
            hex: Offset::new(2, 1),
            turn: 1
        }]
    );
    // Known destroyed, it leaves no marker.
    let sc = g.scenario_arc();
    let mut sink = Sink::new(g.state().clone(), sc.map.width());
    sink.push(Event::Eliminated { unit: z });
    let gone = Game::from_parts(sc, sink.state, Vec::new());
    assert_eq!(fog::view(&gone.ctx(), Side::Armenian).last_known, vec![]);

    // Without fog of war every enemy unit is shown where it is.
    let g = fall_back(start(false));
    let view = fog::view(&g.ctx(), Side::Armenian);
    assert_eq!(
        view.visible,
        vec![Seen {
            unit: z,
            hex: Offset::new(3, 1),
            steps: 3
        }]
    );
    assert_eq!(view.last_known, vec![]);
}

#[test]
fn high_ground_sees_farther_and_forest_hides() {
    use kalbajar_core::rules::combat::{observed, range_into};
    // Clear weather: 6 hexes; from 2,400 m or higher, 8; into forest, half.
    let build = |observer_m: i32, target_terrain: kalbajar_core::map::Terrain| {
        Game::new(
            ScenarioBuilder::new(12, 3)
                .unit("a", Side::Armenian, "arm_detachment", (0, 1))
                .unit("z", Side::Azerbaijani, "az_infantry", (8, 1))
                .elevation((0, 1), observer_m)
                .terrain((8, 1), target_terrain)
                .build(),
            0,
            true,
        )
    };
    let open = kalbajar_core::map::Terrain::Open;
    let target = Offset::new(8, 1);
    let low = build(1000, open);
    assert_eq!(range_into(&low.ctx(), UnitId(0), target), 6);
    assert!(
        !observed(&low.ctx(), Side::Armenian, target),
        "8 hexes is beyond 6"
    );
    let high = build(2600, open);
    assert_eq!(range_into(&high.ctx(), UnitId(0), target), 8);
    assert!(
        observed(&high.ctx(), Side::Armenian, target),
        "the high ground sees 8 hexes"
    );
    let hidden = build(2600, kalbajar_core::map::Terrain::Forest);
    assert_eq!(
        range_into(&hidden.ctx(), UnitId(0), target),
        4,
        "half of 8 into forest"
    );
    assert!(!observed(&hidden.ctx(), Side::Armenian, target));
}
