//! One task's shared state: where the worker puts the outcome and where the
//! caller waits for it.
//!
//! A task moves through these stages, and only forward:
//!
//! | stage       | how it got there                                    |
//! |-------------|-----------------------------------------------------|
//! | `Pending`   | submitted, in the queue                             |
//! | `Running`   | a worker took it: `Pending → Running`, under the lock |
//! | `Finished`  | the work returned or panicked                       |
//! | `Cancelled` | `cancel` while pending: `Pending → Cancelled`, under the lock |
//! | `Taken`     | `result` moved the value out                        |
//!
//! The worker's `Pending → Running` and cancel's `Pending → Cancelled` each
//! check the stage and change it inside one critical section of the same
//! lock, so exactly one of them can win. [`racy_cancel`](super::racy_cancel)
//! shows what goes wrong when the check and the change are two steps.

use std::any::Any;
use std::io::{self, Write};
use std::mem;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Instant;

use crate::executor::error::TaskError;
use crate::sync::{Monitor, Runtime};
use crate::trace::Action;

/// How a task ended, as a done-callback is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The work returned a value.
    Returned,
    /// The work panicked.
    Panicked,
    /// The task was cancelled before it started.
    Cancelled,
}

/// A function to call once a task ends.
pub(crate) type Callback = Box<dyn FnOnce(Ending) + Send>;

/// Names one callback of one task, to take it back before it runs.
pub(crate) type CallbackKey = u64;

/// Where a task is; see the module's table.
pub(crate) enum Stage<T> {
    Pending,
    Running,
    Finished(Result<T, String>),
    Cancelled,
    Taken,
}

/// A task's state, kept under its monitor's lock.
pub(crate) struct Slot<T> {
    stage: Stage<T>,
    callbacks: Vec<(CallbackKey, Callback)>,
    /// The key the next callback gets.
    next_key: CallbackKey,
    /// Whether a caller has ever slept waiting for this task. Only then does
    /// finishing it need to notify: a notify nobody waits for can still cost
    /// a system call.
    watched: bool,
}

impl<T> Slot<T> {
    fn is_done(&self) -> bool {
        matches!(
            self.stage,
            Stage::Finished(_) | Stage::Cancelled | Stage::Taken
        )
    }

    fn ending(&self) -> Option<Ending> {
        match &self.stage {
            Stage::Finished(Ok(_)) | Stage::Taken => Some(Ending::Returned),
            Stage::Finished(Err(_)) => Some(Ending::Panicked),
            Stage::Cancelled => Some(Ending::Cancelled),
            Stage::Pending | Stage::Running => None,
        }
    }

    /// Sleeps only while the task is unfinished, and says so first.
    fn unfinished(&mut self) -> bool {
        let unfinished = !self.is_done();
        self.watched |= unfinished;
        unfinished
    }

    fn take(&mut self) -> Result<T, TaskError> {
        match mem::replace(&mut self.stage, Stage::Taken) {
            Stage::Finished(Ok(value)) => Ok(value),
            Stage::Finished(Err(message)) => Err(TaskError::Panicked(message)),
            Stage::Cancelled => {
                self.stage = Stage::Cancelled;
                Err(TaskError::Cancelled)
            }
            stage => {
                self.stage = stage;
                Err(TaskError::TimedOut)
            }
        }
    }
}

/// One task's state, shared by its handle and the job in the queue.
pub(crate) struct Cell<T: Send, R: Runtime> {
    slot: R::Monitor<Slot<T>>,
}

impl<T: Send, R: Runtime> Cell<T, R> {
    pub(crate) fn new() -> Self {
        Self {
            slot: R::Monitor::new(Slot {
                stage: Stage::Pending,
                callbacks: Vec::new(),
                next_key: 0,
                watched: false,
            }),
        }
    }

    /// The worker's side: `Pending → Running`. False if the task was
    /// cancelled first; then the worker must not run it.
    pub(crate) fn start(&self) -> bool {
        self.slot.with(|slot| match slot.stage {
            Stage::Pending => {
                slot.stage = Stage::Running;
                R::record(|| Action::Event {
                    label: "pending → running",
                });
                true
            }
            _ => {
                R::record(|| Action::Event {
                    label: "skips: cancelled",
                });
                false
            }
        })
    }

