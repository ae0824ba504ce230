//! Models of the pool's whole API under shuttle: callbacks, `map`,
//! `as_completed`, `wait`, two submitters, submits from a task and from a
//! callback, and every kind of `shutdown`, from any thread — where the pool's
//! broken promises once lived.
//!
//! Each model checks the same promises, in every sampled schedule:
//!
//! - every task runs at most once, and exactly once unless it was cancelled;
//! - every handle ends exactly one way: a value, a panic or a cancel, and
//!   the way agrees with whether the task ran;
//! - every done-callback runs exactly once, told that same way;
//! - a `shutdown(wait = true)` returns only after every task has ended and
//!   every callback has run, whichever thread calls it.
//!
//! Budget: each model runs [`RUNS`] schedules under the random scheduler
//! and [`RUNS`] under PCT (depth 3), with the printed seed [`SEED`]; the
//! file takes about two seconds in a debug build. Sampling finds the likely
//! interleavings, not every one: `loom-tests/pool.rs` enumerates the small
//! cases.
//!
//! What no model here can see: timeouts. Under shuttle (and loom) a timed
//! wait never times out, because the checkers have no clock; `map_timeout`,
//! `result_timeout` and the timeouts of `wait` and `as_completed` are
//! tested on real threads (`pool_threads.rs`, `pool_promises.rs`).

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use racelab::executor::{
    as_completed, wait, Ending, ReturnWhen, TaskError, TaskHandle, ThreadPool,
};
use racelab::sync::{explore_shuttle, Monitor, Runtime, Shuttle, ShuttleMonitor, ShuttleScheduler};

const SEED: u64 = 0x00c0_ffee;
const RUNS: usize = 100;

type Pool = ThreadPool<Shuttle>;
type Handle = TaskHandle<usize, Shuttle>;

/// Runs `model` under the random and the PCT scheduler, and checks that
/// every sampled schedule ran to its end.
fn under_each_scheduler(model: impl Fn() + Send + Sync + Clone + 'static) {
    let schedulers = [
        ShuttleScheduler::Random {
            seed: SEED,
            runs: RUNS,
        },
        ShuttleScheduler::Pct {
            seed: SEED,
            depth: 3,
            runs: RUNS,
        },
    ];
    for scheduler in schedulers {
        let finished = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&finished);
        let model = model.clone();
        explore_shuttle(&scheduler, move || {
            model();
            count.fetch_add(1, SeqCst);
        });
        println!("{scheduler:?}: {} schedules", finished.load(SeqCst));
        assert_eq!(finished.load(SeqCst), RUNS, "every schedule ran to its end");
    }
}

/// What each task of a model did: how often it ran, how often each of its
/// callbacks was called, and with which ending. `std` atomics are exact
/// here: shuttle runs one thread at a time.
struct Ledger {
    runs: Vec<AtomicUsize>,
    calls: Vec<AtomicUsize>,
    /// The last ending a callback was told, as `ending_code`.
    told: Vec<AtomicUsize>,
}

fn ending_code(ending: Ending) -> usize {
    match ending {
        Ending::Returned => 1,
        Ending::Panicked => 2,
        Ending::Cancelled => 3,
    }
}

impl Ledger {
    fn new(tasks: usize) -> Arc<Self> {
        let zeros = || (0..tasks).map(|_| AtomicUsize::new(0)).collect();
        Arc::new(Self {
            runs: zeros(),
            calls: zeros(),
            told: zeros(),
        })
    }

