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
//! waits can never close into a cycle. (`try_lock` with back-off also ends
//! the hang, but two threads that keep backing off together can livelock:
//! busy, and still stuck.)
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
    let deadlocks = threads
        .into_iter()
        .map(|t| u64::from(!R::join(t).unwrap_or(true)))
        .sum();
    Observed::new(vec![("deadlocks", deadlocks)])
}

/// Thread `me` takes both locks in its order and lets them go; false if it
/// found a deadlock instead (then it lets go of what it held).
fn take_both<R: Runtime>(locks: &Locks<R>, me: usize, variant: Variant) -> bool {
    let (first, second) = match (variant, me) {
        (Variant::Buggy, 2) => (B, A),
        _ => (A, B),
    };
    if locks.lock(me, first).is_err() {
        return false;
    }
    let finished = locks.lock(me, second).is_ok();
    if finished {
        locks.unlock(me, second);
    }
    locks.unlock(me, first);
    finished
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
    .map(|(_, t1, t2)| Observed::new(vec![("deadlocks", u64::from(!t1) + u64::from(!t2))]))
    .collect()
}

/// No thread ever waits for ever.
pub fn correct(observed: &Observed) -> bool {
    observed.get("deadlocks") == Some(0)
}
