//! `racelab list`: every scenario, what goes wrong in it, and which engines
//! can show it — found now, by running each one's first version under loom
//! and shuttle-dfs at its smallest size, each for at most [`LIMIT`]
//! executions.

use racelab::explore::model::{self, Watch};
use racelab::explore::report::{grouped, plural};
use racelab::explore::{Exploration, Search};
use racelab::play::{Game, Memory};
use racelab::scenario::{self, Kind, Program, Size};
use racelab::sync::{Budget, Engine};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cli::{refuse_with, width};

/// How many executions each engine may run looking for each bug: enough
/// for every search to finish (the largest, the stolen wakeup's under
/// shuttle-dfs within its bound of 2 preemptions, takes 21,251). A count,
/// not a time, so that the list is the same on every machine.
const LIMIT: usize = 25_000;

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
    file: &'static str,
    summary: &'static str,
    loom: String,
    shuttle: String,
    play: String,
    versions: String,
}

/// Runs `racelab list`.
pub(crate) fn run(args: &Args) -> ExitCode {
    let rows: Vec<Listed> = all_listed()
        .into_iter()
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

/// Every scenario's row, found on as many threads as the machine has cores:
/// each takes a worker's next scenario until none is left.
fn all_listed() -> Vec<Result<Listed, String>> {
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<(usize, Result<Listed, String>)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Relaxed is enough: the counter only hands out indices.
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&scenario) = scenario::ALL.get(index) else {
                        break;
                    };
                    let row = listed(Program::named(scenario, None, Size::SMALLEST));
                    rows.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((index, row));
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap_or_else(|e| e.into_inner());
    rows.sort_by_key(|(index, _)| *index);
    rows.into_iter().map(|(_, row)| row).collect()
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
        file: about.file.path,
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
            executions: Some(LIMIT),
            time: None,
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
            format!("none ≤ {}", plural(bound as u64, "preemption"))
        }
        (None, _) => format!("stopped at {}", grouped(LIMIT as u64)),
    }
}

/// `needs 1 preemption`, `1 preemption found`, or `weak memory only`.
fn shown(found: &Exploration, observed: &racelab::scenario::Observed) -> String {
    let fewest = found
        .wrong()
        .into_iter()
        .filter_map(|o| found.outcomes[o].witness.preemptions())
        .min();
    match fewest {
        _ if found.weak_memory_only(observed) && fewest.is_none() => "weak memory only".to_string(),
        Some(p) if found.is_proof() => format!("needs {}", plural(p as u64, "preemption")),
        Some(p) => format!("{} found", plural(p as u64, "preemption")),
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

/// The columns of the text table and their widths: 75 columns in all, and
/// under each row its summary.
const COLUMNS: [(&str, usize); 5] = [
    ("#", 5),
    ("scenario", 15),
    ("loom", 20),
    ("shuttle-dfs", 20),
    ("play on", 7),
];

fn text(rows: &[Listed]) -> String {
    let mut out = String::new();
    let names = COLUMNS.map(|(name, _)| name.to_string());
    out.push_str(&table_line(&names));
    out.push_str(&table_line(&COLUMNS.map(|(_, width)| "─".repeat(width))));
    let under = racelab::trace::render::wrapping(width())
        .initial_indent("       ")
        .subsequent_indent("       ");
    for row in rows {
        let cells = [row.number, row.name, &row.loom, &row.shuttle, &row.play];
        out.push_str(&table_line(&cells.map(str::to_string)));
        out.push_str(&textwrap::fill(row.summary, &under));
        out.push('\n');
    }
    out.push_str("\nVersions:\n");
    let options = racelab::trace::render::wrapping(width()).subsequent_indent("    ");
    for row in rows {
        let line = format!("{} {}: {}", row.number, row.name, row.versions);
        out.push_str(&textwrap::fill(&line, &options));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&textwrap::fill(
        &legend(rows),
        racelab::trace::render::wrapping(width()),
    ));
    out.push('\n');
    out
}

/// One line of the table, each cell padded to its column's width.
fn table_line(cells: &[String; 5]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(COLUMNS)
        .map(|(cell, (_, width))| format!("{cell:<width$}"))
        .collect();
    format!("{}\n", padded.join("  ").trim_end())
}

/// A kind of cell, told by its text, and what it means.
type CellKind = (fn(&str) -> bool, String);

/// What the cells of the engines' columns mean: only the kinds of cell
/// that `rows` use.
fn legend(rows: &[Listed]) -> String {
    let limit = grouped(LIMIT as u64);
    let kinds: [CellKind; 7] = [
        (
            |cell| cell.starts_with("needs"),
            "\"needs 1 preemption\": the engine's search ran to its end, and the fewest \
             preemptions of any execution it ran that breaks the contract is 1 (loom's search \
             has known gaps: racelab explore names the behaviours it skipped)."
                .to_string(),
        ),
        (
            |cell| cell.ends_with("found"),
            "\"1 preemption found\": the fewest among the executions it ran, in a search that \
             did not run them all."
                .to_string(),
        ),
        (
            |cell| cell == "weak memory only",
            "\"weak memory only\": only executions that no interleaving explains break it."
                .to_string(),
        ),
        (
            |cell| cell == "cannot",
            "\"cannot\": the search ran to its end and never reached the bug: shuttle runs a \
             sequentially consistent machine, so it cannot reach a bug that needs weak memory."
                .to_string(),
        ),
        (
            |cell| cell == "never breaks",
            "\"never breaks\": a fix, and the search ran to its end without breaking it."
                .to_string(),
        ),
        (
            |cell| cell.starts_with("none ≤"),
            "\"none ≤ 2 preemptions\": none broke it among the executions with at most 2."
                .to_string(),
        ),
        (
            |cell| cell.starts_with("stopped"),
            format!("\"stopped at {limit}\": the limit came first, which proves nothing."),
        ),
    ];
    let mut words = vec![format!(
        "# is the lesson the scenario belongs to (racelab tour --lesson 4 for 4a and 4b; the \
         catalogue is lesson 9). Found just now, on each scenario's first version, with at most \
         {limit} executions per engine."
    )];
    for (used, meaning) in kinds {
        if rows.iter().any(|row| used(&row.loom) || used(&row.shuttle)) {
            words.push(meaning);
        }
    }
    words.push(
        "\"play on\" is the machine the game is built on: shuttle's interleavings, or loom's \
         executions where only weak memory reaches the bug; \"no\": racelab play NAME says \
         why not."
            .to_string(),
    );
    words.join(" ")
}

/// The table as markdown, as the README holds it, each scenario linked to
/// its file.
fn markdown(rows: &[Listed]) -> String {
    let mut out = String::from(
        "| # | scenario | what goes wrong | loom | shuttle-dfs | versions |\n\
         |---|----------|-----------------|------|-------------|----------|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | [`{}`]({}) | {} | {} | {} | {} |\n",
            row.number, row.name, row.file, row.summary, row.loom, row.shuttle, row.versions
        ));
    }
    out
}
