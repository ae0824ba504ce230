//! How far an exploration may go before it stops.

use std::time::{Duration, Instant};

/// A limit on an exploration: at most `executions`, for at most `time`.
///
/// Exhaustive checking explodes with the size of the program: loom's racy
/// counter is 30 executions for 2 threads × 1 increment and over ten thousand
/// for 3 × 1. A budget lets an exploration stop cleanly instead of running
/// for hours; an exploration that stopped is then no longer a proof.
///
/// ```
/// use std::time::Duration;
/// use racelab::sync::Budget;
///
/// let budget = Budget { executions: Some(1_000), time: Some(Duration::from_secs(2)) };
/// assert!(Budget::default().is_unlimited());
/// assert!(!budget.is_unlimited());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    /// Stop after this many executions.
    pub executions: Option<usize>,
    /// Stop starting new executions after this long.
    pub time: Option<Duration>,
}

impl Budget {
    /// Whether there is no limit at all.
    pub fn is_unlimited(&self) -> bool {
        self.executions.is_none() && self.time.is_none()
    }

    /// Whether an exploration that ran `executions` since `start` used the
    /// whole budget, so that it may have stopped before the end.
    pub(crate) fn spent(&self, executions: usize, start: Instant) -> bool {
        self.executions.is_some_and(|max| executions >= max)
            || self.time.is_some_and(|time| start.elapsed() >= time)
    }
}

/// What an exploration under a [`Budget`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explored {
    /// How many executions the checker ran.
    pub executions: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// Whether it used its whole budget: then it may have stopped early, and
    /// it proves nothing about the executions it did not reach.
    pub stopped: bool,
}
