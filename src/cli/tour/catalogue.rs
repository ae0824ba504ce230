//! Lesson 9: beyond the counter — the catalogue's bugs, each proven now.

use racelab::explore::{compare, grouped, model, Exploration};
use racelab::scenario::{self, Program, Size};
use racelab::sync::Budget;

use crate::cli::tour::{hanging, paragraph};

/// Lesson 9: each scenario of the catalogue, its bug and its fixes, under
/// loom.
pub(super) fn catalogue() {
    paragraph(
        "The lost update is one bug of many. The catalogue holds others that courses teach, \
         each a buggy program and its fix. loom runs both versions of each below, now. Under \
         each program's contract, a line per version counts the behaviours loom reached and \
         how many of them break the contract: ✗ if any does, ✓ if none. loom's search has known \
         gaps (`racelab explore --explain` says which): where shuttle-dfs, run too, finds \
         behaviours that loom skipped, the line says so, and its mark counts them.",
    );
    let catalogue: Vec<(Program, Vec<Exploration>)> = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9."))
        .map(|&scenario| {
            let buggy = Program::named(scenario, None, Size::SMALLEST).expect("a bug version");
            let fix = buggy.fixes().first().copied();
            let found = std::iter::once(buggy).chain(fix).map(model::loom).collect();
            (buggy, found)
        })
        .collect();
    orderings(&catalogue);
    for (buggy, found) in &catalogue {
        let about = buggy.about();
        hanging(
            &format!("{:>4}. {}: {}", about.number, about.name, about.summary),
            6,
        );
        hanging(&format!("      contract: {}", buggy.contract()), 16);
        let width = found.iter().map(|f| f.program.variant().name.len()).max();
        for exploration in found {
            hanging(&verdict(exploration, width.unwrap_or(0)), 10);
        }
    }
    println!();
    paragraph(
        "`racelab list` says which engine can show which bug; `racelab explore deadlock` names \
         the wait-for cycle, and `racelab explore message-passing` an outcome that only weak \
         memory allows.",
    );
}

/// The memory orderings, one line each, after the scenarios whose bugs only
/// weak memory reaches: which those are, found in `catalogue`'s loom
/// explorations of each bug.
fn orderings(catalogue: &[(Program, Vec<Exploration>)]) {
    let weak: Vec<&str> = catalogue
        .iter()
        .filter(|(_, found)| {
            let bug = &found[0];
            let wrong = bug.wrong();
            !wrong.is_empty() && wrong.iter().all(|outcome| bug.weak_memory_only(outcome))
        })
        .map(|(buggy, _)| buggy.about().number)
        .collect();
    paragraph(&format!(
        "{} of them ({}) break only under weak memory, which a Python learner rarely meets: \
         CPython's global interpreter lock makes every read return the newest write in \
         practice, a sequentially consistent machine (CPython documents no memory model, and \
         its free-threaded build, 3.13t and later, runs without the GIL by default). In Rust each atomic access \
         names an ordering:",
        weak.len(),
        weak.join(", ")
    ));
    for line in ORDERINGS {
        hanging(line, 4);
    }
    println!();
    paragraph("The README's 'Memory orderings, in one page' says more.");
}

/// What each ordering promises, one entry each.
const ORDERINGS: [&str; 3] = [
    "  Relaxed: the access is indivisible, and every thread sees one order of \
     writes to that one location; on its own it orders nothing else.",
    "  Release/Acquire: an Acquire load that reads from a Release store \
     synchronizes with it, so all the storing thread did before the store \
     happens before all the loading thread does after the load.",
    "  SeqCst: all SeqCst operations, fences included, also fall into one \
     order that every thread agrees on.",
];

/// One line: ✗ or ✓, the version, how many of the behaviours loom found
/// broke the contract, and what shuttle-dfs found that loom skipped.
fn verdict(found: &Exploration, width: usize) -> String {
    let wrong: usize = found
        .wrong()
        .iter()
        .map(|outcome| found.outcomes[*outcome].behaviours)
        .sum();
    let skipped = compare(found, Budget::default()).map_or_else(Vec::new, |c| c.missed_here);
    let skipped_wrong = skipped
        .iter()
        .filter(|b| !found.correct(&b.observed))
        .count();
    let also = match (skipped.len(), skipped_wrong) {
        (0, _) => String::new(),
        (1, 0) => "; shuttle-dfs found 1 more, which keeps it".to_string(),
        (n, 0) => format!("; shuttle-dfs found {n} more, which keep it"),
        (n, w) => format!("; shuttle-dfs found {n} more, {w} of which break it"),
    };
    let weak = found
        .wrong()
        .iter()
        .any(|outcome| found.weak_memory_only(outcome));
    let bounded = match found.program.loom_preemptions() {
        Some(bound) => format!(" (loom searched up to {bound} preemptions)"),
        None => String::new(),
    };
    format!(
        "      {} {:<width$}  {} of {} behaviours {} it{}{bounded}{also}",
        if wrong + skipped_wrong == 0 {
            "✓"
        } else {
            "✗"
        },
        found.program.variant().name,
        grouped(wrong as u64),
        grouped(found.behaviours() as u64),
        if wrong == 1 { "breaks" } else { "break" },
        if weak { ", only under weak memory" } else { "" }
    )
}
