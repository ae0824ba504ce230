//! Each thread's code in a game, with its cursor: the lines of the
//! scenario's listing that the thread runs, the one its next move runs
//! marked ▶, and each line it has run marked with the number of the move
//! that ran it last (↯ if that move was a preemption), which is also the
//! number beside the step in its history.
//!
//! A step's line is found by [`Program::code_line`](crate::scenario::Program::code_line);
//! a step with none (an event such as "wins", or code the scenario shares
//! with another file) moves no mark.

use crate::play::Session;
use crate::scenario::{runs, CodeLine, Program};
use crate::trace::Step;

/// One line of a thread's code, as a game shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRow {
    /// The line, as the listing has it.
    pub text: &'static str,
    /// The move that ran it last: its number from 1, and whether it was a
    /// preemption.
    pub ran: Option<(usize, bool)>,
    /// Whether the thread's next move runs it.
    pub next: bool,
    /// Whether it opens another block of code: the block's runners, as its
    /// header (`T1 and T2, taking`).
    pub header: Option<&'static str>,
}

impl CodeRow {
    /// The gutter before the line: `▶`, `#3`, `#3↯`, or blanks, four
    /// columns wide, readable without colour.
    pub fn gutter(&self) -> String {
        match (self.next, self.ran) {
            (true, _) => " ▶  ".to_string(),
            (false, Some((number, preempted))) => {
                format!(
                    "{:<4}",
                    format!("#{number}{}", if preempted { "↯" } else { "" })
                )
            }
            (false, None) => "    ".to_string(),
        }
    }
}

/// One line of the code a thread runs.
#[derive(Clone, Copy, Debug)]
pub struct Listed {
    /// Where it is in the version's listing.
    pub at: CodeLine,
    /// The line.
    pub text: &'static str,
    /// The runners of its block, if it opens one of several.
    pub header: Option<&'static str>,
}

/// The lines of `program`'s listing that `thread` runs, block by block.
pub fn listing(program: Program, thread: usize) -> Vec<Listed> {
    let blocks = program.variant().code;
    let mine: Vec<usize> = (0..blocks.len())
        .filter(|&block| runs(blocks[block].who, thread))
        .collect();
    let mut lines = Vec::new();
    for &block in &mine {
        for (line, &text) in blocks[block].rust.iter().enumerate() {
            lines.push(Listed {
                at: CodeLine { block, line },
                text,
                header: (mine.len() > 1 && line == 0).then_some(blocks[block].who),
            });
        }
    }
    lines
}

/// The rows of `listing` that `thread`'s steps among `steps` ran, in order.
pub fn rows_run(program: Program, listing: &[Listed], thread: usize, steps: &[Step]) -> Vec<usize> {
    steps
        .iter()
        .filter(|step| step.thread == thread)
        .filter_map(|step| program.code_line(step))
        .filter_map(|at| listing.iter().position(|line| line.at == at))
        .collect()
}

/// The code `thread` runs in `session`'s game, with its marks; empty if the
/// version lists no code for it.
pub fn thread_code(session: &Session, thread: usize) -> Vec<CodeRow> {
    let game = session.game();
    let program = game.program;
    let lines = listing(program, thread);
    let mut rows: Vec<CodeRow> = lines
        .iter()
        .map(|line| CodeRow {
            text: line.text,
            ran: None,
            next: false,
            header: line.header,
        })
        .collect();
    let played = session.played();
    for (number, (m, &preempted)) in played.iter().zip(&session.preempted()).enumerate() {
        for row in rows_run(program, &lines, thread, &m.steps) {
            rows[row].ran = Some((number + 1, preempted));
        }
    }
    let next = session
        .options()
        .into_iter()
        .map(|(_, m)| m)
        .find(|m| m.thread == thread)
        .or_else(|| game.next_move(session.node(), thread));
    let next_row = next.and_then(|m| rows_run(program, &lines, thread, &m.steps).first().copied());
    if let Some(row) = next_row {
        rows[row].next = true;
    }
    rows
}
