//! Lesson 9.2: lock-order deadlock.
//!
//! T1 locks A, then B; T2 locks B, then A. If each takes its first lock
//! before the other takes its second, each waits for a lock the other holds,
//! and neither ever goes on. One preemption is enough: T1 is switched out
//! between its two locks.
//!
//! The program a learner writes, with `std` (it may hang, so it is not run
//! here):
//!
//! ```no_run
//! use std::sync::Mutex;
//! use std::thread;
//!
//! let (a, b) = (Mutex::new(0), Mutex::new(0));
//! thread::scope(|s| {
//!     s.spawn(|| {
//!         let _a = a.lock().unwrap();
//!         let _b = b.lock().unwrap(); // waits for T2, which waits for T1
//!     });
//!     s.spawn(|| {
//!         let _b = b.lock().unwrap();
//!         let _a = a.lock().unwrap();
//!     });
//! });
//! ```
//!
//! The fix: one global order. Every thread that needs both locks takes A
//! first, so no thread can hold B while it waits for A, and the chain of
//! waits can never close into a cycle.
//!
//! `try_lock` with back-off (the version `back-off`) ends the hang another
//! way: a thread that finds its second lock taken lets go of its first and
//! tries again. No thread ever waits, so there is no deadlock, but two
//! threads that back off in step can do it every time: a livelock, busy and
//! still stuck. Here each thread tries twice and then gives up, so the
//! checkers can count the endings where both gave up.
//!
//! The engine-generic version below is what the checkers run. Its locks
//! ([`Locks`]) notice the cycle instead of hanging, so a deadlock is an
//! outcome to count and draw, on every engine.

use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::{Locks, Runtime, StartGate, Std};
use crate::trace::{thread_name, Action, Drawing};

/// Lesson 9.2: T1 locks A then B, T2 locks B then A.
#[derive(Clone, Copy, Debug)]
pub struct Deadlock;

/// The versions of [`Deadlock`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Opposite orders.
    OppositeOrder,
    /// Opposite orders, but `try_lock` on the second lock and back off.
    BackOff,
    /// Both take A, then B.
    OneOrder,
}

impl Scenario for Deadlock {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "deadlock",
        "9.2",
        "T1 locks A then B, T2 locks B then A: each waits for the other",
        "each thread gets both locks",
    )
    .roles("Roles: T1 and T2 each take both locks, A and B, and let them go.")
    .fix(
        "Fix: take the locks in one global order, A before B in every thread, so no cycle of \
         waits can form. try_lock with back-off (let go of the first lock when the second is \
         taken, then try again) avoids the deadlock but does not fix the program: a thread can \
         find its second lock taken on every try and give up, and threads that keep retrying in \
         step can livelock.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::OppositeOrder,
            name: "opposite-order",
            what: "T1 locks A then B, T2 locks B then A",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 (first A, then B) and T2 (first B, then A)",
                rust: TAKE_BOTH,
                python: &["with first:", "    with second: pass"],
            }],
        },
        Variant {
            version: Version::BackOff,
            name: "back-off",
            what: "opposite orders, but try_lock the second lock and back off, twice",
            kind: Kind::StillWrong,
            code: &[Code {
                who: "T1 (first A, then B) and T2 (first B, then A), twice at most",
                rust: &[
                    "for _ in 0..TRIES { // TRIES = 2",
                    "    if locks.lock(me, first).is_err() {",
                    "        return Taken::Deadlock;",
                    "    }",
                    "    let took = locks.try_lock(me, second);",
                    "    if took {",
                    "        locks.unlock(me, second);",
                    "    }",
                    "    locks.unlock(me, first);",
                    "    if took {",
                    "        return Taken::Both;",
                    "    }",
                    "}",
                    "Taken::GaveUp",
                ],
                python: &["with first:", "    if second.acquire(blocking=False): ..."],
            }],
        },
        Variant {
            version: Version::OneOrder,
            name: "one-order",
            what: "both lock A, then B",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2 (first A, then B)",
                rust: TAKE_BOTH,
                python: &["with a:", "    with b: pass"],
            }],
        },
    ];

    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let locks = Arc::new(Locks::<R>::new(&NAMES));
        let gate = Arc::new(R::Gate::default());
        let threads: Vec<_> = [1, 2]
            .into_iter()
            .map(|me| {
                let (locks, gate) = (Arc::clone(&locks), Arc::clone(&gate));
                R::spawn(move || {
                    gate.wait();
                    take_both(&locks, me, version)
                })
            })
            .collect();
        gate.open();
        let ends: Vec<Taken> = threads
            .into_iter()
            .map(|t| R::join(t).unwrap_or(Taken::Deadlock))
            .collect();
        observed(version, &ends)
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let ends = litmus(
            runs,
            || Locks::<Std>::new(&NAMES),
            |locks| take_both(locks, 1, version),
            |locks| take_both(locks, 2, version),
        );
        Ok(ends
            .into_iter()
            .map(|(_, t1, t2)| observed(version, &[t1, t2]))
            .collect())
    }

    /// No thread ever waits for ever, and none gives up.
    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("deadlocks") == Some(0) && observed.get("gave up").unwrap_or(0) == 0
    }

    /// What the back-off's endings mean, from how many threads gave up.
    fn notes(_version: Version, observed: &Observed, drawing: &Drawing) -> Notes {
        let marked = gave_up(drawing);
        let line = match (observed.get("deadlocks"), observed.get("gave up")) {
            (Some(0), Some(2)) => {
                "Both threads gave up: each time one tried its second lock, the other held it. \
                 No thread waited and no cycle of waits formed, yet neither got both locks. This \
                 is livelock in small: each thread let go and tried again, and each try found \
                 the other's lock held; with no limit on their tries, two threads could go on \
                 so for ever."
            }
            (Some(0), Some(1)) => {
                "One thread found its second lock held by the other on each of its tries, and \
                 gave up: it never got both locks."
            }
            _ => return Notes::default(),
        };
        Notes {
            marked,
            lines: vec![line.to_string()],
        }
    }
}

