//! Movement: the cost to enter a hex, zones of control, and the hexes a unit can reach.
//!
//! Costs come from `rules.ron`: the terrain cost of the move class, replaced by the road cost
//! along a road hexside (the tunnel is a road through impassable ground), plus the river cost
//! where no bridge is; then weather, snow cover off the roads (above the snow line, or where it
//! snows this turn), night, closed passes, refugee columns on the road and lack of fuel
//! multiply or add.

use super::Ctx;
use super::state::{UnitId, UnitStatus, enemy};
use crate::geography::Side;
use crate::hex::{Hex, Offset};
use crate::map::Terrain;
use crate::rules_data::{Cost, MoveClass, Weather};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Why a hex cannot be entered, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The terrain is impassable to this move class.
    Terrain(Terrain),
    /// A pass closed by snow stops vehicles.
    PassClosed(String),
    /// A main river without a bridge stops this move class.
    River,
    /// An enemy unit is there.
    Enemy,
    /// Off the map.
    OffMap,
}

/// The movement points to enter `to` from its neighbour `from`, or why it cannot be entered.
///
/// # Errors
/// The reason the hex cannot be entered.
pub fn enter_cost(
    ctx: &Ctx,
    class: &MoveClass,
    side: Side,
    from: Hex,
    to: Hex,
    supplied: bool,
) -> Result<u32, Blocked> {
    step_cost_between(ctx, ctx, class, side, (from, to), supplied)
        .map(|step| step.with_column_of(ctx, ctx, to))
}

/// Who stands in a hex: asked for every step of a search, so searches use [`Occupancy`].
pub trait Occupants {
    /// Whether units of `side`'s enemy stand in the hex.
    fn enemy_at(&self, side: Side, hex: Hex) -> bool;
    /// Whether a refugee column with people is in the hex.
    fn column_at(&self, hex: Hex) -> bool;
}

impl Occupants for Ctx<'_> {
    fn enemy_at(&self, side: Side, hex: Hex) -> bool {
        Ctx::enemy_at(self, side, hex)
    }
    fn column_at(&self, hex: Hex) -> bool {
        Ctx::column_at(self, hex)
    }
}

/// Per-hex tables of who stands where, built once for a search instead of scanning every
/// unit and column at every step.
#[derive(Debug, Clone)]
pub struct Occupancy<'a> {
    map: &'a crate::map::Map,
    units: Vec<Option<Side>>,
    columns: Vec<bool>,
}

impl<'a> Occupancy<'a> {
    /// The tables for the game as it stands.
    #[must_use]
    pub fn of(ctx: &Ctx<'a>) -> Self {
        let map = &ctx.scenario.map;
        let mut units = vec![None; map.len()];
        for u in &ctx.state.units {
            if u.status == UnitStatus::Active
                && let Some(i) = u.hex.and_then(|h| map.index(h.to_hex()))
            {
                units[i] = Some(u.side);
            }
        }
        let mut columns = vec![false; map.len()];
        for c in ctx.state.columns.iter().filter(|c| c.people > 0) {
            if let Some(i) = map.index(c.hex.to_hex()) {
                columns[i] = true;
            }
        }
        Self {
            map,
            units,
            columns,
        }
    }

    /// Whether a refugee column with people is in the hex at a dense index.
    #[must_use]
    pub fn column_at_index(&self, index: usize) -> bool {
        self.columns.get(index).copied().unwrap_or(false)
    }
}

impl Occupants for Occupancy<'_> {
    fn enemy_at(&self, side: Side, hex: Hex) -> bool {
        self.map
            .index(hex)
            .is_some_and(|i| self.units[i].is_some_and(|s| s != side))
    }
    fn column_at(&self, hex: Hex) -> bool {
        self.map.index(hex).is_some_and(|i| self.columns[i])
    }
}

