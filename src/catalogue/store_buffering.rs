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
//! loads and stores alone also forbids `0, 0` in Rust's memory model, but
//! loom weakens `SeqCst` accesses to `Acquire`/`Release` and would report
//! `0, 0` for them falsely (loom issue 180); it does model `SeqCst` fences,
//! so the fix proven here uses them.
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release, SeqCst};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::catalogue::{Observed, Variant};
use crate::sync::{fence, Atomic, Runtime, StartGate, Std};

/// Each thread stores 1 to its own location, then reads the other's.
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let x = Arc::new(Atomic::<R>::named("x", 0));
    let y = Arc::new(Atomic::<R>::named("y", 0));
    let gate = Arc::new(R::Gate::default());
    let t1 = side::<R>(&x, &y, &gate, variant);
    let t2 = side::<R>(&y, &x, &gate, variant);
    gate.open();
    let r1 = R::join(t1).unwrap_or(1);
    let r2 = R::join(t2).unwrap_or(1);
    Observed::new(vec![("r1", r1), ("r2", r2)])
}

/// A thread that stores 1 to `mine`, then reads `theirs`.
fn side<R: Runtime>(
    mine: &Arc<Atomic<R>>,
    theirs: &Arc<Atomic<R>>,
    gate: &Arc<R::Gate>,
    variant: Variant,
) -> R::JoinHandle<u64> {
    let (mine, theirs, gate) = (Arc::clone(mine), Arc::clone(theirs), Arc::clone(gate));
    R::spawn(move || {
        gate.wait();
        store_then_load(&mine, &theirs, variant)
    })
}

/// One thread's program: store 1 to `mine`, then read `theirs`.
fn store_then_load<R: Runtime>(mine: &Atomic<R>, theirs: &Atomic<R>, variant: Variant) -> u64 {
    let (store, load) = orderings(variant);
    mine.store(1, store);
    if variant == Variant::Fixed {
        fence::<R>(SeqCst);
    }
    theirs.load(load)
}

/// `runs` runs on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress(variant: Variant, runs: usize) -> Vec<Observed> {
    let fresh = || (Atomic::<Std>::named("x", 0), Atomic::<Std>::named("y", 0));
    litmus(
        runs,
        fresh,
        |(x, y)| store_then_load(x, y, variant),
        |(x, y)| store_then_load(y, x, variant),
    )
    .into_iter()
    .map(|(_, r1, r2)| Observed::new(vec![("r1", r1), ("r2", r2)]))
    .collect()
}

/// The store and load orderings of each variant.
fn orderings(variant: Variant) -> (Ordering, Ordering) {
    match variant {
        Variant::Stronger => (Release, Acquire),
        _ => (Relaxed, Relaxed),
    }
}

/// At least one thread sees the other's store.
pub fn correct(observed: &Observed) -> bool {
    observed.get("r1") == Some(1) || observed.get("r2") == Some(1)
}
