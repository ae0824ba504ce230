//! The trace as a markdown table: one column per thread.

use std::fmt::Write;

use crate::trace::render::{cell, notes};
use crate::trace::{thread_name, Trace};

/// Renders `trace` as a markdown table under `headline` (as a heading), with
/// the marked steps explained below it and then the `footer` lines.
///
/// ```
/// use racelab::trace::{render, Action::*, Step, Trace};
///
/// let trace = Trace::new(vec![Step::new(1, Read { value: 0 }), Step::new(2, Read { value: 0 })]);
/// let md = render::markdown(&trace, "two reads", &[]);
/// assert!(md.contains("| step | T1 | T2 |"));
/// ```
pub fn markdown(trace: &Trace, headline: &str, footer: &[String]) -> String {
    let threads = trace.threads();
    let marks = trace.marks();
    let mut out = format!("#### {headline}\n\n| step |");
    for &thread in &threads {
        let _ = write!(out, " {} |", thread_name(thread));
    }
    out.push_str("\n|---:|");
    for _ in &threads {
        out.push_str("---|");
    }
    out.push('\n');
    for (index, (step, mark)) in trace.steps().iter().zip(&marks).enumerate() {
        let _ = write!(out, "| {} |", index + 1);
        for &thread in &threads {
            if thread == step.thread {
                let text = cell(step.action, *mark);
                if mark.is_some() {
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
    let notes = notes(trace, &marks);
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
