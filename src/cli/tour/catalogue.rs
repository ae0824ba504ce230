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
         known gaps; `racelab explore --explain` says which), now:",
    );
    let catalogue = scenario::ALL
        .iter()
        .filter(|s| s.about().number.starts_with("9."));
    for &scenario in catalogue {
        let buggy = Program::named(scenario, None, Size::SMALLEST).expect("a bug version");
        let about = scenario.about();
        hanging(
            &format!("{:>4}. {}: {}", about.number, about.name, about.summary),
            6,
        );
        hanging(&format!("      {}", verdict(&model::loom(buggy))), 8);
        if let Some(fix) = buggy.fixes().first() {
            hanging(&format!("      {}", verdict(&model::loom(*fix))), 8);
        }
    }
    println!();
    paragraph(
        "`racelab list` says which engine can show which bug; `racelab explore deadlock` names \
         the wait-for cycle, and `racelab explore message-passing` an outcome that only weak \
         memory allows.",
    );
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
        "{}: {} of {} behaviours {} \"{}\"{}{bounded}",
        found.program.variant().name,
        grouped(wrong as u64),
        grouped(found.behaviours() as u64),
        if wrong == 1 { "breaks" } else { "break" },
        found.program.contract(),
        if weak { ", only under weak memory" } else { "" }
    )
}
