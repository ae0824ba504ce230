//! Lesson 9.9: Peterson's lock, which the textbook proves correct on a
//! sequentially consistent machine, and which weak memory breaks.
//!
//! Two threads share two flags, `wants[0]` and `wants[1]`, and a `turn`.
//! To enter, a thread raises its flag, gives the turn to the other, and
//! waits while the other wants in and has the turn. On a machine where every
//! read returns the newest write, at most one thread can be inside: of two
//! threads that both want in, the one that gave the turn away last waits.
//!
//! With `Release` stores and `Acquire` loads, a thread's load of the other's
//! flag may still return the flag's initial 0: nothing orders a thread's
//! store before its own later load of another place, which is store
//! buffering (lesson 9.5) in disguise. Both see the other uninterested, and
//! both enter. loom finds it; shuttle, which runs the sequentially
//! consistent machine, cannot.
//!
//! Store buffering's fix, a `SeqCst` fence before the loads, is not enough
//! here (the version `fence`): the fences put the two threads in one order,
//! so the thread whose fence comes second sees the other's flag raised, but
//! they do not order the two atomic stores to `turn`, made before the fences.
//! The thread whose fence came first may still be the one that gave the turn
//! away last, so the second finds the turn its own and enters beside it.
//! Giving the turn away with one read-modify-write, `turn.swap(them,
//! AcqRel)`, fixes it: the two swaps are in one order, the second reads the
//! first and acquires its flag, and its own swap is the newest turn, so it
//! waits. `SeqCst` on every access fixes it too, in Rust and C++; loom
//! treats `SeqCst` loads and stores as `Acquire` and `Release` (loom issue
//! 180) and produces the broken executions for that version as well, which
//! racelab's [referee](crate::trace::analysis::referee) finds forbidden.
//!
//! The checkers run a one-shot version. A real lock spins until it may
//! enter; a spin has no end on loom, whose loads may return an old value
//! again and again. So each thread looks once whether it must wait, and if
//! it must, gives up; if not, it takes the lock and never lets go, so two
//! holders at the end were both inside at once. What the checkers prove,
//! they prove of this program.
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::{Acquire, Relaxed, Release}};
//! use std::thread;
//!
//! let wants = [AtomicBool::new(false), AtomicBool::new(false)];
//! let turn = AtomicUsize::new(0);
//! let inside = AtomicUsize::new(0);
//! let both = thread::scope(|s| {
//!     let threads: Vec<_> = (0..2)
//!         .map(|me| {
//!             let (wants, turn, inside) = (&wants, &turn, &inside);
//!             s.spawn(move || {
//!                 let other = 1 - me;
//!                 wants[me].store(true, Release);
//!                 turn.store(other, Release);
//!                 // ← the load below may still return the other's old `false`
//!                 while wants[other].load(Acquire) && turn.load(Acquire) == other {
//!                     std::hint::spin_loop();
//!                 }
//!                 let both = inside.fetch_add(1, Relaxed) == 1; // critical section
//!                 inside.fetch_sub(1, Relaxed);
//!                 wants[me].store(false, Release);
//!                 both
//!             })
//!         })
//!         .collect();
//!     threads.into_iter().any(|t| t.join().unwrap())
//! });
//! let _ = both; // may be true: the memory model allows both inside at once
//! ```
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::{AcqRel, Acquire, Release, SeqCst};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{fence, Atomic, Runtime, StartGate, Std};
use crate::trace::Action;

/// Lesson 9.9: Peterson's lock, on weak memory.
#[derive(Clone, Copy, Debug)]
pub struct Peterson;

/// The versions of [`Peterson`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `Release` stores, `Acquire` loads.
    ReleaseAcquire,
    /// A `SeqCst` fence between giving the turn away and reading the other's
    /// flag: still broken.
    Fence,
    /// The turn given away with a read-modify-write, `swap(_, AcqRel)`.
    Swap,
    /// Every access `SeqCst`.
    SeqCst,
}

