//! What the AI knows and wants before it gives orders: the enemy units it knows of (all of
//! them, or under fog of war only what its side sees and remembers), the objectives and what
//! they are worth to it, the threat the known enemy poses to every hex, its own supply map,
//! and distance fields toward each goal by move class.

use super::AiProfile;
use crate::geography::Side;
use crate::hex::Offset;
use crate::rules::movement::{self, Occupancy};
use crate::rules::state::{GameState, UnitStatus, enemy};
use crate::rules::{Ctx, UnitId, fog, supply};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// An enemy unit the AI knows of, where it believes it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub unit: UnitId,
    pub hex: Offset,
}

/// The enemy units `side` knows of. Without fog of war, or when the level sees through it,
/// every enemy unit on the map; otherwise the ones its side sees now and the last known
/// positions of the others ([`fog::view`]), so hidden moves stay hidden.
#[must_use]
pub fn known_enemies(ctx: &Ctx, side: Side, profile: &AiProfile) -> Vec<Known> {
    if ctx.state.fog && !profile.sees_through_fog {
        let view = fog::view(ctx, side);
        let mut out: Vec<Known> = view
            .visible
            .iter()
            .map(|s| Known {
                unit: s.unit,
                hex: s.hex,
            })
            .chain(view.last_known.iter().map(|l| Known {
                unit: l.unit,
                hex: l.hex,
            }))
            .collect();
        out.sort_by_key(|k| (k.unit, k.hex));
        out.dedup_by_key(|k| k.unit);
        out
    } else {
        ctx.active_units(enemy(side))
            .filter_map(|unit| ctx.state.unit(unit).hex.map(|hex| Known { unit, hex }))
            .collect()
    }
}

/// An objective with its worth and holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    pub hex: Offset,
    pub points: i32,
    /// Whether the AI's side holds it now.
    pub ours: bool,
    /// The scenario's key place (the road link runs through it).
    pub key: bool,
}

/// The picture of the game the AI plans a phase with.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub side: Side,
    /// Whether this side moves first (the attacker of the scenario).
    pub attacker: bool,
    pub known: Vec<Known>,
    /// Per hex: a known enemy unit stands there.
    pub enemy_hex: Vec<bool>,
    /// Per hex: the attack strength of known enemy units that could strike it next turn
    /// (those within two hexes).
    pub threat: Vec<u32>,
    /// Per hex: the cost of its side's supply line to it, `None` where none can be traced
    /// (traced only for movement planning, see [`Analysis::with_supply`]; empty otherwise).
    pub own_supply: Vec<Option<u32>>,
    pub goals: Vec<Goal>,
    /// The attacker's points for the road link through the key place.
    pub link_points: f64,
    /// For the attacker while it does not hold the road link: the hexes of the road it still
    /// has to take (not held, or held by the enemy's units), along the way that needs fewest.
    pub link_gaps: Vec<Offset>,
    /// The attacker is making its last push ([`AiProfile::pushing`]): it moves on past the
    /// end of its supply line.
    pub pushing: bool,
}

impl Analysis {
    /// Looks at the game from the side to move.
    #[must_use]
    pub fn new(ctx: &Ctx, profile: &AiProfile) -> Self {
        let side = ctx.state.active;
        let map = &ctx.scenario.map;
        let known = known_enemies(ctx, side, profile);
        let mut enemy_hex = vec![false; map.len()];
        let mut threat = vec![0u32; map.len()];
        for k in &known {
            let Some(i) = map.index(k.hex.to_hex()) else {
                continue;
            };
            enemy_hex[i] = true;
            let u = ctx.state.unit(k.unit);
            if u.routed || u.status != UnitStatus::Active {
                continue;
            }
            let attack = ctx.scaled(k.unit, ctx.unit_type(k.unit).attack);
            if attack == 0 {
                continue;
            }
            for h in k.hex.to_hex().range(2) {
                if let Some(j) = map.index(h) {
                    threat[j] += attack;
                }
            }
        }
        let key = ctx.scenario.key_place().map(|p| p.hex);
        let goals = ctx
            .scenario
            .file
            .objectives
            .iter()
            .filter_map(|o| {
                ctx.scenario.map.place(&o.place).map(|p| Goal {
                    hex: p.hex,
                    points: o.points,
                    ours: ctx.controller(p.hex) == side,
                    key: Some(p.hex) == key,
                })
            })
            .collect();
        Self {
            side,
            attacker: side == ctx.first_side(),
            known,
            enemy_hex,
            threat,
            own_supply: Vec::new(),
            goals,
            link_points: f64::from(ctx.scenario.rules.victory.road_link_points),
            // Empty once the link is held: every hex on the way is then held and free.
            link_gaps: if side == ctx.first_side() {
                link_gaps(ctx, side)
            } else {
                Vec::new()
            },
            pushing: profile.pushing(ctx),
        }
    }

