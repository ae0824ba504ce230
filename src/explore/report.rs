//! An exploration as a reader sees it: the heading, the outcome table, the
//! sentences under it, the witness of every outcome that breaks the
//! contract, then the words used — built once as a [`Report`] and drawn in
//! one of four formats.
//!
//! - [`Format::Text`]: for a terminal — the table, then one column per
//!   thread for each witness;
//! - [`Format::Markdown`]: the same as markdown tables, for notes and issues;
//! - [`Format::Svg`]: the swimlane figure of the last witness, for a slide;
//! - [`Format::Html`]: a page with the table and a swimlane per witness.
//!
//! A report states facts; where it points to something to run next, it
//! holds a [`Hint`], and whoever draws it says how: the `racelab` command
//! turns each into a command line.

mod formats;
mod legend;
mod table;
mod witness;

pub use self::legend::{legend_text, short_legend, words_used, LEGEND};

use std::fmt;
use std::str::FromStr;

use crate::explore::Exploration;
use crate::scenario::{Code, Program};
use crate::sync::Engine;
use crate::trace::Drawing;

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

/// Something a report points to, to run next: a fact, which whoever draws
/// the report words (the command line as a command).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// This program on this engine.
    Explore {
        /// The program.
        program: Program,
        /// The engine, with its settings.
        engine: Engine,
    },
    /// One shuttle schedule of this program, run again.
    Replay {
        /// The program.
        program: Program,
        /// The schedule, as shuttle printed it.
        schedule: String,
    },
    /// One of the executions of this program that the memory model forbids,
    /// drawn.
    ShowForbidden {
        /// The program.
        program: Program,
    },
    /// This program played as a game, with these moves if any.
    Play {
        /// The program.
        program: Program,
        /// The keys to play, in order.
        moves: Option<Vec<String>>,
    },
    /// The whole legend of the words a report uses.
    Legend,
}

impl Hint {
    /// The hint in words, for a reader without the command line (a test's
    /// output): `explore racy on shuttle-dfs`.
    pub fn words(&self) -> String {
        match self {
            Hint::Explore { program, engine } => format!("explore {program} on {engine}"),
            Hint::Replay { program, schedule } => {
                format!("replay {program}'s shuttle schedule {schedule}")
            }
            Hint::ShowForbidden { program } => {
                format!("draw one of {program}'s forbidden executions")
            }
            Hint::Play { program, moves } => match moves {
                Some(moves) => format!("play {program} with the moves {}", moves.join(",")),
                None => format!("play {program}"),
            },
            Hint::Legend => "the legend".to_string(),
        }
    }
}

/// How a report's hints are worded: the command line gives commands;
/// [`Hint::words`] describes them.
pub type Commands<'a> = &'a dyn Fn(&Hint) -> String;

/// One line of a report: a sentence, or a label and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A sentence.
    Text(String),
    /// `Reproduce: …`: a label, and the hint after it.
    Hint(&'static str, Hint),
}

impl Line {
    /// The line, its hint worded by `commands` on a line of its own,
    /// indented, so that a command is never broken.
    pub fn words(&self, commands: Commands<'_>) -> String {
        match self {
            Line::Text(text) => text.clone(),
            Line::Hint(label, hint) => format!("{label}\n  {}", commands(hint)),
        }
    }
}

impl From<String> for Line {
    fn from(text: String) -> Self {
        Line::Text(text)
    }
}

/// What a report says, before any format draws it.
#[derive(Clone, Debug)]
pub struct Report {
    /// `4a. racy`: the lesson's number and the program.
    pub title: String,
    /// What ran, on which engine, how far.
    pub heading: Vec<String>,
    /// What the first column's outcomes are: `count`, `outcome`.
    pub outcome_header: &'static str,
    /// What the count column counts: `behaviours`, `runs`.
    pub count_header: &'static str,
    /// One row per outcome.
    pub rows: Vec<Row>,
    /// The sentences under the table: what was found, and what it proves.
    pub under_table: Vec<Line>,
    /// The witness of each outcome that breaks the contract.
    pub witnesses: Vec<Shown>,
    /// The closing sentences, when no outcome breaks the contract.
    pub verdict: Vec<Line>,
}

