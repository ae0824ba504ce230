//! `racelab tour`: the lessons in order, each a short paragraph and a result
//! measured now, on this machine. It is what plain `racelab` (and so
//! `cargo run --release`) runs; `racelab tour --lesson N` runs one again.
//!
//! 1. threads and join ([`basics`]);
//! 2. a pool of workers ([`basics`]);
//! 3. I/O-bound work overlaps ([`basics`]);
//! 4. the lost update on real threads ([`race`]);
//! 5. its proof and its trace ([`race`]);
//! 6. the locks, proved exact ([`locks`]);
//! 7. what they cost ([`locks`]);
//! 8. designing the shared state away ([`locks`]);
//! 9. beyond the counter: the catalogue's bugs and fixes ([`catalogue`]).
//!
//! Each counter's code is shown before its result ([`listing`]); real
//! threads are run several times and timed as medians ([`measure`]).
//!
//! Time budget: the whole tour should finish in about 3 seconds, and in at
//! most about 5 on a busy machine. Lesson 3 waits 1.1 s by design; lesson 4
//! stops at 0.4 s per counter; lessons 7 and 8 stop at 0.3 s per counter; the
//! model checkers of lessons 5, 6 and 8 take milliseconds.

mod basics;
mod catalogue;
mod listing;
mod locks;
mod measure;
mod race;

use std::process::ExitCode;

use racelab::scenario::{Program, Size};

use crate::cli::refuse_with;

/// The options of `racelab tour`.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct Args {
    /// Runs only lesson N (1 to 9), for example to measure it again.
    #[arg(long, value_name = "N", value_parser = lesson_number)]
    lesson: Option<usize>,
}

/// Parses `--lesson`'s value; whether that lesson exists is checked by [`run`].
fn lesson_number(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("the lessons are numbered 1 to {}", LESSONS.len()))
}

/// The lessons in order: a title and the function that runs it.
const LESSONS: [(&str, fn()); 9] = [
    ("Threads and join", basics::threads_and_join),
    ("A pool of workers", basics::pool),
    ("Waiting overlaps", basics::io_overlap),
    ("The lost update", race::lost_update),
    ("The proof, and how it happens", race::proof),
    ("The locks", locks::locks),
    ("What the locks cost", locks::cost),
    ("Designing the shared state away", locks::local),
    ("Beyond the counter", catalogue::catalogue),
];

/// Runs every lesson in order, or only the one `--lesson` names.
pub(crate) fn run(args: &Args) -> ExitCode {
    match args.lesson {
        None => {
            introduce();
            for number in 1..=LESSONS.len() {
                run_lesson(number);
            }
            paragraph(
                "Next: `racelab explore racy` (every outcome, graded), `racelab list` (the \
                 catalogue), `racelab explore racy --grow` (why model checking is hard), \
                 `racelab sweep` (how many workers), `racelab count` (the tutorial's program).",
            );
            paragraph(
                "Now find the lost update yourself: `racelab play racy` lets you choose which \
                 thread runs next, one step at a time, until the count ends wrong.",
            );
        }
        Some(number) if (1..=LESSONS.len()).contains(&number) => run_lesson(number),
        Some(number) => {
            return refuse_with(&format!(
                "there is no lesson {number}: the lessons are numbered 1 to {}",
                LESSONS.len()
            ))
        }
    }
    ExitCode::SUCCESS
}

/// What racelab is, and how to run one lesson again.
fn introduce() {
    paragraph(
        "racelab teaches how threads go wrong and how to put them right: it runs threads that \
         share a count on this machine, counts the updates they lose, and fixes that with a \
         lock, an atomic, or no sharing at all. It then proves those claims with the model \
         checkers loom and shuttle, which try to run a small program in every execution they \
         can tell apart, instead of trusting luck.",
    );
    paragraph(&format!(
        "Every result below is measured now, on this machine, so it changes from run to run. \
         To run one lesson again (N from 1 to {}):",
        LESSONS.len()
    ));
    println!("    racelab tour --lesson N");
    println!("    cargo run --release -- tour --lesson N\n");
}

/// Prints lesson `number`'s title and runs it.
fn run_lesson(number: usize) {
    let (title, lesson) = LESSONS[number - 1];
    println!("── {number}. {title} ──\n");
    lesson();
    println!();
}

/// The counter called `name`, at `threads` × `increments`.
pub(crate) fn counter(name: &str, threads: usize, increments: u64) -> Program {
    let scenario = racelab::scenario::find(name).expect("the counters are registered");
    Program::named(scenario, None, Size::new(threads, increments))
        .expect("a counter has its one version")
}

/// Prints `text` as a paragraph wrapped to the terminal's width (80
/// columns when it is no terminal).
pub(crate) fn paragraph(text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    println!(
        "{}\n",
        textwrap::fill(&text, racelab::trace::render::wrapping(crate::cli::width()))
    );
}

/// Prints `text` wrapped to the terminal's width, its lines after the first
/// indented by `indent` spaces.
pub(crate) fn hanging(text: &str, indent: usize) {
    let rest = " ".repeat(indent);
    let options = racelab::trace::render::wrapping(crate::cli::width()).subsequent_indent(&rest);
    println!("{}", textwrap::fill(text, options));
}
