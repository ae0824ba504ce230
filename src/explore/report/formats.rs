//! The four ways to draw a [`Report`]: each walks the same report, so a
//! sentence is written once and every format says it.

use std::fmt::Write;

use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::explore::report::{grouped, short_legend, words_used, Commands, Line, Report, Shown};
use crate::scenario::Code;
use crate::trace::render::{self, escape};

/// The table style: a rule under the header and between columns.
const COLUMNS: &str = "     ─┼ │          ";

pub(super) fn text(report: &Report, commands: Commands<'_>, width: usize) -> String {
    let mut out = text_without_legend(report, commands, width);
    let _ = write!(out, "\n{}", short_legend(&out, commands, width));
    out
}

pub(super) fn text_without_legend(report: &Report, commands: Commands<'_>, width: usize) -> String {
    let mut out = String::new();
    for line in &report.heading {
        push_wrapped(&mut out, line, width);
    }
    out.push('\n');
    let mut table = Table::new();
    table.load_preset(COLUMNS);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(width as u16);
    table.set_header([
        report.outcome_header,
        report.count_header,
        "grade",
        "meaning",
    ]);
    for row in &report.rows {
        table.add_row([
            row.outcome.clone(),
            grouped(row.count as u64),
            row.grade.to_string(),
            row.meaning.clone(),
        ]);
    }
    if let Some(column) = table.column_mut(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    for line in &report.under_table {
        push_wrapped(&mut out, &line.words(commands), width);
    }
    for shown in &report.witnesses {
        out.push('\n');
        out.push_str(&witness_text(shown, commands, width));
    }
    if !report.verdict.is_empty() {
        out.push('\n');
        for line in &report.verdict {
            push_wrapped(&mut out, &line.words(commands), width);
        }
    }
    out
}

/// One witness as text: headline, roles, code, drawing, notes, footer.
pub(super) fn witness_text(shown: &Shown, commands: Commands<'_>, width: usize) -> String {
    let mut out = String::new();
    push_wrapped(&mut out, &shown.headline, width);
    push_wrapped(&mut out, &shown.verdict, width);
    push_wrapped(&mut out, shown.roles, width);
    out.push_str(&code_text(shown.code));
    let footer: Vec<String> = shown
        .footer
        .iter()
        .map(|line| line.words(commands))
        .collect();
    out.push_str(&render::text_body(&shown.drawing, &footer, width));
    out
}

/// A version's code, each group of threads with its Rust and its Python.
pub(crate) fn code_text(code: &[Code]) -> String {
    let mut out = String::new();
    for part in code {
        let _ = writeln!(out, "\n{}:", capitalized(part.who));
        for (language, lines) in [("Rust", part.rust), ("Python", part.python)] {
            for (number, line) in lines.iter().enumerate() {
                let label = if number == 0 { language } else { "" };
                let _ = writeln!(out, "  {label:<6}  {line}");
            }
        }
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_wrapped(out: &mut String, text: &str, width: usize) {
    out.push_str(&render::fill(text, width));
}

pub(super) fn markdown(report: &Report, commands: Commands<'_>) -> String {
    let mut out = format!(
        "{}\n\n| {} | {} | grade | meaning |\n|---:|---:|---|---|\n",
        report.heading.join("  \n"),
        report.outcome_header,
        report.count_header
    );
    for row in &report.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.outcome, row.count, row.grade, row.meaning
        );
    }
    for line in &report.under_table {
        let _ = write!(out, "\n{}\n", line.words(commands));
    }
    for shown in &report.witnesses {
        out.push('\n');
        let mut footer = vec![shown.roles.to_string()];
        footer.extend(shown.footer.iter().map(|line| line.words(commands)));
        let _ = write!(
            out,
            "#### {}\n\n{}\n\n```text{}```\n\n",
            shown.headline,
            shown.verdict,
            code_text(shown.code)
        );
        out.push_str(&render::markdown(&shown.drawing, "", &footer));
    }
    for line in &report.verdict {
        let _ = write!(out, "\n{}\n", line.words(commands));
    }
    out.push_str("\n#### Words used above\n\n");
    for entry in words_used(&out) {
        let _ = writeln!(out, "- **{}**: {}", entry.word, entry.long);
    }
    out
}

/// The swimlane of the last witness.
pub(super) fn svg(report: &Report, commands: Commands<'_>) -> String {
    match report.witnesses.last() {
        Some(shown) => {
            let mut caption: Vec<String> = shown
                .footer
                .iter()
                .map(|line| line.words(commands))
                .collect();
            caption.extend(report.heading.iter().cloned());
            render::svg(&shown.drawing, &shown.headline, &caption)
        }
        None => {
            let verdict: Vec<String> = report.verdict.iter().map(|l| l.words(commands)).collect();
            render::svg(&Default::default(), &report.heading.join(" "), &verdict)
        }
    }
}

pub(super) fn html(report: &Report, commands: Commands<'_>) -> String {
    let heading = escape(&report.heading.join(" "));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{heading}</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em}}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n<p>{heading}</p>\n<table>\n<tr><th>{}</th><th>{}</th>\
         <th>grade</th><th>meaning</th></tr>\n",
        escape(&report.title),
        report.outcome_header,
        report.count_header
    );
    for row in &report.rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.outcome),
            row.count,
            row.grade,
            escape(&row.meaning)
        );
    }
    out.push_str("</table>\n");
    let paragraph = |out: &mut String, line: &Line| {
        let _ = writeln!(out, "<p>{}</p>", escape(&line.words(commands)));
    };
    for line in &report.under_table {
        paragraph(&mut out, line);
    }
    for shown in &report.witnesses {
        let footer: Vec<String> = shown
            .footer
            .iter()
            .map(|line| line.words(commands))
            .collect();
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<p>{}</p>\n<p>{}</p>\n<pre>{}</pre>\n{}",
            escape(&shown.headline),
            escape(&shown.verdict),
            escape(shown.roles),
            escape(&code_text(shown.code)),
            render::svg(&shown.drawing, &shown.headline, &footer)
        );
    }
    for line in &report.verdict {
        paragraph(&mut out, line);
    }
    let used = words_used(&text_without_legend(report, commands, 80));
    out.push_str("<h2>Words used above</h2>\n<dl>\n");
    for entry in used {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(entry.word),
            escape(entry.long)
        );
    }
    out.push_str("</dl>\n</body>\n</html>\n");
    out
}
