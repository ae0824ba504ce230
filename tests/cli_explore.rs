//! The claims `racelab explore` and `racelab replay` print, checked on the
//! library and on the command itself (2 threads × 1 increment: milliseconds).

mod common;

use common::{counter, lowest_lost, racelab};
use std::time::Duration;

use racelab::counter::counting;
use racelab::explore::{model, Exploration};
use racelab::scenario::Checker;
use racelab::sync::{explore_loom_within, explore_shuttle_steps_within, Budget, ShuttleScheduler};

fn table_total(exploration: &Exploration) -> usize {
    exploration.outcomes.values().map(|o| o.executions).sum()
}

#[test]
fn racy_table_totals_match_the_executions_loom_reports() {
    let racy = counter("racy", 2, 1);
    let exploration = model::loom(racy);
    let explored = explore_loom_within(None, Budget::default(), move || {
        racy.run(Checker::Loom);
    });
    assert_eq!(table_total(&exploration), explored.executions);
    assert_eq!(exploration.executions, explored.executions);
    assert!(!explored.stopped);
}

#[test]
fn racy_table_totals_match_the_schedules_shuttle_dfs_reports() {
    let racy = counter("racy", 2, 1);
    let exploration = model::shuttle(racy, ShuttleScheduler::Dfs);
    let (schedules, explored) = explore_shuttle_steps_within(None, Budget::default(), move || {
        racelab::trace::start();
        racy.run(Checker::Shuttle);
        racelab::trace::finish();
    });
    assert_eq!(table_total(&exploration), schedules.len());
    assert_eq!(exploration.executions, explored.executions);
}

#[test]
fn racy_and_split_lock_say_one_preemption_on_loom_and_on_shuttle_dfs() {
    for scenario in ["racy", "split-lock"] {
        for engine in ["loom", "shuttle-dfs"] {
            let (code, out, _) = racelab(&["explore", scenario, "--engine", engine]);
            assert_eq!(code, 0);
            assert!(
                out.contains("ends this way: 1\npreemption."),
                "{scenario} on {engine}:\n{out}"
            );
            assert!(out.contains("1 update lost; needs 1 preemption"), "{out}");
        }
    }
}

#[test]
fn nothing_printed_about_the_counters_blames_weak_memory_or_stale_reads() {
    for scenario in ["racy", "split-lock"] {
        let (_, out, _) = racelab(&["explore", scenario, "--threads", "2", "--increments", "2"]);
        let before_legend = out.split("Words used above").next().unwrap_or_default();
        let before_legend = before_legend
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!before_legend.contains("stale"), "{before_legend}");
        assert!(
            !before_legend.contains("only under weak memory"),
            "{before_legend}"
        );
        assert!(
            before_legend.contains("none needs weak memory"),
            "{before_legend}"
        );
    }
}

