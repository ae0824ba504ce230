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
//! `try_lock` with back-off (`--variant back-off`) ends the hang another
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
use crate::catalogue::{Observed, Variant};
use crate::sync::{Locks, Runtime, StartGate, Std};

/// The locks, by index.
const A: usize = 0;
const B: usize = 1;
const NAMES: [&str; 2] = ["A", "B"];

/// T1 and T2 each take both locks; returns how many found a deadlock.
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let locks = Arc::new(Locks::<R>::new(&NAMES));
    let gate = Arc::new(R::Gate::default());
    let threads: Vec<_> = [1, 2]
        .into_iter()
        .map(|me| {
            let (locks, gate) = (Arc::clone(&locks), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                take_both(&locks, me, variant)
            })
        })
        .collect();
    gate.open();
    let ends: Vec<Taken> = threads
        .into_iter()
        .map(|t| R::join(t).unwrap_or(Taken::Deadlock))
        .collect();
    observed(variant, &ends)
}

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
fn observed(variant: Variant, ends: &[Taken]) -> Observed {
    let count = |end: Taken| ends.iter().filter(|&&e| e == end).count() as u64;
    let observed = Observed::new(vec![("deadlocks", count(Taken::Deadlock))]);
    match variant {
        Variant::Stronger => observed.with("gave up", count(Taken::GaveUp)),
        _ => observed,
    }
}

/// Thread `me` takes both locks in its order and lets them go, or finds a
/// deadlock instead (then it lets go of what it held).
fn take_both<R: Runtime>(locks: &Locks<R>, me: usize, variant: Variant) -> Taken {
    let (first, second) = match (variant, me) {
        (Variant::Buggy | Variant::Stronger, 2) => (B, A),
        _ => (A, B),
    };
    if variant == Variant::Stronger {
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

/// `runs` runs on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress(variant: Variant, runs: usize) -> Vec<Observed> {
    litmus(
        runs,
        || Locks::<Std>::new(&NAMES),
        |locks| take_both(locks, 1, variant),
        |locks| take_both(locks, 2, variant),
    )
    .into_iter()
    .map(|(_, t1, t2)| observed(variant, &[t1, t2]))
    .collect()
}

/// No thread ever waits for ever.
pub fn correct(observed: &Observed) -> bool {
    observed.get("deadlocks") == Some(0) && observed.get("gave up").unwrap_or(0) == 0
}
