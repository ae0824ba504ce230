//! Lesson 4b: a lock, used wrong.
//!
//! Adding a lock does not by itself make code correct: what matters is what
//! the lock covers. This counter locks to read, unlocks, then locks again to
//! write. Each step is protected, yet the gap between them is exactly where
//! the racy counter lost its updates — and so does this one. A model checker
//! finds it with a single preemption: a thread switch just after the read.

use crate::counter::counting;
use crate::counter::{count_shared, Counter};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Mutex, Plain, Runtime, Std};

/// A counter that locks around the read and around the write, separately.
///
/// ```
/// use racelab::counter::{Counter, SplitLockCounter};
///
/// let counter = SplitLockCounter::new();
/// counter.increment();
/// assert_eq!(counter.get(), 1); // one thread: nothing to race with
/// ```
#[derive(Debug)]
pub struct SplitLockCounter<R: Runtime = Std> {
    count: Mutex<Plain<R>, R>,
}

impl SplitLockCounter {
    /// A counter at zero, on real threads.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<R: Runtime> Default for SplitLockCounter<R> {
    fn default() -> Self {
        Self {
            count: Mutex::new(Plain::named("count", 0)),
        }
    }
}

impl<R: Runtime> Counter for SplitLockCounter<R> {
    type Runtime = R;

    fn increment(&self) {
        let seen = self.count.with(|count| count.get());
        // ← the lock is released here: another thread can read the same `seen`.
        self.count.with(|count| count.set(seen + 1));
    }

    fn get(&self) -> u64 {
        self.count.with(|count| count.get())
    }
}

/// Lesson 4b as a scenario: threads share a [`SplitLockCounter`].
#[derive(Clone, Copy, Debug)]
pub struct SplitLockCount;

impl Scenario for SplitLockCount {
    type Version = ();

    const ABOUT: About = {
        let mut about = counting::about(
            crate::scenario::here!(),
            "split-lock",
            "4b",
            "lock to read, unlock, lock to write",
        );
        about.fix = "Fix: hold the lock from the read to the write, one critical section around the whole increment.";
        about.fixed_by = &["mutex"];
        about
    };

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "split-lock",
        "lock to read, unlock, lock to write",
        Kind::Bug,
        &[Code {
            who: "each thread",
            rust: &[
                "let seen = self.count.with(|count| count.get());",
                "self.count.with(|count| count.set(seen + 1));",
            ],
            python: &["with lock: seen = counter", "with lock: counter = seen + 1"],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_shared::<SplitLockCounter<R>>(
            size.threads,
            size.increments,
        ))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok(counting::stress::<SplitLockCounter>(size, runs))
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
