//! Exhaustive proofs, under loom, of the catalogue's scenarios: each bug is
//! reached, each fix never breaks its contract, and "only under weak memory"
//! — computed from which write each read returned — marks exactly message
//! passing, store buffering, lazy publication and Peterson's lock.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_catalogue -- --nocapture`.
//! No preemption bound but one: each scenario is two threads and a few
//! steps, tens of executions, milliseconds. The stolen wakeup's three threads
//! around a condition variable are the exception: loom's full search of them
//! does not end in reasonable time, so they run bounded at 2 preemptions
//! (the bug needs 1), and its fix is also checked at 3 (see
//! `Lesson::loom_preemptions`). Each test prints its executions and time.

#![cfg(loom)]

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;

use common::{program, text};
use racelab::explore::model::{self, Watch};
use racelab::explore::{Exploration, Search};
use racelab::scenario::{Checker, Program};
use racelab::sync::{explore_loom_within, Budget, Engine};
use racelab::trace::{self, Action};

fn every_execution(subject: Program) -> Exploration {
    let found = model::loom(subject);
    println!(
        "{subject}: {} executions in {:.1?}",
        found.executions, found.elapsed
    );
    assert!(found.is_proof(), "loom explored every execution");
    found
}

fn under_shuttle_dfs(subject: Program) -> Exploration {
    let found = model::run(subject, &Engine::SHUTTLE_DFS, &Watch::default());
    println!(
        "{subject} under shuttle-dfs: {} schedules in {:.1?}",
        found.executions, found.elapsed
    );
    assert!(found.is_proof(), "shuttle-dfs explored every schedule");
    found
}

fn weak_only(found: &Exploration) -> Vec<String> {
    found
        .outcomes
        .keys()
        .filter(|outcome| found.weak_memory_only(outcome))
        .map(ToString::to_string)
        .collect()
}

fn assert_never_wrong(found: &Exploration) {
    assert!(found.wrong().is_empty(), "{}", text(found));
}

#[test]
fn check_then_act_lets_both_win_after_one_preemption_with_no_weak_memory() {
    let found = every_execution(program("check-then-act", Some("check-then-act")));
    let wrong = found.wrong();
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].to_string(), "winners = 2");
    assert_eq!(found.outcomes[wrong[0]].witness.preemptions(), Some(1));
    assert!(weak_only(&found).is_empty());
}

#[test]
fn check_then_act_with_one_swap_always_has_exactly_one_winner() {
    assert_never_wrong(&every_execution(program("check-then-act", Some("swap"))));
}

#[test]
fn check_then_act_with_one_compare_exchange_always_has_exactly_one_winner() {
    let found = every_execution(program("check-then-act", Some("compare-exchange")));
    assert_never_wrong(&found);
    let drawing = &found
        .outcomes
        .values()
        .next()
        .expect("an outcome")
        .witness
        .drawing;
    let cells: Vec<String> = drawing.rows().map(|row| drawing.cell(row)).collect();
    assert!(
        cells
            .iter()
            .any(|cell| cell.starts_with("compare_exchange flag = up")),
        "the winner's compare_exchange is one drawn step: {cells:?}"
    );
}

#[test]
fn relaxed_message_passing_shows_the_flag_without_the_data_only_under_weak_memory() {
    let found = every_execution(program("message-passing", Some("relaxed")));
    assert_eq!(weak_only(&found), ["flag = 1, data = 0"]);
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(
        wrong,
        weak_only(&found),
        "the only wrong outcome needs weak memory"
    );
}

#[test]
fn release_acquire_message_passing_always_shows_the_data() {
    assert_never_wrong(&every_execution(program(
        "message-passing",
        Some("release-acquire"),
    )));
}

#[test]
fn store_buffering_reads_two_zeros_only_under_weak_memory_relaxed_or_release_acquire() {
    for variant in ["relaxed", "release-acquire"] {
        let found = every_execution(program("store-buffering", Some(variant)));
        assert_eq!(weak_only(&found), ["r1 = 0, r2 = 0"]);
        assert_eq!(found.wrong().len(), 1);
    }
}

#[test]
fn store_buffering_with_seqcst_fences_never_reads_two_zeros() {
    let found = every_execution(program("store-buffering", Some("seqcst-fences")));
    assert_never_wrong(&found);
    assert!(weak_only(&found).is_empty());
}

