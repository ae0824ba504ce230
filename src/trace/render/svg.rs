//! The trace as a swimlane figure: an SVG a teacher can put on a slide.
//!
//! One lane per thread, time going down, one box per step with its value.
//! The write that overwrites another thread's update is red, with a dashed
//! arrow from the update it erases; a stale read is amber. The headline is
//! the title, and the sentences that explain the marks are underneath.
//! The SVG is written by hand: it is a few rectangles and lines of text.

use std::fmt::Write;

use crate::trace::render::{cell, note};
use crate::trace::{thread_name, Action, Mark, Trace};

const LANE: usize = 190;
const ROW: usize = 40;
const LEFT: usize = 70;
const TOP: usize = 100;
const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// Renders `trace` as a standalone SVG document titled `headline`, with the
/// marked steps explained and the `footer` lines underneath.
///
/// ```
/// use racelab::trace::{render, Action::*, Step, Trace};
///
/// let trace = Trace::new(vec![Step::new(1, Read { value: 0 }), Step::new(2, Write { value: 1 })]);
/// let svg = render::svg(&trace, "two steps", &[]);
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("read 0"));
/// ```
pub fn svg(trace: &Trace, headline: &str, footer: &[String]) -> String {
    let threads = trace.threads();
    let marks = trace.marks();
    let lane_of = |thread: usize| threads.iter().position(|&t| t == thread).unwrap_or(0);
    let width = (LEFT + LANE * threads.len().max(2) + 20).max(560);
    let lanes_bottom = TOP + ROW * trace.steps().len() + 10;

    let mut text_lines: Vec<(String, &str)> = Vec::new();
    for (index, (step, mark)) in trace.steps().iter().zip(&marks).enumerate() {
        if let Some(mark) = mark {
            let colour = match mark {
                Mark::Overwrites { .. } => "#b91c1c",
                Mark::Stale { .. } => "#92400e",
            };
            for line in wrap(&note(index + 1, step.thread, step.action, *mark), width) {
                text_lines.push((line, colour));
            }
        }
    }
    for line in footer {
        for line in wrap(line, width) {
            text_lines.push((line, "#4b5563"));
        }
    }
    let height = lanes_bottom + 30 + 20 * text_lines.len() + 10;

    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONT}\">\n"
    );
    let _ = writeln!(
        out,
        "  <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n  \
         <text x=\"20\" y=\"36\" font-size=\"22\" font-weight=\"bold\" fill=\"#111827\">{}</text>",
        escape(headline)
    );
    out.push_str(
        "  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" \
         fill=\"#b91c1c\"/></marker></defs>\n",
    );
    // The lanes, with the thread names on top.
    for (lane, &thread) in threads.iter().enumerate() {
        let x = LEFT + lane * LANE;
        let _ = writeln!(
            out,
            "  <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#f3f4f6\"/>\n  \
             <text x=\"{}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" text-anchor=\"middle\" \
             fill=\"#374151\">{}</text>",
            x + 6,
            TOP - 34,
            LANE - 12,
            lanes_bottom - TOP + 34,
            x + LANE / 2,
            TOP - 12,
            thread_name(thread)
        );
    }
    // Time goes down.
    let _ = writeln!(
        out,
        "  <line x1=\"28\" y1=\"{TOP}\" x2=\"28\" y2=\"{}\" stroke=\"#9ca3af\" stroke-width=\"2\" \
         marker-end=\"url(#arrow)\"/>\n  <text x=\"18\" y=\"{}\" font-size=\"12\" fill=\"#6b7280\">time</text>",
        lanes_bottom - 6,
        TOP - 12
    );
    // One box per step.
    for (index, (step, mark)) in trace.steps().iter().zip(&marks).enumerate() {
        let x = LEFT + lane_of(step.thread) * LANE + 16;
        let y = TOP + index * ROW;
        let (fill, stroke, dash) = match mark {
            Some(Mark::Overwrites { .. }) => ("#fee2e2", "#b91c1c", ""),
            Some(Mark::Stale { .. }) => ("#fef3c7", "#d97706", " stroke-dasharray=\"5 3\""),
            None => ("#ffffff", "#6b7280", ""),
        };
        let _ = writeln!(
            out,
            "  <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#9ca3af\">{}</text>\n  \
             <rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"2\"{dash}/>\n  <text x=\"{}\" y=\"{}\" font-size=\"15\" text-anchor=\"middle\" \
             fill=\"#111827\">{}</text>",
            LEFT - 4,
            y + 20,
            index + 1,
            LANE - 32,
            ROW - 10,
            x + (LANE - 32) / 2,
            y + 20,
            escape(&cell(step.action, *mark))
        );
    }
    // An arrow from each erased update to the write that erases it.
    for (index, mark) in marks.iter().enumerate() {
        if let Some(Mark::Overwrites { thread, value, .. }) = mark {
            if let Some(erased) = erased_step(trace, index, *thread, *value) {
                let from_x = LEFT + lane_of(*thread) * LANE + LANE / 2;
                let to_x = LEFT + lane_of(trace.steps()[index].thread) * LANE + LANE / 2;
                let from_y = TOP + erased * ROW + ROW - 10;
                let to_y = TOP + index * ROW;
                let _ = writeln!(
                    out,
                    "  <line x1=\"{from_x}\" y1=\"{from_y}\" x2=\"{to_x}\" y2=\"{to_y}\" stroke=\"#b91c1c\" \
                     stroke-width=\"2\" stroke-dasharray=\"6 4\" marker-end=\"url(#arrow)\"/>"
                );
            }
        }
    }
    for (line_number, (line, colour)) in text_lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <text x=\"20\" y=\"{}\" font-size=\"13\" fill=\"{colour}\">{}</text>",
            lanes_bottom + 30 + 20 * line_number,
            escape(line)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The step before `index` at which `thread` wrote `value`: the update that
/// the write at `index` erases.
fn erased_step(trace: &Trace, index: usize, thread: usize, value: u64) -> Option<usize> {
    trace.steps()[..index].iter().rposition(|step| {
        step.thread == thread
            && match step.action {
                Action::Write { value: written } => written == value,
                Action::Add { after, .. } => after == value,
                _ => false,
            }
    })
}

/// Breaks `text` into lines that fit `width` pixels at the notes' font size.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let max = (width.saturating_sub(40) / 7).max(40);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` with the characters that mean something in XML escaped.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
