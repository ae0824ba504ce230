//! Lesson 9.4: message passing, a bug that exists only because memory is
//! weak.
//!
//! T1 writes the data, then raises a flag; T2 reads the flag, then the data.
//! On a sequentially consistent machine, where every read returns the newest
//! write, a T2 that sees the flag up must see the data: T1 wrote it first. With
//! `Relaxed` atomics nothing says so. Each location has its own order of
//! writes, and T2 may see the flag's new value and the data's old one:
//! `flag = 1, data = 0`. No interleaving of whole steps gives that outcome;
//! only a weak memory model does, so loom finds it and shuttle, which runs
//! a sequentially consistent machine, cannot.
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
//! use std::thread;
//!
//! let (data, flag) = (AtomicU64::new(0), AtomicU64::new(0));
//! let (seen_flag, seen_data) = thread::scope(|s| {
//!     s.spawn(|| {
//!         data.store(42, Relaxed);
//!         flag.store(1, Relaxed); // nothing orders this after the data
//!     });
//!     let reader = s.spawn(|| (flag.load(Relaxed), data.load(Relaxed)));
//!     reader.join().unwrap()
//! });
//! // Allowed by the memory model; x86 hardware keeps stores in order and
//! // loads in order, so on x86 only the compiler's reordering could show it.
//! let _weak = seen_flag == 1 && seen_data == 0;
//! ```
//!
//! The fix: `Release` on the flag's store and `Acquire` on its load. A
//! release store *synchronizes with* an acquire load that returns it:
//! everything that happens before the store happens before everything the
//! reader does after the load, so the data read returns 42.
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, StartGate, Std};

/// Lesson 9.4: data, then a flag; the reader sees the flag, not the data.
#[derive(Clone, Copy, Debug)]
pub struct MessagePassing;

/// The versions of [`MessagePassing`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Every access `Relaxed`.
    Relaxed,
    /// `Release` on the flag's store, `Acquire` on its load.
    ReleaseAcquire,
}

impl Scenario for MessagePassing {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "message-passing",
        "9.4",
        "data, then a flag, all Relaxed: the reader sees the flag, not the data",
        "a reader that sees the flag sees the data",
    )
    .roles("Roles: T1 writes data, then flag; T2 reads flag, then data.")
    .fix(
        "Fix: Release on the flag's store and Acquire on its load: a Release store synchronizes \
         with an Acquire load that returns it, so every write that happens before the store \
         (here T1's write of data) happens before the loading thread's later reads, which \
         return that write or a later one.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::Relaxed,
            name: "relaxed",
            what: "every access Relaxed",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1",
                    rust: &[
                        "data.store(42, Relaxed);",
                        "flag.store(1, Relaxed) // then the flag",
                    ],
                    python: &["data = 42", "flag = 1"],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "flag.load(Relaxed) // → flag",
                        "data.load(Relaxed) // → data",
                    ],
                    python: &[
                        "seen = flag",
                        "got = data  # with the GIL, in practice 42 if seen == 1",
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
                        "data.store(42, Relaxed);",
                        "flag.store(1, Release) // then the flag",
                    ],
                    python: &[],
                },
                Code {
                    who: "T2",
                    rust: &[
                        "flag.load(Acquire) // → flag",
                        "data.load(Relaxed) // → data",
                    ],
                    python: &[],
                },
            ],
        },
    ];

    /// T1 publishes 42 through a flag; T2 reads the flag, then the data.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let data = Arc::new(Atomic::<R>::named("data", 0));
        let flag = Arc::new(Atomic::<R>::named("flag", 0));
        let gate = Arc::new(R::Gate::default());
        let writer = {
            let (data, flag, gate) = (Arc::clone(&data), Arc::clone(&flag), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                publish(&data, &flag, version);
            })
        };
        let reader = {
            let gate = Arc::clone(&gate);
            R::spawn(move || {
                gate.wait();
                observe(&data, &flag, version)
            })
        };
        gate.open();
        let _ = R::join(writer);
        let (seen_flag, seen_data) = R::join(reader).unwrap_or((0, 0));
        Observed::new(vec![("flag", seen_flag), ("data", seen_data)])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let fresh = || {
            (
                Atomic::<Std>::named("data", 0),
                Atomic::<Std>::named("flag", 0),
            )
        };
        let runs = litmus(
            runs,
            fresh,
            |(data, flag)| publish(data, flag, version),
            |(data, flag)| observe(data, flag, version),
        );
        Ok(runs
            .into_iter()
            .map(|(_, (), (flag, data))| Observed::new(vec![("flag", flag), ("data", data)]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("flag") != Some(1) || observed.get("data") == Some(42)
    }
}

/// T1's program: the data, then the flag.
fn publish<R: Runtime>(data: &Atomic<R>, flag: &Atomic<R>, version: Version) {
    data.store(42, Relaxed);
    match version {
        Version::Relaxed => flag.store(1, Relaxed),
        Version::ReleaseAcquire => flag.store(1, Release),
    }
}

/// T2's program: the flag, then the data.
fn observe<R: Runtime>(data: &Atomic<R>, flag: &Atomic<R>, version: Version) -> (u64, u64) {
    let seen_flag = match version {
        Version::Relaxed => flag.load(Relaxed),
        Version::ReleaseAcquire => flag.load(Acquire),
    };
    (seen_flag, data.load(Relaxed))
}
