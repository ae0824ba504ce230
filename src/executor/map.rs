//! `map`: one function over many items, results in the items' order.
//!
//! Every item is submitted at once, so they run as fast as the workers
//! allow; the iterator then waits for the first item's result, then the
//! second's, and so on. A later item may finish first; it simply waits in
//! its handle until its turn.

use std::collections::VecDeque;
use std::fmt;
use std::time::Instant;

use crate::executor::error::TaskError;
use crate::executor::handle::TaskHandle;
use crate::sync::{ParkingLot, Runtime};

/// The results of [`ThreadPool::map`](crate::executor::ThreadPool::map), in
/// input order.
///
/// Every task is queued when `map` returns, and runs whether or not the
/// `Map` is ever iterated, as in Python, whose `map` submits everything
/// at once. Dropped *after* its first `next`, a `Map` cancels the tasks
/// that have not started, as Python's generator does when it is closed
/// mid-iteration; dropped before, it leaves them all to run.
///
/// ```
/// use racelab::executor::ThreadPool;
///
/// let pool = ThreadPool::new(2).unwrap();
/// let xs = vec![2, 3, 4];
/// let ys = vec![10, 20, 30];
/// let products: Vec<i32> = pool
///     .map(|(x, y)| x * y, xs.into_iter().zip(ys))
///     .unwrap()
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(products, [20, 60, 120]);
/// ```
#[must_use = "the tasks run anyway, but their results and panics go unseen unless the Map is iterated"]
pub struct Map<T: Send, R: Runtime = ParkingLot> {
    handles: VecDeque<TaskHandle<T, R>>,
    deadline: Option<Instant>,
    /// Whether `next` has been called: only then does dropping cancel.
    begun: bool,
}

impl<T: Send, R: Runtime> Map<T, R> {
    pub(crate) fn new(handles: VecDeque<TaskHandle<T, R>>, deadline: Option<Instant>) -> Self {
        Self {
            handles,
            deadline,
            begun: false,
        }
    }
}

impl<T: Send, R: Runtime> Iterator for Map<T, R> {
    type Item = Result<T, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.begun = true;
        let handle = self.handles.pop_front()?;
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if !handle.wait_timeout(left) {
                // Python raises TimeoutError and closes the generator, which
                // cancels every item not yet started: this one too.
                handle.cancel();
                for handle in self.handles.drain(..) {
                    handle.cancel();
                }
                return Some(Err(TaskError::TimedOut));
            }
        }
        Some(handle.result())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.handles.len()))
    }
}

impl<T: Send, R: Runtime> Drop for Map<T, R> {
    /// Mid-iteration, cancels the tasks not yet started; before the first
    /// `next`, cancels nothing (Python's clean-up runs only once iteration
    /// has begun).
    fn drop(&mut self) {
        if self.begun {
            for handle in &self.handles {
                handle.cancel();
            }
        }
    }
}

impl<T: Send, R: Runtime> fmt::Debug for Map<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Map")
            .field("left", &self.handles.len())
            .finish_non_exhaustive()
    }
}
