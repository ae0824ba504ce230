//! Checks shared by the test files and the loom proofs.

#![allow(dead_code)] // each test file uses its own share of these

pub mod rc11;
pub mod truth;

use std::process::Command;

use racelab::counter::counting;
use racelab::explore::report::{brief, report, Format, Hint};
use racelab::explore::Exploration;
use racelab::scenario::{self, Program, Size};

/// The scenario called `name`, in its version `variant` (its bug if
/// `None`), at the smallest size.
pub fn program(name: &str, variant: Option<&str>) -> Program {
    let scenario = scenario::find(name).unwrap_or_else(|| panic!("no scenario {name}"));
    Program::named(scenario, variant, Size::SMALLEST).unwrap_or_else(|why| panic!("{why}"))
}

/// The counter called `name`, `threads` × `increments`.
pub fn counter(name: &str, threads: usize, increments: u64) -> Program {
    let scenario = scenario::find(name).unwrap_or_else(|| panic!("no counter {name}"));
    Program::named(scenario, None, Size::new(threads, increments)).expect("a counter")
}

/// The report's text, its hints in words, at 80 columns.
pub fn text(exploration: &Exploration) -> String {
    report(exploration, Format::Text, &Hint::words, 80)
}

/// The report's text without the words at its end.
pub fn brief_text(exploration: &Exploration) -> String {
    brief(exploration, &Hint::words, 80)
}

/// The lowest count a counter's exploration reached below the exact one.
pub fn lowest_lost(exploration: &Exploration) -> Option<u64> {
    exploration.wrong().into_iter().map(counting::count).min()
}

/// Prints the outcome table, and passes only if no execution lost an update.
///
/// On failure the message is the witness trace, headline first
/// ("lost update: expected 2, got 1"), so the test output shows the bug.
pub fn assert_never_loses_updates(exploration: &Exploration) {
    assert!(exploration.executions > 0, "the checker ran no execution");
    if !exploration.wrong().is_empty() {
        panic!("{}", text(exploration));
    }
    println!("{}", brief_text(exploration));
}

/// Prints the outcome table and the witness, and passes only if some
/// execution ended below threads × increments. Returns the lowest count.
pub fn assert_finds_lost_update(exploration: &Exploration) -> u64 {
    let Some(count) = lowest_lost(exploration) else {
        panic!("no execution lost an update:\n{}", brief_text(exploration));
    };
    println!("{}", brief_text(exploration));
    assert!(count < counting::expected(exploration.program.size));
    count
}

/// The outcome counts, and the forbidden executions, add up to the
/// executions the checker reported.
pub fn assert_outcomes_add_up(exploration: &Exploration) {
    let total: usize = exploration.outcomes.values().map(|o| o.executions).sum();
    assert_eq!(
        total + exploration.forbidden.executions,
        exploration.executions,
        "{}",
        brief_text(exploration)
    );
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

/// A refusal's one sentence, its lines (at most 80 columns, the later ones
/// indented) joined again: checks that it is one sentence that fits.
pub fn refusal(err: &str) -> String {
    assert!(err.starts_with("racelab: "), "{err}");
    for (n, line) in err.lines().enumerate() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
        assert_eq!(n > 0, line.starts_with("  "), "a second sentence: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    err.split_whitespace().collect::<Vec<_>>().join(" ")
}
