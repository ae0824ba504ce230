//! Lesson 6c: one indivisible instruction.
//!
//! The hardware can do the read, the add and the write as a single step that
//! no other core can interrupt: `fetch_add` (`lock xadd` on x86). No lock, no
//! waiting thread, no gap — and so no lost update.
//!
//! It fits when the shared state is one number. A change that spans two
//! values still needs a lock, or a redesign.

use std::sync::atomic::Ordering::Relaxed;

use crate::counter::counting;
use crate::counter::{count_shared, Counter};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, Std};

/// A counter that increments with one atomic `fetch_add`.
///
/// ```
/// use racelab::counter::{count_shared, AtomicCounter};
///
/// assert_eq!(count_shared::<AtomicCounter>(4, 1_000), 4_000);
/// ```
#[derive(Debug)]
pub struct AtomicCounter<R: Runtime = Std> {
    count: Atomic<R>,
}

impl AtomicCounter {
    /// A counter at zero, on real threads.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<R: Runtime> Default for AtomicCounter<R> {
    fn default() -> Self {
        Self {
            count: Atomic::named("count", 0),
        }
    }
}

impl<R: Runtime> Counter for AtomicCounter<R> {
    type Runtime = R;

    fn increment(&self) {
        // Relaxed: the add is indivisible at any ordering; nothing else is
        // published through this counter, so no ordering with other memory
        // is needed.
        self.count.fetch_add(1, Relaxed);
    }

    fn get(&self) -> u64 {
        // Relaxed is enough: joining the threads made their adds visible.
        self.count.load(Relaxed)
    }
}

/// Lesson 6c as a scenario: threads share an [`AtomicCounter`].
#[derive(Clone, Copy, Debug)]
pub struct AtomicCount;

impl Scenario for AtomicCount {
    type Version = ();

    const ABOUT: About = counting::about(
        crate::scenario::here!(),
        "atomic",
        "6c",
        "one atomic fetch_add",
    );

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "atomic",
        "one atomic fetch_add",
        Kind::Fix,
        &[Code {
            who: "each thread",
            rust: &["self.count.fetch_add(1, Relaxed);"],
            python: &[
                "# no atomic integer in the standard library; you write",
                "with lock: counter += 1",
            ],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_shared::<AtomicCounter<R>>(
            size.threads,
            size.increments,
        ))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok(counting::stress::<AtomicCounter>(size, runs))
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