/// [`enter_cost`] with the occupants looked up in prepared tables.
///
/// # Errors
/// The reason the hex cannot be entered.
pub fn enter_cost_in(
    ctx: &Ctx,
    occupancy: &Occupancy,
    class: &MoveClass,
    side: Side,
    from: Hex,
    to: Hex,
    supplied: bool,
) -> Result<u32, Blocked> {
    step_cost_between(ctx, occupancy, class, side, (from, to), supplied)
        .map(|step| step.with_column_of(ctx, occupancy, to))
}

/// A step's cost before refugee columns count: what [`enter_cost`] adds up before a column on
/// the road and the minimum of one movement point. Searches that run while only columns move
/// keep this and add the columns where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StepCost {
    mp: u32,
    road: bool,
}

impl StepCost {
    /// The movement points of the step, with or without a refugee column in the hex entered.
    #[must_use]
    pub(crate) fn with_column(self, ctx: &Ctx, column: bool) -> u32 {
        let extra = if self.road && column {
            ctx.scenario.rules.movement.refugee_column_extra_mp
        } else {
            0
        };
        self.mp.saturating_add(extra).max(1)
    }

    /// [`StepCost::with_column`] for whatever column `occupants` has in `to`.
    fn with_column_of(self, ctx: &Ctx, occupants: &impl Occupants, to: Hex) -> u32 {
        self.with_column(ctx, self.road && occupants.column_at(to))
    }
}

/// One step of a search: the hex entered, its dense index and the hexside crossed. Searches
/// make it from the map's neighbour table ([`Step::toward`]) rather than from coordinates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    to: Hex,
    index: usize,
    across: crate::map::Side6,
}

impl Step {
    /// The step from `from` into its neighbour `to`, or `None` if `to` is off the map.
    #[must_use]
    fn between(map: &crate::map::Map, from: Hex, to: Hex) -> Option<Self> {
        Some(Self {
            to,
            index: map.index(to)?,
            across: map.side(from, to),
        })
    }

    /// The step from the hex at `from` in `direction` into the hex at `to`, as
    /// [`crate::map::Map::neighbor_indices`] gives them.
    #[must_use]
    pub(crate) fn toward(map: &crate::map::Map, from: usize, direction: usize, to: usize) -> Self {
        Self {
            to: map.hex_at_index(to),
            index: to,
            across: map.side_toward(from, direction),
        }
    }
}

/// [`StepCost`] of entering `to` from `from`, or why it cannot be entered.
fn step_cost_between(
    ctx: &Ctx,
    occupants: &impl Occupants,
    class: &MoveClass,
    side: Side,
    (from, to): (Hex, Hex),
    supplied: bool,
) -> Result<StepCost, Blocked> {
    let step = Step::between(&ctx.scenario.map, from, to).ok_or(Blocked::OffMap)?;
    step_cost(ctx, occupants, class, side, step, supplied)
}

