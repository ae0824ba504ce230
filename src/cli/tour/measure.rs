//! Running real threads so that their results can be trusted: several runs,
//! within a stated time budget.
//!
//! One run on real threads says what this machine happened to do once. A
//! busy core, a thread started late, a frequency change: any of them changes
//! a single result a lot. So the lessons repeat each run and report them all.

use std::time::{Duration, Instant};

/// Calls `run` up to `runs` times and returns what each call returned.
///
/// Stops early once `budget` is spent, after at least one call, so a slow or
/// busy machine still finishes the lesson in time.
pub(super) fn repeat<T>(runs: usize, budget: Duration, mut run: impl FnMut() -> T) -> Vec<T> {
    let start = Instant::now();
    let mut results = Vec::with_capacity(runs);
    while results.len() < runs {
        results.push(run());
        if start.elapsed() >= budget {
            break;
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::repeat;

    #[test]
    fn repeat_runs_at_least_once_even_with_no_budget() {
        assert_eq!(repeat(5, Duration::ZERO, || 7), vec![7]);
        assert_eq!(repeat(3, Duration::from_secs(60), || 7).len(), 3);
    }
}
