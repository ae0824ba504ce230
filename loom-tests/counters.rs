//! Exhaustive proofs, under loom, of which counters lose updates.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release`. No preemption
//! bound is set: loom explores every execution it can tell apart, including
//! those where a load returns an older value than the newest store. Each test
//! prints its outcome table, with the number of executions explored, and
//! each witness drawn as the interleaving with the fewest preemptions.
//!
//! Cost, release build on 2 cores: the largest, 3 threads × 1 increment of
//! the racy counter, is about 10,000 executions in under a second.

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::{
    assert_finds_lost_update, assert_never_loses_updates, assert_outcomes_add_up, counter,
};
use racelab::counter::counting;
use racelab::explore::{model, Exploration};

/// Every execution of `threads` × `increments` on the counter `scenario`.
fn every_execution(scenario: &str, threads: usize, increments: u64) -> Exploration {
    let exploration = model::loom(counter(scenario, threads, increments));
    assert_outcomes_add_up(&exploration);
    exploration
}

#[test]
fn racy_counter_loses_updates_2x1() {
    assert_eq!(assert_finds_lost_update(&every_execution("racy", 2, 1)), 1);
}

#[test]
fn racy_counter_loses_updates_2x2() {
    assert_finds_lost_update(&every_execution("racy", 2, 2));
}

#[test]
fn racy_counter_can_end_at_2_and_never_lower_2x2() {
    // The classic result: T1 reads 0 and stalls; T2 increments; T1 writes 1;
    // T2 reads 1 and stalls; T1 finishes; T2 writes 2. With k increments per
    // thread the count can fall to 2 for any k ≥ 2 — a thread's own
    // increments can be lost too. loom ran every execution, so 2 is also
    // the least any execution reaches.
    for scenario in ["racy", "split-lock"] {
        assert_eq!(
            assert_finds_lost_update(&every_execution(scenario, 2, 2)),
            2
        );
    }
}

#[test]
fn racy_counter_loses_updates_3x1() {
    assert_finds_lost_update(&every_execution("racy", 3, 1));
}

#[test]
fn split_lock_counter_loses_updates_2x1() {
    assert_eq!(
        assert_finds_lost_update(&every_execution("split-lock", 2, 1)),
        1
    );
}

#[test]
fn split_lock_counter_loses_updates_2x2() {
    assert_finds_lost_update(&every_execution("split-lock", 2, 2));
}

#[test]
fn split_lock_counter_loses_updates_3x1() {
    assert_finds_lost_update(&every_execution("split-lock", 3, 1));
}

#[test]
fn racy_and_split_lock_counters_need_exactly_one_preemption_to_lose_an_update() {
    // The fewest preemptions are counted on the interleaving that explains
    // each execution, not in loom's own running order: a load that returns
    // an older store is free in loom's count, but no interleaving gets there
    // without a switch between a read and its write.
    for scenario in ["racy", "split-lock"] {
        let exploration = every_execution(scenario, 2, 1);
        assert_eq!(
            exploration.outcomes[&counting::observed(1)]
                .witness
                .preemptions(),
            Some(1),
            "{scenario}"
        );
    }
}

#[test]
fn mutex_counter_never_loses_updates_2x1() {
    assert_never_loses_updates(&every_execution("mutex", 2, 1));
}

#[test]
fn mutex_counter_never_loses_updates_2x2() {
    assert_never_loses_updates(&every_execution("mutex", 2, 2));
}

#[test]
fn mutex_counter_never_loses_updates_3x1() {
    assert_never_loses_updates(&every_execution("mutex", 3, 1));
}

#[test]
fn atomic_counter_never_loses_updates_2x1() {
    assert_never_loses_updates(&every_execution("atomic", 2, 1));
}

#[test]
fn atomic_counter_never_loses_updates_2x2() {
    assert_never_loses_updates(&every_execution("atomic", 2, 2));
}

#[test]
fn atomic_counter_never_loses_updates_3x1() {
    assert_never_loses_updates(&every_execution("atomic", 3, 1));
}

#[test]
fn local_counts_never_lose_updates_3x1() {
    assert_never_loses_updates(&every_execution("local", 3, 1));
}

#[test]
#[should_panic(expected = "lost update: expected 2, got 1")]
fn exactness_check_fails_on_the_racy_counter() {
    // The check the correct counters pass is not vacuous: it fails, with the
    // trace as its message, on a counter that loses updates.
    assert_never_loses_updates(&every_execution("racy", 2, 1));
}
