//! The pool: Python's `ThreadPoolExecutor`.
//!
//! A fixed set of worker threads takes tasks from one queue. Threads are
//! expensive to start and cheap to reuse, so the pool starts a worker only
//! when a task arrives and no worker is idle, never more than `max_workers`,
//! and keeps them until shutdown.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::executor::error::{PoolError, SubmitError};
use crate::executor::handle::TaskHandle;
use crate::executor::map::Map;
use crate::executor::task::{Cell, Job, Submitted};
use crate::executor::worker::{Queue, Refused, Shared};
use crate::sync::{AtomicWord, Monitor, ParkingLot, Runtime};

/// A pool of worker threads that run submitted tasks
/// (Python's `ThreadPoolExecutor`).
///
/// `R` is the engine: real threads with `parking_lot`'s locks by default, or
/// loom or shuttle to model-check the very same code.
///
/// ```
/// use racelab::executor::ThreadPool;
///
/// let pool = ThreadPool::new(4).unwrap();
/// let squares: Vec<u64> = pool
///     .map(|x: u64| x * x, 1..=5)
///     .unwrap()
///     .map(Result::unwrap)
///     .collect();
/// assert_eq!(squares, [1, 4, 9, 16, 25]);
/// ```
pub struct ThreadPool<R: Runtime = ParkingLot> {
    shared: Arc<Shared<R>>,
}

/// How to build a pool: its size and its threads' names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// At most this many worker threads; Python's default is
    /// [`default_max_workers`].
    pub max_workers: usize,
    /// Workers are named `{prefix}_0`, `{prefix}_1`, …; an empty prefix
    /// (the default) means `ThreadPool-{k}`, for the `k`-th pool of the
    /// process built with it, as Python's `ThreadPoolExecutor-{k}`.
    pub thread_name_prefix: String,
}

impl Default for Options {
    /// Python's defaults: [`default_max_workers`] workers, named
    /// `ThreadPool-{k}_{n}`. The pool number `k` is taken when a pool is
    /// built, once per pool, however many `Options` are made.
    fn default() -> Self {
        Self {
            max_workers: default_max_workers(),
            thread_name_prefix: String::new(),
        }
    }
}

/// The default prefix, numbered once per pool that uses it.
fn next_pool_prefix() -> String {
    static POOLS: AtomicUsize = AtomicUsize::new(0);
    // Relaxed: the counter only has to hand out distinct numbers.
    let k = POOLS.fetch_add(1, Relaxed);
    format!("ThreadPool-{k}")
}

/// Python's default pool size, `min(32, cpus + 4)`: enough threads to keep
/// the CPUs busy while some tasks wait on I/O, not so many that they crowd.
///
/// ```
/// let n = racelab::executor::default_max_workers();
/// assert!((5..=32).contains(&n));
/// ```
pub fn default_max_workers() -> usize {
    let cpus = thread::available_parallelism().map_or(1, usize::from);
    (cpus + 4).min(32)
}

impl ThreadPool {
    /// A pool of at most `max_workers` threads, on real threads.
    ///
    /// ```
    /// use racelab::executor::{PoolError, ThreadPool};
    ///
    /// assert!(ThreadPool::new(4).is_ok());
    /// assert_eq!(ThreadPool::new(0).unwrap_err(), PoolError::ZeroWorkers);
    /// ```
    pub fn new(max_workers: usize) -> Result<Self, PoolError> {
        Self::with_max_workers(max_workers)
    }
}

impl Default for ThreadPool {
    /// A pool of [`default_max_workers`] threads, on real threads.
    fn default() -> Self {
        Self::with_options(Options::default()).expect("the default has workers")
    }
}

impl<R: Runtime> ThreadPool<R> {
    /// A pool of at most `max_workers` threads, on engine `R`:
    /// `ThreadPool::<Shuttle>::with_max_workers(3)`.
    pub fn with_max_workers(max_workers: usize) -> Result<Self, PoolError> {
        Self::with_options(Options {
            max_workers,
            ..Options::default()
        })
    }

    /// A pool built as `options` say, on engine `R`.
    ///
    /// ```
    /// use racelab::executor::{Options, ThreadPool};
    ///
    /// let options = Options { max_workers: 2, thread_name_prefix: "fetch".into() };
    /// let pool: ThreadPool = ThreadPool::with_options(options).unwrap();
    /// let name = pool.submit(|| std::thread::current().name().map(String::from)).unwrap();
    /// assert_eq!(name.result().unwrap().as_deref(), Some("fetch_0"));
    /// ```
    pub fn with_options(options: Options) -> Result<Self, PoolError> {
        if options.max_workers == 0 {
            return Err(PoolError::ZeroWorkers);
        }
        if options.thread_name_prefix.contains('\0') {
            return Err(PoolError::NulInThreadName);
        }
        let prefix = match options.thread_name_prefix {
            prefix if prefix.is_empty() => next_pool_prefix(),
            prefix => prefix,
        };
        Ok(Self {
            shared: Arc::new(Shared {
                queue: R::Monitor::new(Queue::new()),
                max_workers: options.max_workers,
                prefix,
                busy: R::AtomicU64::new(0),
            }),
        })
    }

