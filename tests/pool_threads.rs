//! The thread pool on real threads: every behaviour of Python's
//! `ThreadPoolExecutor`, checked without timing anything.
//!
//! Tasks that must still be running are blocked on a channel until the test
//! releases them, so no assertion depends on how fast this machine is. The
//! only timeouts are ones that must expire (50 ms against a task that
//! cannot finish) or that cannot (60 s against a task that already has).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use racelab::executor::{
    as_completed, default_max_workers, wait, Ending, Options, PoolError, ReturnWhen, TaskError,
    ThreadPool,
};

const SHORT: Duration = Duration::from_millis(50);
const LONG: Duration = Duration::from_secs(60);

/// A gate a task blocks on until the test opens it.
fn gate() -> (Sender<()>, Arc<Mutex<Receiver<()>>>) {
    let (open, wait) = mpsc::channel();
    (open, Arc::new(Mutex::new(wait)))
}

fn block_on(gate: &Mutex<Receiver<()>>) {
    let _ = gate.lock().unwrap().recv();
}

#[test]
fn result_returns_the_value() {
    let pool = ThreadPool::new(2).unwrap();
    assert_eq!(pool.submit(|| 2 + 2).unwrap().result(), Ok(4));
}

#[test]
fn panic_comes_back_as_an_error_with_its_message_and_the_worker_lives_on() {
    // Two workers allowed: had the panic killed the first, the next task
    // would need a second, and the count below would say 2.
    let pool = ThreadPool::new(2).unwrap();
    let failed = pool.submit(|| -> u8 { panic!("boom") }).unwrap();
    assert_eq!(failed.result(), Err(TaskError::Panicked("boom".into())));
    let name = || std::thread::current().name().map(String::from);
    let first = pool.submit(name).unwrap().result().unwrap();
    assert_eq!(pool.workers_started(), 1);
    assert!(
        first.is_some_and(|name| name.ends_with("_0")),
        "worker 0 ran it"
    );
}

#[test]
fn result_timeout_expires_on_a_task_that_cannot_finish() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let handle = pool.submit(move || block_on(&blocked)).unwrap();
    assert!(!handle.wait_timeout(SHORT));
    assert_eq!(handle.result_timeout(SHORT), Err(TaskError::TimedOut));
    open.send(()).unwrap();
}

#[test]
fn result_timeout_returns_a_finished_value() {
    let pool = ThreadPool::new(1).unwrap();
    let handle = pool.submit(|| "done").unwrap();
    assert_eq!(handle.result_timeout(LONG), Ok("done"));
}

#[test]
fn cancel_succeeds_only_while_pending() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let (started, has_started) = mpsc::channel();
    let running = pool
        .submit(move || {
            started.send(()).unwrap();
            block_on(&blocked)
        })
        .unwrap();
    has_started.recv().unwrap();
    let queued = pool.submit(|| ()).unwrap();
    assert!(running.running());
    assert!(!running.cancel(), "a running task cannot be cancelled");
    assert!(!queued.running() && !queued.done());
    assert!(queued.cancel(), "a pending task can");
    assert!(
        queued.cancel(),
        "and cancelling again still says it is cancelled"
    );
    assert!(queued.cancelled() && queued.done());
    open.send(()).unwrap();
    assert!(running.result().is_ok());
    assert_eq!(queued.result(), Err(TaskError::Cancelled));
}

#[test]
fn finished_task_cannot_be_cancelled() {
    let pool = ThreadPool::new(1).unwrap();
    let handle = pool.submit(|| 1).unwrap();
    assert!(handle.wait_timeout(LONG));
    assert!(!handle.cancel());
    assert!(handle.done() && !handle.cancelled() && !handle.running());
}

