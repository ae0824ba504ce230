//! Exhaustive proofs, under loom, that a cancel written as check-then-act
//! can report success for a task that runs anyway, and that the pool's
//! cancel cannot.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_racy_cancel`.
//! No preemption bound: each race is two or three threads and a handful of
//! steps, so every execution is explored, in milliseconds. Each test prints
//! how many.

#![cfg(loom)]

use racelab::executor::racy_cancel::{check_loom, Cancel, CancelRace};
use racelab::trace::Order;

#[test]
fn check_then_act_cancel_reports_success_for_a_task_that_runs() {
    let check = check_loom(Cancel::CheckThenAct, None);
    println!("{check}");
    let report = check.report().expect("loom finds the double win");
    println!("{report}");
    assert!(check.double_wins > 0);
}

#[test]
fn check_then_act_cancel_needs_one_preemption_and_no_weak_memory() {
    // Counted on the interleaving that explains each execution: one switch,
    // between a thread's check and its act, is the fewest that lets both win.
    let check = check_loom(Cancel::CheckThenAct, None);
    let double_win = &check.outcomes[&CancelRace {
        cancel_won: true,
        task_ran: true,
    }];
    assert_eq!(
        double_win.drawing.order,
        Order::Interleaving { preemptions: 1 }
    );
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
    // The assertion the pool passes is not vacuous: the same assertion fails,
    // with the trace as its message, on the racy cancel.
    let check = check_loom(Cancel::CheckThenAct, None);
    assert!(check.executions > 0);
    assert_eq!(
        check.double_wins,
        0,
        "{}",
        check.report().unwrap_or_default()
    );
}
