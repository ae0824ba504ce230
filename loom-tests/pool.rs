//! Exhaustive proofs, under loom, about the thread pool: the very source
//! that runs on real threads, with loom's mutexes, condition variables and
//! threads in place of the operating system's.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_pool`.
//! Models use 1 or 2 workers and at most 2 tasks, plus main and at most one
//! more thread: at most 4 of loom's 5 threads. Each test prints how many
//! executions loom explored.
//!
//! Bound: at most 4 preemptions. A pool's executions are long (every task is
//! several lock operations on two monitors, and a submit that starts a
//! worker takes the queue's lock twice, to start the thread outside it).
//! Unbounded, the results model does not finish in five minutes. Four
//! preemptions put a switch at every pair of the places this pool could go
//! wrong — between a submit and a worker's take, between a take and a
//! cancel, between a finish and a wait — and most concurrency bugs need no
//! more than two (CHESS). The bound limits only *preemptions*: wherever a
//! thread blocks, loom still tries every other thread next, so each lost
//! wakeup remains in reach.
//!
//! | model | executions (ceiling) | time, release, 2 cores |
//! |-------|---------------------:|-----------------------:|
//! | 2 workers × 2 tasks, results | 396,609 (1,000,000) | 30 s |
//! | 2 workers, a callback submits and waits | 115,547 (400,000) | 9 s |
//! | 2 workers × 2 tasks, cancel racing the workers | 69,671 (300,000) | 6 s |
//! | 2 workers × 2 tasks, shutdown(wait) | 37,444 (200,000) | 3 s |
//! | 1 worker × 1 task, two shutdown(wait) callers | 18,934 (200,000) | 1.5 s |
//! | 1 worker × 2 tasks, as_completed | 1,621 (100,000) | 0.1 s |
//! | 1 worker × 2 tasks, the first panics | 1,098 (20,000) | 0.1 s |
//! | 1 worker × 2 tasks, shutdown(wait) in a callback | 700 (100,000) | 0.04 s |
//! | 1 worker × 1 task, callback and cancel racing it | 272 (100,000) | 0.02 s |
//!
//! Budget: each model states its own ceiling of executions (`Budget`). It
//! is passed to loom explicitly, which also overrides `LOOM_MAX_PERMUTATIONS`
//! and `LOOM_MAX_DURATION` from the environment: those would otherwise cut
//! a proof short without a word. A model that reaches its ceiling fails
//! ("loom stopped before the end"), and `a_budget_too_small_is_reported_as_stopped`
//! shows that this check can fire. The whole file runs in 49 to 53 s in
//! release on 2 cores; `LOOM_MAX_PERMUTATIONS=5` in the environment leaves
//! every count above unchanged.
//!
//! What no model here can see: timeouts. loom's timed waits never time out
//! (it has no clock), so `map_timeout`, `result_timeout` and the timeouts
//! of `wait` and `as_completed` are tested on real threads only.
//!
//! Bookkeeping (how often each task ran) uses `std` atomics: loom runs its
//! threads one at a time on one OS thread, so they are exact, and they add
//! no interleavings of their own.

#![cfg(loom)]

use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Once};
use std::time::Instant;

use racelab::executor::{as_completed, Ending, TaskError, TaskHandle, ThreadPool};
use racelab::sync::{explore_loom_within, Budget, Explored, Loom, LoomMonitor, Monitor};

/// Preemptions per execution; see the file's documentation.
const PREEMPTIONS: Option<usize> = Some(4);

/// A ceiling of `executions`, and no time limit: the budget this file
/// hands loom, so that the environment cannot shorten it.
fn at_most(executions: usize) -> Budget {
    Budget {
        executions: Some(executions),
        time: None,
    }
}

/// Runs `model` under every execution loom explores, up to `ceiling`, and
/// prints the count.
fn every_execution(name: &str, ceiling: usize, model: impl Fn() + Send + Sync + 'static) {
    let explored = explore(name, ceiling, model);
    assert!(explored.executions > 0, "loom ran no execution");
    assert!(
        !explored.stopped,
        "loom stopped before the end: {} executions reached the ceiling of {ceiling}",
        explored.executions
    );
}

fn explore(name: &str, ceiling: usize, model: impl Fn() + Send + Sync + 'static) -> Explored {
    let start = Instant::now();
    let explored = explore_loom_within(PREEMPTIONS, at_most(ceiling), model);
    println!(
        "{name}: {} executions in {:.1?} (loom, at most {} preemptions, ceiling {ceiling})",
        explored.executions,
        start.elapsed(),
        PREEMPTIONS.unwrap_or(usize::MAX)
    );
    explored
}

