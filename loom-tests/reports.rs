//! Every report's claims against the facts computed beside it: every
//! scenario × version × engine, at its smallest size and, for the counters,
//! a larger one. A sampler or a stopped search never says "needs at least"
//! or "proof"; the counts in the sentences are the table's; "only under weak
//! memory" appears exactly for the outcomes that need it; every line fits
//! in 80 columns.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_reports -- --nocapture`.

#![cfg(loom)]

use std::time::Duration;

#[path = "../tests/common/mod.rs"]
mod common;

use racelab::explore::model::{self, Watch};
use racelab::explore::report::{report, Format, Hint};
use racelab::explore::{check_on_loom, compare, Exploration, Search};
use racelab::scenario::{Program, Size, ALL};
use racelab::sync::{Budget, Engine, ShuttleScheduler};

/// The engines a learner can pick, with fixed seeds and few runs.
fn engines() -> Vec<Engine> {
    vec![
        Engine::Loom,
        Engine::SHUTTLE_DFS,
        Engine::Shuttle(ShuttleScheduler::Pct {
            seed: 1,
            depth: 3,
            runs: 30,
        }),
        Engine::Shuttle(ShuttleScheduler::Random { seed: 1, runs: 30 }),
        Engine::Threads { runs: 20 },
    ]
}

