//! The operational AI: one per side, reasoning with the rules' own queries (reachable sets,
//! supply maps, the combat preview with its outcome distribution, observation and the fog of
//! war view, victory points by objective) and issuing only commands that pass the check.
//!
//! Each call looks at the game from the side to move and gives one command:
//! - a scenario choice that does not bind its own hands;
//! - in the movement phase, evacuation orders for threatened settlements, then the side-turn's
//!   movement plan: the attacker concentrates on targets where the preview promises good
//!   odds and sends the rest toward the objectives worth most for their distance, in supply;
//!   the defender garrisons its objectives by worth and threat, keeps a reserve at the key
//!   place and digs in. In its last push (a level's `last_push`: the final turns, the key
//!   place not yet taken) the attacker moves on past the end of its supply line and attacks
//!   at the push's odds and aggression;
//! - in the combat phase, the helicopters' sorties, a halt for refugee columns when they are
//!   in harm's way and nothing is worth attacking, fire missions (first on hexes it will
//!   attack), and the best attack at or above its level's odds.
//!
//! A [`Planner`] keeps the movement plan of a side-turn and the distance fields of the ground
//! between calls. The plan is keyed on the state: it is used only while every unit it has not
//! yet moved, and every enemy unit, stands as when it was made; otherwise it is made again.
//! So the same game and seed always give the same commands. [`next_command`] is the same
//! without keeping anything.

pub mod attack;
pub mod civilians;
pub mod defend;
pub mod maneuver;
pub mod plan;
pub mod profile;

pub use profile::{AI_FILE, AiLevels, AiProfile, HelicopterCargo};

use crate::geography::Side;
use crate::hex::Offset;
use crate::rules::movement::{self, Reach};
use crate::rules::state::{Phase, UnitStatus};
use crate::rules::{Command, Ctx, Game, UnitId, triggers};
use crate::scenario::Effect;
use maneuver::Aim;
use plan::{Analysis, Fields};
use std::collections::{BTreeMap, VecDeque};

/// The AI's next command for the side to move, planned from scratch. Always passes
/// [`Game::check`]; [`Command::EndPhase`] when nothing is left to do.
#[must_use]
pub fn next_command(game: &Game, profile: &AiProfile) -> Command {
    Planner::new(profile.clone()).next_command(game)
}

/// Plays the game to its end with an AI on each side (first side's profile first); returns
/// the number of commands given.
pub fn play_out(game: &mut Game, profiles: [&AiProfile; 2], max_commands: usize) -> usize {
    let mut planners = profiles.map(|p| Planner::new(p.clone()));
    let mut n = 0;
    while !game.is_over() && n < max_commands {
        let i = crate::rules::state::side_index(game.state().active);
        let c = planners[i].next_command(game);
        game.execute(c).expect("the AI only gives checked commands");
        n += 1;
    }
    n
}

/// What a unit looked like when a plan was made: the plan holds while it still does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    status: UnitStatus,
    hex: Option<Offset>,
    steps: u8,
    mp_left: u32,
}

fn snapshot(game: &Game) -> Vec<Snapshot> {
    game.state()
        .units
        .iter()
        .map(|u| Snapshot {
            status: u.status,
            hex: u.hex,
            steps: u.steps,
            mp_left: u.mp_left,
        })
        .collect()
}

/// The movement orders of one side-turn and the state they were planned for.
#[derive(Debug, Clone)]
struct MovePlan {
    scenario: u64,
    turn: u32,
    side: Side,
    units: Vec<Snapshot>,
    /// Units whose order has been given (they may differ from the snapshot).
    given: Vec<UnitId>,
    orders: VecDeque<(UnitId, Command)>,
}

impl MovePlan {
    /// Whether the plan was made for this state.
    fn holds(&self, game: &Game) -> bool {
        let s = game.state();
        self.scenario == game.scenario().content_hash
            && self.turn == s.turn
            && self.side == s.active
            && s.phase == Phase::Movement
            && self.units.len() == s.units.len()
            && snapshot(game)
                .iter()
                .zip(&self.units)
                .enumerate()
                .all(|(i, (now, then))| now == then || self.given.iter().any(|g| g.index() == i))
    }
}

/// An AI player for one side that keeps its side-turn's movement plan and the distance
/// fields between calls (see the module documentation).
#[derive(Debug, Clone)]
pub struct Planner {
    profile: AiProfile,
    fields: Fields,
    plan: Option<MovePlan>,
}

