//! Lesson 9.7: the bank, the capstone. Two accounts, A and B, 100 each: the
//! total, 200, must never change. Three ways to get it wrong, each with its
//! fix:
//!
//! - **9.7a, withdrawals** (`bank-withdraw`): two threads each withdraw 100
//!   from A with read, check, write. Both read 100, both pay out, A ends at
//!   0: 200 paid from an account that held 100. Fix: hold A's lock from the
//!   read to the write.
//! - **9.7b, the audit** (`bank-audit`): T1 moves 10 from A to B, debit then
//!   credit; an auditor adds A and B. Between the debit and the credit the
//!   money is in neither account: the auditor sees 190. Fix: the auditor
//!   takes both locks, as the transfer does.
//! - **9.7c, transfers** (`bank-transfer`): T1 moves 10 from A to B, locking
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
//! The engine-generic versions below are what the checkers run. The
//! balances are atomics read and written `Relaxed`: where a fix holds a lock
//! around them, the lock orders them; where the bug has none, no ordering
//! would help, because the bug is the gap between steps.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use crate::catalogue::stress::litmus;
use crate::catalogue::{Observed, Variant};
use crate::sync::{Atomic, Locks, Runtime, StartGate, Std};
use crate::trace::{Action, Drawing};

/// The accounts, by number: also the order the fix locks them in.
const A: usize = 0;
const B: usize = 1;
const NAMES: [&str; 2] = ["A", "B"];

/// The two accounts, each with its lock.
struct Bank<R: Runtime> {
    balances: [Atomic<R>; 2],
    locks: Locks<R>,
}

impl<R: Runtime> Bank<R> {
    fn new() -> Self {
        Self {
            balances: [Atomic::named("A", 100), Atomic::named("B", 100)],
            locks: Locks::new(&NAMES),
        }
    }

    /// Withdraws 100 from A if it holds that much: what was paid out.
    fn withdraw(&self, me: usize, variant: Variant) -> u64 {
        let locked = variant == Variant::Fixed && self.locks.lock(me, A).is_ok();
        let balance = self.balances[A].load(Relaxed);
        let paid = if balance >= 100 {
            self.balances[A].store(balance - 100, Relaxed);
            100
        } else {
            0
        };
        if locked {
            self.locks.unlock(me, A);
        }
        paid
    }

