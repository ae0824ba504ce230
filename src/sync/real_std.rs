//! Real OS threads with `std::sync`.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, PoisonError};
use std::time::Duration;

use crate::sync::{AtomicWord, Lock, Monitor, Runtime};

/// Real OS threads with `std::sync`: the default engine.
#[derive(Clone, Copy, Debug, Default)]
pub struct Std;

/// The part of [`Runtime`] that is the operating system's, not the locks':
/// threads, atomics, fences and no recording. [`Std`] and
/// [`ParkingLot`](crate::sync::ParkingLot) differ only in their locks, so
/// both take this text.
macro_rules! real_threads {
    () => {
        const RECORDS: bool = false;

        type AtomicU64 = std::sync::atomic::AtomicU64;
        type JoinHandle<T: Send + 'static> = std::thread::JoinHandle<T>;
        type Gate = $crate::sync::SpinGate;
        type ThreadId = std::thread::ThreadId;
        type RacyValue = $crate::sync::NoRacyValue;

        fn spawn<T, F>(work: F) -> std::thread::JoinHandle<T>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            std::thread::spawn(work)
        }

        fn spawn_named<T, F>(name: String, work: F) -> std::thread::JoinHandle<T>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            Self::try_spawn_named(name, work).expect("the operating system starts a thread")
        }

        fn try_spawn_named<T, F>(
            name: String,
            work: F,
        ) -> std::io::Result<std::thread::JoinHandle<T>>
        where
            F: FnOnce() -> T + Send + 'static,
            T: Send + 'static,
        {
            std::thread::Builder::new().name(name).spawn(work)
        }

        fn current_thread_id() -> std::thread::ThreadId {
            std::thread::current().id()
        }

        fn join<T: Send + 'static>(handle: std::thread::JoinHandle<T>) -> std::thread::Result<T> {
            handle.join()
        }

        fn fence(order: std::sync::atomic::Ordering) {
            std::sync::atomic::fence(order);
        }

        #[inline(always)]
        fn record(_action: impl FnOnce() -> $crate::trace::Action) {}

        #[inline(always)]
        fn record_at(
            _at: &'static std::panic::Location<'static>,
            _action: impl FnOnce() -> $crate::trace::Action,
        ) {
        }
    };
}

pub(crate) use real_threads;

impl Runtime for Std {
    const NAME: &'static str = "std";
    type Mutex<T: Send> = std::sync::Mutex<T>;
    type Monitor<T: Send> = StdMonitor<T>;
    real_threads!();
}

impl AtomicWord for AtomicU64 {
    fn new(value: u64) -> Self {
        AtomicU64::new(value)
    }

    #[inline]
    fn load(&self, order: Ordering) -> u64 {
        AtomicU64::load(self, order)
    }

    #[inline]
    fn store(&self, value: u64, order: Ordering) {
        AtomicU64::store(self, value, order)
    }

    #[inline]
    fn fetch_add(&self, value: u64, order: Ordering) -> u64 {
        AtomicU64::fetch_add(self, value, order)
    }

    #[inline]
    fn swap(&self, value: u64, order: Ordering) -> u64 {
        AtomicU64::swap(self, value, order)
    }

    #[inline]
    fn compare_exchange(
        &self,
        current: u64,
        new: u64,
        success: Ordering,
        failure: Ordering,
    ) -> Result<u64, u64> {
        AtomicU64::compare_exchange(self, current, new, success, failure)
    }
}

impl<T: Send> Lock<T> for std::sync::Mutex<T> {
    fn new(value: T) -> Self {
        std::sync::Mutex::new(value)
    }

    #[inline]
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        // std marks a mutex "poisoned" when a thread panics while holding it,
        // in case the panic left the value half-updated. Every critical
        // section in racelab leaves its value whole at each step, so the
        // poison carries no news: take the value and go on, as parking_lot does.
        let mut guard = self.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

/// `std::sync::Mutex` and `std::sync::Condvar`, paired: the [`Std`] engine's
/// [`Monitor`].
pub struct StdMonitor<T> {
    lock: std::sync::Mutex<T>,
    changed: Condvar,
}

impl<T: Send> Monitor<T> for StdMonitor<T> {
    fn new(value: T) -> Self {
        Self {
            lock: std::sync::Mutex::new(value),
            changed: Condvar::new(),
        }
    }

    #[inline]
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        self.lock.with(f)
    }

    fn wait_while<U>(
        &self,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U {
        // Poison carries no news here either; see `Lock::with` above.
        let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut guard = self
            .changed
            .wait_while(guard, blocked)
            .unwrap_or_else(PoisonError::into_inner);
        then(&mut guard)
    }

    fn wait_while_for<U>(
        &self,
        timeout: Duration,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U {
        let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut guard, _timed_out) = self
            .changed
            .wait_timeout_while(guard, timeout, blocked)
            .unwrap_or_else(PoisonError::into_inner);
        then(&mut guard)
    }

    fn notify_one(&self) {
        self.changed.notify_one();
    }

    fn notify_all(&self) {
        self.changed.notify_all();
    }
}

impl<T> fmt::Debug for StdMonitor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StdMonitor").finish_non_exhaustive()
    }
}