#[test]
fn petersons_lock_lets_both_in_only_under_weak_memory_with_release_acquire_or_a_fence() {
    for variant in ["release-acquire", "fence"] {
        let found = every_execution(program("peterson", Some(variant)));
        assert_eq!(weak_only(&found), ["holders = 2"], "{variant}");
        assert_eq!(found.wrong().len(), 1, "{variant}");
        assert_eq!(
            found.forbidden.executions, 0,
            "{variant}: the model allows them"
        );
    }
}

#[test]
fn petersons_lock_with_the_turn_swapped_or_all_seqcst_lets_one_in_at_a_time() {
    let swap = every_execution(program("peterson", Some("swap")));
    assert_never_wrong(&swap);
    assert_eq!(swap.forbidden.executions, 0);
    // loom gives SeqCst loads and stores only Acquire and Release (its issue
    // 180): the broken executions come back, and the referee rules them out.
    let seqcst = every_execution(program("peterson", Some("seqcst")));
    assert_never_wrong(&seqcst);
    assert!(seqcst.forbidden.executions > 0);
}

#[test]
fn opposite_lock_orders_deadlock_after_one_preemption() {
    let found = every_execution(program("deadlock", Some("opposite-order")));
    let wrong = found.wrong();
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].to_string(), "deadlocks = 1");
    assert_eq!(found.outcomes[wrong[0]].witness.preemptions(), Some(1));
    assert!(weak_only(&found).is_empty());
}

#[test]
fn backing_off_never_deadlocks_but_can_livelock_until_both_give_up() {
    let found = every_execution(program("deadlock", Some("back-off")));
    let outcomes: Vec<String> = found.outcomes.keys().map(ToString::to_string).collect();
    // No execution deadlocks; in some, one thread or both back off on every
    // try: the livelock, cut off by the limit on tries.
    assert_eq!(
        outcomes,
        [
            "deadlocks = 0, gave up = 0",
            "deadlocks = 0, gave up = 1",
            "deadlocks = 0, gave up = 2"
        ]
    );
    let both = found
        .outcomes
        .keys()
        .find(|o| o.get("gave up") == Some(2))
        .expect("both give up");
    assert_eq!(found.outcomes[both].witness.preemptions(), Some(2));
    assert!(weak_only(&found).is_empty());
}

#[test]
fn one_lock_order_never_deadlocks() {
    assert_never_wrong(&every_execution(program("deadlock", Some("one-order"))));
}

#[test]
fn shuttle_dfs_agrees_on_the_deadlock_and_its_fix() {
    // About 100,000 schedules each: shuttle schedules every step of the
    // locks' own bookkeeping. Release build: under a second each.
    let buggy = under_shuttle_dfs(program("deadlock", None));
    let wrong = buggy.wrong();
    assert_eq!(wrong.len(), 1);
    assert_eq!(buggy.outcomes[wrong[0]].witness.preemptions(), Some(1));
    let fixed = under_shuttle_dfs(program("deadlock", Some("one-order")));
    assert!(fixed.wrong().is_empty());
}

#[test]
#[should_panic(expected = "breaks \"a reader that sees the flag sees the data\"")]
fn the_never_wrong_check_fails_on_relaxed_message_passing() {
    // The check the fixes pass is not vacuous: it fails, with the witness
    // as its message, on the buggy version.
    assert_never_wrong(&every_execution(program(
        "message-passing",
        Some("relaxed"),
    )));
}

#[test]
fn the_bank_loses_money_three_ways_each_after_one_preemption() {
    for (lesson, wrong) in [
        ("bank-withdraw", vec!["paid = 200, A = 0"]),
        (
            "bank-audit",
            vec!["audit = 190, total = 200", "audit = 210, total = 200"],
        ),
        ("bank-transfer", vec!["deadlocks = 1, total = 200"]),
    ] {
        let found = every_execution(program(lesson, None));
        let reached: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
        assert_eq!(reached, wrong, "{lesson}");
        for outcome in found.wrong() {
            assert_eq!(
                found.outcomes[outcome].witness.preemptions(),
                Some(1),
                "{lesson}"
            );
        }
        assert!(weak_only(&found).is_empty(), "{lesson}");
    }
}

