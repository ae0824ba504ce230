//! The picture: one column per thread, main included, time going down.
//!
//! Three formats: [`text`] for a terminal, [`markdown`] for notes and
//! issues, [`svg`] for a slide (a swimlane figure). Each draws a
//! [`Drawing`]: the steps in an interleaving that explains them, each read
//! with the write it saw (`read 1 (T1@3)`: T1's write at step 3), `↯` where
//! a preemption switched threads, `(lost)` on an update nothing built on and
//! `✗` on the write that replaced it.
//!
//! ```text
//! lost update: expected 2, got 1
//!
//!  step │ main       │ T1              │ T2
//! ──────┼────────────┼─────────────────┼───────────────────
//!     1 │ spawn T1   │                 │
//!     2 │ spawn T2   │                 │
//!     3 │            │ read 0 (initial)│
//!   …
//! ```

mod markdown;
mod svg;

pub use self::markdown::markdown;
pub(crate) use self::svg::escape;
pub use self::svg::svg;

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use crate::trace::{thread_name, Drawing};

/// How wide output is, unless the terminal says otherwise.
pub const WIDTH: usize = 80;

/// The table style of the columns: a rule under the header and between
/// columns, nothing else.
const COLUMNS: &str = "     ─┼ │          ";

/// Renders `drawing` as text columns under `headline`, with a sentence for
/// each marked step and then the `footer` lines (how to reproduce it).
pub fn text(drawing: &Drawing, headline: &str, footer: &[String]) -> String {
    text_within(drawing, headline, footer, WIDTH)
}

/// [`text`], with its sentences wrapped at `width` columns.
pub fn text_within(drawing: &Drawing, headline: &str, footer: &[String], width: usize) -> String {
    format!("{headline}\n{}", text_body(drawing, footer, width))
}

/// The drawing's columns, the notes on its marked steps and the `footer`,
/// without a headline, fitted to `width` columns.
pub fn text_body(drawing: &Drawing, footer: &[String], width: usize) -> String {
    let threads = drawing.trace.threads();
    let mut table = Table::new();
    table.load_preset(COLUMNS);
    let mut header = vec!["step".to_string()];
    header.extend(threads.iter().map(|&thread| thread_name(thread)));
    table.set_header(header);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(width as u16);
    for index in drawing.rows() {
        let step = drawing.trace.steps()[index];
        let mut row = vec![drawing.number(index).to_string()];
        for &thread in &threads {
            row.push(if thread == step.thread {
                drawing.cell(index)
            } else {
                String::new()
            });
        }
        table.add_row(row);
    }
    if let Some(column) = table.column_mut(0) {
        column.set_cell_alignment(CellAlignment::Right);
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(4)));
    }
    let mut out = String::from("\n");
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    paragraphs(&mut out, &drawing.notes(), width);
    paragraphs(&mut out, footer, width);
    out
}

/// How sentences are wrapped at `width` columns: between words only, never
/// at a hyphen, so that a command such as `--variant check-then-act` stays
/// whole and can be copied.
pub fn wrapping(width: usize) -> textwrap::Options<'static> {
    textwrap::Options::new(width).word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Appends `lines` after a blank line, each wrapped at `width`.
fn paragraphs(out: &mut String, lines: &[String], width: usize) {
    if lines.is_empty() {
        return;
    }
    out.push('\n');
    for line in lines {
        out.push_str(&fill(line, width));
    }
}

/// `text` wrapped at `width` columns, each of its lines on its own, ending
/// with a newline. A line indented by two spaces is a command to copy: it is
/// broken only between words, each part but the last ending in ` \\` as a
/// shell continues a line, so that it still pastes as one command.
pub fn fill(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("  ") {
            out.push_str(&command_lines(line, width));
            continue;
        }
        for wrapped in textwrap::wrap(line, wrapping(width)) {
            out.push_str(&wrapped);
            out.push('\n');
        }
    }
    out
}

