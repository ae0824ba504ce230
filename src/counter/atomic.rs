//! Lesson 6c: one indivisible instruction.
//!
//! The hardware can do the read, the add and the write as a single step that
//! no other core can interrupt: `fetch_add` (`lock xadd` on x86). No lock, no
//! waiting thread, no gap — and so no lost update.
//!
//! It fits when the shared state is one number. A change that spans two
//! values still needs a lock, or a redesign.

use std::sync::atomic::Ordering::Relaxed;

use crate::counter::Counter;
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
