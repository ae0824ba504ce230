//! racelab's engine traits for a model checker's copy of `std::thread` and
//! `std::sync`.
//!
//! loom and shuttle each offer `thread`, `sync::atomic::AtomicU64`,
//! `sync::Mutex` and `sync::Condvar` with exactly `std`'s API, so the code
//! that fits them to [`Runtime`](crate::sync::Runtime),
//! [`AtomicWord`](crate::sync::AtomicWord), [`Lock`](crate::sync::Lock) and
//! [`Monitor`](crate::sync::Monitor) is the same text for both, with only
//! the crate's name changed. This macro writes it once;
//! `model_loom.rs` and `model_shuttle.rs` each call it with their crate.
//!
//! The one thing that differs is how a thread id becomes racelab's thread
//! number (0 for main, then 1, 2, … in spawn order): each file defines
//! `fn number(id: thread::ThreadId) -> usize` beside its call.

/// Implements the engine traits for `$engine` on `$krate`'s types and
/// defines `$monitor`, the engine's mutex-and-condvar pair.
macro_rules! mocked_std {
    ($krate:ident, $engine:ident, $monitor:ident) => {
        impl $crate::sync::Runtime for $engine {
            const NAME: &'static str = stringify!($krate);
            const RECORDS: bool = true;

            type AtomicU64 = $krate::sync::atomic::AtomicU64;
            type Mutex<T: Send> = $krate::sync::Mutex<T>;
            type JoinHandle<T: Send + 'static> = $krate::thread::JoinHandle<T>;
            type Gate = $crate::sync::NoGate;
            type Monitor<T: Send> = $monitor<T>;
            type ThreadId = $krate::thread::ThreadId;
            type RacyValue = $crate::sync::RacyCell<$engine>;

            fn spawn<T, F>(work: F) -> $krate::thread::JoinHandle<T>
            where
                F: FnOnce() -> T + Send + 'static,
                T: Send + 'static,
            {
                recorded_spawn($krate::thread::spawn(work))
            }

            fn spawn_named<T, F>(name: String, work: F) -> $krate::thread::JoinHandle<T>
            where
                F: FnOnce() -> T + Send + 'static,
                T: Send + 'static,
            {
                let handle = $krate::thread::Builder::new()
                    .name(name)
                    .spawn(work)
                    .expect(concat!(stringify!($krate), " starts a thread"));
                recorded_spawn(handle)
            }

            fn join<T: Send + 'static>(
                handle: $krate::thread::JoinHandle<T>,
            ) -> std::thread::Result<T> {
                let joined = number(handle.thread().id());
                let result = handle.join();
                Self::record(|| $crate::trace::Action::Join { thread: joined });
                result
            }

            fn fence(order: std::sync::atomic::Ordering) {
                $krate::sync::atomic::fence(order);
            }

            fn current_thread_id() -> $krate::thread::ThreadId {
                $krate::thread::current().id()
            }

            fn record_at(
                at: &'static std::panic::Location<'static>,
                action: impl FnOnce() -> $crate::trace::Action,
            ) {
                let thread = number($krate::thread::current().id());
                $crate::trace::record($crate::trace::Step::at(thread, action(), at));
            }
        }

        /// Records that the current thread started the thread of `handle`.
        fn recorded_spawn<T>(
            handle: $krate::thread::JoinHandle<T>,
        ) -> $krate::thread::JoinHandle<T> {
            let spawned = number(handle.thread().id());
            <$engine as $crate::sync::Runtime>::record(|| $crate::trace::Action::Spawn {
                thread: spawned,
            });
            handle
        }

        impl $crate::sync::AtomicWord for $krate::sync::atomic::AtomicU64 {
            fn new(value: u64) -> Self {
                $krate::sync::atomic::AtomicU64::new(value)
            }

            fn load(&self, order: std::sync::atomic::Ordering) -> u64 {
                $krate::sync::atomic::AtomicU64::load(self, order)
            }

            fn store(&self, value: u64, order: std::sync::atomic::Ordering) {
                $krate::sync::atomic::AtomicU64::store(self, value, order)
            }

            fn fetch_add(&self, value: u64, order: std::sync::atomic::Ordering) -> u64 {
                $krate::sync::atomic::AtomicU64::fetch_add(self, value, order)
            }

            fn swap(&self, value: u64, order: std::sync::atomic::Ordering) -> u64 {
                $krate::sync::atomic::AtomicU64::swap(self, value, order)
            }

            fn compare_exchange(
                &self,
                current: u64,
                new: u64,
                success: std::sync::atomic::Ordering,
                failure: std::sync::atomic::Ordering,
            ) -> Result<u64, u64> {
                $krate::sync::atomic::AtomicU64::compare_exchange(
                    self, current, new, success, failure,
                )
            }
        }

        impl<T: Send> $crate::sync::Lock<T> for $krate::sync::Mutex<T> {
            fn new(value: T) -> Self {
                $krate::sync::Mutex::new(value)
            }

            fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
                // The checkers poison as std does; see real_std.rs for why
                // racelab takes the value anyway.
                let mut guard = self
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                f(&mut guard)
            }
        }

        #[doc = concat!(
                            "`", stringify!($krate), "::sync::Mutex` and `", stringify!($krate),
                            "::sync::Condvar`, paired: the [`", stringify!($engine), "`] engine's ",
                            "[`Monitor`](crate::sync::Monitor).\n\n",
                            "A wait never times out under ", stringify!($krate),
                            ": `wait_while_for` waits as long as `wait_while` does."
                        )]
        pub struct $monitor<T> {
            lock: $krate::sync::Mutex<T>,
            changed: $krate::sync::Condvar,
        }

        impl<T: Send> $crate::sync::Monitor<T> for $monitor<T> {
            fn new(value: T) -> Self {
                Self {
                    lock: $krate::sync::Mutex::new(value),
                    changed: $krate::sync::Condvar::new(),
                }
            }

            fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
                $crate::sync::Lock::with(&self.lock, f)
            }

            fn wait_while<U>(
                &self,
                mut blocked: impl FnMut(&mut T) -> bool,
                then: impl FnOnce(&mut T) -> U,
            ) -> U {
                let mut guard = self
                    .lock
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                while blocked(&mut guard) {
                    guard = self
                        .changed
                        .wait(guard)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                then(&mut guard)
            }

            fn wait_while_for<U>(
                &self,
                _timeout: std::time::Duration,
                blocked: impl FnMut(&mut T) -> bool,
                then: impl FnOnce(&mut T) -> U,
            ) -> U {
                self.wait_while(blocked, then)
            }

            fn notify_one(&self) {
                self.changed.notify_one();
            }

            fn notify_all(&self) {
                self.changed.notify_all();
            }
        }

        impl<T> std::fmt::Debug for $monitor<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($monitor)).finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use mocked_std;
