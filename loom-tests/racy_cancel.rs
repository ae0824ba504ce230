//! Exhaustive proofs, under loom, that a cancel written as check-then-act
//! can report success for a task that runs anyway, and that the pool's
//! cancel cannot.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_racy_cancel`.
//! No preemption bound: each race is two or three threads and a handful of
//! steps, so every execution is explored, in milliseconds. Each test prints
//! how many.

#![cfg(loom)]

use racelab::executor::racy_cancel::{check_loom, Cancel};

#[test]
fn check_then_act_cancel_reports_success_for_a_task_that_runs() {
    let check = check_loom(Cancel::CheckThenAct, None);
    println!("{check}");
    let report = check.report().expect("loom finds the double win");
    println!("{report}");
    assert!(check.double_wins > 0);
}

#[test]
fn check_then_act_cancel_needs_no_weak_memory_only_one_preemption() {
    // Bound 1: a single switch between T1's check and its act is enough.
    let check = check_loom(Cancel::CheckThenAct, Some(1));
    println!("{check}");
    assert!(check.double_wins > 0);
}

#[test]
fn pool_cancel_and_worker_never_both_win() {
    let check = check_loom(Cancel::Pool, None);
    println!("{check}");
    assert!(check.executions > 0);
    assert_eq!(
        check.double_wins,
        0,
        "{}",
        check.report().unwrap_or_default()
    );
}

#[test]
#[should_panic(expected = "double win: cancel returned true, yet the task ran")]
fn exactly_one_winner_check_fails_on_check_then_act() {
    // The check the pool passes is not vacuous: it fails, with the trace as
    // its message, on the racy cancel.
    let check = check_loom(Cancel::CheckThenAct, None);
    if let Some(report) = check.report() {
        panic!("{report}");
    }
}
