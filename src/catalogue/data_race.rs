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
//! The engine-generic version below is what the checkers run, on the
//! engine's [`RacyValue`]: under the checkers a
//! [`RacyCell`](crate::sync::RacyCell), the one type in racelab that shares
//! a plain value unsafely, and one that only they can have. racelab's own happens-before check names
//! both racing accesses (loom's `UnsafeCell` would panic at the first one,
//! naming one, and end its search).

use std::sync::atomic::Ordering::{Acquire, Release};
use std::sync::Arc;

use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Locks, RacyValue, Runtime, StartGate};
use crate::trace::Drawing;

/// Lesson 9.6: a plain value written and read with nothing ordering them.
#[derive(Clone, Copy, Debug)]
pub struct DataRace;

/// The versions of [`DataRace`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// T1 writes, T2 reads, nothing between.
    Unsynchronized,
    /// Both under one lock.
    Mutex,
    /// Published through a `Release`/`Acquire` flag.
    ReleaseAcquire,
}

impl Scenario for DataRace {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "data-race",
        "9.6",
        "a plain value written and read with nothing ordering them",
        "no data race",
    )
    .roles("Roles: T1 writes the plain value; T2 reads it.")
    .fix(
        "Fix: order the two accesses: both under one lock, or publish with a Release store of a \
         flag, and read the value only after an Acquire load of the flag has returned what that \
         store wrote.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::Unsynchronized,
            name: "unsynchronized",
            what: "T1 writes, T2 reads, nothing between",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1",
                    rust: &["shared.value.set(42)"],
                    python: &["value = 42"],
                },
                Code {
                    who: "T2",
                    rust: &["shared.value.get()"],
                    python: &["print(value)  # 0 or 42: a race, never undefined behaviour"],
                },
            ],
        },
        Variant {
            version: Version::Mutex,
            name: "mutex",
            what: "both under one lock",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "let _ = shared.lock.lock(1, 0);",
                        "shared.value.set(42);",
                        "shared.lock.unlock(1, 0);",
                    ],
                    python: &[],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "let _ = shared.lock.lock(2, 0);",
                        "let seen = shared.value.get();",
                        "shared.lock.unlock(2, 0);",
                    ],
                    python: &[],
                },
            ],
        },
        Variant {
            version: Version::ReleaseAcquire,
            name: "release-acquire",
            what: "published through a Release/Acquire flag",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1",
                    rust: &["shared.value.set(42);", "shared.ready.store(1, Release);"],
                    python: &[],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "if shared.ready.load(Acquire) == 1 {",
                        "    shared.value.get()",
                        "} else {",
                        "    0 // not ready: the value is not read",
                        "}",
                    ],
                    python: &[],
                },
            ],
        },
    ];

    /// T1 writes 42; T2 reads the value; the outcome is what T2 read (0:
    /// not yet).
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let shared = Arc::new(Shared::<R> {
            value: R::RacyValue::named("value", 0),
            lock: Locks::new(&["lock"]),
            ready: Atomic::named("ready", 0),
        });
        let gate = Arc::new(R::Gate::default());
        let writer = {
            let (shared, gate) = (Arc::clone(&shared), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                write(&shared, version);
            })
        };
        let reader = {
            let (shared, gate) = (Arc::clone(&shared), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                read(&shared, version)
            })
        };
        gate.open();
        let _ = R::join(writer);
        let seen = R::join(reader).unwrap_or(0);
        Observed::new(vec![("read", seen)])
    }

    /// Refused: the unsynchronized version's race would be undefined
    /// behaviour on real threads, and the fixes share its plain value, which
    /// only the model checkers can hold.
    fn stress(_version: Version, _size: Size, _runs: usize) -> Result<Vec<Observed>, String> {
        Err(
            "its plain value can be shared only under the model checkers, which run one thread \
             at a time: on real threads the unsynchronized version's race would be undefined \
             behaviour, and racelab's type for the value exists only under loom and shuttle"
                .to_string(),
        )
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("data race").is_none()
    }

    fn notes(_version: Version, observed: &Observed, _drawing: &Drawing) -> Notes {
        let mut notes = Notes::default();
        if observed.get("data race").is_some() {
            notes.lines.push(
                "The values in the table are the checker's model of this program; a real data \
                 race is undefined behaviour, and is not limited to them."
                    .to_string(),
            );
        }
        notes
    }
}

/// The plain value, a lock, and a flag.
struct Shared<R: Runtime> {
    value: R::RacyValue,
    lock: Locks<R>,
    ready: Atomic<R>,
}

/// T1's program.
fn write<R: Runtime>(shared: &Shared<R>, version: Version) {
    match version {
        Version::Unsynchronized => shared.value.set(42),
        Version::Mutex => {
            let _ = shared.lock.lock(1, 0);
            shared.value.set(42);
            shared.lock.unlock(1, 0);
        }
        Version::ReleaseAcquire => {
            shared.value.set(42);
            shared.ready.store(1, Release);
        }
    }
}

/// T2's program: what it read, or 0 if it found nothing to read.
fn read<R: Runtime>(shared: &Shared<R>, version: Version) -> u64 {
    match version {
        Version::Unsynchronized => shared.value.get(),
        Version::Mutex => {
            let _ = shared.lock.lock(2, 0);
            let seen = shared.value.get();
            shared.lock.unlock(2, 0);
            seen
        }
        Version::ReleaseAcquire => {
            if shared.ready.load(Acquire) == 1 {
                shared.value.get()
            } else {
                0
            }
        }
    }
}
