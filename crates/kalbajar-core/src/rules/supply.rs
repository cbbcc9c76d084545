//! Supply: can a unit draw ammunition, food and fuel along a line back to its side's sources?
//!
//! **Tracing.** A supply line starts at one of the side's sources (a map-edge exit or a place)
//! and runs along road hexsides, each costing `supply.road_cost` for its road class. At the
//! unit's end it may leave the road for at most `supply.offroad_hexes` hexes, each costing
//! `supply.offroad_cost`, over ground the `supply.offroad_move_class` can cross (never a
//! lake). Once off the road it does not join it again. Entering a pass whose weather closes
//! passes (the Omar Pass road in snow) costs `supply.closed_pass_cost_percent` of the normal
//! cost. The whole line may cost at most `supply.max_cost`.
//!
//! A line never passes through a hex with enemy units, nor through a hex in the enemy's zone of
//! control unless a friendly unit stands there to contest it.
//!
//! **Sources.** Unlimited sources (the states behind the map edges) come first: a unit that
//! reaches one is in supply from the cheapest. Only a unit that reaches none draws from a
//! depot, if its side holds the depot hex and stock is left, so that the stocks last for the
//! units the main lines cannot reach. Each unit supplied from a depot draws
//! `supply.depot_draw_per_unit` a turn, in order of battle; once the stock runs short the
//! remaining units are out of supply. The helicopters can fill a depot (other module).
//!
//! **Effects at the start of a side's turn.** A unit out of supply loses
//! `supply.out_of_supply_cohesion_loss` cohesion. Once it has been out of supply for more than
//! `supply.isolation_turns_for_step_loss` turns in a row (counting this one) it also loses a
//! step each turn, and is eliminated at none. A unit whose every neighbour is held by the
//! enemy, lies in an uncontested enemy zone of control or is impassable to it is encircled and
//! loses `cohesion.encircled_loss`. A unit left with no cohesion routs. The attack penalty and
//! the slower vehicles of units out of supply are applied by combat and movement.
//!
//! One multi-source search serves every unit of a side; the searches that explain why a unit
//! is out of supply run only when some unit is.

use super::event::{Cause, Event};
use super::movement;
use super::state::{SupplyStatus, UnitId, UnitStatus, enemy};
use super::{Ctx, Sink};
use crate::geography::Side;
use crate::hex::Offset;
use crate::map::Terrain;
use crate::rules_data::{Cost, MoveClass};
use crate::scenario::{Loc, Scenario, SupplyKind};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A traced supply line: the status and the hexes from the unit back to its source (both
/// included; empty when out of supply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplyLine {
    pub status: SupplyStatus,
    pub path: Vec<Offset>,
}

/// Traces supply for one unit (a query for the UI and the AI). Depot stock counts as it
/// stands; units ahead of this one in the turn's draw are not taken into account.
#[must_use]
pub fn trace(ctx: &Ctx, unit: UnitId) -> SupplyLine {
    let u = ctx.state.unit(unit);
    if u.status != UnitStatus::Active || u.hex.is_none() {
        return SupplyLine {
            status: SupplyStatus::OutOfSupply {
                reason: "the unit is not on the map".into(),
            },
            path: Vec::new(),
        };
    }
    let mut tracer = Tracer::new(*ctx, u.side);
    let line = tracer.line(unit);
    SupplyLine {
        status: line.status,
        path: line.path,
    }
}

/// The cost of a supply line from `side`'s sources to every hex (row by row), `None` where no
/// line can be traced. Unlimited sources come first, as for units: a hex they reach shows
/// their cost even if a depot is nearer.
#[must_use]
pub fn supply_map(ctx: &Ctx, side: Side) -> Vec<Option<u32>> {
    let tracer = Tracer::new(*ctx, side);
    (0..ctx.scenario.map.len())
        .map(|i| {
            tracer
                .main
                .best(i)
                .or_else(|| tracer.depots.best(i))
                .map(|(_, e)| e.cost)
        })
        .collect()
}

