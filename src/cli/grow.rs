//! `racelab explore SCENARIO --grow`: the explosion that makes model
//! checking hard, measured.

use std::process::ExitCode;

use racelab::explore::grow::{grow, table};
use racelab::explore::Scenario;
use racelab::sync::Budget;

use crate::cli::numbers::grouped;
use crate::cli::progress;

/// Prints how many executions loom and shuttle-dfs explore for each size.
pub(crate) fn run(
    scenario: Scenario,
    max_threads: usize,
    max_increments: u64,
    budget: Budget,
) -> ExitCode {
    let cells = 2 * max_threads as u64 * max_increments;
    let bar = progress::bar(Some(cells), &format!("{scenario}: growing"));
    let limit = format!(
        "{:.1} s or {} executions",
        budget.time.unwrap_or_default().as_secs_f64(),
        grouped(budget.executions.unwrap_or(usize::MAX) as u64)
    );
    let found = grow(scenario, max_threads, max_increments, budget, |_| {
        bar.inc(1)
    });
    bar.finish_and_clear();
    println!(
        "{scenario} ({}): executions explored / seconds, every size within {limit}.\n",
        scenario.summary()
    );
    print!("{}", table(&found, max_increments));
    println!(
        "\n≥ marks a size stopped at the limit; a skipped size is larger than one that already \
         stopped. Each thread or increment multiplies the interleavings: this is why model \
         checkers run the smallest program that shows a bug (2 threads × 1 increment is enough \
         here), and why random and PCT sampling exist for larger ones."
    );
    ExitCode::SUCCESS
}
