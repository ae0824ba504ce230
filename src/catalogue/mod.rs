//! The catalogue: the classic races and lock failures, each a buggy program
//! and its fix, side by side, run unchanged on loom, shuttle and real
//! threads. It is the tour's lesson 9; in teaching order, lessons 9.1 to 9.8:
//!
//! - 9.1. [`check_then_act`]: `if flag { flag = false; win }` — both win; fix:
//!   one `compare_exchange` (or `swap`);
//! - 9.2. [`deadlock`]: T1 locks A then B, T2 locks B then A — each waits for
//!   the other (and with `try_lock` and back-off, both can back off for ever:
//!   a livelock); fix: one global lock order;
//! - 9.3. the wakeups: (a) [`lost_wakeup`]: a notify sent before the waiter
//!   waits is lost, and the waiter sleeps for ever; fix: check under the
//!   lock; (b) [`stolen_wakeup`]: T1 wakes for an item that T2 took first,
//!   and, having waited only once, takes from an empty queue; fix: wait in
//!   a loop;
//! - 9.4. [`message_passing`]: data, then a flag, all `Relaxed` — the reader
//!   sees the flag but not the data, only on weak memory; fix: `Release` /
//!   `Acquire`;
//! - 9.5. [`store_buffering`]: `x = 1; r1 = y` against `y = 1; r2 = x` —
//!   `r1 = r2 = 0`, only on weak memory; fix: `SeqCst` fences;
//! - 9.6. [`data_race`]: a plain value written and read with nothing ordering
//!   the two — undefined behaviour; fix: a lock, or `Release`/`Acquire`;
//! - 9.7. [`bank`]: two accounts, 200 in all — racy withdrawals pay twice, an
//!   unlocked audit sees 190, opposite lock orders deadlock; fix: locks,
//!   taken in one order;
//! - 9.8. [`lazy_init`]: made twice by two threads that both find it unmade, or
//!   seen before it is filled in; fix: one lock (`OnceLock`), and
//!   `Release`/`Acquire`.
//!
//! Each scenario returns an [`Observed`]: the named values its threads saw,
//! to which a run that raced adds `data race = 1`. [`survey`] runs it under
//! an engine and gathers the outcomes, each graded
//! by the scenario's own contract and flagged *only under weak memory* when
//! no interleaving explains any execution that reached it — computed, never
//! declared. [`stress`] runs a scenario on real threads, jcstress-style.

pub mod bank;
pub mod check_then_act;
pub mod data_race;
pub mod deadlock;
pub mod lazy_init;
pub mod lost_wakeup;
pub mod message_passing;
pub mod stolen_wakeup;
pub mod store_buffering;
pub mod stress;
mod survey;

pub use self::survey::{survey, Survey, Version};

use std::fmt;
use std::str::FromStr;

use crate::sync::Runtime;

/// A scenario of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lesson {
    /// Lesson 9.1: [`check_then_act`].
    CheckThenAct,
    /// Lesson 9.2: [`deadlock`].
    Deadlock,
    /// Lesson 9.3a: [`lost_wakeup`].
    LostWakeup,
    /// Lesson 9.3b: [`stolen_wakeup`].
    StolenWakeup,
    /// Lesson 9.4: [`message_passing`].
    MessagePassing,
    /// Lesson 9.5: [`store_buffering`].
    StoreBuffering,
    /// Lesson 9.6: [`data_race`].
    DataRace,
    /// Lesson 9.7a: the [`bank`]'s racy withdrawals.
    BankWithdraw,
    /// Lesson 9.7b: the [`bank`]'s unlocked audit.
    BankAudit,
    /// Lesson 9.7c: the [`bank`]'s transfers in opposite lock orders.
    BankTransfer,
    /// Lesson 9.8a: [`lazy_init`], made twice.
    LazyInit,
    /// Lesson 9.8b: [`lazy_init`], published with a Relaxed flag.
    LazyPublish,
}