    /// Traces the side's supply map (the rules' own [`supply::supply_map`]), which movement
    /// planning needs and the other decisions do not.
    #[must_use]
    pub fn with_supply(mut self, ctx: &Ctx) -> Self {
        self.own_supply = supply::supply_map(ctx, self.side);
        self
    }

    /// Whether a known enemy unit stands in a hex.
    #[must_use]
    pub fn enemy_in(&self, ctx: &Ctx, hex: Offset) -> bool {
        ctx.scenario
            .map
            .index(hex.to_hex())
            .is_some_and(|i| self.enemy_hex[i])
    }

    /// Threat to a hex (see [`Analysis::threat`]).
    #[must_use]
    pub fn threat_at(&self, ctx: &Ctx, hex: Offset) -> u32 {
        ctx.scenario
            .map
            .index(hex.to_hex())
            .map_or(0, |i| self.threat[i])
    }

    /// Whether its side can trace supply to a hex.
    #[must_use]
    pub fn supplied_at(&self, ctx: &Ctx, hex: Offset) -> bool {
        ctx.scenario
            .map
            .index(hex.to_hex())
            .is_some_and(|i| self.own_supply.get(i).is_some_and(Option::is_some))
    }

    /// Known enemy units in a hex.
    pub fn enemies_at(&self, hex: Offset) -> impl Iterator<Item = UnitId> + '_ {
        self.known
            .iter()
            .filter(move |k| k.hex == hex)
            .map(|k| k.unit)
    }
}

/// The hexes `side` still has to take for the road link: along road hexsides from each
/// point of the scenario's chain to the next, the way with the fewest hexes it does not hold
/// (a hex with enemy units counts as three, since they must be driven out first).
fn link_gaps(ctx: &Ctx, side: Side) -> Vec<Offset> {
    let map = &ctx.scenario.map;
    let chain = ctx.scenario.road_link_chain();
    let occupancy = Occupancy::of(ctx);
    let weight = |o: Offset| -> u32 {
        use crate::rules::movement::Occupants;
        if occupancy.enemy_at(side, o.to_hex()) {
            3
        } else {
            u32::from(ctx.controller(o) != side)
        }
    };
    let mut gaps = Vec::new();
    for w in chain.windows(2) {
        let (Some(from), Some(to)) = (map.index(w[0].to_hex()), map.index(w[1].to_hex())) else {
            continue;
        };
        let mut best: Vec<Option<(u32, usize)>> = vec![None; map.len()];
        best[from] = Some((weight(w[0]), from));
        let mut heap = BinaryHeap::from([Reverse((weight(w[0]), from))]);
        while let Some(Reverse((d, i))) = heap.pop() {
            if best[i].is_some_and(|(c, _)| c < d) {
                continue;
            }
            if i == to {
                break;
            }
            let here = map.hex_at_index(i);
            for n in map.neighbors(here) {
                let Some(j) = map.index(n) else { continue };
                if map.side(here, n).road.is_none() {
                    continue;
                }
                let total = d + weight(Offset::from_hex(n));
                if best[j].is_none_or(|(c, _)| total < c) {
                    best[j] = Some((total, i));
                    heap.push(Reverse((total, j)));
                }
            }
        }
        let mut i = to;
        while best[i].is_some() {
            let o = Offset::from_hex(map.hex_at_index(i));
            if weight(o) > 0 && !gaps.contains(&o) {
                gaps.push(o);
            }
            if i == from {
                break;
            }
            i = best[i].map_or(from, |(_, p)| p);
        }
    }
    gaps.sort();
    gaps
}

/// Distance fields: the movement cost from every hex to a goal hex for a move class, on a
/// clear day with the map empty of units (the ground itself: terrain, roads, rivers, snow
/// cover above the snow line). They depend only on the scenario, so a game computes each once.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// The scenario they were made for.
    scenario: u64,
    /// By move class (its index in the rules) and goal.
    fields: BTreeMap<(usize, Offset), Vec<u32>>,
    /// By move class: for every hex, the neighbours it can be entered from and the cost.
    ground: BTreeMap<usize, Vec<Vec<(usize, u32)>>>,
}

/// A distance too large to matter.
pub const FAR: u32 = u32::MAX / 4;

impl Fields {
    /// The cost from every hex to `goal` for the move class of `unit` (cached).
    pub fn to_goal(&mut self, ctx: &Ctx, unit: UnitId, goal: Offset) -> &[u32] {
        let name = &ctx.unit_type(unit).move_class;
        let class = ctx
            .scenario
            .rules
            .move_classes
            .iter()
            .position(|c| &c.id == name)
            .unwrap_or(0);
        self.for_class(ctx, class, goal)
    }