impl Planner {
    #[must_use]
    pub fn new(profile: AiProfile) -> Self {
        Self {
            profile,
            fields: Fields::default(),
            plan: None,
        }
    }

    /// The level it plays at.
    #[must_use]
    pub fn profile(&self) -> &AiProfile {
        &self.profile
    }

    /// The next command for the side to move. Always passes [`Game::check`].
    pub fn next_command(&mut self, game: &Game) -> Command {
        if game.is_over() {
            return Command::EndPhase;
        }
        let legal = |c: &Command| game.check(c).is_ok();
        let ctx = game.ctx();
        // The level as it plays this turn (the attacker's last push changes its odds).
        let profile = &*self.profile.now(&ctx);
        if let Some(c) = choice(&ctx).filter(legal) {
            return c;
        }
        match ctx.state.phase {
            Phase::Movement => {
                let known = plan::known_enemies(&ctx, ctx.state.active, profile);
                if let Some(c) = civilians::evacuation(&ctx, &known, profile, &legal) {
                    return c;
                }
                // The full picture only when the plan has to be made.
                if !self.plan.as_ref().is_some_and(|p| p.holds(game)) {
                    let an = Analysis::new(&ctx, profile).with_supply(&ctx);
                    self.plan = Some(Self::plan_movement(&mut self.fields, game, &an, profile));
                }
                let plan = self.plan.as_mut().expect("just made");
                while let Some((unit, c)) = plan.orders.pop_front() {
                    plan.given.push(unit);
                    if legal(&c) {
                        return c;
                    }
                }
            }
            Phase::Combat => {
                let an = Analysis::new(&ctx, profile);
                if let Some(c) = civilians::airlifts(&ctx, &an, profile)
                    .into_iter()
                    .find(legal)
                {
                    return c;
                }
                let best = attack::best_attack(&ctx, &an, profile);
                if civilians::should_halt(&ctx, &an, profile, best.is_some())
                    && legal(&Command::HaltForColumns)
                {
                    return Command::HaltForColumns;
                }
                if let Some(c) = attack::best_bombard(&ctx, &an).filter(legal) {
                    return c;
                }
                if let Some(c) = best.filter(legal) {
                    return c;
                }
            }
        }
        Command::EndPhase
    }