/// Per hex (row by row): whether a line `side` uses runs through it: the side's unlimited
/// sources the enemy does not block, and the line of each of its units in supply (from an
/// unlimited source if one reaches it, else from a depot with stock), source and unit
/// included. The roads no unit of the side draws on are not in use.
#[must_use]
pub fn lines_in_use(ctx: &Ctx, side: Side) -> Vec<bool> {
    let tracer = Tracer::new(*ctx, side);
    let mut used = vec![false; ctx.scenario.map.len()];
    for (_, i) in sources(ctx, side, Which::Unlimited) {
        if !tracer.blocked[i] {
            used[i] = true;
        }
    }
    for id in ctx.active_units(side) {
        let Some(i) = tracer.hex_index(id) else {
            continue;
        };
        let path = if let Some((s, _)) = tracer.main.best(i) {
            tracer.main.path(s)
        } else if let Some((s, _)) = tracer.depots.best(i) {
            tracer.depots.path(s)
        } else {
            continue;
        };
        for j in path {
            used[j] = true;
        }
    }
    used
}

/// Per hex: whether a source `side` could draw on now stands there (an unlimited source, or a
/// depot with stock on a hex it holds) and the enemy does not block it.
#[must_use]
pub fn usable_sources(ctx: &Ctx, side: Side) -> Vec<bool> {
    let blocked = blocked_hexes(ctx, side);
    let mut at = vec![false; ctx.scenario.map.len()];
    for (_, i) in sources(ctx, side, Which::Usable) {
        at[i] = !blocked[i];
    }
    at
}

/// Supply determination for a side at the start of its part of the turn: every active unit's
/// line, depot draws, then isolation, encirclement and rout.
pub fn determine(sc: &Scenario, sink: &mut Sink, side: Side) {
    let rules = &sc.rules.supply;
    let draw = rules.depot_draw_per_unit;
    // Plan with a read-only view first, then push the events.
    let (plan, drawn) = {
        let ctx = Ctx::new(sc, &sink.state);
        let mut tracer = Tracer::new(ctx, side);
        let mut stock = ctx.state.depot_stock.clone();
        let mut drawn = vec![0u32; stock.len()];
        let units: Vec<UnitId> = ctx
            .active_units(side)
            .filter(|id| ctx.state.unit(*id).hex.is_some())
            .collect();
        let mut plan = Vec::with_capacity(units.len());
        for id in units {
            let line = tracer.line(id);
            let mut status = line.status;
            if let Some(d) = line.depot {
                if stock.get(d).is_some_and(|s| *s >= draw.max(1)) {
                    stock[d] -= draw;
                    drawn[d] += draw;
                } else {
                    status = SupplyStatus::OutOfSupply {
                        reason: format!("the depot at {} is empty", depot_place(sc, d)),
                    };
                }
            }
            let encircled = tracer.encircled(id, status.is_supplied());
            plan.push((id, status, encircled));
        }
        (plan, drawn)
    };
    for (id, status, _) in &plan {
        sink.push(Event::SupplyTraced {
            unit: *id,
            status: status.clone(),
        });
    }
    for (source, amount) in drawn.into_iter().enumerate() {
        if amount > 0 {
            sink.push(Event::DepotDrawn { source, amount });
        }
    }
    for (id, status, encircled) in plan {
        effects(sc, sink, id, status.is_supplied(), encircled);
    }
}

/// Isolation, encirclement and rout for one unit after its line was traced.
fn effects(sc: &Scenario, sink: &mut Sink, unit: UnitId, supplied: bool, encircled: bool) {
    let rules = &sc.rules;
    let u = sink.state.unit(unit);
    let (steps, start, isolated, routed) = (u.steps, u.cohesion, u.isolated_turns, u.routed);
    if !supplied && isolated > rules.supply.isolation_turns_for_step_loss {
        sink.push(Event::StepsLost {
            unit,
            steps: 1,
            cause: Cause::Isolation,
        });
        if steps <= 1 {
            sink.push(Event::Eliminated { unit });
            return;
        }
    }
    let mut cohesion = start;
    let mut lose = |sink: &mut Sink, loss: u8, cause: Cause| {
        let after = cohesion.saturating_sub(loss);
        if after != cohesion {
            cohesion = after;
            sink.push(Event::CohesionChanged {
                unit,
                cohesion,
                cause,
            });
        }
    };
    if !supplied {
        lose(
            sink,
            rules.supply.out_of_supply_cohesion_loss,
            Cause::Isolation,
        );
    }
    if encircled {
        lose(sink, rules.cohesion.encircled_loss, Cause::Encirclement);
    }
    if cohesion == 0 && !routed {
        sink.push(Event::Routed { unit });
    }
}