#[test]
fn racy_witness_is_the_textbook_interleaving_on_both_engines() {
    for exploration in [
        model::loom(counter("racy", 2, 1)),
        model::shuttle(counter("racy", 2, 1), ShuttleScheduler::Dfs),
    ] {
        let lowest = lowest_lost(&exploration).expect("a lost update");
        let outcome = &exploration.outcomes[&counting::observed(lowest)];
        let drawing = &outcome.witness.drawing;
        let workers: Vec<_> = drawing
            .trace
            .steps()
            .iter()
            .filter(|step| step.thread != 0)
            .collect();
        let kinds: Vec<&str> = workers
            .iter()
            .map(|step| match step.action {
                racelab::trace::Action::Read { .. } => "read",
                racelab::trace::Action::Write { .. } => "write",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            ["read", "read", "write", "write"],
            "both read, then both write"
        );
        assert_ne!(workers[0].thread, workers[1].thread);
        assert_eq!(
            workers[0].thread, workers[3].thread,
            "the first reader writes last"
        );
    }
}

#[test]
fn a_printed_schedule_replays_its_lost_update() {
    let exploration = model::shuttle(counter("racy", 2, 1), ShuttleScheduler::Dfs);
    let lowest = lowest_lost(&exploration).expect("shuttle finds the lost update");
    let outcome = &exploration.outcomes[&counting::observed(lowest)];
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
    let racy = counter("racy", 2, 1);
    let explored = explore_loom_within(None, budget, move || {
        racy.run(Checker::Loom);
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
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("correct"));
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

#[test]
fn a_time_limit_bounds_the_whole_command_and_says_it_is_a_sample() {
    let start = std::time::Instant::now();
    let (code, out, _) = racelab(&[
        "explore",
        "racy",
        "--threads",
        "4",
        "--increments",
        "3",
        "--max-time",
        "1",
    ]);
    assert_eq!(code, 0);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert!(out.contains("a sample, not a proof"), "{out}");
    assert!(!out.contains("only under weak memory"), "{out}");
}

#[test]
fn explain_prints_the_legend() {
    let (code, out, _) = racelab(&["explore", "--explain"]);
    assert_eq!(code, 0);
    for word in [
        "interleaving:",
        "preemption:",
        "reads-from:",
        "weak memory:",
    ] {
        assert!(out.contains(word), "{out}");
    }
}

#[test]
fn the_readme_shows_the_trace_racelab_prints() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("## How to read a trace\n\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a trace under 'How to read a trace'");
    let witness = printed_witness(
        &["explore", "racy", "--engine", "shuttle-dfs"],
        "lost update:",
    );
    assert_eq!(section.trim_end(), witness);
}

/// What `args` prints from the witness headed `headline` to the legend.
fn printed_witness(args: &[&str], headline: &str) -> String {
    let (code, out, err) = racelab(args);
    assert_eq!(code, 0, "{err}");
    let before_legend = out.split("Words used above").next().unwrap_or_default();
    let at = before_legend.find(headline).expect("a witness");
    before_legend[at..].trim_end().to_string()
}

/// The schedule in an output's "Replay its schedule:" command.
fn printed_schedule(out: &str, name: &str) -> String {
    let line = format!("Replay its schedule:\n  racelab replay {name} ");
    let start = out.find(&line).expect("the witness has a replay line") + line.len();
    out[start..]
        .split_whitespace()
        .next()
        .expect("a schedule follows")
        .to_string()
}

#[test]
fn a_sampled_witness_replays_from_the_schedule_it_printed() {
    // PCT's schedules carry a 64-bit seed, the longest header shuttle writes.
    for (name, extra, headline) in [
        ("racy", &[][..], "lost update: expected 2, got 1"),
        (
            "check-then-act",
            &["--variant", "check-then-act"][..],
            "winners = 2: breaks \"exactly one thread wins\"",
        ),
    ] {
        let mut args = vec!["explore", name, "--engine", "shuttle-pct"];
        args.extend(extra);
        let (code, out, err) = racelab(&args);
        assert_eq!(code, 0, "{err}");
        let schedule = printed_schedule(&out, name);
        let mut replay = vec!["replay", name, &schedule];
        replay.extend(extra);
        let (code, out, err) = racelab(&replay);
        assert_eq!(code, 0, "{name} {schedule}: {err}");
        assert!(out.starts_with(headline), "{name}:\n{out}");
    }
}

#[test]
fn the_readme_holds_the_list_racelab_prints() {
    let readme = include_str!("../README.md");
    let (code, table, err) = racelab(&["list", "--markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        readme.contains(&table),
        "the README's table is not what `racelab list --markdown` prints:\n{table}"
    );
}

#[test]
fn the_readme_shows_the_racy_cancel_witness_racelab_prints() {
    let readme = include_str!("../README.md");
    let witness = printed_witness(&["explore", "racy-cancel"], "double win:");
    assert!(
        readme.contains(&witness),
        "README's racy-cancel witness differs from:\n{witness}"
    );
}
