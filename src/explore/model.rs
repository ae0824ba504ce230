//! Every execution under loom, or shuttle's schedules, gathered into an
//! [`Exploration`].
//!
//! The checker runs the scenario once per execution; each run starts a
//! [`trace`], runs the counter to its final count, and adds both
//! to the exploration.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use crate::explore::outcome::plural;
use crate::explore::{Exploration, Scenario};
use crate::sync::{
    explore_loom_within, explore_shuttle_within, Budget, Explored, Loom, Shuttle, ShuttleScheduler,
};
use crate::trace;

/// How an exploration is watched: the budget it may spend, and a function
/// called after each execution with the number finished so far (for a
/// progress bar).
#[derive(Clone, Default)]
pub struct Watch {
    /// When to stop before the end.
    pub budget: Budget,
    /// Called after each execution with how many have finished.
    pub on_execution: Option<Arc<dyn Fn(usize) + Send + Sync>>,
}

impl fmt::Debug for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch")
            .field("budget", &self.budget)
            .field("on_execution", &self.on_execution.is_some())
            .finish()
    }
}

/// Runs `scenario` under loom: every execution, or with `preemptions`, every
/// execution that switches away from a runnable thread at most that often.
///
/// Cost: 2 threads × 1 increment of the racy counter is 30 executions;
/// 3 × 1 is about ten thousand, under a second in a release build.
pub fn loom(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    preemptions: Option<usize>,
) -> Exploration {
    loom_watched(
        scenario,
        threads,
        increments,
        preemptions,
        &Watch::default(),
    )
}

/// [`loom`](fn@loom), within `watch`'s budget and reporting progress to it.
pub fn loom_watched(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    preemptions: Option<usize>,
    watch: &Watch,
) -> Exploration {
    let engine = match preemptions {
        None => "loom (every execution)".to_string(),
        Some(bound) => format!("loom (at most {})", plural(bound as u64, "preemption")),
    };
    let exploration = shared(Exploration::new(scenario, threads, increments, engine));
    let collect = collector(&exploration, watch);
    let explored = explore_loom_within(preemptions, watch.budget, move || {
        trace::start();
        let count = scenario.run_model::<Loom>(threads, increments);
        collect(count, trace::finish());
    });
    let mut exploration = unshare(exploration, explored);
    exploration.reproduce = format!(
        "racelab explore {scenario} --engine loom --threads {threads} --increments {increments}{}",
        preemptions
            .map(|p| format!(" --preemptions {p}"))
            .unwrap_or_default()
    );
    exploration
}

/// Runs `scenario` under shuttle with `scheduler`, keeping the schedule of
/// each outcome's first execution so that it can be replayed.
///
/// Cost: depth-first over 2 threads × 1 increment of the racy counter is
/// 69 schedules; random and PCT run as many as they are told.
pub fn shuttle(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    scheduler: &ShuttleScheduler,
) -> Exploration {
    shuttle_watched(scenario, threads, increments, scheduler, &Watch::default())
}

/// [`shuttle`](fn@shuttle), within `watch`'s budget and reporting progress to it.
///
/// A replay whose schedule is not one, or does not fit the scenario, comes
/// back with no executions.
pub fn shuttle_watched(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    scheduler: &ShuttleScheduler,
    watch: &Watch,
) -> Exploration {
    let engine = match scheduler {
        ShuttleScheduler::Dfs => "shuttle (depth-first, every schedule)".to_string(),
        ShuttleScheduler::Pct { seed, depth, runs } => {
            format!("shuttle (PCT, depth {depth}, seed {seed}, {runs} runs)")
        }
        ShuttleScheduler::Random { seed, runs } => {
            format!("shuttle (random, seed {seed}, {runs} runs)")
        }
        ShuttleScheduler::Replay(_) => "shuttle (replay of one schedule)".to_string(),
    };
    let exploration = shared(Exploration::new(scenario, threads, increments, engine));
    let collect = collector(&exploration, watch);
    let (schedules, explored) = explore_shuttle_within(scheduler, watch.budget, move || {
        trace::start();
        let count = scenario.run_model::<Shuttle>(threads, increments);
        collect(count, trace::finish());
    });
    let mut exploration = unshare(exploration, explored);
    if schedules.is_empty() {
        // A replay that did not fit: whatever ran is not that schedule.
        exploration.outcomes.clear();
        exploration.executions = 0;
    }
    for outcome in exploration.outcomes.values_mut() {
        outcome.witness.schedule = schedules
            .get(outcome.witness.execution - 1)
            .map(|schedule| schedule.split_whitespace().collect());
    }
    let size = format!("--threads {threads} --increments {increments}");
    exploration.reproduce = match scheduler {
        ShuttleScheduler::Dfs => {
            format!("racelab explore {scenario} --engine shuttle-dfs {size}")
        }
        ShuttleScheduler::Pct { seed, depth, runs } => format!(
            "racelab explore {scenario} --engine shuttle-pct {size} --seed {seed} --depth {depth} --runs {runs}"
        ),
        ShuttleScheduler::Random { seed, runs } => format!(
            "racelab explore {scenario} --engine shuttle-random {size} --seed {seed} --runs {runs}"
        ),
        ShuttleScheduler::Replay(schedule) => {
            let schedule: String = schedule.split_whitespace().collect();
            format!("racelab replay {scenario} {schedule} {size}")
        }
    };
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
    exploration.elapsed = explored.elapsed;
    exploration.stopped = explored.stopped;
    exploration
}
