use std::fmt;
use std::str::FromStr;

use crate::counter::{
    count_local, count_shared, AtomicCounter, MutexCounter, ParkingLotCounter, RacyCounter,
    SplitLockCounter,
};
use crate::explore::Program;
use crate::sync::{ParkingLot, Runtime, Std};

/// A counter to run, named as on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scenario {
    /// [`RacyCounter`]: load, then store.
    Racy,
    /// [`SplitLockCounter`]: lock to read, lock again to write.
    SplitLock,
    /// [`MutexCounter`] on `std::sync::Mutex`.
    Mutex,
    /// [`ParkingLotCounter`]: the mutex counter on `parking_lot::Mutex`.
    ParkingLot,
    /// [`AtomicCounter`]: `fetch_add`.
    Atomic,
    /// [`count_local`]: each thread counts alone; the caller sums.
    Local,
}

impl Scenario {
    /// Every scenario, in the order of the lessons.
    pub const ALL: [Scenario; 6] = [
        Scenario::Racy,
        Scenario::SplitLock,
        Scenario::Mutex,
        Scenario::ParkingLot,
        Scenario::Atomic,
        Scenario::Local,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Racy => "racy",
            Scenario::SplitLock => "split-lock",
            Scenario::Mutex => "mutex",
            Scenario::ParkingLot => "parking-lot",
            Scenario::Atomic => "atomic",
            Scenario::Local => "local",
        }
    }

    /// What the counter does, in a few words.
    pub fn summary(self) -> &'static str {
        match self {
            Scenario::Racy => "an atomic load, then a separate atomic store",
            Scenario::SplitLock => "lock to read, unlock, lock to write",
            Scenario::Mutex => "std::sync::Mutex around read-add-write",
            Scenario::ParkingLot => "parking_lot::Mutex around read-add-write",
            Scenario::Atomic => "one atomic fetch_add",
            Scenario::Local => "no shared state: per-thread counts, summed",
        }
    }

    /// The one-line fix for a counter that loses updates.
    pub fn fix(self) -> Option<&'static str> {
        match self {
            Scenario::Racy => Some(
                "Fix: make the read-add-write one indivisible step, `count.fetch_add(1, Relaxed)` (see \
                 `racelab explore atomic`), or hold one lock around all of it (see `racelab \
                 explore mutex`).",
            ),
            Scenario::SplitLock => Some(
                "Fix: hold the lock from the read to the write, one critical section around the \
                 whole increment (see `racelab explore mutex`).",
            ),
            _ => None,
        }
    }

    /// Runs the scenario on a model-checking engine and returns the count.
    ///
    /// A model checker has one model of a mutex, so `Mutex` and `ParkingLot`
    /// run the same [`MutexCounter`] on it.
    pub fn run_model<R: Runtime>(self, threads: usize, increments: u64) -> u64 {
        match self {
            Scenario::Racy => count_shared::<RacyCounter<R>>(threads, increments),
            Scenario::SplitLock => count_shared::<SplitLockCounter<R>>(threads, increments),
            Scenario::Mutex | Scenario::ParkingLot => {
                count_shared::<MutexCounter<R>>(threads, increments)
            }
            Scenario::Atomic => count_shared::<AtomicCounter<R>>(threads, increments),
            Scenario::Local => count_local::<R>(threads, increments),
        }
    }

    /// Runs the scenario on real threads and returns the count.
    pub fn run_threads(self, threads: usize, increments: u64) -> u64 {
        match self {
            Scenario::Racy => count_shared::<RacyCounter>(threads, increments),
            Scenario::SplitLock => count_shared::<SplitLockCounter>(threads, increments),
            Scenario::Mutex => count_shared::<MutexCounter>(threads, increments),
            Scenario::ParkingLot => count_shared::<ParkingLotCounter>(threads, increments),
            Scenario::Atomic => count_shared::<AtomicCounter>(threads, increments),
            Scenario::Local => count_local::<Std>(threads, increments),
        }
    }

    /// The engine a real-thread run of this scenario uses.
    pub fn real_engine(self) -> &'static str {
        match self {
            Scenario::ParkingLot => ParkingLot::NAME,
            _ => Std::NAME,
        }
    }
}

/// A counter at a size: `threads` threads, each incrementing it
/// `increments` times. What the engines run for `racelab explore COUNTER`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counting {
    /// The counter.
    pub scenario: Scenario,
    /// How many threads increment it.
    pub threads: usize,
    /// How many times each thread increments it.
    pub increments: u64,
}

impl Counting {
    /// The exact count: threads × increments.
    pub fn expected(&self) -> u64 {
        self.threads as u64 * self.increments
    }
}

impl Program for Counting {
    /// The final count.
    type Ending = u64;

    /// One run at a time: each starts its own threads.
    const BATCH: usize = 1;

    fn run_model<R: Runtime>(self) -> u64 {
        self.scenario.run_model::<R>(self.threads, self.increments)
    }

    fn run_threads(self, runs: usize) -> Vec<u64> {
        (0..runs)
            .map(|_| self.scenario.run_threads(self.threads, self.increments))
            .collect()
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a name that is no scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownScenario(pub String);

impl fmt::Display for UnknownScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
        write!(
            f,
            "there is no scenario '{}': choose one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownScenario {}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Scenario::ALL
            .into_iter()
            .find(|scenario| scenario.name() == name)
            .ok_or_else(|| UnknownScenario(name.to_string()))
    }
}
