//! Every execution under loom, shuttle's schedules, or runs on real threads,
//! gathered into an [`Exploration`].
//!
//! The engine runs the program once per execution; each run starts a
//! [`trace`], runs the program to its outcome, and adds both to the
//! exploration, which draws the execution as the interleaving with the
//! fewest preemptions that explains it.
//!
//! shuttle's depth-first search here chooses a thread only between recorded
//! steps ([`explore_shuttle_steps_within`]): the steps of a lock's own
//! bookkeeping change nothing another thread can see, and choosing among
//! them too would multiply the schedules (the bank transfer: over a million)
//! without one new behaviour. A program whose threads share state racelab
//! does not record gets every one of shuttle's choices.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

pub use crate::explore::watch::Watch;
use crate::explore::Exploration;
use crate::scenario::{Checker, Program};
use crate::sync::{
    explore_loom_within, explore_shuttle_steps_within, explore_shuttle_within, Engine, Explored,
    ShuttleScheduler,
};
use crate::trace::{self, Trace};

/// Runs `program` on `engine`, within `watch`'s budget.
///
/// Under shuttle, each witness keeps the schedule that replays it; a replay
/// whose schedule is not one, or does not fit the program, comes back with
/// no executions.
pub fn run(program: Program, engine: &Engine, watch: &Watch) -> Exploration {
    let start = Instant::now();
    let shared = Arc::new(Mutex::new(Exploration::new(program, engine.clone())));
    let collect = collector(&shared, watch);
    let mut schedules = None;
    let explored = match engine {
        Engine::Loom => explore_loom_within(program.loom_preemptions(), watch.budget, move || {
            trace::start();
            let observed = program.run(Checker::Loom);
            collect(observed, trace::finish());
        }),
        Engine::Threads { runs } => on_threads(program, *runs, watch, collect),
        Engine::Shuttle(scheduler) => {
            let execution = move || {
                trace::start();
                let observed = program.run(Checker::Shuttle);
                collect(observed, trace::finish());
            };
            let (found, explored) = match scheduler {
                ShuttleScheduler::Dfs if program.records_all_sharing() => {
                    explore_shuttle_steps_within(
                        program.loom_preemptions(),
                        watch.budget,
                        execution,
                    )
                }
                other => explore_shuttle_within(other, watch.budget, execution),
            };
            schedules = Some(found);
            explored
        }
    };
    let mut exploration = shared
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(schedules) = schedules {
        if !exploration.attach_schedules(&schedules) {
            exploration.outcomes.clear();
            exploration.executions = 0;
        }
    }
    exploration.stopped = explored.stopped;
    exploration.elapsed = start.elapsed();
    exploration
}

/// Every execution of `program` under loom, with no limit.
///
/// ```
/// use racelab::counter::RacyCount;
/// use racelab::explore::model;
/// use racelab::scenario::{Program, Size};
///
/// let racy = model::loom(Program::new(&RacyCount, (), Size::SMALLEST));
/// assert_eq!(racy.executions, 30);
/// let (lost, outcome) = racy.outcomes.iter().next().expect("some outcome");
/// assert_eq!(lost.get("count"), Some(1));
/// assert_eq!(outcome.witness.preemptions(), Some(1));
/// ```
pub fn loom(program: Program) -> Exploration {
    run(program, &Engine::Loom, &Watch::default())
}

/// `program` under shuttle with `scheduler`, with no limit, keeping the
/// schedule of each witness so that it can be replayed.
pub fn shuttle(program: Program, scheduler: ShuttleScheduler) -> Exploration {
    run(program, &Engine::Shuttle(scheduler), &Watch::default())
}

/// The function each execution calls with its outcome and trace.
fn collector(
    exploration: &Arc<Mutex<Exploration>>,
    watch: &Watch,
) -> impl Fn(crate::scenario::Observed, Trace) + Send + Sync + 'static {
    let exploration = Arc::clone(exploration);
    let on_execution = watch.on_execution.clone();
    move |observed, trace| {
        let finished = {
            let mut exploration = exploration.lock().unwrap_or_else(PoisonError::into_inner);
            exploration.add(observed, &trace);
            exploration.executions
        };
        if let Some(on_execution) = &on_execution {
            on_execution(finished);
        }
    }
}

/// `runs` runs on real threads, a batch at a time so that a time limit and
/// the progress bar are heard: what this machine happens to do, with no
/// trace (real threads record none). A program that may not run there adds
/// nothing; [`Program::stress`] says why.
fn on_threads(
    program: Program,
    runs: usize,
    watch: &Watch,
    collect: impl Fn(crate::scenario::Observed, Trace),
) -> Explored {
    // A counter's run starts threads of its own; a fixed program's runs are
    // tiny, and its two threads go through a batch of them together.
    let batch = if program.about().sized { 1 } else { 10_000 };
    let start = Instant::now();
    let mut executions = 0;
    while executions < runs {
        let size = batch.min(runs - executions);
        let Ok(observed) = program.stress(size) else {
            break;
        };
        for one in observed {
            collect(one, Trace::default());
        }
        executions += size;
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
