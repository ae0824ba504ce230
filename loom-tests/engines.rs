//! loom and shuttle-dfs, checked against each other: wherever weak memory
//! cannot matter, every behaviour loom finds, shuttle-dfs finds too, and
//! the behaviours loom's search skips (its known gaps, loom issues 166 and
//! 392) are each named in `racelab explore`'s report.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_engines -- --nocapture`.
//! Cost, release build on 2 cores: about 20 s, most of it the deadlock's
//! back-off version (50,349 loom executions).

#![cfg(loom)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;

use racelab::explore::{compare, model, Comparison, Exploration};
use racelab::scenario::{self, Observed, Program, Size};
use racelab::sync::{Budget, ShuttleScheduler};
use racelab::trace::{Order, Step};

/// Every version of every scenario, the counters at 2 × 1 and 2 × 2.
fn programs() -> Vec<Program> {
    let mut programs = Vec::new();
    for &scenario in scenario::ALL {
        let sizes: &[Size] = if scenario.about().sized {
            &[Size::new(2, 1), Size::new(2, 2)]
        } else {
            &[Size::SMALLEST]
        };
        for &size in sizes {
            for version in 0..scenario.variants().len() {
                programs.push(Program {
                    scenario,
                    version,
                    size,
                });
            }
        }
    }
    programs
}

#[test]
fn shuttle_dfs_finds_every_behaviour_loom_finds_and_the_report_names_what_loom_skips() {
    let mut compared = 0;
    let mut gaps = Vec::new();
    for program in programs() {
        let mut loom = model::loom(program);
        let Some(comparison) = compare(&loom, Budget::default()) else {
            continue;
        };
        compared += 1;
        let Comparison {
            missed_here,
            missed_there,
            ..
        } = &comparison;
        assert!(
            missed_there.is_empty(),
            "{program}: shuttle-dfs missed {} behaviours loom found",
            missed_there.len()
        );
        for missed in missed_here {
            gaps.push(format!("{program}: {}", missed.observed));
        }
        loom.comparison = Some(comparison.clone());
        let text = common::text(&loom);
        for missed in missed_here.iter().take(3) {
            let outcome = program.outcome(&missed.observed);
            let outcome = if outcome.contains('=') {
                format!("Ending {outcome}:")
            } else {
                format!("Ending {} = {outcome}:", program.about().outcome)
            };
            assert!(
                text.contains(&outcome),
                "{program}: {outcome} not named:\n{text}"
            );
        }
        if missed_here.is_empty() {
            assert!(text.contains("finds the same"), "{program}:\n{text}");
        } else {
            assert_both_engines_sum(program, &loom, &text);
        }
    }
    println!("compared {compared} programs; loom skipped:");
    for gap in &gaps {
        println!("  {gap}");
    }
    assert!(compared > 20, "only {compared} programs could be compared");
}

/// The report's sum of both engines' behaviours ("the two engines found M
/// between them: K keep the contract and B break it") is the union of the
/// two searches' behaviours, counted here from shuttle-dfs's own run.
fn assert_both_engines_sum(program: Program, loom: &Exploration, text: &str) {
    let shuttle = model::shuttle(program, ShuttleScheduler::Dfs);
    let mut union: HashMap<&Vec<Step>, &Observed> = HashMap::new();
    for exploration in [loom, &shuttle] {
        for (shape, behaviour) in exploration.behaviour_shapes() {
            if !matches!(behaviour.drawing.order, Order::Forbidden) {
                union.insert(shape, &behaviour.observed);
            }
        }
    }
    let keep = union.values().filter(|o| program.correct(o)).count();
    let break_ = union.len() - keep;
    let sentence = format!(
        "found {} between them: {keep} {} the contract and {break_} {} it.",
        union.len(),
        if keep == 1 { "keeps" } else { "keep" },
        if break_ == 1 { "breaks" } else { "break" },
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&sentence),
        "{program}: no {sentence:?} in:\n{text}"
    );
}

/// The stolen wakeup is the one program whose searches are bounded: within
/// the same bound of 2 preemptions, shuttle-dfs finishes, finds the bug with
/// as few preemptions as loom does, and finds none in the fix.
#[test]
fn within_the_stolen_wakeups_bound_shuttle_dfs_finishes_and_agrees_with_loom() {
    use racelab::explore::Search;
    use racelab::sync::Engine;
    let scenario = scenario::find("stolen-wakeup").expect("the stolen wakeup");
    for (version, breaks) in [(0, true), (1, false)] {
        let program = Program {
            scenario,
            version,
            size: Size::SMALLEST,
        };
        let loom = model::loom(program);
        let shuttle = model::shuttle(program, ShuttleScheduler::Dfs);
        assert_eq!(shuttle.engine, Engine::SHUTTLE_DFS);
        for found in [&loom, &shuttle] {
            assert_eq!(found.search(), Search::Bounded(2), "{program}");
            assert_eq!(!found.wrong().is_empty(), breaks, "{program}");
        }
        for observed in loom.wrong() {
            assert_eq!(
                shuttle.fewest(observed),
                loom.fewest(observed),
                "{program}: {observed}"
            );
        }
    }
}
