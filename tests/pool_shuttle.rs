//! The thread pool under shuttle: cases larger than loom can enumerate —
//! 3 workers × 6 tasks, with cancels, panics and shutdown — sampled by the
//! random and PCT schedulers, with fixed seeds, printed. The models of the
//! whole API (callbacks, map, as_completed, wait, two submitters, submits
//! from tasks and callbacks, every shutdown) are in `pool_shuttle_api.rs`.
//!
//! Cost: each test runs 2 × 150 schedules, a second or less in a debug
//! build. shuttle's panic hook prints "Task failed" for a task's panic even
//! though the pool catches it; the output is captured unless a test fails.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use racelab::sync::{Monitor, ShuttleMonitor};

use racelab::executor::racy_cancel::{RacyCancel, Version};
use racelab::executor::{as_completed, wait, ReturnWhen, TaskError, ThreadPool};
use racelab::explore::{model, Exploration};
use racelab::scenario::{Observed, Program, Size};
use racelab::sync::{explore_shuttle, Shuttle, ShuttleScheduler};

const SEED: u64 = 0x5eed;
const RUNS: usize = 150;

/// The two samplers every test runs under, seeds printed.
fn schedulers() -> [ShuttleScheduler; 2] {
    println!("random seed {SEED}, PCT seed {SEED} depth 3, {RUNS} runs each");
    [
        ShuttleScheduler::Random {
            seed: SEED,
            runs: RUNS,
        },
        ShuttleScheduler::Pct {
            seed: SEED,
            depth: 3,
            runs: RUNS,
        },
    ]
}

/// Runs `model` under each sampler, and checks that every run happened:
/// a model that ran no schedule would prove nothing and pass.
fn under_each_scheduler(model: impl Fn() + Send + Sync + Clone + 'static) {
    for scheduler in schedulers() {
        let ran = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&ran);
        let model = model.clone();
        let runs = explore_shuttle(&scheduler, move || {
            model();
            counter.fetch_add(1, SeqCst);
        })
        .len();
        println!("{scheduler:?}: {runs} schedules");
        assert_eq!(
            ran.load(SeqCst),
            RUNS,
            "every sampled schedule ran to its end"
        );
    }
}

fn run_counts(n: usize) -> Arc<Vec<AtomicUsize>> {
    Arc::new((0..n).map(|_| AtomicUsize::new(0)).collect())
}

#[test]
fn every_task_ends_in_exactly_one_way_with_cancels_panics_and_shutdown() {
    // Across the schedules: how often a cancel won, and how often it lost
    // to a worker. Both must happen, or the race was never run.
    let won = Arc::new(AtomicUsize::new(0));
    let lost = Arc::new(AtomicUsize::new(0));
    let (won_in, lost_in) = (Arc::clone(&won), Arc::clone(&lost));
    under_each_scheduler(move || {
        let pool = ThreadPool::<Shuttle>::with_max_workers(3).unwrap();
        let runs = run_counts(6);
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let runs = Arc::clone(&runs);
                pool.submit(move || {
                    runs[i].fetch_add(1, SeqCst);
                    assert!(i % 3 != 2, "task {i} fails on purpose");
                    i
                })
                .unwrap()
            })
            .collect();
        // Cancel the odd-numbered tasks: each races the workers for its task.
        let cancelled: Vec<bool> = handles
            .iter()
            .enumerate()
            .map(|(i, handle)| i % 2 == 1 && handle.cancel())
            .collect();
        pool.shutdown(true, false);
        for (i, handle) in handles.into_iter().enumerate() {
            let ran = runs[i].load(SeqCst);
            assert_eq!(
                ran + usize::from(cancelled[i]),
                1,
                "task {i}: exactly one of ran ({ran}) and cancelled ({})",
                cancelled[i]
            );
            if i % 2 == 1 {
                let tally = if cancelled[i] { &won_in } else { &lost_in };
                tally.fetch_add(1, SeqCst);
            }
            match handle.result() {
                Ok(value) => assert!(value == i && ran == 1 && !cancelled[i]),
                Err(TaskError::Panicked(message)) => {
                    assert!(message.contains("fails on purpose") && ran == 1 && !cancelled[i]);
                }
                Err(TaskError::Cancelled) => assert!(ran == 0 && cancelled[i]),
                Err(TaskError::TimedOut) => unreachable!("no timeout was set"),
            }
        }
    });
    let (won, lost) = (won.load(SeqCst), lost.load(SeqCst));
    println!("cancels won {won} times and lost to a worker {lost} times");
    assert!(
        won > 0 && lost > 0,
        "both sides of the race: won {won}, lost {lost}"
    );
}

