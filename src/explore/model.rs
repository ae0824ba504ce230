//! Every execution under loom, shuttle's schedules, or runs on real threads,
//! gathered into an [`Exploration`].
//!
//! The engine runs the program once per execution; each run starts a
//! [`trace`], runs the program to its ending, and adds both to the
//! exploration, which draws the execution as the interleaving with the
//! fewest preemptions that explains it. [`run`] does this for any
//! [`Program`]; [`explore`], [`loom()`] and [`shuttle()`] name a counter.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::explore::attach_schedules;
pub use crate::explore::watch::Watch;
use crate::explore::{Counting, Engine, Exploration, Program, Scenario};
use crate::sync::{
    explore_loom_within, explore_shuttle_within, Explored, Loom, Shuttle, ShuttleScheduler,
};
use crate::trace::{self, Trace};

/// Runs `program` on `engine`, within `watch`'s budget.
///
/// Under shuttle, each witness keeps the schedule that replays it; a replay
/// whose schedule is not one, or does not fit the program, comes back with
/// no executions.
pub fn run<P: Program>(program: P, engine: &Engine, watch: &Watch) -> Exploration<P> {
    let start = Instant::now();
    let shared = Arc::new(Mutex::new(Exploration::new(program, engine.clone())));
    let collect = collector(&shared, watch);
    let mut schedules = None;
    let explored = match engine {
        Engine::Loom => explore_loom_within(program.loom_preemptions(), watch.budget, move || {
            trace::start();
            let ending = program.run_model::<Loom>();
            collect(ending, trace::finish());
        }),
        Engine::Threads { runs } => on_threads(program, *runs, watch, collect),
        shuttle => {
            let scheduler = shuttle_scheduler(shuttle);
            let (found, explored) = explore_shuttle_within(&scheduler, watch.budget, move || {
                trace::start();
                let ending = program.run_model::<Shuttle>();
                collect(ending, trace::finish());
            });
            schedules = Some(found);
            explored
        }
    };
    let mut exploration = shared
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(schedules) = schedules {
        if !attach_schedules(exploration.outcomes.values_mut(), &schedules) {
            exploration.outcomes.clear();
            exploration.executions = 0;
        }
    }
    exploration.stopped = explored.stopped;
    exploration.elapsed = start.elapsed();
    exploration
}

/// Runs the counter `scenario`, `threads` × `increments`, on `engine`,
/// within `watch`'s budget.
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
) -> Exploration<Counting> {
    let counting = Counting {
        scenario,
        threads,
        increments,
    };
    run(counting, engine, watch)
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
pub fn loom(scenario: Scenario, threads: usize, increments: u64) -> Exploration<Counting> {
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
) -> Exploration<Counting> {
    let engine = match scheduler.clone() {
        ShuttleScheduler::Dfs => Engine::ShuttleDfs,
        ShuttleScheduler::Pct { seed, depth, runs } => Engine::ShuttlePct { seed, depth, runs },
        ShuttleScheduler::Random { seed, runs } => Engine::ShuttleRandom { seed, runs },
        ShuttleScheduler::Replay(schedule) => Engine::ShuttleReplay(schedule),
    };
    explore(scenario, threads, increments, &engine, &Watch::default())
}

/// The scheduler a shuttle engine names.
fn shuttle_scheduler(engine: &Engine) -> ShuttleScheduler {
    match engine.clone() {
        Engine::ShuttlePct { seed, depth, runs } => ShuttleScheduler::Pct { seed, depth, runs },
        Engine::ShuttleRandom { seed, runs } => ShuttleScheduler::Random { seed, runs },
        Engine::ShuttleReplay(schedule) => ShuttleScheduler::Replay(schedule),
        _ => ShuttleScheduler::Dfs,
    }
}

/// The function each execution calls with its ending and trace.
fn collector<P: Program>(
    exploration: &Arc<Mutex<Exploration<P>>>,
    watch: &Watch,
) -> impl Fn(P::Ending, Trace) + Send + Sync + 'static {
    let exploration = Arc::clone(exploration);
    let on_execution = watch.on_execution.clone();
    move |ending, trace| {
        let finished = {
            let mut exploration = exploration.lock().unwrap_or_else(PoisonError::into_inner);
            exploration.add(ending, &trace);
            exploration.executions
        };
        if let Some(on_execution) = &on_execution {
            on_execution(finished);
        }
    }
}

/// `runs` runs on real threads, a batch at a time so that a time limit and
/// the progress bar are heard: what this machine happens to do, with no
/// trace (real threads record none).
fn on_threads<P: Program>(
    program: P,
    runs: usize,
    watch: &Watch,
    collect: impl Fn(P::Ending, Trace),
) -> Explored {
    let start = Instant::now();
    let mut executions = 0;
    while executions < runs {
        let batch = P::BATCH.min(runs - executions);
        for ending in program.run_threads(batch) {
            collect(ending, Trace::default());
        }
        executions += batch;
        if watch
            .budget
            .time
            .is_some_and(|time| start.elapsed() >= time)
        {
            break;
        }
    }
    Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: executions < runs,
    }
}
