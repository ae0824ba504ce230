//! Lesson: check-then-act, inside a thread pool.
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
//! one of them always goes first, whole. Both are checked here, under loom
//! and shuttle, with a trace of the execution where the racy one fails.
//!
//! ```
//! use racelab::executor::racy_cancel::{check_loom, Cancel};
//!
//! let racy = check_loom(Cancel::CheckThenAct, None);
//! assert!(racy.double_wins > 0); // loom finds the run where both win
//! println!("{}", racy.report().unwrap());
//!
//! assert_eq!(check_loom(Cancel::Pool, None).double_wins, 0);
//! ```

use std::fmt;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex, PoisonError};

use crate::executor::pool::ThreadPool;
use crate::sync::{
    explore_loom_within, explore_shuttle, AtomicWord, Budget, Loom, Runtime, Shuttle,
    ShuttleScheduler, Std,
};
use crate::trace::{self, render, Action, Trace};

const PENDING: u64 = 0;
const RUNNING: u64 = 1;
const CANCELLED: u64 = 2;

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
    stage: R::AtomicU64,
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
            stage: R::AtomicU64::new(PENDING),
        }
    }
}

impl<R: Runtime> RacyTask<R> {
    /// The broken cancel: true if it marked the task cancelled.
    pub fn cancel(&self) -> bool {
        // SeqCst, the strongest ordering: the bug is not in the ordering of
        // memory operations but in the gap between these two steps.
        if !self.sees_pending() {
            return false;
        }
        // ← a worker can check here too, and also see "pending"…
        self.stage.store(CANCELLED, SeqCst);
        R::record(|| Action::Event {
            label: MARKS_CANCELLED,
        });
        R::record(|| Action::Event {
            label: "cancel → true",
        });
        true
    }

    /// The worker's broken start: true if it marked the task running, and
    /// may run it.
    pub fn start(&self) -> bool {
        if !self.sees_pending() {
            return false;
        }
        self.stage.store(RUNNING, SeqCst);
        R::record(|| Action::Event {
            label: MARKS_RUNNING,
        });
        R::record(|| Action::Event {
            label: "runs the task",
        });
        true
    }

    /// The check: reads the stage, and records what it saw.
    fn sees_pending(&self) -> bool {
        let stage = self.stage.load(SeqCst);
        R::record(|| Action::Event {
            label: match stage {
                PENDING => SEES_PENDING,
                RUNNING => "sees running",
                _ => "sees cancelled",
            },
        });
        stage == PENDING
    }
}

impl<R: Runtime> fmt::Debug for RacyTask<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RacyTask")
            .field("stage", &self.stage)
            .finish()
    }
}

const SEES_PENDING: &str = "sees pending";
const MARKS_CANCELLED: &str = "marks cancelled";
const MARKS_RUNNING: &str = "marks running";

/// Whether `trace` shows the textbook interleaving: both threads check
/// before either acts. Under loom a double win can also come from a check
/// that returns a stale "pending" after the other thread's act; that one is
/// real, but the textbook one teaches better.
fn both_check_first(trace: &Trace) -> bool {
    let position = |labels: &[&str], last: bool| {
        let mut found = trace.steps().iter().enumerate().filter(
            |(_, step)| matches!(step.action, Action::Event { label } if labels.contains(&label)),
        );
        if last {
            found.next_back().map(|(i, _)| i)
        } else {
            found.map(|(i, _)| i).next()
        }
    };
    match (
        position(&[SEES_PENDING], true),
        position(&[MARKS_CANCELLED, MARKS_RUNNING], false),
    ) {
        (Some(last_check), Some(first_act)) => last_check < first_act,
        _ => false,
    }
}

/// Which cancel to race against a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancel {
    /// [`RacyTask`]'s check-then-act: T1 cancels while T2 starts the task.
    CheckThenAct,
    /// The pool's [`TaskHandle::cancel`](crate::executor::TaskHandle::cancel):
    /// main submits to a one-worker pool and cancels at once.
    Pool,
}

/// How one race ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CancelRace {
    /// The cancel reported success.
    pub cancel_won: bool,
    /// The task ran.
    pub task_ran: bool,
}

impl CancelRace {
    /// Both won: the cancel said yes, and the task ran anyway — the bug.
    pub fn both_won(&self) -> bool {
        self.cancel_won && self.task_ran
    }
}

