//! Real OS threads with `parking_lot`'s locks.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use parking_lot::Condvar;

use crate::sync::{Lock, Monitor, Runtime, SpinGate, Std};
use crate::trace::Action;

/// Real OS threads with `parking_lot`'s locks.
///
/// `parking_lot::Mutex` is one byte, never poisoned, spins briefly before it
/// sleeps, and hands the lock over fairly now and then so no thread starves.
/// Only the locks differ from [`Std`]; threads and atomics are the same.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParkingLot;

impl Runtime for ParkingLot {
    const NAME: &'static str = "parking_lot";
    const RECORDS: bool = false;

    type AtomicU64 = AtomicU64;
    type Mutex<T: Send> = parking_lot::Mutex<T>;
    type JoinHandle<T: Send + 'static> = thread::JoinHandle<T>;
    type Gate = SpinGate;
    type Monitor<T: Send> = ParkingLotMonitor<T>;
    type ThreadId = thread::ThreadId;

    fn spawn<T, F>(work: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Std::spawn(work)
    }

    fn spawn_named<T, F>(name: String, work: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Std::spawn_named(name, work)
    }

    fn try_spawn_named<T, F>(name: String, work: F) -> std::io::Result<thread::JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Std::try_spawn_named(name, work)
    }

    fn current_thread_id() -> thread::ThreadId {
        Std::current_thread_id()
    }

    fn join<T: Send + 'static>(handle: thread::JoinHandle<T>) -> thread::Result<T> {
        Std::join(handle)
    }

    fn fence(order: Ordering) {
        Std::fence(order);
    }

    #[inline(always)]
    fn record(_action: impl FnOnce() -> Action) {}
}

impl<T: Send> Lock<T> for parking_lot::Mutex<T> {
    fn new(value: T) -> Self {
        parking_lot::Mutex::new(value)
    }

    #[inline]
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        f(&mut self.lock())
    }
}

/// `parking_lot::Mutex` and `parking_lot::Condvar`, paired: the
/// [`ParkingLot`] engine's [`Monitor`].
///
/// Notifying a `parking_lot::Condvar` that nobody waits on is one atomic
/// load, no system call: a pool can afford it.
pub struct ParkingLotMonitor<T> {
    lock: parking_lot::Mutex<T>,
    changed: Condvar,
}

impl<T: Send> Monitor<T> for ParkingLotMonitor<T> {
    fn new(value: T) -> Self {
        Self {
            lock: parking_lot::Mutex::new(value),
            changed: Condvar::new(),
        }
    }

    #[inline]
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        f(&mut self.lock.lock())
    }

    #[inline]
    fn wait_while<U>(
        &self,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U {
        let mut guard = self.lock.lock();
        self.changed.wait_while(&mut guard, blocked);
        then(&mut guard)
    }

    fn wait_while_for<U>(
        &self,
        timeout: Duration,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U {
        let mut guard = self.lock.lock();
        let _timed_out = self.changed.wait_while_for(&mut guard, blocked, timeout);
        then(&mut guard)
    }

    #[inline]
    fn notify_one(&self) {
        self.changed.notify_one();
    }

    #[inline]
    fn notify_all(&self) {
        self.changed.notify_all();
    }
}

impl<T> fmt::Debug for ParkingLotMonitor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParkingLotMonitor").finish_non_exhaustive()
    }
}
