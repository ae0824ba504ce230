//! Exhaustive proofs, under loom, about the thread pool: the very source
//! that runs on real threads, with loom's mutexes, condition variables and
//! threads in place of the operating system's.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_pool`.
//! Each model is 2 workers and 2 tasks, plus main: 3 of loom's 5 threads.
//! Each test prints how many executions loom explored.
//!
//! Bound: at most 4 preemptions. A pool's executions are long (every task is
//! several lock operations on two monitors). Unbounded, the cancel model is
//! about 71,000 executions (5.5 s) and the results model did not finish in
//! five minutes; with 4 preemptions the four models are about 55,000
//! executions, 4.5 s in release on 2 cores. Four preemptions put a switch at
//! every pair of the places this pool could go wrong — between a submit and
//! a worker's take, between a take and a cancel, between a finish and a
//! wait — and most concurrency bugs need no more than two (CHESS). The bound
//! limits only *preemptions*: wherever a thread blocks, loom still tries
//! every other thread next, so each lost wakeup remains in reach.
//!
//! Bookkeeping (how often each task ran) uses `std` atomics: loom runs its
//! threads one at a time on one OS thread, so they are exact, and they add
//! no interleavings of their own.

#![cfg(loom)]

use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Once};
use std::time::Instant;

use racelab::executor::{TaskError, TaskHandle, ThreadPool};
use racelab::sync::{explore_loom_within, Budget, Loom};

/// Preemptions per execution; see the file's documentation.
const PREEMPTIONS: Option<usize> = Some(4);

/// Runs `model` under every execution loom explores, and prints the count.
fn every_execution(name: &str, model: impl Fn() + Send + Sync + 'static) {
    let start = Instant::now();
    let explored = explore_loom_within(PREEMPTIONS, Budget::default(), model);
    println!(
        "{name}: {} executions in {:.1?} (loom, at most {} preemptions)",
        explored.executions,
        start.elapsed(),
        PREEMPTIONS.unwrap_or(usize::MAX)
    );
    assert!(explored.executions > 0, "loom ran no execution");
    assert!(!explored.stopped, "loom stopped before the end");
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
    every_execution("2 workers × 2 tasks, results", || {
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
    every_execution("2 workers × 2 tasks, shutdown(wait)", || {
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
    every_execution("2 workers × 2 tasks, cancel racing the workers", || {
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
    });
}

/// Silences the panic the next test causes on purpose: every execution
/// would print it, with a backtrace, though the pool catches it.
fn quiet_expected_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Let the checkers install their hooks first, then go on top.
        explore_loom_within(Some(0), Budget::default(), || {});
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
    every_execution("1 worker × 2 tasks, the first panics", || {
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
