//! The command line: parsing, and one function per subcommand.
//!
//! - `tour` (the default): the lessons in order, each measured now;
//! - `count`: the tutorial's program on real threads, then the proof;
//! - `list`: every scenario, and which engines can show its bug;
//! - `explore`: every outcome of one scenario under one engine, graded, with
//!   the witness of each lost update (`--grow`: how the work explodes);
//! - `play`: the learner chooses which thread runs next;
//! - `replay`: one shuttle execution again, from its printed schedule;
//! - `sweep`: how many workers an I/O-bound and a CPU-bound job want.
//!
//! Bad input never panics: it is answered with one sentence on standard error
//! and exit code 2.

mod commands;
mod count;
mod explore;
mod grow;
mod levels;
mod list;
mod numbers;
mod play;
mod plot;
mod progress;
mod replay;
mod sweep;
mod tour;

use std::fmt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::str::FromStr;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};
use racelab::scenario::{self, AnyScenario};
use racelab::sync::Engine;

/// Teaches, and proves, how threads go wrong and how locks, atomics and
/// thread pools put them right. With no command, runs the tour.
#[derive(Debug, Parser)]
#[command(name = "racelab", version, max_term_width = 80)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The lessons in order, each a paragraph and a result measured now (the
    /// default command).
    Tour(tour::Args),
    /// Counts on real threads with every counter, then proves which ones can
    /// lose updates.
    Count(count::Args),
    /// Every outcome of one counter or catalogue scenario under one engine,
    /// graded, and the witness of each wrong one with the fewest preemptions.
    Explore(explore::Args),
    /// Every scenario: what goes wrong, which engines show it, its variants.
    List(list::Args),
    /// Play the scheduler: choose which thread runs next until the program
    /// breaks, in the terminal, from a script of moves, or as a web page.
    Play(play::Args),
    /// Runs one shuttle execution again from the schedule an exploration
    /// printed, and prints its trace.
    Replay(replay::Args),
    /// Times an I/O-bound and a CPU-bound job on 1, 2, 4, … workers, and
    /// plots the speed-up as an SVG.
    Sweep(sweep::Args),
}

/// Parses the command line and runs it.
pub(crate) fn main() -> ExitCode {
    stop_quietly_when_output_fails();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse(error),
    };
    match cli.command.unwrap_or(Command::Tour(tour::Args::default())) {
        Command::Tour(args) => tour::run(&args),
        Command::Count(args) => count::run(&args),
        Command::Explore(args) => explore::run(&args),
        Command::List(args) => list::run(&args),
        Command::Play(args) => play::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Sweep(args) => sweep::run(&args),
    }
}

/// The commands that print as they go (`println!`) panic when standard
/// output is closed, as by `racelab tour | head`: say so in one line, as
/// [`print`] does, instead of a panic and its backtrace. Other panics are
/// reported as usual.
fn stop_quietly_when_output_fails() {
    let usual = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if let Some(error) = message.strip_prefix("failed printing to stdout: ") {
            eprintln!("racelab: could not write the output: {error}");
            std::process::exit(1);
        }
        usual(info);
    }));
}

/// Prints clap's help or version as they are, and any other parse error as
/// one sentence with exit code 2.
fn refuse(error: clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    // clap puts what the sentence needs (the valid values, the missing
    // argument) on the lines under its first: keep the first paragraph.
    let rendered = error.render().to_string();
    let sentence = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let sentence = sentence.trim_start_matches("error: ");
    if sentence.is_empty() {
        return refuse_with("the command line is not valid");
    }
    refuse_with(sentence)
}

/// Answers bad input: `sentence` on standard error, exit code 2.
pub(crate) fn refuse_with(sentence: &str) -> ExitCode {
    let options = racelab::trace::render::wrapping(80).subsequent_indent("  ");
    eprintln!(
        "{}",
        textwrap::fill(&format!("racelab: {sentence}"), options)
    );
    ExitCode::from(2)
}

/// Writes `text` to standard output; if that fails (a closed pipe, a full
/// disk), says so in one sentence and exits with 1 instead of panicking.
pub(crate) fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("racelab: could not write the output: {error}");
            ExitCode::from(1)
        }
    }
}

/// How wide output may be: the terminal's width when standard output is
/// one (from 60 to 100 columns), else 80.
pub(crate) fn width() -> usize {
    if !std::io::stdout().is_terminal() {
        return 80;
    }
    ratatui::crossterm::terminal::size()
        .map(|(columns, _)| usize::from(columns).clamp(60, 100))
        .unwrap_or(80)
}

/// A scenario, named on the command line.
#[derive(Clone, Copy)]
pub(crate) struct Named(pub(crate) &'static dyn AnyScenario);

impl fmt::Debug for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.about().name)
    }
}

impl FromStr for Named {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        scenario::find(name).map(Named).ok_or_else(|| {
            format!(
                "there is no scenario '{name}': choose one of {} (racelab list says what each is)",
                scenario::names().join(", ")
            )
        })
    }
}

/// An engine, named on the command line; its settings come from the other
/// options.
#[derive(Clone, Debug)]
pub(crate) struct EngineName(Engine);

impl EngineName {
    /// The engine, with default settings.
    pub(crate) fn engine(&self) -> Engine {
        self.0.clone()
    }
}

impl FromStr for EngineName {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Engine::named(name).map(EngineName).ok_or_else(|| {
            format!(
                "there is no engine '{name}': choose one of {}",
                Engine::NAMES.join(", ")
            )
        })
    }
}
