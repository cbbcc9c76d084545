//! Civilians: evacuation, refugee columns, exposure, helicopters, and the people of settlements
//! that change hands.
//!
//! The people of a settlement belong to the side that held it at the start of the scenario.
//!
//! - **Evacuation.** In any phase of its turn, the side holding a settlement where people still
//!   live may order them out toward one of its map-edge exits, or toward the helicopter landing
//!   site if it has helicopters still flying. From its next part of a turn on, one column of up
//!   to `column_size` people leaves the settlement at the start of each of its parts of a turn,
//!   until nobody is left.
//! - **Columns.** At the end of their side's combat phase, columns move up to `column_mp`
//!   movement points (the "civilian" move class, with weather, night and snow) along the
//!   cheapest way to their destination. A column always gets at least one hex further along an
//!   open way, however slow the going. Columns never enter a hex where enemy units stand; if no
//!   way is open they wait where they are. A column reaching its exit is out (evacuated by
//!   road); a column reaching the landing site waits there for the helicopters. A column bound
//!   for the landing site turns toward its side's nearest exit once the flights have ended or
//!   the landing site is lost.
//! - **Exposure.** For every hex a column passes through or stops in at or above
//!   `exposure_from_m`, in snow or blizzard or at night, `exposure_per_mille` of its people die
//!   of cold (at least one person while anyone is left).
//! - **Helicopters.** At the start of their side's part of each day turn the helicopters can
//!   carry `people_per_turn` people, if the weather at the landing site lets them fly and the
//!   side still holds it; at night or in such weather they stay on the ground. After their last
//!   turn the flights end for good. An airlift flies out people waiting at the landing site, or
//!   uses the turn's flights to bring `airlift_stock` into the depot there.
//! - **Settlements taken.** When the enemy takes a settlement where people still live,
//!   `captured_per_mille` of them are captured and the rest flee as a column toward their side's
//!   nearest exit (if their side holds no exit at all they stay at home). When the enemy takes
//!   a hex where a refugee column stands, the same share of the column is captured and the rest
//!   go on.
//! - **Points.** The side whose people they are earns `per_thousand_evacuated` points for each
//!   full thousand of all the people brought out by road or by air, as each thousand is reached.
//!
//! People are never created or lost without a record: at every moment [`accounted`] equals the
//! initial population.

use super::command::{Cargo, CommandError};
use super::event::{Event, PointsCause};
use super::movement;
use super::state::{ColumnId, Destination, GameState};
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::rules_data::{CIVILIAN_MOVE_CLASS, Weather};
use crate::scenario::{Scenario, SupplyKind};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Everyone the rules know of: at home, in columns, brought out, dead and captured. Always
/// equal to the initial population.
#[must_use]
pub fn accounted(state: &GameState) -> u64 {
    let t = &state.civilians;
    state.present_civilians()
        + state.moving_civilians()
        + t.evacuated_road
        + t.evacuated_air
        + t.casualties
        + t.captured
}

/// The side whose people live in a settlement: the side holding its hex at the start.
#[must_use]
pub fn settlement_side(sc: &Scenario, state: &GameState, settlement: usize) -> Side {
    state
        .settlements
        .get(settlement)
        .and_then(|st| sc.map.get(st.hex.to_hex()))
        .map_or(Side::Azerbaijani, |h| h.control)
}

/// The side a refugee column belongs to.
#[must_use]
pub fn column_side(sc: &Scenario, state: &GameState, column: ColumnId) -> Side {
    let settlement = state
        .columns
        .get(usize::from(column.0))
        .map_or(0, |c| c.settlement);
    settlement_side(sc, state, settlement)
}

/// The hex of the helicopter landing site, if the scenario has helicopters.
#[must_use]
pub fn pad_hex(sc: &Scenario) -> Option<Offset> {
    let h = sc.file.helicopters.as_ref()?;
    sc.map.place(&h.pad).map(|p| p.hex)
}

/// People waiting at the landing site for the helicopters.
#[must_use]
pub fn waiting_at_pad(state: &GameState) -> u32 {
    state
        .columns
        .iter()
        .filter(|c| c.waiting && c.destination == Destination::Helipad)
        .map(|c| c.people)
        .sum()
}

