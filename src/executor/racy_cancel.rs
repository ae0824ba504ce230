//! Lesson 2b: check-then-act, inside a thread pool.
//!
//! Cancelling a task is a decision with two parts: *check* that no worker
//! has started it, then *act*, marking it cancelled so no worker will. A
//! worker picking the task up does the mirror image: check that it is not
//! cancelled, then mark it running. Written as two steps each, with nothing
//! tying the check to the act, both threads can check before either acts:
//! both see "pending", the cancel reports success, and the task runs anyway.
//! It is the lost update of the [racy counter](crate::counter::racy) again,
//! with a task's stage in place of the count.
//!
//! The pool's real cancel cannot do this: the check and the act happen in
//! one critical section of the task's own lock, and so do the worker's, so
//! one of them always goes first, whole. Both are the versions of one
//! [scenario](RacyCancel), checked like every other:
//!
//! ```
//! use racelab::executor::racy_cancel::{RacyCancel, Version};
//! use racelab::explore::model;
//! use racelab::scenario::{Program, Size};
//!
//! let racy = model::loom(Program::new(&RacyCancel, Version::CheckThenAct, Size::SMALLEST));
//! assert!(!racy.wrong().is_empty()); // loom finds the run where both win
//!
//! let pool = model::loom(Program::new(&RacyCancel, Version::Pool, Size::SMALLEST));
//! assert!(pool.wrong().is_empty());
//! ```

use std::fmt;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use crate::executor::pool::ThreadPool;
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{Atomic, Runtime, Std};
use crate::trace::Action;

/// Lesson 2b: a cancel and a worker's start, each written as check-then-act.
#[derive(Clone, Copy, Debug)]
pub struct RacyCancel;

/// The versions of [`RacyCancel`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// [`RacyTask`]'s check-then-act: T1 cancels while T2 starts the task.
    CheckThenAct,
    /// The pool's [`TaskHandle::cancel`](crate::executor::TaskHandle::cancel):
    /// main submits to a one-worker pool and cancels at once.
    Pool,
}

impl Scenario for RacyCancel {
    type Version = Version;

    const ABOUT: About = About::new(
        crate::scenario::here!(),
        "racy-cancel",
        "2b",
        "a cancel written as check-then-act: it reports success, and the task runs",
        "exactly one of the cancel and the task wins",
    )
    .roles(
        "Roles: T1 cancels the task and T2 is the worker that starts it, main starting and \
         joining both.",
    )
    .fix(
        "Fix: check and act in one indivisible step: one compare_exchange from pending, or one \
         lock around both, as the pool's own cancel does (and Python's: Future.cancel and the \
         worker's set_running_or_notify_cancel take the future's one lock).",
    );

    const VERSIONS: &'static [Variant<Version>] = &[
        Variant {
            version: Version::CheckThenAct,
            name: "check-then-act",
            what: "cancel and start each check the stage, then set it",
            kind: Kind::Bug,
            code: &[
                Code {
                    who: "T1, cancelling",
                    rust: &[
                        "if self.stage.load(SeqCst) != PENDING {",
                        "    return false;",
                        "}",
                        "self.stage.store(CANCELLED, SeqCst);",
                    ],
                    python: &[
                        "if future.state == PENDING:",
                        "    future.state = CANCELLED",
                    ],
                },
                Code {
                    who: "T2, the worker starting it",
                    rust: &[
                        "if self.stage.load(SeqCst) != PENDING {",
                        "    return false;",
                        "}",
                        "self.stage.store(RUNNING, SeqCst);",
                    ],
                    python: &["if future.state == PENDING:", "    future.state = RUNNING"],
                },
            ],
        },
        Variant {
            version: Version::Pool,
            name: "pool",
            what: "the pool's cancel: check and act under the task's lock",
            kind: Kind::Fix,
            code: &[Code {
                who: "main",
                rust: &["let cancel_won = handle.cancel();"],
                python: &["cancelled = future.cancel()"],
            }],
        },
    ];

    /// One race of the cancel against a worker; the outcome is whether the
    /// cancel reported success and whether the task ran.
    fn run<R: Runtime>(version: Version, _size: Size) -> Observed {
        let (cancel_won, task_ran) = match version {
            Version::CheckThenAct => race_check_then_act::<R>(),
            Version::Pool => race_pool::<R>(),
        };
        Observed::new(vec![
            ("cancelled", u64::from(cancel_won)),
            ("ran", u64::from(task_ran)),
        ])
    }

    /// New threads each run: what this machine happens to do.
    fn stress(version: Version, size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok((0..runs).map(|_| Self::run::<Std>(version, size)).collect())
    }

    /// Exactly one side won.
    fn correct(observed: &Observed, _size: Size) -> bool {
        observed.get("cancelled") != observed.get("ran")
    }

    /// `cancel → true, and the task ran`.
    fn outcome(observed: &Observed) -> String {
        let cancelled = observed.get("cancelled") == Some(1);
        let ran = observed.get("ran") == Some(1);
        match (cancelled, ran) {
            (true, true) => "cancel → true, and the task ran",
            (true, false) => "cancel → true, the task never ran",
            (false, true) => "cancel → false, the task ran",
            (false, false) => "cancel → false, and the task never ran",
        }
        .to_string()
    }

    /// The pool version has no T2: its worker is T1.
    fn roles(version: Version) -> &'static str {
        match version {
            Version::CheckThenAct => Self::ABOUT.roles,
            Version::Pool => {
                "Roles: main submits the task to a pool of one worker, T1, and cancels it."
            }
        }
    }

    /// The pool's own locks and condition variables record nothing.
    fn records_all_sharing(version: Version) -> bool {
        version == Version::CheckThenAct
    }

    fn headline(observed: &Observed, size: Size) -> String {
        if Self::correct(observed, size) {
            return Self::outcome(observed);
        }
        match observed.get("cancelled") {
            Some(1) => "double win: cancel returned true, yet the task ran".to_string(),
            _ => "neither won: cancel returned false, and the task never ran".to_string(),
        }
    }
}

