//! Lesson 4b: a lock, used wrong.
//!
//! Adding a lock does not by itself make code correct: what matters is what
//! the lock covers. This counter locks to read, unlocks, then locks again to
//! write. Each step is protected, yet the gap between them is exactly where
//! the racy counter lost its updates — and so does this one. A model checker
//! finds it with a single preemption: a thread switch just after the read.

use crate::counter::Counter;
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
