//! An exploration as a reader sees it: the outcome table, then the witness
//! of every outcome that lost updates, in one of four formats.
//!
//! - [`Format::Text`]: for a terminal — the table, then one column per
//!   thread for each witness;
//! - [`Format::Markdown`]: the same as markdown tables, for notes and issues;
//! - [`Format::Svg`]: the swimlane figure of the lowest count's witness
//!   (or, if nothing was lost, of an exact execution), for a slide;
//! - [`Format::Html`]: a page with the table and a swimlane per witness.

use std::fmt::{self, Write};
use std::str::FromStr;

use crate::explore::Exploration;
use crate::trace::render::{self, escape};

/// How to print an exploration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Text columns, for a terminal.
    Text,
    /// Markdown tables.
    Markdown,
    /// One SVG swimlane figure.
    Svg,
    /// An HTML page: the table and a swimlane per witness.
    Html,
}

impl Format {
    /// Every format, as the command line names them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Markdown, Format::Svg, Format::Html];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| {
                format!("there is no format '{name}': choose text, markdown, svg or html")
            })
    }
}

/// The whole report of `exploration` in `format`.
///
/// ```
/// use racelab::explore::report::{report, Format};
/// use racelab::explore::{model, Scenario};
///
/// let racy = model::loom(Scenario::Racy, 2, 1, None);
/// assert!(report(&racy, Format::Text).contains("lost update: expected 2, got 1"));
/// assert!(report(&racy, Format::Svg).starts_with("<svg"));
/// ```
pub fn report(exploration: &Exploration, format: Format) -> String {
    match format {
        Format::Text => text(exploration),
        Format::Markdown => markdown(exploration),
        Format::Svg => figure(exploration),
        Format::Html => html(exploration),
    }
}

/// The counts whose witness the report shows: every lost update, or if
/// there is none, the exact count (for the figure only).
fn shown(exploration: &Exploration) -> Vec<u64> {
    exploration.lost_updates()
}

fn text(exploration: &Exploration) -> String {
    let mut out = format!("{}\n", exploration.table());
    for count in shown(exploration) {
        let outcome = &exploration.outcomes[&count];
        if outcome.witness.trace.steps().is_empty() {
            let _ = writeln!(
                out,
                "{}: real threads record no trace. `racelab explore {} --engine loom` shows how it happens.\n",
                exploration.headline(count),
                exploration.scenario
            );
            continue;
        }
        out.push_str(&render::text(
            &outcome.witness.trace,
            &exploration.headline(count),
            &exploration.footer(count),
        ));
        out.push('\n');
    }
    out.push_str(&verdict(exploration));
    out
}

/// The closing sentence: what the table proves, or does not.
fn verdict(exploration: &Exploration) -> String {
    let real = exploration.engine.starts_with("real threads");
    let exhaustive = exploration.engine.contains("every") && !exploration.stopped;
    match (exploration.lost_update().is_some(), real, exhaustive) {
        (true, _, _) => String::new(),
        (false, true, _) => "No run lost an update here; that is luck, not proof: \
                             the model checkers (--engine loom) decide.\n"
            .to_string(),
        (false, false, true) => {
            "No execution loses an update: for this size, that is a proof.\n".to_string()
        }
        (false, false, false) => "No execution explored lost an update; the exploration was \
                                  not exhaustive, so this is evidence, not proof.\n"
            .to_string(),
    }
}

fn markdown(exploration: &Exploration) -> String {
    let mut out = format!(
        "{}\n\n| count | executions | grade | meaning |\n|---:|---:|---|---|\n",
        exploration.heading()
    );
    for (&count, outcome) in exploration.outcomes.iter().rev() {
        let _ = writeln!(
            out,
            "| {count} | {} | {} | {} |",
            outcome.executions,
            exploration.grade(count).name(),
            exploration.meaning(count)
        );
    }
    for count in shown(exploration) {
        let outcome = &exploration.outcomes[&count];
        if outcome.witness.trace.steps().is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&render::markdown(
            &outcome.witness.trace,
            &exploration.headline(count),
            &exploration.footer(count),
        ));
    }
    let verdict = verdict(exploration);
    if !verdict.is_empty() {
        let _ = write!(out, "\n{verdict}");
    }
    out
}

/// The swimlane of the lowest count, or of the exact count if none is lower.
fn figure(exploration: &Exploration) -> String {
    let count = shown(exploration)
        .last()
        .copied()
        .or_else(|| exploration.outcomes.keys().next_back().copied());
    match count {
        Some(count) => swimlane(exploration, count),
        None => render::svg(&Default::default(), "no execution ran", &[]),
    }
}

fn swimlane(exploration: &Exploration, count: u64) -> String {
    let witness = &exploration.outcomes[&count].witness;
    let mut caption: Vec<String> = exploration
        .fewest
        .get(&count)
        .map(|_| exploration.footer(count).remove(0))
        .into_iter()
        .collect();
    caption.push(format!(
        "{}, {} × {}, {}",
        exploration.scenario, exploration.threads, exploration.increments, exploration.engine
    ));
    render::svg(&witness.trace, &exploration.headline(count), &caption)
}

fn html(exploration: &Exploration) -> String {
    let title = escape(&exploration.heading());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em}}\
         .forbidden{{color:#b91c1c}}.interesting{{color:#92400e}}.acceptable{{color:#166534}}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n<p>{title}</p>\n<table>\n<tr><th>count</th><th>executions</th>\
         <th>grade</th><th>meaning</th></tr>\n",
        escape(exploration.scenario.name())
    );
    for (&count, outcome) in exploration.outcomes.iter().rev() {
        let grade = exploration.grade(count).name();
        let _ = writeln!(
            out,
            "<tr><td>{count}</td><td>{}</td><td class=\"{grade}\">{grade}</td><td>{}</td></tr>",
            outcome.executions,
            escape(&exploration.meaning(count))
        );
    }
    out.push_str("</table>\n");
    for count in shown(exploration) {
        if exploration.outcomes[&count]
            .witness
            .trace
            .steps()
            .is_empty()
        {
            continue;
        }
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n{}",
            escape(&exploration.headline(count)),
            swimlane(exploration, count)
        );
        for line in exploration.footer(count) {
            let _ = writeln!(out, "<p>{}</p>", escape(&line));
        }
    }
    let verdict = verdict(exploration);
    if !verdict.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(verdict.trim()));
    }
    out.push_str("</body>\n</html>\n");
    out
}
