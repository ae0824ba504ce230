//! Lesson 9.7c: the bank's transfers. T1 moves 10 from A to B, locking A
//! then B; T2 moves 10 from B to A, locking B then A: the lock-order
//! deadlock of lesson 9.2, with money in it. Fix: lock the two accounts in
//! one global order, by account number, whichever way the money goes. (The
//! [`bank`] holds what lessons 9.7a to 9.7c share.)
//!
//! The program a learner writes, with `std` (it may hang, so it is not run):
//!
//! ```no_run
//! use std::sync::Mutex;
//! use std::thread;
//!
//! let (a, b) = (Mutex::new(100u64), Mutex::new(100u64));
//! let transfer = |from: &Mutex<u64>, to: &Mutex<u64>| {
//!     let mut from = from.lock().unwrap(); // its source first…
//!     let mut to = to.lock().unwrap(); // …then its target
//!     *from -= 10;
//!     *to += 10;
//! };
//! thread::scope(|s| {
//!     s.spawn(|| transfer(&a, &b));
//!     s.spawn(|| transfer(&b, &a)); // B then A: each can wait for the other
//! });
//! ```
//!
//! The engine-generic version below is what the checkers run.

use crate::catalogue::bank::{self, Bank, A, B};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::Runtime;

/// Lesson 9.7c: A to B against B to A, each locking its source first.
#[derive(Clone, Copy, Debug)]
pub struct BankTransfer;

/// The versions of [`BankTransfer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Each transfer locks its source, then its target.
    SourceFirst,
    /// Each transfer locks A, then B.
    ByNumber,
}

impl Scenario for BankTransfer {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "bank-transfer",
        "9.7c",
        "A to B against B to A, each locking its source first: deadlock",
        "no cycle of waits, and the total stays 200",
    )
    .roles("Roles: T1 moves 10 from A to B; T2 moves 10 from B to A.")
    .fix(
        "Fix: every transfer locks the two accounts in one global order, by account number, \
         whichever way the money goes.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::SourceFirst,
            name: "source-first",
            what: "each transfer locks its source, then its target",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 (from A to B) and T2 (from B to A), each locking its source first",
                rust: &[
                    "if self.locks.lock(me, first).is_err() {",
                    "    return false; // racelab's lock found a cycle",
                    "}",
                    "if self.locks.lock(me, second).is_err() {",
                    "    self.locks.unlock(me, first);",
                    "    return false;",
                    "}",
                    "self.move_ten(from, to);",
                    "self.locks.unlock(me, second);",
                    "self.locks.unlock(me, first);",
                ],
                python: &[
                    "with source_lock:",
                    "    with target_lock:",
                    "        move(10)",
                ],
            }],
        },
        Variant {
            version: Version::ByNumber,
            name: "by-number",
            what: "each transfer locks A, then B",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 (from A to B) and T2 (from B to A), each locking A first",
                rust: &[
                    "(from.min(to), from.max(to))",
                    "if self.locks.lock(me, first).is_err() {",
                    "    return false; // racelab's lock found a cycle",
                    "}",
                    "if self.locks.lock(me, second).is_err() {",
                    "    self.locks.unlock(me, first);",
                    "    return false;",
                    "}",
                    "self.move_ten(from, to);",
                    "self.locks.unlock(me, second);",
                    "self.locks.unlock(me, first);",
                ],
                python: &["with a_lock:", "    with b_lock:", "        move(10)"],
            }],
        },
    ];

    /// T1 moves 10 from A to B, T2 from B to A; the outcome is how many
    /// found a deadlock, and the total.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let ending = match version {
            Version::SourceFirst => bank::run::<R>(
                |b| u64::from(!b.transfer(1, A, B, false)),
                |b| u64::from(!b.transfer(2, B, A, false)),
            ),
            Version::ByNumber => bank::run::<R>(
                |b| u64::from(!b.transfer(1, A, B, true)),
                |b| u64::from(!b.transfer(2, B, A, true)),
            ),
        };
        observe(ending)
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let by_number = version == Version::ByNumber;
        let endings = bank::stress(
            runs,
            |b| u64::from(!b.transfer(1, A, B, by_number)),
            |b| u64::from(!b.transfer(2, B, A, by_number)),
        );
        Ok(endings.into_iter().map(observe).collect())
    }

    /// No transfer waits for ever, and the total stays 200.
    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("deadlocks") == Some(0) && observed.get("total") == Some(200)
    }

    /// Which half of the contract an ending breaks: a deadlock leaves the
    /// total whole, and a learner should not have to work that out.
    fn meaning(observed: &Observed, size: Size) -> String {
        let deadlocked = observed.get("deadlocks") != Some(0);
        let total_kept = observed.get("total") == Some(200);
        match (deadlocked, total_kept) {
            (false, true) => Self::contract(size),
            (true, true) => "breaks \"no cycle of waits\" (the total stays 200)".to_string(),
            (false, false) => "the total changed: breaks \"the total stays 200\"".to_string(),
            (true, false) => format!("breaks both halves of \"{}\"", Self::contract(size)),
        }
    }
}

impl<R: Runtime> Bank<R> {
    /// Moves 10 from `from` to `to`, locking the two accounts by number if
    /// `by_number`, else its source first; false if it found a deadlock
    /// instead.
    pub(crate) fn transfer(&self, me: usize, from: usize, to: usize, by_number: bool) -> bool {
        let (first, second) = if by_number {
            (from.min(to), from.max(to))
        } else {
            (from, to)
        };
        if self.locks.lock(me, first).is_err() {
            return false;
        }
        if self.locks.lock(me, second).is_err() {
            self.locks.unlock(me, first);
            return false;
        }
        self.move_ten(from, to);
        self.locks.unlock(me, second);
        self.locks.unlock(me, first);
        true
    }
}

fn observe((first, second, (a, b)): bank::Ending) -> Observed {
    Observed::new(vec![("deadlocks", first + second), ("total", a + b)])
}
