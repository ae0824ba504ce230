//! Lesson 9.7b: the bank's audit. T1 moves 10 from A to B, debit then
//! credit; an auditor adds A and B. Between the debit and the credit the
//! money is in neither account: the auditor sees 190 (or, reading B after
//! the credit and A before the debit, 210). Fix: the auditor takes both
//! locks, as the transfer does. (The [`bank`] holds what
//! lessons 9.7a to 9.7c share.)
//!
//! The program a learner writes, with `std`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
//! use std::thread;
//!
//! let (a, b) = (AtomicU64::new(100), AtomicU64::new(100));
//! let audit = thread::scope(|s| {
//!     s.spawn(|| {
//!         a.fetch_sub(10, SeqCst); // debit…
//!         b.fetch_add(10, SeqCst); // …then credit
//!     });
//!     let auditor = s.spawn(|| a.load(SeqCst) + b.load(SeqCst));
//!     auditor.join().unwrap()
//! });
//! assert!([190, 200, 210].contains(&audit)); // usually 200
//! ```
//!
//! The engine-generic version below is what the checkers run.

use std::sync::atomic::Ordering::Relaxed;

use crate::catalogue::bank::{self, Bank, A, B};
use crate::scenario::{About, Code, Kind, Notes, Observed, Scenario, Size, Variant};
use crate::sync::Runtime;
use crate::trace::{Action, Drawing};

/// Lesson 9.7b: an audit during a transfer sees 190 or 210.
#[derive(Clone, Copy, Debug)]
pub struct BankAudit;

/// The versions of [`BankAudit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// The audit takes no lock.
    UnlockedAudit,
    /// The audit takes both locks, A then B.
    LockedAudit,
}

impl Scenario for BankAudit {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "bank-audit",
        "9.7b",
        "an audit during a transfer sees 190 or 210, not 200",
        "every audit sees the total, 200",
    )
    .roles("Roles: T1 moves 10 from A to B; T2 audits, adding A and B.")
    .fix(
        "Fix: the audit takes both locks, in the same order as the transfer, so it never sees a \
         transfer half done.",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::UnlockedAudit,
            name: "unlocked-audit",
            what: "the audit takes no lock",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1, holding locks A and B, moving 10 from A to B",
                    rust: &[
                        "let debited = self.balances[from].load(Relaxed) - 10;",
                        "self.balances[from].store(debited, Relaxed);",
                        "let credited = self.balances[to].load(Relaxed) + 10;",
                        "self.balances[to].store(credited, Relaxed);",
                    ],
                    python: &["with a_lock, b_lock:", "    a -= 10", "    b += 10"],
                },
                Code {
                    who: "T2, auditing",
                    rust: &[
                        "let a = bank.balances[A].load(Relaxed);",
                        "let b = bank.balances[B].load(Relaxed);",
                    ],
                    python: &["audit = a + b"],
                },
            ],
        },
        Variant {
            version: Version::LockedAudit,
            name: "locked-audit",
            what: "the audit takes both locks, A then B",
            kind: Kind::Fix,
            code: &[
                Code {
                    who: "T1, holding locks A and B, moving 10 from A to B",
                    rust: &[
                        "let debited = self.balances[from].load(Relaxed) - 10;",
                        "self.balances[from].store(debited, Relaxed);",
                        "let credited = self.balances[to].load(Relaxed) + 10;",
                        "self.balances[to].store(credited, Relaxed);",
                    ],
                    python: &["with a_lock, b_lock:", "    a -= 10", "    b += 10"],
                },
                Code {
                    who: "T2, auditing",
                    rust: &[
                        "bank.locks.lock(me, A).is_ok() && bank.locks.lock(me, B).is_ok()",
                        "let a = bank.balances[A].load(Relaxed);",
                        "let b = bank.balances[B].load(Relaxed);",
                        "bank.locks.unlock(me, B);",
                        "bank.locks.unlock(me, A);",
                    ],
                    python: &["with a_lock, b_lock:", "    audit = a + b"],
                },
            ],
        },
    ];

    /// T1 moves 10 from A to B while T2 audits; the outcome is what the
    /// audit saw, and the total at the end.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let ending = match version {
            Version::UnlockedAudit => bank::run::<R>(
                |b| u64::from(b.transfer(1, A, B, true)),
                |b| audit(b, 2, false),
            ),
            Version::LockedAudit => bank::run::<R>(
                |b| u64::from(b.transfer(1, A, B, true)),
                |b| audit(b, 2, true),
            ),
        };
        observe(ending)
    }

    fn stress(version: Version, _size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        let locked = version == Version::LockedAudit;
        let endings = bank::stress(
            runs,
            |b| u64::from(b.transfer(1, A, B, true)),
            |b| audit(b, 2, locked),
        );
        Ok(endings.into_iter().map(observe).collect())
    }

    /// Every audit sees 200, and so does the end.
    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("audit") == Some(200) && observed.get("total") == Some(200)
    }

    /// Which writes the audit's reads returned, and what that made it see.
    /// The read of B is marked ✗: with it the audit's two reads belong to
    /// different moments of the transfer.
    fn notes(_version: Version, _observed: &Observed, drawing: &Drawing) -> Notes {
        match audit_reads(drawing) {
            Some((line, second_read)) => Notes {
                marked: vec![(second_read, line)],
                lines: Vec::new(),
            },
            None => Notes::default(),
        }
    }
}

