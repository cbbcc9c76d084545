//! The rules engine: commands are checked, executed into events, and the state changes only by
//! applying those events. Everything is read from the scenario's data and is deterministic for
//! a seed.
//!
//! ```
//! use kalbajar_core::rules::{Command, Game};
//! use kalbajar_core::scenario::Scenario;
//! # let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
//! let scenario = Scenario::load(&dir).expect("the shipped scenario loads");
//! let mut game = Game::new(scenario.into(), 7, false);
//! let hash = game.state_hash();
//! game.execute(Command::EndPhase).expect("a phase can always end");
//! assert_ne!(game.state_hash(), hash);
//! ```

mod apply;
pub mod chronicle;
pub mod civilians;
pub mod combat;
pub mod command;
pub mod control;
pub mod event;
pub mod fog;
pub mod movement;
pub mod policy;
pub mod query;
pub mod state;
pub mod supply;
#[doc(hidden)]
pub mod testkit;
pub mod triggers;
pub mod victory;
pub mod weather;

pub use command::{Cargo, Command, CommandError};
pub use event::Event;
pub use state::{GameState, Phase, UnitId};

use crate::geography::Side;
use crate::hex::{Hex, Offset};
use crate::map::HexData;
use crate::rules_data::{MoveClass, Weather};
use crate::scenario::{Loc, Scenario, UnitDef, UnitType};
use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use state::{
    BandWeather, CivilianTally, Points, SettlementState, SupplyStatus, UnitState, UnitStatus, enemy,
};
use std::sync::Arc;

/// Read-only view of a game for rule functions and queries.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub state: &'a GameState,
}

impl<'a> Ctx<'a> {
    #[must_use]
    pub fn new(scenario: &'a Scenario, state: &'a GameState) -> Self {
        Self { scenario, state }
    }

    /// The order-of-battle entry of a unit.
    #[must_use]
    pub fn unit_def(&self, id: UnitId) -> &'a UnitDef {
        &self.scenario.file.units[id.index()]
    }

    /// The type of a unit.
    #[must_use]
    pub fn unit_type(&self, id: UnitId) -> &'a UnitType {
        let def = self.unit_def(id);
        self.scenario
            .file
            .unit_types
            .iter()
            .find(|t| t.id == def.unit_type)
            .expect("validated scenario")
    }

    /// The move class of a unit.
    #[must_use]
    pub fn move_class(&self, id: UnitId) -> &'a MoveClass {
        self.scenario
            .rules
            .move_class(&self.unit_type(id).move_class)
            .expect("validated scenario")
    }

    /// A unit's display name.
    #[must_use]
    pub fn unit_name(&self, id: UnitId) -> &'a str {
        &self.unit_def(id).name
    }

    /// Data of a hex on the map.
    #[must_use]
    pub fn hex(&self, o: Offset) -> Option<&'a HexData> {
        self.scenario.map.get(o.to_hex())
    }

    /// Index of the weather band for an elevation.
    #[must_use]
    pub fn band_of(&self, elevation: i32) -> usize {
        let bands = &self.scenario.file.weather.bands;
        bands
            .iter()
            .rposition(|b| elevation >= b.from_m)
            .unwrap_or(0)
    }

    /// Weather in a hex this turn.
    #[must_use]
    pub fn weather_at(&self, hex: Hex) -> Weather {
        let e = self.scenario.map.get(hex).map_or(0, |d| d.elevation);
        self.state
            .weather
            .get(self.band_of(e))
            .map_or(Weather::Clear, |w| w.weather)
    }

    /// What the weather in a hex does this turn (movement, passes, helicopters, observation).
    #[must_use]
    pub fn weather_effect(&self, hex: Hex) -> &'a crate::rules_data::WeatherEffect {
        &self.scenario.rules.weather_effects[&self.weather_at(hex)]
    }

    /// Whether the current turn is a night turn.
    #[must_use]
    pub fn is_night(&self) -> bool {
        self.scenario.is_night(self.state.turn)
    }

    /// Whether units of `side`'s enemy stand in a hex.
    #[must_use]
    pub fn enemy_at(&self, side: Side, hex: Hex) -> bool {
        let o = Offset::from_hex(hex);
        self.state
            .units_at(o)
            .any(|id| self.state.unit(id).side != side)
    }

    /// Whether a refugee column with people is in a hex.
    #[must_use]
    pub fn column_at(&self, hex: Hex) -> bool {
        let o = Offset::from_hex(hex);
        self.state
            .columns
            .iter()
            .any(|c| c.hex == o && c.people > 0)
    }

    /// The side holding a hex.
    #[must_use]
    pub fn controller(&self, o: Offset) -> Side {
        self.scenario
            .map
            .index(o.to_hex())
            .map_or(Side::Azerbaijani, |i| self.state.control[i])
    }

    /// Active units of a side.
    pub fn active_units(&self, side: Side) -> impl Iterator<Item = UnitId> + 'a {
        let state = self.state;
        state.unit_ids().filter(move |id| {
            let u = state.unit(*id);
            u.side == side && u.status == UnitStatus::Active
        })
    }

    /// The side that moves first.
    #[must_use]
    pub fn first_side(&self) -> Side {
        self.scenario
            .file
            .sides
            .iter()
            .find(|s| s.moves_first)
            .map_or(Side::Armenian, |s| s.side)
    }

    /// Strength of a unit scaled by its remaining steps (rounded up, at least 1 if it has any).
    #[must_use]
    pub fn scaled(&self, id: UnitId, full: u32) -> u32 {
        let u = self.state.unit(id);
        let max = u32::from(self.unit_type(id).steps.max(1));
        if full == 0 || u.steps == 0 {
            return 0;
        }
        (full * u32::from(u.steps)).div_ceil(max)
    }
}