/// [`StepCost`] of a step, or why the hex cannot be entered.
pub(crate) fn step_cost(
    ctx: &Ctx,
    occupants: &impl Occupants,
    class: &MoveClass,
    side: Side,
    step: Step,
    supplied: bool,
) -> Result<StepCost, Blocked> {
    let Step {
        to,
        index,
        across: side_features,
    } = step;
    let data = &ctx.scenario.map.file().hexes[index];
    if occupants.enemy_at(side, to) {
        return Err(Blocked::Enemy);
    }
    let rules = &ctx.scenario.rules;
    let base = match side_features.road {
        Some(road) => class.road.get(&road).copied().unwrap_or(Cost::Impassable),
        None => class
            .terrain
            .get(&data.terrain)
            .copied()
            .unwrap_or(Cost::Impassable),
    };
    let Cost::Mp(mut cost) = base else {
        return Err(Blocked::Terrain(data.terrain));
    };
    if let Some(river) = side_features.river
        && !side_features.bridge
    {
        match class.river.get(&river).copied().unwrap_or(Cost::Impassable) {
            Cost::Mp(extra) => cost += extra,
            Cost::Impassable => return Err(Blocked::River),
        }
    }
    // The weather of the hex entered, looked up once (as `Ctx::weather_at` and
    // `snow_covered` would): this runs at every step of every search.
    let weather = ctx
        .state
        .weather
        .get(ctx.band_of(data.elevation))
        .map_or(Weather::Clear, |w| w.weather);
    let effect = &rules.weather_effects[&weather];
    // Multipliers in percent, applied together and rounded up once.
    let mut scaled = u64::from(cost) * u64::from(effect.move_cost_percent);
    let mut denominator = 100u64;
    let mut times = |percent: u32| {
        scaled *= u64::from(percent);
        denominator *= 100;
    };
    if data.terrain == Terrain::Pass && effect.closes_passes {
        if class.vehicle {
            let name = data.name.clone().unwrap_or_else(|| "the pass".into());
            return Err(Blocked::PassClosed(name));
        }
        times(rules.movement.closed_pass_foot_cost_percent);
    }
    let snow = data.elevation >= ctx.scenario.file.weather.snow_line_m
        || matches!(weather, Weather::Snow | Weather::Blizzard);
    if side_features.road.is_none() && snow {
        times(rules.movement.snow_cover_cost_percent);
    }
    if ctx.is_night() {
        times(rules.movement.night_cost_percent);
    }
    if class.vehicle && !supplied {
        times(rules.movement.out_of_supply_vehicle_cost_percent);
    }
    Ok(StepCost {
        mp: u32::try_from(scaled.div_ceil(denominator)).unwrap_or(u32::MAX),
        road: side_features.road.is_some(),
    })
}

/// Whether snow lies on the ground in a hex: above the scenario's snow line, or anywhere in a
/// band where it snows this turn.
#[must_use]
pub fn snow_covered(ctx: &Ctx, hex: Hex) -> bool {
    let Some(data) = ctx.scenario.map.get(hex) else {
        return false;
    };
    data.elevation >= ctx.scenario.file.weather.snow_line_m
        || matches!(ctx.weather_at(hex), Weather::Snow | Weather::Blizzard)
}

/// Hexes in the zone of control of `side`'s units, as a dense per-hex table.
///
/// Every active unit with attack strength that is not routed controls its neighbours, except
/// into lakes and across crests.
#[must_use]
pub fn zone_of_control(ctx: &Ctx, side: Side) -> Vec<bool> {
    let map = &ctx.scenario.map;
    let mut zoc = vec![false; map.len()];
    for id in ctx.state.unit_ids() {
        let u = ctx.state.unit(id);
        if u.side != side
            || u.status != UnitStatus::Active
            || u.routed
            || ctx.unit_type(id).attack == 0
        {
            continue;
        }
        let Some(at) = u.hex else { continue };
        let h = at.to_hex();
        let crest = |x: Hex| map.get(x).is_some_and(|d| d.terrain == Terrain::Crest);
        for n in map.neighbors(h) {
            let lake = map.get(n).is_some_and(|d| d.terrain == Terrain::Lake);
            if !lake && !crest(h) && !crest(n) {
                zoc[map.index(n).expect("on map")] = true;
            }
        }
    }
    zoc
}

/// The hexes a unit can reach this phase, with costs and the previous hex of each path.
#[derive(Debug, Clone)]
pub struct Reach {
    /// Per hex: cost to get there and the index of the hex it is entered from.
    entries: Vec<Option<(u32, usize)>>,
    start: usize,
    width: i32,
}

impl Reach {
    /// Cost to reach a hex, if it can be reached.
    #[must_use]
    pub fn cost(&self, to: Offset) -> Option<u32> {
        self.index(to).and_then(|i| self.entries[i]).map(|(c, _)| c)
    }

