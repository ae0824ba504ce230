//! `as_completed`: the tasks in the order they finish.
//!
//! Where [`map`](crate::executor::ThreadPool::map) waits for each result in
//! turn, `as_completed` hands over each task as soon as it ends, so a slow
//! first task holds nothing up. Tasks already finished come first.

use std::fmt;
use std::time::{Duration, Instant};

use crate::executor::arrivals::Watch;
use crate::executor::error::TimeoutError;
use crate::executor::handle::TaskHandle;
use crate::sync::{ParkingLot, Runtime};

/// Yields every handle in `handles` as its task ends (Python's
/// `as_completed`). With a `timeout`, whose clock starts at the first call
/// to `next`, the iteration ends with a [`TimeoutError`] if it runs out.
///
/// Python's version removes duplicate futures; a `TaskHandle` cannot be
/// copied, so here there are none to remove.
///
/// ```
/// use racelab::executor::{as_completed, ThreadPool};
///
/// let pool = ThreadPool::new(3).unwrap();
/// let handles: Vec<_> = (1..=3).map(|n| pool.submit(move || n * 10).unwrap()).collect();
/// let mut total = 0;
/// for handle in as_completed(handles, None) {
///     total += handle.unwrap().result().unwrap();
/// }
/// assert_eq!(total, 60);
/// ```
pub fn as_completed<T: Send, R: Runtime>(
    handles: Vec<TaskHandle<T, R>>,
    timeout: Option<Duration>,
) -> AsCompleted<T, R> {
    let watch = Watch::new(&handles);
    AsCompleted {
        handles: handles.into_iter().map(Some).collect(),
        watch,
        seen: 0,
        timeout,
        deadline: None,
        timed_out: false,
    }
}

/// The iterator [`as_completed`] returns.
#[must_use = "as_completed does nothing until iterated; dropping it leaves the handles, and their outcomes, unread"]
pub struct AsCompleted<T: Send, R: Runtime = ParkingLot> {
    handles: Vec<Option<TaskHandle<T, R>>>,
    watch: Watch<R>,
    /// How many arrivals have been handed out.
    seen: usize,
    timeout: Option<Duration>,
    deadline: Option<Instant>,
    timed_out: bool,
}

impl<T: Send, R: Runtime> AsCompleted<T, R> {
    /// The handles not yet yielded: after a timeout, the unfinished ones.
    pub fn remaining(&mut self) -> Vec<TaskHandle<T, R>> {
        self.unwatch_remaining();
        self.handles.iter_mut().filter_map(Option::take).collect()
    }

    /// Takes back the callbacks on the handles not yet yielded.
    fn unwatch_remaining(&mut self) {
        for (index, handle) in self.handles.iter().enumerate() {
            if let Some(handle) = handle {
                self.watch.unwatch(index, handle);
            }
        }
    }
}

impl<T: Send, R: Runtime> Drop for AsCompleted<T, R> {
    /// Leaves no callback behind on the tasks still running.
    fn drop(&mut self) {
        self.unwatch_remaining();
    }
}

impl<T: Send, R: Runtime> Iterator for AsCompleted<T, R> {
    type Item = Result<TaskHandle<T, R>, TimeoutError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.timed_out || self.seen == self.handles.len() {
            return None;
        }
        if self.deadline.is_none() {
            self.deadline = self
                .timeout
                .and_then(|timeout| Instant::now().checked_add(timeout));
        }
        let seen = self.seen;
        let next = self.watch.wait_until(
            self.deadline,
            |arrived| arrived.len() > seen,
            |arrived| arrived.get(seen).map(|&(index, _)| index),
        );
        match next {
            Some(index) => {
                self.seen += 1;
                self.watch.arrived(index);
                self.handles[index].take().map(Ok)
            }
            None => {
                self.timed_out = true;
                Some(Err(TimeoutError {
                    unfinished: self.handles.len() - self.seen,
                    total: self.handles.len(),
                }))
            }
        }
    }
}

impl<T: Send, R: Runtime> fmt::Debug for AsCompleted<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompleted")
            .field("tasks", &self.handles.len())
            .field("yielded", &self.seen)
            .finish_non_exhaustive()
    }
}
