use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::Ordering::Relaxed;

use crate::sync::Runtime;
use crate::trace::{self, Action, Location, WriteId};

/// A plain `u64`, not atomic, for data kept behind a lock.
///
/// Its methods take `&self` to read and `&mut self` to write, so the compiler
/// only lets a thread write it while it owns it outright — in practice, while
/// it holds the [`Mutex`](crate::sync::Mutex) around it. Under a model checker
/// each read and write is recorded for the trace, with the write each read
/// saw: behind a lock that is always the latest one.
///
/// ```
/// use racelab::sync::Plain;
///
/// let mut count: Plain = Plain::named("count", 41);
/// let seen = count.get();
/// count.set(seen + 1);
/// assert_eq!(count.get(), 42);
/// ```
pub struct Plain<R: Runtime = crate::sync::Std> {
    value: u64,
    /// Under the checkers: where it is, and which write put its value there.
    location: Location,
    last_write: WriteId,
    engine: PhantomData<fn() -> R>,
}

impl<R: Runtime> Plain<R> {
    /// A new value, called `name` in a trace.
    pub fn named(name: &'static str, value: u64) -> Self {
        let mut plain = Self {
            value,
            location: Location(0),
            last_write: WriteId(0),
            engine: PhantomData,
        };
        R::record(|| {
            plain.location = trace::new_plain(name);
            plain.last_write = trace::new_write();
            Action::New {
                location: plain.location,
                value,
                write: plain.last_write,
            }
        });
        plain
    }

    /// Reads the value.
    #[track_caller]
    pub fn get(&self) -> u64 {
        let value = self.value;
        R::record(|| Action::Read {
            location: self.location,
            value,
            saw: self.last_write,
            order: Relaxed,
        });
        value
    }

    /// Writes `value`.
    #[track_caller]
    pub fn set(&mut self, value: u64) {
        self.value = value;
        R::record(|| {
            self.last_write = trace::new_write();
            Action::Write {
                location: self.location,
                value,
                write: self.last_write,
                order: Relaxed,
            }
        });
    }
}

impl<R: Runtime> fmt::Debug for Plain<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}
