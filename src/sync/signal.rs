use std::collections::BTreeSet;
use std::fmt;

use crate::sync::{Monitor, Runtime};
use crate::trace::{self, Action, Location};

/// A lock with one condition variable, as a textbook draws them, that
/// notices a wait no notify can end.
///
/// [`wait`](Signal::wait) releases the lock and sleeps until a
/// [`notify_all`](Signal::notify_all) that comes *after* it began to wait —
/// a notify with nobody waiting is lost, as with `std::sync::Condvar`. Every
/// thread that may notify says when it is done
/// ([`done_notifying`](Signal::done_notifying)); a waiter that has not been
/// notified when the last of them is done would sleep for ever, and `wait`
/// returns [`WaitsForever`] instead, so a model checker can count it.
///
/// Neither loom nor shuttle wakes a waiter spuriously, and neither does this:
/// a wait ends only by a notify, so a bug that only a spurious wake-up would
/// show stays hidden.
///
/// ```
/// use racelab::sync::{Signal, Std};
///
/// let signal = Signal::<Std>::new(1);
/// signal.lock(1);
/// signal.notify_all(1); // nobody waits yet: this notify is lost
/// signal.done_notifying();
/// assert!(signal.wait(1).is_err()); // nobody is left to notify: and the
///                                    // lock is let go of, not taken again
/// ```
pub struct Signal<R: Runtime> {
    state: R::Monitor<State>,
    lock: Location,
    signal: Location,
}

#[derive(Debug, Default)]
struct State {
    holder: Option<usize>,
    waiting: BTreeSet<usize>,
    notified: BTreeSet<usize>,
    notifiers_left: usize,
}

/// A wait that nothing can end: no thread is left to notify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitsForever;

impl<R: Runtime> Signal<R> {
    /// An unlocked lock and its condition variable, with `notifiers`
    /// threads that may notify.
    pub fn new(notifiers: usize) -> Self {
        let (lock, signal) = if R::RECORDS {
            (trace::new_lock("lock"), trace::new_lock("signal"))
        } else {
            (Location(0), Location(0))
        };
        Self {
            state: R::Monitor::new(State {
                notifiers_left: notifiers,
                ..State::default()
            }),
            lock,
            signal,
        }
    }

    /// Thread `me` takes the lock, waiting while another holds it.
    #[track_caller]
    pub fn lock(&self, me: usize) {
        self.state
            .wait_while(|s| s.holder.is_some(), |s| s.holder = Some(me));
        R::record(|| Action::Lock {
            lock: self.lock,
            tried: false,
        });
    }

    /// Thread `me` lets go of the lock.
    #[track_caller]
    pub fn unlock(&self, me: usize) {
        self.state.with(|s| {
            debug_assert_eq!(s.holder, Some(me));
            s.holder = None;
        });
        R::record(|| Action::Unlock { lock: self.lock });
        self.state.notify_all();
    }

    /// Thread `me`, holding the lock, lets go of it and sleeps until a later
    /// notify, then takes it again — or, if no thread is left to notify,
    /// returns [`WaitsForever`] (still not holding the lock).
    #[track_caller]
    pub fn wait(&self, me: usize) -> Result<(), WaitsForever> {
        self.state.with(|s| {
            s.holder = None;
            s.waiting.insert(me);
            s.notified.remove(&me);
        });
        let (lock, signal) = (self.lock, self.signal);
        R::record(|| Action::Wait { lock, signal });
        self.state.notify_all();
        let woken = self.state.wait_while(
            |s| {
                let notified = s.notified.contains(&me);
                !(notified && s.holder.is_none()) && (notified || s.notifiers_left > 0)
            },
            |s| {
                s.waiting.remove(&me);
                if s.notified.remove(&me) {
                    s.holder = Some(me);
                    true
                } else {
                    false
                }
            },
        );
        if woken {
            R::record(|| Action::Woken { lock, signal });
            Ok(())
        } else {
            R::record(|| Action::WaitsForever { signal });
            Err(WaitsForever)
        }
    }

    /// Wakes every thread waiting now; with none waiting, the notify is lost.
    #[track_caller]
    pub fn notify_all(&self, _me: usize) {
        let woke = self.state.with(|s| {
            let waiting = std::mem::take(&mut s.waiting);
            let woke = waiting.iter().fold(0, |bits, &thread| bits | 1 << thread);
            s.notified.extend(waiting);
            woke
        });
        R::record(|| Action::Notify {
            signal: self.signal,
            woke,
        });
        self.state.notify_all();
    }

    /// A thread that may notify will not notify again.
    pub fn done_notifying(&self) {
        self.state.with(|s| s.notifiers_left -= 1);
        self.state.notify_all();
    }
}

impl<R: Runtime> fmt::Debug for Signal<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signal")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}