/// A scratch copy of the state that records the events applied to it.
pub struct Sink {
    pub state: GameState,
    pub events: Vec<Event>,
    width: i32,
}

impl Sink {
    #[must_use]
    pub fn new(state: GameState, width: i32) -> Self {
        Self {
            state,
            events: Vec::new(),
            width,
        }
    }

    /// Applies an event to the scratch state and records it.
    pub fn push(&mut self, event: Event) {
        self.state.apply(&event, self.width);
        self.events.push(event);
    }

    /// Applies several events in order.
    pub fn extend(&mut self, events: impl IntoIterator<Item = Event>) {
        for e in events {
            self.push(e);
        }
    }

    /// A die roll from the game's generator.
    pub fn d6(&mut self) -> u32 {
        self.state.rng.random_range(1..=6)
    }

    /// A number in `0..n` from the game's generator.
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            self.state.rng.random_range(0..n)
        }
    }
}

/// An event with the turn it happened on, for the chronicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub turn: u32,
    pub event: Event,
}

/// A game in progress: the scenario, the state and the log of events.
#[derive(Debug, Clone)]
pub struct Game {
    scenario: Arc<Scenario>,
    state: GameState,
    log: Vec<Logged>,
}

impl Game {
    /// Starts a game: every unit waits off the map, then the first turn's events bring the
    /// starting forces on, set the weather and trace supply.
    #[must_use]
    pub fn new(scenario: Arc<Scenario>, seed: u64, fog: bool) -> Self {
        let state = initial_state(&scenario, seed, fog);
        let mut game = Self {
            scenario,
            state,
            log: Vec::new(),
        };
        let mut sink = Sink::new(game.state.clone(), game.scenario.map.width());
        // The forces present at the start stand on the map before anyone moves.
        let starting: Vec<UnitId> = sink
            .state
            .unit_ids()
            .filter(|id| {
                game.scenario.file.units[id.index()].entry_turn == 1
                    && !waits_for_event(&game.scenario, *id)
            })
            .collect();
        for id in starting {
            enter_unit(&game.scenario, &mut sink, id);
        }
        begin_turn(&game.scenario, &mut sink, 1);
        game.commit(sink);
        game
    }

    /// Resumes a game from a saved state (and its log).
    #[must_use]
    pub fn from_parts(scenario: Arc<Scenario>, state: GameState, log: Vec<Logged>) -> Self {
        Self {
            scenario,
            state,
            log,
        }
    }

    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The shared scenario.
    #[must_use]
    pub fn scenario_arc(&self) -> Arc<Scenario> {
        Arc::clone(&self.scenario)
    }

    #[must_use]
    pub fn state(&self) -> &GameState {
        &self.state
    }

    /// Every event so far with its turn.
    #[must_use]
    pub fn log(&self) -> &[Logged] {
        &self.log
    }

