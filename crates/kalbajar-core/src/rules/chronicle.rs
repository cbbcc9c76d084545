//! The chronicle: every event worth telling as a dated line in plain, neutral words. It names
//! what happened, to whom and where; it neither praises nor blames.

use super::Logged;
use super::event::{Cause, Event};
use super::state::{Destination, SupplyStatus, UnitId};
use crate::geography::Side;
use crate::hex::Offset;
use crate::rules_data::Weather;
use crate::scenario::Scenario;

/// "27 Mar, day" or "27 Mar, night" for a turn.
#[must_use]
pub fn turn_label(sc: &Scenario, turn: u32) -> String {
    let start = sc.turn_start(turn);
    let part = if sc.is_night(turn) { "night" } else { "day" };
    format!("{}, {part}", start.short_date())
}

/// A hex described by its place name, a place within two hexes ("near X"), or its coordinates.
#[must_use]
pub fn where_is(sc: &Scenario, hex: Offset) -> String {
    let map = &sc.map;
    if let Some(name) = map.get(hex.to_hex()).and_then(|d| d.name.clone()) {
        return name;
    }
    let near = map
        .file()
        .places
        .iter()
        .filter(|p| p.hex.to_hex().unsigned_distance_to(hex.to_hex()) <= 2)
        .min_by_key(|p| (p.hex.to_hex().unsigned_distance_to(hex.to_hex()), p.kind));
    match near {
        Some(p) => format!("{hex} near {}", p.name),
        None => format!("hex {hex}"),
    }
}

/// "About 40 km² of undefended ground, with Istisu and Zar, passes to the …".
fn ground_taken(sc: &Scenario, side: Side, hexes: &[Offset]) -> String {
    let hex_km = sc.map.file().hex_km;
    #[expect(clippy::cast_precision_loss, reason = "a hex count")]
    let km2 = hexes.len() as f64 * 3f64.sqrt() / 2.0 * hex_km * hex_km;
    let names: Vec<String> = hexes
        .iter()
        .filter_map(|h| sc.map.get(h.to_hex()).and_then(|d| d.name.clone()))
        .collect();
    let with = if names.is_empty() {
        String::new()
    } else {
        format!(", with {},", names.join(", "))
    };
    format!(
        "about {km2:.0} km² of ground no one holds any more{with} passes to the {}.",
        side_name(sc, side)
    )
}

fn side_name(sc: &Scenario, side: Side) -> &str {
    sc.file
        .sides
        .iter()
        .find(|s| s.side == side)
        .map_or("unknown side", |s| s.name.as_str())
}

fn unit(sc: &Scenario, id: UnitId) -> &str {
    sc.file
        .units
        .get(id.index())
        .map_or("an unknown unit", |u| u.name.as_str())
}

fn destination(sc: &Scenario, d: &Destination) -> String {
    match d {
        // The first clause of the exit's description: where the road leads.
        Destination::Exit(id) => sc.map.exit(id).map_or_else(
            || id.clone(),
            |e| {
                e.toward
                    .split(';')
                    .next()
                    .unwrap_or(&e.toward)
                    .trim()
                    .to_string()
            },
        ),
        Destination::Helipad => "the helicopter pad".into(),
    }
}

fn cause(c: Cause) -> &'static str {
    match c {
        Cause::Combat => "in combat",
        Cause::Bombardment => "under bombardment",
        Cause::Isolation => "cut off from supply",
        Cause::Encirclement => "encircled",
        Cause::LeaderLost => "after losing its commander",
        Cause::BlockedRetreat => "with its retreat blocked",
        Cause::Rest => "at rest",
    }
}

fn weather_word(w: Weather) -> &'static str {
    match w {
        Weather::Clear => "clear",
        Weather::Overcast => "overcast",
        Weather::Snow => "snow",
        Weather::Blizzard => "blizzard",
    }
}

/// Every event of a log, one dated line each (bookkeeping included).
#[must_use]
pub fn full_lines(sc: &Scenario, log: &[Logged]) -> Vec<String> {
    log.iter()
        .map(|l| {
            format!(
                "{}: {}",
                turn_label(sc, l.turn),
                full_line(sc, l.turn, &l.event)
            )
        })
        .collect()
}

/// What happened to several refugee columns in one turn, told in one line: the chronicle of a
/// night on the Murov would otherwise repeat "… die of cold and exposure" once per column.
#[derive(PartialEq, Eq)]
enum Tally {
    Exposure,
    Arrived,
    Captured,
    Redirected(Destination),
}