/// The steps at which a thread gave up (a failed `try_lock` with no lock
/// taken after it), marked ✗, each with its sentence.
fn gave_up(drawing: &Drawing) -> Vec<(usize, String)> {
    let steps = drawing.trace.steps();
    let last_try = |index: usize, thread: usize| {
        !steps[index + 1..]
            .iter()
            .any(|step| step.thread == thread && matches!(step.action, Action::Lock { .. }))
    };
    let mut marked = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        if let Action::TryLockFailed { lock } = step.action {
            if last_try(index, step.thread) {
                let who = thread_name(step.thread);
                let line = format!(
                    "✗ step {}: {who}'s last try finds {} held, so {who} gives up.",
                    drawing.number(index),
                    drawing.trace.place_name(lock)
                );
                marked.push((index, line));
            }
        }
    }
    marked
}

/// What each thread runs in the opposite-order and one-order versions:
/// they differ only in which lock is `first`.
const TAKE_BOTH: &[&str] = &[
    "if locks.lock(me, first).is_err() {",
    "    return Taken::Deadlock; // racelab's lock found a cycle",
    "}",
    "let taken = match locks.lock(me, second) {",
    "    Ok(()) => {",
    "        locks.unlock(me, second);",
    "        Taken::Both",
    "    }",
    "    Err(_) => Taken::Deadlock,",
    "};",
    "locks.unlock(me, first);",
];

/// The locks, by index.
const A: usize = 0;
const B: usize = 1;
const NAMES: [&str; 2] = ["A", "B"];

/// How one thread's attempt to take both locks ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Taken {
    /// It held both, and let them go.
    Both,
    /// Its request would have closed a cycle of waits.
    Deadlock,
    /// It found its second lock taken on every try, and gave up.
    GaveUp,
}

/// The outcome of one run: how many threads deadlocked (and, backing off,
/// gave up).
fn observed(version: Version, ends: &[Taken]) -> Observed {
    let count = |end: Taken| ends.iter().filter(|&&e| e == end).count() as u64;
    let observed = Observed::new(vec![("deadlocks", count(Taken::Deadlock))]);
    match version {
        Version::BackOff => observed.with("gave up", count(Taken::GaveUp)),
        _ => observed,
    }
}

/// Thread `me` takes both locks in its order and lets them go, or finds a
/// deadlock instead (then it lets go of what it held).
fn take_both<R: Runtime>(locks: &Locks<R>, me: usize, version: Version) -> Taken {
    let (first, second) = match (version, me) {
        (Version::OneOrder, _) | (_, 1) => (A, B),
        _ => (B, A),
    };
    if version == Version::BackOff {
        return back_off(locks, me, first, second);
    }
    if locks.lock(me, first).is_err() {
        return Taken::Deadlock;
    }
    let taken = match locks.lock(me, second) {
        Ok(()) => {
            locks.unlock(me, second);
            Taken::Both
        }
        Err(_) => Taken::Deadlock,
    };
    locks.unlock(me, first);
    taken
}

/// How many times a thread that backs off tries before it gives up.
const TRIES: usize = 2;

/// Takes `first`, then tries `second`; if it is taken, lets go of `first`
/// and tries again, [`TRIES`] times in all.
fn back_off<R: Runtime>(locks: &Locks<R>, me: usize, first: usize, second: usize) -> Taken {
    for _ in 0..TRIES {
        if locks.lock(me, first).is_err() {
            return Taken::Deadlock;
        }
        let took = locks.try_lock(me, second);
        if took {
            locks.unlock(me, second);
        }
        locks.unlock(me, first);
        if took {
            return Taken::Both;
        }
    }
    Taken::GaveUp
}