#[test]
fn done_callback_runs_at_once_if_already_done() {
    let pool = ThreadPool::new(1).unwrap();
    let handle = pool.submit(|| 1).unwrap();
    assert!(handle.wait_timeout(LONG));
    let called = Arc::new(Mutex::new(None));
    let record = Arc::clone(&called);
    handle.add_done_callback(move |ending| *record.lock().unwrap() = Some(ending));
    assert_eq!(*called.lock().unwrap(), Some(Ending::Returned));
}

#[test]
fn done_callback_runs_when_the_task_ends() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let handle = pool
        .submit(move || -> () {
            block_on(&blocked);
            panic!("late failure")
        })
        .unwrap();
    let (tell, told) = mpsc::channel();
    handle.add_done_callback(move |ending| tell.send(ending).unwrap());
    open.send(()).unwrap();
    assert_eq!(told.recv(), Ok(Ending::Panicked));
}

#[test]
fn map_yields_results_in_input_order() {
    let pool = ThreadPool::new(4).unwrap();
    // Later items sleep less, so they tend to finish first; order holds anyway.
    let results: Vec<u64> = pool
        .map(
            |n: u64| {
                std::thread::sleep(Duration::from_millis(10 - n));
                n * n
            },
            0..10,
        )
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(results, (0..10).map(|n| n * n).collect::<Vec<_>>());
}

#[test]
fn map_zips_two_inputs() {
    let pool = ThreadPool::new(2).unwrap();
    let sums: Vec<i32> = pool
        .map(
            |(a, b)| a + b,
            vec![1, 2, 3].into_iter().zip(vec![10, 20, 30]),
        )
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sums, [11, 22, 33]);
}

#[test]
fn map_surfaces_a_panic_at_its_item_and_goes_on() {
    let pool = ThreadPool::new(2).unwrap();
    let results: Vec<_> = pool
        .map(
            |n: u32| {
                assert_ne!(n, 1, "item one fails");
                n
            },
            0..3,
        )
        .unwrap()
        .collect();
    assert_eq!(results[0], Ok(0));
    assert!(matches!(&results[1], Err(TaskError::Panicked(m)) if m.contains("item one fails")));
    assert_eq!(results[2], Ok(2));
}

#[test]
fn map_timeout_expires_and_cancels_the_rest() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let ran = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&ran);
    let mut results = pool
        .map_timeout(
            move |n: u32| {
                if n == 0 {
                    block_on(&blocked);
                }
                counter.fetch_add(1, SeqCst);
            },
            0..3,
            SHORT,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Err(TaskError::TimedOut)));
    assert_eq!(results.next(), None);
    open.send(()).unwrap();
    pool.shutdown(true, false);
    assert_eq!(ran.load(SeqCst), 1, "the two queued items were cancelled");
}

#[test]
fn map_dropped_before_its_first_next_leaves_every_task_to_run() {
    let pool = ThreadPool::new(2).unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&ran);
    let _ = pool.map(move |_: u32| counter.fetch_add(1, SeqCst), 0..10);
    pool.shutdown(true, false);
    assert_eq!(ran.load(SeqCst), 10, "Python runs all 10; so must we");
}

#[test]
fn map_dropped_mid_iteration_cancels_the_tasks_not_started() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..3).map(|_| AtomicUsize::new(0)).collect());
    let counts = Arc::clone(&runs);
    let mut results = pool
        .map(
            move |n: usize| {
                counts[n].fetch_add(1, SeqCst);
                if n == 1 {
                    block_on(&blocked); // holds the one worker: item 2 waits
                }
                n
            },
            0..3,
        )
        .unwrap();
    assert_eq!(results.next(), Some(Ok(0)));
    drop(results);
    open.send(()).unwrap();
    pool.shutdown(true, false);
    assert_eq!(
        runs[2].load(SeqCst),
        0,
        "item 2 was cancelled when the Map was dropped"
    );
}