    /// Task `i`: counts its run, panics if `fails`, else returns `i`.
    fn task(self: &Arc<Self>, i: usize, fails: bool) -> impl FnOnce() -> usize + Send + 'static {
        let ledger = Arc::clone(self);
        move || {
            ledger.runs[i].fetch_add(1, SeqCst);
            assert!(!fails, "task {i} fails on purpose");
            i
        }
    }

    /// A callback for task `i` that counts its call and what it was told.
    fn callback(self: &Arc<Self>, i: usize) -> impl FnOnce(Ending) + Send + 'static {
        let ledger = Arc::clone(self);
        move |ending| {
            ledger.calls[i].fetch_add(1, SeqCst);
            ledger.told[i].store(ending_code(ending), SeqCst);
        }
    }

    /// Every task has ended and each of its `callbacks` has run: what a
    /// returned shutdown(wait) promises. `cancelled` tasks never ran.
    fn all_settled(&self, callbacks: usize) -> bool {
        (0..self.runs.len()).all(|i| {
            self.calls[i].load(SeqCst) == callbacks
                && self.runs[i].load(SeqCst) <= 1
                && (self.runs[i].load(SeqCst) == 1 || self.told[i].load(SeqCst) == 3)
        })
    }

    /// Task `i` ended exactly one way, `outcome`, in agreement with its
    /// runs and with what its `callbacks` callbacks were told.
    fn check(&self, i: usize, outcome: &Result<usize, TaskError>, callbacks: usize) {
        let ran = self.runs[i].load(SeqCst);
        let (expected_runs, code) = match outcome {
            Ok(value) => {
                assert_eq!(*value, i, "task {i} returned another task's value");
                (1, 1)
            }
            Err(TaskError::Panicked(message)) => {
                assert!(message.contains("fails on purpose"), "task {i}: {message}");
                (1, 2)
            }
            Err(TaskError::Cancelled) => (0, 3),
            Err(TaskError::TimedOut) => unreachable!("no timeout in a model"),
        };
        assert_eq!(
            ran, expected_runs,
            "task {i} ran {ran} times, yet ended {outcome:?}"
        );
        assert_eq!(
            self.calls[i].load(SeqCst),
            callbacks,
            "task {i}'s callbacks"
        );
        if callbacks > 0 {
            assert_eq!(
                self.told[i].load(SeqCst),
                code,
                "task {i}'s callback was told"
            );
        }
    }
}

/// A gate for tasks under shuttle: they wait until the model opens it.
struct Gate(ShuttleMonitor<bool>);

impl Gate {
    fn new() -> Arc<Self> {
        Arc::new(Self(ShuttleMonitor::new(false)))
    }

    fn pass(&self) {
        self.0.wait_while(|open| !*open, |_| ());
    }

    fn open(&self) {
        self.0.with(|open| *open = true);
        self.0.notify_all();
    }
}

#[test]
fn callbacks_run_once_each_whether_added_before_or_after_the_end() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(4);
        let pool = Pool::with_max_workers(2).unwrap();
        let handles: Vec<Handle> = (0..4)
            .map(|i| pool.submit(ledger.task(i, i == 1)).unwrap())
            .collect();
        // Added while the workers may be running them: before or after
        // the end, each runs once.
        for (i, handle) in handles.iter().enumerate() {
            handle.add_done_callback(ledger.callback(i));
        }
        handles[3].cancel(); // races the workers
        let waited = wait(handles, None, ReturnWhen::AllCompleted);
        assert!(waited.not_done.is_empty());
        // Added after the end: each runs at once, on this thread.
        for (i, handle) in waited.done.iter().enumerate() {
            handle.add_done_callback(ledger.callback(i));
        }
        pool.shutdown(true, false);
        assert!(ledger.all_settled(2), "shutdown(wait) returned early");
        // `wait` keeps the handles' order within `done`.
        for (i, handle) in waited.done.into_iter().enumerate() {
            ledger.check(i, &handle.result(), 2);
        }
    });
}