    /// The worker's side: stores the outcome, wakes the caller, runs the
    /// callbacks. `done_working` frees the worker: once the callbacks have
    /// returned, or, if there are none, before anyone can see the outcome.
    pub(crate) fn finish(&self, outcome: Result<T, String>, done_working: &dyn Fn()) {
        self.end(|slot| slot.stage = Stage::Finished(outcome), done_working);
    }

    /// `Pending → Cancelled`; true if the task is cancelled now.
    pub(crate) fn cancel(&self) -> bool {
        let mut cancelled = false;
        let change = |slot: &mut Slot<T>| match slot.stage {
            Stage::Pending => {
                slot.stage = Stage::Cancelled;
                R::record(|| Action::Event {
                    label: "pending → cancelled",
                });
                cancelled = true;
            }
            Stage::Cancelled => cancelled = true,
            _ => R::record(|| Action::Event {
                label: "cancel: too late",
            }),
        };
        self.end(change, &|| ());
        cancelled
    }

    /// Runs `change` under the lock; if it ended the task, wakes whoever
    /// waits and runs the callbacks, outside the lock, so that a callback
    /// may use the handle. Calls `done_working` after the callbacks, or
    /// under the lock if there are none.
    fn end(&self, change: impl FnOnce(&mut Slot<T>), done_working: &dyn Fn()) {
        let (ending, callbacks, wake) = self.slot.with(|slot| {
            let before = slot.ending();
            change(slot);
            let ending = slot.ending().filter(|_| before.is_none());
            let callbacks = match ending {
                Some(_) => mem::take(&mut slot.callbacks),
                None => Vec::new(),
            };
            if callbacks.is_empty() {
                // Free before anyone sees the outcome: a caller who has it
                // and submits again finds this worker free.
                done_working();
            }
            (ending, callbacks, ending.is_some() && slot.watched)
        });
        if wake {
            self.slot.notify_all();
        }
        if let Some(ending) = ending {
            if !callbacks.is_empty() {
                for (_, callback) in callbacks {
                    run_callback(callback, ending);
                }
                // Busy until here: a callback that submits a task and waits
                // for it must not count its own worker as free.
                done_working();
            }
        }
    }

    /// Calls `callback` when the task ends, or now if it has. Returns its
    /// key while it waits, for [`remove_callback`](Cell::remove_callback).
    pub(crate) fn add_callback(&self, callback: Callback) -> Option<CallbackKey> {
        let added = self.slot.with(|slot| match slot.ending() {
            Some(ending) => Err((ending, callback)),
            None => {
                let key = slot.next_key;
                slot.next_key += 1;
                slot.callbacks.push((key, callback));
                Ok(key)
            }
        });
        match added {
            Ok(key) => Some(key),
            Err((ending, callback)) => {
                run_callback(callback, ending);
                None
            }
        }
    }

    /// Takes back the callback `key`, if it has not run: a waiter that
    /// gives up must not leave its callback, and what it holds, behind.
    pub(crate) fn remove_callback(&self, key: CallbackKey) {
        let removed = self.slot.with(|slot| {
            let at = slot.callbacks.iter().position(|&(k, _)| k == key)?;
            Some(slot.callbacks.remove(at))
        });
        // Dropped outside the lock: what it holds is the caller's business.
        drop(removed);
    }

    /// How many callbacks wait for the task to end (for tests of `wait`).
    #[cfg(test)]
    pub(crate) fn callbacks_waiting(&self) -> usize {
        self.slot.with(|slot| slot.callbacks.len())
    }

    pub(crate) fn is_running(&self) -> bool {
        self.slot.with(|slot| matches!(slot.stage, Stage::Running))
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.slot
            .with(|slot| matches!(slot.stage, Stage::Cancelled))
    }

    pub(crate) fn is_done(&self) -> bool {
        self.slot.with(|slot| slot.is_done())
    }

