//! What a drawn trace shows: who read from whom, which updates were lost
//! and which write replaced them, and where the preemptions are.
//!
//! An update is *lost* when nothing built on it. Follow the chain back from
//! a location's last write: the read that write was computed from, the write
//! that read saw, the read *that* write was computed from, … down to the
//! initial value. A write on the chain that was computed from an older write
//! than the one before it skips over the writes in between: those are lost,
//! and it is the write that replaced them (marked `✗`). For a counter whose
//! every write adds one, the chain's length is the final count, so the
//! number of lost updates is always expected − got.
//!
//! The chain needs the location's order of writes. In a trace drawn as an
//! interleaving (see [`explain`](fn@crate::trace::explain)) that is the order
//! the writes are drawn in.

use crate::trace::analysis::explain::preemption_points;
use crate::trace::analysis::race::{self, Race};
use crate::trace::{Action, Location, Trace, WriteId};

/// What one step shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A write computed from the read at index `read`, which saw an older
    /// write than the newest: the writes at `lost` came in between, and this
    /// write replaces them.
    Overwrites {
        /// The read it was computed from.
        read: usize,
        /// The writes it replaces, which nothing else builds on.
        lost: Vec<usize>,
    },
    /// A write nobody built on: the write at index `by` replaced it.
    Lost {
        /// The write that replaced it.
        by: usize,
    },
    /// A read that returned an older write than the newest one in the order
    /// drawn: a trace drawn in an engine's order, which no interleaving
    /// explains.
    NotNewest {
        /// The newest write, which it did not return.
        newest: usize,
    },
}

/// Everything a drawn trace shows, step by step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Per step: the index of the step whose write it read, if it read.
    pub reads_from: Vec<Option<usize>>,
    /// Per step: its mark, if it has one.
    pub marks: Vec<Option<Mark>>,
    /// The indices of the steps that a preemption switched to.
    pub preemptions: Vec<usize>,
    /// Per step: its number as drawn (from 1), or `None` for the initial
    /// values, which are not drawn as steps.
    pub numbers: Vec<Option<usize>>,
    /// The first data race, if two accesses race.
    pub race: Option<Race>,
}

impl Marks {
    /// The indices of the lost writes, in order.
    pub fn lost(&self) -> Vec<usize> {
        let mut lost: Vec<usize> = self
            .marks
            .iter()
            .flatten()
            .filter_map(|mark| match mark {
                Mark::Overwrites { lost, .. } => Some(lost.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        lost.sort_unstable();
        lost
    }

    /// How a step is referred to: `T1@3`, or `initial` for an initial value.
    pub fn name(&self, trace: &Trace, index: usize) -> String {
        match self.numbers[index] {
            Some(number) => format!(
                "{}@{number}",
                crate::trace::thread_name(trace.steps()[index].thread)
            ),
            None => "initial".to_string(),
        }
    }
}

/// The marks of `trace`, in the order it is drawn.
pub fn mark(trace: &Trace) -> Marks {
    let steps = trace.steps();
    let writer = |write: WriteId| {
        steps
            .iter()
            .position(|step| step.action.written().is_some_and(|(_, id)| id == write))
    };
    let reads_from: Vec<Option<usize>> = steps
        .iter()
        .map(|step| step.action.read().and_then(|(_, saw)| writer(saw)))
        .collect();
    let mut marks: Vec<Option<Mark>> = vec![None; steps.len()];
    mark_stale_reads(trace, &reads_from, &mut marks);
    // Only a trace drawn as an interleaving gives each location's order of
    // writes; in an engine's order of a weak-memory execution it is unknown.
    if marks.iter().all(Option::is_none) {
        for location in 0..trace.places().len() {
            mark_lost_updates(trace, Location(location as u32), &reads_from, &mut marks);
        }
    }
    let mut number = 0;
    let numbers = steps
        .iter()
        .map(|step| match step.action {
            Action::New { .. } => None,
            _ => {
                number += 1;
                Some(number)
            }
        })
        .collect();
    Marks {
        reads_from,
        marks,
        preemptions: preemption_points(trace),
        numbers,
        race: race::find(trace),
    }
}

/// Marks each read that returned an older write than the newest drawn
/// before it.
fn mark_stale_reads(trace: &Trace, reads_from: &[Option<usize>], marks: &mut [Option<Mark>]) {
    let mut newest: Vec<Option<usize>> = vec![None; trace.places().len()];
    for (index, step) in trace.steps().iter().enumerate() {
        if let (Some((location, _)), Some(saw)) = (step.action.read(), reads_from[index]) {
            if let Some(newest) = newest[location.0 as usize].filter(|&newest| newest != saw) {
                marks[index] = Some(Mark::NotNewest { newest });
            }
        }
        if let Some((location, _)) = step.action.written() {
            newest[location.0 as usize] = Some(index);
        }
    }
}

/// Follows `location`'s chain back from its last write and marks what it
/// skips over.
fn mark_lost_updates(
    trace: &Trace,
    location: Location,
    reads_from: &[Option<usize>],
    marks: &mut [Option<Mark>],
) {
    let steps = trace.steps();
    let writes: Vec<usize> = (0..steps.len())
        .filter(|&index| {
            steps[index]
                .action
                .written()
                .is_some_and(|(at, _)| at == location)
        })
        .collect();
    let Some(&last) = writes.last() else {
        return;
    };
    let mut write = last;
    while let Some(read) = computed_from(trace, write, location) {
        let Some(source) = reads_from[read] else {
            return;
        };
        let lost: Vec<usize> = writes
            .iter()
            .copied()
            .filter(|&other| other > source && other < write)
            .collect();
        if !lost.is_empty() {
            for &index in &lost {
                marks[index] = Some(Mark::Lost { by: write });
            }
            marks[write] = Some(Mark::Overwrites { read, lost });
        }
        write = source;
    }
}

/// The read a write was computed from: for a `fetch_add`, itself; for a
/// store, the last read of the same location by the same thread before it.
fn computed_from(trace: &Trace, write: usize, location: Location) -> Option<usize> {
    let steps = trace.steps();
    match steps[write].action {
        Action::Add { .. } | Action::Swap { .. } => Some(write),
        Action::Write { .. } => (0..write).rev().find(|&index| {
            steps[index].thread == steps[write].thread
                && steps[index]
                    .action
                    .read()
                    .is_some_and(|(at, _)| at == location)
        }),
        _ => None,
    }
}