/// Display name of the place a depot stands at.
fn depot_place(sc: &Scenario, source: usize) -> String {
    sc.file
        .supply_sources
        .get(source)
        .map_or_else(|| "an unknown place".into(), |s| loc_name(sc, &s.at))
}

/// A location in words: a place's or exit's name, or a hex's name and coordinates.
fn loc_name(sc: &Scenario, loc: &Loc) -> String {
    match loc {
        Loc::Place(id) => sc
            .map
            .place(id)
            .map_or_else(|| id.clone(), |p| p.name.clone()),
        Loc::Exit(id) => sc
            .map
            .exit(id)
            .map_or_else(|| id.clone(), |e| e.name.clone()),
        Loc::Hex(col, row) => hex_name(sc, Offset::new(*col, *row)),
    }
}

/// A hex in words: "(17,16)", or "Kalbajar (17,16)" where the hex has a name.
fn hex_name(sc: &Scenario, o: Offset) -> String {
    match sc.map.get(o.to_hex()).and_then(|d| d.name.as_ref()) {
        Some(name) => format!("{name} {o}"),
        None => o.to_string(),
    }
}

/// One search state's best entry: its cost, the state it was reached from and its source.
/// Indices are kept as `u32` so that a search's table stays small (a few states per hex).
#[derive(Debug, Clone, Copy)]
struct Entry {
    cost: u32,
    prev: u32,
    source: u32,
}

impl Entry {
    fn prev(self) -> usize {
        self.prev as usize
    }

    fn source(self) -> usize {
        self.source as usize
    }
}

/// An index as stored in an [`Entry`]; the map and the scenario are far smaller than `u32`.
fn small(i: usize) -> u32 {
    u32::try_from(i).expect("search indices fit in u32")
}

/// The result of one multi-source search. A state is a hex and the number of hexes the line
/// has run off the road to get there: `hex index × layers + off-road hexes`.
struct Search {
    layers: usize,
    entries: Vec<Option<Entry>>,
}

impl Search {
    /// The cheapest state of a hex (fewest off-road hexes on a tie).
    fn best(&self, hex: usize) -> Option<(usize, Entry)> {
        if self.entries.is_empty() {
            return None;
        }
        let from = hex * self.layers;
        let mut best: Option<(usize, Entry)> = None;
        for s in from..from + self.layers {
            if let Some(e) = self.entries[s]
                && best.is_none_or(|(_, b)| e.cost < b.cost)
            {
                best = Some((s, e));
            }
        }
        best
    }

    /// Hex indices from a state back to its source.
    fn path(&self, mut state: usize) -> Vec<usize> {
        let mut path = vec![state / self.layers];
        while let Some(e) = self.entries[state] {
            if e.prev() == state {
                break;
            }
            state = e.prev();
            path.push(state / self.layers);
        }
        path
    }
}

/// What a search takes into account.
struct Spec<'s> {
    /// `(source index, hex index)` in scenario order.
    sources: &'s [(usize, usize)],
    /// Hexes the line may not enter (the enemy and its uncontested zone); `None` to ignore the
    /// enemy.
    blocked: Option<&'s [bool]>,
    /// Most cost a line may reach.
    limit: u32,
}

/// The traced line of one unit.
struct Traced {
    status: SupplyStatus,
    path: Vec<Offset>,
    /// The depot (source index) the unit draws from, if any.
    depot: Option<usize>,
}

/// The searches for one side, made once and shared by every unit; the ones that only explain
/// why a unit is out of supply are made when first needed.
struct Tracer<'a> {
    ctx: Ctx<'a>,
    side: Side,
    /// Per hex: enemy units there, or the enemy's zone of control without a friendly unit.
    blocked: Vec<bool>,
    /// Unlimited sources, against the enemy, within the longest line.
    main: Search,
    /// Depots with stock on hexes the side holds, against the enemy, within the longest line.
    depots: Search,
    /// Every source of the side whatever its stock or holder, against the enemy.
    any_source: Option<Search>,
    /// Usable sources ignoring the enemy, within the longest line.
    relaxed: Option<Search>,
    /// Usable sources ignoring the enemy, at any cost.
    unbounded: Option<Search>,
}

