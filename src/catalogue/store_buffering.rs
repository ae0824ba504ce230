//! Lesson 9.5: store buffering, the weak-memory outcome real CPUs show.
//!
//! T1 sets `x = 1` and then reads `y`; T2 sets `y = 1` and then reads `x`.
//! In any interleaving one of the stores comes first, so at least one thread
//! reads a 1. Yet `r1 = 0, r2 = 0` happens on real x86 machines: each core
//! parks its store in a store buffer and runs its load before the store
//! reaches memory. `Relaxed` allows it, and so do `Release` and `Acquire`,
//! which order a thread's operations against another thread's only through a
//! load that returns a store — and here each load returns the initial 0.
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
//! use std::thread;
//!
//! let (x, y) = (AtomicU64::new(0), AtomicU64::new(0));
//! let (r1, r2) = thread::scope(|s| {
//!     let t1 = s.spawn(|| { x.store(1, Relaxed); y.load(Relaxed) });
//!     let t2 = s.spawn(|| { y.store(1, Relaxed); x.load(Relaxed) });
//!     (t1.join().unwrap(), t2.join().unwrap())
//! });
//! // r1 == 0 && r2 == 0 is allowed, and x86 shows it now and then.
//! let _ = (r1, r2);
//! ```
//!
//! The fix: a `SeqCst` fence between each thread's store and its load. All
//! `SeqCst` fences are in one total order, and whichever comes first makes
//! its thread's store visible to the other thread's load. `SeqCst` on the
//! loads and stores alone (the version `seqcst`) fixes it too: all `SeqCst`
//! operations are in one total order as well. loom, though, treats `SeqCst`
//! loads and stores as `Acquire` and `Release` (loom issue 180) and
//! produces `0, 0` for that version too; racelab's
//! [referee](crate::trace::analysis::referee) finds those executions forbidden by the
//! memory model, says so, and leaves them out of the outcomes.
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::{Acquire, Relaxed, Release, SeqCst};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{fence, Atomic, Runtime, StartGate, Std};

/// Lesson 9.5: `x = 1; r1 = y` against `y = 1; r2 = x`.
#[derive(Clone, Copy, Debug)]
pub struct StoreBuffering;

/// The versions of [`StoreBuffering`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Every access `Relaxed`.
    Relaxed,
    /// `Release` stores, `Acquire` loads.
    ReleaseAcquire,
    /// A `SeqCst` fence between each store and load.
    SeqCstFences,
    /// Every access `SeqCst`.
    SeqCst,
}

impl Scenario for StoreBuffering {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "store-buffering",
        "9.5",
        "x = 1; r1 = y against y = 1; r2 = x: both read 0",
        "at least one thread sees the other's store",
    )
    .roles("Roles: T1 stores x, then reads y into r1; T2 stores y, then reads x into r2.")
    .fix(
        "Fix: a SeqCst fence between each thread's store and its load; Release/Acquire is not \
         enough. SeqCst on all four accesses fixes it too, in Rust and C++; loom treats SeqCst \
         loads and stores as Release and Acquire (loom issue 180) and produces r1 = r2 = 0 for \
         that version as well, and racelab's referee leaves those executions out, as the memory \
         model forbids them.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::Relaxed,
            name: "relaxed",
            what: "every access Relaxed",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 (mine x, theirs y) and T2 (mine y, theirs x)",
                rust: &[
                    "mine.store(1, Relaxed) // T1: x = 1; T2: y = 1",
                    "theirs.load(Relaxed) // T1: r1 = y; T2: r2 = x",
                ],
                python: &[
                    "x = 1       # T2: y = 1",
                    "r1 = y      # T2: r2 = x; with the GIL, in practice never both 0",
                ],
            }],
        },
        Variant {
            version: Version::ReleaseAcquire,
            name: "release-acquire",
            what: "Release stores, Acquire loads",
            kind: Kind::StillWrong,
            code: &[Code {
                who: "T1 (mine x, theirs y) and T2 (mine y, theirs x)",
                rust: &[
                    "mine.store(1, Release) // T1: x = 1; T2: y = 1",
                    "theirs.load(Acquire) // T1: r1 = y; T2: r2 = x",
                ],
                python: &[],
            }],
        },
        Variant {
            version: Version::SeqCstFences,
            name: "seqcst-fences",
            what: "a SeqCst fence between each store and load",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 (mine x, theirs y) and T2 (mine y, theirs x)",
                rust: &[
                    "mine.store(1, Relaxed); // T1: x = 1; T2: y = 1",
                    "fence::<R>(SeqCst);",
                    "theirs.load(Relaxed) // T1: r1 = y; T2: r2 = x",
                ],
                python: &[],
            }],
        },
        Variant {
            version: Version::SeqCst,
            name: "seqcst",
            what: "every access SeqCst",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 (mine x, theirs y) and T2 (mine y, theirs x)",
                rust: &[
                    "mine.store(1, SeqCst) // T1: x = 1; T2: y = 1",
                    "theirs.load(SeqCst) // T1: r1 = y; T2: r2 = x",
                ],
                python: &[],
            }],
        },
    ];

    /// Each thread stores 1 to its own location, then reads the other's.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let x = Arc::new(Atomic::<R>::named("x", 0));
        let y = Arc::new(Atomic::<R>::named("y", 0));
        let gate = Arc::new(R::Gate::default());
        let t1 = side::<R>(&x, &y, &gate, version);
        let t2 = side::<R>(&y, &x, &gate, version);
        gate.open();
        let r1 = R::join(t1).unwrap_or(1);
        let r2 = R::join(t2).unwrap_or(1);
        Observed::new(vec![("r1", r1), ("r2", r2)])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let fresh = || (Atomic::<Std>::named("x", 0), Atomic::<Std>::named("y", 0));
        let runs = litmus(
            runs,
            fresh,
            |(x, y)| store_then_load(x, y, version),
            |(x, y)| store_then_load(y, x, version),
        );
        Ok(runs
            .into_iter()
            .map(|(_, r1, r2)| Observed::new(vec![("r1", r1), ("r2", r2)]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("r1") == Some(1) || observed.get("r2") == Some(1)
    }
}

/// A thread that stores 1 to `mine`, then reads `theirs`.
fn side<R: Runtime>(
    mine: &Arc<Atomic<R>>,
    theirs: &Arc<Atomic<R>>,
    gate: &Arc<R::Gate>,
    version: Version,
) -> R::JoinHandle<u64> {
    let (mine, theirs, gate) = (Arc::clone(mine), Arc::clone(theirs), Arc::clone(gate));
    R::spawn(move || {
        gate.wait();
        store_then_load(&mine, &theirs, version)
    })
}

/// One thread's program: store 1 to `mine`, then read `theirs`.
fn store_then_load<R: Runtime>(mine: &Atomic<R>, theirs: &Atomic<R>, version: Version) -> u64 {
    match version {
        Version::Relaxed => {
            mine.store(1, Relaxed);
            theirs.load(Relaxed)
        }
        Version::ReleaseAcquire => {
            mine.store(1, Release);
            theirs.load(Acquire)
        }
        Version::SeqCstFences => {
            mine.store(1, Relaxed);
            fence::<R>(SeqCst);
            theirs.load(Relaxed)
        }
        Version::SeqCst => {
            mine.store(1, SeqCst);
            theirs.load(SeqCst)
        }
    }
}
