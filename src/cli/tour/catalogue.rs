//! Lesson 9: beyond the counter — the catalogue's bugs, each proven now.

use racelab::explore::{grouped, model, Exploration};
use racelab::scenario::{self, Program, Size};

use crate::cli::tour::{hanging, paragraph};

/// Lesson 9: each scenario of the catalogue, its bug and its fixes, under
/// loom.
pub(super) fn catalogue() {
    paragraph(
        "The lost update is one bug of many. The catalogue holds several others that courses \
         teach, each a buggy program and its fix, run by the same engines. For each, loom runs \
         every execution of the buggy version and of the fix that its search reaches (it has \
         known gaps; `racelab explore --explain` says which), now.",
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
        for exploration in found {
            hanging(&format!("      {}", verdict(exploration)), 8);
        }
    }
    println!();
    paragraph(
        "`racelab list` says which engine can show which bug; `racelab explore deadlock` names \
         the wait-for cycle, and `racelab explore message-passing` an outcome that only weak \
         memory allows.",
    );
}

/// The memory orderings in a paragraph, before the scenarios whose bugs
/// only weak memory reaches: which those are, found in `catalogue`'s loom
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
        "{} of them ({}) break only under weak memory, which CPython's global interpreter lock \
         hides: under it every read returns the newest write in practice, a sequentially \
         consistent machine (CPython documents no memory model; the free-threaded build, 3.13t \
         and later, has no GIL to make it so). \
         In Rust each atomic access names an ordering. `Relaxed`: the access is indivisible and \
         every thread sees one order of writes to that one location; on its own it orders \
         nothing else. `Release`/`Acquire`: an Acquire load that reads from a Release store \
         synchronizes with it, \
         so all the storing thread did before the store happens before all the loading thread \
         does after the load. `SeqCst`: all SeqCst operations, fences included, also fall into \
         one order every thread agrees on. The README's 'Memory orderings, in one page' says \
         more.",
        weak.len(),
        weak.join(", ")
    ));
}

/// One line: how many of the behaviours loom found broke the contract.
fn verdict(found: &Exploration) -> String {
    let wrong: usize = found
        .wrong()
        .iter()
        .map(|outcome| found.outcomes[*outcome].behaviours)
        .sum();
    let weak = found
        .wrong()
        .iter()
        .any(|outcome| found.weak_memory_only(outcome));
    let bounded = match found.program.loom_preemptions() {
        Some(bound) => format!(" (loom searched those with at most {bound} preemptions)"),
        None => String::new(),
    };
    format!(
        "{}: {} of the {} behaviours loom reached {} \"{}\"{}{bounded}",
        found.program.variant().name,
        grouped(wrong as u64),
        grouped(found.behaviours() as u64),
        if wrong == 1 { "breaks" } else { "break" },
        found.program.contract(),
        if weak { ", only under weak memory" } else { "" }
    )
}
