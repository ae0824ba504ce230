//! Which line of a program's listing a recorded step ran: the game's
//! cursor.
//!
//! Each step remembers the source line that called racelab's atomic, lock
//! or condition variable (`#[track_caller]` carries it through). Every
//! line a listing shows stands, as written, in the scenario's own file (a
//! test checks it), so the step's line of the listing is found by its
//! text. A step taken elsewhere (in code shared by several scenarios, or
//! by main) has no line, and the game says so by showing none.

use crate::scenario::Program;
use crate::trace::{thread_name, Step};

/// A line of a program's listing: the block of code (one
/// [`Code`](crate::scenario::Code)) and the line of its Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodeLine {
    /// Which block of the version's code.
    pub block: usize,
    /// Which of its Rust lines.
    pub line: usize,
}

impl Program {
    /// The line of this version's listing that `step` ran, if it ran one.
    pub fn code_line(&self, step: &Step) -> Option<CodeLine> {
        let at = step.at?;
        let file = self.about().file;
        if at.file() != file.path {
            return None;
        }
        let source = code(file.line(at.line())?);
        self.variant()
            .code
            .iter()
            .enumerate()
            .filter(|(_, block)| runs(block.who, step.thread))
            .find_map(|(block, code_block)| {
                let line = code_block
                    .rust
                    .iter()
                    .position(|line| same_call(code(line), source))?;
                Some(CodeLine { block, line })
            })
    }
}

/// Whether the block of code whose runners `who` names is run by `thread`:
/// `each thread`, or a name among its words (`T1 and T2, taking`).
pub fn runs(who: &str, thread: usize) -> bool {
    let name = thread_name(thread);
    who.to_lowercase().starts_with("each")
        || who
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == name)
}

/// Whether the listed line `listed` is the source line `source`: the same
/// text, or a call the source line makes in a wider expression (a match
/// arm, an `if let`), without its `;` or `,`.
fn same_call(listed: &str, source: &str) -> bool {
    let call = listed.trim_end_matches([';', ',', '{']).trim_end();
    listed == source || (call.contains('(') && source.contains(call))
}

/// A line without its trailing `// …` comment, trimmed.
fn code(line: &str) -> &str {
    line.split(" // ").next().unwrap_or(line).trim()
}