#[test]
fn the_bank_fixes_keep_the_total_and_never_deadlock() {
    for (lesson, fix) in [
        ("bank-withdraw", "locked"),
        ("bank-audit", "locked-audit"),
        ("bank-transfer", "by-number"),
    ] {
        assert_never_wrong(&every_execution(program(lesson, Some(fix))));
    }
}

#[test]
fn shuttle_dfs_agrees_on_the_bank() {
    for (lesson, fix) in [
        ("bank-withdraw", "locked"),
        ("bank-audit", "locked-audit"),
        ("bank-transfer", "by-number"),
    ] {
        let buggy = under_shuttle_dfs(program(lesson, None));
        let loom = every_execution(program(lesson, None));
        let outcomes = |found: &Exploration| found.outcomes.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            outcomes(&buggy),
            outcomes(&loom),
            "{lesson}: the same outcomes"
        );
        let fixed = under_shuttle_dfs(program(lesson, Some(fix)));
        assert!(fixed.wrong().is_empty(), "{lesson}");
    }
}

#[test]
fn loom_and_shuttle_dfs_reach_the_same_outcomes_where_weak_memory_cannot_matter() {
    // loom's search has known gaps (loom issues 166 and 392); where memory
    // cannot be weak, shuttle-dfs's exhaustive schedules are the check.
    for (lesson, fix) in [("check-then-act", "swap"), ("deadlock", "one-order")] {
        for subject in [program(lesson, None), program(lesson, Some(fix))] {
            let loom = every_execution(subject);
            let shuttle = under_shuttle_dfs(subject);
            let outcomes = |found: &Exploration| found.outcomes.keys().cloned().collect::<Vec<_>>();
            assert_eq!(outcomes(&loom), outcomes(&shuttle), "{subject}");
        }
    }
}

#[test]
fn lazy_init_is_made_twice_after_one_preemption_and_once_under_a_lock() {
    let found = every_execution(program("lazy-init", Some("check-then-make")));
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(wrong, ["made = 2"]);
    assert_eq!(
        found.outcomes[found.wrong()[0]].witness.preemptions(),
        Some(1)
    );
    assert!(weak_only(&found).is_empty());
    assert_never_wrong(&every_execution(program("lazy-init", Some("once"))));
}

#[test]
fn a_relaxed_ready_flag_shows_the_value_unmade_only_under_weak_memory() {
    let found = every_execution(program("lazy-publish", Some("relaxed")));
    assert_eq!(weak_only(&found), ["ready = 1, value = 0"]);
    assert_never_wrong(&every_execution(program(
        "lazy-publish",
        Some("release-acquire"),
    )));
}

#[test]
fn a_bare_wait_misses_an_early_notify_with_no_preemption_at_all() {
    let found = every_execution(program("lost-wakeup", Some("bare-wait")));
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(wrong, ["woke = 0"]);
    assert_eq!(
        found.outcomes[found.wrong()[0]].witness.preemptions(),
        Some(0)
    );
    assert!(weak_only(&found).is_empty());
}

#[test]
fn a_check_outside_the_lock_misses_the_notify_after_one_preemption() {
    let found = every_execution(program("lost-wakeup", Some("check-outside")));
    assert_eq!(found.wrong().len(), 1);
    assert_eq!(
        found.outcomes[found.wrong()[0]].witness.preemptions(),
        Some(1)
    );
}

#[test]
fn waiting_in_a_loop_under_the_lock_always_wakes() {
    assert_never_wrong(&every_execution(program("lost-wakeup", Some("wait-while"))));
}

/// Every execution of the stolen wakeup with at most its bound of
/// preemptions: loom's full search of its three threads and main does not end.
fn bounded_executions(variant: &str) -> Exploration {
    let subject = program("stolen-wakeup", Some(variant));
    let found = model::loom(subject);
    println!(
        "{subject}, at most {} preemptions: {} executions in {:.1?}",
        subject.loom_preemptions().unwrap_or_default(),
        found.executions,
        found.elapsed
    );
    assert_eq!(
        found.search(),
        Search::Bounded(2),
        "a bounded search, run to its end"
    );
    found
}

#[test]
fn a_waiter_that_waits_once_takes_from_empty_after_one_preemption() {
    let found = bounded_executions("if-wait");
    let wrong: Vec<String> = found.wrong().iter().map(|o| o.to_string()).collect();
    assert_eq!(wrong, ["T1 took from empty = 1"]);
    assert_eq!(
        found.outcomes[found.wrong()[0]].witness.preemptions(),
        Some(1)
    );
    assert!(weak_only(&found).is_empty());
}

