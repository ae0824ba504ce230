//! Checks shared by the test files and the loom proofs.

#![allow(dead_code)] // each test file uses its own share of these

pub mod rc11;
pub mod truth;

use std::process::Command;

use racelab::explore::report::{brief, report, Format};
use racelab::explore::{Counting, Exploration};

/// Prints the outcome table, and passes only if no execution lost an update.
///
/// On failure the message is the witness trace, headline first
/// ("lost update: expected 2, got 1"), so the test output shows the bug.
pub fn assert_never_loses_updates(exploration: &Exploration<Counting>) {
    assert!(exploration.executions > 0, "the checker ran no execution");
    if exploration.lost_update().is_some() {
        panic!("{}", report(exploration, Format::Text));
    }
    println!("{}", brief(exploration));
    assert!(exploration.always_exact(), "{}", brief(exploration));
}

/// Prints the outcome table and the witness, and passes only if some
/// execution ended below threads × increments. Returns the lowest count.
pub fn assert_finds_lost_update(exploration: &Exploration<Counting>) -> u64 {
    if exploration.lost_update().is_none() {
        panic!("no execution lost an update:\n{}", brief(exploration));
    }
    println!("{}", brief(exploration));
    let (count, _) = exploration.lost_update().expect("a witness has a count");
    assert!(count < exploration.expected());
    count
}

/// The outcome counts add up to the executions the checker reported.
pub fn assert_outcomes_add_up(exploration: &Exploration<Counting>) {
    let total: usize = exploration.outcomes.values().map(|o| o.executions).sum();
    assert_eq!(total, exploration.executions, "{}", brief(exploration));
}

/// Runs the `racelab` binary with `args`: its exit code, stdout and stderr.
pub fn racelab(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_racelab"))
        .args(args)
        .output()
        .expect("the racelab binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