    /// Waits until the task ends, then takes its outcome.
    pub(crate) fn take(&self) -> Result<T, TaskError> {
        self.slot.wait_while(Slot::unfinished, Slot::take)
    }

    /// Waits until the task ends or `deadline` passes; then takes the
    /// outcome, or says [`TaskError::TimedOut`].
    pub(crate) fn take_by(&self, deadline: Option<Instant>) -> Result<T, TaskError> {
        match deadline {
            None => self.take(),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                self.slot.wait_while_for(left, Slot::unfinished, Slot::take)
            }
        }
    }

    /// Waits until the task ends or `deadline` passes; true if it ended.
    pub(crate) fn wait_by(&self, deadline: Option<Instant>) -> bool {
        let done = |slot: &mut Slot<T>| slot.is_done();
        match deadline {
            None => self.slot.wait_while(Slot::unfinished, done),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                self.slot.wait_while_for(left, Slot::unfinished, done)
            }
        }
    }
}

/// A queued task with its work, its type erased so one queue holds them all.
pub(crate) trait Job: Send {
    /// Runs the work, unless the task was cancelled first, and calls
    /// `done_working` once the worker is free again: after the task's
    /// done-callbacks, or, without callbacks, before it publishes the
    /// outcome, so whoever sees the outcome sees the worker free. Nothing
    /// the task's code does — not even a panic whose payload panics when
    /// dropped — unwinds out of here.
    fn run(self: Box<Self>, done_working: &dyn Fn());
    /// Cancels the task without running it (`shutdown(cancel_futures)`).
    fn cancel(self: Box<Self>);
}

/// The work `F` of a task whose outcome goes to `cell`.
pub(crate) struct Submitted<T: Send, F, R: Runtime> {
    pub(crate) cell: Arc<Cell<T, R>>,
    pub(crate) work: F,
}

impl<T, F, R> Job for Submitted<T, F, R>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
    R: Runtime,
{
    fn run(self: Box<Self>, done_working: &dyn Fn()) {
        let Self { cell, work } = *self;
        if cell.start() {
            // A panic in the work ends this task, not the worker: it is
            // caught here and becomes the task's outcome.
            let outcome = panic::catch_unwind(AssertUnwindSafe(work)).map_err(message);
            R::record(|| Action::Event {
                label: "runs the task",
            });
            cell.finish(outcome, done_working);
        } else {
            drop_quietly(work);
            done_working();
        }
        // If the handle is gone, this drops the value, whose `Drop` is the
        // task's code too.
        drop_quietly(cell);
    }

    fn cancel(self: Box<Self>) {
        let Self { cell, work } = *self;
        cell.cancel();
        drop_quietly(work);
    }
}

/// Calls a done-callback, and contains its panic: Python logs the
/// exception of a callback, on stderr, and goes on; so does this.
fn run_callback(callback: Callback, ending: Ending) {
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| callback(ending))) {
        let message = message(payload);
        // One line; if even stderr fails, there is nowhere left to say it.
        let _ = writeln!(
            io::stderr(),
            "racelab: a done-callback panicked, and the panic was ignored: {message}"
        );
    }
}

/// Drops `value`, whose `Drop` is someone else's code and may panic: that
/// panic must not end the worker.
fn drop_quietly<X>(value: X) {
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(value))) {
        discard(payload);
    }
}

/// How many panicking drops in a row [`discard`] sits through before it
/// gives up and leaks the last payload.
const DROPS_TRIED: usize = 8;

/// Drops a panic's payload. Its `Drop` may panic too, with a payload of its
/// own, and so on: each is dropped inside `catch_unwind` in turn.
fn discard(mut payload: Box<dyn Any + Send>) {
    for _ in 0..DROPS_TRIED {
        match panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
            Ok(()) => return,
            Err(next) => payload = next,
        }
    }
    mem::forget(payload);
}

/// The message of a panic, whichever way it was raised. A payload of any
/// other type is dropped with [`discard`], since its `Drop` may panic.
fn message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(message) => (*message).to_string(),
            Err(payload) => {
                discard(payload);
                "a panic without a message".to_string()
            }
        },
    }
}
