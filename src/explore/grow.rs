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

use crate::explore::grouped;
use crate::explore::model;
use crate::explore::watch::Watch;
use crate::scenario::{Program, Size};
use crate::sync::{Budget, Engine};

/// One cell of the table: one engine on one size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The engine: loom, or shuttle-dfs.
    pub engine: Engine,
    /// Threads.
    pub threads: usize,
    /// Increments per thread.
    pub increments: u64,
    /// Executions explored; `None` if the cell was skipped because a smaller
    /// size already reached the limit.
    pub executions: Option<usize>,
    /// Behaviours among them.
    pub behaviours: usize,
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
    program: Program,
    max_threads: usize,
    max_increments: u64,
    budget: Budget,
    mut on_cell: impl FnMut(&Cell),
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for engine in [Engine::Loom, Engine::SHUTTLE_DFS] {
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
                        engine: engine.clone(),
                        threads,
                        increments,
                        executions: None,
                        behaviours: 0,
                        elapsed: Duration::ZERO,
                        stopped: true,
                    }
                } else {
                    let sized = Program {
                        size: Size::new(threads, increments),
                        ..program
                    };
                    measure(sized, &engine, budget)
                };
                on_cell(&cell);
                cells.push(cell);
            }
        }
    }
    cells
}

fn measure(program: Program, engine: &Engine, budget: Budget) -> Cell {
    let watch = Watch {
        budget,
        on_execution: None,
    };
    let exploration = model::run(program, engine, &watch);
    Cell {
        engine: engine.clone(),
        threads: program.size.threads,
        increments: program.size.increments,
        executions: Some(exploration.executions),
        behaviours: exploration.behaviours(),
        elapsed: exploration.elapsed,
        stopped: exploration.stopped,
    }
}

/// The cells as a table, one row per size: what each engine ran, and the
/// behaviours among them, the same on both wherever both finished.
pub fn table(cells: &[Cell]) -> String {
    let mut out = format!(
        "{:<7}  {:>22}  {:>22}  {:>10}\n",
        "size", "loom executions", "shuttle-dfs schedules", "behaviours"
    );
    let of = |engine: &Engine, cell: &Cell| {
        cells.iter().find(|other| {
            other.engine == *engine
                && other.threads == cell.threads
                && other.increments == cell.increments
        })
    };
    for cell in cells.iter().filter(|cell| cell.engine == Engine::Loom) {
        let shuttle = of(&Engine::SHUTTLE_DFS, cell);
        let behaviours = [Some(cell), shuttle]
            .into_iter()
            .flatten()
            .filter(|c| c.executions.is_some() && !c.stopped)
            .map(|c| c.behaviours)
            .max();
        let _ = writeln!(
            out,
            "{:<7}  {:>22}  {:>22}  {:>10}",
            format!("{} × {}", cell.threads, cell.increments),
            describe(cell),
            shuttle.map_or_else(String::new, describe),
            behaviours.map_or_else(|| "?".to_string(), |b| grouped(b as u64)),
        );
    }
    out
}

fn describe(cell: &Cell) -> String {
    match cell.executions {
        None => "skipped".to_string(),
        Some(executions) => format!(
            "{}{} in {:.2} s",
            if cell.stopped { "≥ " } else { "" },
            grouped(executions as u64),
            cell.elapsed.as_secs_f64()
        ),
    }
}