/// How many times each of `n` tasks ran.
fn run_counts(n: usize) -> Arc<Vec<AtomicUsize>> {
    Arc::new((0..n).map(|_| AtomicUsize::new(0)).collect())
}

/// Submits task `i` for each slot of `runs`: it counts its run in `runs[i]`
/// and returns `i * 10`.
fn submit_counted(
    pool: &ThreadPool<Loom>,
    runs: &Arc<Vec<AtomicUsize>>,
) -> Vec<TaskHandle<usize, Loom>> {
    (0..runs.len())
        .map(|i| {
            let runs = Arc::clone(runs);
            let task = move || {
                runs[i].fetch_add(1, SeqCst);
                i * 10
            };
            match pool.submit(task) {
                Ok(handle) => handle,
                Err(_) => unreachable!("the pool is open"),
            }
        })
        .collect()
}

#[test]
fn every_task_runs_once_and_every_result_reaches_its_handle() {
    every_execution("2 workers × 2 tasks, results", 1_000_000, || {
        let pool = ThreadPool::<Loom>::with_max_workers(2).unwrap();
        let runs = run_counts(2);
        let handles = submit_counted(&pool, &runs);
        for (i, handle) in handles.into_iter().enumerate() {
            assert_eq!(handle.result(), Ok(i * 10));
        }
        drop(pool);
        assert!(runs.iter().all(|count| count.load(SeqCst) == 1));
    });
}

#[test]
fn shutdown_wait_returns_with_no_task_lost_or_run_twice() {
    every_execution("2 workers × 2 tasks, shutdown(wait)", 200_000, || {
        let pool = ThreadPool::<Loom>::with_max_workers(2).unwrap();
        let runs = run_counts(2);
        let handles = submit_counted(&pool, &runs);
        pool.shutdown(true, false);
        assert!(runs.iter().all(|count| count.load(SeqCst) == 1));
        assert!(handles.iter().all(|handle| handle.done()));
    });
}

#[test]
fn cancel_and_worker_never_both_win() {
    every_execution(
        "2 workers × 2 tasks, cancel racing the workers",
        300_000,
        || {
            let pool = ThreadPool::<Loom>::with_max_workers(2).unwrap();
            let runs = run_counts(2);
            let handles = submit_counted(&pool, &runs);
            let cancelled = handles[1].cancel();
            pool.shutdown(true, false);
            let ran = runs[1].load(SeqCst) == 1;
            assert!(
                cancelled != ran,
                "exactly one winner: cancel said {cancelled}, the task ran: {ran}"
            );
            assert_eq!(runs[0].load(SeqCst), 1);
            let outcome = handles.into_iter().nth(1).unwrap().result();
            if cancelled {
                assert_eq!(outcome, Err(TaskError::Cancelled));
            } else {
                assert!(outcome.is_ok());
            }
        },
    );
}

/// Silences the panic the next test causes on purpose: every execution
/// would print it, with a backtrace, though the pool catches it.
fn quiet_expected_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Let the checkers install their hooks first, then go on top.
        explore_loom_within(Some(0), at_most(1), || {});
        let below = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() != Some(&EXPECTED_PANIC) {
                below(info);
            }
        }));
    });
}

const EXPECTED_PANIC: &str = "task fails on purpose";

#[test]
fn panicking_task_surfaces_at_result_and_never_hangs_or_kills_its_worker() {
    quiet_expected_panics();
    every_execution("1 worker × 2 tasks, the first panics", 20_000, || {
        let pool = ThreadPool::<Loom>::with_max_workers(1).unwrap();
        let failing = pool
            .submit(|| -> u8 { panic!("task fails on purpose") })
            .unwrap();
        let next = pool.submit(|| 2).unwrap();
        assert_eq!(
            failing.result(),
            Err(TaskError::Panicked(EXPECTED_PANIC.into()))
        );
        // The one worker lived on to run the second task.
        assert_eq!(next.result(), Ok(2));
    });
}

#[test]
fn a_budget_too_small_is_reported_as_stopped() {
    // The check every model relies on can fire: the results model does not
    // fit in 100 executions, and says so.
    let explored = explore("2 workers × 2 tasks, ceiling 100", 100, || {
        let pool = ThreadPool::<Loom>::with_max_workers(2).unwrap();
        let handles = submit_counted(&pool, &run_counts(2));
        for handle in handles {
            assert!(handle.result().is_ok());
        }
    });
    assert_eq!(explored.executions, 100);
    assert!(explored.stopped, "a cut-short run must say it stopped");
}

