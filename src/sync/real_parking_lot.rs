//! Real OS threads with `parking_lot`'s locks.

use std::sync::atomic::AtomicU64;
use std::thread;

use crate::sync::{Lock, Runtime, SpinGate, Std};
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

    type AtomicU64 = AtomicU64;
    type Mutex<T: Send> = parking_lot::Mutex<T>;
    type JoinHandle<T: Send + 'static> = thread::JoinHandle<T>;
    type Gate = SpinGate;

    fn spawn<T, F>(work: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Std::spawn(work)
    }

    fn join<T: Send + 'static>(handle: thread::JoinHandle<T>) -> thread::Result<T> {
        Std::join(handle)
    }

    fn yield_now() {
        Std::yield_now();
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