impl<'a> Tracer<'a> {
    fn new(ctx: Ctx<'a>, side: Side) -> Self {
        let blocked = blocked_hexes(&ctx, side);
        let max = ctx.scenario.rules.supply.max_cost;
        let main = search(
            &ctx,
            &Spec {
                sources: &sources(&ctx, side, Which::Unlimited),
                blocked: Some(&blocked),
                limit: max,
            },
        );
        let depots = search(
            &ctx,
            &Spec {
                sources: &sources(&ctx, side, Which::Depots),
                blocked: Some(&blocked),
                limit: max,
            },
        );
        Self {
            ctx,
            side,
            blocked,
            main,
            depots,
            any_source: None,
            relaxed: None,
            unbounded: None,
        }
    }

    fn hex_index(&self, unit: UnitId) -> Option<usize> {
        let at = self.ctx.state.unit(unit).hex?;
        self.ctx.scenario.map.index(at.to_hex())
    }

    fn offsets(&self, path: &[usize]) -> Vec<Offset> {
        let map = &self.ctx.scenario.map;
        path.iter()
            .map(|i| Offset::from_hex(map.hex_at_index(*i)))
            .collect()
    }

    fn source_name(&self, source: usize) -> &'a str {
        self.ctx
            .scenario
            .file
            .supply_sources
            .get(source)
            .map_or("", |s| s.name.as_str())
    }

    /// The line of one unit, from an unlimited source if any reaches it, else from a depot.
    fn line(&mut self, unit: UnitId) -> Traced {
        let Some(i) = self.hex_index(unit) else {
            return Traced {
                status: SupplyStatus::OutOfSupply {
                    reason: "the unit is not on the map".into(),
                },
                path: Vec::new(),
                depot: None,
            };
        };
        if let Some((s, e)) = self.main.best(i) {
            return Traced {
                status: SupplyStatus::InSupply {
                    source: self.source_name(e.source()).into(),
                    cost: e.cost,
                },
                path: self.offsets(&self.main.path(s)),
                depot: None,
            };
        }
        if let Some((s, e)) = self.depots.best(i) {
            return Traced {
                status: SupplyStatus::FromDepot {
                    source: self.source_name(e.source()).into(),
                },
                path: self.offsets(&self.depots.path(s)),
                depot: Some(e.source()),
            };
        }
        Traced {
            status: SupplyStatus::OutOfSupply {
                reason: self.reason(i),
            },
            path: Vec::new(),
            depot: None,
        }
    }

    /// Why no line reaches hex `i`, in a sentence: an empty or lost depot, a line cut by the
    /// enemy, a line too long, or no road near enough.
    fn reason(&mut self, i: usize) -> String {
        let ctx = self.ctx;
        let sc = ctx.scenario;
        let rules = &sc.rules.supply;
        let side = self.side;
        let blocked = &self.blocked;
        let any = self.any_source.get_or_insert_with(|| {
            search(
                &ctx,
                &Spec {
                    sources: &sources(&ctx, side, Which::All),
                    blocked: Some(blocked),
                    limit: rules.max_cost,
                },
            )
        });
        // Only a depot that is empty or not held can reach where the usable sources do not.
        if let Some((_, e)) = any.best(i)
            && let Some(s) = sc.file.supply_sources.get(e.source())
        {
            let place = loc_name(sc, &s.at);
            let held = sc.resolve(&s.at).is_some_and(|o| ctx.controller(o) == side);
            return if held {
                format!("the depot at {place} is empty")
            } else {
                format!("the depot at {place} is in enemy hands")
            };
        }
        let usable = sources(&ctx, side, Which::Usable);
        let relaxed = self.relaxed.get_or_insert_with(|| {
            search(
                &ctx,
                &Spec {
                    sources: &usable,
                    blocked: None,
                    limit: rules.max_cost,
                },
            )
        });
        if let Some((s, _)) = relaxed.best(i) {
            // The line the enemy denies: name the enemy units on it nearest the unit, or else
            // the first hex of their zone of control from the unit's end.
            let path = relaxed.path(s);
            let at = |h: usize| hex_name(sc, Offset::from_hex(sc.map.hex_at_index(h)));
            let on_line = |h: &usize| ctx.enemy_at(side, sc.map.hex_at_index(*h));
            if let Some(h) = path.iter().copied().find(on_line) {
                return format!(
                    "no road to a supply source: enemy units cut the line at {}",
                    at(h)
                );
            }
            return match path.iter().copied().find(|h| self.blocked[*h]) {
                Some(h) => format!(
                    "no road to a supply source: the enemy's zone of control cuts the line at {}",
                    at(h)
                ),
                None => "no road to a supply source: the enemy cuts the line".into(),
            };
        }
        let unbounded = self.unbounded.get_or_insert_with(|| {
            search(
                &ctx,
                &Spec {
                    sources: &usable,
                    blocked: None,
                    limit: u32::MAX,
                },
            )
        });
        if let Some((_, e)) = unbounded.best(i) {
            let name = sc
                .file
                .supply_sources
                .get(e.source())
                .map_or("", |s| s.name.as_str());
            return format!(
                "beyond {} supply points from the nearest source (the line to {name} would \
                 cost {})",
                rules.max_cost, e.cost
            );
        }
        format!(
            "no road within {} hexes leads back to a supply source",
            rules.offroad_hexes
        )
    }

    /// Whether every neighbour of the unit's hex is held by the enemy, in its uncontested zone
    /// of control, or impassable to the unit.
    fn encircled(&self, unit: UnitId, supplied: bool) -> bool {
        let ctx = &self.ctx;
        let map = &ctx.scenario.map;
        let Some(at) = ctx.state.unit(unit).hex else {
            return false;
        };
        let here = at.to_hex();
        let class = ctx.move_class(unit);
        let mut any = false;
        for n in map.neighbors(here) {
            any = true;
            let denied = map.index(n).is_some_and(|j| self.blocked[j]);
            if !denied && movement::enter_cost(ctx, class, self.side, here, n, supplied).is_ok() {
                return false;
            }
        }
        any
    }
}

