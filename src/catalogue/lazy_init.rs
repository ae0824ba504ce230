//! Lesson 9.8: lazy initialisation. A value is made on first use and shared
//! after that. Two ways to get it wrong:
//!
//! - **9.8a, the race** (`lazy-init`): each thread checks "made yet?" and, if
//!   not, makes it. Both can see "not yet", and both make it: two instances,
//!   one of them thrown away after others may have used it (a second
//!   connection, a second singleton). It is check-then-act again, on any
//!   machine. Fix: make it under one lock, as `std::sync::OnceLock` does —
//!   the first caller makes it while the others wait.
//! - **9.8b, the publication** (`lazy-publish`): the maker fills the value in,
//!   then sets a `ready` flag, all `Relaxed`; a reader that sees the flag may
//!   still see the value unfilled — message passing again, only under weak
//!   memory. Fix: `Release` on the flag's store, `Acquire` on its load (which
//!   is what `OnceLock` does inside).
//!
//! The program a learner writes for 9.8a, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
//! use std::thread;
//!
//! let made = AtomicU64::new(0); // how many instances were made
//! let instance = AtomicU64::new(0);
//! thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| {
//!             if instance.load(SeqCst) == 0 {
//!                 // ← the other thread can find it unmade here too
//!                 made.fetch_add(1, SeqCst);
//!                 instance.store(42, SeqCst);
//!             }
//!         });
//!     }
//! });
//! assert!(made.load(SeqCst) >= 1); // usually 1; sometimes 2
//! ```
//!
//! and the fix with `std`:
//!
//! ```
//! use std::sync::OnceLock;
//! use std::thread;
//!
//! static INSTANCE: OnceLock<u64> = OnceLock::new();
//! thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| *INSTANCE.get_or_init(|| 42));
//!     }
//! });
//! assert_eq!(INSTANCE.get(), Some(&42)); // made exactly once
//! ```
//!
//! The engine-generic versions below are what the checkers run; the
//! checkers have no `OnceLock`, so the fix takes a [`Locks`] lock around the
//! check and the making, which is what `OnceLock` does for the first caller.

use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Locks, Runtime, StartGate, Std};

/// The shared instance: 0 until made, then 42; and how many were made.
struct Lazy<R: Runtime> {
    instance: Atomic<R>,
    made: Atomic<R>,
    lock: Locks<R>,
}

impl<R: Runtime> Lazy<R> {
    fn new() -> Self {
        Self {
            instance: Atomic::with_states("instance", &["none"], 0),
            made: Atomic::named("made", 0),
            lock: Locks::new(&["init"]),
        }
    }

    /// Thread `me` gets the instance, making it if it finds none.
    fn get(&self, me: usize, variant: Variant) -> u64 {
        let locked = variant == Variant::Fixed && self.lock.lock(me, 0).is_ok();
        let mut seen = self.instance.load(Relaxed);
        if seen == 0 {
            self.made.fetch_add(1, Relaxed);
            self.instance.store(42, Relaxed);
            seen = 42;
        }
        if locked {
            self.lock.unlock(me, 0);
        }
        seen
    }
}

/// 9.8a: two threads each get the instance; returns how many were made.
pub fn run_race<R: Runtime>(variant: Variant) -> Observed {
    let lazy = Arc::new(Lazy::<R>::new());
    let gate = Arc::new(R::Gate::default());
    let threads: Vec<_> = [1, 2]
        .into_iter()
        .map(|me| {
            let (lazy, gate) = (Arc::clone(&lazy), Arc::clone(&gate));
            R::spawn(move || {
                gate.wait();
                lazy.get(me, variant)
            })
        })
        .collect();
    gate.open();
    for thread in threads {
        let _ = R::join(thread);
    }
    Observed::new(vec![("made", lazy.made.load(Relaxed))])
}

/// `runs` runs of 9.8a on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress_race(variant: Variant, runs: usize) -> Vec<Observed> {
    litmus(
        runs,
        Lazy::<Std>::new,
        |lazy| lazy.get(1, variant),
        |lazy| lazy.get(2, variant),
    )
    .into_iter()
    .map(|(lazy, _, _)| Observed::new(vec![("made", lazy.made.load(Relaxed))]))
    .collect()
}

/// The value and its `ready` flag, for 9.8b.
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
    fn make(&self, variant: Variant) {
        self.value.store(42, Relaxed);
        self.ready.store(1, orderings(variant).0);
    }

    /// T2: if it is ready, reads the value.
    fn use_it(&self, variant: Variant) -> (u64, u64) {
        let ready = self.ready.load(orderings(variant).1);
        let value = if ready == 1 {
            self.value.load(Relaxed)
        } else {
            0
        };
        (ready, value)
    }
}

/// The flag's store and load orderings.
fn orderings(variant: Variant) -> (Ordering, Ordering) {
    match variant {
        Variant::Fixed => (Release, Acquire),
        _ => (Relaxed, Relaxed),
    }
}

/// 9.8b: T1 makes and publishes the value; T2 uses it if ready.
pub fn run_publish<R: Runtime>(variant: Variant) -> Observed {
    let published = Arc::new(Published::<R>::new());
    let gate = Arc::new(R::Gate::default());
    let maker = {
        let (published, gate) = (Arc::clone(&published), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            published.make(variant);
        })
    };
    let user = {
        let (published, gate) = (Arc::clone(&published), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            published.use_it(variant)
        })
    };
    gate.open();
    let _ = R::join(maker);
    let (ready, value) = R::join(user).unwrap_or((0, 0));
    Observed::new(vec![("ready", ready), ("value", value)])
}

/// `runs` runs of 9.8b on two real threads that meet before each.
pub fn stress_publish(variant: Variant, runs: usize) -> Vec<Observed> {
    litmus(
        runs,
        Published::<Std>::new,
        |published| published.make(variant),
        |published| published.use_it(variant),
    )
    .into_iter()
    .map(|(_, (), (ready, value))| Observed::new(vec![("ready", ready), ("value", value)]))
    .collect()
}

/// 9.8a: made once; 9.8b: a reader that finds it ready finds it made.
pub fn correct(observed: &Observed) -> bool {
    let made_once = observed.get("made").map_or(true, |made| made == 1);
    let whole = observed.get("ready") != Some(1) || observed.get("value") == Some(42);
    made_once && whole
}
