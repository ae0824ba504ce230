//! Lesson 6b: the same counter on a faster lock.
//!
//! The critical section is the correctness argument; which lock guards it is
//! an engineering choice. `parking_lot::Mutex` keeps the whole state in one
//! byte, takes an uncontended lock with a single compare-and-swap, spins a
//! little before putting a thread to sleep, and is never poisoned. So the
//! counter is the very same [`MutexCounter`], run on the [`ParkingLot`]
//! engine, the way `lock_api` pairs one generic mutex with each raw lock.
//!
//! Under loom and shuttle both mutex counters run on the checker's model of a
//! lock: what they prove is the counter's critical section, which is shared.

use crate::counter::MutexCounter;
use crate::sync::ParkingLot;

/// [`MutexCounter`] with `parking_lot::Mutex` as its lock.
///
/// ```
/// use racelab::counter::{count_shared, ParkingLotCounter};
///
/// assert_eq!(count_shared::<ParkingLotCounter>(4, 1_000), 4_000);
/// ```
pub type ParkingLotCounter = MutexCounter<ParkingLot>;
