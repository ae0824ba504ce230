//! shuttle's model checker.

use std::sync::{Arc, PoisonError};
use std::time::Instant;

use shuttle::scheduler::{
    DfsScheduler, PctScheduler, RandomScheduler, ReplayScheduler, Schedule, Scheduler, Task, TaskId,
};
use shuttle::{thread, Config, Runner};
use shuttle_engine::scheduler::serialization::{deserialize_schedule, serialize_schedule};

use crate::sync::mocked_std::mocked_std;
use crate::sync::{panic_hooks, shuttle_schedule, Budget, Explored, ShuttleScheduler};

/// shuttle's model checker: interleavings of a sequentially consistent
/// machine, where every load returns the newest store — the textbook model.
///
/// Only usable inside [`explore_shuttle`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Shuttle;

// Its threads, atomics, mutex and condition variable: `std`'s API, fitted to
// racelab's traits by the text both model checkers share.
mocked_std!(shuttle, Shuttle, ShuttleMonitor);

/// A thread's number: shuttle numbers tasks as racelab does, main 0, then
/// spawn order.
fn number(id: thread::ThreadId) -> usize {
    usize::from(id)
}

/// Runs `execution` under shuttle, as `scheduler` says, and returns the
/// schedule of each run in order: the string that [`ShuttleScheduler::Replay`]
/// takes to run it again.
///
/// A `Replay` of a string that is not a schedule runs nothing and returns no
/// schedule; one that does not fit the program (it names a thread that cannot
/// run at that point, or ends too early or too late) returns no schedule
/// either, though the part that fitted has run.
pub fn explore_shuttle<F>(scheduler: &ShuttleScheduler, execution: F) -> Vec<String>
where
    F: Fn() + Send + Sync + 'static,
{
    explore_shuttle_within(scheduler, Budget::default(), execution).0
}

/// [`explore_shuttle`], stopping when `budget` is spent (its `executions`
/// bounds only depth-first search; random and PCT run as many runs as they
/// are told), and saying how many executions shuttle ran.
pub fn explore_shuttle_within<F>(
    scheduler: &ShuttleScheduler,
    budget: Budget,
    execution: F,
) -> (Vec<String>, Explored)
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let start = Instant::now();
    let inner: Box<dyn Scheduler + Send> = match scheduler {
        ShuttleScheduler::Dfs => Box::new(DfsScheduler::new(budget.executions, false)),
        ShuttleScheduler::Pct { seed, depth, runs } => {
            Box::new(PctScheduler::new_from_seed(*seed, *depth, *runs))
        }
        ShuttleScheduler::Random { seed, runs } => {
            Box::new(RandomScheduler::new_from_seed(*seed, *runs))
        }
        ShuttleScheduler::Replay(schedule) => match replayer(schedule) {
            Some(replayer) => Box::new(replayer),
            None => {
                let explored = Explored {
                    executions: 0,
                    elapsed: start.elapsed(),
                    stopped: false,
                };
                return (Vec::new(), explored);
            }
        },
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
    config.max_time = budget.time;
    Runner::new(recording, config).run(execution);
    let schedules = schedules.lock().unwrap_or_else(PoisonError::into_inner);
    let mut encoded: Vec<String> = schedules.iter().map(serialize_schedule).collect();
    if let ShuttleScheduler::Replay(given) = scheduler {
        let fits = encoded.len() == 1 && same_schedule(&encoded[0], given);
        if !fits {
            encoded.clear();
        }
    }
    let executions = schedules.len();
    let explored = Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: budget.spent(executions, start),
    };
    (encoded, explored)
}

/// Whether `encoded` is a schedule shuttle can replay, and why not.
///
/// ```
/// use racelab::sync::check_shuttle_schedule;
///
/// assert!(check_shuttle_schedule("91020df8acd191010024522000").is_ok());
/// assert!(check_shuttle_schedule("hello").is_err());
/// ```
pub fn check_shuttle_schedule(encoded: &str) -> Result<(), &'static str> {
    shuttle_schedule::check(encoded)
}

/// A replay of `encoded` that stops, instead of panicking, where the schedule
/// does not fit: `None` if it is no schedule at all.
fn replayer(encoded: &str) -> Option<ReplayScheduler> {
    shuttle_schedule::check(encoded).ok()?;
    let mut replayer = ReplayScheduler::new_from_schedule(deserialize_schedule(encoded)?);
    replayer.set_allow_incomplete();
    Some(replayer)
}

fn same_schedule(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    digits(a) == digits(b)
}

/// A scheduler that passes every decision on to `inner` and writes it down,
/// so that any run can be replayed, not only one that panics.
pub(crate) struct Recording<S> {
    pub(crate) inner: S,
    pub(crate) schedules: Arc<std::sync::Mutex<Vec<Schedule>>>,
}

impl<S: Scheduler> Recording<S> {
    fn current(&self, write: impl FnOnce(&mut Schedule)) {
        let mut schedules = self
            .schedules
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(schedule) = schedules.last_mut() {
            write(schedule);
        }
    }
}

impl<S: Scheduler> Scheduler for Recording<S> {
    fn new_execution(&mut self) -> Option<Schedule> {
        let schedule = self.inner.new_execution()?;
        let mut schedules = self
            .schedules
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
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