    /// The side-turn's movement orders, from the state as it stands.
    fn plan_movement(
        fields: &mut Fields,
        game: &Game,
        an: &Analysis,
        profile: &AiProfile,
    ) -> MovePlan {
        let ctx = game.ctx();
        let side = an.side;
        // Units that have not acted this phase, in order of battle.
        let units: Vec<UnitId> = ctx
            .active_units(side)
            .filter(|id| {
                let u = ctx.state.unit(*id);
                u.mp_left > 0 && u.mp_left >= u.movement
            })
            .collect();
        let reach: BTreeMap<UnitId, Reach> = units
            .iter()
            .map(|id| (*id, movement::reachable(&ctx, *id)))
            .collect();
        let mut stack: BTreeMap<Offset, u32> = BTreeMap::new();
        for id in ctx.active_units(side) {
            if let Some(h) = ctx.state.unit(id).hex {
                *stack.entry(h).or_default() += u32::from(ctx.state.unit(id).steps);
            }
        }
        let mut orders: VecDeque<(UnitId, Command)> = VecDeque::new();
        let mut free = units.clone();
        let go = |orders: &mut VecDeque<(UnitId, Command)>,
                  stack: &mut BTreeMap<Offset, u32>,
                  id: UnitId,
                  to: Offset| {
            let u = ctx.state.unit(id);
            if let Some(from) = u.hex {
                let e = stack.entry(from).or_default();
                *e = e.saturating_sub(u32::from(u.steps));
            }
            *stack.entry(to).or_default() += u32::from(u.steps);
            orders.push_back((id, Command::Move { unit: id, to }));
        };
        let rest = |id: UnitId| -> Command {
            let u = ctx.state.unit(id);
            let near_enemy = u.hex.is_some_and(|h| {
                h.to_hex()
                    .ring(1)
                    .any(|n| an.enemy_in(&ctx, Offset::from_hex(n)))
            });
            if profile.digs_in && !u.entrenched && (near_enemy || !an.attacker) {
                Command::Entrench { unit: id }
            } else {
                Command::Hold { unit: id }
            }
        };
        if an.attacker {
            if profile.concentrates {
                for conc in attack::concentrate(&ctx, an, profile, &mut free, &reach, &mut stack) {
                    for (id, h) in conc.moves {
                        if ctx.state.unit(id).hex == Some(h) {
                            orders.push_back((id, rest(id)));
                        } else {
                            orders.push_back((id, Command::Move { unit: id, to: h }));
                        }
                    }
                }
            }
            // Once the key place is held, the nearest units close the road link's gaps.
            let key_ours = an.goals.iter().any(|g| g.key && g.ours);
            let mut errands: Vec<UnitId> = Vec::new();
            if key_ours && !an.link_gaps.is_empty() {
                let mut near: Vec<(u32, UnitId)> = free
                    .iter()
                    .filter(|id| ctx.unit_type(**id).attack > 0)
                    .filter_map(|id| {
                        let here = ctx.state.unit(*id).hex?;
                        let d = an
                            .link_gaps
                            .iter()
                            .map(|g| plan::distance(here, *g))
                            .min()?;
                        Some((d, *id))
                    })
                    .collect();
                near.sort_unstable();
                let n = an.link_gaps.len().div_ceil(2).min(4);
                errands = near.into_iter().take(n).map(|(_, id)| id).collect();
            }
            let mut sent: BTreeMap<Offset, u32> = BTreeMap::new();
            for id in free {
                if errands.contains(&id) {
                    match maneuver::step_near(&ctx, an, id, &reach[&id], &an.link_gaps, &stack) {
                        Some(to) => go(&mut orders, &mut stack, id, to),
                        None => orders.push_back((id, rest(id))),
                    }
                    continue;
                }
                let ty = ctx.unit_type(id);
                let guns = ty.attack == 0 && ty.range > 0;
                let goal = if guns {
                    nearest_enemy(&ctx, an, id)
                } else {
                    maneuver::attacker_goal(&ctx, an, fields, id, &sent, profile)
                };
                let Some(goal) = goal else {
                    orders.push_back((id, rest(id)));
                    continue;
                };
                *sent.entry(goal).or_default() += 1;
                let care = if guns {
                    Aim {
                        goal,
                        may_close: false,
                        near: ty.range.saturating_sub(2).max(1),
                    }
                } else {
                    Aim {
                        goal,
                        may_close: true,
                        near: 0,
                    }
                };
                match maneuver::step_toward(&ctx, an, fields, id, &reach[&id], &stack, care) {
                    Some(to) => go(&mut orders, &mut stack, id, to),
                    None => orders.push_back((id, rest(id))),
                }
            }
        } else {
            let posts = defend::assign(&ctx, an, profile, fields, &free);
            for id in free {
                let ty = ctx.unit_type(id);
                let guns = ty.attack == 0 && ty.range > 0;
                let Some(&post) = posts.get(&id) else {
                    orders.push_back((id, rest(id)));
                    continue;
                };
                let care = Aim {
                    goal: post,
                    may_close: !guns,
                    near: if guns { ty.range / 2 } else { 0 },
                };
                match maneuver::step_toward(&ctx, an, fields, id, &reach[&id], &stack, care) {
                    Some(to) => go(&mut orders, &mut stack, id, to),
                    None => orders.push_back((id, rest(id))),
                }
            }
        }
        MovePlan {
            scenario: game.scenario().content_hash,
            turn: ctx.state.turn,
            side,
            units: snapshot(game),
            given: Vec::new(),
            orders,
        }
    }
}

/// The known enemy unit nearest to a unit (for guns to close on).
fn nearest_enemy(ctx: &Ctx, an: &Analysis, id: UnitId) -> Option<Offset> {
    let here = ctx.state.unit(id).hex?;
    an.known
        .iter()
        .map(|k| (plan::distance(here, k.hex), k.hex))
        .min()
        .map(|(_, h)| h)
}

/// A scenario choice open to the side: the first option that does not tie its own hands
/// (a truce it would have to keep), else the first.
fn choice(ctx: &Ctx) -> Option<Command> {
    let (_, e) = triggers::open_choices(ctx).into_iter().next()?;
    let side = ctx.state.active;
    let binds = |effects: &[Effect]| {
        effects
            .iter()
            .any(|x| matches!(x, Effect::Truce { side: s, .. } if *s == side))
    };
    let option = e
        .options
        .iter()
        .position(|o| !binds(&o.effects))
        .unwrap_or(0);
    Some(Command::Choose {
        event: e.id.clone(),
        option,
    })
}