#[test]
fn map_and_as_completed_hand_back_every_task_once() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(6);
        let pool = Pool::with_max_workers(2).unwrap();
        let tasks = Arc::clone(&ledger);
        let mapped: Vec<_> = pool
            .map(move |i: usize| (tasks.task(i, i == 2))(), 0..3)
            .unwrap()
            .collect();
        for (i, outcome) in mapped.iter().enumerate() {
            ledger.check(i, outcome, 0);
        }
        let handles: Vec<Handle> = (3..6)
            .map(|i| pool.submit(ledger.task(i, false)).unwrap())
            .collect();
        let mut order = Vec::new();
        for handle in as_completed(handles, None) {
            let outcome = handle.unwrap().result();
            let i = *outcome.as_ref().unwrap();
            ledger.check(i, &outcome, 0);
            order.push(i);
        }
        order.sort_unstable();
        assert_eq!(order, [3, 4, 5]);
    });
}

#[test]
fn wait_first_completed_returns_while_a_task_is_held() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(2);
        let pool = Pool::with_max_workers(2).unwrap();
        let gate = Gate::new();
        let held = Arc::clone(&gate);
        let first = ledger.task(0, false);
        let handles = vec![
            pool.submit(move || {
                held.pass();
                first()
            })
            .unwrap(),
            pool.submit(ledger.task(1, false)).unwrap(),
        ];
        let waited = wait(handles, None, ReturnWhen::FirstCompleted);
        assert_eq!((waited.done.len(), waited.not_done.len()), (1, 1));
        gate.open();
        for handle in waited.done.into_iter().chain(waited.not_done) {
            let outcome = handle.result();
            ledger.check(*outcome.as_ref().unwrap(), &outcome, 0);
        }
    });
}

#[test]
fn two_submitters_and_a_submit_from_inside_a_task_run_each_task_once() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(5);
        let pool = Arc::new(Pool::with_max_workers(2).unwrap());
        let (other_pool, other_ledger) = (Arc::clone(&pool), Arc::clone(&ledger));
        let other = Shuttle::spawn(move || {
            let (nested, two) = (other_ledger.task(4, false), other_ledger.task(2, false));
            let inner = Arc::clone(&other_pool);
            // Task 2 submits task 4 from its worker, and hands its handle on.
            let spawner = other_pool
                .submit(move || (inner.submit(nested).ok(), two()))
                .unwrap();
            let plain = other_pool.submit(other_ledger.task(3, false)).unwrap();
            (spawner, plain)
        });
        let mine: Vec<Handle> = (0..2)
            .map(|i| pool.submit(ledger.task(i, false)).unwrap())
            .collect();
        let (spawner, plain) = Shuttle::join(other).unwrap();
        let (nested, two) = spawner.result().unwrap();
        ledger.check(2, &Ok(two), 0);
        let nested = nested.expect("the pool was open");
        for (i, outcome) in [(3, plain.result()), (4, nested.result())] {
            ledger.check(i, &outcome, 0);
        }
        for (i, handle) in mine.into_iter().enumerate() {
            ledger.check(i, &handle.result(), 0);
        }
        assert!(pool.workers_started() <= 2, "never more than max_workers");
    });
}

#[test]
fn a_callback_that_submits_and_waits_gets_a_worker() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(2);
        let pool = Arc::new(Pool::with_max_workers(2).unwrap());
        let first = pool.submit(ledger.task(0, false)).unwrap();
        let (inner, second) = (Arc::clone(&pool), ledger.task(1, false));
        let record = ledger.callback(1);
        let submitted = Gate::new();
        let submitted_in = Arc::clone(&submitted);
        first.add_done_callback(move |_| {
            let handle = inner.submit(second).unwrap();
            submitted_in.open();
            assert_eq!(handle.result(), Ok(1), "the callback's own task");
            record(Ending::Returned);
        });
        ledger.check(0, &first.result(), 0);
        // The pool stays open until the callback has submitted.
        submitted.pass();
        pool.shutdown(true, false);
        assert_eq!(
            ledger.calls[1].load(SeqCst),
            1,
            "shutdown(wait) waited for the callback"
        );
        assert_eq!(ledger.runs[1].load(SeqCst), 1);
    });
}

