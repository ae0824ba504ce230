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
/// Dropping it early cancels the tasks that have not started, as Python's
/// `map` does when its generator is closed.
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
pub struct Map<T: Send, R: Runtime = ParkingLot> {
    handles: VecDeque<TaskHandle<T, R>>,
    deadline: Option<Instant>,
}

impl<T: Send, R: Runtime> Map<T, R> {
    pub(crate) fn new(handles: VecDeque<TaskHandle<T, R>>, deadline: Option<Instant>) -> Self {
        Self { handles, deadline }
    }
}

impl<T: Send, R: Runtime> Iterator for Map<T, R> {
    type Item = Result<T, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
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
    fn drop(&mut self) {
        for handle in &self.handles {
            handle.cancel();
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