#[test]
fn a_waiter_that_waits_in_a_loop_never_takes_from_empty_up_to_three_preemptions() {
    assert_never_wrong(&bounded_executions("wait-while"));
    // One preemption further than `racelab explore` goes.
    let endings = Arc::new(Mutex::new(Vec::new()));
    let into = Arc::clone(&endings);
    let start = Instant::now();
    let fixed = program("stolen-wakeup", Some("wait-while"));
    let explored = explore_loom_within(Some(3), Budget::default(), move || {
        let observed = fixed.run(Checker::Loom);
        into.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(observed);
    });
    let endings = endings.lock().unwrap_or_else(PoisonError::into_inner);
    println!(
        "stolen-wakeup (wait-while), at most 3 preemptions: {} executions in {:.1?}",
        explored.executions,
        start.elapsed()
    );
    assert!(!explored.stopped && explored.executions == endings.len());
    assert!(endings.iter().all(|observed| fixed.correct(observed)));
}

#[test]
fn an_unsynchronized_write_and_read_race_in_every_execution_and_the_fixes_never() {
    let found = every_execution(program("data-race", Some("unsynchronized")));
    assert!(found.executions > 0);
    assert!(
        found
            .outcomes
            .keys()
            .all(|outcome| outcome.get("data race") == Some(1)),
        "every execution races"
    );
    for outcome in found.wrong() {
        let marks = &found.outcomes[outcome].witness.drawing.marks;
        let race = marks.race.expect("the witness names the race");
        let steps = found.outcomes[outcome].witness.drawing.trace.steps();
        assert_ne!(
            steps[race.first].thread, steps[race.second].thread,
            "both accesses named"
        );
    }
    for variant in ["mutex", "release-acquire"] {
        assert_never_wrong(&every_execution(program("data-race", Some(variant))));
    }
}

#[test]
fn the_back_off_sentences_hold_in_every_execution_where_a_thread_gave_up() {
    // "Both threads gave up: each time one tried its second lock, the other
    // held it. No thread waited and no cycle of waits formed." and "One
    // thread found its second lock held by the other on each of its tries."
    let found = Arc::new(Mutex::new(Vec::new()));
    let into = Arc::clone(&found);
    let start = Instant::now();
    let back_off = program("deadlock", Some("back-off"));
    let explored = explore_loom_within(None, Budget::default(), move || {
        trace::start();
        let observed = back_off.run(Checker::Loom);
        let trace = trace::finish();
        if observed.get("gave up").unwrap_or(0) > 0 {
            into.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((observed, trace));
        }
    });
    let found = found.lock().unwrap_or_else(PoisonError::into_inner);
    println!(
        "deadlock (back-off), the notes' check: {} executions in {:.1?}",
        explored.executions,
        start.elapsed()
    );
    assert!(!explored.stopped);
    let mut both = 0;
    for (observed, trace) in found.iter() {
        let steps = trace.steps();
        let failed: Vec<usize> = (0..steps.len())
            .filter(|&i| matches!(steps[i].action, Action::TryLockFailed { .. }))
            .collect();
        for &i in &failed {
            let Action::TryLockFailed { lock } = steps[i].action else {
                unreachable!()
            };
            let holder = trace
                .holder(i, lock)
                .expect("a failed try_lock found it held");
            assert_ne!(
                holder, steps[i].thread,
                "{observed}: held by the other thread"
            );
        }
        let failures = |thread: usize| {
            failed
                .iter()
                .filter(|&&i| steps[i].thread == thread)
                .count()
        };
        match observed.get("gave up") {
            Some(2) => {
                both += 1;
                assert!(
                    steps.iter().all(|step| !matches!(
                        step.action,
                        Action::Waits { .. }
                            | Action::Deadlock { .. }
                            | Action::Lock { tried: true, .. }
                    )),
                    "{observed}: nobody waited, and no try succeeded"
                );
            }
            Some(1) => assert!(
                [1, 2].into_iter().any(|thread| failures(thread) == 2),
                "{observed}: one thread failed on each of its two tries"
            ),
            other => panic!("gave up = {other:?}"),
        }
    }
    assert!(both > 0, "loom reaches both giving up");
}