impl Tally {
    /// The tally an event adds to, and the people it counts.
    fn of(event: &Event) -> Option<(Self, u32)> {
        Some(match event {
            Event::Exposure { deaths, .. } => (Self::Exposure, *deaths),
            Event::ColumnArrived { people, .. } => (Self::Arrived, *people),
            Event::ColumnCaptured { people, .. } => (Self::Captured, *people),
            Event::ColumnRedirected { destination: d, .. } => (Self::Redirected(d.clone()), 0),
            _ => return None,
        })
    }

    /// The line for `people` in `columns` columns (more than one).
    fn line(&self, sc: &Scenario, people: u32, columns: usize) -> String {
        match self {
            Self::Exposure => format!(
                "{} in {columns} refugee columns {} of cold and exposure.",
                count(people, "person", "people"),
                verb(people, "dies", "die")
            ),
            Self::Arrived => format!(
                "{} in {columns} columns {} out of the district.",
                count(people, "refugee", "refugees"),
                verb(people, "crosses", "cross")
            ),
            Self::Captured => format!(
                "{} in {columns} refugee columns {} detained.",
                count(people, "person", "people"),
                verb(people, "is", "are")
            ),
            Self::Redirected(d) => format!(
                "{columns} refugee columns turn toward {} instead.",
                destination(sc, d)
            ),
        }
    }
}

/// A tally of the turn being told: where its line goes, the first event (told as it is when
/// it stays alone), the people and the columns.
struct Counted {
    tally: Tally,
    slot: usize,
    first: Event,
    people: u32,
    columns: usize,
}

/// Writes each tally's line into its slot.
fn write_tallies(sc: &Scenario, turn: u32, tallies: &mut Vec<Counted>, out: &mut [String]) {
    for c in tallies.drain(..) {
        let text = if c.columns == 1 {
            line(sc, turn, &c.first).unwrap_or_default()
        } else {
            c.tally.line(sc, c.people, c.columns)
        };
        out[c.slot] = format!("{}: {text}", turn_label(sc, turn));
    }
}

/// The whole chronicle of a log, one line per event worth telling, each dated. What befalls
/// several refugee columns alike in one turn is one line, at the place of the first of them.
#[must_use]
pub fn lines(sc: &Scenario, log: &[Logged]) -> Vec<String> {
    let mut out = Vec::new();
    let mut weather: Vec<String> = Vec::new();
    let mut supplied = vec![true; sc.file.units.len()];
    let mut tallies: Vec<Counted> = Vec::new();
    let mut tally_turn = 0;
    for (i, l) in log.iter().enumerate() {
        if l.turn != tally_turn {
            write_tallies(sc, tally_turn, &mut tallies, &mut out);
            tally_turn = l.turn;
        }
        if let Some((tally, people)) = Tally::of(&l.event) {
            if let Some(c) = tallies.iter_mut().find(|c| c.tally == tally) {
                c.people += people;
                c.columns += 1;
            } else {
                tallies.push(Counted {
                    tally,
                    slot: out.len(),
                    first: l.event.clone(),
                    people,
                    columns: 1,
                });
                out.push(String::new());
            }
            continue;
        }
        let date = turn_label(sc, l.turn);
        if let Event::WeatherSet { band, weather: w } = &l.event {
            let name = sc
                .file
                .weather
                .bands
                .get(*band)
                .map_or("?", |b| b.name.as_str());
            let fog = if w.fog { ", fog" } else { "" };
            weather.push(format!("{name} {}{fog}", weather_word(w.weather)));
            let next_is_weather = matches!(
                log.get(i + 1).map(|n| &n.event),
                Some(Event::WeatherSet { .. })
            );
            if !next_is_weather {
                out.push(format!("{date}: weather: {}.", weather.join("; ")));
                weather.clear();
            }
            continue;
        }
        if let Event::SupplyTraced { unit: u, status } = &l.event {
            // Only changes of supply are worth a line.
            let now = status.is_supplied();
            let before = std::mem::replace(&mut supplied[u.index()], now);
            if before
                && !now
                && let SupplyStatus::OutOfSupply { reason } = status
            {
                out.push(format!(
                    "{date}: {} is out of supply: {reason}.",
                    unit(sc, *u)
                ));
            } else if !before && now {
                out.push(format!("{date}: {} is supplied again.", unit(sc, *u)));
            }
            continue;
        }
        if let Some(text) = line(sc, l.turn, &l.event) {
            out.push(format!("{date}: {text}"));
        }
    }
    write_tallies(sc, tally_turn, &mut tallies, &mut out);
    out
}

