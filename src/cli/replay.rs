//! `racelab replay SCENARIO SCHEDULE`: one shuttle execution, run again from
//! the schedule an exploration printed, and its trace.

use std::process::ExitCode;

use racelab::explore::{model, Scenario};
use racelab::sync::{check_shuttle_schedule, ShuttleScheduler};
use racelab::trace::render;

use crate::cli::{numbers, refuse_with};

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
    /// The counter the schedule was printed for.
    scenario: Scenario,
    /// The schedule, as `racelab explore … --engine shuttle-…` printed it.
    schedule: String,
    /// Threads, as in the exploration that printed the schedule.
    #[arg(long, default_value_t = 2, value_parser = |s: &str| numbers::threads(s, 64))]
    threads: usize,
    /// Increments per thread, as in the exploration that printed it.
    #[arg(long, default_value_t = 1, value_parser = |s: &str| numbers::increments(s, 10_000))]
    increments: u64,
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
    let scheduler = ShuttleScheduler::Replay(args.schedule.clone());
    let replayed = model::shuttle(args.scenario, args.threads, args.increments, &scheduler);
    let Some((&count, outcome)) = replayed.outcomes.iter().next() else {
        return refuse_with(&format!(
            "the schedule does not fit {} with {} × {}: it was printed for another scenario or size",
            args.scenario, args.threads, args.increments
        ));
    };
    let headline = if count == replayed.expected() {
        format!("every increment counted: expected {count}, got {count}")
    } else {
        format!("lost update: expected {}, got {count}", replayed.expected())
    };
    let footer = [format!(
        "Replayed {} × {} of {} from its shuttle schedule.",
        args.threads, args.increments, args.scenario
    )];
    let drawing = &outcome.witness.drawing;
    let out = match args.format {
        TraceFormat::Text => render::text(drawing, &headline, &footer),
        TraceFormat::Markdown => render::markdown(drawing, &headline, &footer),
        TraceFormat::Svg => render::svg(drawing, &headline, &footer),
    };
    print!("{out}");
    ExitCode::SUCCESS
}