    /// The cost from every hex to `goal` on foot (the first move class if there is no
    /// "foot"): one field per goal shared by every unit, to weigh goals against each other
    /// before the unit's own class decides the way.
    pub fn rough(&mut self, ctx: &Ctx, goal: Offset) -> &[u32] {
        let class = ctx
            .scenario
            .rules
            .move_classes
            .iter()
            .position(|c| c.id == "foot")
            .unwrap_or(0);
        self.for_class(ctx, class, goal)
    }

    fn for_class(&mut self, ctx: &Ctx, class: usize, goal: Offset) -> &[u32] {
        if self.scenario != ctx.scenario.content_hash {
            self.fields.clear();
            self.ground.clear();
            self.scenario = ctx.scenario.content_hash;
        }
        let ground = &mut self.ground;
        self.fields.entry((class, goal)).or_insert_with(|| {
            let edges = ground.entry(class).or_insert_with(|| entries(ctx, class));
            field(ctx, edges, goal)
        })
    }
}

/// A still picture of the ground: clear weather, a day turn, no units or columns.
fn still(ctx: &Ctx) -> GameState {
    let mut s = ctx.state.clone();
    s.units.clear();
    s.columns.clear();
    for w in &mut s.weather {
        w.weather = crate::rules_data::Weather::Clear;
        w.fog = false;
    }
    s.turn = (1..=ctx.scenario.file.turns.max(1))
        .find(|t| !ctx.scenario.is_night(*t))
        .unwrap_or(1);
    s
}

/// For every hex, the neighbours a move class can enter it from and the cost, on the still
/// ground (the rules' own [`movement::enter_cost_in`]).
fn entries(ctx: &Ctx, class: usize) -> Vec<Vec<(usize, u32)>> {
    let map = &ctx.scenario.map;
    let mut out = vec![Vec::new(); map.len()];
    let Some(class) = ctx.scenario.rules.move_classes.get(class) else {
        return out;
    };
    let state = still(ctx);
    let calm = Ctx::new(ctx.scenario, &state);
    let occupancy = Occupancy::of(&calm);
    // The map is empty of units: the side only matters to who counts as the enemy.
    let side = ctx.state.active;
    for (i, into) in out.iter_mut().enumerate() {
        let here = map.hex_at_index(i);
        for n in map.neighbors(here) {
            let Some(j) = map.index(n) else { continue };
            if let Ok(step) = movement::enter_cost_in(&calm, &occupancy, class, side, n, here, true)
            {
                into.push((j, step));
            }
        }
    }
    out
}

/// Reverse Dijkstra from `goal` over the entry costs: the cheapest cost from each hex.
fn field(ctx: &Ctx, edges: &[Vec<(usize, u32)>], goal: Offset) -> Vec<u32> {
    let map = &ctx.scenario.map;
    let mut dist = vec![FAR; map.len()];
    let Some(start) = map.index(goal.to_hex()) else {
        return dist;
    };
    dist[start] = 0;
    let mut heap = BinaryHeap::from([Reverse((0u32, start))]);
    while let Some(Reverse((d, i))) = heap.pop() {
        if d > dist[i] {
            continue;
        }
        for &(j, step) in &edges[i] {
            let total = d.saturating_add(step);
            if total < dist[j] {
                dist[j] = total;
                heap.push(Reverse((total, j)));
            }
        }
    }
    dist
}

/// Hex distance between two offsets.
#[must_use]
pub fn distance(a: Offset, b: Offset) -> u32 {
    a.to_hex().unsigned_distance_to(b.to_hex())
}

/// People in a hex: at home and in refugee columns.
#[must_use]
pub fn people_at(ctx: &Ctx, hex: Offset) -> u32 {
    let home: u32 = ctx
        .state
        .settlements
        .iter()
        .filter(|s| s.hex == hex)
        .map(|s| s.present)
        .sum();
    let moving: u32 = ctx
        .state
        .columns
        .iter()
        .filter(|c| c.hex == hex)
        .map(|c| c.people)
        .sum();
    home + moving
}

/// The points a side would lose for hurting the people in a hex with `per_mille` of them hit
/// (as the rules count it: rounded up, points per started hundred).
#[must_use]
pub fn harm_points(ctx: &Ctx, hex: Offset, per_mille: u32) -> f64 {
    let people = people_at(ctx, hex);
    if people == 0 {
        return 0.0;
    }
    let hurt = (u64::from(people) * u64::from(per_mille)).div_ceil(1000);
    if hurt == 0 {
        return 0.0;
    }
    let per_hundred = f64::from(ctx.scenario.rules.victory.per_hundred_civilian_casualties);
    #[expect(clippy::cast_precision_loss, reason = "small numbers")]
    let hundreds = hurt.div_ceil(100) as f64;
    per_hundred * hundreds
}
