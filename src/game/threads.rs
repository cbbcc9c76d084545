//! The window's schedules run their systems one after another on one thread.
//!
//! Bevy's multi-threaded executor hands each batch of independent systems to its task pool
//! and wakes threads to run them. The game's systems are small, so a frame is mostly those
//! hand-overs, and on a machine of two cores each wake-up takes a core from the software
//! renderer (lavapipe), whose rasteriser threads need both. On one thread the main world and
//! the render world each still run alongside the other (Bevy's pipelined rendering), and
//! systems that split their own work across the task pool still do. In eleven alternating
//! pairs of `kalbajar --bench` runs under Xvfb, the median frame fell by 0.5–5 ms (about 3 ms
//! in most) and the CPU time per frame by about 4 ms. A machine with a GPU and many cores
//! loses nothing it would notice: these systems take a fraction of a millisecond together.

use bevy::ecs::schedule::{Schedules, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy::render::RenderApp;

/// Runs every schedule of the main world and the render world on one thread.
pub struct ThreadsPlugin;

impl Plugin for ThreadsPlugin {
    fn build(&self, _app: &mut App) {}

    // After every plugin's `build`, so that every schedule is there to be changed.
    fn finish(&self, app: &mut App) {
        run_schedules_on_one_thread(app.world_mut());
        if let Some(render) = app.get_sub_app_mut(RenderApp) {
            run_schedules_on_one_thread(render.world_mut());
        }
    }
}

/// Gives every schedule in `world` the single-threaded executor.
fn run_schedules_on_one_thread(world: &mut World) {
    if let Some(mut schedules) = world.get_resource_mut::<Schedules>() {
        for (_, schedule) in schedules.iter_mut() {
            schedule.set_executor(SingleThreadedExecutor::new());
        }
    }
}
