//! `racelab list`: every scenario, what goes wrong in it, and which engines
//! can show it — found now, by running each one's first version under loom
//! and shuttle-dfs at its smallest size, each within a second.

use std::process::ExitCode;
use std::time::Duration;

use comfy_table::{ContentArrangement, Table};
use racelab::explore::model::{self, Watch};
use racelab::explore::report::plural;
use racelab::explore::{Exploration, Search};
use racelab::play::{Game, Memory};
use racelab::scenario::{self, Kind, Program, Size};
use racelab::sync::{Budget, Engine};

use crate::cli::{refuse_with, width};

/// How long each engine may look for each bug.
const LIMIT: Duration = Duration::from_secs(1);

/// The options of `racelab list`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print the table as markdown, as the README holds it.
    #[arg(long)]
    markdown: bool,
}

/// One scenario's row: what its first version does on each engine.
struct Listed {
    number: &'static str,
    name: &'static str,
    summary: &'static str,
    loom: String,
    shuttle: String,
    play: String,
    versions: String,
}

/// Runs `racelab list`.
pub(crate) fn run(args: &Args) -> ExitCode {
    let rows: Vec<Listed> = scenario::ALL
        .iter()
        .map(|&scenario| listed(Program::named(scenario, None, Size::SMALLEST)))
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    if rows.is_empty() {
        return refuse_with("no scenario could be listed");
    }
    let text = if args.markdown {
        markdown(&rows)
    } else {
        text(&rows)
    };
    crate::cli::print(&text)
}

fn listed(program: Result<Program, String>) -> Result<Listed, String> {
    let program = program?;
    let about = program.about();
    let versions: Vec<String> = program
        .scenario
        .variants()
        .iter()
        .map(|v| match v.kind {
            Kind::Bug => format!("{} (bug)", v.name),
            Kind::StillWrong => format!("{} (still wrong)", v.name),
            Kind::Fix => format!("{} (fix)", v.name),
        })
        .chain(about.fixed_by.iter().map(|name| format!("{name} (fix)")))
        .collect();
    Ok(Listed {
        number: about.number,
        name: about.name,
        summary: about.summary,
        loom: shows(program, &Engine::Loom),
        shuttle: shows(program, &Engine::SHUTTLE_DFS),
        play: playable(program),
        versions: versions.join(", "),
    })
}

/// What `engine` finds of `program`'s bug within [`LIMIT`].
fn shows(program: Program, engine: &Engine) -> String {
    let watch = Watch {
        budget: Budget {
            executions: None,
            time: Some(LIMIT),
        },
        on_execution: None,
    };
    let found = model::run(program, engine, &watch);
    let wrong = found.wrong();
    let breaks = program.variant().kind.breaks();
    match (wrong.first(), found.search()) {
        (Some(observed), _) => shown(&found, observed),
        (None, Search::Complete) if breaks => "cannot".to_string(),
        (None, Search::Complete) => "never breaks".to_string(),
        (None, Search::Bounded(bound)) => {
            format!("never breaks, up to {}", plural(bound as u64, "preemption"))
        }
        (None, _) => format!("not in {} s", LIMIT.as_secs()),
    }
}

/// `shows it (1 preemption)`, or `shows it, only under weak memory`.
fn shown(found: &Exploration, observed: &racelab::scenario::Observed) -> String {
    let fewest = found
        .wrong()
        .into_iter()
        .filter_map(|o| found.outcomes[o].witness.preemptions())
        .min();
    match fewest {
        _ if found.weak_memory_only(observed) && fewest.is_none() => {
            "shows it, only under weak memory".to_string()
        }
        Some(p) if found.is_proof() => {
            format!("shows it (needs {})", plural(p as u64, "preemption"))
        }
        Some(p) => format!("shows it ({})", plural(p as u64, "preemption")),
        None => "shows it".to_string(),
    }
}

/// Whether `program` can be played, and on which machine: built now.
fn playable(program: Program) -> String {
    match Game::new(program) {
        Ok(game) if game.memory == Memory::Weak => "loom".to_string(),
        Ok(_) => "shuttle".to_string(),
        Err(_) => "no".to_string(),
    }
}

fn text(rows: &[Listed]) -> String {
    let mut table = Table::new();
    table.load_preset("     ─┼ │          ");
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(width() as u16);
    table.set_header([
        "#",
        "scenario",
        "what goes wrong",
        "loom",
        "shuttle-dfs",
        "play on",
    ]);
    for row in rows {
        table.add_row([
            row.number.to_string(),
            row.name.to_string(),
            row.summary.to_string(),
            row.loom.clone(),
            row.shuttle.clone(),
            row.play.clone(),
        ]);
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("\nVersions:\n");
    for row in rows {
        let line = format!("{} {}: {}", row.number, row.name, row.versions);
        let options = racelab::trace::render::wrapping(width()).subsequent_indent("    ");
        for wrapped in textwrap::wrap(&line, options) {
            out.push_str(&wrapped);
            out.push('\n');
        }
    }
    let note = "Found just now, on each scenario's first version, within 1 s per engine: \"shows \
                it\" means the engine reached an outcome that breaks the contract, with the \
                fewest preemptions it found (\"needs\" when its search was complete); \"cannot\" \
                and \"never breaks\" mean it ran every execution and none broke it; \"not in 1 \
                s\" means it stopped at its time limit first, which proves nothing. shuttle runs \
                a sequentially consistent machine, so it cannot reach a bug that needs weak \
                memory. \"play on\" is the machine the game is built on: shuttle's \
                interleavings, or loom's executions where only weak memory reaches the bug.";
    out.push('\n');
    out.push_str(&textwrap::fill(
        note,
        racelab::trace::render::wrapping(width()),
    ));
    out.push('\n');
    out
}

fn markdown(rows: &[Listed]) -> String {
    let mut out = String::from(
        "| # | scenario | what goes wrong | loom | shuttle-dfs | play on |\n\
         |---|----------|-----------------|------|-------------|---------|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            row.number, row.name, row.summary, row.loom, row.shuttle, row.play
        ));
    }
    out
}
