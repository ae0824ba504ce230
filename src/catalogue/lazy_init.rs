//! Lesson 9.8a: lazy initialisation, made twice. A value is made on first
//! use and shared after that. Each thread checks "made yet?" and, if not,
//! makes it. Both can see "not yet", and both make it: two instances, one of
//! them thrown away after others may have used it (a second connection, a
//! second singleton). It is check-then-act again, on any machine. Fix: make
//! it under one lock, as `std::sync::OnceLock` does — the first caller makes
//! it while the others wait. (Lesson 9.8b, [`lazy_publish`](super::lazy_publish),
//! is the other way to get it wrong: seen before it is filled in.)
//!
//! The program a learner writes, with `std`:
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
//! The engine-generic version below is what the checkers run; the checkers
//! have no `OnceLock`, so the fix takes a [`Locks`] lock around the check and
//! the making, which is what `OnceLock` does for the first caller.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Locks, Runtime, StartGate, Std};
use crate::trace::{thread_name, Action, Drawing, Step};

/// Lesson 9.8a: two threads both find the instance unmade, and both make it.
#[derive(Clone, Copy, Debug)]
pub struct LazyInit;

/// The versions of [`LazyInit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Check, then make, with no lock.
    CheckThenMake,
    /// Check and make under one lock, as `OnceLock` does.
    Once,
}

impl Scenario for LazyInit {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "lazy-init",
        "9.8a",
        "two threads both find the instance unmade: both make it",
        "the instance is made once",
    )
    .roles("Roles: T1 and T2 each get the instance, making it if there is none.")
    .fix(
        "Fix: check and make under one lock, so the second thread waits and then finds it \
         made (the version `once`). std::sync::OnceLock::get_or_init gives the same \
         guarantee: while one thread makes it, the others wait; once it is made, a caller \
         finds it with a single Acquire load, taking no lock.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::CheckThenMake,
            name: "check-then-make",
            what: "check, then make, with no lock",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "let mut seen = self.instance.load(Relaxed);",
                    "if seen == 0 { // none",
                    "    self.made.fetch_add(1, Relaxed); // makes one",
                    "    self.instance.store(me as u64, Relaxed); // T1's or T2's",
                    "    seen = me as u64;",
                    "}",
                ],
                python: &["if instance is None:", "    instance = make()"],
            }],
        },
        Variant {
            version: Version::Once,
            name: "once",
            what: "check and make under one lock, as OnceLock does",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "let locked = version == Version::Once && self.lock.lock(me, 0).is_ok();",
                    "let mut seen = self.instance.load(Relaxed);",
                    "if seen == 0 { // none",
                    "    self.made.fetch_add(1, Relaxed); // makes one",
                    "    self.instance.store(me as u64, Relaxed); // T1's or T2's",
                    "    seen = me as u64;",
                    "}",
                    "self.lock.unlock(me, 0);",
                ],
                python: &[
                    "with init_lock:",
                    "    if instance is None:",
                    "        instance = make()",
                ],
            }],
        },
    ];

    /// Two threads each get the instance; the outcome is how many were made.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let lazy = Arc::new(Lazy::<R>::new());
        let gate = Arc::new(R::Gate::default());
        let threads: Vec<_> = [1, 2]
            .into_iter()
            .map(|me| {
                let (lazy, gate) = (Arc::clone(&lazy), Arc::clone(&gate));
                R::spawn(move || {
                    gate.wait();
                    lazy.get(me, version)
                })
            })
            .collect();
        gate.open();
        for thread in threads {
            let _ = R::join(thread);
        }
        Observed::new(vec![("made", lazy.made.load(Relaxed))])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let runs = litmus(
            runs,
            Lazy::<Std>::new,
            |lazy| lazy.get(1, version),
            |lazy| lazy.get(2, version),
        );
        Ok(runs
            .into_iter()
            .map(|(lazy, _, _)| Observed::new(vec![("made", lazy.made.load(Relaxed))]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("made") == Some(1)
    }

    fn notes(_version: Version, observed: &Observed, drawing: &Drawing) -> Notes {
        let mut notes = Notes::default();
        notes.marked.extend(second_make(drawing));
        if observed.get("made") == Some(2) {
            notes.lines.push(
                "Both threads found the instance unmade, so each made one: two instances were \
                 made, and the one stored first was replaced by the other."
                    .to_string(),
            );
        }
        notes
    }
}

/// The step that makes a second instance, where the contract breaks, with
/// its sentence: the maker's check found none, though one was made.
fn second_make(drawing: &Drawing) -> Option<(usize, String)> {
    let steps = drawing.trace.steps();
    let makes = |step: &&Step| {
        matches!(step.action, Action::Add { location, .. }
            if drawing.trace.place_name(location) == "made")
    };
    let first = steps.iter().position(|step| makes(&step))?;
    let second = first + 1 + steps[first + 1..].iter().position(|step| makes(&step))?;
    let maker = steps[second].thread;
    let check = steps[..second]
        .iter()
        .rposition(|step| step.thread == maker && matches!(step.action, Action::Read { .. }))?;
    Some((
        second,
        format!(
            "✗ step {}: {} makes a second instance. Its check at step {} found none, for {} \
             had made one at step {} but not yet stored it.",
            drawing.number(second),
            thread_name(maker),
            drawing.number(check),
            thread_name(steps[first].thread),
            drawing.number(first),
        ),
    ))
}

/// The shared instance: 0 until made, then the number of the thread that
/// made it; and how many were made.
struct Lazy<R: Runtime> {
    instance: Atomic<R>,
    made: Atomic<R>,
    lock: Locks<R>,
}

impl<R: Runtime> Lazy<R> {
    fn new() -> Self {
        Self {
            instance: Atomic::with_states("instance", &["none", "T1's", "T2's"], 0),
            made: Atomic::named("made", 0),
            lock: Locks::new(&["init"]),
        }
    }

    /// Thread `me` gets the instance, making it if it finds none.
    fn get(&self, me: usize, version: Version) -> u64 {
        let locked = version == Version::Once && self.lock.lock(me, 0).is_ok();
        let mut seen = self.instance.load(Relaxed);
        if seen == 0 {
            self.made.fetch_add(1, Relaxed);
            // Each thread's instance is its own: a trace tells them apart.
            self.instance.store(me as u64, Relaxed);
            seen = me as u64;
        }
        if locked {
            self.lock.unlock(me, 0);
        }
        seen
    }
}
