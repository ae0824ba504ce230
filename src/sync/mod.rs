//! The engines: the only place that chooses between `std`, `parking_lot`,
//! `loom` and `shuttle`.
//!
//! Every counter (and the thread pool) is written once, against the
//! [`Runtime`] trait, and runs unchanged on each engine:
//!
//! - [`Std`]: real OS threads and `std::sync` — the counters' default;
//! - [`ParkingLot`]: real OS threads and `parking_lot`'s locks — the thread
//!   pool's default;
//! - [`Loom`]: loom's model checker, which explores every execution, including
//!   the ones a weak memory model allows;
//! - [`Shuttle`]: shuttle's model checker, which explores interleavings of a
//!   sequentially consistent machine, exhaustively or at random.
//!
//! Code outside this module imports [`Atomic`], [`Mutex`] and [`Plain`] from
//! here and never names the crates behind them. Under the two model checkers
//! each of their operations is also recorded for the [trace](crate::trace);
//! on real threads [`Runtime::record`] is an empty inline function, so
//! recording costs nothing.

mod atomic;
mod budget;
mod engine;
mod gate;
mod locks;
mod mocked_std;
mod model_loom;
mod model_shuttle;
mod mutex;
mod panic_hooks;
mod plain;
mod racy_cell;
mod real_parking_lot;
mod real_std;
mod shuttle_schedule;
mod shuttle_steps;
mod signal;

pub use self::atomic::{fence, Atomic};
pub use self::budget::{Budget, Explored};
pub use self::engine::{Engine, ShuttleScheduler};
pub use self::gate::{NoGate, SpinGate, StartGate};
pub use self::locks::{Deadlock, Locks};
pub use self::model_loom::{explore_loom, explore_loom_within, Loom, LoomMonitor};
pub use self::model_shuttle::{
    check_shuttle_schedule, explore_shuttle, explore_shuttle_within, Shuttle, ShuttleMonitor,
};
pub use self::mutex::Mutex;
pub use self::plain::Plain;
pub use self::racy_cell::{ModelChecked, NoRacyValue, RacyCell, RacyValue};
pub use self::real_parking_lot::{ParkingLot, ParkingLotMonitor};
pub use self::real_std::{Std, StdMonitor};
pub use self::shuttle_steps::{explore_shuttle_steps, explore_shuttle_steps_within};
pub use self::signal::{Signal, WaitsForever};

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::trace::Action;

/// One engine: how threads are spawned, which atomics and locks they use, and
/// whether their steps are recorded.
///
/// Each engine is a zero-sized type; a counter names it as a type parameter,
/// with [`Std`] as the default, the way `HashMap` names its hasher.
pub trait Runtime: Sized + Send + Sync + 'static {
    /// The engine's name, as traces and the command line print it.
    const NAME: &'static str;

    /// Whether the engine records each step for a [trace](crate::trace):
    /// the model checkers do, real threads do not.
    const RECORDS: bool;

    /// The engine's `AtomicU64`.
    type AtomicU64: AtomicWord;
    /// The engine's mutex around a value of type `T`.
    type Mutex<T: Send>: Lock<T>;
    /// A handle to a spawned thread, to join it.
    type JoinHandle<T: Send + 'static>: Send;
    /// What a thread waits on before it starts its work.
    type Gate: StartGate;
    /// The engine's lock with a condition variable, around a value of type `T`.
    type Monitor<T: Send>: Monitor<T>;
    /// Names one thread: equal for the same thread, different for two.
    type ThreadId: Copy + Eq + Send + Sync + std::fmt::Debug + 'static;
    /// A plain value shared with no synchronization, for the data-race
    /// lesson: a [`RacyCell`] under the checkers, none on real threads.
    type RacyValue: RacyValue;

    /// Starts a thread running `work`.
    fn spawn<T, F>(work: F) -> Self::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static;

    /// Starts a thread called `name` running `work`.
    ///
    /// The name shows in panic messages and debuggers, as Python's
    /// `thread_name_prefix` does.
    fn spawn_named<T, F>(name: String, work: F) -> Self::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static;

    /// As [`spawn_named`](Runtime::spawn_named), but says why when the
    /// thread cannot be started (a thread limit, a name with a NUL byte)
    /// instead of panicking. The model checkers always start one.
    fn try_spawn_named<T, F>(name: String, work: F) -> std::io::Result<Self::JoinHandle<T>>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Ok(Self::spawn_named(name, work))
    }

    /// The running thread's id: a pool asks it so as never to join itself.
    fn current_thread_id() -> Self::ThreadId;

    /// Waits for a thread to finish: its value, or the payload of its panic.
    fn join<T: Send + 'static>(handle: Self::JoinHandle<T>) -> std::thread::Result<T>;

    /// A memory fence: orders this thread's memory operations before it
    /// against those after it, as `order` says.
    fn fence(order: Ordering);

    /// Records one step of the current thread for the trace.
    ///
    /// The step is built only when it is recorded: on real threads this
    /// function is empty and `action` is never called.
    /// The step remembers the line that called the racelab operation that
    /// records it: each operation passes its caller on (`#[track_caller]`).
    #[track_caller]
    fn record(action: impl FnOnce() -> Action) {
        Self::record_at(std::panic::Location::caller(), action);
    }

    /// Records one step of the current thread, taken at the line `at`: for
    /// an operation that records from inside a closure, where the caller's
    /// line is no longer known.
    fn record_at(at: &'static std::panic::Location<'static>, action: impl FnOnce() -> Action);
}