#[test]
fn a_callback_runs_once_with_the_ending_its_task_had() {
    every_execution(
        "1 worker × 1 task, callback and cancel racing it",
        100_000,
        || {
            let pool = ThreadPool::<Loom>::with_max_workers(1).unwrap();
            let runs = run_counts(1);
            let handle = submit_counted(&pool, &runs).pop().unwrap();
            let told = Arc::new(AtomicUsize::new(0));
            let tell = Arc::clone(&told);
            // Before or after the task ends: either way, once.
            handle.add_done_callback(move |ending| {
                let code = if ending == Ending::Cancelled { 2 } else { 1 };
                assert_eq!(tell.swap(code, SeqCst), 0, "the callback ran twice");
            });
            let cancelled = handle.cancel();
            pool.shutdown(true, false);
            let ran = runs[0].load(SeqCst);
            assert_eq!(
                told.load(SeqCst),
                if ran == 1 { 1 } else { 2 },
                "told the ending"
            );
            assert_eq!(
                usize::from(cancelled) + ran,
                1,
                "exactly one of cancel and run"
            );
        },
    );
}

#[test]
fn a_second_shutdown_wait_on_another_thread_returns_after_the_task() {
    every_execution(
        "1 worker × 1 task, two shutdown(wait) callers",
        200_000,
        || {
            let pool = Arc::new(ThreadPool::<Loom>::with_max_workers(1).unwrap());
            let runs = run_counts(1);
            let handle = submit_counted(&pool, &runs).pop().unwrap();
            let (other, other_runs) = (Arc::clone(&pool), Arc::clone(&runs));
            let second = loom::thread::spawn(move || {
                other.shutdown(true, false);
                assert_eq!(
                    other_runs[0].load(SeqCst),
                    1,
                    "returned before the task ran"
                );
            });
            pool.shutdown(true, false);
            assert!(handle.done(), "returned before the task ended");
            second.join().unwrap();
        },
    );
}

#[test]
fn shutdown_wait_in_a_callback_on_the_worker_never_joins_it() {
    every_execution(
        "1 worker × 2 tasks, shutdown(wait) in a callback",
        100_000,
        || {
            let pool = Arc::new(ThreadPool::<Loom>::with_max_workers(1).unwrap());
            let runs = run_counts(2);
            let handles = submit_counted(&pool, &runs);
            let inner = Arc::clone(&pool);
            handles[0].add_done_callback(move |_| inner.shutdown(true, false));
            for (i, handle) in handles.into_iter().enumerate() {
                assert_eq!(handle.result(), Ok(i * 10), "the task kept its value");
            }
        },
    );
}

#[test]
fn as_completed_hands_back_each_task_once() {
    every_execution("1 worker × 2 tasks, as_completed", 100_000, || {
        let pool = ThreadPool::<Loom>::with_max_workers(1).unwrap();
        let runs = run_counts(2);
        let handles = submit_counted(&pool, &runs);
        let mut values: Vec<usize> = as_completed(handles, None)
            .map(|handle| handle.unwrap().result().unwrap())
            .collect();
        values.sort_unstable();
        assert_eq!(values, [0, 10]);
    });
}

#[test]
fn a_callback_that_submits_and_waits_gets_a_second_worker() {
    every_execution("2 workers, a callback submits and waits", 400_000, || {
        let pool = Arc::new(ThreadPool::<Loom>::with_max_workers(2).unwrap());
        let runs = run_counts(2);
        let first = pool.submit(|| 0).unwrap();
        let (inner, inner_runs) = (Arc::clone(&pool), Arc::clone(&runs));
        let submitted = Arc::new(LoomMonitor::new(false));
        let said = Arc::clone(&submitted);
        first.add_done_callback(move |_| {
            let second = inner.submit(move || inner_runs[1].fetch_add(1, SeqCst));
            said.with(|done| *done = true);
            said.notify_all();
            assert!(second.unwrap().result().is_ok(), "the callback's task ran");
        });
        assert_eq!(first.result(), Ok(0));
        // Keep the pool open until the callback has submitted.
        submitted.wait_while(|done| !*done, |_| ());
        pool.shutdown(true, false);
        assert_eq!(
            runs[1].load(SeqCst),
            1,
            "shutdown(wait) waited for the callback"
        );
    });
}
