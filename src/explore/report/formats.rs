//! The four ways to draw a [`Report`]: each walks the same report, so a
//! sentence is written once and every format says it.

use std::fmt::Write;

use comfy_table::{CellAlignment, Table};

use crate::explore::report::{grouped, legend_for, words_used, Report};
use crate::trace::render::{self, escape, wrapping, WIDTH};

/// The table style: a rule under the header and between columns.
const COLUMNS: &str = "     ─┼ │          ";

pub(super) fn text(report: &Report) -> String {
    let mut out = text_without_legend(report);
    let _ = write!(out, "\n{}", legend_for(&out, WIDTH));
    out
}

pub(super) fn text_without_legend(report: &Report) -> String {
    let mut table = Table::new();
    table.load_preset(COLUMNS);
    table.set_header([report.outcome_header, &report.unit, "grade", "meaning"]);
    for row in &report.rows {
        table.add_row([
            row.outcome.clone(),
            grouped(row.executions as u64),
            row.grade.to_string(),
            row.meaning.clone(),
        ]);
    }
    for column in 0..2 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = format!("{}\n\n", report.heading);
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    for line in &report.under_table {
        out.push_str(&textwrap::fill(line, wrapping(WIDTH)));
        out.push('\n');
    }
    for shown in &report.witnesses {
        out.push('\n');
        out.push_str(&render::text(
            &shown.drawing,
            &shown.headline,
            &shown.footer,
        ));
    }
    if let Some(verdict) = &report.verdict {
        let _ = write!(out, "\n{}\n", textwrap::fill(verdict, wrapping(WIDTH)));
    }
    out
}

pub(super) fn markdown(report: &Report) -> String {
    let mut out = format!(
        "{}\n\n| {} | {} | grade | meaning |\n|---:|---:|---|---|\n",
        report.heading, report.outcome_header, report.unit
    );
    for row in &report.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.outcome, row.executions, row.grade, row.meaning
        );
    }
    for line in &report.under_table {
        let _ = write!(out, "\n{line}\n");
    }
    for shown in &report.witnesses {
        out.push('\n');
        out.push_str(&render::markdown(
            &shown.drawing,
            &shown.headline,
            &shown.footer,
        ));
    }
    if let Some(verdict) = &report.verdict {
        let _ = write!(out, "\n{verdict}\n");
    }
    out.push_str("\n#### Words used above\n\n");
    for (word, meaning) in words_used(&out) {
        let _ = writeln!(out, "- **{word}**: {meaning}");
    }
    out
}

/// The swimlane of the lowest count's witness.
pub(super) fn svg(report: &Report) -> String {
    match report.witnesses.last() {
        Some(shown) => swimlane(report, shown),
        None => {
            let verdict = report.verdict.clone().unwrap_or_default();
            render::svg(&Default::default(), &report.heading, &[verdict])
        }
    }
}

fn swimlane(report: &Report, shown: &super::Shown) -> String {
    let mut caption = shown.footer.clone();
    caption.push(report.heading.clone());
    render::svg(&shown.drawing, &shown.headline, &caption)
}

pub(super) fn html(report: &Report) -> String {
    let heading = escape(&report.heading);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{heading}</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em}}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n<p>{heading}</p>\n<table>\n<tr><th>{}</th><th>{}</th>\
         <th>grade</th><th>meaning</th></tr>\n",
        escape(&report.title),
        report.outcome_header,
        report.unit
    );
    for row in &report.rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.outcome),
            row.executions,
            row.grade,
            escape(&row.meaning)
        );
    }
    out.push_str("</table>\n");
    for line in &report.under_table {
        let _ = writeln!(out, "<p>{}</p>", escape(line));
    }
    for shown in &report.witnesses {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n{}",
            escape(&shown.headline),
            render::svg(&shown.drawing, &shown.headline, &shown.footer)
        );
    }
    if let Some(verdict) = &report.verdict {
        let _ = writeln!(out, "<p>{}</p>", escape(verdict));
    }
    let used = words_used(&text_without_legend(report));
    out.push_str("<h2>Words used above</h2>\n<dl>\n");
    for (word, meaning) in used {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(word), escape(meaning));
    }
    out.push_str("</dl>\n</body>\n</html>\n");
    out
}