#[test]
fn shutdown_with_cancel_futures_never_loses_or_doubles_a_task() {
    under_each_scheduler(|| {
        let pool = ThreadPool::<Shuttle>::with_max_workers(3).unwrap();
        let runs = run_counts(6);
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let runs = Arc::clone(&runs);
                pool.submit(move || runs[i].fetch_add(1, SeqCst)).unwrap()
            })
            .collect();
        pool.shutdown(true, true);
        for (i, handle) in handles.into_iter().enumerate() {
            let ran = runs[i].load(SeqCst);
            match handle.result() {
                Ok(_) => assert_eq!(ran, 1),
                Err(TaskError::Cancelled) => assert_eq!(ran, 0),
                Err(error) => panic!("task {i}: {error}"),
            }
        }
    });
}

#[test]
fn map_yields_in_input_order_under_every_sampled_schedule() {
    under_each_scheduler(|| {
        let pool = ThreadPool::<Shuttle>::with_max_workers(3).unwrap();
        let results: Vec<usize> = pool
            .map(|n: usize| n * n, 0..6)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(results, [0, 1, 4, 9, 16, 25]);
    });
}

#[test]
fn as_completed_yields_every_handle_once_and_surfaces_panics() {
    under_each_scheduler(|| {
        let pool = ThreadPool::<Shuttle>::with_max_workers(3).unwrap();
        let handles: Vec<_> = (0..6)
            .map(|i| {
                pool.submit(move || {
                    assert!(i != 4, "task 4 fails on purpose");
                    i
                })
                .unwrap()
            })
            .collect();
        let mut values = Vec::new();
        let mut failures = 0;
        for handle in as_completed(handles, None) {
            match handle.unwrap().result() {
                Ok(value) => values.push(value),
                Err(_) => failures += 1,
            }
        }
        values.sort_unstable();
        assert_eq!(values, [0, 1, 2, 3, 5]);
        assert_eq!(failures, 1);
    });
}

#[test]
fn wait_first_exception_returns_at_the_failure_while_another_task_is_held() {
    under_each_scheduler(|| {
        let pool = ThreadPool::<Shuttle>::with_max_workers(3).unwrap();
        // Task 0 is held until wait has returned: ALL_COMPLETED would wait
        // for it forever, and shuttle would report the deadlock.
        let gate = Arc::new(ShuttleMonitor::new(false));
        let held = Arc::clone(&gate);
        let mut handles = vec![pool
            .submit(move || held.wait_while(|open| !*open, |_| ()))
            .unwrap()];
        handles.extend((1..3).map(|i| {
            pool.submit(move || assert!(i != 1, "task 1 fails on purpose"))
                .unwrap()
        }));
        let waited = wait(handles, None, ReturnWhen::FirstException);
        assert!(!waited.not_done.is_empty(), "the held task is not done");
        gate.with(|open| *open = true);
        gate.notify_all();
        let failed = waited
            .done
            .into_iter()
            .filter_map(|handle| handle.result().err())
            .count();
        assert_eq!(failed, 1, "it returned because of the failure");
    });
}

/// Races of `version` under `scheduler`, with the table and witnesses
/// printed.
fn cancel(version: Version, scheduler: ShuttleScheduler) -> Exploration {
    let program = Program::new(&RacyCancel, version, Size::SMALLEST);
    let found = model::shuttle(program, scheduler);
    println!(
        "{}",
        racelab::explore::report::brief(&found, &racelab::explore::report::Hint::words, 80)
    );
    found
}

fn double_win() -> Observed {
    Observed::new(vec![("cancelled", 1), ("ran", 1)])
}

#[test]
fn check_then_act_cancel_double_wins_under_shuttle_too() {
    for scheduler in schedulers() {
        let found = cancel(Version::CheckThenAct, scheduler);
        assert!(found.outcomes.contains_key(&double_win()));
    }
    let exhaustive = cancel(Version::CheckThenAct, ShuttleScheduler::Dfs);
    assert!(exhaustive.outcomes.contains_key(&double_win()));
}

#[test]
fn pool_cancel_never_double_wins_under_shuttle() {
    let exhaustive = cancel(Version::Pool, ShuttleScheduler::Dfs);
    assert!(exhaustive.executions > 0);
    assert!(exhaustive.wrong().is_empty());
    for scheduler in schedulers() {
        assert!(cancel(Version::Pool, scheduler).wrong().is_empty());
    }
}

#[test]
fn shuttle_dfs_reaches_the_worker_winning_alone_which_loom_misses() {
    let found = cancel(Version::CheckThenAct, ShuttleScheduler::Dfs);
    let worker_alone = Observed::new(vec![("cancelled", 0), ("ran", 1)]);
    assert!(found.outcomes.contains_key(&worker_alone));
}