/// Which of a side's sources a search starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Unlimited sources only.
    Unlimited,
    /// Depots with stock on hexes the side holds.
    Depots,
    /// Both of the above.
    Usable,
    /// Every source, whatever its stock or holder.
    All,
}

/// A side's sources of a kind as `(source index, hex index)`, in scenario order.
fn sources(ctx: &Ctx, side: Side, which: Which) -> Vec<(usize, usize)> {
    let sc = ctx.scenario;
    let draw = sc.rules.supply.depot_draw_per_unit;
    sc.file
        .supply_sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.side == side)
        .filter_map(|(i, s)| {
            let o = sc.resolve(&s.at)?;
            let hex = sc.map.index(o.to_hex())?;
            let depot_ok = || {
                ctx.state
                    .depot_stock
                    .get(i)
                    .is_some_and(|st| *st >= draw.max(1))
                    && ctx.controller(o) == side
            };
            let take = match (which, &s.kind) {
                (Which::All, _) | (Which::Unlimited | Which::Usable, SupplyKind::Unlimited) => true,
                (Which::Depots | Which::Usable, SupplyKind::Depot { .. }) => depot_ok(),
                (Which::Unlimited, SupplyKind::Depot { .. })
                | (Which::Depots, SupplyKind::Unlimited) => false,
            };
            take.then_some((i, hex))
        })
        .collect()
}

/// Per hex: whether a supply line of `side` is denied it (enemy units there, or the enemy's
/// zone of control without a friendly unit).
pub(crate) fn blocked_hexes(ctx: &Ctx, side: Side) -> Vec<bool> {
    let map = &ctx.scenario.map;
    let zoc = movement::zone_of_control(ctx, enemy(side));
    let mut enemy_here = vec![false; map.len()];
    let mut friend_here = vec![false; map.len()];
    for id in ctx.state.unit_ids() {
        let u = ctx.state.unit(id);
        if u.status != UnitStatus::Active {
            continue;
        }
        let Some(i) = u.hex.and_then(|o| map.index(o.to_hex())) else {
            continue;
        };
        if u.side == side {
            friend_here[i] = true;
        } else {
            enemy_here[i] = true;
        }
    }
    (0..map.len())
        .map(|i| enemy_here[i] || (zoc[i] && !friend_here[i]))
        .collect()
}

/// Where the off-road stretch of a supply line may go: the off-road move class's tables,
/// read once per search instead of at every step.
struct Offroad<'a> {
    class: &'a MoveClass,
    /// Per terrain class (in [`Terrain::ALL`] order), whether the class can enter it.
    ground: [bool; Terrain::ALL.len()],
}

impl<'a> Offroad<'a> {
    fn new(class: &'a MoveClass) -> Self {
        Self {
            class,
            ground: Terrain::ALL.map(|t| matches!(class.terrain.get(&t), Some(Cost::Mp(_)))),
        }
    }

