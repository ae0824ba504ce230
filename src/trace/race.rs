//! Data races: two accesses to the same plain (non-atomic) location, by
//! different threads, at least one a write, with neither *happening before*
//! the other.
//!
//! Happens-before is what synchronization builds. racelab follows it with a
//! vector clock per thread, over the steps in the order the engine ran them:
//!
//! - a thread's own steps are ordered (program order);
//! - spawning a thread orders what the parent did before against the
//!   child; joining orders the child against what the parent does after;
//! - unlocking a lock orders the holder against the next thread to lock it
//!   (a condition variable's wait lets go of its lock, and waking takes it);
//! - a `Release` (or stronger) store orders the writer against an `Acquire`
//!   (or stronger) load that returns it.
//!
//! Fences and release sequences are not followed: no scenario relies on
//! them for a plain location, so a race they would prevent is not claimed
//! where racelab cannot see them (it would only report a race loom's model
//! allows).

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use crate::trace::{Action, Location, Trace, WriteId};

/// Two steps that race: indices into the trace, the earlier first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Race {
    /// The earlier access.
    pub first: usize,
    /// The later access, which the earlier does not happen before.
    pub second: usize,
}

/// The first data race in `trace`, in the order its steps ran, if any.
pub fn find(trace: &Trace) -> Option<Race> {
    let mut clocks = Clocks::default();
    let mut released: HashMap<WriteId, Vec<u32>> = HashMap::new();
    let mut lock_clocks: HashMap<Location, Vec<u32>> = HashMap::new();
    let mut accesses: HashMap<Location, Vec<Access>> = HashMap::new();
    for (index, step) in trace.steps().iter().enumerate() {
        let me = step.thread;
        clocks.tick(me);
        match step.action {
            Action::Spawn { thread } => {
                let parent = clocks.of(me).clone();
                clocks.join_into(thread, &parent);
            }
            Action::Join { thread } => {
                let child = clocks.of(thread).clone();
                clocks.join_into(me, &child);
            }
            Action::Unlock { lock } | Action::Wait { lock, .. } => {
                lock_clocks.insert(lock, clocks.of(me).clone());
            }
            Action::Lock { lock, .. } | Action::Woken { lock, .. } => {
                if let Some(clock) = lock_clocks.get(&lock).cloned() {
                    clocks.join_into(me, &clock);
                }
            }
            Action::Write { write, order, .. } if releases(order) => {
                released.insert(write, clocks.of(me).clone());
            }
            Action::Read { saw, order, .. } if acquires(order) => {
                if let Some(clock) = released.get(&saw).cloned() {
                    clocks.join_into(me, &clock);
                }
            }
            _ => {}
        }
        let plain = |location: Location| {
            trace
                .places()
                .get(location.0 as usize)
                .is_some_and(|place| place.plain)
        };
        let access = match step.action {
            Action::Read { location, .. } if plain(location) => Some((location, false)),
            Action::Write { location, .. } if plain(location) => Some((location, true)),
            _ => None,
        };
        if let Some((location, write)) = access {
            let now = clocks.of(me).clone();
            let earlier = accesses.entry(location).or_default();
            for before in earlier.iter() {
                let ordered = before.clock[before.thread] <= *now.get(before.thread).unwrap_or(&0);
                if before.thread != me && (write || before.write) && !ordered {
                    return Some(Race {
                        first: before.index,
                        second: index,
                    });
                }
            }
            earlier.push(Access {
                thread: me,
                write,
                index,
                clock: now,
            });
        }
    }
    None
}

fn releases(order: Ordering) -> bool {
    matches!(
        order,
        Ordering::Release | Ordering::AcqRel | Ordering::SeqCst
    )
}

fn acquires(order: Ordering) -> bool {
    matches!(
        order,
        Ordering::Acquire | Ordering::AcqRel | Ordering::SeqCst
    )
}

/// One access to a plain location, with the clock of its thread then.
struct Access {
    thread: usize,
    write: bool,
    index: usize,
    clock: Vec<u32>,
}

/// A vector clock per thread.
#[derive(Default)]
struct Clocks(HashMap<usize, Vec<u32>>);

impl Clocks {
    fn of(&mut self, thread: usize) -> &mut Vec<u32> {
        let clock = self.0.entry(thread).or_default();
        if clock.len() <= thread {
            clock.resize(thread + 1, 0);
        }
        clock
    }

    fn tick(&mut self, thread: usize) {
        self.of(thread)[thread] += 1;
    }

    fn join_into(&mut self, thread: usize, other: &[u32]) {
        let clock = self.of(thread);
        if clock.len() < other.len() {
            clock.resize(other.len(), 0);
        }
        for (mine, theirs) in clock.iter_mut().zip(other) {
            *mine = (*mine).max(*theirs);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};

    use super::{find, Race};
    use crate::trace::{Action::*, Location, Place, Step, Trace, WriteId};

    /// T1 writes the plain value, then the flag with `store`; T2 reads the
    /// flag with `load` (seeing T1's write), then the value.
    fn publication(store: Ordering, load: Ordering) -> Trace {
        let (value, flag) = (Location(0), Location(1));
        let place = |name, plain| Place {
            name,
            states: &[],
            sync: false,
            plain,
        };
        Trace::new(
            vec![
                Step::new(
                    0,
                    New {
                        location: value,
                        value: 0,
                        write: WriteId(1),
                    },
                ),
                Step::new(
                    0,
                    New {
                        location: flag,
                        value: 0,
                        write: WriteId(2),
                    },
                ),
                Step::new(0, Spawn { thread: 1 }),
                Step::new(0, Spawn { thread: 2 }),
                Step::new(
                    1,
                    Write {
                        location: value,
                        value: 42,
                        write: WriteId(3),
                        order: Relaxed,
                    },
                ),
                Step::new(
                    1,
                    Write {
                        location: flag,
                        value: 1,
                        write: WriteId(4),
                        order: store,
                    },
                ),
                Step::new(
                    2,
                    Read {
                        location: flag,
                        value: 1,
                        saw: WriteId(4),
                        order: load,
                    },
                ),
                Step::new(
                    2,
                    Read {
                        location: value,
                        value: 42,
                        saw: WriteId(3),
                        order: Relaxed,
                    },
                ),
            ],
            vec![place("value", true), place("flag", false)],
        )
    }

    #[test]
    fn a_relaxed_flag_publishes_nothing_so_the_value_races() {
        assert_eq!(
            find(&publication(Relaxed, Relaxed)),
            Some(Race {
                first: 4,
                second: 7
            })
        );
    }

    #[test]
    fn a_release_store_read_by_an_acquire_load_orders_the_value() {
        assert_eq!(find(&publication(Release, Acquire)), None);
    }

    #[test]
    fn release_without_acquire_orders_nothing() {
        assert!(find(&publication(Release, Relaxed)).is_some());
    }
}
