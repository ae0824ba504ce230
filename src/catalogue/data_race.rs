//! Lesson 9.6: the data race — the bug Rust will not compile.
//!
//! T1 writes a plain (non-atomic) value; T2 reads it. With nothing ordering
//! the two — no lock, no `Release` store read by an `Acquire` load — the
//! accesses race. In Rust and C++ that is not a wrong answer but undefined
//! behaviour: the compiler may assume it never happens, and the program
//! means nothing at all. Safe Rust refuses the program, which is why the
//! [racy counter](crate::counter::racy) uses atomics: its bug is a race
//! *condition* (a wrong answer from well-defined steps), never a data race.
//!
//! The program a learner might try, which Rust rejects:
//!
//! ```compile_fail
//! use std::thread;
//!
//! let mut value = 0u64;
//! thread::scope(|s| {
//!     s.spawn(|| value = 42); // error: `value` is borrowed mutably here…
//!     s.spawn(|| println!("{value}")); // …and shared here
//! });
//! ```
//!
//! Two fixes, each making one access happen before the other:
//!
//! - **a lock** (`mutex`): both threads touch the value only while holding
//!   the same lock; an unlock happens before the next lock;
//! - **publication** (`release-acquire`): T1 writes the value, then stores a
//!   flag with `Release`; T2 loads the flag with `Acquire` and reads the
//!   value only if it is set: the write happens before the read.
//!
//! The engine-generic version below is what the checkers run, on a
//! [`RacyCell`]: the one type in racelab that shares a plain value unsafely,
//! and only under the checkers. racelab's own happens-before check names
//! both racing accesses (loom's `UnsafeCell` would panic at the first one,
//! naming one, and end its search).

use std::sync::atomic::Ordering::{Acquire, Release};
use std::sync::Arc;

use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Locks, RacyCell, Runtime, StartGate};

/// The plain value, a lock, and a flag.
struct Shared<R: Runtime> {
    value: RacyCell<R>,
    lock: Locks<R>,
    ready: Atomic<R>,
}

/// T1 writes 42; T2 reads the value; returns what T2 read (0: not yet).
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let shared = Arc::new(Shared::<R> {
        value: RacyCell::named("value", 0),
        lock: Locks::new(&["lock"]),
        ready: Atomic::named("ready", 0),
    });
    let gate = Arc::new(R::Gate::default());
    let writer = {
        let (shared, gate) = (Arc::clone(&shared), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            write(&shared, variant);
        })
    };
    let reader = {
        let (shared, gate) = (Arc::clone(&shared), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            read(&shared, variant)
        })
    };
    gate.open();
    let _ = R::join(writer);
    let seen = R::join(reader).unwrap_or(0);
    Observed::new(vec![("read", seen)])
}

/// T1's program.
fn write<R: Runtime>(shared: &Shared<R>, variant: Variant) {
    match variant {
        Variant::Buggy => shared.value.set(42),
        Variant::AlsoFixed => {
            let _ = shared.lock.lock(1, 0);
            shared.value.set(42);
            shared.lock.unlock(1, 0);
        }
        _ => {
            shared.value.set(42);
            shared.ready.store(1, Release);
        }
    }
}

/// T2's program: what it read, or 0 if it found nothing to read.
fn read<R: Runtime>(shared: &Shared<R>, variant: Variant) -> u64 {
    match variant {
        Variant::Buggy => shared.value.get(),
        Variant::AlsoFixed => {
            let _ = shared.lock.lock(2, 0);
            let seen = shared.value.get();
            shared.lock.unlock(2, 0);
            seen
        }
        _ => {
            if shared.ready.load(Acquire) == 1 {
                shared.value.get()
            } else {
                0
            }
        }
    }
}

/// No data race.
pub fn correct(observed: &Observed) -> bool {
    observed.get("data race").is_none()
}
