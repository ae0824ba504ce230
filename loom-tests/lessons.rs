//! The claims about memory orderings a learner would write first, each
//! false under weak memory: run them on purpose and read the trace that
//! disproves each.
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test --release --test loom_lessons -- --ignored
//! ```
//!
//! Each test asks loom for every execution of a buggy program and asserts
//! that the contract always holds, as a learner's own loom test would; the
//! failure message is racelab's report, the witness drawn and its stale read
//! named. That each of these bugs is found is checked, not ignored, in
//! `catalogue.rs`.

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::{program, text};
use racelab::explore::model;

/// Asserts that no execution of scenario `name`'s first version breaks its
/// contract: false for each below, and the report says why.
fn always_keeps_its_contract(name: &str) {
    let found = model::loom(program(name, None));
    assert!(found.wrong().is_empty(), "\n{}", text(&found));
}

#[test]
#[ignore = "fails on purpose: a Relaxed flag does not carry the data with it"]
fn a_reader_that_sees_the_flag_sees_the_data() {
    always_keeps_its_contract("message-passing");
}

#[test]
#[ignore = "fails on purpose: each thread's store may be buffered past its load"]
fn one_of_two_threads_always_sees_the_others_store() {
    always_keeps_its_contract("store-buffering");
}

#[test]
#[ignore = "fails on purpose: a Relaxed ready flag may be seen before the value"]
fn a_value_published_with_a_ready_flag_is_seen_once_ready() {
    always_keeps_its_contract("lazy-publish");
}

#[test]
#[ignore = "fails on purpose: with Release/Acquire, each thread may miss the other's flag"]
fn petersons_lock_lets_one_thread_in_at_a_time() {
    always_keeps_its_contract("peterson");
}