/// Why the helicopters cannot fly now, or `None` if they can (whatever they have flown already
/// this turn).
#[must_use]
pub fn grounded(ctx: &Ctx) -> Option<String> {
    let Some(h) = &ctx.scenario.file.helicopters else {
        return Some("there are no helicopters".into());
    };
    let Some(pad) = pad_hex(ctx.scenario) else {
        return Some(format!("the landing site {} is not on the map", h.pad));
    };
    let name = place_name(ctx.scenario, &h.pad);
    if !ctx.state.helicopters_flying {
        return Some("the flights have ended".into());
    }
    if ctx.controller(pad) != h.side {
        return Some(format!("the landing site at {name} is in enemy hands"));
    }
    if ctx.is_night() {
        return Some("it is night".into());
    }
    let weather = ctx.weather_at(pad.to_hex());
    let flies = ctx.weather_effect(pad.to_hex()).helicopters_fly;
    if !flies {
        return Some(format!("{} at {name}", weather_words(weather)));
    }
    None
}

fn weather_words(w: Weather) -> &'static str {
    match w {
        Weather::Clear => "clear weather",
        Weather::Overcast => "low cloud",
        Weather::Snow => "snow",
        Weather::Blizzard => "a blizzard",
    }
}

fn place_name(sc: &Scenario, id: &str) -> String {
    sc.map
        .place(id)
        .map_or_else(|| id.into(), |p| p.name.clone())
}

/// The settlement of a place with people still living there.
fn inhabited(state: &GameState, place: &str) -> Option<usize> {
    state
        .settlements
        .iter()
        .position(|s| s.place == place && s.present > 0)
}

/// Checks an evacuation order.
///
/// # Errors
/// Why the order is not allowed: no one lives there, the side does not hold it, the people are
/// already leaving, the exit does not exist or is not the side's, or there are no helicopters.
pub fn check_evacuate(
    ctx: &Ctx,
    place: &str,
    destination: &Destination,
) -> Result<(), CommandError> {
    let side = ctx.state.active;
    let name = place_name(ctx.scenario, place);
    let Some(i) = inhabited(ctx.state, place) else {
        return Err(CommandError::NoSettlement(name));
    };
    let st = &ctx.state.settlements[i];
    if ctx.controller(st.hex) != side {
        return Err(CommandError::NotHeld { place: name });
    }
    if st.evacuating.is_some() {
        return Err(CommandError::AlreadyEvacuating(name));
    }
    match destination {
        Destination::Exit(id) => {
            let Some(exit) = ctx.scenario.map.exit(id) else {
                return Err(CommandError::NoSuchExit(id.clone()));
            };
            // People are sent out to their own side's lines, not into the enemy's.
            if ctx.controller(exit.hex) != side {
                return Err(CommandError::NotHeld {
                    place: exit.name.clone(),
                });
            }
        }
        Destination::Helipad => {
            if ctx
                .scenario
                .file
                .helicopters
                .as_ref()
                .is_none_or(|h| h.side != side)
            {
                return Err(CommandError::NoHelicopters);
            }
            if !ctx.state.helicopters_flying {
                return Err(CommandError::CannotFly {
                    reason: "the flights have ended".into(),
                });
            }
        }
    }
    Ok(())
}

/// Orders an evacuation; the first column leaves at the start of the side's next part of a turn.
pub fn execute_evacuate(sc: &Scenario, sink: &mut Sink, place: &str, destination: Destination) {
    let _ = sc;
    if let Some(settlement) = inhabited(&sink.state, place) {
        sink.push(Event::EvacuationOrdered {
            settlement,
            destination,
        });
    }
}

/// The depot at the landing site: a supply source of the helicopters' side, with a stock, in
/// the landing site's hex.
fn pad_depot(sc: &Scenario) -> Option<usize> {
    let h = sc.file.helicopters.as_ref()?;
    let pad = pad_hex(sc)?;
    sc.file.supply_sources.iter().position(|s| {
        s.side == h.side
            && matches!(s.kind, SupplyKind::Depot { .. })
            && sc.resolve(&s.at) == Some(pad)
    })
}

