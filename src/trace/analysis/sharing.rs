//! How an execution shares memory between its threads: what decides whether
//! a search of sequentially consistent executions (shuttle's) also covers
//! the weak memory model.
//!
//! Two facts of the C++20 memory model (as RC11 states it) make such a
//! search enough:
//!
//! - **one location**: coherence gives each location one order of writes
//!   that every thread's reads and writes follow, so a program whose threads
//!   share a single location, with no locks, has only executions that some
//!   interleaving explains;
//! - **DRF-SC**: if in every sequentially consistent execution every two
//!   accesses to one location by different threads, one of them a write,
//!   are ordered by happens-before (a lock, a spawn or a join, a Release
//!   store read by an Acquire load) or are both `SeqCst`, then every
//!   execution on the weak model is sequentially consistent too.
//!
//! [`Sharing::of`] finds both facts in one trace; [`Sharing::and`] combines
//! them over every execution of a search.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering::SeqCst;

use crate::trace::analysis::happens_before::{order_of, HappensBefore};
use crate::trace::{Action, Location, Trace};

/// What the executions seen so far share, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sharing {
    /// The data locations that more than one thread touched.
    pub shared: BTreeSet<Location>,
    /// The names of those locations, in order.
    pub names: Vec<&'static str>,
    /// Whether any thread took a lock or waited on a condition variable.
    pub locks: bool,
    /// Whether a shared location is plain, non-atomic memory: coherence is
    /// a property of atomics, and a race on plain memory has no outcomes
    /// to count (it is undefined behaviour).
    pub plain: bool,
    /// Whether the unordered pair found is on plain memory: a data race,
    /// undefined behaviour, rather than a weak-memory question.
    pub plain_race: bool,
    /// Two accesses to one location by different threads, one a write,
    /// neither happening before the other and not both `SeqCst`: the
    /// steps of the first such pair found, in the trace that showed it.
    pub unordered: Option<(usize, usize)>,
    /// How many executions were looked at.
    pub executions: usize,
}

impl Sharing {
    /// What `trace` shares.
    pub fn of(trace: &Trace) -> Self {
        let steps = trace.steps();
        let accesses: Vec<(usize, Location, bool)> = steps
            .iter()
            .enumerate()
            .filter_map(|(index, step)| {
                let written = step.action.written().map(|(l, _)| (l, true));
                let read = step.action.read().map(|(l, _)| (l, false));
                written.or(read).map(|(l, writes)| (index, l, writes))
            })
            .collect();
        let mut threads_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); trace.places().len()];
        for &(index, location, _) in &accesses {
            if !matches!(steps[index].action, Action::New { .. }) {
                threads_of[location.0 as usize].insert(steps[index].thread);
            }
        }
        let shared: BTreeSet<Location> = (0..threads_of.len())
            .filter(|&l| threads_of[l].len() > 1)
            .map(|l| Location(l as u32))
            .collect();
        let locks = steps.iter().any(|step| {
            matches!(
                step.action,
                Action::Lock { .. }
                    | Action::Wait { .. }
                    | Action::Woken { .. }
                    | Action::Waits { .. }
                    | Action::TryLockFailed { .. }
                    | Action::Deadlock { .. }
            )
        });
        let hb = HappensBefore::of(trace);
        let seqcst = |i: usize| order_of(steps[i].action) == Some(SeqCst);
        let unordered = accesses
            .iter()
            .enumerate()
            .find_map(|(k, &(b, place, b_writes))| {
                accesses[..k]
                    .iter()
                    .find(|&&(a, other, a_writes)| {
                        other == place
                            && steps[a].thread != steps[b].thread
                            && (a_writes || b_writes)
                            && !hb.ordered(a, b)
                            && !hb.ordered(b, a)
                            && !(seqcst(a) && seqcst(b))
                    })
                    .map(|&(a, _, _)| (a, b, place))
            });
        let plain_race =
            unordered.is_some_and(|(_, _, place)| trace.places()[place.0 as usize].plain);
        let unordered = unordered.map(|(a, b, _)| (a, b));
        let plain = shared.iter().any(|l| trace.places()[l.0 as usize].plain);
        Self {
            names: shared.iter().map(|&l| trace.place_name(l)).collect(),
            shared,
            locks,
            plain,
            plain_race,
            unordered,
            executions: 1,
        }
    }

    /// What both `self`'s executions and `other`'s share.
    pub fn and(mut self, other: &Sharing) -> Sharing {
        for (location, name) in other.shared.iter().zip(&other.names) {
            if self.shared.insert(*location) {
                self.names.push(name);
            }
        }
        self.locks |= other.locks;
        self.plain |= other.plain;
        self.plain_race |= other.plain_race;
        self.unordered = self.unordered.or(other.unordered);
        self.executions += other.executions;
        self
    }

    /// Whether the threads share one atomic location at most, and no locks:
    /// coherence then leaves weak memory no outcome of its own.
    pub fn one_location(&self) -> bool {
        self.shared.len() <= 1 && !self.locks && !self.plain
    }

    /// Whether every conflicting pair of accesses was ordered, or both
    /// `SeqCst`: data-race free in the sense of DRF-SC.
    pub fn race_free(&self) -> bool {
        self.unordered.is_none()
    }

    /// Whether a complete search of sequentially consistent executions is
    /// also complete for the weak memory model, by coherence or by DRF-SC.
    pub fn sequential_is_enough(&self) -> bool {
        self.executions > 0 && (self.one_location() || self.race_free())
    }
}
