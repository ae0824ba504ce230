//! `racelab tour`: the lessons in order, each a short paragraph and a result
//! measured now, on this machine. It is what plain `racelab` runs.
//!
//! 1. threads and join ([`basics`]);
//! 2. a pool of workers ([`basics`]);
//! 3. I/O-bound work overlaps ([`basics`]);
//! 4. the lost update on real threads ([`race`]);
//! 5. its proof and its trace ([`race`]);
//! 6. the locks, proved exact ([`locks`]);
//! 7. what they cost ([`locks`]);
//! 8. designing the shared state away ([`locks`]).

mod basics;
mod locks;
mod race;

use std::process::ExitCode;

/// The options of `racelab tour` (none: it is meant to be run as is).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

/// Runs every lesson in order.
pub(crate) fn run(_args: &Args) -> ExitCode {
    let lessons: [(&str, fn()); 8] = [
        ("Threads and join", basics::threads_and_join),
        ("A pool of workers", basics::pool),
        ("Waiting overlaps", basics::io_overlap),
        ("The lost update", race::lost_update),
        ("The proof, and how it happens", race::proof),
        ("The locks", locks::locks),
        ("What the locks cost", locks::cost),
        ("Designing the shared state away", locks::local),
    ];
    for (number, (title, lesson)) in lessons.iter().enumerate() {
        println!("── {}. {title} ──\n", number + 1);
        lesson();
        println!();
    }
    println!(
        "Next: `racelab explore racy` (every outcome, graded), `racelab explore racy --grow` \
         (why model checking is hard), `racelab sweep` (how many workers), `racelab count` \
         (the tutorial's program)."
    );
    ExitCode::SUCCESS
}

/// Prints `text` as a paragraph wrapped at 88 columns.
pub(crate) fn paragraph(text: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 88 {
            println!("{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        println!("{line}");
    }
    println!();
}
