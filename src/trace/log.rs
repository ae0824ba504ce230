//! Where steps go while an execution runs.
//!
//! Both loom and shuttle run all the threads of an execution on the one OS
//! thread that called them, switching between them like coroutines, and run
//! one execution at a time. So a plain thread-local record, started before an
//! execution and finished after it, holds exactly that execution's steps, in
//! the order they ran, and can hand out fresh identities for its places and
//! writes.

use std::cell::RefCell;

use crate::trace::{Location, Place, Step, Trace, WriteId};

/// Store identities are spaced this far apart, so that the `fetch_add`s
/// built on a store can number themselves after it (store, store + 1, …)
/// without meeting the next store.
pub(crate) const WRITES_PER_STORE: u32 = 1 << 16;

#[derive(Default)]
struct Log {
    steps: Vec<Step>,
    places: Vec<Place>,
    stores: u32,
}

thread_local! {
    static LOG: RefCell<Option<Log>> = const { RefCell::new(None) };
}

/// Starts recording the steps of a new execution.
pub fn start() {
    LOG.with(|log| *log.borrow_mut() = Some(Log::default()));
}

/// Records one step, if recording has started.
pub fn record(step: Step) {
    LOG.with(|log| {
        if let Some(log) = log.borrow_mut().as_mut() {
            log.steps.push(step);
        }
    });
}

/// How many steps have been recorded since [`start`] (0 when not recording).
pub fn recorded() -> usize {
    LOG.with(|log| log.borrow().as_ref().map_or(0, |log| log.steps.len()))
}

/// A new place called `name` (its values named by `states`, if any).
///
/// Outside a recording every place is `Location(0)`: nothing reads it.
pub fn new_location(name: &'static str, states: &'static [&'static str]) -> Location {
    add_place(Place {
        name,
        states,
        sync: false,
        plain: false,
    })
}

/// A new plain, non-atomic location called `name`.
pub fn new_plain(name: &'static str) -> Location {
    add_place(Place {
        name,
        states: &[],
        sync: false,
        plain: true,
    })
}

/// A new lock or condition variable called `name`.
pub fn new_lock(name: &'static str) -> Location {
    add_place(Place {
        name,
        states: &[],
        sync: true,
        plain: false,
    })
}

fn add_place(place: Place) -> Location {
    LOG.with(|log| match log.borrow_mut().as_mut() {
        Some(log) => {
            log.places.push(place);
            Location(log.places.len() as u32 - 1)
        }
        None => Location(0),
    })
}

/// A fresh identity for a store.
pub fn new_write() -> WriteId {
    LOG.with(|log| match log.borrow_mut().as_mut() {
        Some(log) => {
            log.stores += 1;
            let id = log.stores.checked_mul(WRITES_PER_STORE);
            WriteId(id.expect("at most 65,535 stores in one recorded execution"))
        }
        None => WriteId(0),
    })
}

/// Stops recording and returns what was recorded since [`start`].
pub fn finish() -> Trace {
    let log = LOG.with(|log| log.borrow_mut().take()).unwrap_or_default();
    Trace::new(log.steps, log.places)
}
