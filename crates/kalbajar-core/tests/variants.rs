//! What-if variants: the six shipped variants parse, apply and change what they claim; variants
//! combine unless they touch the same thing; bad variant files and unknown ids give clear
//! errors; the civilian count stays whole with people evacuated before the start.

use kalbajar_core::geography::{Side, Source};
use kalbajar_core::hex::Offset;
use kalbajar_core::load::parse_ron;
use kalbajar_core::rules::event::{Event, PointsCause};
use kalbajar_core::rules::state::UnitStatus;
use kalbajar_core::rules::{Command, Game, civilians, policy};
use kalbajar_core::rules_data::Weather;
use kalbajar_core::scenario::{Loc, Scenario, SupplySource};
use kalbajar_core::variant::{self, Change, RuleSwitch, Variant};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SIX: [&str; 6] = [
    "all_axes_at_once",
    "brigade_709_stays",
    "relief_gets_through",
    "early_thaw",
    "early_evacuation",
    "no_western_axis",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993")
}

fn base() -> Scenario {
    Scenario::load(&dir()).expect("the shipped scenario loads")
}

fn with(ids: &[&str]) -> Scenario {
    Scenario::load_with_variants(&dir(), ids).unwrap_or_else(|es| {
        panic!(
            "{ids:?} should apply: {}",
            es.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn variant(id: &str) -> Variant {
    variant::read_variant(&dir(), id)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

fn errors(ids: &[&str]) -> String {
    match Scenario::load_with_variants(&dir(), ids) {
        Ok(_) => panic!("{ids:?} should not apply"),
        Err(es) => es
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn unit<'a>(sc: &'a Scenario, id: &str) -> &'a kalbajar_core::scenario::UnitDef {
    sc.file
        .units
        .iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("unit {id}"))
}

fn unit_index(sc: &Scenario, id: &str) -> usize {
    sc.file.units.iter().position(|u| u.id == id).expect("unit")
}

/// A scratch directory for variant files of one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kalbajar-variants-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn small_variant(id: &str, changes: Vec<Change>) -> Variant {
    Variant {
        id: id.into(),
        title: format!("Test {id}"),
        description: "A test.".into(),
        sources: vec!["test".into()],
        changes,
    }
}

#[test]
fn the_six_variants_are_shipped_and_each_applies_alone() {
    let all = variant::read_all(&dir()).unwrap_or_else(|es| panic!("{es:?}"));
    let mut ids: Vec<&str> = all.iter().map(|(_, v)| v.id.as_str()).collect();
    ids.sort_unstable();
    let mut want = SIX.to_vec();
    want.sort_unstable();
    assert_eq!(ids, want);
    let b = base();
    for (path, v) in &all {
        assert!(v.check().is_empty(), "{}: {:?}", path.display(), v.check());
        assert!(!v.description.contains("\n\n"), "{}: one paragraph", v.id);
        assert!(
            v.sources.iter().any(|s| s.starts_with("Article"))
                && v.sources.iter().any(|s| s.starts_with("Brief")),
            "{}: cites the article and the brief",
            v.id
        );
        let sc = with(&[&v.id]);
        assert_ne!(sc.file, b.file, "{} changes the scenario", v.id);
        assert_eq!(sc.file.id, format!("kalbajar_1993+{}", v.id));
        assert!(sc.file.title.contains(&v.title));
        assert!(sc.file.references.iter().any(|r| r.title.contains(&v.id)));
    }
}

#[test]
fn all_axes_at_once_puts_the_vardenis_unit_below_the_sotk_pass() {
    let b = base();
    let sc = with(&["all_axes_at_once"]);
    assert_eq!(unit(&b, "a_vardenis").at, Loc::Place("vardenis".into()));
    assert_eq!(unit(&sc, "a_vardenis").at, Loc::Hex(13, 9));
    assert!(unit(&sc, "a_vardenis").source.is_estimated());
    // Only that unit moved.
    for (x, y) in b.file.units.iter().zip(&sc.file.units) {
        if x.id != "a_vardenis" {
            assert_eq!(x, y);
        }
    }
    // In a game the unit starts next to the pass, on the Armenian side of the border.
    let g = Game::new(Arc::new(sc), 1, false);
    let i = unit_index(g.scenario(), "a_vardenis");
    let at = g.state().units[i].hex.expect("on the map");
    assert_eq!(at, Offset::new(13, 9));
    let pass = g.scenario().map.place("sotk_pass").expect("pass").hex;
    assert_eq!(at.to_hex().unsigned_distance_to(pass.to_hex()), 1);
    assert_eq!(g.ctx().controller(pass), Side::Azerbaijani);
}

fn withdrawals_of(g: &Game, unit: usize) -> Vec<u32> {
    g.log()
        .iter()
        .filter(|l| matches!(&l.event, Event::UnitWithdrawn { unit: u } if u.index() == unit))
        .map(|l| l.turn)
        .collect()
}

#[test]
fn brigade_709_stays_is_never_withdrawn() {
    let sc = with(&["brigade_709_stays"]);
    assert!(!sc.file.events.iter().any(|e| e.id == "709_withdraws"));
    assert_eq!(sc.file.events.len(), base().file.events.len() - 1);

    // The historical scenario withdraws it on turn 9; the variant never does.
    let mut hist = Game::new(Arc::new(base()), 3, false);
    policy::play_out(&mut hist, 200_000);
    let z709 = unit_index(hist.scenario(), "z_709");
    assert_eq!(withdrawals_of(&hist, z709), vec![9]);

    let mut g = Game::new(Arc::new(sc), 3, false);
    policy::play_out(&mut g, 200_000);
    assert!(g.state().turn >= 9, "the game reached the historical date");
    let z709 = unit_index(g.scenario(), "z_709");
    assert!(withdrawals_of(&g, z709).is_empty());
    assert_ne!(g.state().units[z709].status, UnitStatus::Withdrawn);
}

#[test]
fn relief_gets_through_starts_at_qamisli_and_karapetyan_is_at_agdaban() {
    let b = base();
    let sc = with(&["relief_gets_through"]);
    let r = unit(&sc, "z_relief");
    assert_eq!(
        (r.at.clone(), r.entry_turn),
        (Loc::Place("qamisli".into()), 1)
    );
    assert_eq!(unit(&b, "z_relief").entry_turn, 2);
    assert_eq!(unit(&sc, "a_karapetyan").at, Loc::Place("agdaban".into()));

    let g = Game::new(Arc::new(sc), 1, false);
    let i = unit_index(g.scenario(), "z_relief");
    let qamisli = g.scenario().map.place("qamisli").expect("place").hex;
    assert_eq!(g.state().units[i].status, UnitStatus::Active);
    assert_eq!(g.state().units[i].hex, Some(qamisli));
    let k = unit_index(g.scenario(), "a_karapetyan");
    let agdaban = g.scenario().map.place("agdaban").expect("place").hex;
    assert_eq!(g.state().units[k].hex, Some(agdaban));
}

#[test]
fn early_thaw_pins_clear_weather_and_raises_the_snow_line() {
    let b = base();
    let sc = with(&["early_thaw"]);
    let w = &sc.file.weather;
    assert_eq!(w.pinned.len(), 16 * 3);
    assert!(w.pinned.iter().all(|p| p.weather == Weather::Clear));
    assert_eq!(w.snow_line_m, 2600);
    assert!(
        b.file.weather.snow_line_m < 2366,
        "the pass is snowy in history"
    );
    assert_eq!(sc.rules.civilians.exposure_from_m, 2800);
    assert_eq!(b.rules.civilians.exposure_from_m, 2400);
    assert!(sc.file.weather.source.text().contains("early_thaw"));

    // The Sotk Pass lies under snow in the historical scenario, not in the variant.
    let pass = sc.map.place("sotk_pass").expect("pass").hex;
    let elevation = sc.map.get(pass.to_hex()).expect("hex").elevation;
    assert!(elevation >= b.file.weather.snow_line_m && elevation < w.snow_line_m);

    // Every band is clear on every turn, whatever the seed.
    for seed in [1, 2, 3] {
        let mut g = Game::new(Arc::new(sc.clone()), seed, false);
        for turn in 1..=4 {
            while g.state().turn < turn {
                g.execute(Command::EndPhase).expect("phase ends");
            }
            assert!(
                g.state()
                    .weather
                    .iter()
                    .all(|bw| bw.weather == Weather::Clear),
                "seed {seed}, turn {turn}: {:?}",
                g.state().weather
            );
        }
    }
    // Without the variant some band is not clear on the first turns for some seed.
    let some_bad = [1, 2, 3].iter().any(|&seed| {
        let mut g = Game::new(Arc::new(b.clone()), seed, false);
        (1..=4).any(|turn| {
            while g.state().turn < turn {
                g.execute(Command::EndPhase).expect("phase ends");
            }
            g.state()
                .weather
                .iter()
                .any(|bw| bw.weather != Weather::Clear)
        })
    });
    assert!(some_bad);
}

#[test]
fn early_evacuation_keeps_every_person_accounted_for() {
    let b = base();
    let sc = with(&["early_evacuation"]);
    assert_eq!(b.civilians(), 60_000);
    assert_eq!(
        sc.civilians(),
        60_000,
        "the district's population is unchanged"
    );
    assert_eq!(sc.evacuated_before(), 18_000);
    for (x, y) in b.file.civilians.iter().zip(&sc.file.civilians) {
        assert_eq!(x.place, y.place);
        // Each place keeps its people: the variant only moves more of them to "gone before".
        assert_eq!(x.people + x.evacuated_before, y.people + y.evacuated_before);
        assert!(y.evacuated_before > 0);
        assert!(y.evacuated_before > 0);
    }
    assert!(sc.summary().contains("18000 had left before the start"));

    let mut g = Game::new(Arc::new(sc), 5, false);
    let c = g.state().civilians;
    assert_eq!(c.initial, 60_000);
    assert_eq!(c.evacuated_road, 18_000);
    assert_eq!(g.state().present_civilians(), 42_000);
    assert_eq!(civilians::accounted(g.state()), c.initial);
    // No points for people no one in the game brought out.
    assert!(!g.log().iter().any(|l| matches!(
        l.event,
        Event::PointsAwarded {
            cause: PointsCause::Evacuation,
            ..
        }
    )));
    let mut n = 0;
    while !g.is_over() && n < 200_000 {
        let cmd = policy::next_command(&g);
        g.execute(cmd).expect("the policy gives legal commands");
        n += 1;
        if n % 50 == 0 {
            assert_eq!(
                civilians::accounted(g.state()),
                60_000,
                "after {n} commands"
            );
        }
    }
    let s = g.state();
    assert_eq!(civilians::accounted(s), 60_000);
    assert!(s.civilians.evacuated_road >= 18_000);
    // Points for evacuation count only the people brought out during the game.
    let points: i32 = g
        .log()
        .iter()
        .filter_map(|l| match l.event {
            Event::PointsAwarded {
                cause: PointsCause::Evacuation,
                points,
                ..
            } => Some(points),
            _ => None,
        })
        .sum();
    let out_in_game = s.civilians.evacuated_road + s.civilians.evacuated_air - 18_000;
    let per = i64::from(g.scenario().rules.victory.per_thousand_evacuated);
    assert_eq!(
        i64::from(points),
        i64::try_from(out_in_game / 1000).expect("small") * per
    );
}

#[test]
fn no_western_axis_has_no_vardenis_unit_grad_or_western_supply() {
    let b = base();
    let sc = with(&["no_western_axis"]);
    for id in ["a_vardenis", "a_grad_sotk"] {
        assert!(b.file.units.iter().any(|u| u.id == id));
        assert!(!sc.file.units.iter().any(|u| u.id == id), "{id} removed");
    }
    assert_eq!(sc.file.units.len(), b.file.units.len() - 2);
    let west =
        |s: &SupplySource| s.side == Side::Armenian && s.at == Loc::Exit("west_armenia".into());
    assert!(b.file.supply_sources.iter().any(west));
    assert!(!sc.file.supply_sources.iter().any(west));
    assert!(
        sc.file
            .supply_sources
            .iter()
            .any(|s| s.side == Side::Armenian)
    );
    // No Armenian unit stands west of the Sotk Pass at the start.
    let g = Game::new(Arc::new(sc), 1, false);
    let ctx = g.ctx();
    for id in ctx.active_units(Side::Armenian) {
        let at = g.state().unit(id).hex.expect("on the map");
        assert!(at.col > 14, "{} at {at}", ctx.unit_name(id));
    }
}

#[test]
fn variants_that_touch_different_things_combine() {
    let sc = with(&[
        "brigade_709_stays",
        "early_thaw",
        "early_evacuation",
        "relief_gets_through",
        "all_axes_at_once",
    ]);
    assert!(!sc.file.events.iter().any(|e| e.id == "709_withdraws"));
    assert_eq!(sc.file.weather.snow_line_m, 2600);
    assert_eq!(sc.evacuated_before(), 18_000);
    assert_eq!(unit(&sc, "a_vardenis").at, Loc::Hex(13, 9));
    assert_eq!(unit(&sc, "z_relief").entry_turn, 1);
    assert_eq!(
        sc.file.id,
        "kalbajar_1993+brigade_709_stays+early_thaw+early_evacuation+relief_gets_through+all_axes_at_once"
    );
    let mut g = Game::new(Arc::new(sc), 2, false);
    policy::play_out(&mut g, 200_000);
    assert_eq!(civilians::accounted(g.state()), 60_000);
}

#[test]
fn conflicting_variants_are_named_with_what_they_both_change() {
    let text = errors(&["all_axes_at_once", "no_western_axis"]);
    assert!(
        text.contains("variants \"all_axes_at_once\" and \"no_western_axis\" conflict")
            && text.contains("unit \"a_vardenis\""),
        "{text}"
    );
    // The error is reported against the later variant's file.
    assert!(text.contains("no_western_axis.ron"), "{text}");
    // The same variant twice.
    let text = errors(&["early_thaw", "early_thaw"]);
    assert!(text.contains("\"early_thaw\" is given twice"), "{text}");
}

#[test]
fn weather_and_rule_conflicts_are_detected() {
    let b = base();
    let thaw = variant("early_thaw");
    let storm = small_variant(
        "storm",
        vec![
            Change::PinWeather {
                from_turn: 3,
                to_turn: 4,
                bands: vec!["high".into()],
                weather: Weather::Blizzard,
                source: Source::Estimated("test".into()),
            },
            Change::Rule {
                switch: RuleSwitch::ExposureFromM(2000),
                source: Source::Estimated("test".into()),
            },
        ],
    );
    let e = variant::apply(&b.file, &[thaw.clone(), storm.clone()]).expect_err("conflict");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("\"early_thaw\" and \"storm\""), "{e:?}");
    assert!(
        e[0].contains("the weather of band \"high\" on turn 3")
            && e[0].contains("rule civilians.exposure_from_m"),
        "{e:?}"
    );
    // A different band and another rule do not conflict; the storm then pins turn 3.
    let other = small_variant(
        "other",
        vec![Change::SetOdds {
            band: "high".into(),
            day: [(Weather::Snow, 1)].into(),
            night: [(Weather::Snow, 1)].into(),
            source: Source::Estimated("test".into()),
        }],
    );
    let sc = b.with_variants(&[thaw, other]).expect("combines");
    assert_eq!(sc.file.weather.odds[2].day.len(), 1);
}

#[test]
fn removing_a_unit_takes_it_out_of_events() {
    let b = base();
    let v = small_variant("no_709", vec![Change::RemoveUnits(vec!["z_709".into()])]);
    let sc = b
        .with_variants(std::slice::from_ref(&v))
        .expect("applies and validates");
    assert!(!sc.file.events.iter().any(|e| e.id == "709_withdraws"));
    // It touches the event too, so it conflicts with a variant that changes that event.
    let e = variant::apply(&b.file, &[v, variant("brigade_709_stays")]).expect_err("conflict");
    assert!(e[0].contains("event \"709_withdraws\""), "{e:?}");
}

#[test]
fn changes_that_do_not_fit_name_the_variant_and_change() {
    let b = base();
    let v = small_variant(
        "typo",
        vec![
            Change::RemoveUnits(vec!["a_vardenes".into()]),
            Change::SetEntry {
                unit: "z_relief".into(),
                at: Some(Loc::Hex(99, 99)),
                entry_turn: None,
                source: Source::Estimated("test".into()),
            },
        ],
    );
    let e = variant::apply(&b.file, std::slice::from_ref(&v)).expect_err("unknown unit");
    assert!(
        e[0].starts_with("variant \"typo\": changes[0] RemoveUnits: no unit \"a_vardenes\"")
            && e[0].contains("a_vardenis"),
        "{e:?}"
    );
    // Without the typo, the off-map hex is caught by the scenario's own validation.
    let v = Variant {
        changes: v.changes[1..].to_vec(),
        ..v
    };
    let e = b.with_variants(&[v]).expect_err("off the map");
    assert!(
        e.iter()
            .any(|x| x.starts_with("with variant(s) typo: units[") && x.contains("outside the map")),
        "{e:?}"
    );
}

#[test]
fn an_unknown_variant_id_lists_the_known_ones() {
    let text = errors(&["no_such_variant"]);
    assert!(
        text.contains("there is no variant \"no_such_variant\""),
        "{text}"
    );
    for id in SIX {
        assert!(text.contains(id), "{text}");
    }
}

#[test]
fn a_malformed_variant_file_gives_file_line_and_column() {
    let d = scratch("malformed");
    let path = d.join("broken.ron");
    std::fs::write(
        &path,
        "Variant(\n    id: \"broken\",\n    title: \"Broken\"\n    description: \"x\",\n)\n",
    )
    .expect("write");
    let text = errors(&[path.to_str().expect("utf-8")]);
    let want = format!("{}:4:5:", path.display());
    assert!(text.contains(&want), "{text}");

    // An unknown field inside a change is refused, with its place.
    let path = d.join("typo.ron");
    std::fs::write(
        &path,
        "Variant(id: \"typo\", title: \"T\", description: \"D\", sources: [\"s\"],\n  changes: [SnowLine(metre: 2000, source: Estimated(\"x\"))])\n",
    )
    .expect("write");
    let text = errors(&[path.to_str().expect("utf-8")]);
    assert!(text.contains(&format!("{}:2:", path.display())), "{text}");
    assert!(text.contains("metre"), "{text}");

    // The id must match the file name.
    let path = d.join("named.ron");
    std::fs::write(
        &path,
        "Variant(id: \"other\", title: \"T\", description: \"D\", sources: [\"s\"], changes: [RemoveHelicopters])\n",
    )
    .expect("write");
    let text = errors(&[path.to_str().expect("utf-8")]);
    assert!(text.contains("does not match the file name"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_variant_with_two_paragraphs_or_no_sources_is_refused() {
    let mut v = small_variant("bad", vec![Change::RemoveHelicopters]);
    v.description = "One.\n\nTwo.".into();
    v.sources.clear();
    let e = variant::apply(&base().file, &[v]).expect_err("refused");
    assert!(e.iter().any(|x| x.contains("one paragraph")), "{e:?}");
    assert!(e.iter().any(|x| x.contains("sources:")), "{e:?}");
}

#[test]
fn variants_round_trip_through_ron() {
    for id in SIX {
        let v = variant(id);
        let text = kalbajar_core::load::to_ron(&v, 4).expect("serialises");
        let back: Variant = parse_ron(Path::new("x.ron"), &text).expect("parses back");
        assert_eq!(back, v);
    }
}

#[test]
fn people_gone_before_the_start_count_as_evacuated_but_earn_no_points() {
    use kalbajar_core::geography::{Edge, PlaceKind, RoadClass};
    use kalbajar_core::rules::Phase;
    use kalbajar_core::rules::state::Destination;
    use kalbajar_core::rules::testkit::ScenarioBuilder;
    // 1,500 at home and 600 gone before: the column of 1,500 that gets out makes one full
    // thousand brought out in the game (counting the 600 would make two).
    let road: Vec<(i32, i32)> = (1..8).map(|c| (c, 1)).collect();
    let sc = ScenarioBuilder::new(8, 3)
        .place("v", PlaceKind::Village, (1, 1))
        .civilians("v", 1500)
        .road(RoadClass::Paved, &road)
        .exit("e", Edge::East, (7, 1))
        .rules(|r| {
            r.civilians.column_size = 3000;
            r.victory.per_thousand_evacuated = 1;
        })
        .file(|f| f.civilians[0].evacuated_before = 600)
        .build();
    let mut g = Game::new(sc, 1, false);
    let t = g.state().civilians;
    assert_eq!((t.initial, t.evacuated_road), (2100, 600));
    assert_eq!(civilians::accounted(g.state()), 2100);
    let to_movement = |g: &mut Game| loop {
        g.execute(Command::EndPhase).expect("phase ends");
        if g.state().active == Side::Azerbaijani && g.state().phase == Phase::Movement {
            break;
        }
    };
    to_movement(&mut g);
    g.execute(Command::Evacuate {
        place: "v".into(),
        destination: Destination::Exit("e".into()),
    })
    .expect("evacuation allowed");
    for _ in 0..4 {
        to_movement(&mut g);
        assert_eq!(civilians::accounted(g.state()), 2100);
    }
    assert_eq!(g.state().civilians.evacuated_road, 2100, "all out");
    assert_eq!(g.state().points[1].evacuation, 1);
}

#[test]
fn a_pin_far_past_the_end_is_refused_quickly() {
    let v = small_variant(
        "forever",
        vec![Change::PinWeather {
            from_turn: 1,
            to_turn: u32::MAX,
            bands: vec!["high".into()],
            weather: Weather::Clear,
            source: Source::Estimated("test".into()),
        }],
    );
    let e = variant::apply(&base().file, &[v]).expect_err("past the end");
    assert!(e[0].contains("past the scenario's last turn 16"), "{e:?}");
}
