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

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex, PoisonError};

use comfy_table::Table;

use crate::executor::pool::ThreadPool;
use crate::explore::report::plural;
use crate::sync::{
    explore_loom_within, explore_shuttle, Atomic, Budget, Loom, Runtime, Shuttle, ShuttleScheduler,
    Std,
};
use crate::trace::{self, render, Action, Drawing, Order, Trace};

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

/// Which cancel to race against a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancel {
    /// [`RacyTask`]'s check-then-act: T1 cancels while T2 starts the task.
    CheckThenAct,
    /// The pool's [`TaskHandle::cancel`](crate::executor::TaskHandle::cancel):
    /// main submits to a one-worker pool and cancels at once.
    Pool,
}

impl Cancel {
    /// Who does what in a trace of this race.
    fn roles(self) -> &'static str {
        match self {
            Cancel::CheckThenAct => {
                "Roles: T1 cancels the task; T2 is the worker that starts it; main starts both \
                 and joins them."
            }
            Cancel::Pool => {
                "Roles: main submits the task and cancels it; T1 is the pool's one worker."
            }
        }
    }
}

/// How one race ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

    /// Whether exactly one side won, as a cancel promises.
    pub fn is_correct(&self) -> bool {
        self.cancel_won != self.task_ran
    }

    /// The outcome in words, as the table prints it.
    pub fn describe(&self) -> &'static str {
        match (self.cancel_won, self.task_ran) {
            (true, true) => "cancel → true, and the task ran",
            (true, false) => "cancel → true, the task never ran",
            (false, true) => "cancel → false, the task ran",
            (false, false) => "cancel → false, and the task never ran",
        }
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

/// The executions that ended one way, and the one that shows it best.
#[derive(Clone, Debug)]
pub struct CancelOutcome {
    /// How many executions ended this way.
    pub executions: usize,
    /// The first one with the fewest preemptions, by its number.
    pub execution: usize,
    /// It, drawn as the interleaving that explains it.
    pub drawing: Drawing,
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
    /// Each way a race ended.
    pub outcomes: BTreeMap<CancelRace, CancelOutcome>,
}

impl CancelCheck {
    fn new(cancel: Cancel, engine: String) -> Self {
        Self {
            cancel,
            engine,
            executions: 0,
            double_wins: 0,
            outcomes: BTreeMap::new(),
        }
    }

    fn add(&mut self, race: CancelRace, trace: Trace) {
        self.executions += 1;
        self.double_wins += usize::from(race.both_won());
        let execution = self.executions;
        let drawing = Drawing::new(&trace);
        let preemptions = |drawing: &Drawing| match drawing.order {
            Order::Interleaving { preemptions } => preemptions,
            _ => usize::MAX,
        };
        let outcome = self.outcomes.entry(race).or_insert_with(|| CancelOutcome {
            executions: 0,
            execution,
            drawing: drawing.clone(),
        });
        outcome.executions += 1;
        if preemptions(&drawing) < preemptions(&outcome.drawing) {
            outcome.execution = execution;
            outcome.drawing = drawing;
        }
    }

    /// The trace of a double win with the fewest preemptions, under the
    /// outcome table, if there was one.
    pub fn report(&self) -> Option<String> {
        let double_win = self.outcomes.get(&CancelRace {
            cancel_won: true,
            task_ran: true,
        })?;
        let mut footer = Vec::new();
        if let Order::Interleaving { preemptions } = double_win.drawing.order {
            footer.push(format!(
                "Drawn as the interleaving with the fewest preemptions that ends this way: {}. \
                 Every one of the {} double wins needs at least that many.",
                plural(preemptions as u64, "preemption"),
                self.double_wins
            ));
        }
        footer.push(format!(
            "The engine ran it as execution {} of {} under {}.",
            double_win.execution, self.executions, self.engine
        ));
        footer.push(
            "Both threads acted on a check that the other's act had already made untrue: \
             cancel returned true, and the task ran."
                .to_string(),
        );
        footer.push(format!("Reproduce: {}", self.reproduce()));
        footer.push(
            "Fix: check and act in one indivisible step: one compare_exchange from pending, or \
             one lock around both, as the pool's own cancel does (and Python's: Future.cancel \
             and the worker's set_running_or_notify_cancel take the future's one lock). This \
             task is broken on purpose."
                .to_string(),
        );
        Some(format!(
            "{}\n{}",
            self.table(),
            render::text(
                &double_win.drawing,
                &format!(
                    "double win: cancel returned true, yet the task ran\n{}",
                    self.cancel.roles()
                ),
                &footer,
            )
        ))
    }

    /// The command that runs this check again and prints this report.
    fn reproduce(&self) -> &'static str {
        if self.engine.starts_with("loom") {
            "RUSTFLAGS=\"--cfg loom\" cargo test --release --test loom_racy_cancel -- --nocapture"
        } else {
            "cargo test --test pool_shuttle -- --nocapture"
        }
    }

    /// The outcome table: each way the race ended, how often, and whether
    /// it keeps the promise that exactly one side wins.
    pub fn table(&self) -> String {
        let mut table = Table::new();
        table.load_preset("     ─┼ │          ");
        table.set_header(["outcome", "executions", "grade"]);
        for (race, outcome) in &self.outcomes {
            let grade = if race.is_correct() {
                "correct"
            } else if race.both_won() {
                "both won"
            } else {
                "neither won"
            };
            table.add_row([
                race.describe().to_string(),
                outcome.executions.to_string(),
                grade.to_string(),
            ]);
        }
        if let Some(column) = table.column_mut(1) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
        let mut out = format!("{self}\n\n");
        for line in table.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
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
/// that many in loom's own scheduling order; `None`: every execution).
/// Cost: a few dozen executions for either cancel, milliseconds.
pub fn check_loom(cancel: Cancel, preemptions: Option<usize>) -> CancelCheck {
    let engine = match preemptions {
        None => "loom (full search)".to_string(),
        Some(bound) => format!("loom (at most {bound} preemptions in loom's order)"),
    };
    collect(CancelCheck::new(cancel, engine), |run| {
        explore_loom_within(preemptions, Budget::default(), run);
    })
}

/// `cancel`'s race under shuttle with `scheduler`. Cost: depth-first is a
/// few hundred schedules at most; random and PCT run as many as told.
pub fn check_shuttle(cancel: Cancel, scheduler: &ShuttleScheduler) -> CancelCheck {
    let engine = match scheduler {
        ShuttleScheduler::Dfs => "shuttle-dfs (every schedule)".to_string(),
        other => format!("shuttle ({other:?})"),
    };
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
