//! Measuring real threads so that the numbers can be trusted: several runs
//! within a stated time budget, and costs as a median with its spread.
//!
//! One run on real threads says what this machine happened to do once. A
//! busy core, a thread started late, a frequency change: any of them moves a
//! single figure a lot. So the lessons repeat each measurement, report the
//! median and the fastest and slowest run, and use one unit throughout:
//! nanoseconds per increment, that is the wall time from the first thread
//! started to the last one joined, divided by all the increments of all the
//! threads.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use racelab::counter::LocalCounter;
use racelab::explore::threads;
use racelab::scenario::Program;

/// Calls `run` up to `runs` times and returns what each call returned.
///
/// Stops early once `budget` is spent, after at least one call, so a slow or
/// busy machine still finishes the lesson in time.
pub(super) fn repeat<T>(runs: usize, budget: Duration, mut run: impl FnMut() -> T) -> Vec<T> {
    let start = Instant::now();
    let mut results = Vec::with_capacity(runs);
    while results.len() < runs {
        results.push(run());
        if start.elapsed() >= budget {
            break;
        }
    }
    results
}

/// The middle, lowest and highest of some costs, in ns per increment, each
/// rounded to the two decimals that are printed.
#[derive(Clone, Copy, Debug)]
pub(super) struct Spread {
    pub(super) median: f64,
    pub(super) min: f64,
    pub(super) max: f64,
}

impl Spread {
    /// The spread of `costs`, which must not be empty.
    pub(super) fn of(costs: &[f64]) -> Spread {
        let mut sorted = costs.to_vec();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[middle]
        } else {
            (sorted[middle - 1] + sorted[middle]) / 2.0
        };
        Spread {
            median: as_printed(median),
            min: as_printed(sorted[0]),
            max: as_printed(sorted[sorted.len() - 1]),
        }
    }
}

/// `ns` rounded to two decimals, as the tables print it, so that a ratio
/// computed from it agrees with the figures beside it.
fn as_printed(ns: f64) -> f64 {
    (ns * 100.0).round() / 100.0
}

/// `elapsed` divided among `increments` increments, in nanoseconds.
pub(super) fn ns_per_increment(elapsed: Duration, increments: u64) -> f64 {
    elapsed.as_secs_f64() * 1e9 / increments.max(1) as f64
}

/// One timed run of the counter `program` on real threads, in ns per
/// increment.
pub(super) fn shared_cost(program: Program) -> f64 {
    let run = threads::run(program);
    ns_per_increment(run.elapsed, run.expected)
}

/// One timed run of the per-thread counts, in ns per increment.
///
/// Left alone, the compiler may turn each thread's loop into one addition,
/// and then there is nothing to time. `black_box` tells it that the count
/// may be read and changed after every increment, so it has to keep the
/// count in memory and load, add and store it each time round: the same work
/// as the racy counter's increment, on memory that no other thread touches.
pub(super) fn local_cost(threads: usize, increments: u64) -> f64 {
    time_local(threads, increments, count_in_memory)
}

/// As [`local_cost`], but without `black_box`: the compiler may fold each
/// thread's loop into one addition, as it does in real code, so what is
/// left is the cost of starting the threads and summing, spread over the
/// increments.
pub(super) fn local_folded_cost(threads: usize, increments: u64) -> f64 {
    time_local(threads, increments, count_folded)
}

/// Times `threads` threads each counting `increments` with `count`, in ns
/// per increment.
fn time_local(threads: usize, increments: u64, count: fn(u64) -> u64) -> f64 {
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        // The number is hidden from the compiler, so that no loop is
        // folded at compile time, only when it runs.
        .map(|_| thread::spawn(move || count(black_box(increments))))
        .collect();
    let total: u64 = handles
        .into_iter()
        .map(|handle| handle.join().expect("counting does not panic"))
        .sum();
    let elapsed = start.elapsed();
    assert_eq!(
        total,
        threads as u64 * increments,
        "nothing shared, nothing lost"
    );
    ns_per_increment(elapsed, total)
}

fn count_folded(increments: u64) -> u64 {
    let mut counter = LocalCounter::default();
    for _ in 0..increments {
        counter.increment();
    }
    counter.get()
}

fn count_in_memory(increments: u64) -> u64 {
    let mut counter = LocalCounter::default();
    for _ in 0..increments {
        counter.increment();
        black_box(&mut counter);
    }
    counter.get()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{repeat, Spread};

    #[test]
    fn spread_of_an_odd_count_is_its_middle_value() {
        let spread = Spread::of(&[3.0, 1.0, 2.0]);
        assert_eq!((spread.median, spread.min, spread.max), (2.0, 1.0, 3.0));
    }

    #[test]
    fn spread_of_an_even_count_averages_the_two_middle_values() {
        assert_eq!(Spread::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }

    #[test]
    fn repeat_runs_at_least_once_even_with_no_budget() {
        assert_eq!(repeat(5, Duration::ZERO, || 7), vec![7]);
        assert_eq!(repeat(3, Duration::from_secs(60), || 7).len(), 3);
    }
}
