//! Why no interleaving explains an execution: the two shapes of weak memory
//! the catalogue teaches, found in what the threads did.
//!
//! An interleaving runs whole steps one at a time, and every read returns
//! the newest write before it. Two patterns of reads rule that out, whatever
//! the order:
//!
//! - **seen, then missed** (message passing): a thread reads a write, then
//!   reads a location that the same writer had written *before* that write,
//!   and gets an older value;
//! - **both missed** (store buffering): two threads each write, then read
//!   what the other wrote, and both get an older value;
//! - **last, yet missed** (the shape litmus tests call R, in Peterson's
//!   lock): a thread writes two places, and its read of the second returns
//!   another thread's write there, not its own, so the other's came last; yet
//!   the other thread, after that write, reads the first place and misses
//!   the first thread's write.
//!
//! Each is found from the trace alone — which thread wrote what, the order
//! of each thread's own steps, and which write each read returned — never
//! from the order the engine ran the steps in, which is not the order in
//! which memory saw them. Then the orderings of the accesses involved say
//! why weak memory allows it.

use crate::trace::{Action, Trace};

/// A pattern of reads that no interleaving gives. Each field is the index
/// of a step in the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// A writer wrote `first`, then `second`; a reader's read `seen`
    /// returned `second`, and its later read `missed` returned a write
    /// older than `first`, to the same location.
    SeenThenMissed {
        /// The writer's earlier write.
        first: usize,
        /// The writer's later write.
        second: usize,
        /// The reader's read that returned `second`.
        seen: usize,
        /// The reader's later read, which returned a write older than `first`.
        missed: usize,
    },
    /// Each of two threads wrote, then read the location the other wrote,
    /// and returned an older write than the other's.
    BothMissed {
        /// One thread's write, then its read.
        one: Crossing,
        /// The other thread's write, then its read.
        other: Crossing,
    },
    /// A thread's write came last, by another thread's read, yet it then
    /// missed that other thread's earlier write.
    LastYetMissed(LastYetMissed),
}

/// Thread B wrote `earlier`, then `later` to another location; B's read
/// `check` of that location returned thread A's write `theirs`, not B's own
/// newer one; A wrote `theirs`, then read `earlier`'s location at `missed`
/// and returned a write older than `earlier`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastYetMissed {
    /// B's first write.
    pub earlier: usize,
    /// B's second write, to the location A also writes.
    pub later: usize,
    /// B's read of that location, which returned A's write.
    pub check: usize,
    /// A's write, which B's read returned.
    pub theirs: usize,
    /// A's later read of `earlier`'s location, which returned an older write.
    pub missed: usize,
}

/// A thread's write, then its read of the location another thread wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crossing {
    /// The thread's write.
    pub write: usize,
    /// Its later read, which returned an older write than the other
    /// thread's.
    pub read: usize,
}

/// The pattern in `trace` that no interleaving gives, if it has one of the
/// three. `reads_from` says, per step, which step's write it read.
pub fn find(trace: &Trace, reads_from: &[Option<usize>]) -> Option<Weakness> {
    seen_then_missed(trace, reads_from)
        .or_else(|| both_missed(trace, reads_from))
        .or_else(|| last_yet_missed(trace, reads_from).map(Weakness::LastYetMissed))
}

fn seen_then_missed(trace: &Trace, reads_from: &[Option<usize>]) -> Option<Weakness> {
    let steps = trace.steps();
    for (missed, returned) in reads(reads_from) {
        let reader = steps[missed].thread;
        for first in writes_to(trace, location_read(trace, missed)?) {
            if steps[first].thread == reader || !older(trace, returned, first) {
                continue;
            }
            let writer = steps[first].thread;
            let seen = reads(reads_from).find(|&(seen, second)| {
                seen < missed
                    && steps[seen].thread == reader
                    && steps[second].thread == writer
                    && first < second
            });
            if let Some((seen, second)) = seen {
                return Some(Weakness::SeenThenMissed {
                    first,
                    second,
                    seen,
                    missed,
                });
            }
        }
    }
    None
}