/// Submits `tasks` tasks, each with a callback, then shuts the pool down
/// as `wait` and `cancel` say while another thread calls
/// `shutdown(true, false)`; both calls that wait must return only once
/// every task has settled.
fn shutdown_model(wait: bool, cancel: bool) {
    const TASKS: usize = 3;
    let ledger = Ledger::new(TASKS);
    let pool = Arc::new(Pool::with_max_workers(2).unwrap());
    let handles: Vec<Handle> = (0..TASKS)
        .map(|i| {
            let handle = pool.submit(ledger.task(i, i == 0)).unwrap();
            handle.add_done_callback(ledger.callback(i));
            handle
        })
        .collect();
    let (other_pool, other_ledger) = (Arc::clone(&pool), Arc::clone(&ledger));
    let other = Shuttle::spawn(move || {
        other_pool.shutdown(true, false);
        assert!(
            other_ledger.all_settled(1),
            "the other shutdown(wait) returned early"
        );
    });
    pool.shutdown(wait, cancel);
    if wait {
        assert!(ledger.all_settled(1), "shutdown(wait) returned early");
    }
    Shuttle::join(other).unwrap();
    for (i, handle) in handles.into_iter().enumerate() {
        let outcome = handle.result();
        if !cancel {
            assert!(
                !matches!(outcome, Err(TaskError::Cancelled)),
                "nobody cancelled {i}"
            );
        }
        ledger.check(i, &outcome, 1);
    }
}

#[test]
fn every_shutdown_beside_a_second_shutdown_wait_settles_every_task() {
    for (wait, cancel) in [(true, false), (true, true), (false, true), (false, false)] {
        println!("shutdown(wait = {wait}, cancel_futures = {cancel}) beside shutdown(true, false)");
        under_each_scheduler(move || shutdown_model(wait, cancel));
    }
}

#[test]
fn shutdown_wait_in_a_callback_on_a_worker_returns_without_joining_itself() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(2);
        let pool = Arc::new(Pool::with_max_workers(2).unwrap());
        let handles: Vec<Handle> = (0..2)
            .map(|i| pool.submit(ledger.task(i, false)).unwrap())
            .collect();
        // On a worker, or on main if task 0 has already ended: either way
        // it must return (joining itself would deadlock, and shuttle would
        // say so) and leave the tasks to finish.
        let inner = Arc::clone(&pool);
        handles[0].add_done_callback(move |_| inner.shutdown(true, false));
        handles[0].add_done_callback(ledger.callback(0));
        let outcomes: Vec<_> = handles.into_iter().map(TaskHandle::result).collect();
        pool.shutdown(true, false); // then every callback has run
        for (i, outcome) in outcomes.iter().enumerate() {
            ledger.check(i, outcome, usize::from(i == 0));
        }
    });
}

#[test]
fn dropping_the_last_reference_inside_a_task_keeps_its_value() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(2);
        let pool = Arc::new(Pool::with_max_workers(2).unwrap());
        let other = pool.submit(ledger.task(1, false)).unwrap();
        let (last, task) = (Arc::clone(&pool), ledger.task(0, false));
        let holder = pool
            .submit(move || {
                let value = task();
                drop(last); // may be the last reference: shutdown(true) here
                value
            })
            .unwrap();
        drop(pool);
        ledger.check(0, &holder.result(), 0);
        ledger.check(1, &other.result(), 0);
    });
}

#[test]
fn a_task_that_arrives_while_two_workers_sleep_runs_once() {
    under_each_scheduler(|| {
        let ledger = Ledger::new(3);
        let pool = Pool::with_max_workers(2).unwrap();
        // Two tasks at once start both workers, which then go to sleep.
        let first: Vec<Handle> = (0..2)
            .map(|i| pool.submit(ledger.task(i, false)).unwrap())
            .collect();
        for (i, handle) in first.into_iter().enumerate() {
            ledger.check(i, &handle.result(), 0);
        }
        let late = pool.submit(ledger.task(2, false)).unwrap();
        ledger.check(2, &late.result(), 0);
        assert!(pool.workers_started() <= 2);
    });
}
