//! `racelab explore SCENARIO --grow`: the explosion that makes model
//! checking hard, measured.

use std::process::ExitCode;

use racelab::explore::grow::{grow, table};
use racelab::scenario::Program;
use racelab::sync::Budget;

use crate::cli::numbers::grouped;
use crate::cli::progress;

/// Prints how many executions, schedules and behaviours loom and
/// shuttle-dfs find for each size.
pub(crate) fn run(
    program: Program,
    max_threads: usize,
    max_increments: u64,
    budget: Budget,
) -> ExitCode {
    let cells = 2 * max_threads as u64 * max_increments;
    let bar = progress::bar(Some(cells), &format!("{program}: growing"));
    let limit = format!(
        "{:.1} s or {} runs",
        budget.time.unwrap_or_default().as_secs_f64(),
        grouped(budget.executions.unwrap_or(usize::MAX) as u64)
    );
    let found = grow(program, max_threads, max_increments, budget, |_| bar.inc(1));
    bar.finish_and_clear();
    let text = format!(
        "{program} ({}): what each engine ran, and the behaviours among them, every size \
         (threads × increments) within {limit}.\n\n{}\n{}\n",
        program.variant().what,
        table(&found),
        textwrap::fill(
            "≥ marks a size stopped at the limit; a skipped size is larger than one that already \
             stopped. The behaviours are the same for both engines wherever both finished (the \
             counters share one location, so weak memory adds none): what grows apart is the \
             work. loom tells executions apart by the order of every step that touches shared \
             memory and by which write each read returns; shuttle-dfs by the order of every \
             recorded step. Each thread or increment multiplies both: this is why model checkers \
             run the smallest program that shows a bug (2 threads × 1 increment is enough \
             here), and why random and PCT sampling exist for larger ones.",
            racelab::trace::render::wrapping(crate::cli::width())
        )
    );
    crate::cli::print(&text)
}
