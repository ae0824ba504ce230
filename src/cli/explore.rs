//! `racelab explore SCENARIO`: every outcome, graded, and the witness of
//! each lost update, drawn as the interleaving with the fewest preemptions.

use std::process::ExitCode;
use std::time::Duration;

use std::str::FromStr;

use racelab::catalogue::{survey, Lesson, Variant};
use racelab::explore::report::{legend_text, render, report, Format};
use racelab::explore::{model, Engine, Scenario};
use racelab::sync::Budget;

use crate::cli::numbers::{self, grouped};
use crate::cli::{grow, progress, refuse_with};

/// The engines `explore` can run a scenario on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EngineName {
    /// loom: every execution, on a weak memory model.
    Loom,
    /// shuttle, depth-first: every schedule, sequentially consistent.
    ShuttleDfs,
    /// shuttle, probabilistic concurrency testing: --runs runs of --depth.
    ShuttlePct,
    /// shuttle, a random thread at every step: --runs runs.
    ShuttleRandom,
    /// Real OS threads, --runs times: what this machine happens to do.
    Threads,
}

/// What `racelab explore` runs: a counter, or a scenario of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Subject {
    /// One of the counters, at a size.
    Counter(Scenario),
    /// One of the catalogue's scenarios, in one variant.
    Lesson(Lesson),
}

impl FromStr for Subject {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        if let Ok(scenario) = name.parse::<Scenario>() {
            return Ok(Subject::Counter(scenario));
        }
        if let Ok(lesson) = name.parse::<Lesson>() {
            return Ok(Subject::Lesson(lesson));
        }
        let mut names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
        names.extend(Lesson::ALL.iter().map(|l| l.name()));
        Err(format!(
            "there is no scenario '{name}': choose one of {} (racelab list says what each is)",
            names.join(", ")
        ))
    }
}

/// The options of `racelab explore`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A counter (racy, split-lock, mutex, parking-lot, atomic, local) or a
    /// scenario of the catalogue (`racelab list` names them all).
    #[arg(required_unless_present = "explain")]
    scenario: Option<Subject>,
    /// Which version of a catalogue scenario: the buggy one by default
    /// (`racelab list` names each scenario's variants).
    #[arg(long)]
    variant: Option<String>,
    /// The engine that runs it.
    #[arg(long, value_enum, default_value_t = EngineName::Loom)]
    engine: EngineName,
    /// Threads that increment the counter at once.
    #[arg(long, default_value_t = 2, value_parser = |s: &str| numbers::threads(s, 256))]
    threads: usize,
    /// How many times each thread increments.
    #[arg(long, default_value_t = 1, value_parser = |s: &str| numbers::increments(s, 10_000_000))]
    increments: u64,
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
    /// Instead: print what the words in a report mean, and stop.
    #[arg(long)]
    explain: bool,
    /// Instead: how many executions loom and shuttle-dfs explore for 1..=3
    /// threads × 1..=3 increments, each size within --cell-time.
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

fn seconds(text: &str) -> Result<f64, String> {
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
        print!("{}", legend_text(100));
        return ExitCode::SUCCESS;
    }
    let scenario = match args.scenario {
        None => return refuse_with("name a scenario to explore, or ask for --explain"),
        Some(Subject::Lesson(lesson)) => return run_lesson(args, lesson),
        Some(Subject::Counter(scenario)) => scenario,
    };
    if args.variant.is_some() {
        return refuse_with(&format!(
            "--variant chooses a version of a catalogue scenario; the counter {scenario} has none"
        ));
    }
    if args.grow {
        return grow::run(
            scenario,
            args.grow_threads,
            args.grow_increments,
            Budget {
                executions: Some(args.cell_executions),
                time: Some(Duration::from_secs_f64(args.cell_time)),
            },
        );
    }
    if let Err(sentence) = check_size(args) {
        return refuse_with(&sentence);
    }
    let budget = Budget {
        executions: None,
        time: Some(Duration::from_secs_f64(args.max_time)),
    };
    let engine = engine(args);
    let total = match engine {
        Engine::Loom | Engine::ShuttleDfs => None,
        _ => Some(args.runs),
    };
    let bar = progress::bar(total, &format!("{scenario} under {}", engine.name()));
    let watch = progress::watch(&bar, budget);
    let exploration = model::explore(scenario, args.threads, args.increments, &engine, &watch);
    bar.finish_and_clear();
    print!("{}", report(&exploration, args.format));
    ExitCode::SUCCESS
}

