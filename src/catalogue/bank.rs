//! Lesson 9.7: the bank, the capstone. Two accounts, A and B, 100 each: the
//! total, 200, must never change. Three ways to get it wrong, each with its
//! fix:
//!
//! - **9.7a, withdrawals** ([`bank_withdraw`](super::bank_withdraw)): two threads each withdraw 100
//!   from A with read, check, write. Both read 100, both pay out, A ends at
//!   0: 200 paid from an account that held 100. Fix: hold A's lock from the
//!   read to the write.
//! - **9.7b, the audit** ([`bank_audit`](super::bank_audit)): T1 moves 10 from A to B, debit then
//!   credit; an auditor adds A and B. Between the debit and the credit the
//!   money is in neither account: the auditor sees 190. Fix: the auditor
//!   takes both locks, as the transfer does.
//! - **9.7c, transfers** ([`bank_transfer`](super::bank_transfer)): T1 moves 10 from A to B, locking
//!   A then B; T2 moves 10 from B to A, locking B then A: the lock-order
//!   deadlock of lesson 9.2, with money in it. Fix: lock the two accounts in
//!   one global order, by account number, whichever way the money goes.
//!
//! The program a learner writes for 9.7a, with `std`:
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
//! This file holds the bank the three share; each has a file of its own.
//! The balances are atomics read and written `Relaxed`: where a fix holds a
//! lock around them, the lock orders them; where the bug has none, no
//! ordering would help, because the bug is the gap between steps.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::sync::{Atomic, Locks, Runtime, StartGate, Std};

/// The accounts, by number: also the order the fix locks them in.
pub(crate) const A: usize = 0;
pub(crate) const B: usize = 1;
const NAMES: [&str; 2] = ["A", "B"];

/// The two accounts, each with its lock.
pub(crate) struct Bank<R: Runtime> {
    pub(crate) balances: [Atomic<R>; 2],
    pub(crate) locks: Locks<R>,
}

impl<R: Runtime> Bank<R> {
    fn new() -> Self {
        Self {
            balances: [Atomic::named("A", 100), Atomic::named("B", 100)],
            locks: Locks::new(&NAMES),
        }
    }

    /// A and B, read once each, after the threads are joined.
    fn balances(&self) -> (u64, u64) {
        (
            self.balances[A].load(Relaxed),
            self.balances[B].load(Relaxed),
        )
    }
}

/// What T1 and T2 reported, and A and B at the end.
pub(crate) type Ending = (u64, u64, (u64, u64));

/// T1 runs `t1` and T2 runs `t2` against a fresh bank on engine `R`; each
/// reports a number.
pub(crate) fn run<R: Runtime>(t1: fn(&Bank<R>) -> u64, t2: fn(&Bank<R>) -> u64) -> Ending {
    let bank = Arc::new(Bank::<R>::new());
    let gate = Arc::new(R::Gate::default());
    let spawn = |side: fn(&Bank<R>) -> u64| {
        let (bank, gate) = (Arc::clone(&bank), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            side(&bank)
        })
    };
    let (first, second) = (spawn(t1), spawn(t2));
    gate.open();
    let (first, second) = (R::join(first).unwrap_or(0), R::join(second).unwrap_or(0));
    (first, second, bank.balances())
}

/// `runs` runs of `t1` against `t2` on two real threads that meet before
/// each (see [`litmus`](crate::catalogue::stress)).
pub(crate) fn stress(
    runs: usize,
    t1: impl Fn(&Bank<Std>) -> u64 + Sync,
    t2: impl Fn(&Bank<Std>) -> u64 + Sync,
) -> Vec<Ending> {
    litmus(runs, Bank::<Std>::new, t1, t2)
        .into_iter()
        .map(|(bank, first, second)| (first, second, bank.balances()))
        .collect()
}
