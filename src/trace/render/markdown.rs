//! The trace as a markdown table: one column per thread, main included.

use std::fmt::Write;

use crate::trace::{thread_name, Drawing};

/// Renders `drawing` as a markdown table under `headline` (as a heading),
/// with the marked steps explained below it and then the `footer` lines.
///
/// ```
/// use racelab::trace::{render, Action::*, Drawing, Step, Trace};
///
/// let trace = Trace::new(vec![Step::new(0, Spawn { thread: 1 }), Step::new(1, Event { label: "hello" })], vec![]);
/// let md = render::markdown(&Drawing::new(&trace), "two steps", &[]);
/// assert!(md.contains("| step | main | T1 |"));
/// ```
pub fn markdown(drawing: &Drawing, headline: &str, footer: &[String]) -> String {
    let threads = drawing.trace.threads();
    let mut out = format!("#### {headline}\n\n| step |");
    for &thread in &threads {
        let _ = write!(out, " {} |", thread_name(thread));
    }
    out.push_str("\n|---:|");
    for _ in &threads {
        out.push_str("---|");
    }
    out.push('\n');
    for index in drawing.rows() {
        let step = drawing.trace.steps()[index];
        let _ = write!(out, "| {} |", drawing.number(index));
        for &thread in &threads {
            if thread == step.thread {
                let text = drawing.cell(index);
                if drawing.marks.marks[index].is_some() {
                    let _ = write!(out, " **{text}** |");
                } else {
                    let _ = write!(out, " {text} |");
                }
            } else {
                out.push_str(" |");
            }
        }
        out.push('\n');
    }
    let notes = drawing.notes();
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    if !footer.is_empty() {
        out.push('\n');
        for line in footer {
            let _ = writeln!(out, "{line}\n");
        }
    }
    out
}
