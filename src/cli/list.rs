//! `racelab list`: every scenario, what goes wrong in it, and which engines
//! can show it — found now, by running each one's buggy version under loom
//! and shuttle-dfs at its smallest size, each within a second.

use std::process::ExitCode;
use std::time::Duration;

use comfy_table::{ContentArrangement, Table};
use racelab::catalogue::{survey, Lesson};
use racelab::explore::model::Watch;
use racelab::explore::{model, Engine, Scenario};
use racelab::play::{Game, Memory, Subject};
use racelab::sync::{Budget, ShuttleScheduler};

/// How long each engine may look for each bug.
const LIMIT: Duration = Duration::from_secs(1);

/// A watch that stops an exploration after `limit`.
fn within(limit: Duration) -> Watch {
    Watch {
        budget: Budget {
            executions: None,
            time: Some(limit),
        },
        on_execution: None,
    }
}

/// The options of `racelab list` (none).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// Runs `racelab list`.
pub(crate) fn run(_args: &Args) -> ExitCode {
    let mut table = Table::new();
    table.load_preset("     ─┼ │          ");
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(100);
    table.set_header([
        "scenario",
        "what goes wrong",
        "loom",
        "shuttle-dfs",
        "play on",
        "variants",
    ]);
    for scenario in [Scenario::Racy, Scenario::SplitLock] {
        let shows = |exploration: racelab::explore::Exploration<racelab::explore::Counting>| {
            yes_no(exploration.lost_update().is_some())
        };
        table.add_row([
            scenario.name().to_string(),
            format!("{}: loses updates", scenario.summary()),
            shows(model::loom(scenario, 2, 1)),
            shows(model::shuttle(scenario, 2, 1, &ShuttleScheduler::Dfs)),
            playable(Subject::Counter(scenario)),
            "fixed by: mutex, parking-lot, atomic, local".to_string(),
        ]);
    }
    for lesson in Lesson::ALL {
        let buggy = lesson.variants()[0].0;
        let shows = |engine: Engine| {
            let found = survey(lesson, buggy, &engine, &within(LIMIT));
            match (found.wrong().is_empty(), found.stopped) {
                (false, _) => "shows it".to_string(),
                (true, false) => "cannot".to_string(),
                (true, true) => format!("not in {} s", LIMIT.as_secs()),
            }
        };
        let variants: Vec<String> = lesson
            .variants()
            .iter()
            .map(|&(variant, name, _)| match variant {
                racelab::catalogue::Variant::Buggy => format!("{name} (bug)"),
                racelab::catalogue::Variant::Stronger => format!("{name} (still wrong)"),
                racelab::catalogue::Variant::Fixed | racelab::catalogue::Variant::AlsoFixed => {
                    format!("{name} (fix)")
                }
            })
            .collect();
        table.add_row([
            format!("{}. {lesson}", lesson.number()),
            lesson.summary().to_string(),
            shows(Engine::Loom),
            shows(Engine::ShuttleDfs),
            playable(Subject::Lesson(lesson, buggy)),
            variants.join(", "),
        ]);
    }
    if let Some(names) = table.column_mut(0) {
        names.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    for line in table.lines() {
        println!("{}", line.trim_end());
    }
    let note = "loom and shuttle-dfs, found just now by running each bug's version: \"shows it\" \
                means the engine reached the bug; \"cannot\" means it ran every execution or \
                schedule and never did; \"not in 1 s\" means it stopped at its time limit \
                first, which proves nothing (where a scenario's locks or condition variable keep their \
                own books, shuttle-dfs schedules every step of that bookkeeping, and its search \
                grows long). shuttle runs a sequentially consistent machine, so it \
                cannot reach a bug that needs weak memory. `racelab explore \
                NAME` shows one scenario, under loom unless `--engine` says otherwise; \
                `racelab play NAME` lets you choose which thread runs next, from the executions of \
                the engine in the \"play on\" column: shuttle's interleavings, or loom's where \
                only weak memory reaches the bug (its fixes are played there too, but for the \
                SeqCst fences, which the game on loom cannot follow); \
                `--variant` picks a version; `--engine threads --runs N` runs it on this \
                machine's real threads (all but the data race, which would be undefined \
                behaviour there).";
    println!(
        "\n{}",
        textwrap::fill(note, racelab::trace::render::wrapping(100))
    );
    ExitCode::SUCCESS
}

/// Whether `subject` can be played, and on which machine: built now.
fn playable(subject: Subject) -> String {
    match Game::new(subject) {
        Ok(game) if game.memory == Memory::Weak => "loom".to_string(),
        Ok(_) => "shuttle".to_string(),
        Err(_) => "no".to_string(),
    }
}

fn yes_no(found: bool) -> String {
    if found { "shows it" } else { "cannot" }.to_string()
}
