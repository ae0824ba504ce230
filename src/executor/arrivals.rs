//! Waiting for the first of many tasks: one inbox for them all.
//!
//! A thread cannot sleep on many condition variables at once. So
//! `as_completed` and `wait` give every task a done-callback that posts the
//! task's number to one shared inbox, and sleep on that inbox alone. Tasks
//! already finished post at once, when the callback is added: they come
//! first. A waiter that returns takes its callbacks back from the tasks
//! still running, so polling with a timeout leaves nothing behind.

use std::sync::Arc;
use std::time::Instant;

use crate::executor::handle::TaskHandle;
use crate::executor::task::{CallbackKey, Ending};
use crate::sync::{Monitor, Runtime};

/// The tasks that have ended, in the order they did.
pub(crate) struct Inbox {
    pub(crate) arrived: Vec<(usize, Ending)>,
    /// Whether someone has slept on the inbox; only then is a notify needed.
    watched: bool,
}

/// An inbox shared by a waiter and the done-callbacks of its tasks.
pub(crate) struct Arrivals<R: Runtime> {
    inbox: R::Monitor<Inbox>,
}

/// An inbox, and the keys of the callbacks that post to it.
pub(crate) struct Watch<R: Runtime> {
    arrivals: Arc<Arrivals<R>>,
    /// The key of the callback on each handle, by index; `None` once it
    /// has run or been taken back.
    keys: Vec<Option<CallbackKey>>,
}

impl<R: Runtime> Watch<R> {
    /// An inbox that every handle in `handles` posts to, with its index,
    /// when its task ends.
    pub(crate) fn new<T: Send>(handles: &[TaskHandle<T, R>]) -> Self {
        let arrivals = Arc::new(Arrivals {
            inbox: R::Monitor::new(Inbox {
                arrived: Vec::with_capacity(handles.len()),
                watched: false,
            }),
        });
        let keys = handles
            .iter()
            .enumerate()
            .map(|(index, handle)| {
                let inbox = Arc::clone(&arrivals);
                handle.watch(move |ending| inbox.post(index, ending))
            })
            .collect();
        Self { arrivals, keys }
    }

    /// Takes back the callback on `handle`, the `index`-th, if it has not
    /// run.
    pub(crate) fn unwatch<T: Send>(&mut self, index: usize, handle: &TaskHandle<T, R>) {
        if let Some(key) = self.keys[index].take() {
            handle.unwatch(key);
        }
    }

    /// Notes that the `index`-th handle's callback has run.
    pub(crate) fn arrived(&mut self, index: usize) {
        self.keys[index] = None;
    }

    /// See [`Arrivals::wait_until`].
    pub(crate) fn wait_until<U>(
        &self,
        deadline: Option<Instant>,
        enough: impl FnMut(&[(usize, Ending)]) -> bool,
        then: impl FnOnce(&[(usize, Ending)]) -> U,
    ) -> U {
        self.arrivals.wait_until(deadline, enough, then)
    }
}

impl<R: Runtime> Arrivals<R> {
    fn post(&self, index: usize, ending: Ending) {
        let wake = self.inbox.with(|inbox| {
            inbox.arrived.push((index, ending));
            inbox.watched
        });
        if wake {
            self.inbox.notify_all();
        }
    }

    /// Sleeps until `enough` says the arrivals so far are enough, or until
    /// `deadline`; then returns what `then` makes of them.
    fn wait_until<U>(
        &self,
        deadline: Option<Instant>,
        mut enough: impl FnMut(&[(usize, Ending)]) -> bool,
        then: impl FnOnce(&[(usize, Ending)]) -> U,
    ) -> U {
        let blocked = |inbox: &mut Inbox| {
            let blocked = !enough(&inbox.arrived);
            inbox.watched |= blocked;
            blocked
        };
        let then = |inbox: &mut Inbox| then(&inbox.arrived);
        match deadline {
            None => self.inbox.wait_while(blocked, then),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                self.inbox.wait_while_for(left, blocked, then)
            }
        }
    }
}