fn both_missed(trace: &Trace, reads_from: &[Option<usize>]) -> Option<Weakness> {
    let crossings: Vec<(Crossing, usize)> = crossings(trace, reads_from).collect();
    for &(one, missed_by_one) in &crossings {
        for &(other, missed_by_other) in &crossings {
            if missed_by_one == other.write && missed_by_other == one.write {
                return Some(Weakness::BothMissed { one, other });
            }
        }
    }
    None
}

fn last_yet_missed(trace: &Trace, reads_from: &[Option<usize>]) -> Option<LastYetMissed> {
    let steps = trace.steps();
    let thread = |index: usize| steps[index].thread;
    for (check, theirs) in reads(reads_from) {
        let (b, a) = (thread(check), thread(theirs));
        if a == b || !is_write(trace, theirs) {
            continue;
        }
        let location = location_read(trace, check)?;
        // B's own write there, before its read: the read passed over it.
        let Some(later) = writes_to(trace, location).find(|&w| thread(w) == b && w < check) else {
            continue;
        };
        for earlier in (0..later).filter(|&w| thread(w) == b && is_write(trace, w)) {
            let Some(first_place) = written_to(trace, earlier) else {
                continue;
            };
            let missed = reads(reads_from).find(|&(read, returned)| {
                thread(read) == a
                    && read > theirs
                    && location_read(trace, read) == Some(first_place)
                    && older(trace, returned, earlier)
            });
            if let Some((missed, _)) = missed {
                return Some(LastYetMissed {
                    earlier,
                    later,
                    check,
                    theirs,
                    missed,
                });
            }
        }
    }
    None
}

/// The location a step writes, if it writes one.
fn written_to(trace: &Trace, index: usize) -> Option<crate::trace::Location> {
    trace.steps()[index]
        .action
        .written()
        .map(|(location, _)| location)
}

/// Each read that returned an older write than some other thread's write
/// to its location, after a write of its own thread: the crossing, and the
/// other thread's write it missed.
fn crossings<'a>(
    trace: &'a Trace,
    reads_from: &'a [Option<usize>],
) -> impl Iterator<Item = (Crossing, usize)> + 'a {
    let steps = trace.steps();
    reads(reads_from).flat_map(move |(read, returned)| {
        let thread = steps[read].thread;
        let location = location_read(trace, read);
        let own_writes: Vec<usize> = (0..read)
            .filter(|&write| steps[write].thread == thread && is_write(trace, write))
            .collect();
        let missed: Vec<usize> = location
            .map(|location| writes_to(trace, location).collect())
            .unwrap_or_default();
        missed
            .into_iter()
            .filter(move |&other| steps[other].thread != thread && older(trace, returned, other))
            .flat_map(move |other| {
                own_writes
                    .clone()
                    .into_iter()
                    .map(move |write| (Crossing { write, read }, other))
            })
    })
}

/// Each read, with the index of the write it returned.
fn reads(reads_from: &[Option<usize>]) -> impl Iterator<Item = (usize, usize)> + '_ {
    reads_from
        .iter()
        .enumerate()
        .filter_map(|(read, &from)| Some((read, from?)))
}

fn location_read(trace: &Trace, index: usize) -> Option<crate::trace::Location> {
    trace.steps()[index]
        .action
        .read()
        .map(|(location, _)| location)
}

/// The writes to `location` that a thread made (not its initial value).
fn writes_to(trace: &Trace, location: crate::trace::Location) -> impl Iterator<Item = usize> + '_ {
    trace
        .steps()
        .iter()
        .enumerate()
        .filter(move |(_, step)| {
            !matches!(step.action, Action::New { .. })
                && step.action.written().is_some_and(|(at, _)| at == location)
        })
        .map(|(index, _)| index)
}

fn is_write(trace: &Trace, index: usize) -> bool {
    let action = trace.steps()[index].action;
    action.written().is_some() && !matches!(action, Action::New { .. })
}

/// Whether the write at `a` is older than the write at `b`, to the same
/// location, in every execution: an initial value is older than any write,
/// and a thread's earlier write older than its later one.
fn older(trace: &Trace, a: usize, b: usize) -> bool {
    let steps = trace.steps();
    let initial = |index: usize| matches!(steps[index].action, Action::New { .. });
    (initial(a) && !initial(b)) || (steps[a].thread == steps[b].thread && a < b)
}