    /// A read-only view for queries.
    #[must_use]
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::new(&self.scenario, &self.state)
    }

    /// Whether the game has ended.
    #[must_use]
    pub fn is_over(&self) -> bool {
        self.state.outcome.is_some()
    }

    /// Checks a command against the rules without changing anything.
    ///
    /// # Errors
    /// The reason the command is not allowed.
    pub fn check(&self, command: &Command) -> Result<(), CommandError> {
        let ctx = self.ctx();
        if self.is_over() {
            return Err(CommandError::GameOver);
        }
        match command {
            Command::Move { unit, to } => check_move(&ctx, *unit, *to).map(|_| ()),
            Command::Attack {
                attackers, target, ..
            } => combat::check_attack(&ctx, attackers, *target),
            Command::Bombard { unit, target } => combat::check_bombard(&ctx, *unit, *target),
            Command::Entrench { unit } | Command::Hold { unit } => {
                own_active(&ctx, *unit)?;
                need_phase(&ctx, Phase::Movement)?;
                let u = ctx.state.unit(*unit);
                if u.mp_left < u.movement {
                    return Err(CommandError::AlreadyActed {
                        unit: ctx.unit_name(*unit).into(),
                        what: "moved".into(),
                    });
                }
                Ok(())
            }
            Command::Evacuate { place, destination } => {
                civilians::check_evacuate(&ctx, place, destination)
            }
            Command::Airlift { cargo } => civilians::check_airlift(&ctx, *cargo),
            Command::HaltForColumns => {
                if ctx.state.halted.contains(&ctx.state.active) {
                    return Err(CommandError::Halted);
                }
                Ok(())
            }
            Command::Choose { event, option } => triggers::check_choice(&ctx, event, *option),
            Command::EndPhase => Ok(()),
        }
    }

    /// Checks and executes a command; returns the events it produced, already applied.
    ///
    /// # Errors
    /// The reason the command is not allowed; nothing changes then.
    pub fn execute(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        self.check(&command)?;
        let scenario = Arc::clone(&self.scenario);
        let sc = &*scenario;
        let mut sink = Sink::new(self.state.clone(), sc.map.width());
        match command {
            Command::Move { unit, to } => execute_move(sc, &mut sink, unit, to),
            Command::Attack {
                attackers,
                target,
                advance,
            } => combat::execute_attack(sc, &mut sink, &attackers, target, advance),
            Command::Bombard { unit, target } => {
                combat::execute_bombard(sc, &mut sink, unit, target)
            }
            Command::Entrench { unit } => sink.push(Event::Entrenched { unit }),
            Command::Hold { unit } => execute_hold(sc, &mut sink, unit),
            Command::Evacuate { place, destination } => {
                civilians::execute_evacuate(sc, &mut sink, &place, destination);
            }
            Command::Airlift { cargo } => civilians::execute_airlift(sc, &mut sink, cargo),
            Command::HaltForColumns => {
                let side = sink.state.active;
                sink.push(Event::HaltedForColumns { side });
            }
            Command::Choose { event, option } => {
                triggers::execute_choice(sc, &mut sink, &event, option)
            }
            Command::EndPhase => end_phase(sc, &mut sink),
        }
        let events = sink.events.clone();
        self.commit(sink);
        Ok(events)
    }

    fn commit(&mut self, sink: Sink) {
        let mut turn = self.state.turn;
        for e in &sink.events {
            if let Event::TurnBegan { turn: t } = e {
                turn = *t;
            }
            self.log.push(Logged {
                turn,
                event: e.clone(),
            });
        }
        self.state = sink.state;
    }

    /// A stable hash of the whole state (FNV-1a over its RON form): the same on every machine
    /// for the same scenario, seed and commands.
    #[must_use]
    pub fn state_hash(&self) -> u64 {
        state_hash(&self.state)
    }

    /// The chronicle so far: one dated line per event worth telling.
    #[must_use]
    pub fn chronicle(&self) -> Vec<String> {
        chronicle::lines(&self.scenario, &self.log)
    }
}

/// A search queue's entry as one `u64`: the cost in the high half and the state's index in
/// the low half, so that it orders exactly as the pair `(cost, index)` and the queue moves
/// half the bytes.
pub(crate) fn queue_key(cost: u32, index: usize) -> u64 {
    (u64::from(cost) << 32) | u64::try_from(index).expect("search indices fit in u32")
}