/// Every event in words, bookkeeping included: the full log a teacher or a designer reads.
#[must_use]
pub fn full_line(sc: &Scenario, turn: u32, event: &Event) -> String {
    line(sc, turn, event).unwrap_or_else(|| detail(sc, event))
}

/// Bookkeeping events in words. The match is exhaustive, so a new event cannot be added
/// without deciding how it reads.
#[expect(clippy::too_many_lines, reason = "one arm per event, each one line")]
fn detail(sc: &Scenario, event: &Event) -> String {
    match event {
        Event::TurnBegan { turn } => format!("turn {turn} begins."),
        Event::WeatherSet { band, weather } => format!(
            "weather in band {band}: {}{}.",
            weather_word(weather.weather),
            if weather.fog { ", fog" } else { "" }
        ),
        Event::PhaseBegan { side, phase } => format!(
            "{}: {} phase.",
            side_name(sc, *side),
            match phase {
                super::state::Phase::Movement => "movement",
                super::state::Phase::Combat => "combat",
            }
        ),
        Event::UnitEntered { unit: u, hex } => {
            format!("{} stands at {}.", unit(sc, *u), where_is(sc, *hex))
        }
        Event::SupplyTraced { unit: u, status } => match status {
            SupplyStatus::InSupply { source, cost } => {
                format!(
                    "{} is supplied from {source} ({cost} supply points).",
                    unit(sc, *u)
                )
            }
            SupplyStatus::FromDepot { source } => {
                format!("{} draws on the depot: {source}.", unit(sc, *u))
            }
            SupplyStatus::OutOfSupply { reason } => {
                format!("{} is out of supply: {reason}.", unit(sc, *u))
            }
        },
        Event::DepotDrawn { source, amount } => {
            format!("{amount} drawn from {}.", source_name(sc, *source))
        }
        Event::DepotFilled { source, amount } => {
            format!("{amount} added to {}.", source_name(sc, *source))
        }
        Event::UnitMoved { unit: u, cost, .. } => {
            format!("{} moves ({cost} movement points).", unit(sc, *u))
        }
        Event::MovementSpent { unit: u } => {
            format!("{} stops in the enemy's zone of control.", unit(sc, *u))
        }
        Event::Held { unit: u } => format!("{} holds its ground.", unit(sc, *u)),
        Event::CohesionChanged {
            unit: u,
            cohesion,
            cause: c,
        } => format!(
            "{}'s cohesion is now {cohesion} ({}).",
            unit(sc, *u),
            cause(*c)
        ),
        Event::ColumnMoved { column, path } => {
            format!("refugee column {} moves {} hexes.", column.0, path.len())
        }
        Event::ColumnWaiting { column } => {
            format!("refugee column {} waits for the helicopters.", column.0)
        }
        Event::AirliftCapacity { people } => {
            format!("helicopter capacity this turn: {people} people.")
        }
        Event::TruceAgreed {
            side,
            hex,
            until_turn,
        } => format!(
            "the {} will not attack {} before turn {until_turn}.",
            side_name(sc, *side),
            where_is(sc, *hex)
        ),
        Event::WeatherFixed {
            band,
            weather,
            until_turn,
        } => format!(
            "the weather in band {band} stays {} until turn {until_turn}.",
            weather_word(*weather)
        ),
        Event::PointsAwarded {
            side,
            points,
            cause: c,
        } => format!("{points:+} points to the {} ({c:?}).", side_name(sc, *side)),
        Event::KeyPlaceTaken { turn } => format!("the key place is taken on turn {turn}."),
        Event::ControlChanged { hex, side } => format!(
            "{} passes to the {}.",
            where_is(sc, *hex),
            side_name(sc, *side)
        ),
        Event::GroundTaken { side, hexes } => ground_taken(sc, *side, hexes),
        Event::Retreated { unit: u, .. } => format!("{} holds where it is.", unit(sc, *u)),
        Event::Sighted { side, unit: u, hex } => format!(
            "the {} sight {} at {}.",
            side_name(sc, *side),
            unit(sc, *u),
            where_is(sc, *hex)
        ),
        // Narrative events are worded by `narrative`; these arms only serve when it declines.
        Event::UnitWithdrawn { unit: u }
        | Event::Entrenched { unit: u }
        | Event::Bombarded { unit: u, .. }
        | Event::Disrupted { unit: u }
        | Event::StepsLost { unit: u, .. }
        | Event::Routed { unit: u }
        | Event::Rallied { unit: u }
        | Event::Surrendered { unit: u, .. }
        | Event::Eliminated { unit: u }
        | Event::Advanced { unit: u, .. } => format!("{}: {event:?}", unit(sc, *u)),
        Event::Attacked { .. }
        | Event::EvacuationOrdered { .. }
        | Event::ColumnFormed { .. }
        | Event::ColumnArrived { .. }
        | Event::Exposure { .. }
        | Event::ColumnRedirected { .. }
        | Event::ColumnCaptured { .. }
        | Event::CivilianCasualties { .. }
        | Event::CiviliansCaptured { .. }
        | Event::CiviliansFled { .. }
        | Event::Airlifted { .. }
        | Event::AirliftSupply { .. }
        | Event::HelicoptersEnded
        | Event::HaltedForColumns { .. }
        | Event::ScenarioEvent { .. }
        | Event::GameEnded { .. } => format!("{event:?}"),
    }
}

