//! Benchmarks of the operational AI on the historical scenario, with the targets the README
//! reports against: one AI side-turn (planning and executing every command of a side's
//! movement and combat phases) ≤ 2 ms median; a whole AI-versus-AI game of 16 turns ≤ 60 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use kalbajar_core::ai::{AiLevels, Planner};
use kalbajar_core::rules::{Command, Game};
use kalbajar_core::scenario::Scenario;
use std::hint::black_box;
use std::sync::Arc;

fn ai(c: &mut Criterion) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/kalbajar_1993");
    let sc = Arc::new(Scenario::load(&dir).expect("loads"));
    let levels = AiLevels::load(&dir).expect("ai.ron loads");
    let normal = levels.default_level().clone();
    // Three turns into an AI-versus-AI game, at the start of the attacker's side-turn, with
    // planners that have played the game so far (as in a real game).
    let mut game = Game::new(Arc::clone(&sc), 7, false);
    let mut planners = [Planner::new(normal.clone()), Planner::new(normal.clone())];
    while game.state().turn < 4 {
        let i = usize::from(game.state().active != sc.file.sides[0].side);
        let c = planners[i].next_command(&game);
        game.execute(c).expect("checked");
    }
    let side = game.state().active;
    c.bench_function("AI side-turn (historical scenario, turn 4)", |b| {
        b.iter(|| {
            // The state without the event log so far: cloning the log is not the AI's work.
            let mut g = Game::from_parts(game.scenario_arc(), game.state().clone(), Vec::new());
            let mut p = planners[0].clone();
            let mut n = 0;
            while g.state().active == side && !g.is_over() {
                let cmd = p.next_command(&g);
                g.execute(cmd).expect("checked");
                n += 1;
            }
            black_box(n)
        });
    });
    c.bench_function("whole AI-versus-AI game (16 turns)", |b| {
        b.iter(|| {
            let mut g = Game::new(Arc::clone(&sc), black_box(7), false);
            let mut p = [Planner::new(normal.clone()), Planner::new(normal.clone())];
            while !g.is_over() {
                let i = usize::from(g.state().active != sc.file.sides[0].side);
                let cmd = p[i].next_command(&g);
                if cmd == Command::EndPhase && g.is_over() {
                    break;
                }
                g.execute(cmd).expect("checked");
            }
            g.state().turn
        });
    });
}

criterion_group!(benches, ai);
criterion_main!(benches);
