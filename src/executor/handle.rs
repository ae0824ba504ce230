//! The task handle: Python's `Future`, the promise of one task's outcome.
//!
//! `submit` returns it at once; the task runs later, on some worker. The
//! handle asks how the task is doing (`running`, `done`, `cancelled`),
//! cancels it while it still waits in the queue, registers functions to call
//! when it ends, and finally waits for its outcome with `result`.
//!
//! Unlike Python's `Future`, a `TaskHandle` cannot be copied: `result`
//! consumes it and moves the value out, so no two owners can fight over it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::executor::error::TaskError;
use crate::executor::task::{CallbackKey, Cell, Ending};
use crate::sync::{ParkingLot, Runtime};

/// The handle to one submitted task (Python's `concurrent.futures.Future`).
///
/// ```
/// use racelab::executor::ThreadPool;
///
/// let pool = ThreadPool::new(2).unwrap();
/// let handle = pool.submit(|| 6 * 7).unwrap();
/// assert_eq!(handle.result(), Ok(42));
/// ```
#[must_use = "a task whose handle is dropped still runs, but its value, and its panic, are lost: call result()"]
pub struct TaskHandle<T: Send, R: Runtime = ParkingLot> {
    cell: Arc<Cell<T, R>>,
}

impl<T: Send, R: Runtime> TaskHandle<T, R> {
    pub(crate) fn new(cell: Arc<Cell<T, R>>) -> Self {
        Self { cell }
    }

    /// Waits for the task to end and returns its value, or why there is none:
    /// [`TaskError::Panicked`] with the panic's message, or
    /// [`TaskError::Cancelled`].
    pub fn result(self) -> Result<T, TaskError> {
        self.cell.take()
    }

    /// As [`result`](TaskHandle::result), but waits at most `timeout`, then
    /// returns [`TaskError::TimedOut`]. The task itself goes on.
    ///
    /// ```
    /// use std::time::Duration;
    /// use racelab::executor::ThreadPool;
    ///
    /// let pool = ThreadPool::new(1).unwrap();
    /// let handle = pool.submit(|| "quick").unwrap();
    /// assert_eq!(handle.result_timeout(Duration::from_secs(60)), Ok("quick"));
    /// ```
    pub fn result_timeout(self, timeout: Duration) -> Result<T, TaskError> {
        self.cell.take_by(Instant::now().checked_add(timeout))
    }

    /// Waits at most `timeout` for the task to end; true if it has. The
    /// handle stays yours, so you can wait again.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.cell.wait_by(Instant::now().checked_add(timeout))
    }

    /// Cancels the task if it has not started: true if it is cancelled (now
    /// or before), false if a worker already took it or it has finished.
    ///
    /// A task is cancelled or it runs, never both: the worker's start and
    /// this cancel take the same lock to check and change the stage.
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use racelab::executor::{TaskError, ThreadPool};
    ///
    /// let pool = ThreadPool::new(1).unwrap();
    /// let (release, blocked) = mpsc::channel::<()>();
    /// let busy = pool.submit(move || blocked.recv()).unwrap(); // occupies the worker
    /// let queued = pool.submit(|| "never runs").unwrap();
    /// assert!(queued.cancel());
    /// assert!(queued.cancelled());
    /// release.send(()).unwrap();
    /// assert_eq!(queued.result(), Err(TaskError::Cancelled));
    /// assert!(busy.result().is_ok());
    /// ```
    pub fn cancel(&self) -> bool {
        self.cell.cancel()
    }

    /// How many callbacks wait for the task to end (for tests).
    #[cfg(test)]
    pub(crate) fn callbacks_waiting(&self) -> usize {
        self.cell.callbacks_waiting()
    }

    /// Whether the task was cancelled.
    pub fn cancelled(&self) -> bool {
        self.cell.is_cancelled()
    }

    /// Whether a worker is running the task right now.
    pub fn running(&self) -> bool {
        self.cell.is_running()
    }

    /// Whether the task has ended: returned, panicked or cancelled.
    pub fn done(&self) -> bool {
        self.cell.is_done()
    }

    /// Calls `callback` with how the task ended, once it ends: on the worker
    /// that ran it, or on the thread that cancelled it — or right now, on
    /// this thread, if it has already ended. A callback that panics never
    /// unwinds into the worker or the caller: as Python logs and ignores
    /// it, its message is written to stderr as one line and the rest goes
    /// on. The worker counts as busy until its callbacks have returned, so
    /// a callback may submit a task and wait for it.
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use racelab::executor::{Ending, ThreadPool};
    ///
    /// let pool = ThreadPool::new(1).unwrap();
    /// let handle = pool.submit(|| 1).unwrap();
    /// let (tell, told) = mpsc::channel();
    /// handle.add_done_callback(move |ending| tell.send(ending).unwrap());
    /// assert_eq!(told.recv(), Ok(Ending::Returned));
    /// ```
    pub fn add_done_callback(&self, callback: impl FnOnce(Ending) + Send + 'static) {
        self.cell.add_callback(Box::new(callback));
    }

    /// As [`add_done_callback`](TaskHandle::add_done_callback), and returns
    /// the callback's key while it waits.
    pub(crate) fn watch(
        &self,
        callback: impl FnOnce(Ending) + Send + 'static,
    ) -> Option<CallbackKey> {
        self.cell.add_callback(Box::new(callback))
    }

    /// Takes back a callback [`watch`](TaskHandle::watch) added, if it has
    /// not run.
    pub(crate) fn unwatch(&self, key: CallbackKey) {
        self.cell.remove_callback(key);
    }
}

impl<T: Send, R: Runtime> fmt::Debug for TaskHandle<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskHandle")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}
