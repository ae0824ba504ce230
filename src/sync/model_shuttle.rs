//! shuttle's model checker.

use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

use shuttle::scheduler::{
    DfsScheduler, PctScheduler, RandomScheduler, ReplayScheduler, Schedule, Scheduler, Task,
    TaskId,
};
use shuttle::sync::atomic::AtomicU64;
use shuttle::{thread, Config, Runner};
use shuttle_engine::scheduler::serialization::serialize_schedule;

use crate::sync::{panic_hooks, AtomicWord, Lock, NoGate, Runtime};
use crate::trace::{self, Action, Step};

/// shuttle's model checker: interleavings of a sequentially consistent
/// machine, where every load returns the newest store — the textbook model.
///
/// Only usable inside [`explore_shuttle`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Shuttle;

impl Runtime for Shuttle {
    const NAME: &'static str = "shuttle";

    type AtomicU64 = AtomicU64;
    type Mutex<T: Send> = shuttle::sync::Mutex<T>;
    type JoinHandle<T: Send + 'static> = thread::JoinHandle<T>;
    type Gate = NoGate;

    fn spawn<T, F>(work: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        thread::spawn(work)
    }

    fn join<T: Send + 'static>(handle: thread::JoinHandle<T>) -> std::thread::Result<T> {
        handle.join()
    }

    fn yield_now() {
        thread::yield_now();
    }

    fn record(action: impl FnOnce() -> Action) {
        // shuttle numbers tasks as racelab does: main is 0, then spawn order.
        let thread = usize::from(shuttle::current::me());
        trace::record(Step::new(thread, action()));
    }
}

/// How shuttle chooses the next thread to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShuttleScheduler {
    /// Depth-first: every interleaving, each once.
    Dfs,
    /// Probabilistic concurrency testing: `depth` random priority changes per
    /// run, which finds bugs that need `depth - 1` preemptions with a
    /// probability that can be bounded. Depth 1 never preempts at all.
    Pct {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// Priority changes per run.
        depth: usize,
        /// How many runs.
        runs: usize,
    },
    /// A uniformly random runnable thread at every step.
    Random {
        /// Seeds the random choices; the same seed gives the same runs.
        seed: u64,
        /// How many runs.
        runs: usize,
    },
    /// Exactly the one run that an earlier exploration printed.
    Replay(String),
}

/// Runs `execution` under shuttle, as `scheduler` says, and returns the
/// schedule of each run in order: the string that [`ShuttleScheduler::Replay`]
/// takes to run it again.
pub fn explore_shuttle<F>(scheduler: &ShuttleScheduler, execution: F) -> Vec<String>
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let inner: Box<dyn Scheduler + Send> = match scheduler {
        ShuttleScheduler::Dfs => Box::new(DfsScheduler::new(None, false)),
        ShuttleScheduler::Pct { seed, depth, runs } => {
            Box::new(PctScheduler::new_from_seed(*seed, *depth, *runs))
        }
        ShuttleScheduler::Random { seed, runs } => {
            Box::new(RandomScheduler::new_from_seed(*seed, *runs))
        }
        ShuttleScheduler::Replay(schedule) => Box::new(ReplayScheduler::new_from_encoded(schedule)),
    };
    let schedules = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recording = Recording {
        inner,
        schedules: Arc::clone(&schedules),
    };
    let mut config = Config::new();
    // shuttle warns that it does not model weak memory; racelab says so where
    // it matters, in its documentation of the two checkers.
    config.silence_warnings = true;
    Runner::new(recording, config).run(execution);
    let schedules = schedules.lock().unwrap_or_else(PoisonError::into_inner);
    schedules.iter().map(serialize_schedule).collect()
}

/// A scheduler that passes every decision on to `inner` and writes it down,
/// so that any run can be replayed, not only one that panics.
struct Recording<S> {
    inner: S,
    schedules: Arc<std::sync::Mutex<Vec<Schedule>>>,
}

impl<S: Scheduler> Recording<S> {
    fn current(&self, write: impl FnOnce(&mut Schedule)) {
        let mut schedules = self.schedules.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(schedule) = schedules.last_mut() {
            write(schedule);
        }
    }
}

impl<S: Scheduler> Scheduler for Recording<S> {
    fn new_execution(&mut self) -> Option<Schedule> {
        let schedule = self.inner.new_execution()?;
        let mut schedules = self.schedules.lock().unwrap_or_else(PoisonError::into_inner);
        schedules.push(Schedule::new(schedule.seed));
        Some(schedule)
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        is_yielding: bool,
    ) -> Option<TaskId> {
        let task = self.inner.next_task(runnable, current, is_yielding)?;
        self.current(|schedule| schedule.push_task(task));
        Some(task)
    }

    fn next_u64(&mut self) -> u64 {
        self.current(Schedule::push_random);
        self.inner.next_u64()
    }
}

impl AtomicWord for AtomicU64 {
    fn new(value: u64) -> Self {
        AtomicU64::new(value)
    }

    fn load(&self, order: Ordering) -> u64 {
        AtomicU64::load(self, order)
    }

    fn store(&self, value: u64, order: Ordering) {
        AtomicU64::store(self, value, order)
    }

    fn fetch_add(&self, value: u64, order: Ordering) -> u64 {
        AtomicU64::fetch_add(self, value, order)
    }
}

impl<T: Send> Lock<T> for shuttle::sync::Mutex<T> {
    fn new(value: T) -> Self {
        shuttle::sync::Mutex::new(value)
    }

    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        let mut guard = self.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}
