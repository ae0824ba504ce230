//! loom's model checker.

use std::sync::atomic::Ordering;
use std::sync::PoisonError;

use loom::model::Builder;
use loom::sync::atomic::AtomicU64;
use loom::thread;

use crate::sync::{panic_hooks, AtomicWord, Lock, NoGate, Runtime};
use crate::trace::{self, Action, Step};

/// loom's model checker: every execution of a small program, including those
/// in which a load returns an older value than the newest store (a weak
/// memory model, like real hardware's).
///
/// Only usable inside [`explore_loom`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Loom;

impl Runtime for Loom {
    const NAME: &'static str = "loom";

    type AtomicU64 = AtomicU64;
    type Mutex<T: Send> = loom::sync::Mutex<T>;
    type JoinHandle<T: Send + 'static> = thread::JoinHandle<T>;
    type Gate = NoGate;

    fn spawn<T, F>(work: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        thread::spawn(work)
    }

    fn join<T: Send + 'static>(handle: thread::JoinHandle<T>) -> std::thread::Result<T> {
        handle.join()
    }

    fn yield_now() {
        thread::yield_now();
    }

    fn record(action: impl FnOnce() -> Action) {
        trace::record(Step::new(current_thread(), action()));
    }
}

/// The number of the running thread: 0 for main, then 1, 2, … in spawn order,
/// the same in every execution. loom shows it only through `Debug`.
fn current_thread() -> usize {
    let id = format!("{:?}", thread::current().id());
    id.trim_start_matches("ThreadId(")
        .trim_end_matches(')')
        .parse()
        .expect("loom prints a thread id as ThreadId(n)")
}

/// Runs `execution` once for every execution loom can tell apart.
///
/// `preemptions` bounds how many times loom may switch away from a thread that
/// could have gone on (`None`: no bound, every execution). Executions run one
/// after another on the calling thread.
pub fn explore_loom<F>(preemptions: Option<usize>, execution: F)
where
    F: Fn() + Send + Sync + 'static,
{
    panic_hooks::install_in_order();
    let mut builder = Builder::new();
    builder.preemption_bound = preemptions;
    builder.check(execution);
}

impl AtomicWord for AtomicU64 {
    fn new(value: u64) -> Self {
        AtomicU64::new(value)
    }

    fn load(&self, order: Ordering) -> u64 {
        AtomicU64::load(self, order)
    }

    fn store(&self, value: u64, order: Ordering) {
        AtomicU64::store(self, value, order)
    }

    fn fetch_add(&self, value: u64, order: Ordering) -> u64 {
        AtomicU64::fetch_add(self, value, order)
    }
}

impl<T: Send> Lock<T> for loom::sync::Mutex<T> {
    fn new(value: T) -> Self {
        loom::sync::Mutex::new(value)
    }

    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        let mut guard = self.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}