/// Which version of a scenario runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// The program as a learner first writes it.
    Buggy,
    /// A change that looks like a fix but still breaks the contract: store
    /// buffering's `Release`/`Acquire`, lost wakeup's check outside the
    /// lock, the deadlock's `try_lock` with back-off.
    Stronger,
    /// The fix.
    Fixed,
    /// Another fix, where there are two (the data race's lock, beside its
    /// Release/Acquire flag).
    AlsoFixed,
}

/// What the threads of one execution saw, by name: `r1 = 0, r2 = 0`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Observed(Vec<(&'static str, u64)>);

impl Observed {
    /// The values, in the order they are printed.
    pub fn new(values: Vec<(&'static str, u64)>) -> Self {
        Self(values)
    }

    /// These values, and `name = value` after them.
    pub fn with(mut self, name: &'static str, value: u64) -> Self {
        self.0.push((name, value));
        self
    }

    /// The value called `name`.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.0.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(n, v)| format!("{n} = {v}")).collect();
        f.write_str(&parts.join(", "))
    }
}

impl Lesson {
    /// Every scenario, in teaching order.
    pub const ALL: [Lesson; 12] = [
        Lesson::CheckThenAct,
        Lesson::Deadlock,
        Lesson::LostWakeup,
        Lesson::StolenWakeup,
        Lesson::MessagePassing,
        Lesson::StoreBuffering,
        Lesson::DataRace,
        Lesson::BankWithdraw,
        Lesson::BankAudit,
        Lesson::BankTransfer,
        Lesson::LazyInit,
        Lesson::LazyPublish,
    ];