/// Checks an airlift.
///
/// # Errors
/// Why the helicopters cannot fly: none for this side, night, weather, the landing site lost,
/// the flights ended or flown already this turn; no one waiting; no depot to fill.
pub fn check_airlift(ctx: &Ctx, cargo: Cargo) -> Result<(), CommandError> {
    let ours = ctx
        .scenario
        .file
        .helicopters
        .as_ref()
        .is_some_and(|h| h.side == ctx.state.active);
    if !ours {
        return Err(CommandError::NoHelicopters);
    }
    if let Some(reason) = grounded(ctx) {
        return Err(CommandError::CannotFly { reason });
    }
    if ctx.state.airlift_left == 0 {
        return Err(CommandError::CannotFly {
            reason: "this turn's flights have been flown".into(),
        });
    }
    match cargo {
        Cargo::Civilians => {
            if waiting_at_pad(ctx.state) == 0 {
                return Err(CommandError::NobodyWaiting);
            }
        }
        Cargo::Supply => {
            if pad_depot(ctx.scenario).is_none() {
                return Err(CommandError::CannotFly {
                    reason: "there is no depot at the landing site to fill".into(),
                });
            }
        }
    }
    Ok(())
}

/// Flies an airlift: people waiting at the landing site out, or stock into the depot there
/// (which takes the whole turn's flights).
pub fn execute_airlift(sc: &Scenario, sink: &mut Sink, cargo: Cargo) {
    match cargo {
        Cargo::Civilians => {
            let people = sink.state.airlift_left.min(waiting_at_pad(&sink.state));
            let side = sink.state.active;
            let before = brought_out(sc, &sink.state);
            sink.push(Event::Airlifted { people });
            award_evacuation(sc, sink, side, before);
        }
        Cargo::Supply => {
            let Some(source) = pad_depot(sc) else { return };
            let amount = sc.rules.supply.airlift_stock;
            sink.push(Event::AirliftSupply { amount });
            sink.push(Event::DepotFilled { source, amount });
        }
    }
}

/// People brought out so far in the game, by road and by air (not those who left before it).
fn brought_out(sc: &Scenario, state: &GameState) -> u64 {
    (state.civilians.evacuated_road + state.civilians.evacuated_air)
        .saturating_sub(sc.evacuated_before())
}

/// Points for each full thousand brought out since `before` (so no thousand counts twice).
fn award_evacuation(sc: &Scenario, sink: &mut Sink, side: Side, before: u64) {
    let after = brought_out(sc, &sink.state);
    let thousands = after / 1000 - before / 1000;
    let per = sc.rules.victory.per_thousand_evacuated;
    if thousands == 0 || per == 0 {
        return;
    }
    let points = i32::try_from(thousands)
        .unwrap_or(i32::MAX)
        .saturating_mul(per);
    sink.push(Event::PointsAwarded {
        side,
        points,
        cause: PointsCause::Evacuation,
    });
}

/// `per_mille` of `people`, rounded half up.
fn share(people: u32, per_mille: u32) -> u32 {
    let n = (u64::from(people) * u64::from(per_mille) + 500) / 1000;
    u32::try_from(n).unwrap_or(u32::MAX).min(people)
}

/// What happens to the people of a hex whose control passes to `side`: part of any settlement
/// and column of the other side there is captured; the people of the settlement flee.
pub fn on_control_changed(sc: &Scenario, sink: &mut Sink, hex: Offset, side: Side) {
    let per_mille = sc.rules.civilians.captured_per_mille;
    // Columns already there first, so that people fleeing now are not counted twice.
    let columns: Vec<(ColumnId, u32)> = sink
        .state
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (column_id(i), c))
        .filter(|(id, c)| c.hex == hex && c.people > 0 && column_side(sc, &sink.state, *id) != side)
        .map(|(id, c)| (id, c.people))
        .collect();
    for (column, people) in columns {
        let n = share(people, per_mille);
        if n > 0 {
            sink.push(Event::ColumnCaptured { column, people: n });
        }
    }
    let settlements: Vec<usize> = (0..sink.state.settlements.len())
        .filter(|i| {
            let st = &sink.state.settlements[*i];
            st.hex == hex && st.present > 0 && settlement_side(sc, &sink.state, *i) != side
        })
        .collect();
    for settlement in settlements {
        let present = sink.state.settlements[settlement].present;
        let captured = share(present, per_mille);
        if captured > 0 {
            sink.push(Event::CiviliansCaptured {
                settlement,
                people: captured,
            });
        }
        let rest = present - captured;
        let own = settlement_side(sc, &sink.state, settlement);
        let refuge = refuge_exit(&Ctx::new(sc, &sink.state), own, hex);
        // With no exit of their side anywhere on the map, people stay at home.
        if let (true, Some(exit)) = (rest > 0, refuge) {
            sink.push(Event::CiviliansFled {
                settlement,
                people: rest,
                hex,
                destination: Destination::Exit(exit),
            });
        }
    }
}