/// Every program: each version of each scenario, the counters also at 2 × 2.
fn programs() -> Vec<Program> {
    let mut programs = Vec::new();
    for &scenario in ALL {
        let mut sizes = vec![Size::SMALLEST];
        if scenario.about().sized {
            sizes.push(Size::new(2, 2));
        }
        for size in sizes {
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

/// `program` on `engine`, as `racelab explore` runs it, with a budget.
fn explored(program: Program, engine: &Engine) -> Option<Exploration> {
    if matches!(engine, Engine::Threads { .. }) && program.stress(0).is_err() {
        return None; // refused on real threads, with a reason
    }
    let budget = Budget {
        executions: None,
        time: Some(Duration::from_secs(4)),
    };
    let watch = Watch {
        budget,
        on_execution: None,
    };
    let mut exploration = model::run(program, engine, &watch);
    exploration.comparison = compare(&exploration, budget);
    exploration.loom_check = check_on_loom(&exploration, budget);
    Some(exploration)
}

/// The numbers in "Found N behaviours: A keep … (the contract), and B
/// break it": the contract may hold numbers of its own, so each number is
/// read where the sentence puts it.
fn found_sentence(text: &str) -> Option<(usize, usize, usize)> {
    let joined = text.replace('\n', " ");
    let number = |word: &str| word.replace(',', "").parse::<usize>().ok();
    let after = &joined[joined.find("Found ")? + "Found ".len()..];
    let found = number(after.split(' ').next()?)?;
    let after = &after[after.find(": ")? + 2..];
    let keep = number(after.split(' ').next()?)?;
    let end = ["break it.", "breaks it."]
        .iter()
        .filter_map(|tail| after.find(tail))
        .min()?;
    let broke = number(after[..end].trim_end().rsplit(' ').next()?)?;
    Some((found, keep, broke))
}

fn check(exploration: &Exploration, text: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut claim = |holds: bool, what: &str| {
        if !holds {
            wrong.push(what.to_string());
        }
    };
    let joined = text.replace('\n', " ");
    for line in text.lines() {
        // A word longer than a line (a long schedule to copy) cannot be cut.
        let one_word = line.split_whitespace().count() == 1;
        claim(
            line.chars().count() <= 80 || one_word,
            &format!("too wide: {line}"),
        );
    }
    let search = exploration.search();
    let complete = search == Search::Complete;
    // The claims only a complete search may make.
    if !complete {
        claim(
            !joined.contains("needs at least") && !joined.contains("Every one of the"),
            "a minimum claimed by an incomplete search",
        );
    }
    let own_proof =
        joined.contains("that is a proof") || joined.contains("for this program, a proof");
    claim(
        complete || !own_proof,
        "a proof claimed by an incomplete search",
    );
    // Weak memory: exactly where an outcome needs it.
    let weak_outcomes = exploration
        .wrong()
        .into_iter()
        .filter(|o| exploration.weak_memory_only(o))
        .count();
    let says_weak = joined.matches("; only under weak memory").count()
        + joined.matches("; only under weak  memory").count();
    claim(
        says_weak <= exploration.outcomes.len(),
        "more weak-memory marks than outcomes",
    );
    if weak_outcomes == 0 {
        claim(
            !joined.contains("only under weak memory")
                || joined.contains("loom finds")
                || matches!(exploration.engine, Engine::Threads { .. }),
            "weak memory claimed where no outcome needs it",
        );
    }
    if matches!(exploration.engine, Engine::Shuttle(_)) {
        claim(
            weak_outcomes == 0,
            "a sequentially consistent engine reached an outcome that needs weak memory",
        );
    }
    // What racelab does not record, it cannot reason about: a program that
    // shares more than it records gets no argument from what it shares.
    if !exploration.program.records_all_sharing() {
        claim(
            !joined.contains("share nothing")
                && !joined.contains("covers weak memory")
                && !joined.contains("one for each order of the recorded steps"),
            "an argument from recorded sharing for a program that shares more",
        );
    }
    // Each witness says where it goes wrong, and its drawing marks those
    // steps so.
    if exploration.engine.records() {
        claim(
            joined.matches("It goes wrong at step").count() == exploration.wrong().len(),
            "a witness that does not say where it goes wrong",
        );
        for failure in verdicts_match_drawings(text) {
            claim(false, &failure);
        }
    }
    // The counts in the sentence are the table's.
    if exploration.engine.records() && exploration.counted() > 0 {
        if let Some((found, keep, broke)) = found_sentence(text) {
            let wrong_behaviours: usize = exploration
                .wrong()
                .iter()
                .map(|o| exploration.outcomes[*o].behaviours)
                .sum();
            claim(
                found == exploration.behaviours(),
                "behaviours counted wrong",
            );
            claim(broke == wrong_behaviours, "broken behaviours counted wrong");
            claim(keep + broke == found, "keep + break != found");
        } else {
            claim(false, "no 'Found N behaviours' sentence");
        }
    }
    wrong
}

/// A drawing row's step number; empty on a line a long cell wraps onto.
fn first_column(line: &str) -> Option<&str> {
    line.split('│').next().map(str::trim)
}

/// Each "It goes wrong at step 6 ✗" names rows of the drawing under it
/// whose cell carries that mark.
fn verdicts_match_drawings(text: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let witnesses: Vec<&str> = text.split("\nIt goes wrong at ").skip(1).collect();
    for witness in witnesses {
        let (named, rest) = witness.split_once(". ").unwrap_or((witness, ""));
        let named = named.replace(" and ", ", ");
        for step in named
            .trim_start_matches("steps ")
            .trim_start_matches("step ")
            .split(", ")
        {
            let Some((number, mark)) = step.split_once(' ') else {
                failures.push(format!("no mark in '{step}'"));
                continue;
            };
            // The step's row, with the lines a long cell wraps onto.
            let row: String = rest
                .lines()
                .skip_while(|line| first_column(line) != Some(number))
                .enumerate()
                .take_while(|(at, line)| *at == 0 || first_column(line) == Some(""))
                .map(|(_, line)| line)
                .collect();
            if !row.contains(mark) {
                failures.push(format!("step {number} is not drawn with {mark}"));
            }
        }
    }
    failures
}

#[test]
fn every_report_says_only_what_its_exploration_found() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for program in programs() {
        for engine in engines() {
            let Some(exploration) = explored(program, &engine) else {
                continue;
            };
            let text = report(&exploration, Format::Text, &Hint::words, 80);
            for failure in check(&exploration, &text) {
                failures.push(format!("{program} on {engine}: {failure}"));
            }
            checked += 1;
        }
    }
    println!("{checked} reports checked");
    assert!(checked > 100, "only {checked} reports");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