/// A command line broken between words to fit `width`, with ` \\` at the end
/// of each part but the last and the parts after the first indented by four
/// spaces. A word longer than a whole line stays whole.
pub fn command_lines(line: &str, width: usize) -> String {
    let mut out = String::new();
    let mut current = String::from("  ");
    for word in line.split_whitespace() {
        let fits = current.trim().is_empty() || current.len() + 1 + word.len() + 2 <= width;
        if !fits {
            out.push_str(&current);
            out.push_str(" \\\n");
            current = String::from("    ");
        }
        if !current.trim().is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push_str(&current);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::{fill, text};

    #[test]
    fn a_long_command_is_broken_between_words_as_a_shell_continues_it() {
        let command = "  racelab replay bank-transfer 9102228dbacadafb8cabe72580048a2425492449920 \
                       --variant source-first";
        let filled = fill(command, 80);
        assert_eq!(
            filled,
            "  racelab replay bank-transfer 9102228dbacadafb8cabe72580048a2425492449920 \\\n    \
             --variant source-first\n"
        );
        assert!(filled.lines().all(|line| line.chars().count() <= 80));
        assert_eq!(fill("  racelab list", 80), "  racelab list\n");
    }
    use std::sync::atomic::Ordering::Relaxed;

    use crate::trace::{Action::*, Drawing, Location, Place, Step, Trace, WriteId};

    #[test]
    fn lost_update_is_drawn_in_columns_with_its_explanation() {
        let count = Location(0);
        let place = Place {
            name: "count",
            states: &[],
            sync: false,
            plain: false,
        };
        let (zero, one, two) = (WriteId(0), WriteId(1), WriteId(2));
        // As loom might run it: T1 whole, then T2, which still reads the 0 —
        // and main reads T2's write, so T1's came first. Drawn as an
        // interleaving, T2 must have read before T1 wrote.
        let trace = Trace::new(
            vec![
                Step::new(
                    0,
                    New {
                        location: count,
                        value: 0,
                        write: zero,
                    },
                ),
                Step::new(0, Spawn { thread: 1 }),
                Step::new(0, Spawn { thread: 2 }),
                Step::new(
                    1,
                    Read {
                        location: count,
                        value: 0,
                        saw: zero,
                        order: Relaxed,
                    },
                ),
                Step::new(
                    1,
                    Write {
                        location: count,
                        value: 1,
                        write: one,
                        order: Relaxed,
                    },
                ),
                Step::new(
                    2,
                    Read {
                        location: count,
                        value: 0,
                        saw: zero,
                        order: Relaxed,
                    },
                ),
                Step::new(
                    2,
                    Write {
                        location: count,
                        value: 1,
                        write: two,
                        order: Relaxed,
                    },
                ),
                Step::new(0, Join { thread: 1 }),
                Step::new(0, Join { thread: 2 }),
                Step::new(
                    0,
                    Read {
                        location: count,
                        value: 1,
                        saw: two,
                        order: Relaxed,
                    },
                ),
            ],
            vec![place],
        );
        let drawing = Drawing::new(&trace);
        let text = text(&drawing, "lost update: expected 2, got 1", &[]);
        assert_eq!(
            text,
            "lost update: expected 2, got 1

 step │ main          │ T1                 │ T2
──────┼───────────────┼────────────────────┼──────────────────
    1 │ spawn T1      │                    │
    2 │ spawn T2      │                    │
    3 │               │                    │ read 0 (initial)
    4 │               │ ↯ read 0 (initial) │
    5 │               │ write 1 (lost)     │
    6 │               │                    │ write 1 ✗
    7 │ join T1       │                    │
    8 │ join T2       │                    │
    9 │ read 1 (T2@6) │                    │

↯ step 4: a preemption. T2 could have gone on (its next step: write 1), but T1
runs instead.
✗ step 6: T2 writes 1, based on the 0 it read at step 3 (the initial value).
Since that read, T1 wrote 1 at step 5: what T2 read was out of date when it
wrote, and its write replaces it, so 1 update is lost.
",
        );
    }
}
