//! `wait`: block until enough of the tasks have ended, then split them into
//! done and not done.

use std::fmt;
use std::time::{Duration, Instant};

use crate::executor::arrivals::Watch;
use crate::executor::handle::TaskHandle;
use crate::executor::task::Ending;
use crate::sync::{ParkingLot, Runtime};

/// When [`wait`] returns (Python's `FIRST_COMPLETED`, `FIRST_EXCEPTION`,
/// `ALL_COMPLETED`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReturnWhen {
    /// As soon as any task ends, or is cancelled.
    FirstCompleted,
    /// As soon as any task panics; if none does, when all have ended.
    FirstException,
    /// When every task has ended.
    AllCompleted,
}

/// The handles, split by whether their task had ended when [`wait`] returned.
#[must_use = "the handles in `done` hold the outcomes, panics included: read them"]
pub struct Waited<T: Send, R: Runtime = ParkingLot> {
    /// The tasks that had ended: returned, panicked or cancelled.
    pub done: Vec<TaskHandle<T, R>>,
    /// The others.
    pub not_done: Vec<TaskHandle<T, R>>,
}

/// Waits until `return_when` is met or `timeout` passes (Python's `wait`),
/// and splits the handles into done and not done. A timeout is no error: it
/// shows as tasks in `not_done`.
///
/// ```
/// use racelab::executor::{wait, ReturnWhen, ThreadPool};
///
/// let pool = ThreadPool::new(2).unwrap();
/// let handles: Vec<_> = (0..4).map(|n| pool.submit(move || n).unwrap()).collect();
/// let waited = wait(handles, None, ReturnWhen::AllCompleted);
/// assert_eq!(waited.done.len(), 4);
/// assert!(waited.not_done.is_empty());
/// ```
pub fn wait<T: Send, R: Runtime>(
    handles: Vec<TaskHandle<T, R>>,
    timeout: Option<Duration>,
    return_when: ReturnWhen,
) -> Waited<T, R> {
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    let all = handles.len();
    let mut watch = Watch::new(&handles);
    watch.wait_until(
        deadline,
        |arrived| match return_when {
            ReturnWhen::FirstCompleted => !arrived.is_empty() || all == 0,
            ReturnWhen::FirstException => {
                arrived.len() == all
                    || arrived
                        .iter()
                        .any(|&(_, ending)| ending == Ending::Panicked)
            }
            ReturnWhen::AllCompleted => arrived.len() == all,
        },
        |_| (),
    );
    for (index, handle) in handles.iter().enumerate() {
        watch.unwatch(index, handle);
    }
    let (done, not_done) = handles.into_iter().partition(TaskHandle::done);
    Waited { done, not_done }
}

impl<T: Send, R: Runtime> fmt::Debug for Waited<T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waited")
            .field("done", &self.done.len())
            .field("not_done", &self.not_done.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use crate::executor::{as_completed, wait, ReturnWhen, ThreadPool};

    // Bug 6: every poll left a callback, holding an `Arc`, on each
    // unfinished handle: memory grew with every call.
    #[test]
    fn polling_leaves_no_callback_behind() {
        let pool = ThreadPool::new(1).unwrap();
        let (open, held) = mpsc::channel::<()>();
        let mut handle = pool
            .submit(move || held.recv_timeout(Duration::from_secs(10)))
            .unwrap();
        for _ in 0..100 {
            let mut waited = wait(
                vec![handle],
                Some(Duration::ZERO),
                ReturnWhen::FirstCompleted,
            );
            handle = waited.not_done.pop().expect("the task is held");
            let mut polled = as_completed(vec![handle], Some(Duration::ZERO));
            assert!(polled.next().is_some_and(|next| next.is_err()));
            handle = polled.remaining().pop().expect("the task is held");
        }
        assert_eq!(
            handle.callbacks_waiting(),
            0,
            "the polls left callbacks behind"
        );
        open.send(()).unwrap();
        assert!(handle.result().is_ok());
    }
}
