//! Every execution under loom, or shuttle's schedules, gathered into an
//! [`Exploration`].
//!
//! The checker runs the scenario once per execution; each run starts a
//! [trace](crate::trace), runs the counter to its final count, and adds both
//! to the exploration.

use std::sync::{Arc, Mutex, PoisonError};

use crate::explore::{Exploration, Scenario};
use crate::sync::{explore_loom, explore_shuttle, Loom, Shuttle, ShuttleScheduler};
use crate::trace;

/// Runs `scenario` under loom: every execution, or with `preemptions`, every
/// execution that switches away from a runnable thread at most that often.
///
/// Cost: 2 threads × 1 increment of the racy counter is 90 executions;
/// 3 × 1 is about 150,000, ten seconds in a release build.
pub fn loom(
    scenario: Scenario,
    threads: usize,
    increments: u64,
    preemptions: Option<usize>,
) -> Exploration {
    let engine = match preemptions {
        None => "loom (every execution)".to_string(),
        Some(bound) => format!("loom (at most {bound} preemptions)"),
    };
    let exploration = shared(Exploration::new(scenario, threads, increments, engine));
    let collect = Arc::clone(&exploration);
    explore_loom(preemptions, move || {
        trace::start();
        let count = scenario.run_model::<Loom>(threads, increments);
        collect.lock().unwrap_or_else(PoisonError::into_inner).add(count, trace::finish());
    });
    let mut exploration = unshare(exploration);
    exploration.reproduce = format!(
        "racelab explore {scenario} --engine loom --threads {threads} --increments {increments}{}",
        preemptions.map(|p| format!(" --preemptions {p}")).unwrap_or_default()
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
    let collect = Arc::clone(&exploration);
    let schedules = explore_shuttle(scheduler, move || {
        trace::start();
        let count = scenario.run_model::<Shuttle>(threads, increments);
        collect.lock().unwrap_or_else(PoisonError::into_inner).add(count, trace::finish());
    });
    let mut exploration = unshare(exploration);
    for outcome in exploration.outcomes.values_mut() {
        outcome.witness.schedule = schedules.get(outcome.witness.execution - 1).cloned();
    }
    exploration.reproduce = match scheduler {
        ShuttleScheduler::Dfs => format!(
            "racelab explore {scenario} --engine shuttle-dfs --threads {threads} --increments {increments}"
        ),
        ShuttleScheduler::Pct { seed, depth, .. } => format!(
            "racelab explore {scenario} --engine shuttle-pct --threads {threads} --increments {increments} --seed {seed} --depth {depth}"
        ),
        ShuttleScheduler::Random { seed, .. } => format!(
            "racelab explore {scenario} --engine shuttle-random --threads {threads} --increments {increments} --seed {seed}"
        ),
        ShuttleScheduler::Replay(schedule) => format!(
            "racelab replay {scenario} {schedule} --threads {threads} --increments {increments}"
        ),
    };
    exploration
}

fn shared(exploration: Exploration) -> Arc<Mutex<Exploration>> {
    Arc::new(Mutex::new(exploration))
}

fn unshare(exploration: Arc<Mutex<Exploration>>) -> Exploration {
    let exploration = exploration.lock().unwrap_or_else(PoisonError::into_inner);
    exploration.clone()
}
