//! Data races: two accesses to the same plain (non-atomic) location, by
//! different threads, at least one a write, with neither *happening before*
//! the other (see [`happens_before`](super::happens_before): program order,
//! spawn and join, locks, and `Release`/`Acquire` pairs with their fences
//! and release sequences).

use crate::trace::analysis::happens_before::HappensBefore;
use crate::trace::{Action, Location, Trace};

/// Two steps that race: indices into the trace, the earlier first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Race {
    /// The earlier access.
    pub first: usize,
    /// The later access, which the earlier does not happen before.
    pub second: usize,
}

/// The first data race in `trace`, in the order of its steps, if any.
pub fn find(trace: &Trace) -> Option<Race> {
    let accesses: Vec<(usize, Location, bool)> = trace
        .steps()
        .iter()
        .enumerate()
        .filter_map(|(index, step)| match step.action {
            Action::Read { location, .. } if is_plain(trace, location) => {
                Some((index, location, false))
            }
            Action::Write { location, .. } if is_plain(trace, location) => {
                Some((index, location, true))
            }
            _ => None,
        })
        .collect();
    if accesses.is_empty() {
        return None;
    }
    let hb = HappensBefore::of(trace);
    let steps = trace.steps();
    accesses
        .iter()
        .enumerate()
        .find_map(|(k, &(second, place, writes))| {
            accesses[..k]
                .iter()
                .find(|&&(first, other, also_writes)| {
                    other == place
                        && steps[first].thread != steps[second].thread
                        && (writes || also_writes)
                        && !hb.ordered(first, second)
                        && !hb.ordered(second, first)
                })
                .map(|&(first, _, _)| Race { first, second })
        })
}

fn is_plain(trace: &Trace, location: Location) -> bool {
    trace
        .places()
        .get(location.0 as usize)
        .is_some_and(|place| place.plain)
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
