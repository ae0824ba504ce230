//! How fast the work of a model checker grows with the program.
//!
//! Every extra thread multiplies the interleavings, and every extra
//! increment adds steps to interleave. Measured here: loom's racy counter is
//! 30 executions for 2 threads × 1 increment and over ten thousand for 3 × 1;
//! shuttle's depth-first search of split-lock 3 × 1 is millions of schedules.
//! This is why model checkers are run on the smallest program that can show
//! a bug, and why the bug-finding samplers (random, PCT) exist.

use std::fmt::Write;
use std::time::Duration;

use crate::explore::model;
use crate::explore::watch::Watch;
use crate::explore::{grouped, Engine, Scenario};
use crate::sync::Budget;

/// The two exhaustive engines the table compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exhaustive {
    /// loom, every execution.
    Loom,
    /// shuttle's depth-first search, every schedule.
    ShuttleDfs,
}

impl Exhaustive {
    /// The engine's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Exhaustive::Loom => "loom",
            Exhaustive::ShuttleDfs => "shuttle-dfs",
        }
    }
}

/// One cell of the table: one engine on one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The engine.
    pub engine: Exhaustive,
    /// Threads.
    pub threads: usize,
    /// Increments per thread.
    pub increments: u64,
    /// Executions explored; `None` if the cell was skipped because a smaller
    /// size already reached the limit.
    pub executions: Option<usize>,
    /// How long it took.
    pub elapsed: Duration,
    /// Whether it stopped at the limit.
    pub stopped: bool,
}

/// Explores `scenario` for 1..=`max_threads` × 1..=`max_increments` under
/// both engines, each cell within `budget`, calling `on_cell` as each ends.
///
/// A cell is skipped when the cell with one thread or one increment fewer
/// already stopped at the limit: it could only take longer.
pub fn grow(
    scenario: Scenario,
    max_threads: usize,
    max_increments: u64,
    budget: Budget,
    mut on_cell: impl FnMut(&Cell),
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for engine in [Exhaustive::Loom, Exhaustive::ShuttleDfs] {
        for threads in 1..=max_threads {
            for increments in 1..=max_increments {
                let smaller_stopped = cells.iter().any(|cell| {
                    cell.engine == engine
                        && (cell.stopped || cell.executions.is_none())
                        && ((cell.threads + 1 == threads && cell.increments == increments)
                            || (cell.threads == threads && cell.increments + 1 == increments))
                });
                let cell = if smaller_stopped {
                    Cell {
                        engine,
                        threads,
                        increments,
                        executions: None,
                        elapsed: Duration::ZERO,
                        stopped: true,
                    }
                } else {
                    measure(scenario, engine, threads, increments, budget)
                };
                on_cell(&cell);
                cells.push(cell);
            }
        }
    }
    cells
}

fn measure(
    scenario: Scenario,
    engine: Exhaustive,
    threads: usize,
    increments: u64,
    budget: Budget,
) -> Cell {
    let watch = Watch {
        budget,
        on_execution: None,
    };
    let engine_to_run = match engine {
        Exhaustive::Loom => Engine::Loom,
        Exhaustive::ShuttleDfs => Engine::ShuttleDfs,
    };
    let exploration = model::explore(scenario, threads, increments, &engine_to_run, &watch);
    Cell {
        engine,
        threads,
        increments,
        executions: Some(exploration.executions),
        elapsed: exploration.elapsed,
        stopped: exploration.stopped,
    }
}

/// The cells as a table, one row per engine and thread count.
pub fn table(cells: &[Cell], max_increments: u64) -> String {
    let mut out = format!("{:<12} {:>7}", "engine", "threads");
    for increments in 1..=max_increments {
        let _ = write!(out, "  {:>22}", format!("{increments} increment(s)"));
    }
    out.push('\n');
    for row in cells.chunks(max_increments as usize) {
        let _ = write!(out, "{:<12} {:>7}", row[0].engine.name(), row[0].threads);
        for cell in row {
            let _ = write!(out, "  {:>22}", describe(cell));
        }
        out.push('\n');
    }
    out
}

fn describe(cell: &Cell) -> String {
    match cell.executions {
        None => "skipped".to_string(),
        Some(executions) => format!(
            "{}{} / {:.2}s",
            if cell.stopped { "≥ " } else { "" },
            grouped(executions as u64),
            cell.elapsed.as_secs_f64()
        ),
    }
}
