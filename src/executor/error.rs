//! What can go wrong when using a pool, as typed values with full-sentence
//! messages.
//!
//! Python raises exceptions: `CancelledError`, `TimeoutError`, the task's own
//! exception re-raised by `result()`, `RuntimeError` on submit after
//! shutdown. Here each is a value the caller must look at.

use std::error::Error;
use std::fmt;

/// Why a task gave no value.
///
/// ```
/// use racelab::executor::{TaskError, ThreadPool};
///
/// let pool = ThreadPool::new(1).unwrap();
/// let handle = pool.submit(|| -> u32 { panic!("disk full") }).unwrap();
/// let error = handle.result().unwrap_err();
/// assert_eq!(error, TaskError::Panicked("disk full".to_string()));
/// assert_eq!(error.to_string(), "The task panicked: disk full");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskError {
    /// The task panicked; the message is the panic's. The worker lives on.
    Panicked(String),
    /// The task was cancelled before it started, and never ran.
    Cancelled,
    /// The task had not finished when the timeout ran out. It may still
    /// finish later.
    TimedOut,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Panicked(message) => write!(f, "The task panicked: {message}"),
            Self::Cancelled => write!(f, "The task was cancelled before it started."),
            Self::TimedOut => write!(f, "The task did not finish within the timeout."),
        }
    }
}

impl Error for TaskError {}

/// A submit the pool refused; the job is handed back, unrun, as crossbeam's
/// `SendError` hands back the message.
///
/// ```
/// use racelab::executor::{SubmitError, ThreadPool};
///
/// let pool = ThreadPool::new(1).unwrap();
/// pool.shutdown(true, false);
/// let error = pool.submit(|| 42).unwrap_err();
/// assert!(matches!(error, SubmitError::Shutdown(_)));
/// assert_eq!(error.into_job()(), 42); // the job, back in the caller's hands
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum SubmitError<F> {
    /// The pool has been shut down (Python raises `RuntimeError`).
    Shutdown(F),
    /// The job needed a new worker, and the operating system would not
    /// start its thread (Python raises `RuntimeError: can't start new
    /// thread`). The pool is as it was; a later submit tries again.
    NoThread {
        /// The job.
        job: F,
        /// What the operating system said.
        reason: String,
    },
}

impl<F> SubmitError<F> {
    /// The job, unrun.
    pub fn into_job(self) -> F {
        match self {
            Self::Shutdown(job) | Self::NoThread { job, .. } => job,
        }
    }
}

impl<F> fmt::Debug for SubmitError<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shutdown(_) => f.write_str("SubmitError::Shutdown(..)"),
            Self::NoThread { reason, .. } => write!(f, "SubmitError::NoThread({reason:?})"),
        }
    }
}

impl<F> fmt::Display for SubmitError<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shutdown(_) => f.write_str(
                "The pool has been shut down, so it takes no new tasks; the job is handed back.",
            ),
            Self::NoThread { reason, .. } => write!(
                f,
                "The pool could not start a worker thread ({reason}), so the job is handed back."
            ),
        }
    }
}

impl<F> Error for SubmitError<F> {}

/// A pool that cannot be built.
///
/// ```
/// use racelab::executor::{PoolError, ThreadPool};
///
/// assert_eq!(ThreadPool::new(0).unwrap_err(), PoolError::ZeroWorkers);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// `max_workers` was 0: such a pool could never run a task.
    ZeroWorkers,
    /// `thread_name_prefix` has a NUL byte, which no thread name may hold.
    NulInThreadName,
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroWorkers => {
                f.write_str("A thread pool needs at least one worker, but max_workers was 0.")
            }
            Self::NulInThreadName => f.write_str(
                "A thread's name cannot hold a NUL byte, but thread_name_prefix has one.",
            ),
        }
    }
}

impl Error for PoolError {}

/// [`as_completed`](fn@crate::executor::as_completed) ran out of time before
/// every task finished. It says how many, out of how many, as Python's
/// `TimeoutError: 2 (of 4) futures unfinished` does.
///
/// ```
/// use racelab::executor::TimeoutError;
///
/// let error = TimeoutError { unfinished: 2, total: 4 };
/// assert_eq!(error.to_string(), "The timeout ran out with 2 (of 4) tasks unfinished.");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// How many tasks had not finished.
    pub unfinished: usize,
    /// How many tasks there were.
    pub total: usize,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tasks = if self.total == 1 { "task" } else { "tasks" };
        write!(
            f,
            "The timeout ran out with {} (of {}) {tasks} unfinished.",
            self.unfinished, self.total
        )
    }
}

impl Error for TimeoutError {}