    /// Moves 10 from `from` to `to`, locking the two accounts in the order
    /// `variant` says; false if it found a deadlock instead.
    fn transfer(&self, me: usize, from: usize, to: usize, variant: Variant) -> bool {
        let (first, second) = match variant {
            Variant::Fixed => (from.min(to), from.max(to)),
            _ => (from, to),
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

    /// Debit, then credit: between the two, the 10 is in neither account.
    fn move_ten(&self, from: usize, to: usize) {
        let debited = self.balances[from].load(Relaxed) - 10;
        self.balances[from].store(debited, Relaxed);
        let credited = self.balances[to].load(Relaxed) + 10;
        self.balances[to].store(credited, Relaxed);
    }

    /// Adds up both accounts, under both locks if `variant` is the fix.
    fn audit(&self, me: usize, variant: Variant) -> u64 {
        let locked = variant == Variant::Fixed
            && self.locks.lock(me, A).is_ok()
            && self.locks.lock(me, B).is_ok();
        let total = self.balances[A].load(Relaxed) + self.balances[B].load(Relaxed);
        if locked {
            self.locks.unlock(me, B);
            self.locks.unlock(me, A);
        }
        total
    }

    /// A and B, read once each, after the threads are joined.
    fn balances(&self) -> (u64, u64) {
        (
            self.balances[A].load(Relaxed),
            self.balances[B].load(Relaxed),
        )
    }
}

/// Which part of the scenario runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// 9.7a: two racy withdrawals.
    Withdraw,
    /// 9.7b: a transfer and an unlocked audit.
    Audit,
    /// 9.7c: two transfers, opposite ways.
    Transfer,
}

/// Runs `part` of the scenario on engine `R`.
pub fn run<R: Runtime>(part: Part, variant: Variant) -> Observed {
    let bank = Arc::new(Bank::<R>::new());
    let gate = Arc::new(R::Gate::default());
    let spawn = |me: usize| {
        let (bank, gate) = (Arc::clone(&bank), Arc::clone(&gate));
        R::spawn(move || {
            gate.wait();
            side(&bank, part, me, variant)
        })
    };
    let (t1, t2) = (spawn(1), spawn(2));
    gate.open();
    let (first, second) = (R::join(t1).unwrap_or(0), R::join(t2).unwrap_or(0));
    observe(part, first, second, bank.balances())
}

/// What thread `me` does in `part`, and the number it reports.
fn side<R: Runtime>(bank: &Bank<R>, part: Part, me: usize, variant: Variant) -> u64 {
    match (part, me) {
        (Part::Withdraw, _) => bank.withdraw(me, variant),
        (Part::Audit, 1) => u64::from(bank.transfer(me, A, B, variant)),
        (Part::Audit, _) => bank.audit(me, variant),
        (Part::Transfer, 1) => u64::from(!bank.transfer(me, A, B, variant)),
        (Part::Transfer, _) => u64::from(!bank.transfer(me, B, A, variant)),
    }
}

/// The values a part reports: what was paid, what the audit saw, how many
/// transfers found a deadlock, and the total at the end.
fn observe(part: Part, first: u64, second: u64, (a, b): (u64, u64)) -> Observed {
    let total = a + b;
    Observed::new(match part {
        Part::Withdraw => vec![("paid", first + second), ("A", a)],
        Part::Audit => vec![("audit", second), ("total", total)],
        Part::Transfer => vec![("deadlocks", first + second), ("total", total)],
    })
}

/// `runs` runs on two real threads that meet before each (see
/// [`litmus`](crate::catalogue::stress)).
pub fn stress(part: Part, variant: Variant, runs: usize) -> Vec<Observed> {
    litmus(
        runs,
        Bank::<Std>::new,
        |bank| side(bank, part, 1, variant),
        |bank| side(bank, part, 2, variant),
    )
    .into_iter()
    .map(|(bank, first, second)| observe(part, first, second, bank.balances()))
    .collect()
}

/// No money is made or lost, every audit sees 200, and nobody waits for
/// ever.
pub fn correct(observed: &Observed) -> bool {
    let conserved = match (observed.get("paid"), observed.get("A")) {
        (Some(paid), Some(a)) => paid + a == 100,
        _ => true,
    };
    let is = |name: &str, wanted: u64| observed.get(name).map_or(true, |value| value == wanted);
    let (audited, total, deadlocks) = (is("audit", 200), is("total", 200), is("deadlocks", 0));
    conserved && audited && total && deadlocks
}

/// What the audit's reads returned in a drawn execution, and what that made
/// the audit see: each read came before or after T1's write to its account,
/// found from which write it returned. `None` when the audit saw the total.
pub fn audit_reads(drawing: &Drawing) -> Option<String> {
    let [a, b] = NAMES.map(|name| audit_read(drawing, name));
    let (a, b) = (a?, b?);
    let lesson = match (a.after, b.after) {
        (true, false) => "for a moment the 10 was in neither account",
        (false, true) => "it counted the 10 twice",
        _ => return None,
    };
    Some(format!(
        "T2 read A {} and B {}: {lesson}.",
        a.words("debit"),
        b.words("credit")
    ))
}

/// The auditor's read of one account.
struct AuditRead {
    /// Its step number as drawn.
    step: usize,
    /// Whether it returned T1's write rather than the initial balance.
    after: bool,
    /// The step number of T1's write to that account, if drawn.
    write: Option<usize>,
}

impl AuditRead {
    /// `after T1's debit (step 6, read at step 7)`.
    fn words(&self, what: &str) -> String {
        let when = if self.after { "after" } else { "before" };
        match self.write {
            Some(write) => format!("at step {} {when} T1's {what} (step {write})", self.step),
            None => format!("at step {} {when} T1's {what}", self.step),
        }
    }
}

/// T2's read of the account called `name`, and T1's write to it.
fn audit_read(drawing: &Drawing, name: &str) -> Option<AuditRead> {
    let trace = &drawing.trace;
    let steps = trace.steps();
    let names = |index: usize, thread: usize| {
        steps[index].thread == thread
            && steps[index]
                .action
                .read()
                .or(steps[index].action.written())
                .is_some_and(|(location, _)| trace.place_name(location) == name)
    };
    let read = (0..steps.len())
        .find(|&i| names(i, 2) && matches!(steps[i].action, Action::Read { .. }))?;
    let write =
        (0..steps.len()).find(|&i| names(i, 1) && matches!(steps[i].action, Action::Write { .. }));
    let returned = drawing.marks.reads_from[read]?;
    Some(AuditRead {
        step: drawing.number(read),
        after: Some(returned) == write,
        write: write.map(|write| drawing.number(write)),
    })
}
