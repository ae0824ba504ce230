//! Every interleaving of recorded steps, each once: the search behind
//! `racelab play` on a sequentially consistent machine.
//!
//! shuttle's own depth-first search chooses a thread at every scheduling
//! point, including the many inside a lock's bookkeeping that record nothing,
//! so the same sequence of recorded steps comes back thousands of times (the
//! bank transfer: a million schedules). A learner choosing who goes next
//! chooses only between recorded steps. This search does the same: once it
//! has chosen a thread, that thread runs on until it has recorded a step or
//! can run no further, and only then is the next thread chosen. Every
//! interleaving of recorded steps is still reached, since a step that records
//! nothing changes nothing another thread can see.
//!
//! In a game, main runs first whenever it can: it starts the threads, waits
//! for them and reads what they left, and is not one of the players. An
//! exploration lets main be chosen like any thread, for a program whose main
//! does more than that (the pool's cancel).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use shuttle::scheduler::{Schedule, Scheduler, Task, TaskId};
use shuttle::{Config, Runner};

use crate::sync::model_shuttle::Recording;
use crate::sync::{panic_hooks, Budget, Explored};
use crate::trace;

/// Runs `execution` once for every interleaving of its recorded steps, within
/// `budget`. Before each run, `moves` is emptied; during it, each choice of
/// a thread pushes the number of steps recorded so far and the thread
/// chosen, so the steps between two entries are one move of that thread
/// (and of main, which runs whenever it can).
pub fn explore_shuttle_steps<F>(
    budget: Budget,
    moves: Arc<Mutex<Vec<(usize, usize)>>>,
    execution: F,
) -> Explored
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let start = Instant::now();
    let executions = Arc::new(Mutex::new(0));
    let search = StepByStep::new(true, moves, Arc::clone(&executions), budget);
    let mut config = Config::new();
    config.silence_warnings = true;
    config.max_time = budget.time;
    Runner::new(search, config).run(execution);
    let executions = *executions.lock().unwrap_or_else(PoisonError::into_inner);
    Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: budget.spent(executions, start),
    }
}

/// Runs `execution` once for every interleaving of its recorded steps,
/// main's among them, within `budget`; returns the schedule of each run in
/// order, as [`explore_shuttle`](crate::sync::explore_shuttle) does, so that
/// any run can be replayed.
///
/// With `max_preemptions`, only the interleavings with at most that many
/// preemptions, counted as this search sees them: a switch away from a
/// thread other than main that shuttle could still run. That is not quite
/// the drawing's count: a thread about to ask for a held lock can still
/// run here, and main is not counted. A search bounded so, like loom's, is
/// no proof beyond its bound.
pub fn explore_shuttle_steps_within<F>(
    max_preemptions: Option<usize>,
    budget: Budget,
    execution: F,
) -> (Vec<String>, Explored)
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let start = Instant::now();
    let executions = Arc::new(Mutex::new(0));
    let moves = Arc::new(Mutex::new(Vec::new()));
    let mut search = StepByStep::new(false, moves, Arc::clone(&executions), budget);
    search.max_preemptions = max_preemptions;
    let schedules = Arc::new(Mutex::new(Vec::new()));
    let recording = Recording {
        inner: search,
        schedules: Arc::clone(&schedules),
    };
    let mut config = Config::new();
    config.silence_warnings = true;
    config.max_time = budget.time;
    Runner::new(recording, config).run(execution);
    let executions = *executions.lock().unwrap_or_else(PoisonError::into_inner);
    let schedules = schedules.lock().unwrap_or_else(PoisonError::into_inner);
    let encoded = schedules
        .iter()
        .map(shuttle_engine::scheduler::serialization::serialize_schedule)
        .collect();
    let explored = Explored {
        executions,
        elapsed: start.elapsed(),
        stopped: budget.spent(executions, start),
    };
    (encoded, explored)
}

