use std::collections::HashMap;
use std::fmt;

use crate::sync::{Monitor, Runtime};
use crate::trace::{self, Action, Location};

/// A set of named locks that notice a deadlock instead of waiting forever.
///
/// A thread that asks for a lock held by another waits, as with any mutex.
/// But before it waits, it follows the chain: the holder of the lock it
/// wants, the lock *that* thread waits for, its holder, … If the chain comes
/// back to itself, every thread on it would wait for ever: a deadlock. Then
/// [`lock`](Locks::lock) returns the cycle instead of waiting, so a model
/// checker can count the deadlock as an outcome, and real threads end
/// cleanly. (parking_lot's `deadlock_detection` feature finds the same
/// cycles on real threads, from a watchdog.)
///
/// ```
/// use racelab::sync::{Locks, Std};
///
/// let locks = Locks::<Std>::new(&["A", "B"]);
/// locks.lock(1, 0).unwrap(); // T1 takes A
/// locks.unlock(1, 0);
/// ```
pub struct Locks<R: Runtime> {
    table: R::Monitor<Table>,
    places: Vec<Location>,
}

/// Who holds each lock, and which lock each waiting thread wants.
#[derive(Debug, Default)]
struct Table {
    holders: Vec<Option<usize>>,
    wants: HashMap<usize, usize>,
}

/// A wait that would never end: each thread holds a lock the next one in
/// the cycle wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    /// The cycle, from the thread that found it: (thread, lock it holds,
    /// lock it waits for).
    pub cycle: Vec<(usize, usize, usize)>,
}

impl<R: Runtime> Locks<R> {
    /// Unlocked locks, one per name.
    pub fn new(names: &'static [&'static str]) -> Self {
        let places = names
            .iter()
            .map(|&name| {
                if R::RECORDS {
                    trace::new_lock(name)
                } else {
                    Location(0)
                }
            })
            .collect();
        Self {
            table: R::Monitor::new(Table {
                holders: vec![None; names.len()],
                wants: HashMap::new(),
            }),
            places,
        }
    }

    /// Thread `me` takes lock `lock`, waiting while another holds it — or,
    /// if waiting would close a cycle, returns it.
    #[track_caller]
    pub fn lock(&self, me: usize, lock: usize) -> Result<(), Deadlock> {
        let place = self.places[lock];
        let at = std::panic::Location::caller();
        let result = self.table.wait_while(
            |table| {
                let waits = table.holders[lock].is_some() && table.cycle(me, lock).is_none();
                if waits && table.wants.insert(me, lock).is_none() {
                    R::record_at(at, || Action::Waits { lock: place });
                }
                waits
            },
            |table| {
                table.wants.remove(&me);
                match table.cycle(me, lock) {
                    Some(cycle) if table.holders[lock].is_some() => Err(Deadlock { cycle }),
                    _ => {
                        table.holders[lock] = Some(me);
                        Ok(())
                    }
                }
            },
        );
        match &result {
            Ok(()) => R::record(|| Action::Lock {
                lock: place,
                tried: false,
            }),
            Err(_) => R::record(|| Action::Deadlock { wants: place }),
        }
        result
    }

    /// Thread `me` takes lock `lock` if it is free and says so; if another
    /// thread holds it, returns false at once. It never waits, so it never
    /// closes a cycle of waits.
    #[track_caller]
    pub fn try_lock(&self, me: usize, lock: usize) -> bool {
        let place = self.places[lock];
        let taken = self.table.with(|table| {
            let free = table.holders[lock].is_none();
            if free {
                table.holders[lock] = Some(me);
            }
            free
        });
        R::record(|| match taken {
            true => Action::Lock {
                lock: place,
                tried: true,
            },
            false => Action::TryLockFailed { lock: place },
        });
        taken
    }

    /// Thread `me` releases lock `lock`.
    #[track_caller]
    pub fn unlock(&self, me: usize, lock: usize) {
        self.table.with(|table| {
            debug_assert_eq!(table.holders[lock], Some(me));
            table.holders[lock] = None;
        });
        let place = self.places[lock];
        R::record(|| Action::Unlock { lock: place });
        self.table.notify_all();
    }
}

impl Table {
    /// The cycle that `me` waiting for `lock` would close, if any.
    fn cycle(&self, me: usize, lock: usize) -> Option<Vec<(usize, usize, usize)>> {
        let mut cycle = Vec::new();
        let mut wanted = lock;
        let held_by_me = |thread: usize| self.holders.iter().position(|&h| h == Some(thread));
        cycle.push((me, held_by_me(me)?, lock));
        for _ in 0..self.holders.len() {
            let holder = self.holders[wanted]?;
            if holder == me {
                return Some(cycle);
            }
            let next = *self.wants.get(&holder)?;
            cycle.push((holder, wanted, next));
            wanted = next;
        }
        None
    }
}

impl<R: Runtime> fmt::Debug for Locks<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locks")
            .field("engine", &R::NAME)
            .finish_non_exhaustive()
    }
}
