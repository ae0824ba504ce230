//! A pool on an operating system that refuses to start threads.
//!
//! Real systems refuse at a thread limit (`ulimit -u`), which a test cannot
//! set for one pool without starving every other test in the process. So
//! this file brings its own engine: real threads and `parking_lot`'s locks,
//! exactly as [`ParkingLot`], except that starting a thread fails while
//! [`REFUSE`] is set, and a thread start can be held half-way ([`HOLD`]).
//! It is the only test in its binary, so nothing else sees the switches.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use racelab::executor::{SubmitError, TaskError, ThreadPool};
use racelab::sync::{ParkingLot, Runtime};
use racelab::trace::Action;

/// While set, [`Refusing`] cannot start a thread.
static REFUSE: AtomicBool = AtomicBool::new(false);
/// While set, a thread start waits (before it fails or succeeds).
static HOLD: AtomicBool = AtomicBool::new(false);
/// Set while a thread start is waiting on [`HOLD`].
static HELD: AtomicBool = AtomicBool::new(false);

const WAIT: Duration = Duration::from_secs(10);

/// [`ParkingLot`], whose thread starts fail while [`REFUSE`] is set.
#[derive(Clone, Copy, Debug, Default)]
struct Refusing;

impl Runtime for Refusing {
    const NAME: &'static str = "refusing";
    const RECORDS: bool = false;

    type AtomicU64 = <ParkingLot as Runtime>::AtomicU64;
    type Mutex<T: Send> = <ParkingLot as Runtime>::Mutex<T>;
    type JoinHandle<T: Send + 'static> = <ParkingLot as Runtime>::JoinHandle<T>;
    type Gate = <ParkingLot as Runtime>::Gate;
    type Monitor<T: Send> = <ParkingLot as Runtime>::Monitor<T>;
    type ThreadId = <ParkingLot as Runtime>::ThreadId;
    type RacyValue = <ParkingLot as Runtime>::RacyValue;

    fn spawn<T, F>(work: F) -> Self::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        ParkingLot::spawn(work)
    }

    fn spawn_named<T, F>(name: String, work: F) -> Self::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Self::try_spawn_named(name, work).expect("a thread")
    }

    fn try_spawn_named<T, F>(name: String, work: F) -> io::Result<Self::JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        wait_while_held();
        if REFUSE.load(SeqCst) {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "no more threads, on purpose",
            ));
        }
        ParkingLot::try_spawn_named(name, work)
    }

    fn current_thread_id() -> Self::ThreadId {
        thread::current().id()
    }

    fn join<T: Send + 'static>(handle: Self::JoinHandle<T>) -> thread::Result<T> {
        ParkingLot::join(handle)
    }

    fn fence(order: std::sync::atomic::Ordering) {
        ParkingLot::fence(order);
    }

    fn record_at(_at: &'static std::panic::Location<'static>, _action: impl FnOnce() -> Action) {}
}

/// Waits while [`HOLD`] is set, saying so in [`HELD`]; never past [`WAIT`].
fn wait_while_held() {
    let deadline = Instant::now() + WAIT;
    HELD.store(HOLD.load(SeqCst), SeqCst);
    while HOLD.load(SeqCst) && Instant::now() < deadline {
        thread::yield_now();
    }
    HELD.store(false, SeqCst);
}

/// Waits until some thread start is held.
fn until_held() {
    let deadline = Instant::now() + WAIT;
    while !HELD.load(SeqCst) {
        assert!(Instant::now() < deadline, "no thread start was held");
        thread::yield_now();
    }
}

#[test]
fn a_failed_thread_start_hands_the_job_back_and_leaves_the_pool_as_it_was() {
    let pool = ThreadPool::<Refusing>::with_max_workers(2).unwrap();
    REFUSE.store(true, SeqCst);
    let error = pool.submit(|| 6 * 7).unwrap_err();
    assert!(matches!(&error, SubmitError::NoThread { .. }));
    assert_eq!(
        error.to_string(),
        "The pool could not start a worker thread (no more threads, on purpose), \
         so the job is handed back."
    );
    assert_eq!(error.into_job()(), 42, "the job comes back unrun");
    assert_eq!(pool.workers_started(), 0, "no thread that does not exist");
    assert!(
        pool.map(|n: u8| n, 0..3).is_err(),
        "map is refused the same way"
    );

    // The operating system relents: the next submit starts the worker.
    REFUSE.store(false, SeqCst);
    let handle = pool.submit(|| 7).unwrap();
    assert_eq!(handle.result_timeout(WAIT), Ok(7));
    assert_eq!(pool.workers_started(), 1);
    pool.shutdown(true, false);

    // A job queued by one submit while another's worker is being started
    // counts on that worker; if it fails to start and no worker is left,
    // the job is cancelled instead of waiting forever.
    let pool = Arc::new(ThreadPool::<Refusing>::with_max_workers(1).unwrap());
    REFUSE.store(true, SeqCst);
    HOLD.store(true, SeqCst);
    let starter = Arc::clone(&pool);
    let first = thread::spawn(move || starter.submit(|| 1).map_err(|error| error.to_string()));
    until_held();
    let queued = pool
        .submit(|| 2)
        .expect("queued for the worker being started");
    HOLD.store(false, SeqCst);
    assert!(
        first.join().unwrap().is_err(),
        "the first submit got its job back"
    );
    assert_eq!(queued.result_timeout(WAIT), Err(TaskError::Cancelled));
    REFUSE.store(false, SeqCst);
}
