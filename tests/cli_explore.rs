//! The claims `racelab explore` and `racelab replay` print, checked on the
//! library and on the command itself (2 threads × 1 increment: milliseconds).

mod common;

use common::racelab;
use std::time::Duration;

use racelab::explore::report::{report, Format};
use racelab::explore::{model, Exploration, Scenario};
use racelab::sync::{
    explore_loom_within, explore_shuttle_within, Budget, Loom, Shuttle, ShuttleScheduler,
};
use racelab::trace::Action;

fn table_total(exploration: &Exploration) -> usize {
    exploration.outcomes.values().map(|o| o.executions).sum()
}

#[test]
fn racy_table_totals_match_the_executions_loom_reports() {
    let exploration = model::loom(Scenario::Racy, 2, 1, None);
    let explored = explore_loom_within(None, Budget::default(), || {
        Scenario::Racy.run_model::<Loom>(2, 1);
    });
    assert_eq!(table_total(&exploration), explored.executions);
    assert_eq!(exploration.executions, explored.executions);
    assert!(!explored.stopped);
}

#[test]
fn racy_table_totals_match_the_schedules_shuttle_dfs_reports() {
    let exploration = model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs);
    let (schedules, explored) =
        explore_shuttle_within(&ShuttleScheduler::Dfs, Budget::default(), || {
            Scenario::Racy.run_model::<Shuttle>(2, 1);
        });
    assert_eq!(table_total(&exploration), schedules.len());
    assert_eq!(exploration.executions, explored.executions);
}

#[test]
fn split_lock_witness_needs_exactly_one_preemption() {
    let exploration = model::loom(Scenario::SplitLock, 2, 1, None)
        .with_fewest_preemptions(3, &Default::default());
    assert_eq!(exploration.fewest[&1].preemptions, 1);
    let (code, out, _) = racelab(&["explore", "split-lock"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Fewest preemptions: 1. None with fewer exists"),
        "{out}"
    );
}

#[test]
fn racy_loses_an_update_under_loom_with_zero_preemptions_through_a_stale_read() {
    let exploration =
        model::loom(Scenario::Racy, 2, 1, None).with_fewest_preemptions(3, &Default::default());
    assert_eq!(exploration.fewest[&1].preemptions, 0);
    let text = report(&exploration, Format::Text);
    assert!(text.contains("(stale)"), "{text}");
}

#[test]
fn racy_witness_under_shuttle_is_the_textbook_interleaving() {
    let exploration = model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs);
    let (_, outcome) = exploration
        .lost_update()
        .expect("shuttle finds the lost update");
    let workers: Vec<_> = outcome
        .witness
        .trace
        .steps()
        .iter()
        .filter(|step| step.thread != 0)
        .collect();
    let actions: Vec<Action> = workers.iter().map(|step| step.action).collect();
    assert_eq!(
        actions,
        [
            Action::Read { value: 0 },
            Action::Read { value: 0 },
            Action::Write { value: 1 },
            Action::Write { value: 1 },
        ],
        "both read, then both write"
    );
    assert_ne!(
        workers[0].thread, workers[1].thread,
        "the two reads are by different threads"
    );
}

#[test]
fn a_printed_schedule_replays_its_lost_update() {
    let exploration = model::shuttle(Scenario::Racy, 2, 1, &ShuttleScheduler::Dfs);
    let (_, outcome) = exploration
        .lost_update()
        .expect("shuttle finds the lost update");
    let schedule = outcome
        .witness
        .schedule
        .clone()
        .expect("shuttle keeps schedules");
    let (code, out, _) = racelab(&["replay", "racy", &schedule]);
    assert_eq!(code, 0);
    assert!(out.starts_with("lost update: expected 2, got 1"), "{out}");
}

#[test]
fn a_budget_stops_an_exploration_and_says_so() {
    let budget = Budget {
        executions: Some(5),
        time: Some(Duration::from_secs(60)),
    };
    let explored = explore_loom_within(None, budget, || {
        Scenario::Racy.run_model::<Loom>(2, 1);
    });
    assert_eq!(explored.executions, 5);
    assert!(explored.stopped);
}

#[test]
fn svg_and_html_are_documents() {
    let (code, svg, _) = racelab(&[
        "explore",
        "racy",
        "--engine",
        "shuttle-dfs",
        "--format",
        "svg",
    ]);
    assert_eq!(code, 0);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let (code, html, _) = racelab(&["explore", "mutex", "--format", "html"]);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("acceptable"));
}

#[test]
fn the_grow_table_runs_with_tiny_limits() {
    let (code, out, _) = racelab(&[
        "explore",
        "racy",
        "--grow",
        "--grow-threads",
        "2",
        "--grow-increments",
        "1",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("loom") && out.contains("shuttle-dfs"), "{out}");
}
