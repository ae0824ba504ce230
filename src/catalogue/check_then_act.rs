//! Lesson 9.1: check-then-act.
//!
//! Two threads each try to claim one prize: *if the flag is up, lower it and
//! win*. The check and the act are two steps, so both threads can see the
//! flag up before either lowers it, and both win. It is the lost update in
//! another guise, and the bug behind the pool's
//! [racy cancel](crate::executor::racy_cancel).
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
//! use std::thread;
//!
//! let flag = AtomicBool::new(true);
//! let winners: u32 = thread::scope(|s| {
//!     let tries: Vec<_> = (0..2)
//!         .map(|_| {
//!             s.spawn(|| {
//!                 if flag.load(SeqCst) {
//!                     // ← the other thread can check here too
//!                     flag.store(false, SeqCst);
//!                     1
//!                 } else {
//!                     0
//!                 }
//!             })
//!         })
//!         .collect();
//!     tries.into_iter().map(|t| t.join().unwrap()).sum()
//! });
//! assert!(winners == 1 || winners == 2); // usually 1: luck, not design
//! ```
//!
//! The fix makes check and act one indivisible step:
//! `flag.compare_exchange(true, false)` lowers the flag only if it is up, and
//! says whether it did, so exactly one thread sees it up. Here
//! `flag.swap(false)` does the same: it lowers the flag and returns what it
//! was. Both are one atomic read-modify-write.
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, StartGate, Std};
use crate::trace::Action;

/// Lesson 9.1: two threads check a flag, then lower it, and both win.
#[derive(Clone, Copy, Debug)]
pub struct CheckThenAct;

/// The versions of [`CheckThenAct`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Load the flag, then store to it: two steps.
    CheckThenAct,
    /// One `compare_exchange`: lower the flag only if it is up.
    CompareExchange,
    /// One `swap`: lower it and learn what it was.
    Swap,
}

impl Scenario for CheckThenAct {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "check-then-act",
        "9.1",
        "two threads check a flag, then lower it: both win",
        "exactly one thread wins",
    )
    .roles("Roles: T1 and T2 each try to claim the prize.")
    .fix(
        "Fix: check and act in one indivisible step: `flag.compare_exchange(1, 0, …)` \
         lowers the flag only if it is up and says whether it did; `flag.swap(0, …)`, which \
         says what the flag was, does the same here.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::CheckThenAct,
            name: "check-then-act",
            what: "load the flag, then store to it",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "if flag.load(SeqCst) == 1 { // 1: up, 0: down",
                    "    flag.store(0, SeqCst);",
                    "    true // wins",
                    "} else {",
                    "    false",
                    "}",
                ],
                python: &["if flag:", "    flag = False  # and wins"],
            }],
        },
        Variant {
            version: Version::CompareExchange,
            name: "compare-exchange",
            what: "one compare_exchange: lower the flag only if it is up",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2",
                rust: &["flag.compare_exchange(1, 0, SeqCst, SeqCst).is_ok() // true: wins"],
                python: &[],
            }],
        },
        Variant {
            version: Version::Swap,
            name: "swap",
            what: "one swap: check and act in one step",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2",
                rust: &["flag.swap(0, SeqCst) == 1 // true: wins"],
                python: &[],
            }],
        },
    ];

    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let flag = Arc::new(Atomic::<R>::with_states("flag", &FLAG, 1));
        let gate = Arc::new(R::Gate::default());
        let tries: Vec<_> = (0..2)
            .map(|_| {
                let flag = Arc::clone(&flag);
                let gate = Arc::clone(&gate);
                R::spawn(move || {
                    gate.wait();
                    claim::<R>(&flag, version)
                })
            })
            .collect();
        gate.open();
        let winners = tries
            .into_iter()
            .map(|t| u64::from(R::join(t).unwrap_or(false)))
            .sum();
        Observed::new(vec![("winners", winners)])
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let fresh = || Atomic::<Std>::with_states("flag", &FLAG, 1);
        let claims = litmus(
            runs,
            fresh,
            |flag| claim(flag, version),
            |flag| claim(flag, version),
        );
        Ok(claims
            .into_iter()
            .map(|(_, a, b)| Observed::new(vec![("winners", u64::from(a) + u64::from(b))]))
            .collect())
    }

    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("winners") == Some(1)
    }
}

/// How a trace names the flag's values.
const FLAG: [&str; 2] = ["down", "up"];

/// One try: true if this thread won.
fn claim<R: Runtime>(flag: &Atomic<R>, version: Version) -> bool {
    // SeqCst, the strongest ordering: the bug is the gap between two steps,
    // which no ordering closes.
    let won = match version {
        Version::CheckThenAct => {
            if flag.load(SeqCst) == 1 {
                flag.store(0, SeqCst);
                true
            } else {
                false
            }
        }
        Version::CompareExchange => flag.compare_exchange(1, 0, SeqCst, SeqCst).is_ok(),
        Version::Swap => flag.swap(0, SeqCst) == 1,
    };
    if won {
        R::record(|| Action::Event { label: "wins" });
    }
    won
}