fn column_id(i: usize) -> ColumnId {
    ColumnId(u16::try_from(i).unwrap_or(u16::MAX))
}

/// The exit people of `side` at `from` make for: the cheapest to reach of the exits their side
/// holds, or if none can be reached the nearest of them as the crow flies.
#[must_use]
pub fn refuge_exit(ctx: &Ctx, side: Side, from: Offset) -> Option<String> {
    refuge_exit_with(ctx, &mut Prices::new(side), from)
}

/// [`refuge_exit`] with the steps' prices kept in `prices`.
fn refuge_exit_with(ctx: &Ctx, prices: &mut Prices, from: Offset) -> Option<String> {
    let side = prices.side;
    let map = &ctx.scenario.map;
    let held: Vec<_> = map
        .file()
        .exits
        .iter()
        .filter(|e| ctx.controller(e.hex) == side)
        .collect();
    if held.is_empty() {
        return None;
    }
    let targets: Vec<usize> = held
        .iter()
        .filter_map(|e| map.index(e.hex.to_hex()))
        .collect();
    let costs = routes(ctx, prices, from, &targets);
    let cost_of = |o: Offset| {
        map.index(o.to_hex())
            .and_then(|i| costs.get(i).copied().flatten())
            .map(|(c, _)| c)
    };
    // `min_by_key` keeps the first of equals: ties go to the exit listed first.
    held.iter()
        .filter_map(|e| cost_of(e.hex).map(|c| (c, e)))
        .min_by_key(|(c, _)| *c)
        .map(|(_, e)| e.id.clone())
        .or_else(|| {
            held.iter()
                .min_by_key(|e| from.to_hex().unsigned_distance_to(e.hex.to_hex()))
                .map(|e| e.id.clone())
        })
}

/// What refugees of one side pay for each step on the map, worked out when a search first
/// asks. While a side's columns move nothing else on the map changes, so one table serves all
/// of its columns at the end of its turn instead of each column's search pricing every step
/// again; only where the columns stand is looked up afresh for each search.
struct Prices {
    side: Side,
    /// Per hex, the step into each of its six neighbours; empty until the first search.
    known: Vec<[Known; 6]>,
}

#[derive(Clone, Copy)]
enum Known {
    Unasked,
    Blocked,
    Open(movement::StepCost),
}

impl Prices {
    fn new(side: Side) -> Self {
        Self {
            side,
            known: Vec::new(),
        }
    }
}