    /// Its number: the catalogue is the tour's lesson 9, and scenario n
    /// is lesson 9.n.
    pub fn number(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => "9.1",
            Lesson::Deadlock => "9.2",
            Lesson::LostWakeup => "9.3a",
            Lesson::StolenWakeup => "9.3b",
            Lesson::MessagePassing => "9.4",
            Lesson::StoreBuffering => "9.5",
            Lesson::DataRace => "9.6",
            Lesson::BankWithdraw => "9.7a",
            Lesson::BankAudit => "9.7b",
            Lesson::BankTransfer => "9.7c",
            Lesson::LazyInit => "9.8a",
            Lesson::LazyPublish => "9.8b",
        }
    }

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => "check-then-act",
            Lesson::Deadlock => "deadlock",
            Lesson::LostWakeup => "lost-wakeup",
            Lesson::StolenWakeup => "stolen-wakeup",
            Lesson::MessagePassing => "message-passing",
            Lesson::StoreBuffering => "store-buffering",
            Lesson::DataRace => "data-race",
            Lesson::BankWithdraw => "bank-withdraw",
            Lesson::BankAudit => "bank-audit",
            Lesson::BankTransfer => "bank-transfer",
            Lesson::LazyInit => "lazy-init",
            Lesson::LazyPublish => "lazy-publish",
        }
    }

    /// What goes wrong, in one line.
    pub fn summary(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => "two threads check a flag, then lower it: both win",
            Lesson::Deadlock => "T1 locks A then B, T2 locks B then A: each waits for the other",
            Lesson::LostWakeup => {
                "a notify sent before the waiter waits is lost: it sleeps for ever"
            }
            Lesson::StolenWakeup => {
                "T1 wakes for an item that T2 took first, and takes from an empty queue"
            }
            Lesson::MessagePassing => {
                "data, then a flag, all Relaxed: the reader sees the flag, not the data"
            }
            Lesson::StoreBuffering => "x = 1; r1 = y against y = 1; r2 = x: both read 0",
            Lesson::DataRace => "a plain value written and read with nothing ordering them",
            Lesson::BankWithdraw => "two tills withdraw 100 from an account of 100: both pay",
            Lesson::BankAudit => "an audit during a transfer sees 190 or 210, not 200",
            Lesson::BankTransfer => {
                "A to B against B to A, each locking its source first: deadlock"
            }
            Lesson::LazyInit => "two threads both find the instance unmade: both make it",
            Lesson::LazyPublish => "a Relaxed ready flag: the reader sees it before the value",
        }
    }

    /// The variants it has, each with its command-line name and what it does.
    pub fn variants(self) -> &'static [(Variant, &'static str, &'static str)] {
        match self {
            Lesson::CheckThenAct => &[
                (
                    Variant::Buggy,
                    "check-then-act",
                    "load the flag, then store to it",
                ),
                (
                    Variant::AlsoFixed,
                    "compare-exchange",
                    "one compare_exchange: lower the flag only if it is up",
                ),
                (
                    Variant::Fixed,
                    "swap",
                    "one swap: check and act in one step",
                ),
            ],
            Lesson::Deadlock => &[
                (
                    Variant::Buggy,
                    "opposite-order",
                    "T1 locks A then B, T2 locks B then A",
                ),
                (
                    Variant::Stronger,
                    "back-off",
                    "opposite orders, but try_lock the second lock and back off, twice",
                ),
                (Variant::Fixed, "one-order", "both lock A, then B"),
            ],
            Lesson::LostWakeup => &[
                (Variant::Buggy, "bare-wait", "T1 waits with no predicate"),
                (
                    Variant::Stronger,
                    "check-outside",
                    "T1 checks ready without the lock, then waits",
                ),
                (
                    Variant::Fixed,
                    "wait-while",
                    "T1 checks ready under the lock, in a loop",
                ),
            ],
            Lesson::StolenWakeup => &[
                (
                    Variant::Buggy,
                    "if-wait",
                    "T1 waits once if the queue is empty, then takes",
                ),
                (
                    Variant::Fixed,
                    "wait-while",
                    "T1 waits in a loop while the queue is empty",
                ),
            ],
            Lesson::MessagePassing => &[
                (Variant::Buggy, "relaxed", "every access Relaxed"),
                (
                    Variant::Fixed,
                    "release-acquire",
                    "Release on the flag's store, Acquire on its load",
                ),
            ],
            Lesson::BankWithdraw => &[
                (
                    Variant::Buggy,
                    "unlocked",
                    "read, check, write, with no lock",
                ),
                (
                    Variant::Fixed,
                    "locked",
                    "A's lock held from the read to the write",
                ),
            ],
            Lesson::BankAudit => &[
                (Variant::Buggy, "unlocked-audit", "the audit takes no lock"),
                (
                    Variant::Fixed,
                    "locked-audit",
                    "the audit takes both locks, A then B",
                ),
            ],
            Lesson::BankTransfer => &[
                (
                    Variant::Buggy,
                    "source-first",
                    "each transfer locks its source, then its target",
                ),
                (Variant::Fixed, "by-number", "each transfer locks A, then B"),
            ],
            Lesson::LazyInit => &[
                (
                    Variant::Buggy,
                    "check-then-make",
                    "check, then make, with no lock",
                ),
                (
                    Variant::Fixed,
                    "once",
                    "check and make under one lock, as OnceLock does",
                ),
            ],
            Lesson::LazyPublish => &[
                (Variant::Buggy, "relaxed", "a Relaxed ready flag"),
                (
                    Variant::Fixed,
                    "release-acquire",
                    "Release on the flag's store, Acquire on its load",
                ),
            ],
            Lesson::DataRace => &[
                (
                    Variant::Buggy,
                    "unsynchronized",
                    "T1 writes, T2 reads, nothing between",
                ),
                (Variant::AlsoFixed, "mutex", "both under one lock"),
                (
                    Variant::Fixed,
                    "release-acquire",
                    "published through a Release/Acquire flag",
                ),
            ],
            Lesson::StoreBuffering => &[
                (Variant::Buggy, "relaxed", "every access Relaxed"),
                (
                    Variant::Stronger,
                    "release-acquire",
                    "Release stores, Acquire loads",
                ),
                (
                    Variant::Fixed,
                    "seqcst-fences",
                    "a SeqCst fence between each store and load",
                ),
            ],
        }
    }

    /// The variant called `name`.
    pub fn variant(self, name: &str) -> Option<Variant> {
        self.variants()
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|&(variant, _, _)| variant)
    }

    /// The command-line name of `variant`.
    pub fn variant_name(self, variant: Variant) -> &'static str {
        self.variants()
            .iter()
            .find(|(v, _, _)| *v == variant)
            .map_or("?", |&(_, name, _)| name)
    }

    /// Runs one execution of `variant` on engine `R`.
    pub fn run<R: Runtime>(self, variant: Variant) -> Observed {
        match self {
            Lesson::CheckThenAct => check_then_act::run::<R>(variant),
            Lesson::Deadlock => deadlock::run::<R>(variant),
            Lesson::LostWakeup => lost_wakeup::run::<R>(variant),
            Lesson::StolenWakeup => stolen_wakeup::run::<R>(variant),
            Lesson::MessagePassing => message_passing::run::<R>(variant),
            Lesson::StoreBuffering => store_buffering::run::<R>(variant),
            Lesson::DataRace => data_race::run::<R>(variant),
            Lesson::BankWithdraw => bank::run::<R>(bank::Part::Withdraw, variant),
            Lesson::BankAudit => bank::run::<R>(bank::Part::Audit, variant),
            Lesson::BankTransfer => bank::run::<R>(bank::Part::Transfer, variant),
            Lesson::LazyInit => lazy_init::run_race::<R>(variant),
            Lesson::LazyPublish => lazy_init::run_publish::<R>(variant),
        }
    }

    /// `runs` runs of `variant` on two real threads that meet before each:
    /// what this machine happens to do.
    pub fn stress(self, variant: Variant, runs: usize) -> Vec<Observed> {
        match self {
            Lesson::CheckThenAct => check_then_act::stress(variant, runs),
            Lesson::Deadlock => deadlock::stress(variant, runs),
            Lesson::LostWakeup => lost_wakeup::stress(variant, runs),
            Lesson::StolenWakeup => stolen_wakeup::stress(variant, runs),
            Lesson::MessagePassing => message_passing::stress(variant, runs),
            Lesson::StoreBuffering => store_buffering::stress(variant, runs),
            // Refused before it gets here: see `runs_on_real_threads`.
            Lesson::DataRace => Vec::new(),
            Lesson::BankWithdraw => bank::stress(bank::Part::Withdraw, variant, runs),
            Lesson::BankAudit => bank::stress(bank::Part::Audit, variant, runs),
            Lesson::BankTransfer => bank::stress(bank::Part::Transfer, variant, runs),
            Lesson::LazyInit => lazy_init::stress_race(variant, runs),
            Lesson::LazyPublish => lazy_init::stress_publish(variant, runs),
        }
    }

    /// The most preemptions loom may use on this scenario, where its full
    /// search is too large to run: `None` for every scenario but the stolen
    /// wakeup. That one has three threads (and main) around a condition variable, and
    /// loom's full search of it runs past a million executions without
    /// ending; bounded at 2 preemptions it is 1,908 executions (the bug
    /// needs 1), and in the CHESS studies most bugs needed at most two.
    /// What loom proves of it is then: no execution with at most 2
    /// preemptions breaks the contract.
    pub fn loom_preemptions(self) -> Option<usize> {
        match self {
            Lesson::StolenWakeup => Some(2),
            _ => None,
        }
    }

    /// Whether this scenario may run on real threads: the data race may
    /// not, for there it would be the undefined behaviour it teaches.
    pub fn runs_on_real_threads(self) -> bool {
        self != Lesson::DataRace
    }

    /// Whether an outcome keeps the scenario's contract.
    pub fn correct(self, observed: &Observed) -> bool {
        match self {
            Lesson::CheckThenAct => check_then_act::correct(observed),
            Lesson::Deadlock => deadlock::correct(observed),
            Lesson::LostWakeup => lost_wakeup::correct(observed),
            Lesson::StolenWakeup => stolen_wakeup::correct(observed),
            Lesson::MessagePassing => message_passing::correct(observed),
            Lesson::StoreBuffering => store_buffering::correct(observed),
            Lesson::DataRace => data_race::correct(observed),
            Lesson::BankWithdraw | Lesson::BankAudit | Lesson::BankTransfer => {
                bank::correct(observed)
            }
            Lesson::LazyInit | Lesson::LazyPublish => lazy_init::correct(observed),
        }
    }

    /// The contract, as the headline of a witness that breaks it says it.
    pub fn contract(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => "exactly one thread wins",
            Lesson::Deadlock => "each thread gets both locks",
            Lesson::LostWakeup => "the waiter wakes",
            Lesson::StolenWakeup => "T1 takes an item that is there",
            Lesson::MessagePassing => "a reader that sees the flag sees the data",
            Lesson::StoreBuffering => "at least one thread sees the other's store",
            Lesson::DataRace => "no data race",
            Lesson::BankWithdraw => "no more is paid out than the account held",
            Lesson::BankAudit => "every audit sees the total, 200",
            Lesson::BankTransfer => "no cycle of waits, and the total stays 200",
            Lesson::LazyInit => "the instance is made once",
            Lesson::LazyPublish => "a reader that finds it ready finds it made",
        }
    }

    /// Who does what, for the lines under a witness.
    pub fn roles(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => "Roles: T1 and T2 each try to claim the prize.",
            Lesson::Deadlock => "Roles: T1 and T2 each take both locks, A and B, and let them go.",
            Lesson::LostWakeup => "Roles: T1 waits until T2 sets ready and notifies.",
            Lesson::StolenWakeup => {
                "Roles: T1 takes an item from the queue, waiting if it is empty; T2 takes one if \
                 there is one, without waiting; T3 puts two items in, one at a time, notifying \
                 each time."
            }
            Lesson::MessagePassing => "Roles: T1 writes data, then flag; T2 reads flag, then data.",
            Lesson::StoreBuffering => {
                "Roles: T1 stores x, then reads y into r1; T2 stores y, then reads x into r2."
            }
            Lesson::BankWithdraw => "Roles: T1 and T2 are two tills, each paying out 100 from A.",
            Lesson::DataRace => "Roles: T1 writes the plain value; T2 reads it.",
            Lesson::BankAudit => "Roles: T1 moves 10 from A to B; T2 audits, adding A and B.",
            Lesson::BankTransfer => "Roles: T1 moves 10 from A to B; T2 moves 10 from B to A.",
            Lesson::LazyInit => {
                "Roles: T1 and T2 each get the instance, making it if there is none."
            }
            Lesson::LazyPublish => {
                "Roles: T1 fills the value in, then sets ready; T2 reads ready and, if it is set, \
                 the value."
            }
        }
    }

    /// What a wrong outcome means, where its values alone say it.
    pub fn meaning(self, observed: &Observed) -> Option<&'static str> {
        match (self, observed.get("deadlocks"), observed.get("gave up")) {
            (Lesson::Deadlock, Some(0), Some(2)) => {
                return Some(
                    "Both threads gave up: each time one tried its second lock, the other held \
                     it. No thread waited and no cycle of waits formed, yet neither got both \
                     locks. This is livelock in small: threads that keep backing off in step, \
                     each retrying while the other holds what it needs, could go on like this \
                     for ever if nothing limited their tries.",
                )
            }
            (Lesson::Deadlock, Some(0), Some(1)) => {
                return Some(
                    "One thread found its second lock held by the other on each of its tries, \
                     and gave up: it never got both locks.",
                )
            }
            _ => {}
        }
        if self == Lesson::LazyInit && observed.get("made") == Some(2) {
            return Some(
                "Both threads found the instance unmade, so each made one: two instances were \
                 made, and the one stored first was replaced by the other.",
            );
        }
        if observed.get("data race").is_some() {
            return Some(
                "The values in the table are the checker's model of this program; a real data \
                 race is undefined behaviour, and is not limited to them.",
            );
        }
        None
    }

    /// The one-line fix.
    pub fn fix(self) -> &'static str {
        match self {
            Lesson::CheckThenAct => {
                "Fix: check and act in one indivisible step: `flag.compare_exchange(true, false)` \
                 lowers the flag only if it is up and says whether it did (see `--variant \
                 compare-exchange`); `flag.swap(false)` does the same here (see `--variant \
                 swap`)."
            }
            Lesson::LostWakeup => {
                "Fix: check ready under the lock, and wait in a loop while it is false — \
                 `Condvar::wait_while` (see `--variant wait-while`). As T2 sets ready under the \
                 same lock, the lock keeps its notify from coming between the check and the \
                 wait; the loop guards against a wakeup \
                 another thread made stale (see `racelab explore stolen-wakeup`) and against \
                 spurious wake-ups, which real condition variables allow and neither checker \
                 makes."
            }
            Lesson::StolenWakeup => {
                "Fix: look again after every wake-up, waiting in a loop while the queue is empty \
                 — `Condvar::wait_while` (see `--variant wait-while`). A wake-up says only that \
                 the queue may have changed: the woken thread must get the lock back, and another \
                 thread can get it first and take the item (Rust's, pthreads', Java's and \
                 Python's condition variables all work this way); and a real condition variable \
                 may wake a waiter for no reason (neither checker does)."
            }
            Lesson::Deadlock => {
                "Fix: take the locks in one global order, A before B in every thread, so no cycle \
                 of waits can form (see `--variant one-order`). try_lock with back-off (let go \
                 of the first lock when the second is taken, then try again) avoids the \
                 deadlock but does not fix the program: a thread can find its second lock taken \
                 on every try and give up, and threads that keep retrying in step can livelock \
                 (see `--variant back-off`)."
            }
            Lesson::MessagePassing => {
                "Fix: Release on the flag's store and Acquire on its load: a Release store \
                 synchronizes with an Acquire load that returns it, so every write that happens \
                 before the store (here T1's write of data) happens before the loading thread's \
                 later reads, which return that write or a later one (see `--variant \
                 release-acquire`)."
            }
            Lesson::StoreBuffering => {
                "Fix: a SeqCst fence between each thread's store and its load (see `--variant \
                 seqcst-fences`); Release/Acquire is not enough. SeqCst on all four accesses \
                 would fix the real program too, but loom treats SeqCst loads and stores as \
                 Release/Acquire (loom issue 180) and would wrongly report r1 = r2 = 0 for that \
                 version, a false alarm; so the fix proven here uses fences. In real code either \
                 works."
            }
            Lesson::LazyInit => {
                "Fix: check and make under one lock, so the second thread waits and then finds \
                 it made (see `--variant once`). std::sync::OnceLock::get_or_init gives the same \
                 guarantee: callers wait while one thread makes it, and later callers see it \
                 made, with a single Acquire load and no lock."
            }
            Lesson::LazyPublish => {
                "Fix: Release on the ready flag's store and Acquire on its load, so a reader that \
                 sees ready sees the value filled in; OnceLock does this inside (see `--variant \
                 release-acquire`)."
            }
            Lesson::DataRace => {
                "Fix: order the two accesses: both under one lock (see `--variant mutex`), or \
                 publish with a Release store of a flag, and read the value only after an \
                 Acquire load of the flag has returned what that store wrote (see `--variant \
                 release-acquire`)."
            }
            Lesson::BankWithdraw => {
                "Fix: hold A's lock from the read to the write, so the second till reads what \
                 the first left (see `--variant locked`)."
            }
            Lesson::BankAudit => {
                "Fix: the audit takes both locks, in the same order as the transfer, so it \
                 never sees a transfer half done (see `--variant locked-audit`)."
            }
            Lesson::BankTransfer => {
                "Fix: every transfer locks the two accounts in one global order, by account \
                 number, whichever way the money goes (see `--variant by-number`)."
            }
        }
    }
}

impl fmt::Display for Lesson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lesson {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Lesson::ALL
            .into_iter()
            .find(|lesson| lesson.name() == name)
            .ok_or_else(|| format!("there is no catalogue scenario '{name}'"))
    }
}
