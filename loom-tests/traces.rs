//! Every drawn trace of the two racy counters tells the truth, over every
//! execution loom and shuttle-dfs explore at 2 × 1, 2 × 2 and 3 × 1.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_traces -- --nocapture`.
//! For each execution: every read names the write it saw; the drawing is an
//! interleaving of whole steps in which every read sees the newest write (so
//! no counter's execution needs weak memory); no thread goes back in the
//! count's order of writes; the updates named lost are exactly expected −
//! got; and both engines agree on the fewest preemptions of every count.
//!
//! Cost, release build on 2 cores: shuttle-dfs of split-lock 3 × 1 is about
//! six million schedules, about a minute; everything else takes seconds.
//! Each test prints executions, distinct shapes checked, and time.

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::counter;
use common::truth::{under_loom, under_shuttle_dfs};

fn both_engines_tell_the_truth(scenario: &str, threads: usize, increments: u64) {
    let start = Instant::now();
    let loom = under_loom(counter(scenario, threads, increments));
    let loom_time = start.elapsed();
    let start = Instant::now();
    let shuttle = under_shuttle_dfs(counter(scenario, threads, increments));
    println!(
        "{scenario} {threads}×{increments}: loom {} executions ({} shapes) in {loom_time:.1?}; \
         shuttle-dfs {} schedules ({} shapes) in {:.1?}; fewest preemptions by count {:?}",
        loom.executions,
        loom.shapes,
        shuttle.executions,
        shuttle.shapes,
        start.elapsed(),
        loom.fewest
    );
    assert_eq!(loom.fewest, shuttle.fewest, "both engines agree");
    assert!(loom.fewest.len() > 1, "the racy counters lose updates");
}

#[test]
fn racy_traces_are_true_2x1() {
    both_engines_tell_the_truth("racy", 2, 1);
}

#[test]
fn racy_traces_are_true_2x2() {
    both_engines_tell_the_truth("racy", 2, 2);
}

#[test]
fn racy_traces_are_true_3x1() {
    both_engines_tell_the_truth("racy", 3, 1);
}

#[test]
fn split_lock_traces_are_true_2x1() {
    both_engines_tell_the_truth("split-lock", 2, 1);
}

#[test]
fn split_lock_traces_are_true_2x2() {
    both_engines_tell_the_truth("split-lock", 2, 2);
}

#[test]
fn split_lock_traces_are_true_3x1() {
    both_engines_tell_the_truth("split-lock", 3, 1);
}