#[test]
fn as_completed_yields_finished_ones_first_then_the_rest() {
    let pool = ThreadPool::new(2).unwrap();
    let (open, blocked) = gate();
    let slow = pool.submit(move || {
        block_on(&blocked);
        "slow"
    });
    let fast = pool.submit(|| "fast").unwrap();
    assert!(fast.wait_timeout(LONG));
    let mut order = as_completed(vec![slow.unwrap(), fast], None);
    assert_eq!(order.next().unwrap().unwrap().result(), Ok("fast"));
    open.send(()).unwrap();
    assert_eq!(order.next().unwrap().unwrap().result(), Ok("slow"));
    assert!(order.next().is_none());
}

#[test]
fn as_completed_times_out_and_gives_back_the_unfinished() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let stuck = pool.submit(move || block_on(&blocked)).unwrap();
    let mut order = as_completed(vec![stuck], Some(SHORT));
    let error = order.next().unwrap().unwrap_err();
    assert_eq!((error.unfinished, error.total), (1, 1));
    assert_eq!(
        error.to_string(),
        "The timeout ran out with 1 (of 1) task unfinished."
    );
    assert!(order.next().is_none());
    assert_eq!(order.remaining().len(), 1);
    open.send(()).unwrap();
}

#[test]
fn as_completed_surfaces_a_panic_in_its_handle() {
    let pool = ThreadPool::new(2).unwrap();
    let handles = vec![
        pool.submit(|| -> u8 { panic!("flaky") }).unwrap(),
        pool.submit(|| 1).unwrap(),
    ];
    let outcomes: Vec<_> = as_completed(handles, None)
        .map(|handle| handle.unwrap().result())
        .collect();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.contains(&Ok(1)));
    assert!(outcomes.contains(&Err(TaskError::Panicked("flaky".into()))));
}

#[test]
fn wait_first_completed_returns_while_another_still_runs() {
    let pool = ThreadPool::new(2).unwrap();
    let (open, blocked) = gate();
    let handles = vec![
        pool.submit(move || block_on(&blocked)).unwrap(),
        pool.submit(|| ()).unwrap(),
    ];
    let waited = wait(handles, None, ReturnWhen::FirstCompleted);
    assert_eq!((waited.done.len(), waited.not_done.len()), (1, 1));
    open.send(()).unwrap();
}

#[test]
fn wait_first_exception_returns_at_the_panic() {
    let pool = ThreadPool::new(2).unwrap();
    let (open, blocked) = gate();
    let handles = vec![
        pool.submit(move || block_on(&blocked)).unwrap(),
        pool.submit(|| panic!("first failure")).unwrap(),
    ];
    let waited = wait(handles, None, ReturnWhen::FirstException);
    assert_eq!((waited.done.len(), waited.not_done.len()), (1, 1));
    open.send(()).unwrap();
}

#[test]
fn wait_all_completed_with_a_timeout_reports_the_unfinished() {
    let pool = ThreadPool::new(2).unwrap();
    let (open, blocked) = gate();
    let stuck = pool.submit(move || block_on(&blocked)).unwrap();
    let quick = pool.submit(|| ()).unwrap();
    // Wait for what the assertion needs: the quick task has finished.
    assert!(quick.wait_timeout(LONG));
    let waited = wait(vec![stuck, quick], Some(SHORT), ReturnWhen::AllCompleted);
    assert_eq!((waited.done.len(), waited.not_done.len()), (1, 1));
    open.send(()).unwrap();
}

#[test]
fn submit_after_shutdown_hands_the_job_back() {
    let pool = ThreadPool::new(1).unwrap();
    pool.shutdown(true, false);
    pool.shutdown(true, false); // idempotent
    let error = pool.submit(|| 5).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The pool has been shut down, so it takes no new tasks; the job is handed back."
    );
    assert_eq!(error.into_job()(), 5);
    assert!(pool.map(|n: u8| n, 0..3).is_err());
}

