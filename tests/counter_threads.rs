//! The counters on real threads.
//!
//! These tests never assert that the racy counters lost an update: on a busy
//! machine their threads may not overlap at all. That they *can* is proven by
//! the model checkers. Here only what holds in every run is asserted.

mod common;

use common::counter;
use racelab::counter::{Counter, RacyCounter};
use racelab::explore::threads;
use racelab::trace;

const EXACT: [&str; 4] = ["mutex", "parking-lot", "atomic", "local"];

#[test]
fn correct_counters_are_exact_with_four_threads() {
    for name in EXACT {
        let run = threads::run(counter(name, 4, 100_000));
        assert_eq!(run.got, 400_000, "{name} lost {} updates", run.lost());
    }
}

#[test]
fn racy_counters_never_count_more_than_happened() {
    // No lower bound is asserted: a racy count can end as low as 2, however
    // many increments there were (loom-tests/counters.rs proves it).
    for name in ["racy", "split-lock"] {
        let run = threads::run(counter(name, 4, 100_000));
        assert!(run.got <= 400_000, "{name} counted {}", run.got);
    }
}

#[test]
fn every_counter_is_exact_on_one_thread() {
    // With one thread there is no one to race with.
    for name in [
        "racy",
        "split-lock",
        "mutex",
        "parking-lot",
        "atomic",
        "local",
    ] {
        assert_eq!(threads::run(counter(name, 1, 10_000)).got, 10_000, "{name}");
    }
}

#[test]
fn real_threads_record_nothing() {
    // Under the model checkers every step goes into the trace; on real threads
    // `Runtime::record` is empty, so an increment leaves the log untouched.
    let counter = RacyCounter::new();
    trace::start();
    counter.increment();
    assert_eq!(counter.get(), 1);
    assert!(trace::finish().steps().is_empty());
}
