//! Lesson 4a: the racy counter.
//!
//! Python's `counter += 1` is three steps — read the count, add one, write it
//! back — and another thread can run between any two of them. If two threads
//! both read 5, both write 6: one increment is lost.
//!
//! Rust will not compile that program with a plain `u64`: a value shared
//! between threads must be `Sync`, and a plain integer written by one thread
//! while another reads it would be a *data race*, which is undefined
//! behaviour. So this counter makes each step an atomic operation. That makes
//! the program defined — every read sees some whole value that was written —
//! but not correct: it is still a *race condition*, because the read and the
//! write are two steps, not one. Rust rules out data races; race conditions
//! are a matter of design, and the rest of the lessons are about that.

use std::sync::atomic::Ordering::Relaxed;

use crate::counter::counting;
use crate::counter::{count_shared, Counter};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, Std};

/// A counter that reads, adds and writes as three separate steps.
///
/// Correct on one thread; loses updates on several.
///
/// ```
/// use racelab::counter::{Counter, RacyCounter};
///
/// let counter = RacyCounter::new();
/// counter.increment();
/// counter.increment();
/// assert_eq!(counter.get(), 2); // one thread: nothing to race with
/// ```
#[derive(Debug)]
pub struct RacyCounter<R: Runtime = Std> {
    count: Atomic<R>,
}

impl RacyCounter {
    /// A counter at zero, on real threads.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<R: Runtime> Default for RacyCounter<R> {
    fn default() -> Self {
        Self {
            count: Atomic::named("count", 0),
        }
    }
}

impl<R: Runtime> Counter for RacyCounter<R> {
    type Runtime = R;

    fn increment(&self) {
        // Relaxed: each access only needs to be indivisible. A stronger
        // ordering would not help, because the bug is not the order of memory
        // operations but the gap between these two lines.
        let seen = self.count.load(Relaxed);
        // ← another thread can read the same `seen` here…
        self.count.store(seen + 1, Relaxed);
        // …and both threads store the same `seen + 1`.
    }

    fn get(&self) -> u64 {
        // Relaxed is enough: joining the threads already made their writes
        // visible to whoever joined them.
        self.count.load(Relaxed)
    }
}

/// Lesson 4a as a scenario: threads share a [`RacyCounter`].
#[derive(Clone, Copy, Debug)]
pub struct RacyCount;

impl Scenario for RacyCount {
    type Version = ();

    const ABOUT: About = {
        let mut about = counting::about(
            crate::scenario::here!(),
            "racy",
            "4a",
            "an atomic load, then a separate atomic store",
        );
        about.fix = "Fix: make the read-add-write one indivisible step, `count.fetch_add(1, Relaxed)`, or hold one lock around all of it.";
        about.fixed_by = &["atomic", "mutex"];
        about
    };

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "racy",
        "an atomic load, then a separate atomic store",
        Kind::Bug,
        &[Code {
            who: "each thread",
            rust: &[
                "let seen = self.count.load(Relaxed);",
                "self.count.store(seen + 1, Relaxed);",
            ],
            python: &["counter += 1"],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_shared::<RacyCounter<R>>(
            size.threads,
            size.increments,
        ))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok(counting::stress::<RacyCounter>(size, runs))
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