fn source_name(sc: &Scenario, index: usize) -> &str {
    sc.file
        .supply_sources
        .get(index)
        .map_or("a supply source", |s| s.name.as_str())
}

/// The chronicle text of one event, without its date, for the narrative chronicle; `None` for
/// bookkeeping, which [`full_line`] words instead.
#[must_use]
#[expect(clippy::too_many_lines, reason = "one arm per event, each one line")]
pub fn line(sc: &Scenario, turn: u32, event: &Event) -> Option<String> {
    Some(match event {
        Event::TurnBegan { turn } => format!(
            "turn {turn} of {} begins ({}).",
            sc.file.turns,
            sc.turn_start(*turn)
        ),
        Event::UnitEntered { unit: u, hex } if turn > 1 => {
            format!("{} arrives at {}.", unit(sc, *u), where_is(sc, *hex))
        }
        Event::UnitWithdrawn { unit: u } => format!("{} leaves the battlefield.", unit(sc, *u)),
        Event::UnitMoved { unit: u, path, .. } => {
            let to = path.last()?;
            format!("{} moves to {}.", unit(sc, *u), where_is(sc, *to))
        }
        Event::Entrenched { unit: u } => format!("{} digs in.", unit(sc, *u)),
        Event::Bombarded {
            unit: u,
            target,
            roll,
        } => format!(
            "{} fires on {} (roll {roll}).",
            unit(sc, *u),
            where_is(sc, *target)
        ),
        Event::Disrupted { unit: u } => format!("{} is disrupted by the fire.", unit(sc, *u)),
        Event::Attacked {
            attackers,
            target,
            odds,
            roll,
            ..
        } => {
            let names: Vec<&str> = attackers.iter().map(|a| unit(sc, *a)).collect();
            format!(
                "{} attack{} at {} (odds {}:{}, roll {roll}).",
                names.join(" and "),
                if names.len() == 1 { "s" } else { "" },
                where_is(sc, *target),
                odds.0,
                odds.1
            )
        }
        Event::StepsLost {
            unit: u,
            steps,
            cause: c,
        } => format!(
            "{} loses {steps} step{} {}.",
            unit(sc, *u),
            if *steps == 1 { "" } else { "s" },
            cause(*c)
        ),
        Event::Retreated { unit: u, path } => {
            let to = path.last()?;
            format!("{} falls back to {}.", unit(sc, *u), where_is(sc, *to))
        }
        Event::Routed { unit: u } => format!(
            "{} loses cohesion and falls back in disorder.",
            unit(sc, *u)
        ),
        Event::Rallied { unit: u } => format!("{} regains order.", unit(sc, *u)),
        Event::Surrendered { unit: u, prisoners } => format!(
            "{} surrenders; about {prisoners} men are taken prisoner.",
            unit(sc, *u)
        ),
        Event::Eliminated { unit: u } => {
            format!("{} ceases to exist as a fighting unit.", unit(sc, *u))
        }
        Event::Advanced { unit: u, to } => {
            format!("{} advances into {}.", unit(sc, *u), where_is(sc, *to))
        }
        Event::ControlChanged { hex, side } => {
            let name = sc.map.get(hex.to_hex()).and_then(|d| d.name.clone())?;
            format!("{name} passes to the {}.", side_name(sc, *side))
        }
        Event::GroundTaken { side, hexes } => ground_taken(sc, *side, hexes),
        Event::EvacuationOrdered {
            settlement,
            destination: d,
        } => format!(
            "the evacuation of {} is ordered, toward {}.",
            settlement_name(sc, *settlement),
            destination(sc, d)
        ),
        Event::ColumnFormed {
            settlement,
            people,
            destination: d,
            ..
        } => format!(
            "{} {} {} in a column toward {}.",
            count(*people, "person", "people"),
            verb(*people, "leaves", "leave"),
            settlement_name(sc, *settlement),
            destination(sc, d)
        ),
        Event::CiviliansFled {
            settlement,
            people,
            destination: d,
            ..
        } => format!(
            "{} {} {} toward {}.",
            count(*people, "person", "people"),
            verb(*people, "flees", "flee"),
            settlement_name(sc, *settlement),
            destination(sc, d)
        ),
        Event::ColumnArrived { people, .. } => {
            format!(
                "{} {} out of the district.",
                count(*people, "refugee", "refugees"),
                verb(*people, "crosses", "cross")
            )
        }
        Event::Exposure { deaths, .. } => {
            format!(
                "{} in a refugee column {} of cold and exposure.",
                count(*deaths, "person", "people"),
                verb(*deaths, "dies", "die")
            )
        }
        Event::CivilianCasualties { hex, people, .. } => format!(
            "{} {} killed or wounded at {}.",
            count(*people, "civilian", "civilians"),
            verb(*people, "is", "are"),
            where_is(sc, *hex)
        ),
        Event::CiviliansCaptured { settlement, people } => format!(
            "{} {} detained at {}.",
            count(*people, "civilian", "civilians"),
            verb(*people, "is", "are"),
            settlement_name(sc, *settlement)
        ),
        Event::Airlifted { people } => format!(
            "helicopters fly {} out.",
            count(*people, "person", "people")
        ),
        Event::AirliftSupply { amount } => {
            format!("helicopters bring in supplies ({amount} unit-turns).")
        }
        Event::AirliftCapacity { people } if *people > 0 => {
            format!(
                "the helicopters can fly out up to {} this turn.",
                count(*people, "person", "people")
            )
        }
        Event::ColumnRedirected { destination: d, .. } => format!(
            "a refugee column turns toward {} instead.",
            destination(sc, d)
        ),
        Event::ColumnCaptured { people, .. } => {
            format!(
                "{} in a refugee column {} detained.",
                count(*people, "person", "people"),
                verb(*people, "is", "are")
            )
        }
        Event::HelicoptersEnded => {
            "the last helicopters leave; from now on the only way out is over the mountains.".into()
        }
        Event::HaltedForColumns { side } => format!(
            "the {} halt their attacks to let refugee columns pass.",
            side_name(sc, *side)
        ),
        Event::ScenarioEvent { text, .. } => text.clone(),
        Event::GameEnded { outcome } => {
            let who = outcome.winner.map_or_else(
                || "neither side".to_string(),
                |s| side_name(sc, s).to_string(),
            );
            format!(
                "the scenario ends on turn {}: {} result for {who} ({} to {} points).",
                outcome.turn, outcome.level, outcome.armenian, outcome.azerbaijani
            )
        }
        _ => return None,
    })
}

fn settlement_name(sc: &Scenario, index: usize) -> String {
    sc.file
        .civilians
        .get(index)
        .and_then(|c| sc.map.place(&c.place))
        .map_or_else(|| "a settlement".into(), |p| p.name.clone())
}

/// "1 person", "3,876 people": a number of people with the noun that agrees with it.
fn count(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// A whole number with its thousands set off by commas, as the sources and the panels write
/// numbers of people.
///
/// ```
/// use kalbajar_core::rules::chronicle::grouped;
/// assert_eq!(grouped(950_u32), "950");
/// assert_eq!(grouped(3_876_u32), "3,876");
/// assert_eq!(grouped(1_234_567_u64), "1,234,567");
/// ```
#[must_use]
pub fn grouped(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The verb that agrees with a number of people: "1 person dies", "3 people die".
fn verb<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
