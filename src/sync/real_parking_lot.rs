//! Real OS threads with `parking_lot`'s locks.

use std::fmt;
use std::time::Duration;

use parking_lot::Condvar;

use crate::sync::real_std::real_threads;
use crate::sync::{Lock, Monitor, Runtime};

/// Real OS threads with `parking_lot`'s locks.
///
/// `parking_lot::Mutex` is one byte, never poisoned, spins briefly before it
/// sleeps, and hands the lock over fairly now and then so no thread starves.
/// Only the locks differ from [`Std`](crate::sync::Std); threads and atomics are the same.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParkingLot;

impl Runtime for ParkingLot {
    const NAME: &'static str = "parking_lot";
    type Mutex<T: Send> = parking_lot::Mutex<T>;
    type Monitor<T: Send> = ParkingLotMonitor<T>;
    real_threads!();
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
