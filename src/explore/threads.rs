//! Runs on real threads, timed: what a tutorial shows, and what this
//! machine happened to do.

use std::time::{Duration, Instant};

use crate::explore::Scenario;

/// What one real-thread run counted, and how long it took.
#[derive(Clone, Copy, Debug)]
pub struct RealRun {
    /// The counter that ran.
    pub scenario: Scenario,
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

/// Runs `scenario` once on real threads.
///
/// Whether the racy counters lose updates here depends on whether their
/// threads really ran at the same time, which this machine decides: only the
/// model checkers can prove that they can.
pub fn run(scenario: Scenario, threads: usize, increments: u64) -> RealRun {
    let start = Instant::now();
    let got = scenario.run_threads(threads, increments);
    RealRun {
        scenario,
        expected: threads as u64 * increments,
        got,
        elapsed: start.elapsed(),
    }
}
