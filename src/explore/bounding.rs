//! Fewest preemptions first: CHESS's iterative context bounding, on loom.
//!
//! A *preemption* is a switch away from a thread that could have gone on.
//! Most concurrency bugs need very few of them, and a witness with few is
//! easy to follow. So the search runs loom with its preemption bound at 0,
//! then 1, then 2, …, and keeps, for each lost-update count, the first bound
//! that reaches it: no execution with fewer preemptions reaches it, because
//! loom checked every one of them at the lower bounds.
//!
//! Two answers teach two different lessons:
//!
//! - **0 preemptions**: each thread ran its read and write without being
//!   switched out, and still an update was lost. The only way is a *stale
//!   read*: the second thread read the count after the first one's write,
//!   and saw the value from before it. loom's weak memory model allows that,
//!   as real CPUs with store buffers do; the racy counter fails this way.
//! - **1 preemption**: the textbook interleaving. A thread is switched out
//!   between its read and its write, the other reads the same value, and
//!   both write the same successor. The split-lock counter needs exactly
//!   one: its unlock and lock synchronize, so no read of it is ever stale.

use crate::explore::model::{self, Watch};
use crate::explore::outcome::plural;
use crate::explore::{Exploration, Fewest, Scenario};

impl Exploration {
    /// Replaces the witness of each lost-update count by one with the fewest
    /// preemptions, raising loom's bound from 0 up to `max_bound`, and notes
    /// how many preemptions each needs.
    ///
    /// ```
    /// use racelab::explore::{model, Scenario};
    ///
    /// let split = model::loom(Scenario::SplitLock, 2, 1, None)
    ///     .with_fewest_preemptions(3, &Default::default());
    /// assert_eq!(split.fewest[&1].preemptions, 1);
    /// ```
    pub fn with_fewest_preemptions(mut self, max_bound: usize, watch: &Watch) -> Self {
        let mut wanted = self.lost_updates();
        let mut checked_below = 0;
        for bound in 0..=max_bound {
            if wanted.is_empty() {
                break;
            }
            let bounded = model::loom_watched(
                self.scenario,
                self.threads,
                self.increments,
                Some(bound),
                watch,
            );
            wanted.retain(|count| match bounded.outcomes.get(count) {
                Some(found) => {
                    if let Some(outcome) = self.outcomes.get_mut(count) {
                        outcome.witness = found.witness.clone();
                    }
                    let fewest = Fewest {
                        preemptions: bound,
                        checked_below,
                        execution: found.witness.execution,
                        executions: bounded.executions,
                    };
                    self.fewest.insert(*count, fewest);
                    false
                }
                None => true,
            });
            checked_below += bounded.executions;
        }
        self
    }
}

/// The sentence that says how few preemptions `count` needs, and why.
pub(crate) fn explain(scenario: Scenario, count: u64, fewest: Fewest) -> String {
    match fewest.preemptions {
        0 => format!(
            "Fewest preemptions: 0. loom searched with its preemption bound at 0 first and reached \
             {count} there: no thread was switched out between its read and its write. The update \
             was lost through a stale read, which loom's weak memory model allows, as real CPUs \
             do, and a sequentially consistent machine (shuttle) does not."
        ),
        n => {
            let mut sentence = format!(
                "Fewest preemptions: {n}. None with fewer exists: loom checked every execution \
                 with at most {} ({}) and none reached {count}.",
                n - 1,
                plural(fewest.checked_below as u64, "execution")
            );
            if n == 1 {
                sentence.push_str(
                    " One switch, just after a thread's read, is the textbook interleaving: the \
                     other thread reads the same value before the first one writes.",
                );
            }
            if scenario == Scenario::SplitLock {
                sentence.push_str(
                    " Its unlock and lock synchronize, so no read is ever stale: only a \
                     preemption between its two locked steps loses an update.",
                );
            }
            sentence
        }
    }
}
