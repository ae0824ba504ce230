//! `racelab explore SCENARIO`: every outcome, graded, and the witness of
//! each one that breaks the contract, drawn as the interleaving with the
//! fewest preemptions.

use std::process::ExitCode;
use std::time::Duration;

use racelab::explore::report::{self, legend_text, Format};
use racelab::explore::{model, Exploration};
use racelab::scenario::{Program, Size};
use racelab::sync::{Budget, Engine};

use crate::cli::numbers::{self, grouped};
use crate::cli::{commands, grow, progress, refuse_with, width, EngineName, Named};

/// The options of `racelab explore`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A counter (racy, split-lock, mutex, parking-lot, atomic, local) or a
    /// scenario of the catalogue (`racelab list` names them all).
    #[arg(required_unless_present = "explain")]
    scenario: Option<Named>,
    /// Which version of the scenario: the buggy one by default (`racelab
    /// list` names each scenario's variants).
    #[arg(long)]
    variant: Option<String>,
    /// The engine that runs it.
    #[arg(long, default_value = "loom")]
    engine: EngineName,
    /// Threads that increment the counter at once.
    #[arg(long, value_parser = |s: &str| numbers::threads(s, 256))]
    threads: Option<usize>,
    /// How many times each thread increments.
    #[arg(long, value_parser = |s: &str| numbers::increments(s, 10_000_000))]
    increments: Option<u64>,
    /// Seed of shuttle-pct and shuttle-random: the same seed, the same runs.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// PCT's depth d: d − 1 priority change points per run, so depth 3 can
    /// find bugs that need two preemptions, and depth 1 finds none that
    /// needs one.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=20))]
    depth: u64,
    /// Runs of shuttle-pct, shuttle-random and threads.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    runs: u64,
    /// Stop the whole command after this many seconds and say so (the
    /// table is then a sample).
    #[arg(long, default_value_t = 60.0, value_parser = seconds)]
    max_time: f64,
    /// How to print: text, markdown, svg (the swimlane figure) or html.
    #[arg(long, default_value_t = Format::Text)]
    format: Format,
    /// Also draw one of the executions the memory model forbids, if the
    /// engine produced any.
    #[arg(long)]
    show_forbidden: bool,
    /// Instead: print what the words in a report mean, and stop.
    #[arg(long)]
    explain: bool,
    /// Instead: how many executions, schedules and behaviours loom and
    /// shuttle-dfs find for 1..=3 threads × 1..=3 increments, each size
    /// within --cell-time.
    #[arg(long)]
    grow: bool,
    /// With --grow: the time limit of each size, in seconds.
    #[arg(long, default_value_t = 2.0, value_parser = seconds)]
    cell_time: f64,
    /// With --grow: the execution limit of each size.
    #[arg(long, default_value_t = 2_000_000)]
    cell_executions: usize,
    /// With --grow: the largest number of threads.
    #[arg(long, default_value_t = 3, value_parser = |s: &str| numbers::threads(s, 4))]
    grow_threads: usize,
    /// With --grow: the largest number of increments.
    #[arg(long, default_value_t = 3, value_parser = |s: &str| numbers::increments(s, 5))]
    grow_increments: u64,
}

pub(crate) fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!(
            "a time limit must be a number of seconds above 0 and at most 86400, not '{text}'"
        )),
    }
}

/// Runs `racelab explore`.
pub(crate) fn run(args: &Args) -> ExitCode {
    if args.explain {
        print!("{}", legend_text(width()));
        return ExitCode::SUCCESS;
    }
    let Some(Named(scenario)) = args.scenario else {
        return refuse_with("name a scenario to explore, or ask for --explain");
    };
    let program = match program(args, scenario) {
        Ok(program) => program,
        Err(sentence) => return refuse_with(&sentence),
    };
    if args.grow {
        return grow::run(
            program,
            args.grow_threads,
            args.grow_increments,
            Budget {
                executions: Some(args.cell_executions),
                time: Some(Duration::from_secs_f64(args.cell_time)),
            },
        );
    }
    let engine =
        args.engine
            .engine()
            .with_settings(args.seed, args.depth as usize, args.runs as usize);
    if let Err(sentence) = check_size(program, &engine) {
        return refuse_with(&sentence);
    }
    if let (Engine::Threads { .. }, Err(why)) = (&engine, program.stress(0)) {
        return refuse_with(&format!("{program} does not run on real threads: {why}"));
    }
    let budget = Budget {
        executions: None,
        time: Some(Duration::from_secs_f64(args.max_time)),
    };
    let mut exploration = explore(program, &engine, budget);
    let left = Duration::from_secs_f64(args.max_time).saturating_sub(exploration.elapsed);
    let rest = Budget {
        executions: None,
        time: Some(left),
    };
    exploration.comparison = racelab::explore::compare(&exploration, rest);
    exploration.loom_check = racelab::explore::check_on_loom(&exploration, rest);
    let width = width();
    let mut out = report::report(&exploration, args.format, &commands::line, width);
    if args.show_forbidden {
        out.push('\n');
        out.push_str(&forbidden(&exploration, width));
    }
    crate::cli::print(&out)
}

/// Runs `program` on `engine` within `budget`, with a progress bar.
pub(crate) fn explore(program: Program, engine: &Engine, budget: Budget) -> Exploration {
    let total = engine.runs().map(|runs| runs as u64);
    let bar = progress::bar(total, &format!("{program} on {}", engine.name()));
    let watch = progress::watch(&bar, budget);
    let exploration = model::run(program, engine, &watch);
    bar.finish_and_clear();
    exploration
}

/// One forbidden execution drawn, or why there is none to draw.
fn forbidden(exploration: &Exploration, width: usize) -> String {
    report::forbidden(exploration, &commands::line, width).unwrap_or_else(|| {
        format!(
            "{} produced no execution that the memory model forbids.\n",
            exploration.engine.name()
        )
    })
}

/// The program the options name, or the sentence that refuses them.
pub(crate) fn program(
    args: &Args,
    scenario: &'static dyn racelab::scenario::AnyScenario,
) -> Result<Program, String> {
    let sized = scenario.about().sized;
    if !sized && (args.threads.is_some() || args.increments.is_some() || args.grow) {
        return Err(format!(
            "{} is a fixed program: --threads, --increments and --grow are for the counters",
            scenario.about().name
        ));
    }
    let size = Size::new(args.threads.unwrap_or(2), args.increments.unwrap_or(1));
    Program::named(scenario, args.variant.as_deref(), size)
}

/// Whether the engine can run this size, or the sentence that says why not.
fn check_size(program: Program, engine: &Engine) -> Result<(), String> {
    if !program.about().sized {
        return Ok(());
    }
    let (max_threads, max_increments, why) = match engine {
        Engine::Loom => (
            4,
            10,
            "loom runs at most 5 threads, main and 4 spawned ones, and its executions grow so \
             fast that more than 10 increments never finish",
        ),
        Engine::Shuttle(racelab::sync::ShuttleScheduler::Dfs) => (
            6,
            100,
            "depth-first search visits every interleaving, which grows too fast beyond that",
        ),
        Engine::Shuttle(_) => (64, 10_000, "each run is a long single-threaded simulation"),
        Engine::Threads { .. } => (256, 10_000_000, "that is plenty for a demonstration"),
    };
    let size = program.size;
    if size.threads > max_threads || size.increments > max_increments {
        return Err(format!(
            "{} takes at most {max_threads} threads × {} increments, not {} × {}: {why}",
            engine.name(),
            grouped(max_increments),
            size.threads,
            grouped(size.increments)
        ));
    }
    Ok(())
}
