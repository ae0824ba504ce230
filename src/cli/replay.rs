//! `racelab replay SCENARIO SCHEDULE`: one shuttle execution, run again from
//! the schedule an exploration printed, and drawn as it ran.

use std::process::ExitCode;

use racelab::explore::model::{self, Watch};
use racelab::scenario::{Program, Size};
use racelab::sync::{check_shuttle_schedule, Engine, ShuttleScheduler};
use racelab::trace::{render, Drawing};

use crate::cli::{numbers, refuse_with, width, Named};

/// The formats a replayed trace can be printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TraceFormat {
    /// Text columns.
    Text,
    /// A markdown table.
    Markdown,
    /// The SVG swimlane figure.
    Svg,
}

/// The options of `racelab replay`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The counter or catalogue scenario the schedule was printed for.
    scenario: Named,
    /// The schedule, as `racelab explore … --engine shuttle-…` printed it.
    schedule: String,
    /// Threads, as in the exploration that printed the schedule.
    #[arg(long, value_parser = |s: &str| numbers::threads(s, 64))]
    threads: Option<usize>,
    /// Increments per thread, as in the exploration that printed it.
    #[arg(long, value_parser = |s: &str| numbers::increments(s, 10_000))]
    increments: Option<u64>,
    /// The version, as in the exploration that printed the schedule: the
    /// buggy one by default.
    #[arg(long)]
    variant: Option<String>,
    /// How to print the trace.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    format: TraceFormat,
}

/// Runs `racelab replay`.
pub(crate) fn run(args: &Args) -> ExitCode {
    if let Err(reason) = check_shuttle_schedule(&args.schedule) {
        return refuse_with(&format!(
            "'{}' is not a shuttle schedule: {reason}",
            args.schedule
        ));
    }
    let Named(scenario) = args.scenario;
    if !scenario.about().sized && (args.threads.is_some() || args.increments.is_some()) {
        return refuse_with(&format!(
            "{} is a fixed program: --threads and --increments are for the counters",
            scenario.about().name
        ));
    }
    let size = Size::new(args.threads.unwrap_or(2), args.increments.unwrap_or(1));
    let program = match Program::named(scenario, args.variant.as_deref(), size) {
        Ok(program) => program,
        Err(sentence) => return refuse_with(&sentence),
    };
    let engine = Engine::Shuttle(ShuttleScheduler::Replay(args.schedule.clone()));
    let replayed = model::run(program, &engine, &Watch::default());
    let Some((observed, outcome)) = replayed.outcomes.iter().next() else {
        return refuse_with(&format!(
            "the schedule does not fit {program}{}: it was printed for another scenario, \
             version or size",
            if program.about().sized {
                format!(" with {} × {}", size.threads, size.increments)
            } else {
                String::new()
            }
        ));
    };
    let headline = if replayed.correct(observed) {
        format!(
            "{}: keeps \"{}\"",
            program.outcome(observed),
            program.contract()
        )
    } else {
        program.headline(observed)
    };
    // shuttle runs a sequentially consistent machine: the run as it ran is
    // an interleaving, and that is what is drawn.
    let drawing = Drawing::as_run(&outcome.witness.ran);
    let preemptions = drawing.marks.preemptions.len();
    let footer = [format!(
        "Replayed {program} from its shuttle schedule, and drawn in the order it ran: {}.",
        racelab::explore::report::plural(preemptions as u64, "preemption")
    )];
    let out = match args.format {
        TraceFormat::Text => render::text_within(&drawing, &headline, &footer, width()),
        TraceFormat::Markdown => render::markdown(&drawing, &headline, &footer),
        TraceFormat::Svg => render::svg(&drawing, &headline, &footer),
    };
    crate::cli::print(&out)
}