/// One row of the outcome table.
#[derive(Clone, Debug)]
pub struct Row {
    /// The outcome: the final count, or the values the threads saw.
    pub outcome: String,
    /// How many behaviours (or, on real threads, runs) ended there.
    pub count: usize,
    /// Correct or not, in the scenario's words.
    pub grade: &'static str,
    /// What it means, in a few words.
    pub meaning: String,
}

/// One witness as shown: its headline, the code, the drawing, the lines
/// under it.
#[derive(Clone, Debug)]
pub struct Shown {
    /// `lost update: expected 2, got 1`.
    pub headline: String,
    /// Where it goes wrong and what fixes it, in a line; empty for an
    /// execution no program can have.
    pub verdict: String,
    /// Who does what.
    pub roles: &'static str,
    /// The version's code that matters, beside its Python.
    pub code: &'static [Code],
    /// The steps, drawn.
    pub drawing: Drawing,
    /// The scenario's own notes, then how few preemptions, which execution,
    /// how to run it again, the fix.
    pub footer: Vec<Line>,
}

/// The whole report of `exploration` in `format`, its hints worded by
/// `commands`, its sentences wrapped at `width` columns.
///
/// ```
/// use racelab::counter::RacyCount;
/// use racelab::explore::model;
/// use racelab::explore::report::{report, Format, Hint};
/// use racelab::scenario::{Program, Size};
///
/// let racy = model::loom(Program::new(&RacyCount, (), Size::SMALLEST));
/// let text = report(&racy, Format::Text, &Hint::words, 80);
/// assert!(text.contains("lost update: expected 2, got 1"));
/// assert!(report(&racy, Format::Svg, &Hint::words, 80).starts_with("<svg"));
/// ```
pub fn report(
    exploration: &Exploration,
    format: Format,
    commands: Commands<'_>,
    width: usize,
) -> String {
    render(&Report::new(exploration), format, commands, width)
}

/// `report` drawn in `format`.
pub fn render(report: &Report, format: Format, commands: Commands<'_>, width: usize) -> String {
    match format {
        Format::Text => formats::text(report, commands, width),
        Format::Markdown => formats::markdown(report, commands),
        Format::Svg => formats::svg(report, commands),
        Format::Html => formats::html(report, commands),
    }
}

/// The text report of `exploration` without the words at its end, for a
/// command (or a test) that shows several explorations in a row.
pub fn brief(exploration: &Exploration, commands: Commands<'_>, width: usize) -> String {
    formats::text_without_legend(&Report::new(exploration), commands, width)
}

/// `program`'s code that matters, each group of threads with its Rust and its
/// Python, as a witness shows it.
pub fn code(program: Program) -> String {
    formats::code_text(program.variant().code)
}

/// One of the executions of `exploration` that the memory model forbids,
/// drawn with why; `None` if there is none.
pub fn forbidden(
    exploration: &Exploration,
    commands: Commands<'_>,
    width: usize,
) -> Option<String> {
    let shown = witness::forbidden(exploration)?;
    Some(formats::witness_text(&shown, commands, width))
}

impl Report {
    /// The report of `exploration`.
    pub fn new(exploration: &Exploration) -> Self {
        let program = exploration.program;
        let witnesses = if exploration.engine.records() {
            exploration
                .wrong()
                .into_iter()
                .map(|observed| witness::shown(exploration, observed))
                .collect()
        } else {
            Vec::new()
        };
        Self {
            title: format!("{}. {program}", program.about().number),
            heading: table::heading(exploration),
            outcome_header: program.about().outcome,
            count_header: if exploration.engine.records() {
                "behaviours"
            } else {
                "runs"
            },
            rows: table::rows(exploration),
            under_table: table::under(exploration),
            witnesses,
            verdict: table::verdict(exploration),
        }
    }
}

/// `1234567` as `1,234,567`.
///
/// ```
/// assert_eq!(racelab::explore::grouped(1_234_567), "1,234,567");
/// ```
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 execution`, `10,305 executions`.
pub fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", grouped(n as u64))
    }
}

/// `1 thread`, `2 threads`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
