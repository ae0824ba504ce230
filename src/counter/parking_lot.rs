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

use crate::counter::{count_shared, counting, MutexCounter};
use crate::scenario::{About, Code, Kind, Observed, Scenario, Size, Variant};
use crate::sync::{ParkingLot, Runtime};

/// [`MutexCounter`] with `parking_lot::Mutex` as its lock.
///
/// ```
/// use racelab::counter::{count_shared, ParkingLotCounter};
///
/// assert_eq!(count_shared::<ParkingLotCounter>(4, 1_000), 4_000);
/// ```
pub type ParkingLotCounter = MutexCounter<ParkingLot>;

/// Lesson 6b as a scenario: threads share a [`ParkingLotCounter`] on real
/// threads. Under a model checker there is one model of a lock, so the
/// checkers run the same [`MutexCounter`] as lesson 6a.
#[derive(Clone, Copy, Debug)]
pub struct ParkingLotCount;

impl Scenario for ParkingLotCount {
    type Version = ();

    const ABOUT: About = {
        let mut about = counting::about(
            crate::scenario::here!(),
            "parking-lot",
            "6b",
            "parking_lot::Mutex around read-add-write",
        );
        about.model = "Under a checker, parking_lot::Mutex does not run: the checker's own model \
                       of a lock does, the same as for the mutex counter. What is proven is the \
                       critical section, one lock around the read, the add and the write.";
        about
    };

    const VERSIONS: &'static [Variant<()>] = &[counting::only(
        "parking-lot",
        "parking_lot::Mutex around read-add-write",
        Kind::Fix,
        &[Code {
            who: "each thread",
            rust: &["MutexCounter<ParkingLot> // 6a's code, with parking_lot's lock"],
            python: &["with lock: counter += 1   # threading.Lock; Python has no parking_lot"],
        }],
    )];

    fn run<R: Runtime>((): (), size: Size) -> Observed {
        counting::observed(count_shared::<MutexCounter<R>>(
            size.threads,
            size.increments,
        ))
    }

    fn stress((): (), size: Size, runs: usize) -> Result<Vec<Observed>, String> {
        Ok(counting::stress::<ParkingLotCounter>(size, runs))
    }

    fn correct(observed: &Observed, size: Size) -> bool {
        counting::correct(observed, size)
    }

    fn contract(size: Size) -> String {
        counting::contract(size)
    }

    fn headline(observed: &Observed, size: Size) -> String {
        counting::headline(observed, size)
    }

    fn outcome(observed: &Observed) -> String {
        counting::outcome(observed)
    }

    fn meaning(observed: &Observed, size: Size) -> String {
        counting::meaning(observed, size)
    }
}
