//! The one place in racelab that is allowed `unsafe`: a plain `u64` that
//! two threads may touch with no synchronization at all — a data race, on
//! purpose, for the lesson that shows one.
//!
//! Safe Rust cannot share a plain integer between threads that both write
//! it, and that is the point: a data race is undefined behaviour, and the
//! compiler rules it out. To *show* one, this cell claims to be `Sync`. It
//! is sound only because it exists only under the model checkers, which run
//! all the threads of an execution on one OS thread, one step at a time: no
//! two accesses ever overlap in the machine. What races is the *modelled*
//! program, and racelab's own happens-before check
//! ([`trace::race`](crate::trace::race)) names both accesses. On real
//! threads the cell refuses to exist.

#![allow(unsafe_code)]

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::Ordering::Relaxed;

use crate::sync::{AtomicWord, Runtime};
use crate::trace::{self, Action, Location, WriteId};

/// A plain `u64` shared with no synchronization, for the data-race lesson;
/// only under the model checkers.
pub struct RacyCell<R: Runtime> {
    /// Bumped before each access, only so that the checker may switch
    /// threads there and try both orders of the two accesses, as a real
    /// machine might: a plain `Cell` is invisible to it.
    switch_point: R::AtomicU64,
    value: Cell<u64>,
    last_write: Cell<WriteId>,
    location: Location,
    engine: PhantomData<fn() -> R>,
}

// SAFETY: a `RacyCell` is made only for an engine that records (loom or
// shuttle; `new` panics otherwise), and those run every thread of an
// execution on the one OS thread that called them, switching only at their
// own scheduling points. So the `Cell`s inside are never touched by two OS
// threads at once, and never while a `get` or `set` is under way.
unsafe impl<R: Runtime> Sync for RacyCell<R> {}

impl<R: Runtime> RacyCell<R> {
    /// A new cell called `name`, holding `value`.
    ///
    /// # Panics
    ///
    /// On real threads, where sharing it would be the undefined behaviour it
    /// teaches.
    pub fn named(name: &'static str, value: u64) -> Self {
        assert!(
            R::RECORDS,
            "a RacyCell runs only under the model checkers: on real threads its race would be \
             undefined behaviour"
        );
        let location = trace::new_plain(name);
        let write = trace::new_write();
        R::record(|| Action::New {
            location,
            value,
            write,
        });
        Self {
            switch_point: R::AtomicU64::new(0),
            value: Cell::new(value),
            last_write: Cell::new(write),
            location,
            engine: PhantomData,
        }
    }

    /// Reads the value, with no synchronization.
    pub fn get(&self) -> u64 {
        self.switch_point.fetch_add(1, Relaxed);
        let value = self.value.get();
        R::record(|| Action::Read {
            location: self.location,
            value,
            saw: self.last_write.get(),
            order: Relaxed,
        });
        value
    }

    /// Writes `value`, with no synchronization.
    pub fn set(&self, value: u64) {
        self.switch_point.fetch_add(1, Relaxed);
        self.value.set(value);
        let write = trace::new_write();
        self.last_write.set(write);
        R::record(|| Action::Write {
            location: self.location,
            value,
            write,
            order: Relaxed,
        });
    }
}

impl<R: Runtime> fmt::Debug for RacyCell<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RacyCell")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}