/// Cheapest costs for refugees of `prices.side` from a hex: per hex, the cost and the index of
/// the hex it is entered from (Dijkstra over the map). The search stops once the cheapest way
/// to every hex in `until` is settled (an empty list: it goes over the whole map); the entries
/// of those hexes are final, the others may not be.
fn routes(
    ctx: &Ctx,
    prices: &mut Prices,
    from: Offset,
    until: &[usize],
) -> Vec<Option<(u32, usize)>> {
    let map = &ctx.scenario.map;
    let mut entries = vec![None; map.len()];
    let (Some(class), Some(start)) = (
        ctx.scenario.rules.move_class(CIVILIAN_MOVE_CLASS),
        map.index(from.to_hex()),
    ) else {
        return entries;
    };
    entries[start] = Some((0, start));
    let occupancy = movement::Occupancy::of(ctx);
    if prices.known.is_empty() {
        prices.known = vec![[Known::Unasked; 6]; map.len()];
    }
    let mut heap = BinaryHeap::from([Reverse(super::queue_key(0, start))]);
    let mut unsettled = until.to_vec();
    while let Some(Reverse(key)) = heap.pop() {
        let (cost, i) = super::queue_entry(key);
        if entries[i].is_some_and(|(c, _)| c < cost) {
            continue;
        }
        // The cheapest way to a hex is settled once it leaves the queue.
        if let Some(k) = unsettled.iter().position(|t| *t == i) {
            unsettled.swap_remove(k);
            if unsettled.is_empty() {
                break;
            }
        }
        for (d, j) in map.neighbor_indices(i) {
            let known = &mut prices.known[i][d];
            if let Known::Unasked = known {
                let step = movement::Step::toward(map, i, d, j);
                *known = match movement::step_cost(ctx, &occupancy, class, prices.side, step, true)
                {
                    Ok(step) => Known::Open(step),
                    Err(_) => Known::Blocked,
                };
            }
            let Known::Open(step) = *known else { continue };
            let total = cost.saturating_add(step.with_column(ctx, occupancy.column_at_index(j)));
            if entries[j].is_none_or(|(c, _)| total < c) {
                entries[j] = Some((total, i));
                heap.push(Reverse(super::queue_key(total, j)));
            }
        }
    }
    entries
}

/// The cheapest way for refugees of `side` from `from` to `to`: the hexes entered (start
/// excluded) with the total cost on reaching each, or `None` if no way is open.
#[must_use]
pub fn route(ctx: &Ctx, side: Side, from: Offset, to: Offset) -> Option<Vec<(Offset, u32)>> {
    route_with(ctx, &mut Prices::new(side), from, to)
}

/// [`route`] with the steps' prices kept in `prices`.
fn route_with(
    ctx: &Ctx,
    prices: &mut Prices,
    from: Offset,
    to: Offset,
) -> Option<Vec<(Offset, u32)>> {
    let map = &ctx.scenario.map;
    let start = map.index(from.to_hex())?;
    let mut i = map.index(to.to_hex())?;
    let entries = routes(ctx, prices, from, &[i]);
    entries[i]?;
    let mut path = Vec::new();
    while i != start {
        let (cost, prev) = entries[i]?;
        path.push((Offset::from_hex(map.hex_at_index(i)), cost));
        i = prev;
    }
    path.reverse();
    Some(path)
}

/// Where a destination lies on the map.
fn destination_hex(sc: &Scenario, destination: &Destination) -> Option<Offset> {
    match destination {
        Destination::Exit(id) => sc.map.exit(id).map(|e| e.hex),
        Destination::Helipad => pad_hex(sc),
    }
}

/// Start of a side's part of the turn: the helicopters' capacity, then a column leaves each
/// settlement the side is evacuating.
pub fn begin_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    helicopters(sc, sink, side);
    let forming: Vec<usize> = (0..sink.state.settlements.len())
        .filter(|i| {
            let st = &sink.state.settlements[*i];
            st.present > 0
                && st.evacuating.is_some()
                && settlement_side(sc, &sink.state, *i) == side
        })
        .collect();
    for settlement in forming {
        let st = &sink.state.settlements[settlement];
        let Some(destination) = st.evacuating.clone() else {
            continue;
        };
        let (people, hex) = (st.present.min(sc.rules.civilians.column_size), st.hex);
        let at_pad = destination == Destination::Helipad && pad_hex(sc) == Some(hex);
        sink.push(Event::ColumnFormed {
            settlement,
            people,
            hex,
            destination,
        });
        // People of the landing site's own town wait there at once.
        if at_pad {
            let column = column_id(sink.state.columns.len() - 1);
            sink.push(Event::ColumnWaiting { column });
        }
    }
}

/// The helicopters' turn: flights end after their last turn; otherwise the turn's capacity is
/// set (nothing at night, in weather they cannot fly in, or with the landing site lost).
fn helicopters(sc: &Scenario, sink: &mut Sink, side: Side) {
    let Some(h) = &sc.file.helicopters else {
        return;
    };
    if h.side != side || !sink.state.helicopters_flying {
        return;
    }
    if sink.state.turn > h.last_turn {
        sink.push(Event::HelicoptersEnded);
        return;
    }
    let ctx = Ctx::new(sc, &sink.state);
    let people = if grounded(&ctx).is_none() {
        h.people_per_turn
    } else {
        0
    };
    if people != sink.state.airlift_left {
        sink.push(Event::AirliftCapacity { people });
    }
}