/// Adds up both accounts, under both locks if `locked`.
impl<R: Runtime> Bank<R> {
    /// Debit, then credit: between the two, the 10 is in neither account.
    pub(crate) fn move_ten(&self, from: usize, to: usize) {
        let debited = self.balances[from].load(Relaxed) - 10;
        self.balances[from].store(debited, Relaxed);
        let credited = self.balances[to].load(Relaxed) + 10;
        self.balances[to].store(credited, Relaxed);
    }
}

fn audit<R: Runtime>(bank: &Bank<R>, me: usize, locked: bool) -> u64 {
    let locked = locked && bank.locks.lock(me, A).is_ok() && bank.locks.lock(me, B).is_ok();
    let a = bank.balances[A].load(Relaxed);
    let b = bank.balances[B].load(Relaxed);
    if locked {
        bank.locks.unlock(me, B);
        bank.locks.unlock(me, A);
    }
    a + b
}

fn observe((_, audit, (a, b)): bank::Ending) -> Observed {
    Observed::new(vec![("audit", audit), ("total", a + b)])
}

/// What the audit's reads returned in a drawn execution, and what that made
/// the audit see: each read came before or after T1's write to its account,
/// found from which write it returned, and the index of the read of B.
/// `None` when the audit saw the total.
fn audit_reads(drawing: &Drawing) -> Option<(String, usize)> {
    let [a, b] = ["A", "B"].map(|name| audit_read(drawing, name));
    let (a, b) = (a?, b?);
    let lesson = match (a.after, b.after) {
        (true, false) => "for a moment the 10 was in neither account",
        (false, true) => "it counted the 10 twice",
        _ => return None,
    };
    let line = format!(
        "✗ step {}: T2 read A {} and B {}: {lesson}.",
        b.step,
        a.words("debit"),
        b.words("credit")
    );
    Some((line, b.index))
}

/// The auditor's read of one account.
struct AuditRead {
    /// Its index in the trace.
    index: usize,
    /// Its step number as drawn.
    step: usize,
    /// Whether it returned T1's write rather than the initial balance.
    after: bool,
    /// The step number of T1's write to that account, if drawn.
    write: Option<usize>,
}

impl AuditRead {
    /// `at step 7 after T1's debit (step 6)`.
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
        index: read,
        step: drawing.number(read),
        after: Some(returned) == write,
        write: write.map(|write| drawing.number(write)),
    })
}
