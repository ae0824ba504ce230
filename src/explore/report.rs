//! An exploration as a reader sees it: the outcome table, then the witness
//! of every outcome that lost updates, then the legend — built once as a
//! [`Report`] and drawn in one of four formats.
//!
//! - [`Format::Text`]: for a terminal — the table, then one column per
//!   thread for each witness;
//! - [`Format::Markdown`]: the same as markdown tables, for notes and issues;
//! - [`Format::Svg`]: the swimlane figure of the lowest count's witness, for
//!   a slide;
//! - [`Format::Html`]: a page with the table and a swimlane per witness.

mod formats;
mod legend;

pub use self::legend::{legend_for, legend_text, words_used, LEGEND};

use std::fmt;
use std::str::FromStr;

use crate::explore::{Counting, Engine, Exploration, Grade, Outcome};
use crate::trace::{Drawing, Order};

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
/// let racy = model::loom(Scenario::Racy, 2, 1);
/// assert!(report(&racy, Format::Text).contains("lost update: expected 2, got 1"));
/// assert!(report(&racy, Format::Svg).starts_with("<svg"));
/// ```
pub fn report(exploration: &Exploration<Counting>, format: Format) -> String {
    render(&Report::new(exploration), format)
}

/// `report` drawn in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => formats::text(report),
        Format::Markdown => formats::markdown(report),
        Format::Svg => formats::svg(report),
        Format::Html => formats::html(report),
    }
}

/// The text report of `exploration` without the legend at its end, for
/// a command that shows several explorations in a row.
pub fn brief(exploration: &Exploration<Counting>) -> String {
    formats::text_without_legend(&Report::new(exploration))
}

/// What a report says, before any format draws it.
#[derive(Clone, Debug)]
pub struct Report {
    /// The scenario's name.
    pub title: String,
    /// What the engine's runs are called, plural: the count column's name.
    pub unit: String,
    /// What the first column's outcomes are: `count`, `outcome`.
    pub outcome_header: &'static str,
    /// What ran, on which engine, how much.
    pub heading: String,
    /// One row per outcome, highest count first.
    pub rows: Vec<Row>,
    /// The sentences under the table: what the column counts, what the
    /// table proves.
    pub under_table: Vec<String>,
    /// The witness of each lost-update outcome, highest count first.
    pub witnesses: Vec<Shown>,
    /// A sentence for when nothing was lost.
    pub verdict: Option<String>,
}

/// One row of the outcome table.
#[derive(Clone, Debug)]
pub struct Row {
    /// The outcome: the final count, or the values the threads saw.
    pub outcome: String,
    /// How many executions ended there.
    pub executions: usize,
    /// Correct or not, in the scenario's words.
    pub grade: &'static str,
    /// What it means, in a few words.
    pub meaning: String,
}

/// One witness as shown: its headline, the drawing, the lines under it.
#[derive(Clone, Debug)]
pub struct Shown {
    /// `lost update: expected 2, got 1`.
    pub headline: String,
    /// The steps, drawn.
    pub drawing: Drawing,
    /// How few preemptions, which execution, how to run it again, the fix.
    pub footer: Vec<String>,
}

impl Report {
    /// The report of `exploration`.
    pub fn new(exploration: &Exploration<Counting>) -> Self {
        let rows = exploration
            .outcomes
            .iter()
            .rev()
            .map(|(&count, outcome)| Row {
                outcome: count.to_string(),
                executions: outcome.executions,
                grade: exploration.grade(count).name(),
                meaning: meaning(exploration, count, outcome),
            })
            .collect();
        let witnesses = if exploration.engine.records() {
            exploration
                .lost_updates()
                .into_iter()
                .map(|count| witness(exploration, count))
                .collect()
        } else {
            Vec::new()
        };
        Self {
            title: exploration.program.scenario.name().to_string(),
            unit: format!("{}s", exploration.engine.unit()),
            outcome_header: "count",
            heading: heading(exploration),
            rows,
            under_table: under_table(exploration),
            witnesses,
            verdict: verdict(exploration),
        }
    }
}

pub(crate) fn heading(exploration: &Exploration<Counting>) -> String {
    let mut heading = format!(
        "{} ({}), {} × {}, {}: {} in {:.1?}",
        exploration.program.scenario,
        exploration.program.scenario.summary(),
        plural(exploration.program.threads as u64, "thread"),
        plural(exploration.program.increments, "increment"),
        exploration.engine,
        counted(exploration.executions, exploration.engine.unit()),
        exploration.elapsed,
    );
    if exploration.stopped {
        heading.push_str(" (stopped at its limit: a sample, not a proof)");
    }
    heading
}

/// What an outcome means, in one line.
fn meaning(exploration: &Exploration<Counting>, count: u64, outcome: &Outcome) -> String {
    if exploration.grade(count) == Grade::Correct {
        return "every increment counted".to_string();
    }
    let mut meaning = format!("{} lost", plural(exploration.expected() - count, "update"));
    if exploration.engine.records() {
        if let Some(preemptions) = outcome.witness.preemptions() {
            meaning.push_str(&format!(
                "; fewest preemptions {preemptions}{}",
                if exploration.stopped { " so far" } else { "" }
            ));
        }
        if exploration.weak_memory_only(&count) {
            meaning.push_str("; only under weak memory");
        }
    }
    meaning
}

