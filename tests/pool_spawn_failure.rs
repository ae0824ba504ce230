//! A pool on an operating system that refuses to start threads.
//!
//! Real systems refuse at a thread limit (`ulimit -u`), which a test cannot
//! set for one pool without starving every other test in the process. So
//! this file brings its own engine: real threads and `parking_lot`'s locks,
//! exactly as [`ParkingLot`], except that starting a thread fails while
//! [`REFUSE`] is set. It is the only test in its binary, so nothing else
//! sees the switch.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::thread;
use std::time::Duration;

use racelab::executor::{SubmitError, ThreadPool};
use racelab::sync::{ParkingLot, Runtime};
use racelab::trace::Action;

/// While set, [`Refusing`] cannot start a thread.
static REFUSE: AtomicBool = AtomicBool::new(false);

const WAIT: Duration = Duration::from_secs(10);

/// [`ParkingLot`], whose thread starts fail while [`REFUSE`] is set.
#[derive(Clone, Copy, Debug, Default)]
struct Refusing;

impl Runtime for Refusing {
    const NAME: &'static str = "refusing";

    type AtomicU64 = <ParkingLot as Runtime>::AtomicU64;
    type Mutex<T: Send> = <ParkingLot as Runtime>::Mutex<T>;
    type JoinHandle<T: Send + 'static> = <ParkingLot as Runtime>::JoinHandle<T>;
    type Gate = <ParkingLot as Runtime>::Gate;
    type Monitor<T: Send> = <ParkingLot as Runtime>::Monitor<T>;
    type ThreadId = <ParkingLot as Runtime>::ThreadId;

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

    fn yield_now() {
        ParkingLot::yield_now();
    }

    fn record(_action: impl FnOnce() -> Action) {}
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
}
