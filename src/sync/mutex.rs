use std::fmt;

use crate::sync::{Lock, Runtime};
use crate::trace::{self, Action, Location};

/// A mutex from engine `R` around a value of type `T`, its locking and
/// unlocking recorded for the trace.
///
/// The value is reachable only inside [`with`](Mutex::with), so it cannot be
/// touched without holding the lock: the type system enforces what a Python
/// `Lock` leaves to discipline.
///
/// ```
/// use racelab::sync::Mutex;
///
/// let names: Mutex<Vec<&str>> = Mutex::named("names", Vec::new());
/// names.with(|names| names.push("T1"));
/// assert_eq!(names.with(|names| names.len()), 1);
/// ```
pub struct Mutex<T: Send, R: Runtime = crate::sync::Std> {
    lock: R::Mutex<T>,
    /// Under the checkers: which lock this is in a trace.
    id: Location,
}

impl<T: Send, R: Runtime> Mutex<T, R> {
    /// A new, unlocked mutex around `value`, called `lock` in a trace.
    pub fn new(value: T) -> Self {
        Self::named("lock", value)
    }

    /// A new, unlocked mutex around `value`, called `name` in a trace.
    pub fn named(name: &'static str, value: T) -> Self {
        let mut id = Location(0);
        if R::RECORDS {
            id = trace::new_lock(name);
        }
        Self {
            lock: R::Mutex::new(value),
            id,
        }
    }

    /// Locks, runs `f` on the value, and unlocks.
    #[track_caller]
    pub fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        let at = std::panic::Location::caller();
        self.lock.with(|value| {
            R::record_at(at, || Action::Lock {
                lock: self.id,
                tried: false,
            });
            let result = f(value);
            R::record_at(at, || Action::Unlock { lock: self.id });
            result
        })
    }
}

impl<T: Send, R: Runtime> fmt::Debug for Mutex<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}
