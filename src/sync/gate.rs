use std::hint;
use std::sync::atomic::{AtomicBool, Ordering};

/// What spawned threads wait on so that they start their work together.
///
/// On real threads, a thread spawned first may finish before the next one
/// starts, and then no race can happen at all. A model checker needs no
/// gate: it chooses every interleaving itself.
pub trait StartGate: Default + Send + Sync {
    /// Lets every waiting thread go.
    fn open(&self);
    /// Waits until the gate is open.
    fn wait(&self);
}

/// A gate that threads spin on: they leave it within nanoseconds of each
/// other, far closer than a `Barrier`'s sleep-and-wake would let them.
#[derive(Debug, Default)]
pub struct SpinGate {
    open: AtomicBool,
}

impl StartGate for SpinGate {
    fn open(&self) {
        // Release pairs with the Acquire in `wait`: what the opener wrote
        // before opening is visible to every thread that leaves the gate.
        self.open.store(true, Ordering::Release);
    }

    fn wait(&self) {
        while !self.open.load(Ordering::Acquire) {
            hint::spin_loop();
        }
    }
}

/// The gate of the model checkers: it never blocks.
#[derive(Debug, Default)]
pub struct NoGate;

impl StartGate for NoGate {
    fn open(&self) {}
    fn wait(&self) {}
}