/// The operations the counters use on an atomic `u64`.
///
/// Implemented by the `AtomicU64` of `std`, `loom` and `shuttle`; lessons use
/// it through [`Atomic`], which adds the trace.
pub trait AtomicWord: Send + Sync + std::fmt::Debug {
    /// A new atomic holding `value`.
    fn new(value: u64) -> Self;
    /// Reads the value.
    fn load(&self, order: Ordering) -> u64;
    /// Writes `value`.
    fn store(&self, value: u64, order: Ordering);
    /// Adds `value` and returns the previous value, as one indivisible step.
    fn fetch_add(&self, value: u64, order: Ordering) -> u64;
    /// Writes `value` and returns the previous value, as one indivisible step.
    fn swap(&self, value: u64, order: Ordering) -> u64;
    /// Writes `new` if the value is `current`, as one indivisible step.
    fn compare_exchange(
        &self,
        current: u64,
        new: u64,
        success: Ordering,
        failure: Ordering,
    ) -> Result<u64, u64>;
    /// Subtracts `value` and returns the previous value, as one indivisible
    /// step: adding `2⁶⁴ − value`, which wraps around to the same result.
    fn fetch_sub(&self, value: u64, order: Ordering) -> u64 {
        self.fetch_add(value.wrapping_neg(), order)
    }
}

/// A mutual-exclusion lock that owns its value, used through a closure.
///
/// `with` locks, runs the closure on the value, and unlocks when the closure
/// returns — even if it panics. Lessons use it through [`Mutex`], which adds
/// the trace.
pub trait Lock<T>: Send + Sync {
    /// A new, unlocked lock around `value`.
    fn new(value: T) -> Self;
    /// Runs `f` on the value while holding the lock.
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U;
}

/// A lock with a condition variable: a value that threads change under the
/// lock, and wait on until it says they may go on.
///
/// This is what a thread pool is made of. A worker waits while the queue is
/// empty; a caller waits while its task is unfinished. Waiting releases the
/// lock, so the thread that will change the value can take it; whoever
/// changes it calls [`notify_one`](Monitor::notify_one) or
/// [`notify_all`](Monitor::notify_all) to wake the waiters, who check again.
///
/// ```
/// use std::sync::Arc;
/// use std::thread;
/// use racelab::sync::{Monitor, StdMonitor};
///
/// let ready = Arc::new(StdMonitor::new(false));
/// let setter = Arc::clone(&ready);
/// let thread = thread::spawn(move || {
///     setter.with(|ready| *ready = true);
///     setter.notify_all();
/// });
/// // Sleeps while the value is false; runs the second closure once it is true.
/// assert!(ready.wait_while(|ready| !*ready, |ready| *ready));
/// thread.join().unwrap();
/// ```
pub trait Monitor<T>: Send + Sync {
    /// A new, unlocked monitor around `value`.
    fn new(value: T) -> Self;

    /// Runs `f` on the value while holding the lock.
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U;

    /// Locks, sleeps while `blocked` says so (releasing the lock while it
    /// sleeps), then runs `then` on the value, still under the lock.
    ///
    /// `blocked` is called again after every wake-up: a notification only
    /// says that the value *may* have changed.
    fn wait_while<U>(
        &self,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U;

    /// As [`wait_while`](Monitor::wait_while), but gives up waiting after
    /// `timeout`; `then` runs either way and can ask `blocked`'s question
    /// again to tell which it was.
    ///
    /// On real threads the timeout is the operating system's. Under loom and
    /// shuttle a wait never times out: model checkers have no clock, so code
    /// checked under them must not count on a timeout firing.
    fn wait_while_for<U>(
        &self,
        timeout: Duration,
        blocked: impl FnMut(&mut T) -> bool,
        then: impl FnOnce(&mut T) -> U,
    ) -> U;

    /// Wakes one thread waiting on this monitor, if any.
    fn notify_one(&self);

    /// Wakes every thread waiting on this monitor.
    fn notify_all(&self);
}