/// The sentences under the table.
fn under_table(exploration: &Exploration<Counting>) -> Vec<String> {
    let mut lines = vec![runs_sentence(&exploration.engine, exploration.executions)];
    let weak: usize = exploration.outcomes.values().map(|o| o.weak_memory).sum();
    let unexplained: usize = exploration.outcomes.values().map(|o| o.unexplained).sum();
    if exploration.engine == Engine::Loom && exploration.executions > 0 {
        lines.push(if weak == 0 && unexplained == 0 {
            format!(
                "Every one of the {} is explained by an interleaving of whole steps: none needs \
                 weak memory.",
                counted(exploration.executions, "execution")
            )
        } else {
            format!(
                "{} no interleaving explains: only weak memory allows them.{}",
                plural(weak as u64, "execution"),
                if unexplained > 0 {
                    format!(" The search gave up on {unexplained} more.")
                } else {
                    String::new()
                }
            )
        });
    }
    lines
}

/// What the engine's runs column counts, under a table of `runs` of them.
pub(crate) fn runs_sentence(engine: &Engine, runs: usize) -> String {
    if engine.records() {
        format!(
            "The {}s column counts {}'s runs, not how often a machine does it: {}.",
            engine.unit(),
            engine.name(),
            engine.counts()
        )
    } else {
        format!(
            "The runs column counts how often each outcome came out in {} runs on this machine; \
             the counts depend on its processor and its load, so they are a sample, not the \
             odds on another machine.",
            grouped(runs as u64)
        )
    }
}

/// The witness of `count`, with its footer.
fn witness(exploration: &Exploration<Counting>, count: u64) -> Shown {
    let outcome = &exploration.outcomes[&count];
    let witness = &outcome.witness;
    let mut footer: Vec<String> = witness.drawing.places_sentence().into_iter().collect();
    match witness.drawing.order {
        Order::Interleaving { preemptions } => footer.push(format!(
            "Drawn as the interleaving with the fewest preemptions that ends at {count}: {}. {}",
            plural(preemptions as u64, "preemption"),
            if exploration.stopped {
                "The exploration stopped early: an execution it did not reach might need fewer."
                    .to_string()
            } else {
                format!(
                    "Every one of the {} that end at {count} needs at least that many in any \
                     interleaving that explains it.",
                    counted(outcome.executions, exploration.engine.unit())
                )
            }
        )),
        Order::WeakMemory => footer.push(
            "No interleaving explains this execution: it is drawn in the order the engine ran it."
                .to_string(),
        ),
        Order::Unexplained | Order::Played | Order::Forbidden => footer.push(
            "The search for an interleaving gave up: drawn in the order the engine ran it."
                .to_string(),
        ),
    }
    footer.push(format!(
        "The engine ran it as {} {} of {} under {}; the drawing returns the same writes to the \
         same reads.",
        exploration.engine.unit(),
        grouped(witness.execution as u64),
        grouped(exploration.executions as u64),
        exploration.engine
    ));
    if let Some(schedule) = &witness.schedule {
        footer.push(format!(
            "Replay its schedule: racelab replay {} {schedule} --threads {} --increments {}",
            exploration.program.scenario,
            exploration.program.threads,
            exploration.program.increments
        ));
    }
    footer.push(format!("Reproduce: {}", reproduce(exploration)));
    if let Some(fix) = exploration.program.scenario.fix() {
        footer.push(fix.to_string());
    }
    Shown {
        headline: format!(
            "lost update: expected {}, got {count}",
            exploration.expected()
        ),
        drawing: witness.drawing.clone(),
        footer,
    }
}

/// The command that runs `exploration` again.
pub fn reproduce(exploration: &Exploration<Counting>) -> String {
    let scenario = exploration.program.scenario;
    let size = format!(
        "--threads {} --increments {}",
        exploration.program.threads, exploration.program.increments
    );
    match &exploration.engine {
        Engine::Loom => format!("racelab explore {scenario} {size}"),
        Engine::ShuttleDfs => format!("racelab explore {scenario} --engine shuttle-dfs {size}"),
        Engine::ShuttlePct { seed, depth, runs } => format!(
            "racelab explore {scenario} --engine shuttle-pct {size} --seed {seed} --depth {depth} --runs {runs}"
        ),
        Engine::ShuttleRandom { seed, runs } => format!(
            "racelab explore {scenario} --engine shuttle-random {size} --seed {seed} --runs {runs}"
        ),
        Engine::ShuttleReplay(schedule) => {
            let schedule: String = schedule.split_whitespace().collect();
            format!("racelab replay {scenario} {schedule} {size}")
        }
        Engine::Threads { runs } => {
            format!("racelab explore {scenario} --engine threads {size} --runs {runs}")
        }
    }
}

/// The closing sentence when nothing was lost: what the table proves, or
/// does not.
fn verdict(exploration: &Exploration<Counting>) -> Option<String> {
    if exploration.lost_update().is_some() {
        return None;
    }
    Some(if !exploration.engine.records() {
        "No run lost an update here; that is luck, not proof: the model checkers (--engine loom) \
         decide."
            .to_string()
    } else if exploration.is_proof() {
        "No execution loses an update: for this size, that is a proof, as far as the engine's \
         search is complete (see \"proof, sample\" in `racelab explore --explain`)."
            .to_string()
    } else {
        "No execution explored lost an update; the exploration was not exhaustive, so this is \
         evidence, not proof."
            .to_string()
    })
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
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 execution`, `10,305 executions`.
fn counted(n: usize, word: &str) -> String {
    let word = if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    };
    format!("{} {word}", grouped(n as u64))
}

/// `1 thread`, `2 threads`.
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
