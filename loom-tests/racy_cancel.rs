//! Exhaustive proofs, under loom, that a cancel written as check-then-act
//! can report success for a task that runs anyway, and that the pool's
//! cancel cannot.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_racy_cancel`.
//! No preemption bound: each race is two or three threads and a handful of
//! steps, so every execution is explored, in milliseconds. Each test prints
//! its table.

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use racelab::executor::racy_cancel::{RacyCancel, Version};
use racelab::explore::{model, Exploration};
use racelab::scenario::{Observed, Program, Size};
use racelab::trace::Order;

fn every_execution(version: Version) -> Exploration {
    let found = model::loom(Program::new(&RacyCancel, version, Size::SMALLEST));
    println!("{}", common::brief_text(&found));
    found
}

fn double_win() -> Observed {
    Observed::new(vec![("cancelled", 1), ("ran", 1)])
}

#[test]
fn check_then_act_cancel_reports_success_for_a_task_that_runs() {
    let found = every_execution(Version::CheckThenAct);
    assert!(found.outcomes.contains_key(&double_win()));
}

#[test]
fn check_then_act_cancel_needs_one_preemption_and_no_weak_memory() {
    // Counted on the interleaving that explains each execution: one switch,
    // between a thread's check and its act, is the fewest that lets both win.
    let found = every_execution(Version::CheckThenAct);
    assert_eq!(
        found.outcomes[&double_win()].witness.drawing.order,
        Order::Interleaving { preemptions: 1 }
    );
}

#[test]
fn pool_cancel_and_worker_never_both_win() {
    let found = every_execution(Version::Pool);
    assert!(found.executions > 0);
    assert!(found.wrong().is_empty(), "{}", common::text(&found));
}

#[test]
#[should_panic(expected = "double win: cancel returned true, yet the task ran")]
fn exactly_one_winner_check_fails_on_check_then_act() {
    // The assertion the pool passes is not vacuous: the same assertion fails,
    // with the trace as its message, on the racy cancel.
    let found = every_execution(Version::CheckThenAct);
    assert!(found.executions > 0);
    assert!(found.wrong().is_empty(), "{}", common::text(&found));
}
