//! Lesson 8: share nothing.
//!
//! The best lock is the one you do not need. Each thread counts in its own
//! variable, which no other thread can see, and hands its count back when it
//! finishes; the caller adds them up. There is nothing to race on, so there
//! is nothing to lock — and with nothing shared, the compiler may even turn a
//! thread's whole loop into one addition.
//!
//! This is the tutorials' "return values and combine them": a thread pool's
//! `map` followed by a `sum`.

use crate::counter::counting;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Runtime, Std};

/// A count that belongs to one thread.
///
/// It takes `&mut self` to increment, so the compiler will not let two
/// threads share it.
///
/// ```
/// use racelab::counter::LocalCounter;
///
/// let mut counter = LocalCounter::default();
/// counter.increment();
/// assert_eq!(counter.get(), 1);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalCounter {
    count: u64,
}

impl LocalCounter {
    /// Adds one.
    pub fn increment(&mut self) {
        self.count += 1;
    }

    /// Reads the count.
    pub fn get(&self) -> u64 {
        self.count
    }
}

/// Starts `threads` threads on engine `R` that each count `increments` on a
/// [`LocalCounter`] of their own, and returns the sum of their counts.
///
/// ```
/// use racelab::counter::count_local;
/// use racelab::sync::Std;
///
/// assert_eq!(count_local::<Std>(4, 1_000), 4_000);
/// ```
pub fn count_local<R: Runtime>(threads: usize, increments: u64) -> u64 {
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            R::spawn(move || {
                let mut counter = LocalCounter::default();
                for _ in 0..increments {
                    counter.increment();
                }
                counter.get()
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|handle| R::join(handle).unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        .sum()
}

/// Lesson 8 as a scenario: each thread counts on a [`LocalCounter`] of its
/// own, and the caller sums.
#[derive(Clone, Copy, Debug)]
pub struct LocalCount;

impl Scenario for LocalCount {
    type Version = ();

    const ABOUT: About = counting::about(
        crate::scenario::here!(),
        "local",
        "8",
        "no shared state: per-thread counts, summed",
    );

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "local",
        "no shared state: per-thread counts, summed",
        Kind::Fix,
        &[Code {
            who: "each thread",
            rust: &[
                "let mut counter = LocalCounter::default();",
                "for _ in 0..increments {",
                "    counter.increment();",
                "}",
                "counter.get()   // handed back by join; main takes the .sum()",
            ],
            python: &[
                "count = 0",
                "for _ in range(n): count += 1",
                "return count     # and in main: total = sum(pool.map(work, sizes))",
            ],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_local::<R>(size.threads, size.increments))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok((0..runs)
            .map(|_| counting::observed(count_local::<Std>(size.threads, size.increments)))
            .collect())
    }

    fn correct(observed: &Observed, size: Size) -> bool {
        counting::correct(observed, size)
    }

    fn contract(size: Size) -> String {
        counting::contract(size)
    }

    fn headline(observed: &Observed, size: Size) -> String {
        counting::headline(observed, size)
    }

    fn outcome(observed: &Observed) -> String {
        counting::outcome(observed)
    }

    fn meaning(observed: &Observed, size: Size) -> String {
        counting::meaning(observed, size)
    }
}
