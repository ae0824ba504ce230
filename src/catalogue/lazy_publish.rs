//! Lesson 9.8b: lazy initialisation, seen before it is filled in. The maker
//! fills the value in, then sets a `ready` flag, all `Relaxed`; a reader
//! that sees the flag may still see the value unfilled — message passing
//! (lesson 9.4) again, only under weak memory. Fix: `Release` on the flag's
//! store, `Acquire` on its load, which is what `OnceLock` does inside.
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
//! use std::thread;
//!
//! let (value, ready) = (AtomicU64::new(0), AtomicU64::new(0));
//! let (seen_ready, seen_value) = thread::scope(|s| {
//!     s.spawn(|| {
//!         value.store(42, Relaxed);
//!         ready.store(1, Relaxed); // nothing orders this after the value
//!     });
//!     let user = s.spawn(|| (ready.load(Relaxed), value.load(Relaxed)));
//!     user.join().unwrap()
//! });
//! let _unfilled = seen_ready == 1 && seen_value == 0; // allowed
//! ```
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, StartGate, Std};

/// Lesson 9.8b: a `Relaxed` ready flag, seen before the value.
#[derive(Clone, Copy, Debug)]
pub struct LazyPublish;

/// The versions of [`LazyPublish`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// A `Relaxed` ready flag.
    Relaxed,
    /// `Release` on the flag's store, `Acquire` on its load.
    ReleaseAcquire,
}

impl Scenario for LazyPublish {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "lazy-publish",
        "9.8b",
        "a Relaxed ready flag: the reader sees it before the value",
        "a reader that finds it ready finds it made",
    )
    .roles("Roles: T1 fills the value in, then sets ready; T2 reads ready and, if it is set, the value.")
    .fix(
        "Fix: Release on the ready flag's store and Acquire on its load, so a reader that sees \
         ready sees the value filled in; OnceLock does this inside.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::Relaxed,
            name: "relaxed",
            what: "a Relaxed ready flag",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.value.store(42, Relaxed);",
                        "self.ready.store(1, Relaxed)",
                    ],
                    python: &["value = 42", "ready = True"],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "self.ready.load(Relaxed) // → ready",
                        "let value = if ready == 1 {",
                        "    self.value.load(Relaxed)",
                        "} else {",
                        "    0",
                        "};",
                    ],
                    python: &[
                        "if ready:",
                        "    use(value)  # with the GIL, in practice 42",
                    ],
                },
            ],
        },
        Variant {
            version: Version::ReleaseAcquire,
            name: "release-acquire",
            what: "Release on the flag's store, Acquire on its load",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "self.value.store(42, Relaxed);",
                        "self.ready.store(1, Release)",
                    ],
                    python: &[],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "self.ready.load(Acquire) // → ready",
                        "let value = if ready == 1 {",
                        "    self.value.load(Relaxed)",
                        "} else {",
                        "    0",
                        "};",
                    ],
                    python: &[],
                },
            ],
        },
    ];

    /// T1 makes and publishes the value; T2 uses it if ready.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let published = Arc::new(Published::<R>::new());
        let gate = Arc::new(R::Gate::default());
        let maker = {
            let (published, gate) = (Arc::clone(&published), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                published.make(version);
            })
        };
        let user = {
            let (published, gate) = (Arc::clone(&published), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                published.use_it(version)
            })
        };
        gate.open();
        let _ = R::join(maker);
        let (ready, value) = R::join(user).unwrap_or((0, 0));
        Observed::new(vec![("ready", ready), ("value", value)])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let runs = litmus(
            runs,
            Published::<Std>::new,
            |published| published.make(version),
            |published| published.use_it(version),
        );
        Ok(runs
            .into_iter()
            .map(|(_, (), (ready, value))| Observed::new(vec![("ready", ready), ("value", value)]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("ready") != Some(1) || observed.get("value") == Some(42)
    }

    /// A reader that finds it not ready reads no value: its 0 is no read.
    fn outcome(observed: &Observed) -> String {
        match observed.get("ready") {
            Some(0) => "ready = 0, value not read".to_string(),
            _ => observed.to_string(),
        }
    }
}

/// The value and its `ready` flag.
struct Published<R: Runtime> {
    value: Atomic<R>,
    ready: Atomic<R>,
}

impl<R: Runtime> Published<R> {
    fn new() -> Self {
        Self {
            value: Atomic::named("value", 0),
            ready: Atomic::named("ready", 0),
        }
    }

    /// T1: fills the value in, then says it is ready.
    fn make(&self, version: Version) {
        self.value.store(42, Relaxed);
        match version {
            Version::Relaxed => self.ready.store(1, Relaxed),
            Version::ReleaseAcquire => self.ready.store(1, Release),
        }
    }

    /// T2: if it is ready, reads the value.
    fn use_it(&self, version: Version) -> (u64, u64) {
        let ready = match version {
            Version::Relaxed => self.ready.load(Relaxed),
            Version::ReleaseAcquire => self.ready.load(Acquire),
        };
        let value = if ready == 1 {
            self.value.load(Relaxed)
        } else {
            0
        };
        (ready, value)
    }
}
