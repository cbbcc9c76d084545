//! Property tests: random legal command sequences on the real scenario keep the rules'
//! invariants after every command, and replaying the same commands gives the same hash.

use kalbajar_core::rules::state::{GameState, UnitStatus};
use kalbajar_core::rules::{Command, Game, policy, state_hash};
use kalbajar_core::scenario::Scenario;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

fn scenario() -> Arc<Scenario> {
    static SCENARIO: OnceLock<Arc<Scenario>> = OnceLock::new();
    Arc::clone(SCENARIO.get_or_init(|| {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
        Arc::new(Scenario::load(&dir).expect("loads"))
    }))
}

/// Between commands: everything, including that a unit on the map has at least one step.
fn check_invariants(g: &Game) -> Result<(), TestCaseError> {
    check_state(g.scenario(), g.state(), true)
}

/// After every event: no shared hex, steps and cohesion within range, everyone counted. Within a
/// command a unit may stand at 0 steps between the loss and its elimination.
fn check_state(sc: &Scenario, s: &GameState, settled: bool) -> Result<(), TestCaseError> {
    let ctx = kalbajar_core::rules::Ctx::new(sc, s);
    // No hex holds units of both sides.
    let mut sides_at = BTreeMap::new();
    for id in s.unit_ids() {
        let u = s.unit(id);
        if u.status != UnitStatus::Active {
            continue;
        }
        let hex = u.hex.expect("active units stand somewhere");
        let side = sides_at.entry(hex).or_insert(u.side);
        prop_assert_eq!(*side, u.side, "both sides in {}", hex);
        prop_assert!(
            !settled || u.steps >= 1,
            "{} is active with no steps",
            ctx.unit_name(id)
        );
        prop_assert!(u.steps <= ctx.unit_type(id).steps);
        prop_assert!(u.cohesion <= sc.rules.cohesion.max);
    }
    // Everyone is counted.
    prop_assert_eq!(
        kalbajar_core::rules::civilians::accounted(s),
        s.civilians.initial
    );
    Ok(())
}

fn round_trips(s: &GameState) -> Result<(), TestCaseError> {
    let text = ron::to_string(s).expect("serialises");
    let back: GameState = ron::from_str(&text).expect("parses");
    prop_assert_eq!(&back, s);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_legal_play_keeps_the_invariants(seed in 0u64..1000, picks in prop::collection::vec(any::<u64>(), 150..300)) {
        let mut g = Game::new(scenario(), seed, false);
        let mut commands: Vec<Command> = Vec::new();
        for (i, pick) in picks.iter().enumerate() {
            if g.is_over() {
                break;
            }
            let c = policy::random_legal(&g, *pick);
            prop_assert!(g.check(&c).is_ok(), "random_legal gave a refused command: {:?}", c);
            // The invariants hold after every single event, not only after whole commands:
            // replay the command's events one by one on the state before it.
            let mut before = g.state().clone();
            let events = g.execute(c.clone()).expect("checked");
            let width = g.scenario().map.width();
            for e in &events {
                before.apply(e, width);
                check_state(g.scenario(), &before, false)?;
            }
            // Everything but the generator (the dice a command draws) is rebuilt by its events.
            before.rng = g.state().rng.clone();
            prop_assert!(&before == g.state(), "the events alone do not rebuild the state after {:?}", c);
            commands.push(c);
            check_invariants(&g)?;
            if i % 25 == 0 {
                round_trips(g.state())?;
            }
        }
        round_trips(g.state())?;
        let mut again = Game::new(scenario(), seed, false);
        for c in commands {
            again.execute(c).expect("the same commands are legal again");
        }
        prop_assert_eq!(state_hash(again.state()), g.state_hash());
    }
}
