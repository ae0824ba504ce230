use std::fmt;
use std::marker::PhantomData;

use crate::sync::Runtime;
use crate::trace::Action;

/// A plain `u64`, not atomic, for data kept behind a lock.
///
/// Its methods take `&self` to read and `&mut self` to write, so the compiler
/// only lets a thread write it while it owns it outright — in practice, while
/// it holds the [`Mutex`](crate::sync::Mutex) around it. Under a model checker
/// each read and write is recorded for the trace, so a trace can show what a
/// thread saw inside its critical section.
///
/// ```
/// use racelab::sync::Plain;
///
/// let mut count: Plain = Plain::new(41);
/// let seen = count.get();
/// count.set(seen + 1);
/// assert_eq!(count.get(), 42);
/// ```
pub struct Plain<R: Runtime = crate::sync::Std> {
    value: u64,
    engine: PhantomData<fn() -> R>,
}

impl<R: Runtime> Plain<R> {
    /// A new value.
    pub fn new(value: u64) -> Self {
        Self {
            value,
            engine: PhantomData,
        }
    }

    /// Reads the value.
    pub fn get(&self) -> u64 {
        let value = self.value;
        R::record(|| Action::Read { value });
        value
    }

    /// Writes `value`.
    pub fn set(&mut self, value: u64) {
        self.value = value;
        R::record(|| Action::Write { value });
    }
}

impl<R: Runtime> fmt::Debug for Plain<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}
