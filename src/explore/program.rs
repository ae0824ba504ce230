//! What the engines run: a program that ends each execution with a value
//! to tabulate.
//!
//! A counter at a size ends with its final count; a catalogue scenario ends
//! with the values its threads saw. Both are explored the same way — once per
//! execution under loom, once per schedule under shuttle, or many times on
//! real threads — by [`model::run`](crate::explore::model::run), into one
//! [`Exploration`](crate::explore::Exploration) type.

use std::fmt::Debug;

use crate::sync::Runtime;
use crate::trace::Trace;

/// A program the engines can run, once per execution.
pub trait Program: Copy + Debug + Send + Sync + 'static {
    /// How one execution ended: a final count, or the values the threads
    /// saw. The outcome table has one row for each.
    type Ending: Clone + Debug + Ord + Send + 'static;

    /// How many real-thread runs to ask [`run_threads`](Program::run_threads)
    /// for at a time: the time limit and the progress bar are heard between
    /// two batches.
    const BATCH: usize;

    /// Runs once under the model checker `R`, which records the trace.
    fn run_model<R: Runtime>(self) -> Self::Ending;

    /// Runs `runs` times on real threads, which record nothing.
    fn run_threads(self, runs: usize) -> Vec<Self::Ending>;

    /// The most preemptions loom may use, where its full search is too
    /// large to run; `None` (the default): every execution.
    fn loom_preemptions(self) -> Option<usize> {
        None
    }

    /// How the execution ended, counting what only its `trace` shows (a
    /// data race). By default, what the program returned.
    fn ended(self, ending: Self::Ending, _trace: &Trace) -> Self::Ending {
        ending
    }
}
