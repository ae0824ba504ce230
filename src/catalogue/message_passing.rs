//! Lesson 9.4: message passing, a bug that exists only because memory is
//! weak.
//!
//! T1 writes the data, then raises a flag; T2 reads the flag, then the data.
//! On the textbook machine, where every read returns the newest write, a T2
//! that sees the flag up must see the data: T1 wrote it first. With
//! `Relaxed` atomics nothing says so. Each location has its own order of
//! writes, and T2 may see the flag's new value and the data's old one:
//! `flag = 1, data = 0`. No interleaving of whole steps gives that outcome;
//! only a weak memory model does, so loom finds it and shuttle, which runs
//! the textbook machine, cannot.
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

use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Runtime, StartGate, Std};

/// T1 publishes 42 through a flag; T2 reads the flag, then the data.
pub fn run<R: Runtime>(variant: Variant) -> Observed {
    let data = Arc::new(Atomic::<R>::named("data", 0));
    let flag = Arc::new(Atomic::<R>::named("flag", 0));
    let gate = Arc::new(R::Gate::default());
    let writer = {
        let (data, flag, gate) = (Arc::clone(&data), Arc::clone(&flag), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            publish(&data, &flag, variant);
        })
    };
    let reader = {
        let gate = Arc::clone(&gate);
        R::spawn(move || {
            gate.wait();
            observe(&data, &flag, variant)
        })
    };
    gate.open();
    let _ = R::join(writer);
    let (seen_flag, seen_data) = R::join(reader).unwrap_or((0, 0));
    Observed::new(vec![("flag", seen_flag), ("data", seen_data)])
}

/// T1's program: the data, then the flag.
fn publish<R: Runtime>(data: &Atomic<R>, flag: &Atomic<R>, variant: Variant) {
    data.store(42, Relaxed);
    flag.store(1, orderings(variant).0);
}

/// T2's program: the flag, then the data.
fn observe<R: Runtime>(data: &Atomic<R>, flag: &Atomic<R>, variant: Variant) -> (u64, u64) {
    let seen_flag = flag.load(orderings(variant).1);
    (seen_flag, data.load(Relaxed))
}

/// `runs` runs on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress(variant: Variant, runs: usize) -> Vec<Observed> {
    let fresh = || {
        (
            Atomic::<Std>::named("data", 0),
            Atomic::<Std>::named("flag", 0),
        )
    };
    litmus(
        runs,
        fresh,
        |(data, flag)| publish(data, flag, variant),
        |(data, flag)| observe(data, flag, variant),
    )
    .into_iter()
    .map(|(_, (), (flag, data))| Observed::new(vec![("flag", flag), ("data", data)]))
    .collect()
}

/// The flag's store and load orderings.
fn orderings(variant: Variant) -> (Ordering, Ordering) {
    match variant {
        Variant::Buggy => (Relaxed, Relaxed),
        _ => (Release, Acquire),
    }
}

/// A reader that sees the flag up sees the data.
pub fn correct(observed: &Observed) -> bool {
    observed.get("flag") != Some(1) || observed.get("data") == Some(42)
}