impl Scenario for Peterson {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "peterson",
        "9.9",
        "Peterson's lock with Release/Acquire: both threads take it",
        "at most one thread holds the lock",
    )
    .roles(
        "Roles: T1 and T2 each try Peterson's lock once: raise its flag, give the turn to the \
         other, and look whether it must wait (the other wants in and has the turn): if so, \
         it gives up; if not, it takes the lock, and keeps it.",
    )
    .fix(
        "Fix: give the turn away with one read-modify-write, turn.swap(them, AcqRel). The two \
         swaps then fall in one order. The thread whose swap comes second reads the first \
         thread's swap, an Acquire of its Release, so it sees the first thread's flag raised; \
         its own swap has just given the turn to the first thread, so it waits. A SeqCst fence before the loads \
         is not enough: it orders the flags, not the two stores to turn. SeqCst on every \
         access fixes it too; loom treats SeqCst loads and stores as Acquire and Release \
         (loom issue 180) and produces the broken runs for that version as well, which the \
         memory model forbids.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::ReleaseAcquire,
            name: "release-acquire",
            what: "Release stores, Acquire loads",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 (me 0) and T2 (me 1)",
                rust: &[
                    "let them = other as u64; // the turn is a thread's number",
                    "lock.wants[me].store(1, Release);",
                    "lock.turn.store(them, Release);",
                    "let they_want = lock.wants[other].load(Acquire) == 1;",
                    "they_want && lock.turn.load(Acquire) == them // must it wait?",
                ],
                python: &[],
            }],
        },
        Variant {
            version: Version::Fence,
            name: "fence",
            what: "a SeqCst fence before the loads: not enough",
            kind: Kind::StillWrong,
            code: &[Code {
                who: "T1 (me 0) and T2 (me 1)",
                rust: &[
                    "let them = other as u64; // the turn is a thread's number",
                    "lock.wants[me].store(1, Release);",
                    "lock.turn.store(them, Release);",
                    "fence::<R>(SeqCst);",
                    "let they_want = lock.wants[other].load(Acquire) == 1;",
                    "they_want && lock.turn.load(Acquire) == them // must it wait?",
                ],
                python: &[],
            }],
        },
        Variant {
            version: Version::Swap,
            name: "swap",
            what: "the turn given away with swap(AcqRel)",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 (me 0) and T2 (me 1)",
                rust: &[
                    "let them = other as u64; // the turn is a thread's number",
                    "lock.wants[me].store(1, Release);",
                    "lock.turn.swap(them, AcqRel);",
                    "let they_want = lock.wants[other].load(Acquire) == 1;",
                    "they_want && lock.turn.load(Acquire) == them // must it wait?",
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
                who: "T1 (me 0) and T2 (me 1)",
                rust: &[
                    "let them = other as u64; // the turn is a thread's number",
                    "lock.wants[me].store(1, SeqCst);",
                    "lock.turn.store(them, SeqCst);",
                    "let they_want = lock.wants[other].load(SeqCst) == 1;",
                    "they_want && lock.turn.load(SeqCst) == them // must it wait?",
                ],
                python: &[],
            }],
        },
    ];

    /// T1 and T2 each try to take the lock, and keep it if they do; the
    /// outcome is how many hold it at the end.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let lock = Arc::new(Lock::<R>::new());
        let gate = Arc::new(R::Gate::default());
        let threads: Vec<_> = [0, 1]
            .into_iter()
            .map(|me| {
                let (lock, gate) = (Arc::clone(&lock), Arc::clone(&gate));
                R::spawn(move || {
                    gate.wait();
                    take(&lock, me, version)
                })
            })
            .collect();
        gate.open();
        let holders = threads
            .into_iter()
            .map(|thread| u64::from(R::join(thread).unwrap_or(false)))
            .sum();
        Observed::new(vec![("holders", holders)])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let runs = litmus(
            runs,
            Lock::<Std>::new,
            |lock| take(lock, 0, version),
            |lock| take(lock, 1, version),
        );
        Ok(runs
            .into_iter()
            .map(|(_, a, b)| Observed::new(vec![("holders", u64::from(a) + u64::from(b))]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("holders").is_some_and(|holders| holders <= 1)
    }
}

/// The lock's state: who wants it, and whose turn it is.
struct Lock<R: Runtime> {
    wants: [Atomic<R>; 2],
    turn: Atomic<R>,
}

impl<R: Runtime> Lock<R> {
    fn new() -> Self {
        Self {
            wants: [
                Atomic::with_states("wants[0]", &["no", "yes"], 0),
                Atomic::with_states("wants[1]", &["no", "yes"], 0),
            ],
            turn: Atomic::with_states("turn", &["T1", "T2"], 0),
        }
    }
}

/// Thread `me` tries to take the lock: whether it took it. It never lets
/// go, so two threads that took it were both inside at once.
///
/// A real lock spins until it may enter. A model checker needs every run to
/// end, and loom lets a spinning load return an old value again and again,
/// so this thread looks once: if it must wait, it gives up.
fn take<R: Runtime>(lock: &Lock<R>, me: usize, version: Version) -> bool {
    let other = 1 - me;
    let them = other as u64; // the turn is a thread's number
    let must_wait = match version {
        Version::ReleaseAcquire => {
            lock.wants[me].store(1, Release);
            lock.turn.store(them, Release);
            let they_want = lock.wants[other].load(Acquire) == 1;
            they_want && lock.turn.load(Acquire) == them
        }
        Version::Fence => {
            lock.wants[me].store(1, Release);
            lock.turn.store(them, Release);
            fence::<R>(SeqCst);
            let they_want = lock.wants[other].load(Acquire) == 1;
            they_want && lock.turn.load(Acquire) == them
        }
        Version::Swap => {
            lock.wants[me].store(1, Release);
            lock.turn.swap(them, AcqRel);
            let they_want = lock.wants[other].load(Acquire) == 1;
            they_want && lock.turn.load(Acquire) == them
        }
        Version::SeqCst => {
            lock.wants[me].store(1, SeqCst);
            lock.turn.store(them, SeqCst);
            let they_want = lock.wants[other].load(SeqCst) == 1;
            they_want && lock.turn.load(SeqCst) == them
        }
    };
    if !must_wait {
        R::record(|| Action::Event {
            label: "takes the lock",
        });
    }
    !must_wait
}
