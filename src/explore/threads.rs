//! Runs on real threads, timed: what a tutorial shows, and what this
//! machine happened to do.

use std::time::{Duration, Instant};

use crate::counter::counting;
use crate::scenario::Program;

/// What one real-thread run of a counter counted, and how long it took.
#[derive(Clone, Copy, Debug)]
pub struct RealRun {
    /// The counter that ran, and its size.
    pub program: Program,
    /// threads × increments.
    pub expected: u64,
    /// The final count.
    pub got: u64,
    /// From the first spawn to the last join.
    pub elapsed: Duration,
}

impl RealRun {
    /// How many increments were lost.
    pub fn lost(&self) -> u64 {
        self.expected.saturating_sub(self.got)
    }
}

/// Runs the counter `program` once on real threads.
///
/// Whether the racy counters lose updates here depends on whether their
/// threads really ran at the same time, which this machine decides: only the
/// model checkers can prove that they can.
pub fn run(program: Program) -> RealRun {
    let start = Instant::now();
    let observed = program
        .stress(1)
        .ok()
        .and_then(|mut runs| runs.pop())
        .unwrap_or_default();
    RealRun {
        program,
        expected: counting::expected(program.size),
        got: counting::count(&observed),
        elapsed: start.elapsed(),
    }
}