#[test]
fn shutdown_with_cancel_futures_cancels_the_queued_and_finishes_the_running() {
    let pool = ThreadPool::new(1).unwrap();
    let (open, blocked) = gate();
    let (started, has_started) = mpsc::channel();
    let running = pool
        .submit(move || {
            started.send(()).unwrap();
            block_on(&blocked);
            "finished"
        })
        .unwrap();
    has_started.recv().unwrap();
    let queued = pool.submit(|| "never").unwrap();
    // The worker is held inside the first task: the second is still queued.
    pool.shutdown(false, true);
    open.send(()).unwrap();
    assert_eq!(running.result(), Ok("finished"));
    assert_eq!(queued.result(), Err(TaskError::Cancelled));
}

#[test]
fn shutdown_without_wait_still_runs_the_queued_tasks() {
    let pool = ThreadPool::new(1).unwrap();
    let handles: Vec<_> = (0..5).map(|n| pool.submit(move || n).unwrap()).collect();
    pool.shutdown(false, false);
    let results: Vec<_> = handles.into_iter().map(|h| h.result().unwrap()).collect();
    assert_eq!(results, [0, 1, 2, 3, 4]);
}

#[test]
fn drop_waits_for_every_task() {
    let ran = Arc::new(AtomicUsize::new(0));
    {
        let pool = ThreadPool::new(2).unwrap();
        for _ in 0..20 {
            let ran = Arc::clone(&ran);
            // Deliberately unread: `TaskHandle` is `#[must_use]`, so this
            // needs the `let _`.
            let _ = pool.submit(move || ran.fetch_add(1, SeqCst)).unwrap();
        }
    }
    assert_eq!(ran.load(SeqCst), 20);
}

#[test]
fn zero_workers_is_rejected_with_an_error() {
    let error = ThreadPool::new(0).unwrap_err();
    assert_eq!(error, PoolError::ZeroWorkers);
    assert_eq!(
        error.to_string(),
        "A thread pool needs at least one worker, but max_workers was 0."
    );
}

#[test]
fn default_size_is_min_32_and_cpus_plus_4() {
    let cpus = std::thread::available_parallelism().unwrap().get();
    assert_eq!(default_max_workers(), (cpus + 4).min(32));
    assert_eq!(ThreadPool::default().max_workers(), (cpus + 4).min(32));
}

#[test]
fn workers_start_lazily_and_idle_ones_are_reused() {
    let pool = ThreadPool::new(4).unwrap();
    assert_eq!(pool.workers_started(), 0);
    for n in 0..10 {
        // One at a time: each task finds the worker idle again.
        assert_eq!(pool.submit(move || n).unwrap().result(), Ok(n));
    }
    assert_eq!(pool.workers_started(), 1);
}

#[test]
fn workers_are_named_prefix_underscore_number() {
    let pool: ThreadPool = ThreadPool::with_options(Options {
        max_workers: 2,
        thread_name_prefix: "fetch".into(),
    })
    .unwrap();
    let (open, blocked) = gate();
    let name = || std::thread::current().name().unwrap().to_string();
    let blocked2 = Arc::clone(&blocked);
    let first = pool
        .submit(move || {
            block_on(&blocked2);
            name()
        })
        .unwrap();
    let second = pool.submit(name).unwrap();
    let second = second.result().unwrap();
    open.send(()).unwrap();
    let names: BTreeSet<String> = [first.result().unwrap(), second].into();
    assert_eq!(names, ["fetch_0".to_string(), "fetch_1".to_string()].into());
}

#[test]
fn every_task_of_many_runs_exactly_once() {
    let pool = ThreadPool::new(4).unwrap();
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..1000).map(|_| AtomicUsize::new(0)).collect());
    let counts = Arc::clone(&runs);
    let total: usize = pool
        .map(move |i: usize| counts[i].fetch_add(1, SeqCst) + 1, 0..1000)
        .unwrap()
        .map(Result::unwrap)
        .sum();
    assert_eq!(total, 1000);
    assert!(runs.iter().all(|count| count.load(SeqCst) == 1));
}
