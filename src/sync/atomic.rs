use std::sync::atomic::Ordering;

use crate::sync::{AtomicWord, Runtime};
use crate::trace::{self, Action, Location, WriteId};

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
/// let count: Atomic = Atomic::named("count", 1);
/// assert_eq!(count.fetch_add(1, Relaxed), 1);
/// assert_eq!(count.load(Relaxed), 2);
/// ```
///
/// # Which write a read saw
///
/// Under a model checker a load may return any of several stores, and the
/// value alone cannot say which: two threads that both store 1 store the
/// same value. So under the checkers the word holds two halves: the value in
/// the low 32 bits, and the identity of the write that put it there in the
/// high 32. A load returns both, and the trace records the write it saw. A
/// `fetch_add` adds one to the identity as it adds to the value, so it too
/// leaves a write of its own, numbered after the one it read. On real
/// threads none of this happens: the word holds the plain value.
pub struct Atomic<R: Runtime = crate::sync::Std> {
    word: R::AtomicU64,
    location: Location,
}

impl<R: Runtime> std::fmt::Debug for Atomic<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Atomic")
            .field("engine", &R::NAME)
            .field("word", &self.word)
            .finish()
    }
}

/// The low half of a model-checked word: the value.
const VALUE_BITS: u32 = 32;

impl<R: Runtime> Atomic<R> {
    /// A new atomic holding `value`, called `value` in a trace.
    pub fn new(value: u64) -> Self {
        Self::named("value", value)
    }

    /// A new atomic called `name` in a trace, holding `value`.
    pub fn named(name: &'static str, value: u64) -> Self {
        Self::with_states(name, &[], value)
    }

    /// A new atomic called `name`, whose values 0, 1, 2, … a trace prints as
    /// `states` (`pending`, `running`, …), holding `value`.
    #[track_caller]
    pub fn with_states(name: &'static str, states: &'static [&'static str], value: u64) -> Self {
        if !R::RECORDS {
            return Self {
                word: R::AtomicU64::new(value),
                location: Location(0),
            };
        }
        let location = trace::new_location(name, states);
        let write = trace::new_write();
        R::record(|| Action::New {
            location,
            value,
            write,
        });
        Self {
            word: R::AtomicU64::new(pack(write, value)),
            location,
        }
    }

    /// Reads the value.
    #[track_caller]
    pub fn load(&self, order: Ordering) -> u64 {
        let word = self.word.load(order);
        if !R::RECORDS {
            return word;
        }
        let (saw, value) = unpack(word);
        R::record(|| Action::Read {
            location: self.location,
            value,
            saw,
            order,
        });
        value
    }

    /// Writes `value`.
    #[track_caller]
    pub fn store(&self, value: u64, order: Ordering) {
        if !R::RECORDS {
            return self.word.store(value, order);
        }
        let write = trace::new_write();
        self.word.store(pack(write, value), order);
        R::record(|| Action::Write {
            location: self.location,
            value,
            write,
            order,
        });
    }

    /// Adds `amount` and returns the value before, in one indivisible step.
    #[track_caller]
    pub fn fetch_add(&self, amount: u64, order: Ordering) -> u64 {
        if !R::RECORDS {
            return self.word.fetch_add(amount, order);
        }
        // One more on the identity half: the new write is numbered after
        // the one it read.
        let (saw, before) = unpack(
            self.word
                .fetch_add(checked(amount) + (1 << VALUE_BITS), order),
        );
        R::record(|| Action::Add {
            location: self.location,
            before,
            after: before + amount,
            saw,
            write: WriteId(saw.0 + 1),
            order,
        });
        before
    }
}

impl<R: Runtime> Atomic<R> {
    /// Writes `value` and returns the value before, in one indivisible step.
    #[track_caller]
    pub fn swap(&self, value: u64, order: Ordering) -> u64 {
        if !R::RECORDS {
            return self.word.swap(value, order);
        }
        let write = trace::new_write();
        let (saw, before) = unpack(self.word.swap(pack(write, value), order));
        R::record(|| Action::Swap {
            location: self.location,
            before,
            after: value,
            saw,
            write,
            compared: false,
            order,
        });
        before
    }

    /// Writes `new` if the value is `current`, in one indivisible step;
    /// returns the value it found: `Ok(current)` if it wrote, `Err(found)`
    /// if not.
    ///
    /// Under the checkers the word carries a write's identity beside its
    /// value, so "the value is `current`" cannot be one machine compare:
    /// the method reads the word, and if the value is `current`, compares
    /// and exchanges the whole word, trying again if another write came in
    /// between. That allows exactly what a `compare_exchange` does: it
    /// writes only over the newest write, and a failure is a plain load,
    /// which may return any write a load may. It is recorded as one step.
    #[track_caller]
    pub fn compare_exchange(
        &self,
        current: u64,
        new: u64,
        success: Ordering,
        failure: Ordering,
    ) -> Result<u64, u64> {
        if !R::RECORDS {
            return self.word.compare_exchange(current, new, success, failure);
        }
        let write = trace::new_write();
        let mut word = self.word.load(failure);
        loop {
            let (saw, value) = unpack(word);
            if value != current {
                R::record(|| Action::Read {
                    location: self.location,
                    value,
                    saw,
                    order: failure,
                });
                return Err(value);
            }
            match self
                .word
                .compare_exchange(word, pack(write, new), success, failure)
            {
                Ok(_) => {
                    R::record(|| Action::Swap {
                        location: self.location,
                        before: value,
                        after: new,
                        saw,
                        write,
                        compared: true,
                        order: success,
                    });
                    return Ok(value);
                }
                Err(newer) => word = newer,
            }
        }
    }
}

/// A memory fence on engine `R`, recorded for the trace: the operations
/// before it in this thread are ordered against those after it, as `order`
/// says. loom models `SeqCst` fences, though it weakens `SeqCst` loads and
/// stores to Acquire and Release (loom issue 180).
#[track_caller]
pub fn fence<R: Runtime>(order: Ordering) {
    R::fence(order);
    R::record(|| Action::Fence { order });
}

/// `value` tagged with the write that put it there.
fn pack(write: WriteId, value: u64) -> u64 {
    (u64::from(write.0) << VALUE_BITS) | checked(value)
}

fn unpack(word: u64) -> (WriteId, u64) {
    let write = WriteId((word >> VALUE_BITS) as u32);
    (write, word & ((1 << VALUE_BITS) - 1))
}

/// Model-checked values are small: they must fit the value half.
fn checked(value: u64) -> u64 {
    assert!(
        value < 1 << VALUE_BITS,
        "a model-checked atomic holds values below 2³², not {value}"
    );
    value
}