    /// Queues `work` to run on a worker and returns its handle at once.
    ///
    /// After [`shutdown`](ThreadPool::shutdown), or if the task needs a new
    /// worker whose thread cannot be started, the work is handed back in a
    /// [`SubmitError`].
    pub fn submit<T, F>(&self, work: F) -> Result<TaskHandle<T, R>, SubmitError<F>>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let cell = Arc::new(Cell::new());
        let job = Box::new(Submitted {
            cell: Arc::clone(&cell),
            work,
        });
        match self.shared.push(1, job, |job, queue| queue.push_back(job)) {
            Ok(()) => Ok(TaskHandle::new(cell)),
            Err(refused) => Err(refusal(refused, |job| job.work)),
        }
    }

    /// Runs `f` on every item, all submitted at once in one batch, and
    /// yields the results in the items' order, each when it is ready.
    ///
    /// Several inputs are zipped first, as Python's `map(f, xs, ys)` does:
    /// `pool.map(|(x, y)| x * y, xs.into_iter().zip(ys))`. Unlike Python,
    /// a panic does not end the iteration: that item is an
    /// `Err(TaskError::Panicked)` and the rest follow.
    pub fn map<I, T, F>(&self, f: F, items: I) -> Result<Map<T, R>, SubmitError<F>>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        T: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
    {
        self.map_by(f, items, None)
    }

    /// As [`map`](ThreadPool::map), with a timeout whose clock starts now:
    /// an item not ready `timeout` after this call is
    /// `Err(TaskError::TimedOut)`, the tasks not yet started are cancelled,
    /// and the iteration ends.
    pub fn map_timeout<I, T, F>(
        &self,
        f: F,
        items: I,
        timeout: Duration,
    ) -> Result<Map<T, R>, SubmitError<F>>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        T: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
    {
        self.map_by(f, items, Instant::now().checked_add(timeout))
    }

    fn map_by<I, T, F>(
        &self,
        f: F,
        items: I,
        deadline: Option<Instant>,
    ) -> Result<Map<T, R>, SubmitError<F>>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        T: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let mut handles = VecDeque::new();
        let mut jobs = Vec::new();
        for item in items {
            let cell = Arc::new(Cell::new());
            let f = Arc::clone(&f);
            jobs.push(Box::new(Submitted {
                cell: Arc::clone(&cell),
                work: move || f(item),
            }));
            handles.push_back(TaskHandle::new(cell));
        }
        // All the items go in under one lock, and wake the idle workers once.
        let queued = self.shared.push(jobs.len(), jobs, |jobs, queue| {
            queue.extend(jobs.into_iter().map(|job| job as Box<dyn Job>));
        });
        match queued {
            Ok(()) => Ok(Map::new(handles, deadline)),
            Err(refused) => Err(refusal(refused, |jobs| {
                // Every other clone of `f` was in a job; with the jobs gone,
                // `f` can be handed back whole.
                drop(jobs);
                Arc::try_unwrap(f).unwrap_or_else(|_| unreachable!("a job kept `f`"))
            })),
        }
    }

    /// Stops taking tasks. With `cancel_futures`, cancels every task still in
    /// the queue; the others run. With `wait`, returns only once every
    /// worker has finished — from any thread, however many call it. Called
    /// on one of the pool's own workers (by a task, or a done-callback), it
    /// waits for the other workers, never for its own thread. Calling it
    /// again does no harm.
    ///
    /// `cancel_futures` cancels tasks just submitted too, even the first of
    /// a new pool: `submit` starts a worker's thread but does not wait for
    /// it to take its task, so right after a submit the task is usually
    /// still queued (cancelled in 999 of 1,000 new pools here, by the
    /// ignored test `measure_cancel_futures_right_after_the_first_submit`).
    /// Python's `Thread.start()` waits for the thread to run, which makes
    /// that rarer but not impossible; a task you need must not be left to
    /// that race.
    ///
    /// Dropping the pool calls `shutdown(true, false)`, as Python's `with`
    /// block does.
    pub fn shutdown(&self, wait: bool, cancel_futures: bool) {
        let me = R::current_thread_id();
        let cancelled: Vec<Box<dyn Job>> = self.shared.queue.with(|queue| {
            queue.shut = true;
            queue.idle = 0;
            if cancel_futures && !queue.jobs.is_empty() {
                // Until these are cancelled, another shutdown(wait) waits.
                queue.cancelling.push(me);
                queue.jobs.drain(..).collect()
            } else {
                Vec::new()
            }
        });
        self.shared.queue.notify_all();
        self.shared.cancel_taken(me, cancelled);
        if wait {
            self.shared.join_workers();
        }
    }

    /// The most workers this pool will start.
    pub fn max_workers(&self) -> usize {
        self.shared.max_workers
    }

    /// How many workers it has started so far: none before the first task.
    pub fn workers_started(&self) -> usize {
        self.shared
            .queue
            .with(|queue| queue.started - queue.starting)
    }
}

/// The [`SubmitError`] for a refused batch, with the job that `job` gets
/// back out of it.
fn refusal<B, F>(refused: Refused<B>, job: impl FnOnce(B) -> F) -> SubmitError<F> {
    match refused {
        Refused::Shut(batch) => SubmitError::Shutdown(job(batch)),
        Refused::NoThread(batch, error) => SubmitError::NoThread {
            job: job(batch),
            reason: error.to_string(),
        },
    }
}

impl<R: Runtime> Drop for ThreadPool<R> {
    fn drop(&mut self) {
        self.shutdown(true, false);
    }
}

impl<R: Runtime> fmt::Debug for ThreadPool<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPool")
            .field("engine", &R::NAME)
            .field("max_workers", &self.shared.max_workers)
            .finish_non_exhaustive()
    }
}
