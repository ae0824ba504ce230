//! What `racelab explore --engine threads` says when no run broke the
//! contract comes from loom, never from the version's label. Real threads
//! decide nothing here: the bugs' explorations ran no run at all (a run
//! might break the contract, and then there is nothing to say), the fixes'
//! a few, which cannot break it.

mod common;

use common::{program, text};
use racelab::explore::model::{self, Watch};
use racelab::explore::{check_on_loom, Exploration, LoomCheck, Search};
use racelab::sync::{Budget, Engine};

/// `name`'s `variant`, run on real threads `runs` times, with loom's answer.
fn unbroken(name: &str, variant: &str, runs: usize) -> (Exploration, LoomCheck) {
    let subject = program(name, Some(variant));
    let mut exploration = model::run(subject, &Engine::Threads { runs }, &Watch::default());
    let check = check_on_loom(&exploration, Budget::default()).expect("nothing broke");
    exploration.loom_check = Some(check);
    (exploration, check)
}

#[test]
fn loom_says_which_bugs_need_weak_memory_and_which_are_message_passing() {
    let (_, check) = unbroken("message-passing", "relaxed", 0);
    assert_eq!(check.search, Search::Complete);
    assert_eq!(check.wrong, 1);
    assert!(check.weak_only && check.seen_then_missed);
    // Store buffering's bug needs weak memory too, but no message passing.
    let (_, check) = unbroken("store-buffering", "relaxed", 0);
    assert!(check.weak_only && !check.seen_then_missed);
}

#[test]
fn a_bug_that_needs_no_weak_memory_is_one_of_timing() {
    let (_, check) = unbroken("check-then-act", "check-then-act", 0);
    assert!(check.wrong > 0 && !check.weak_only && !check.seen_then_missed);
}

#[test]
fn a_fix_is_proven_by_loom_not_by_the_runs() {
    let (exploration, check) = unbroken("check-then-act", "swap", 5);
    assert_eq!((check.wrong, check.search), (0, Search::Complete));
    let said = text(&exploration).replace('\n', " ");
    assert!(
        said.contains("Runs on real threads prove nothing either way"),
        "{said}"
    );
    assert!(
        said.contains("loom finds no execution that breaks it"),
        "{said}"
    );
}
