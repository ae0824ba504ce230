//! Six ways for threads to count together, in reading order, numbered as
//! the tour's lessons that show them (`racelab tour --lesson N`):
//!
//! - 4a, [`racy`]: read, add, write as three separate steps — loses updates;
//! - 4b, [`split_lock`]: a lock around the read and another around the write —
//!   still loses updates;
//! - 6a, [`mutex`]: one lock around all three steps — exact;
//! - 6b, [`parking_lot`]: the same counter on `parking_lot`'s lock — exact, and
//!   cheaper;
//! - 6c, [`atomic`]: `fetch_add`, the three steps as one instruction — exact,
//!   and cheaper still;
//! - 8, [`local`]: nothing shared; each thread counts alone and the caller
//!   sums — exact, and cheapest of all.
//!
//! The first five are [`Counter`]s shared by every thread, and
//! [`count_shared`] is the one program every engine runs on them: start
//! `threads` threads, have each increment `increments` times, join, read.
//! Each file also makes its counter a [`Scenario`](crate::scenario::Scenario)
//! (`RacyCount`, …), whose outcome is the final count; [`counting`] holds
//! what the six share.

pub mod atomic;
pub mod counting;
pub mod local;
pub mod mutex;
pub mod parking_lot;
pub mod racy;
pub mod split_lock;

pub use self::atomic::{AtomicCount, AtomicCounter};
pub use self::local::{count_local, LocalCount, LocalCounter};
pub use self::mutex::{MutexCount, MutexCounter};
pub use self::parking_lot::{ParkingLotCount, ParkingLotCounter};
pub use self::racy::{RacyCount, RacyCounter};
pub use self::split_lock::{SplitLockCount, SplitLockCounter};

use std::sync::Arc;

use crate::sync::{Runtime, StartGate};

/// A count that many threads increment at once.
pub trait Counter: Default + Send + Sync + 'static {
    /// The engine the counter's threads, atomics and locks come from.
    type Runtime: Runtime;

    /// Adds one.
    fn increment(&self);

    /// Reads the count.
    fn get(&self) -> u64;
}

/// Starts `threads` threads that each call `increment` `increments` times,
/// waits for all of them, and returns the final count.
///
/// The exact answer is `threads × increments`; a counter that loses updates
/// returns less.
///
/// ```
/// use racelab::counter::{count_shared, AtomicCounter};
///
/// assert_eq!(count_shared::<AtomicCounter>(4, 1_000), 4_000);
/// ```
pub fn count_shared<C: Counter>(threads: usize, increments: u64) -> u64 {
    let counter = Arc::new(C::default());
    let gate = Arc::new(<C::Runtime as Runtime>::Gate::default());
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let counter = Arc::clone(&counter);
            let gate = Arc::clone(&gate);
            C::Runtime::spawn(move || {
                gate.wait();
                for _ in 0..increments {
                    counter.increment();
                }
            })
        })
        .collect();
    gate.open();
    for handle in handles {
        if let Err(panic) = C::Runtime::join(handle) {
            std::panic::resume_unwind(panic);
        }
    }
    counter.get()
}