    /// Whether the stretch may cross from one hex into its neighbour: ground the class can
    /// enter (or a road leads in), and a river it can ford or a bridge.
    fn passable(&self, terrain: Terrain, side: crate::map::Side6) -> bool {
        let ground = side.road.is_some() || self.ground[terrain as usize];
        let river = match side.river {
            Some(r) if !side.bridge => matches!(self.class.river.get(&r), Some(Cost::Mp(_))),
            _ => true,
        };
        ground && river
    }
}

/// Whether one of the first `layers` states of a hex (starting at state `first`) costs no
/// more than `cost`: it then leads everywhere a state with more off-road hexes would, as
/// cheaply, and the costlier state need not be searched.
fn dominated(entries: &[Option<Entry>], first: usize, layers: usize, cost: u32) -> bool {
    entries[first..first + layers]
        .iter()
        .any(|e| e.is_some_and(|e| e.cost <= cost))
}

/// Multi-source Dijkstra over (hex, off-road hexes used) states. The heap orders by cost,
/// then state index, and sources are seeded in scenario order, so ties always break the
/// same way.
fn search(ctx: &Ctx, spec: &Spec) -> Search {
    let sc = ctx.scenario;
    let map = &sc.map;
    let rules = &sc.rules.supply;
    let layers = usize::try_from(rules.offroad_hexes)
        .unwrap_or(usize::MAX / 2)
        .min(map.len())
        + 1;
    // Without a source nothing is reached: no table (a side without depots, or with none
    // left).
    if spec.sources.is_empty() {
        return Search {
            layers,
            entries: Vec::new(),
        };
    }
    let mut entries: Vec<Option<Entry>> = vec![None; map.len() * layers];
    let denied = |j: usize| spec.blocked.is_some_and(|b| b[j]);
    let Some(offroad) = sc
        .rules
        .move_class(&rules.offroad_move_class)
        .map(Offroad::new)
    else {
        return Search { layers, entries };
    };
    let hexes = &map.file().hexes;
    let mut heap = BinaryHeap::new();
    for &(source, hex) in spec.sources {
        let s = hex * layers;
        if denied(hex) || entries[s].is_some() {
            continue;
        }
        entries[s] = Some(Entry {
            cost: 0,
            prev: small(s),
            source: small(source),
        });
        heap.push(Reverse(super::queue_key(0, s)));
    }
    while let Some(Reverse(key)) = heap.pop() {
        let (cost, s) = super::queue_entry(key);
        let Some(here_entry) = entries[s] else {
            continue;
        };
        let (i, k) = (s / layers, s % layers);
        if here_entry.cost < cost || dominated(&entries, i * layers, k, cost) {
            continue;
        }
        for (d, j) in map.neighbor_indices(i) {
            let data = &hexes[j];
            if denied(j) {
                continue;
            }
            let features = map.side_toward(i, d);
            let closed_pass = data.terrain == Terrain::Pass
                && sc
                    .rules
                    .weather_effects
                    .get(&ctx.weather_at(map.hex_at_index(j)))
                    .is_some_and(|w| w.closes_passes);
            let mut steps: [Option<(u32, usize)>; 2] = [None, None];
            // Along the road, while the line has not left it.
            if k == 0
                && let Some(road) = features.road
                && let Some(c) = rules.road_cost.get(&road)
            {
                steps[0] = Some((*c, 0));
            }
            // Off the road, one hex more of the stretch at the unit's end.
            if k + 1 < layers && offroad.passable(data.terrain, features) {
                steps[1] = Some((rules.offroad_cost, k + 1));
            }
            for (base, layer) in steps.into_iter().flatten() {
                let step = if closed_pass {
                    let scaled = u64::from(base) * u64::from(rules.closed_pass_cost_percent);
                    u32::try_from(scaled.div_ceil(100)).unwrap_or(u32::MAX)
                } else {
                    base
                };
                let total = cost.saturating_add(step);
                if total > spec.limit {
                    continue;
                }
                let t = j * layers + layer;
                if !dominated(&entries, j * layers, layer + 1, total) {
                    entries[t] = Some(Entry {
                        cost: total,
                        prev: small(s),
                        source: here_entry.source,
                    });
                    heap.push(Reverse(super::queue_key(total, t)));
                }
            }
        }
    }
    Search { layers, entries }
}
