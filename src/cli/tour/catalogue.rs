//! Lesson 9: beyond the counter — the catalogue's bugs, each proven now.

use racelab::catalogue::{survey, Lesson, Survey, Variant};
use racelab::explore::{grouped, Engine};

use crate::cli::tour::paragraph;

/// Lesson 9: each scenario of the catalogue, its bug and its fix, under loom.
pub(super) fn catalogue() {
    paragraph(
        "The lost update is one bug of many. The catalogue holds several others that courses \
         teach, each a buggy program and its fix, run by the same engines. For each, loom runs \
         every execution of the buggy version and of the fix that its search reaches (it has \
         known gaps; `racelab explore --explain` says which), now:",
    );
    for lesson in Lesson::ALL {
        let buggy = survey(lesson, Variant::Buggy, &Engine::Loom, &Default::default());
        let fixed = survey(lesson, Variant::Fixed, &Engine::Loom, &Default::default());
        println!(
            "{:>3}. {:<16} {}",
            lesson.number(),
            lesson.name(),
            lesson.summary()
        );
        println!("     {}", verdict(lesson, &buggy));
        println!("     {}", verdict(lesson, &fixed));
    }
    println!();
    paragraph(
        "`racelab list` says which engine can show which bug; `racelab explore deadlock` names \
         the wait-for cycle, and `racelab explore message-passing` an outcome that only weak \
         memory allows.",
    );
}

/// One line: how many of loom's executions broke the contract, and how.
fn verdict(lesson: Lesson, found: &Survey) -> String {
    let wrong: usize = found
        .wrong()
        .iter()
        .map(|outcome| found.outcomes[*outcome].executions)
        .sum();
    let weak = found
        .wrong()
        .iter()
        .any(|outcome| found.weak_memory_only(outcome));
    let bounded = match lesson.loom_preemptions() {
        Some(bound) => format!(" (loom searched those with at most {bound} preemptions)"),
        None => String::new(),
    };
    format!(
        "{:<16} {} of {} executions break \"{}\"{}{bounded}",
        lesson.variant_name(found.program.variant),
        grouped(wrong as u64),
        grouped(found.executions as u64),
        lesson.contract(),
        if weak { ", only under weak memory" } else { "" }
    )
}
