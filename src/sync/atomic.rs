use std::sync::atomic::Ordering;

use crate::sync::{AtomicWord, Runtime};
use crate::trace::Action;

/// An atomic `u64` from engine `R`, each operation recorded for the trace.
///
/// Every operation on it is indivisible: no thread ever sees half of a store.
/// What atomics do *not* give for free is a read-modify-write made of two of
/// them: a `load` followed by a `store` is two steps, and another thread can
/// run between them. [`fetch_add`](Atomic::fetch_add) is one step.
///
/// ```
/// use std::sync::atomic::Ordering::Relaxed;
/// use racelab::sync::Atomic;
///
/// let count: Atomic = Atomic::new(1);
/// assert_eq!(count.fetch_add(1, Relaxed), 1);
/// assert_eq!(count.load(Relaxed), 2);
/// ```
#[derive(Debug)]
pub struct Atomic<R: Runtime = crate::sync::Std> {
    word: R::AtomicU64,
}

impl<R: Runtime> Atomic<R> {
    /// A new atomic holding `value`.
    pub fn new(value: u64) -> Self {
        Self {
            word: R::AtomicU64::new(value),
        }
    }

    /// Reads the value.
    pub fn load(&self, order: Ordering) -> u64 {
        let value = self.word.load(order);
        R::record(|| Action::Read { value });
        value
    }

    /// Writes `value`.
    pub fn store(&self, value: u64, order: Ordering) {
        self.word.store(value, order);
        R::record(|| Action::Write { value });
    }

    /// Adds `amount` and returns the value before, in one indivisible step.
    pub fn fetch_add(&self, amount: u64, order: Ordering) -> u64 {
        let before = self.word.fetch_add(amount, order);
        R::record(|| Action::Add {
            before,
            after: before + amount,
        });
        before
    }
}