const PENDING: u64 = 0;
const RUNNING: u64 = 1;
const CANCELLED: u64 = 2;

/// How a trace names the stages 0, 1 and 2.
const STAGES: [&str; 3] = ["pending", "running", "cancelled"];

/// A task whose stage is a bare atomic word — 0 pending, 1 running,
/// 2 cancelled — changed by check-then-act, with no common lock.
///
/// On one thread it behaves:
///
/// ```
/// use racelab::executor::racy_cancel::RacyTask;
///
/// let task = RacyTask::new();
/// assert!(task.cancel());
/// assert!(!task.start()); // a cancelled task is not started
/// ```
pub struct RacyTask<R: Runtime = Std> {
    stage: Atomic<R>,
}

impl RacyTask {
    /// A pending task, on real threads.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<R: Runtime> Default for RacyTask<R> {
    fn default() -> Self {
        Self {
            stage: Atomic::with_states("stage", &STAGES, PENDING),
        }
    }
}

impl<R: Runtime> RacyTask<R> {
    /// The broken cancel: true if it marked the task cancelled.
    pub fn cancel(&self) -> bool {
        // SeqCst, the strongest ordering: the bug is not in the ordering of
        // memory operations but in the gap between these two steps.
        if self.stage.load(SeqCst) != PENDING {
            return false;
        }
        // ← a worker can check here too, and also see "pending"…
        self.stage.store(CANCELLED, SeqCst);
        R::record(|| Action::Event {
            label: "cancel → true",
        });
        true
    }

    /// The worker's broken start: true if it marked the task running, and
    /// may run it.
    pub fn start(&self) -> bool {
        if self.stage.load(SeqCst) != PENDING {
            return false;
        }
        self.stage.store(RUNNING, SeqCst);
        R::record(|| Action::Event {
            label: "runs the task",
        });
        true
    }
}

impl<R: Runtime> fmt::Debug for RacyTask<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RacyTask")
            .field("stage", &self.stage)
            .finish()
    }
}

/// T1 cancels a [`RacyTask`] while T2 starts it: whether the cancel won,
/// and whether the task ran.
fn race_check_then_act<R: Runtime>() -> (bool, bool) {
    let task = Arc::new(RacyTask::<R>::default());
    let canceller = Arc::clone(&task);
    let cancelling = R::spawn(move || canceller.cancel());
    let worker = Arc::clone(&task);
    let working = R::spawn(move || worker.start());
    (
        R::join(cancelling).unwrap_or(false),
        R::join(working).unwrap_or(false),
    )
}

/// Main submits to a pool of one worker and cancels at once.
fn race_pool<R: Runtime>() -> (bool, bool) {
    let pool = ThreadPool::<R>::with_max_workers(1).expect("one worker");
    let ran = Arc::new(AtomicBool::new(false));
    let mark = Arc::clone(&ran);
    let handle = pool
        .submit(move || mark.store(true, SeqCst))
        .unwrap_or_else(|_| unreachable!("the pool is open"));
    let cancel_won = handle.cancel();
    pool.shutdown(true, false);
    (cancel_won, ran.load(SeqCst))
}
