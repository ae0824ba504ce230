//! The one place in racelab that is allowed `unsafe`: a plain `u64` that
//! two threads may touch with no synchronization at all — a data race, on
//! purpose, for the lesson that shows one.
//!
//! Safe Rust cannot share a plain integer between threads that both write
//! it, and that is the point: a data race is undefined behaviour, and the
//! compiler rules it out. To *show* one, [`RacyCell`] claims to be `Sync`.
//! That claim is sound only because a `RacyCell` can exist only under the
//! model checkers, and the type system says so: its engine must be
//! [`ModelChecked`], a sealed trait that only [`Loom`] and [`Shuttle`]
//! implement, and both run all the threads of an execution on the one OS
//! thread that called them, one step at a time, so no two accesses ever
//! overlap in the machine. What races is the *modelled* program, and
//! racelab's own happens-before check ([`trace::race`](crate::trace::analysis::race))
//! names both accesses.
//!
//! A program is written against any engine's [`RacyValue`]: under the
//! checkers that is a `RacyCell`; on real threads it is [`NoRacyValue`],
//! which cannot be made.
//!
//! ```compile_fail
//! use racelab::sync::{RacyCell, Std};
//!
//! // On real threads a RacyCell does not exist: Std is not ModelChecked.
//! let value = RacyCell::<Std>::named("value", 0);
//! ```

#![allow(unsafe_code)]

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::Ordering::Relaxed;

use crate::sync::{AtomicWord, Loom, Runtime, Shuttle};
use crate::trace::{self, Action, Location, WriteId};

mod sealed {
    /// Only this module can name it, so only the engines below implement
    /// [`ModelChecked`](super::ModelChecked).
    pub trait Sealed {}
    impl Sealed for super::Loom {}
    impl Sealed for super::Shuttle {}
}

/// An engine that runs every thread of an execution on the one OS thread
/// that called it, switching only at its own scheduling points: loom and
/// shuttle. Sealed: no other engine can claim it.
pub trait ModelChecked: Runtime + sealed::Sealed {}

impl ModelChecked for Loom {}
impl ModelChecked for Shuttle {}

/// A plain value shared with no synchronization, as an engine provides it.
pub trait RacyValue: Send + Sync + Sized + 'static {
    /// A new value called `name`, holding `value`.
    fn named(name: &'static str, value: u64) -> Self;
    /// Reads it, with no synchronization.
    #[track_caller]
    fn get(&self) -> u64;
    /// Writes it, with no synchronization.
    #[track_caller]
    fn set(&self, value: u64);
}

/// A plain `u64` shared with no synchronization, for the data-race lesson;
/// only under the model checkers.
pub struct RacyCell<R: ModelChecked> {
    /// Bumped before each access, only so that the checker may switch
    /// threads there and try both orders of the two accesses, as a real
    /// machine might: a plain `Cell` is invisible to it.
    switch_point: R::AtomicU64,
    value: Cell<u64>,
    last_write: Cell<WriteId>,
    location: Location,
    engine: PhantomData<fn() -> R>,
}

// SAFETY: `R` is `ModelChecked`, which only loom and shuttle implement (the
// trait is sealed). Both run every thread of an execution as a coroutine on
// the one OS thread that called them, and switch threads only at their own
// scheduling points (here, the `switch_point` operation before each access,
// never inside one). So the `Cell`s inside are never touched by two OS
// threads at once, and never while a `get` or `set` is under way. A cell
// that escaped its execution cannot be used either: its first step, the
// checker's atomic operation, panics outside an execution before any `Cell`
// is touched.
unsafe impl<R: ModelChecked> Sync for RacyCell<R> {}

impl<R: ModelChecked> RacyValue for RacyCell<R> {
    fn named(name: &'static str, value: u64) -> Self {
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

    #[track_caller]
    fn get(&self) -> u64 {
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

    #[track_caller]
    fn set(&self, value: u64) {
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

impl<R: ModelChecked> fmt::Debug for RacyCell<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RacyCell")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}

/// Real threads' [`RacyValue`]: there is none. Making one panics, because
/// on real threads sharing a plain value unsynchronized would be the
/// undefined behaviour the lesson teaches.
#[derive(Debug)]
pub struct NoRacyValue(std::convert::Infallible);

impl RacyValue for NoRacyValue {
    fn named(_name: &'static str, _value: u64) -> Self {
        panic!(
            "a racy plain value exists only under the model checkers: on real threads its race \
             would be undefined behaviour"
        )
    }

    fn get(&self) -> u64 {
        match self.0 {}
    }

    fn set(&self, _value: u64) {
        match self.0 {}
    }
}
