//! Benchmarks on the real scenario, with the targets the README reports against:
//! reachable set of one unit ≤ 50 µs; supply for every unit of a side ≤ 300 µs; odds and the
//! full outcome distribution of one attack ≤ 20 µs; a whole headless game ≤ 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use kalbajar_core::geography::Side;
use kalbajar_core::rules::{Command, Game, Sink, UnitId, combat, movement, policy, supply};
use kalbajar_core::scenario::Scenario;
use std::hint::black_box;
use std::sync::Arc;

fn scenario() -> Arc<Scenario> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    Arc::new(Scenario::load(&dir).expect("loads"))
}

fn unit(game: &Game, id: &str) -> UnitId {
    let i = game
        .scenario()
        .file
        .units
        .iter()
        .position(|u| u.id == id)
        .expect("unit in the order of battle");
    UnitId(u16::try_from(i).expect("small"))
}

fn rules(c: &mut Criterion) {
    let sc = scenario();
    let game = Game::new(Arc::clone(&sc), 1, false);
    // A motorised battalion in the town: the widest road network of the map.
    let bn = unit(&game, "z_701_2");
    // Its full movement allowance (it is not its side's turn, so none is left over).
    let mp = game.state().unit(bn).movement;
    c.bench_function("reachable set of one unit", |b| {
        b.iter(|| movement::reachable_with(black_box(&game.ctx()), black_box(bn), mp));
    });
    c.bench_function("supply for every unit of a side", |b| {
        b.iter(|| {
            let mut sink = Sink::new(game.state().clone(), sc.map.width());
            supply::determine(black_box(&sc), &mut sink, Side::Azerbaijani);
            sink.events.len()
        });
    });
    // The first attack the built-in policy makes on the real scenario (Charektar, 27 March).
    let mut attack = game.clone();
    let (attackers, target) = loop {
        match policy::next_command(&attack) {
            Command::Attack {
                attackers, target, ..
            } => break (attackers, target),
            other => {
                attack
                    .execute(other)
                    .expect("the policy gives checked commands");
            }
        }
    };
    combat::preview(&attack.ctx(), &attackers, target).expect("a legal attack");
    c.bench_function("odds and outcome distribution of one attack", |b| {
        b.iter(|| combat::preview(black_box(&attack.ctx()), black_box(&attackers), target));
    });
    c.bench_function("whole headless game (built-in policy)", |b| {
        b.iter(|| {
            let mut g = Game::new(Arc::clone(&sc), black_box(7), false);
            policy::play_out(&mut g, 100_000)
        });
    });
}

criterion_group!(benches, rules);
criterion_main!(benches);
