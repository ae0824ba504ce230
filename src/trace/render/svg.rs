//! The trace as a swimlane figure: an SVG a teacher can put on a slide.
//!
//! One lane per thread, main included, time going down, one box per step
//! with its value. A grey arrow runs from each write to every read that
//! returned it (reads-from). An update nothing built on is pink; the write
//! that replaced it is red. The headline is the title, and the sentences
//! that explain the marks are underneath. The SVG is written by hand: it is
//! a few rectangles, lines and words.

use std::fmt::Write;

use crate::trace::analysis::marks::Mark;
use crate::trace::{thread_name, Drawing};

const LANE: usize = 200;
const ROW: usize = 40;
const LEFT: usize = 70;
const TOP: usize = 100;
const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// Renders `drawing` as a standalone SVG document titled `headline`, with
/// the marked steps explained and the `footer` lines underneath.
///
/// ```
/// use racelab::trace::{render, Action::*, Drawing, Step, Trace};
///
/// let trace = Trace::new(vec![Step::new(0, Spawn { thread: 1 }), Step::new(1, Event { label: "hello" })], vec![]);
/// let svg = render::svg(&Drawing::new(&trace), "two steps", &[]);
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("hello"));
/// ```
pub fn svg(drawing: &Drawing, headline: &str, footer: &[String]) -> String {
    let threads = drawing.trace.threads();
    let rows: Vec<usize> = drawing.rows().collect();
    let lane_of = |thread: usize| threads.iter().position(|&t| t == thread).unwrap_or(0);
    let row_of = |index: usize| rows.iter().position(|&r| r == index);
    let width = (LEFT + LANE * threads.len().max(2) + 20).max(640);
    let lanes_bottom = TOP + ROW * rows.len() + 10;

    let columns = (width - 40) / 7;
    let mut text_lines: Vec<(String, &str)> = Vec::new();
    for note in drawing.notes() {
        let colour = if note.starts_with('✗') {
            "#b91c1c"
        } else {
            "#374151"
        };
        for line in textwrap::wrap(&note, super::wrapping(columns)) {
            text_lines.push((line.into_owned(), colour));
        }
    }
    for line in footer {
        for line in textwrap::wrap(line, super::wrapping(columns)) {
            text_lines.push((line.into_owned(), "#4b5563"));
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
    for (id, colour) in [("arrow", "#b91c1c"), ("seen", "#6b7280")] {
        let _ = writeln!(
            out,
            "  <defs><marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" \
             fill=\"{colour}\"/></marker></defs>"
        );
    }
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
         marker-end=\"url(#seen)\"/>\n  <text x=\"18\" y=\"{}\" font-size=\"12\" fill=\"#6b7280\">time</text>",
        lanes_bottom - 6,
        TOP - 12
    );
    // One box per step.
    for (row, &index) in rows.iter().enumerate() {
        let step = drawing.trace.steps()[index];
        let x = LEFT + lane_of(step.thread) * LANE + 12;
        let y = TOP + row * ROW;
        let (fill, stroke) = match drawing.marks.marks[index] {
            Some(Mark::Overwrites { .. }) => ("#fee2e2", "#b91c1c"),
            Some(Mark::Lost { .. }) => ("#fdf2f8", "#db2777"),
            Some(Mark::NotNewest { .. }) => ("#fef3c7", "#d97706"),
            None => ("#ffffff", "#6b7280"),
        };
        let _ = writeln!(
            out,
            "  <text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#9ca3af\">{}</text>\n  \
             <rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"2\"/>\n  <text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" \
             fill=\"#111827\">{}</text>",
            LEFT - 4,
            y + 20,
            drawing.number(index),
            LANE - 24,
            ROW - 10,
            x + (LANE - 24) / 2,
            y + 20,
            escape(&drawing.cell(index))
        );
    }
    // Reads-from: an arrow from each write to each read that returned it.
    for (row, &index) in rows.iter().enumerate() {
        let Some(source_row) = drawing.marks.reads_from[index].and_then(row_of) else {
            continue;
        };
        let from = (
            LEFT + lane_of(drawing.trace.steps()[rows[source_row]].thread) * LANE + LANE / 2,
            TOP + source_row * ROW + ROW - 10,
        );
        let to = (
            LEFT + lane_of(drawing.trace.steps()[index].thread) * LANE + LANE / 2,
            TOP + row * ROW,
        );
        let _ = writeln!(
            out,
            "  <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#6b7280\" stroke-width=\"1.5\" \
             stroke-dasharray=\"4 3\" marker-end=\"url(#seen)\"/>",
            from.0, from.1, to.0, to.1
        );
    }
    // The replaced updates: a red arrow from each to the write replacing it.
    for (row, &index) in rows.iter().enumerate() {
        if let Some(Mark::Lost { by }) = drawing.marks.marks[index] {
            if let Some(by_row) = row_of(by) {
                let _ = writeln!(
                    out,
                    "  <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#b91c1c\" \
                     stroke-width=\"2\" marker-end=\"url(#arrow)\"/>",
                    LEFT + lane_of(drawing.trace.steps()[index].thread) * LANE + LANE - 12,
                    TOP + row * ROW + (ROW - 10) / 2,
                    LEFT + lane_of(drawing.trace.steps()[by].thread) * LANE + LANE - 12,
                    TOP + by_row * ROW + (ROW - 10) / 2,
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

/// `text` with the characters that mean something in XML escaped.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
