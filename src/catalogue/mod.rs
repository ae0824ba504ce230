//! The catalogue: the classic races and lock failures, each a buggy program
//! and its fix, side by side, run unchanged on loom, shuttle and real
//! threads. It is the tour's lesson 9; in teaching order:
//!
//! - 9.1. [`check_then_act`]: `if flag { flag = false; win }` — both win; fix:
//!   one `compare_exchange` (or `swap`);
//! - 9.2. [`deadlock`]: T1 locks A then B, T2 locks B then A — each waits for
//!   the other (and with `try_lock` and back-off, both can back off for ever:
//!   a livelock); fix: one global lock order;
//! - 9.3a. [`lost_wakeup`]: a notify sent before the waiter waits is lost,
//!   and the waiter sleeps for ever; fix: check under the lock;
//! - 9.3b. [`stolen_wakeup`]: T1 wakes for an item that T2 took first, and,
//!   having waited only once, takes from an empty queue; fix: wait in a loop;
//! - 9.4. [`message_passing`]: data, then a flag, all `Relaxed` — the reader
//!   sees the flag but not the data, only on weak memory; fix: `Release` /
//!   `Acquire`;
//! - 9.5. [`store_buffering`]: `x = 1; r1 = y` against `y = 1; r2 = x` —
//!   `r1 = r2 = 0`, only on weak memory; fix: `SeqCst` fences (or `SeqCst`
//!   on every access);
//! - 9.6. [`data_race`]: a plain value written and read with nothing ordering
//!   the two — undefined behaviour; fix: a lock, or `Release`/`Acquire`;
//! - 9.7. the [`bank`]: two accounts, 200 in all — (a) [`bank_withdraw`]:
//!   racy withdrawals pay twice; (b) [`bank_audit`]: an unlocked audit sees
//!   190; (c) [`bank_transfer`]: opposite lock orders deadlock; fix: locks,
//!   taken in one order;
//! - 9.8. lazy initialisation — (a) [`lazy_init`]: made twice by two threads
//!   that both find it unmade; (b) [`lazy_publish`]: seen before it is filled
//!   in; fix: one lock (`OnceLock`), and `Release`/`Acquire`;
//! - 9.9. [`peterson`]: Peterson's lock, correct on a sequentially
//!   consistent machine, broken by `Release`/`Acquire`, and still broken
//!   with a `SeqCst` fence; fix: give the turn away with a `swap`.
//!
//! Each is a [`Scenario`](crate::scenario::Scenario) in its own file;
//! [`stress`] runs two threads against each other on real threads,
//! jcstress-style.

pub mod bank;
pub mod bank_audit;
pub mod bank_transfer;
pub mod bank_withdraw;
pub mod check_then_act;
pub mod data_race;
pub mod deadlock;
pub mod lazy_init;
pub mod lazy_publish;
pub mod lost_wakeup;
pub mod message_passing;
pub mod peterson;
pub mod stolen_wakeup;
pub mod store_buffering;
pub mod stress;

pub use self::bank_audit::BankAudit;
pub use self::bank_transfer::BankTransfer;
pub use self::bank_withdraw::BankWithdraw;
pub use self::check_then_act::CheckThenAct;
pub use self::data_race::DataRace;
pub use self::deadlock::Deadlock;
pub use self::lazy_init::LazyInit;
pub use self::lazy_publish::LazyPublish;
pub use self::lost_wakeup::LostWakeup;
pub use self::message_passing::MessagePassing;
pub use self::peterson::Peterson;
pub use self::stolen_wakeup::StolenWakeup;
pub use self::store_buffering::StoreBuffering;
