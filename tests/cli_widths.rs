//! Every output fits in 80 columns when it goes to no terminal: the help,
//! the list, the legend, the tour's lessons, count's report. (The explore
//! reports are checked in `cli_snapshots.rs` and over every scenario in
//! `loom-tests/reports.rs`.) A word too long to cut, a schedule to copy,
//! may stand alone on a longer line.

mod common;

use common::racelab;

fn assert_fits(args: &[&str]) {
    let (code, out, err) = racelab(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    assert!(!out.is_empty(), "{args:?} printed nothing");
    for line in out.lines().chain(err.lines()) {
        let fits = line.chars().count() <= 80 || line.split_whitespace().count() == 1;
        assert!(fits, "{args:?}: wider than 80 columns: {line}");
    }
}

#[test]
fn every_help_fits() {
    assert_fits(&["--help"]);
    for command in [
        "tour", "count", "explore", "list", "play", "replay", "sweep",
    ] {
        assert_fits(&[command, "--help"]);
    }
}

#[test]
fn the_list_and_the_legend_fit() {
    assert_fits(&["list"]);
    assert_fits(&["explore", "--explain"]);
}

#[test]
fn the_tours_words_fit() {
    // Lesson 2 panics on purpose, lesson 5 draws a trace, lesson 9 lists
    // the catalogue: the lessons with the longest lines.
    for lesson in ["2", "5", "9"] {
        assert_fits(&["tour", "--lesson", lesson]);
    }
}

#[test]
fn counts_report_fits() {
    assert_fits(&["count", "--threads", "2", "--increments", "1000"]);
}

#[test]
fn every_games_scripted_ending_fits() {
    // Each game's fewest-preemption solution, and the longer ways that once
    // needed up to 101 columns.
    let mut plays: Vec<Vec<String>> = Vec::new();
    for subject in racelab::play::buggy() {
        let Ok(game) = racelab::play::Game::new(subject) else {
            continue; // too many orders for a game: the stolen wakeup
        };
        let name = subject.about().name.to_string();
        let moves = game.solution().expect("a way to the bug").join(",");
        plays.push(vec![name, moves]);
    }
    for (name, moves) in [
        ("lazy-init", "1,1,2,1,2,2"),
        ("check-then-act", "1,2,1,2"),
        ("bank-withdraw", "1,2,2,1"),
        ("bank-audit", "1,1,1,1,2,2,1,1,1,1"),
    ] {
        plays.push(vec![name.to_string(), moves.to_string()]);
    }
    for play in plays {
        assert_fits(&["play", &play[0], "--moves", &play[1]]);
    }
}