/// One choice of the search: the threads that could run, and which one ran.
struct Choice {
    runnable: Vec<TaskId>,
    taken: usize,
}

/// A depth-first search that chooses a thread only after a step is recorded.
struct StepByStep {
    /// Whether main runs whenever it can, instead of being chosen.
    main_first: bool,
    choices: Vec<Choice>,
    at: usize,
    last_recorded: usize,
    last_runnable: Vec<TaskId>,
    started: bool,
    moves: Arc<Mutex<Vec<(usize, usize)>>>,
    executions: Arc<Mutex<usize>>,
    limit: Option<usize>,
    /// At most this many preemptions in a run, if bounded.
    max_preemptions: Option<usize>,
    /// The preemptions in this run so far.
    preemptions: usize,
}

impl StepByStep {
    fn new(
        main_first: bool,
        moves: Arc<Mutex<Vec<(usize, usize)>>>,
        executions: Arc<Mutex<usize>>,
        budget: Budget,
    ) -> Self {
        Self {
            main_first,
            choices: Vec::new(),
            at: 0,
            last_recorded: 0,
            last_runnable: Vec::new(),
            started: false,
            moves,
            executions,
            limit: budget.executions,
            max_preemptions: None,
            preemptions: 0,
        }
    }

    /// Moves to the next unexplored branch: false when there is none.
    fn backtrack(&mut self) -> bool {
        while let Some(choice) = self.choices.last_mut() {
            if choice.taken + 1 < choice.runnable.len() {
                choice.taken += 1;
                return true;
            }
            self.choices.pop();
        }
        false
    }

    /// The thread to run next among `runnable`, `current` having run last.
    fn choose(&mut self, mut runnable: Vec<TaskId>, current: Option<TaskId>) -> TaskId {
        // Switching away from a thread that could go on is a preemption;
        // main, which only starts, joins and reads, is not counted.
        let could_go_on = current.filter(|c| *c != TaskId::from(0) && runnable.contains(c));
        if self.at == self.choices.len() {
            if let Some(current) = could_go_on {
                if self
                    .max_preemptions
                    .is_some_and(|most| self.preemptions >= most)
                {
                    runnable = vec![current];
                }
            }
            self.choices.push(Choice { runnable, taken: 0 });
        }
        let choice = &self.choices[self.at];
        self.at += 1;
        let chosen = choice.runnable[choice.taken];
        if could_go_on.is_some_and(|current| current != chosen) {
            self.preemptions += 1;
        }
        chosen
    }
}

impl Scheduler for StepByStep {
    fn new_execution(&mut self) -> Option<Schedule> {
        if self.started && !self.backtrack() {
            return None;
        }
        let executions = Arc::clone(&self.executions);
        let mut executions = executions.lock().unwrap_or_else(PoisonError::into_inner);
        if self.limit.is_some_and(|limit| *executions >= limit) {
            return None;
        }
        self.started = true;
        *executions += 1;
        self.at = 0;
        self.preemptions = 0;
        self.last_recorded = 0;
        self.last_runnable.clear();
        self.moves
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        Some(Schedule::new(0))
    }

    fn next_task(
        &mut self,
        runnable: &[&Task],
        current: Option<TaskId>,
        _is_yielding: bool,
    ) -> Option<TaskId> {
        let ids: Vec<TaskId> = runnable.iter().map(|task| task.id()).collect();
        let main = TaskId::from(0);
        if self.main_first && ids.contains(&main) {
            return Some(main);
        }
        let recorded = trace::recorded();
        if let Some(current) = current.filter(|c| ids.contains(c)) {
            if recorded == self.last_recorded && ids == self.last_runnable {
                return Some(current);
            }
        }
        self.last_recorded = recorded;
        self.last_runnable.clone_from(&ids);
        let chosen = self.choose(ids, current);
        self.moves
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((recorded, usize::from(chosen)));
        Some(chosen)
    }

    fn next_u64(&mut self) -> u64 {
        0
    }
}