/// The `(cost, index)` of a [`queue_key`].
pub(crate) fn queue_entry(key: u64) -> (u32, usize) {
    #[expect(clippy::cast_possible_truncation, reason = "the halves of the key")]
    let (cost, index) = ((key >> 32) as u32, key as u32);
    (cost, index as usize)
}

/// FNV-1a over the state's RON text.
#[must_use]
pub fn state_hash(state: &GameState) -> u64 {
    let text = ron::to_string(state).expect("the state always serialises");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn initial_state(sc: &Scenario, seed: u64, fog: bool) -> GameState {
    let f = &sc.file;
    let max_cohesion = sc.rules.cohesion.max;
    let units = f
        .units
        .iter()
        .map(|u| {
            let ty = f
                .unit_types
                .iter()
                .find(|t| t.id == u.unit_type)
                .expect("validated scenario");
            UnitState {
                status: UnitStatus::Waiting,
                side: u.side,
                hex: None,
                steps: u.steps.unwrap_or(ty.steps),
                cohesion: max_cohesion,
                movement: ty.movement.0,
                mp_left: 0,
                fired: false,
                attacked: false,
                entrenched: false,
                disrupted: false,
                routed: false,
                supply: SupplyStatus::InSupply {
                    source: String::new(),
                    cost: 0,
                },
                isolated_turns: 0,
            }
        })
        .collect();
    let settlements: Vec<SettlementState> = f
        .civilians
        .iter()
        .map(|c| SettlementState {
            place: c.place.clone(),
            hex: sc.map.place(&c.place).expect("validated").hex,
            present: c.people,
            evacuating: None,
        })
        .collect();
    let first = f
        .sides
        .iter()
        .find(|s| s.moves_first)
        .map_or(Side::Armenian, |s| s.side);
    GameState {
        turn: 0,
        active: first,
        phase: Phase::Movement,
        rng: ChaCha8Rng::seed_from_u64(seed),
        units,
        control: sc.map.file().hexes.iter().map(|h| h.control).collect(),
        weather: vec![
            BandWeather {
                weather: Weather::Clear,
                fog: false,
            };
            f.weather.bands.len()
        ],
        weather_overrides: Vec::new(),
        // People who left before the start are out by road already, so the tally stays whole.
        civilians: CivilianTally {
            initial: sc.civilians(),
            evacuated_road: sc.evacuated_before(),
            ..CivilianTally::default()
        },
        settlements,
        columns: Vec::new(),
        depot_stock: f
            .supply_sources
            .iter()
            .map(|s| match s.kind {
                crate::scenario::SupplyKind::Depot { stock } => stock,
                crate::scenario::SupplyKind::Unlimited => 0,
            })
            .collect(),
        helicopters_flying: f.helicopters.is_some(),
        airlift_left: 0,
        fired_events: vec![false; f.events.len()],
        truces: Vec::new(),
        halted: Vec::new(),
        bombarded: Vec::new(),
        points: [Points::default(), Points::default()],
        steps_lost: [0, 0],
        prisoners: [0, 0],
        town_fell: None,
        fog,
        last_seen: [Vec::new(), Vec::new()],
        outcome: None,
    }
}

fn need_phase(ctx: &Ctx, phase: Phase) -> Result<(), CommandError> {
    if ctx.state.phase == phase {
        Ok(())
    } else {
        Err(CommandError::WrongPhase {
            needed: match phase {
                Phase::Movement => "movement".into(),
                Phase::Combat => "combat".into(),
            },
        })
    }
}

/// The unit exists, is on the map and belongs to the side to move.
fn own_active(ctx: &Ctx, unit: UnitId) -> Result<(), CommandError> {
    if unit.index() >= ctx.state.units.len() {
        return Err(CommandError::NoSuchUnit(unit));
    }
    let u = ctx.state.unit(unit);
    let name = ctx.unit_name(unit).to_string();
    if u.side != ctx.state.active {
        return Err(CommandError::NotYours { unit: name });
    }
    if u.status != UnitStatus::Active {
        return Err(CommandError::NotOnMap { unit: name });
    }
    Ok(())
}

/// Checks a move and returns its path and cost.
fn check_move(ctx: &Ctx, unit: UnitId, to: Offset) -> Result<(Vec<Offset>, u32), CommandError> {
    own_active(ctx, unit)?;
    need_phase(ctx, Phase::Movement)?;
    if !ctx.scenario.map.contains(to.to_hex()) {
        return Err(CommandError::OffMap(to));
    }
    let name = ctx.unit_name(unit).to_string();
    let u = ctx.state.unit(unit);
    if u.hex == Some(to) {
        return Err(CommandError::Unreachable {
            unit: name,
            to,
            reason: "it is already there".into(),
        });
    }
    let reach = movement::reachable(ctx, unit);
    let (Some(path), Some(cost)) = (reach.path(to), reach.cost(to)) else {
        return Err(CommandError::Unreachable {
            unit: name,
            to,
            reason: explain_unreachable(ctx, unit, to),
        });
    };
    let stack = movement::steps_in(ctx, u.side, to) + u32::from(u.steps);
    if stack > ctx.scenario.rules.stacking_steps {
        return Err(CommandError::Unreachable {
            unit: name,
            to,
            reason: format!(
                "{stack} steps would stand there, more than the limit of {}",
                ctx.scenario.rules.stacking_steps
            ),
        });
    }
    Ok((path, cost))
}

/// Why `to` is out of reach, in a sentence.
fn explain_unreachable(ctx: &Ctx, unit: UnitId, to: Offset) -> String {
    let u = ctx.state.unit(unit);
    let class = ctx.move_class(unit);
    let Some(data) = ctx.hex(to) else {
        return "it is off the map".into();
    };
    if ctx.enemy_at(u.side, to.to_hex()) {
        return "the enemy holds that hex; attack it instead".into();
    }
    // Try to enter from any neighbour to find a hard block.
    let supplied = u.supply.is_supplied();
    let mut blocks = Vec::new();
    for n in ctx.scenario.map.neighbors(to.to_hex()) {
        if let Err(b) = movement::enter_cost(ctx, class, u.side, n, to.to_hex(), supplied) {
            blocks.push(b);
        }
    }
    let all_blocked = blocks.len() == ctx.scenario.map.neighbors(to.to_hex()).count();
    if all_blocked {
        if let Some(movement::Blocked::PassClosed(name)) = blocks
            .iter()
            .find(|b| matches!(b, movement::Blocked::PassClosed(_)))
        {
            return format!("{name} is closed to vehicles in snow");
        }
        if let Some(movement::Blocked::Terrain(t)) = blocks
            .iter()
            .find(|b| matches!(b, movement::Blocked::Terrain(_)))
        {
            return format!("{} cannot enter {t}", class.name);
        }
    }
    if u.mp_left == 0 {
        return "it has no movement points left this turn".into();
    }
    let full = movement::reachable_with(ctx, unit, u32::MAX / 4);
    match full.cost(to) {
        Some(c) => format!(
            "it needs {c} movement points and has {} left (terrain: {})",
            u.mp_left, data.terrain
        ),
        None => {
            "no path leads there: enemy zones of control, impassable ground or rivers bar the way"
                .into()
        }
    }
}

fn execute_move(sc: &Scenario, sink: &mut Sink, unit: UnitId, to: Offset) {
    let (path, cost, side, in_zoc) = {
        let ctx = Ctx::new(sc, &sink.state);
        let (path, cost) = check_move(&ctx, unit, to).expect("checked before execution");
        let side = ctx.state.unit(unit).side;
        let zoc = movement::zone_of_control(&ctx, enemy(side));
        let in_zoc = sc.map.index(to.to_hex()).is_some_and(|i| zoc[i]);
        (path, cost, side, in_zoc)
    };
    sink.push(Event::UnitMoved {
        unit,
        path: path.clone(),
        cost,
    });
    if in_zoc {
        sink.push(Event::MovementSpent { unit });
    }
    for hex in path {
        take_control(sc, sink, hex, side);
    }
    if sink.state.fog {
        fog::sightings(sc, sink, side);
    }
}

/// A side's unit enters a hex: control passes to it, with what follows for the people there.
pub fn take_control(sc: &Scenario, sink: &mut Sink, hex: Offset, side: Side) {
    let ctx = Ctx::new(sc, &sink.state);
    if ctx.controller(hex) == side {
        return;
    }
    sink.push(Event::ControlChanged { hex, side });
    civilians::on_control_changed(sc, sink, hex, side);
}

fn execute_hold(sc: &Scenario, sink: &mut Sink, unit: UnitId) {
    sink.push(Event::Held { unit });
    let ctx = Ctx::new(sc, &sink.state);
    let u = ctx.state.unit(unit);
    let Some(at) = u.hex else { return };
    let near_enemy = sc
        .map
        .neighbors(at.to_hex())
        .any(|n| ctx.enemy_at(u.side, n));
    if !u.supply.is_supplied() || near_enemy {
        return;
    }
    let max = sc.rules.cohesion.max;
    let cohesion = (u.cohesion + sc.rules.cohesion.rest_gain).min(max);
    let routed = u.routed;
    if cohesion != u.cohesion {
        sink.push(Event::CohesionChanged {
            unit,
            cohesion,
            cause: event::Cause::Rest,
        });
    }
    if routed && cohesion > 0 {
        sink.push(Event::Rallied { unit });
    }
}

/// The start of a turn: weather, then the first side's part.
fn begin_turn(sc: &Scenario, sink: &mut Sink, turn: u32) {
    sink.push(Event::TurnBegan { turn });
    weather::roll(sc, sink);
    let first = Ctx::new(sc, &sink.state).first_side();
    begin_side(sc, sink, first);
}

/// A side's part of the turn begins: reinforcements and events, supply, then movement.
fn begin_side(sc: &Scenario, sink: &mut Sink, side: Side) {
    let turn = sink.state.turn;
    if side == Ctx::new(sc, &sink.state).first_side() {
        triggers::fire_turn(sc, sink, turn);
    }
    enter_reinforcements(sc, sink, side, turn);
    civilians::begin_side(sc, sink, side);
    supply::determine(sc, sink, side);
    if sink.state.fog {
        fog::sightings(sc, sink, side);
    }
    sink.push(Event::PhaseBegan {
        side,
        phase: Phase::Movement,
    });
}

/// Units whose entry turn has come enter at their location (if it is free of the enemy).
fn enter_reinforcements(sc: &Scenario, sink: &mut Sink, side: Side, turn: u32) {
    let ids: Vec<UnitId> = sink.state.unit_ids().collect();
    for id in ids {
        let (status, uside) = {
            let u = sink.state.unit(id);
            (u.status, u.side)
        };
        let def = &sc.file.units[id.index()];
        if status != UnitStatus::Waiting
            || uside != side
            || def.entry_turn > turn
            || waits_for_event(sc, id)
        {
            continue;
        }
        enter_unit(sc, sink, id);
    }
}

/// Whether a scenario event brings this unit on (it then waits for the event, not its turn).
fn waits_for_event(sc: &Scenario, id: UnitId) -> bool {
    let unit_id = &sc.file.units[id.index()].id;
    sc.file.events.iter().any(|e| {
        e.effects
            .iter()
            .chain(e.options.iter().flat_map(|o| o.effects.iter()))
            .any(|x| matches!(x, crate::scenario::Effect::Reinforce(us) if us.contains(unit_id)))
    })
}

/// Brings a waiting unit onto the map at its entry location, if the enemy is not there.
pub fn enter_unit(sc: &Scenario, sink: &mut Sink, id: UnitId) {
    let def = &sc.file.units[id.index()];
    let Some(hex) = sc.resolve(&def.at) else {
        return;
    };
    let ctx = Ctx::new(sc, &sink.state);
    let side = ctx.state.unit(id).side;
    if ctx.enemy_at(side, hex.to_hex()) {
        return;
    }
    sink.push(Event::UnitEntered { unit: id, hex });
    if !matches!(def.at, Loc::Exit(_)) {
        take_control(sc, sink, hex, side);
    }
}

/// Ends the current phase and runs what follows until a side has to act again.
fn end_phase(sc: &Scenario, sink: &mut Sink) {
    let side = sink.state.active;
    match sink.state.phase {
        Phase::Movement => sink.push(Event::PhaseBegan {
            side,
            phase: Phase::Combat,
        }),
        Phase::Combat => {
            civilians::end_side(sc, sink, side);
            control::end_side(sc, sink, side);
            let first = Ctx::new(sc, &sink.state).first_side();
            if side == first {
                begin_side(sc, sink, enemy(side));
            } else {
                end_turn(sc, sink);
            }
        }
    }
}

/// End of a turn: victory check, then the next turn or the end of the game.
fn end_turn(sc: &Scenario, sink: &mut Sink) {
    triggers::fire_end_of_turn(sc, sink);
    if victory::end_of_turn(sc, sink) {
        return;
    }
    let next = sink.state.turn + 1;
    begin_turn(sc, sink, next);
}
