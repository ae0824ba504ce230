//! Lesson 6a: one lock around the whole read-add-write.
//!
//! The fix for the two counters before: hold the lock from the read to the
//! write. While one thread is between them, every other thread waits at the
//! lock, so no update can slip in and be overwritten. This is Python's
//! `with lock: counter += 1`.
//!
//! In Rust the `Mutex` owns the count, so there is no way to touch it without
//! locking. The price is paid at every increment: taking and releasing the
//! lock, and, when threads collide, waiting.

use crate::counter::counting;
use crate::counter::{count_shared, Counter};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Mutex, Plain, Runtime, Std};

/// A counter whose whole increment happens under one lock.
///
/// On the default engine the lock is `std::sync::Mutex`; see
/// [`ParkingLotCounter`](crate::counter::ParkingLotCounter) for the same
/// counter on `parking_lot`.
///
/// ```
/// use racelab::counter::{count_shared, MutexCounter};
///
/// assert_eq!(count_shared::<MutexCounter>(4, 1_000), 4_000);
/// ```
#[derive(Debug)]
pub struct MutexCounter<R: Runtime = Std> {
    count: Mutex<Plain<R>, R>,
}

impl MutexCounter {
    /// A counter at zero, on real threads with `std::sync::Mutex`.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<R: Runtime> Default for MutexCounter<R> {
    fn default() -> Self {
        Self {
            count: Mutex::new(Plain::named("count", 0)),
        }
    }
}

impl<R: Runtime> Counter for MutexCounter<R> {
    type Runtime = R;

    fn increment(&self) {
        self.count.with(|count| {
            let seen = count.get();
            // No other thread can get here until this one unlocks.
            count.set(seen + 1);
        });
    }

    fn get(&self) -> u64 {
        self.count.with(|count| count.get())
    }
}

/// Lesson 6a as a scenario: threads share a [`MutexCounter`].
#[derive(Clone, Copy, Debug)]
pub struct MutexCount;

impl Scenario for MutexCount {
    type Version = ();

    const ABOUT: About = {
        let mut about = counting::about(
            crate::scenario::here!(),
            "mutex",
            "6a",
            "std::sync::Mutex around read-add-write",
        );
        about.model = "Under a checker, std::sync::Mutex does not run: the checker's own model \
                       of a lock does. What is proven is the critical section, one lock around \
                       the read, the add and the write, whatever lock holds it.";
        about
    };

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "mutex",
        "std::sync::Mutex around read-add-write",
        Kind::Fix,
        &[Code {
            who: "each thread",
            rust: &[
                "self.count.with(|count| {",
                "    let seen = count.get();",
                "    count.set(seen + 1);",
                "});",
            ],
            python: &["with lock: counter += 1"],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_shared::<MutexCounter<R>>(
            size.threads,
            size.increments,
        ))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok(counting::stress::<MutexCounter>(size, runs))
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