/// The variant of `lesson` called `name`, the buggy one if none is named,
/// or the sentence that refuses it.
pub(crate) fn variant_of(lesson: Lesson, name: Option<&str>) -> Result<Variant, String> {
    let Some(name) = name else {
        return Ok(lesson.variants()[0].0);
    };
    lesson.variant(name).ok_or_else(|| {
        let names: Vec<&str> = lesson.variants().iter().map(|v| v.1).collect();
        format!(
            "{lesson} has no variant '{name}': choose one of {}",
            names.join(", ")
        )
    })
}

/// Runs `racelab explore` on a scenario of the catalogue.
fn run_lesson(args: &Args, lesson: Lesson) -> ExitCode {
    let variant = match variant_of(lesson, args.variant.as_deref()) {
        Ok(variant) => variant,
        Err(sentence) => return refuse_with(&sentence),
    };
    if args.grow || args.threads != 2 || args.increments != 1 {
        return refuse_with(&format!(
            "{lesson} is a fixed program of two threads: --threads, --increments and --grow are \
             for the counters"
        ));
    }
    let engine = engine(args);
    if engine.name() == "threads" && !lesson.runs_on_real_threads() {
        return refuse_with(&format!(
            "{lesson} runs only under the model checkers: on real threads its race would be \
             undefined behaviour, the very thing it teaches; the checkers run one thread at a \
             time, so they can show it safely"
        ));
    }
    let budget = Budget {
        executions: None,
        time: Some(Duration::from_secs_f64(args.max_time)),
    };
    let total = match engine {
        Engine::Loom | Engine::ShuttleDfs => None,
        _ => Some(args.runs),
    };
    let bar = progress::bar(total, &format!("{lesson} under {}", engine.name()));
    let watch = progress::watch(&bar, budget);
    let surveyed = survey(lesson, variant, &engine, &watch);
    bar.finish_and_clear();
    print!("{}", render(&surveyed.report(), args.format));
    ExitCode::SUCCESS
}

/// The engine the options name, with its settings.
fn engine(args: &Args) -> Engine {
    let runs = args.runs as usize;
    match args.engine {
        EngineName::Loom => Engine::Loom,
        EngineName::ShuttleDfs => Engine::ShuttleDfs,
        EngineName::ShuttlePct => Engine::ShuttlePct {
            seed: args.seed,
            depth: args.depth as usize,
            runs,
        },
        EngineName::ShuttleRandom => Engine::ShuttleRandom {
            seed: args.seed,
            runs,
        },
        EngineName::Threads => Engine::Threads { runs },
    }
}

/// Whether the engine can run this size, or the sentence that says why not.
fn check_size(args: &Args) -> Result<(), String> {
    let (max_threads, max_increments, why) = match args.engine {
        EngineName::Loom => (
            4,
            10,
            "loom runs at most 5 threads, main and 4 spawned ones, and its executions \
             grow so fast that more than 10 increments never finish",
        ),
        EngineName::ShuttleDfs => (
            6,
            100,
            "depth-first search visits every interleaving, which grows too fast beyond that",
        ),
        EngineName::ShuttlePct | EngineName::ShuttleRandom => {
            (64, 10_000, "each run is a long single-threaded simulation")
        }
        EngineName::Threads => (256, 10_000_000, "that is plenty for a demonstration"),
    };
    if args.threads > max_threads || args.increments > max_increments {
        return Err(format!(
            "{} takes at most {max_threads} threads × {} increments, not {} × {}: {why}",
            engine(args).name(),
            grouped(max_increments),
            args.threads,
            grouped(args.increments)
        ));
    }
    Ok(())
}