/// Runs one race of `cancel` against a worker, on engine `R`.
pub fn race<R: Runtime>(cancel: Cancel) -> CancelRace {
    match cancel {
        Cancel::CheckThenAct => race_check_then_act::<R>(),
        Cancel::Pool => race_pool::<R>(),
    }
}

fn race_check_then_act<R: Runtime>() -> CancelRace {
    let task = Arc::new(RacyTask::<R>::default());
    let canceller = Arc::clone(&task);
    let cancelling = R::spawn(move || canceller.cancel());
    let worker = Arc::clone(&task);
    let working = R::spawn(move || worker.start());
    CancelRace {
        cancel_won: R::join(cancelling).unwrap_or(false),
        task_ran: R::join(working).unwrap_or(false),
    }
}

fn race_pool<R: Runtime>() -> CancelRace {
    let pool = ThreadPool::<R>::with_max_workers(1).expect("one worker");
    let ran = Arc::new(AtomicBool::new(false));
    let mark = Arc::clone(&ran);
    let handle = pool
        .submit(move || mark.store(true, SeqCst))
        .unwrap_or_else(|_| unreachable!("the pool is open"));
    let cancel_won = handle.cancel();
    pool.shutdown(true, false);
    CancelRace {
        cancel_won,
        task_ran: ran.load(SeqCst),
    }
}

/// What a checker found over all the races it ran.
#[derive(Clone, Debug)]
pub struct CancelCheck {
    /// The cancel that raced.
    pub cancel: Cancel,
    /// The checker and its settings.
    pub engine: String,
    /// Races run.
    pub executions: usize,
    /// Races in which the cancel and the task both won.
    pub double_wins: usize,
    /// The trace of the first such race.
    pub witness: Option<Trace>,
}

impl CancelCheck {
    fn new(cancel: Cancel, engine: String) -> Self {
        Self {
            cancel,
            engine,
            executions: 0,
            double_wins: 0,
            witness: None,
        }
    }

    fn add(&mut self, race: CancelRace, trace: Trace) {
        self.executions += 1;
        if race.both_won() {
            self.double_wins += 1;
            let better = match &self.witness {
                None => true,
                Some(witness) => !both_check_first(witness) && both_check_first(&trace),
            };
            if better {
                self.witness = Some(trace);
            }
        }
    }

    /// The trace of a double win, drawn one column per thread, if there was
    /// one.
    pub fn report(&self) -> Option<String> {
        let witness = self.witness.as_ref()?;
        let footer = [format!(
            "{} of {} executions under {} ended like this.",
            self.double_wins, self.executions, self.engine
        )];
        Some(render::text(
            witness,
            "double win: cancel returned true, yet the task ran",
            &footer,
        ))
    }
}

impl fmt::Display for CancelCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} under {}: {} executions, {} where cancel and task both won",
            self.cancel, self.engine, self.executions, self.double_wins
        )
    }
}

/// Every execution of `cancel`'s race under loom (`preemptions`: at most
/// that many; `None`: every execution). Cost: a few dozen executions for
/// either cancel, milliseconds.
pub fn check_loom(cancel: Cancel, preemptions: Option<usize>) -> CancelCheck {
    let engine = match preemptions {
        None => "loom (every execution)".to_string(),
        Some(bound) => format!("loom (at most {bound} preemptions)"),
    };
    collect(CancelCheck::new(cancel, engine), |run| {
        explore_loom_within(preemptions, Budget::default(), run);
    })
}

/// `cancel`'s race under shuttle with `scheduler`. Cost: depth-first is a
/// few hundred schedules at most; random and PCT run as many as told.
pub fn check_shuttle(cancel: Cancel, scheduler: &ShuttleScheduler) -> CancelCheck {
    let engine = format!("shuttle ({scheduler:?})");
    collect(CancelCheck::new(cancel, engine), |run| {
        explore_shuttle(scheduler, run);
    })
}

/// Runs the checker `explore` on the race and gathers every execution.
fn collect(check: CancelCheck, explore: impl FnOnce(Box<dyn Fn() + Send + Sync>)) -> CancelCheck {
    let cancel = check.cancel;
    let on_loom = check.engine.starts_with("loom");
    let shared = Arc::new(Mutex::new(check));
    let into = Arc::clone(&shared);
    explore(Box::new(move || {
        trace::start();
        let race = if on_loom {
            race::<Loom>(cancel)
        } else {
            race::<Shuttle>(cancel)
        };
        into.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .add(race, trace::finish());
    }));
    let check = shared.lock().unwrap_or_else(PoisonError::into_inner);
    check.clone()
}