    /// Every reachable hex (other than the start) with its cost, row by row.
    pub fn hexes(&self) -> impl Iterator<Item = (Offset, u32)> + '_ {
        self.entries.iter().enumerate().filter_map(|(i, e)| {
            e.filter(|_| i != self.start)
                .map(|(c, _)| (self.offset(i), c))
        })
    }

    /// The path from the start to `to`, start excluded.
    #[must_use]
    pub fn path(&self, to: Offset) -> Option<Vec<Offset>> {
        let mut i = self.index(to)?;
        self.entries[i]?;
        let mut path = Vec::new();
        while i != self.start {
            path.push(self.offset(i));
            i = self.entries[i]?.1;
        }
        path.reverse();
        Some(path)
    }

    fn index(&self, o: Offset) -> Option<usize> {
        (o.col >= 0 && o.row >= 0 && o.col < self.width)
            .then(|| usize::try_from(o.row * self.width + o.col).ok())
            .flatten()
            .filter(|i| *i < self.entries.len())
    }

    fn offset(&self, i: usize) -> Offset {
        let w = usize::try_from(self.width).expect("positive width");
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_possible_wrap,
            reason = "small maps"
        )]
        Offset::new((i % w) as i32, (i / w) as i32)
    }
}

/// The hexes `unit` can reach with its movement points left (Dijkstra; entering an enemy zone
/// of control ends the move; zone to zone only where the unit infiltrates in mountains).
#[must_use]
pub fn reachable(ctx: &Ctx, unit: UnitId) -> Reach {
    reachable_with(ctx, unit, ctx.state.unit(unit).mp_left)
}

/// As [`reachable`], with a given movement allowance.
#[must_use]
pub fn reachable_with(ctx: &Ctx, unit: UnitId, mp: u32) -> Reach {
    let map = &ctx.scenario.map;
    let u = ctx.state.unit(unit);
    let width = map.width();
    let mut entries = vec![None; map.len()];
    let Some(start_hex) = u.hex else {
        return Reach {
            entries,
            start: 0,
            width,
        };
    };
    let class = ctx.move_class(unit);
    let infiltration = &ctx.scenario.rules.movement.infiltration_terrain;
    let zoc = zone_of_control(ctx, enemy(u.side));
    let start = map.index(start_hex.to_hex()).expect("unit on map");
    entries[start] = Some((0, start));
    let supplied = u.supply.is_supplied();
    let occupancy = Occupancy::of(ctx);
    let mut heap = BinaryHeap::from([Reverse(super::queue_key(0, start))]);
    while let Some(Reverse(key)) = heap.pop() {
        let (cost, i) = super::queue_entry(key);
        if entries[i].is_some_and(|(c, _)| c < cost) {
            continue;
        }
        // A unit that entered an enemy zone stops there (but may leave its starting zone).
        if i != start && zoc[i] {
            continue;
        }
        let hexes = &map.file().hexes;
        for (d, j) in map.neighbor_indices(i) {
            if zoc[i] && zoc[j] {
                let mountain = |k: usize| infiltration.contains(&hexes[k].terrain);
                if !(class.infiltrates && mountain(i) && mountain(j)) {
                    continue;
                }
            }
            let step = Step::toward(map, i, d, j);
            let Ok(price) = step_cost(ctx, &occupancy, class, u.side, step, supplied) else {
                continue;
            };
            let total = cost + price.with_column(ctx, occupancy.column_at_index(j));
            if total > mp {
                continue;
            }
            if entries[j].is_none_or(|(c, _)| total < c) {
                entries[j] = Some((total, i));
                heap.push(Reverse(super::queue_key(total, j)));
            }
        }
    }
    Reach {
        entries,
        start,
        width,
    }
}

/// Steps of `side` in a hex.
#[must_use]
pub fn steps_in(ctx: &Ctx, side: Side, hex: Offset) -> u32 {
    ctx.state
        .units_at(hex)
        .filter(|id| ctx.state.unit(*id).side == side)
        .map(|id| u32::from(ctx.state.unit(id).steps))
        .sum()
}
