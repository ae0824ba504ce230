//! Every execution under loom, or shuttle's schedules, gathered into an
//! [`Exploration`].
//!
//! The checker runs the scenario once per execution; each run starts a
//! [`trace`], runs the counter to its final count, and adds both to the
//! exploration, which draws the execution as the interleaving with the
//! fewest preemptions that explains it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::explore::attach_schedules;
pub use crate::explore::watch::Watch;
use crate::explore::{threads, Engine, Exploration, Scenario};
use crate::sync::{
    explore_loom_within, explore_shuttle_within, Explored, Loom, Shuttle, ShuttleScheduler,
};
use crate::trace;

/// Runs `scenario` on `engine`, within `watch`'s budget.
///
/// Cost under loom: 2 threads × 1 increment of the racy counter is 30
/// executions; 3 × 1 is about ten thousand, about a second in a release
/// build with every execution drawn.
pub fn explore(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    engine: &Engine,
    watch: &Watch,
) -> Exploration {
    let start = Instant::now();
    let mut exploration = match engine {
        Engine::Loom => on_loom(scenario, threads, increments, watch),
        Engine::Threads { runs } => threads::explore(scenario, threads, increments, *runs, watch),
        shuttle => on_shuttle(scenario, threads, increments, shuttle, watch),
    };
    exploration.elapsed = start.elapsed();
    exploration
}

/// Every execution of `scenario` under loom.
///
/// ```
/// use racelab::explore::{model, Scenario};
///
/// let racy = model::loom(Scenario::Racy, 2, 1);
/// assert_eq!(racy.executions, 30);
/// assert_eq!(racy.outcomes[&1].witness.preemptions(), Some(1));
/// ```
pub fn loom(scenario: Scenario, threads: usize, increments: u64) -> Exploration {
    explore(
        scenario,
        threads,
        increments,
        &Engine::Loom,
        &Watch::default(),
    )
}

/// `scenario` under shuttle with `scheduler`, keeping the schedule of each
/// witness so that it can be replayed.
///
/// Cost: depth-first over 2 threads × 1 increment of the racy counter is
/// 69 schedules; random and PCT run as many as they are told.
pub fn shuttle(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    scheduler: &ShuttleScheduler,
) -> Exploration {
    let engine = match scheduler.clone() {
        ShuttleScheduler::Dfs => Engine::ShuttleDfs,
        ShuttleScheduler::Pct { seed, depth, runs } => Engine::ShuttlePct { seed, depth, runs },
        ShuttleScheduler::Random { seed, runs } => Engine::ShuttleRandom { seed, runs },
        ShuttleScheduler::Replay(schedule) => Engine::ShuttleReplay(schedule),
    };
    explore(scenario, threads, increments, &engine, &Watch::default())
}

fn on_loom(scenario: Scenario, threads: usize, increments: u64, watch: &Watch) -> Exploration {
    let exploration = shared(Exploration::new(
        scenario,
        threads,
        increments,
        Engine::Loom,
    ));
    let collect = collector(&exploration, watch);
    let explored = explore_loom_within(None, watch.budget, move || {
        trace::start();
        let count = scenario.run_model::<Loom>(threads, increments);
        collect(count, trace::finish());
    });
    unshare(exploration, explored)
}

/// A replay whose schedule is not one, or does not fit the scenario, comes
/// back with no executions.
fn on_shuttle(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    engine: &Engine,
    watch: &Watch,
) -> Exploration {
    let scheduler = match engine.clone() {
        Engine::ShuttlePct { seed, depth, runs } => ShuttleScheduler::Pct { seed, depth, runs },
        Engine::ShuttleRandom { seed, runs } => ShuttleScheduler::Random { seed, runs },
        Engine::ShuttleReplay(schedule) => ShuttleScheduler::Replay(schedule),
        _ => ShuttleScheduler::Dfs,
    };
    let exploration = shared(Exploration::new(
        scenario,
        threads,
        increments,
        engine.clone(),
    ));
    let collect = collector(&exploration, watch);
    let (schedules, explored) = explore_shuttle_within(&scheduler, watch.budget, move || {
        trace::start();
        let count = scenario.run_model::<Shuttle>(threads, increments);
        collect(count, trace::finish());
    });
    let mut exploration = unshare(exploration, explored);
    if !attach_schedules(exploration.outcomes.values_mut(), &schedules) {
        exploration.outcomes.clear();
        exploration.executions = 0;
    }
    exploration
}

fn shared(exploration: Exploration) -> Arc<Mutex<Exploration>> {
    Arc::new(Mutex::new(exploration))
}

/// The function each execution calls with its count and trace.
fn collector(
    exploration: &Arc<Mutex<Exploration>>,
    watch: &Watch,
) -> impl Fn(u64, trace::Trace) + Send + Sync + 'static {
    let exploration = Arc::clone(exploration);
    let on_execution = watch.on_execution.clone();
    move |count, trace| {
        let finished = {
            let mut exploration = exploration.lock().unwrap_or_else(PoisonError::into_inner);
            exploration.add(count, trace);
            exploration.executions
        };
        if let Some(on_execution) = &on_execution {
            on_execution(finished);
        }
    }
}

fn unshare(exploration: Arc<Mutex<Exploration>>, explored: Explored) -> Exploration {
    let mut exploration = exploration
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    exploration.stopped = explored.stopped;
    exploration
}
