//! Lessons 1–3: threads, a pool of workers, and why waiting overlaps.

use std::thread;
use std::time::{Duration, Instant};

use racelab::executor::ThreadPool;
use racelab::explore::sweep::{run as run_job, Job};

use crate::cli::numbers::grouped;
use crate::cli::tour::paragraph;

/// Lesson 1: spawn threads, join them, collect what they return.
pub(super) fn threads_and_join() {
    paragraph(
        "A thread runs a function alongside the main one; `join` waits for it and hands back \
         what it returned (or its panic). Here 4 threads each sum a quarter of 1..=40,000,000.",
    );
    let handles: Vec<_> = (0..4u64)
        .map(|quarter| {
            thread::spawn(move || {
                let from = quarter * 10_000_000 + 1;
                (from..from + 10_000_000).sum::<u64>()
            })
        })
        .collect();
    let parts: Vec<u64> = handles
        .into_iter()
        .map(|handle| handle.join().expect("summing does not panic"))
        .collect();
    let total: u64 = parts.iter().sum();
    // No time is printed: the compiler may replace each sum by a formula, and
    // a time for that would teach nothing about threads.
    println!(
        "parts {parts:?}\ntotal {total} (expected {})",
        40_000_000u64 * 40_000_001 / 2
    );
}

/// Lesson 2: a pool of workers, Python's `ThreadPoolExecutor`.
pub(super) fn pool() {
    paragraph(
        "Starting a thread per job is wasteful when jobs are many and small. A pool keeps a \
         few workers and feeds them tasks from one queue; `submit` hands back a handle \
         (Python's Future) whose `result` waits for the value. Here 4 workers square \
         1..=1000 with `map`, which yields the results in input order; then a task panics.",
    );
    let pool = ThreadPool::new(4).expect("4 workers is a valid pool");
    let start = Instant::now();
    let squares: Vec<u64> = match pool.map(|n: u64| n * n, 1..=1000) {
        Ok(results) => results
            .map(|square| square.expect("squaring does not panic"))
            .collect(),
        Err(_) => unreachable!("the pool is not shut down"),
    };
    println!(
        "sum of squares {} (expected 333,833,500), first {:?}",
        grouped(squares.iter().sum()),
        &squares[..4],
    );
    println!(
        "in {:.1?} on {} workers",
        start.elapsed(),
        pool.workers_started()
    );
    // The panic is planned: one line on standard error says so, whatever
    // RUST_BACKTRACE asks, and the usual report comes back after it.
    let usual = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("(a planned panic in a task: {})", panic_message(info));
    }));
    let Ok(failing) = pool.submit(|| -> u64 { panic!("the task failed") }) else {
        unreachable!("the pool is not shut down")
    };
    let failed = failing.result();
    std::panic::set_hook(usual);
    println!("result() of the panicking task: {failed:?}");
    let Ok(next) = pool.submit(|| 6 * 7) else {
        unreachable!("the pool is not shut down")
    };
    println!("the next task, on the same workers: {:?}", next.result());
    paragraph(
        "(Rust reports a panic on standard error where it happens; the pool catches it and \
         hands it to `result` as an error value, and the worker lives on.)",
    );
    paragraph(
        "A task not yet started can be cancelled, but the cancel and the worker that would \
         start it must agree on which one won. Program 2b, racy-cancel, writes each as a \
         check, then an act, and both win: `racelab explore racy-cancel` draws how. The \
         pool's own cancel checks and acts under one lock, and the checkers find no such \
         run.",
    );
}

/// What a panic said, if it said it in words.
fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a value that is not text".to_string())
}

/// Lesson 3: I/O-bound tasks overlap on more workers than cores.
pub(super) fn io_overlap() {
    paragraph(
        "A task that waits (for a disk, a network) leaves its core idle. With more workers, the \
         waits overlap. Here 100 tasks each wait 10 ms, on 1, 10 and 100 workers.",
    );
    let job = Job::Io(Duration::from_millis(10));
    // Each time is printed in ms to 0.1, and each speed-up is computed from
    // the printed figures, so a reader can check it.
    let printed = |time: Duration| (time.as_secs_f64() * 10_000.0).round() / 10.0;
    let one = printed(run_job(job, 100, 1));
    for workers in [1, 10, 100] {
        let ms = if workers == 1 {
            one
        } else {
            printed(run_job(job, 100, workers))
        };
        println!(
            "{:>4} {}: {:>7.1} ms  (speed-up over 1 worker: {one:.1} / {ms:.1} = {:.1}×)",
            workers,
            if workers == 1 { "worker " } else { "workers" },
            ms,
            one / ms.max(0.1)
        );
    }
    println!();
    paragraph(
        "The ideal: 100 waits of 10 ms on W workers take 1000/W ms. What is above it is the cost \
         of starting the workers and handing them tasks, and of waking from each sleep, which \
         never ends early and often ends a little late. (`racelab sweep` does this up to 1000 \
         workers, for waiting and for computing.)",
    );
}
