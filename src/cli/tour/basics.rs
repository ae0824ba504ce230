//! Lessons 1–3: threads, a pool of workers, and why waiting overlaps.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use racelab::explore::sweep::{run as run_job, Job};

use crate::cli::tour::paragraph;

/// Lesson 1: spawn threads, join them, collect what they return.
pub(super) fn threads_and_join() {
    paragraph(
        "A thread runs a function alongside the main one; `join` waits for it and hands back \
         what it returned (or its panic). Here 4 threads each sum a quarter of 1..=40,000,000.",
    );
    let start = Instant::now();
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
    println!(
        "parts {parts:?}\ntotal {total} (expected {}), in {:.1?}",
        40_000_000u64 * 40_000_001 / 2,
        start.elapsed()
    );
}

/// Lesson 2: a fixed set of workers taking jobs from a queue.
pub(super) fn pool() {
    // The crate's thread pool (src/executor) is Python's ThreadPoolExecutor;
    // until it is exported, this lesson builds the idea from a channel.
    paragraph(
        "Starting a thread per job is wasteful when jobs are many and small. A pool starts a \
         few workers once; each takes the next job from a queue and sends its result back. \
         Here 4 workers square 1..=1000 through two channels (jobs in, results out).",
    );
    let (jobs, queue) = mpsc::channel::<u64>();
    let (results, collected) = mpsc::channel::<(usize, u64)>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let queue = std::sync::Arc::clone(&queue);
            let results = results.clone();
            thread::spawn(move || loop {
                let job = queue.lock().map(|queue| queue.recv());
                match job {
                    Ok(Ok(n)) => {
                        let _ = results.send((worker, n * n));
                    }
                    _ => break,
                }
            })
        })
        .collect();
    drop(results);
    for n in 1..=1000 {
        let _ = jobs.send(n);
    }
    drop(jobs);
    let mut per_worker = [0usize; 4];
    let mut sum = 0u64;
    for (worker, square) in collected {
        per_worker[worker] += 1;
        sum += square;
    }
    for worker in workers {
        let _ = worker.join();
    }
    println!(
        "sum of squares {} (expected 333,833,500); jobs per worker {per_worker:?}",
        crate::cli::numbers::grouped(sum)
    );
}

/// Lesson 3: I/O-bound tasks overlap on more workers than cores.
pub(super) fn io_overlap() {
    paragraph(
        "A task that waits (for a disk, a network) leaves its core idle. With more workers, the \
         waits overlap. Here 100 tasks each wait 10 ms, on 1, 10 and 100 workers.",
    );
    let job = Job::Io(Duration::from_millis(10));
    let one = run_job(job, 100, 1);
    for workers in [1, 10, 100] {
        let time = if workers == 1 {
            one
        } else {
            run_job(job, 100, workers)
        };
        println!(
            "{workers:>4} workers: {:>8}  ({:.0}× faster than 1)",
            format!("{time:.1?}"),
            one.as_secs_f64() / time.as_secs_f64().max(1e-9)
        );
    }
    println!("(`racelab sweep` does this up to 1000 workers, for waiting and for computing.)");
}
