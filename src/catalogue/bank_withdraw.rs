//! Lesson 9.7a: the bank's withdrawals. Two tills each pay out 100 from
//! account A, which holds 100, with read, check, write. Both read 100, both
//! pay out, A ends at 0: 200 paid from an account that held 100. Fix: hold
//! A's lock from the read to the write. (The [`bank`] holds
//! what lessons 9.7a to 9.7c share.)
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
//! use std::thread;
//!
//! let a = AtomicU64::new(100);
//! let paid: u64 = thread::scope(|s| {
//!     let tills: Vec<_> = (0..2)
//!         .map(|_| {
//!             s.spawn(|| {
//!                 let balance = a.load(SeqCst);
//!                 if balance >= 100 {
//!                     // ← the other till can read 100 here too
//!                     a.store(balance - 100, SeqCst);
//!                     100
//!                 } else {
//!                     0
//!                 }
//!             })
//!         })
//!         .collect();
//!     tills.into_iter().map(|t| t.join().unwrap()).sum()
//! });
//! assert!(paid + a.load(SeqCst) >= 100); // 200 + 0 when both pay: money created
//! ```
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::Relaxed;

use crate::catalogue::bank::{self, Bank, A};
use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::Runtime;
use crate::trace::{Action, Drawing};

/// Lesson 9.7a: two tills withdraw 100 from an account of 100, and both pay.
#[derive(Clone, Copy, Debug)]
pub struct BankWithdraw;

/// The versions of [`BankWithdraw`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Read, check, write, with no lock.
    Unlocked,
    /// A's lock held from the read to the write.
    Locked,
}

impl Scenario for BankWithdraw {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "bank-withdraw",
        "9.7a",
        "two tills withdraw 100 from an account of 100: both pay",
        "no more is paid out than the account held",
    )
    .roles(
        "Roles: T1 and T2 are two tills, each paying out 100 from A. B, the bank's other \
         account, is not touched.",
    )
    .fix("Fix: hold A's lock from the read to the write, so the second till reads what the first left.");

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::Unlocked,
            name: "unlocked",
            what: "read, check, write, with no lock",
            kind: Kind::Bug,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "let balance = bank.balances[A].load(Relaxed);",
                    "let paid = if balance >= 100 {",
                    "    bank.balances[A].store(balance - 100, Relaxed);",
                    "    100 // paid out",
                    "} else {",
                    "    0",
                    "};",
                ],
                python: &["if a >= 100:", "    a -= 100  # and pays out 100"],
            }],
        },
        Variant {
            version: Version::Locked,
            name: "locked",
            what: "A's lock held from the read to the write",
            kind: Kind::Fix,
            code: &[Code {
                who: "T1 and T2",
                rust: &[
                    "let locked = locked && bank.locks.lock(me, A).is_ok();",
                    "let balance = bank.balances[A].load(Relaxed);",
                    "let paid = if balance >= 100 {",
                    "    bank.balances[A].store(balance - 100, Relaxed);",
                    "    100 // paid out",
                    "} else {",
                    "    0",
                    "};",
                    "bank.locks.unlock(me, A);",
                ],
                python: &[
                    "with a_lock:",
                    "    if a >= 100:",
                    "        a -= 100  # and pays out 100",
                ],
            }],
        },
    ];

    /// Each till withdraws 100; the outcome is what was paid, and A.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let ending = match version {
            Version::Unlocked => {
                bank::run::<R>(|b| withdraw(b, 1, false), |b| withdraw(b, 2, false))
            }
            Version::Locked => bank::run::<R>(|b| withdraw(b, 1, true), |b| withdraw(b, 2, true)),
        };
        observe(ending)
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let locked = version == Version::Locked;
        let endings = bank::stress(runs, |b| withdraw(b, 1, locked), |b| withdraw(b, 2, locked));
        Ok(endings.into_iter().map(observe).collect())
    }

    /// No money is made: what was paid and what is left add up to 100.
    fn correct(observed: &Observed, _size: Size) -> bool {
        match (observed.get("paid"), observed.get("A")) {
            (Some(paid), Some(a)) => paid + a == 100,
            _ => false,
        }
    }

    /// What the lost update cost: money paid out that A never lost.
    fn notes(_version: Version, observed: &Observed, _drawing: &Drawing) -> Notes {
        let (Some(paid), Some(a)) = (observed.get("paid"), observed.get("A")) else {
            return Notes::default();
        };
        let fell = 100u64.saturating_sub(a);
        if paid <= fell {
            return Notes::default();
        }
        Notes {
            marked: Vec::new(),
            lines: vec![format!(
                "The tills paid out {paid} in all, but A fell only by {fell}: {} was paid and \
                 never taken from A. That withdrawal is the update lost.",
                paid - fell
            )],
        }
    }
}

/// Till `me` withdraws 100 from A if it holds that much, holding A's lock
/// throughout if `locked`: what it paid out.
fn withdraw<R: Runtime>(bank: &Bank<R>, me: usize, locked: bool) -> u64 {
    let locked = locked && bank.locks.lock(me, A).is_ok();
    let balance = bank.balances[A].load(Relaxed);
    let paid = if balance >= 100 {
        bank.balances[A].store(balance - 100, Relaxed);
        R::record(|| Action::Event {
            label: "pays out 100",
        });
        100
    } else {
        0
    };
    if locked {
        bank.locks.unlock(me, A);
    }
    paid
}

fn observe((first, second, (a, _)): bank::Ending) -> Observed {
    Observed::new(vec![("paid", first + second), ("A", a)])
}
