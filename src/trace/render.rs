//! The picture: one column per thread, time going down, every value shown.
//!
//! Three formats: [`text`] for a terminal, [`markdown`] for notes and
//! issues, [`svg`] for a slide (a swimlane figure).
//!
//! ```text
//! lost update: expected 2, got 1
//!
//! step │ T1        │ T2
//! ─────┼───────────┼───────────
//!    1 │ read 0    │
//!    2 │           │ read 0
//!    3 │ write 1   │
//!    4 │           │ write 1 ✗
//!    5 │ main: read 1
//!
//! ✗ step 4: T2 writes 1, computed from the 0 it read, over the 1 that T1 wrote: T1's update is lost.
//! ```

mod markdown;
mod svg;

pub use self::markdown::markdown;
pub(crate) use self::svg::escape;
pub use self::svg::svg;

use std::fmt::Write;

use crate::trace::{thread_name, Action, Mark, Trace};

/// Renders `trace` as text columns under `headline`, with a sentence for each
/// marked step and then the `footer` lines (how to reproduce it).
pub fn text(trace: &Trace, headline: &str, footer: &[String]) -> String {
    let columns: Vec<usize> = trace.threads().into_iter().filter(|&t| t != 0).collect();
    let marks = trace.marks();
    let cells: Vec<String> = trace
        .steps()
        .iter()
        .zip(&marks)
        .map(|(step, mark)| cell(step.action, *mark))
        .collect();
    let width = cells
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);

    let mut out = format!("{headline}\n\n");
    let header: Vec<String> = columns
        .iter()
        .map(|&t| pad(&thread_name(t), width))
        .collect();
    let _ = writeln!(out, "step │ {}", header.join(" │ ").trim_end());
    let rule: Vec<String> = columns.iter().map(|_| "─".repeat(width + 2)).collect();
    let _ = writeln!(out, "─────┼{}", rule.join("┼"));
    for (index, (step, cell)) in trace.steps().iter().zip(&cells).enumerate() {
        let row = if step.thread == 0 {
            format!("main: {cell}")
        } else {
            let mut row = String::new();
            for &column in &columns {
                if column == step.thread {
                    row.push_str(&pad(cell, width));
                    break;
                }
                row.push_str(&pad("", width));
                row.push_str(" │ ");
            }
            row
        };
        let _ = writeln!(out, "{:>4} │ {}", index + 1, row.trim_end());
    }
    let notes = notes(trace, &marks);
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            let _ = writeln!(out, "{note}");
        }
    }
    if !footer.is_empty() {
        out.push('\n');
        for line in footer {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// What a step's cell says: the action and its value, marked if it matters.
pub(crate) fn cell(action: Action, mark: Option<Mark>) -> String {
    let mut cell = match action {
        Action::Read { value } => format!("read {value}"),
        Action::Write { value } => format!("write {value}"),
        Action::Add { before, after } => format!("add {before} → {after}"),
        Action::Lock => "lock".to_string(),
        Action::Unlock => "unlock".to_string(),
        Action::Event { label } => label.to_string(),
    };
    match mark {
        Some(Mark::Overwrites { .. }) => cell.push_str(" ✗"),
        Some(Mark::Stale { .. }) => cell.push_str(" (stale)"),
        None => {}
    }
    cell
}

/// The sentence for each marked step, in the order of the steps.
pub(crate) fn notes(trace: &Trace, marks: &[Option<Mark>]) -> Vec<String> {
    trace
        .steps()
        .iter()
        .zip(marks)
        .enumerate()
        .filter_map(|(index, (step, mark))| {
            mark.map(|mark| note(index + 1, step.thread, step.action, mark))
        })
        .collect()
}

/// The sentence under the columns that explains a marked step.
pub(crate) fn note(step: usize, thread: usize, action: Action, mark: Mark) -> String {
    let who = thread_name(thread);
    match (action, mark) {
        (Action::Read { value }, Mark::Stale { newest, thread }) => {
            let writer = thread_name(thread);
            format!(
                "(stale) step {step}: {who} reads {value}, though {writer} had already written {newest}: \
                 the weak memory model loom explores lets a read return an older value, as real CPUs can."
            )
        }
        (
            Action::Write { value },
            Mark::Overwrites {
                thread,
                value: lost,
                based_on,
            },
        ) => {
            let loser = thread_name(thread);
            // Each update added one, so the write undoes this many of them.
            let undone = lost.saturating_sub(based_on);
            let loss = if undone > 1 {
                format!("the {undone} updates made since {who} read are lost, {loser}'s among them")
            } else {
                format!("{loser}'s update is lost")
            };
            format!(
                "✗ step {step}: {who} writes {value}, computed from the {based_on} it read, \
                 over the {lost} that {loser} wrote: {loss}."
            )
        }
        (_, mark) => format!("step {step}: {mark:?}"),
    }
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}

#[cfg(test)]
mod tests {
    use super::text;
    use crate::trace::{Action, Step, Trace};

    #[test]
    fn lost_update_is_drawn_in_columns_with_its_explanation() {
        let trace = Trace::new(vec![
            Step::new(1, Action::Read { value: 0 }),
            Step::new(2, Action::Read { value: 0 }),
            Step::new(1, Action::Write { value: 1 }),
            Step::new(2, Action::Write { value: 1 }),
            Step::new(0, Action::Read { value: 1 }),
        ]);
        let text = text(&trace, "lost update: expected 2, got 1", &[]);
        assert_eq!(
            text,
            "lost update: expected 2, got 1

step │ T1        │ T2
─────┼───────────┼───────────
   1 │ read 0
   2 │           │ read 0
   3 │ write 1
   4 │           │ write 1 ✗
   5 │ main: read 1

✗ step 4: T2 writes 1, computed from the 0 it read, over the 1 that T1 wrote: T1's update is lost.
"
        );
    }
}