/// End of a side's part of the turn: its refugee columns move, suffer exposure and arrive.
pub fn end_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    let mut prices = Prices::new(side);
    for i in 0..sink.state.columns.len() {
        let column = column_id(i);
        let c = &sink.state.columns[i];
        if c.people == 0 || column_side(sc, &sink.state, column) != side {
            continue;
        }
        redirect_if_stranded(sc, sink, column, &mut prices);
        move_column(sc, sink, column, &mut prices);
    }
}

/// A column bound for the landing site turns toward its side's nearest exit once the
/// helicopters can no longer come: the flights have ended or the site is in enemy hands.
fn redirect_if_stranded(sc: &Scenario, sink: &mut Sink, column: ColumnId, prices: &mut Prices) {
    let side = prices.side;
    let c = &sink.state.columns[usize::from(column.0)];
    if c.destination != Destination::Helipad {
        return;
    }
    let ctx = Ctx::new(sc, &sink.state);
    let pad_lost = pad_hex(sc).is_none_or(|p| ctx.controller(p) != side);
    if sink.state.helicopters_flying && !pad_lost {
        return;
    }
    if let Some(exit) = refuge_exit_with(&ctx, prices, c.hex) {
        sink.push(Event::ColumnRedirected {
            column,
            destination: Destination::Exit(exit),
        });
    }
}

/// Moves one column up to its movement points toward its destination (at least one hex if
/// the way is open), then applies exposure and arrival.
fn move_column(sc: &Scenario, sink: &mut Sink, column: ColumnId, prices: &mut Prices) {
    let side = prices.side;
    let rules = &sc.rules.civilians;
    let (path, deaths, target, destination) = {
        let ctx = Ctx::new(sc, &sink.state);
        let c = &ctx.state.columns[usize::from(column.0)];
        let Some(target) = destination_hex(sc, &c.destination) else {
            return;
        };
        let path: Vec<Offset> = if c.waiting || c.hex == target {
            Vec::new()
        } else {
            route_with(&ctx, prices, c.hex, target)
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .take_while(|(k, (_, cost))| *k == 0 || *cost <= rules.column_mp)
                .map(|(_, (o, _))| o)
                .collect()
        };
        // The hexes passed through and stopped in (the one it stays in if it does not move).
        let stops: Vec<Offset> = if path.is_empty() {
            vec![c.hex]
        } else {
            path.clone()
        };
        let mut people = c.people;
        let mut deaths = 0;
        for hex in &stops {
            let d = exposure(&ctx, *hex, people);
            people -= d;
            deaths += d;
        }
        (path, deaths, target, c.destination.clone())
    };
    if !path.is_empty() {
        sink.push(Event::ColumnMoved {
            column,
            path: path.clone(),
        });
    }
    if deaths > 0 {
        sink.push(Event::Exposure { column, deaths });
    }
    let c = &sink.state.columns[usize::from(column.0)];
    if c.hex != target || c.people == 0 || c.waiting {
        return;
    }
    match destination {
        Destination::Exit(_) => {
            let before = brought_out(sc, &sink.state);
            let people = c.people;
            sink.push(Event::ColumnArrived { column, people });
            award_evacuation(sc, sink, side, before);
        }
        Destination::Helipad => sink.push(Event::ColumnWaiting { column }),
    }
}

/// Deaths from exposure among `people` in a hex this turn: `exposure_per_mille` of them (at
/// least one while anyone is left) in a high hex in snow, blizzard or at night.
fn exposure(ctx: &Ctx, hex: Offset, people: u32) -> u32 {
    let rules = &ctx.scenario.rules.civilians;
    let Some(data) = ctx.hex(hex) else { return 0 };
    let cold = matches!(
        ctx.weather_at(hex.to_hex()),
        Weather::Snow | Weather::Blizzard
    ) || ctx.is_night();
    if people == 0
        || rules.exposure_per_mille == 0
        || data.elevation < rules.exposure_from_m
        || !cold
    {
        return 0;
    }
    share(people, rules.exposure_per_mille).max(1)
}
