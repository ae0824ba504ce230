//! `racelab count`: the tutorial's program, then the proof.
//!
//! First every counter runs on real threads — what a Python tutorial shows,
//! where the racy counter "usually" comes out short. Then loom runs the racy
//! and the mutex counter under every execution of 2 threads × 1 increment,
//! which turns "usually" into a proof, and draws the losing execution.

use std::process::ExitCode;

use racelab::explore::report::brief;
use racelab::explore::{model, threads};
use racelab::scenario::{self, Program, Size};

use crate::cli::commands;
use crate::cli::numbers::{self, grouped};
use crate::cli::tour::counter;
use crate::cli::tour::paragraph;

/// The options of `racelab count`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Threads that increment each counter at once.
    #[arg(long, default_value_t = 4, value_parser = |s: &str| numbers::threads(s, 256))]
    threads: usize,
    /// How many times each thread increments.
    #[arg(long, default_value_t = 100_000, value_parser = |s: &str| numbers::increments(s, 100_000_000))]
    increments: u64,
}

/// Runs `racelab count`.
pub(crate) fn run(args: &Args) -> ExitCode {
    print_real_threads(args.threads, args.increments);
    print_proof();
    ExitCode::SUCCESS
}

fn print_real_threads(threads: usize, increments: u64) {
    println!(
        "{threads} real threads each increment a shared count {} times.\n",
        grouped(increments)
    );
    real_threads_table(threads, increments);
    println!();
    paragraph(
        "Whether racy and split-lock lose updates here depends on whether their threads \
         happened to run at the same moment. A model checker does not depend on luck:",
    );
}

/// Runs every counter once on real threads and prints expected, got, lost
/// and time for each.
pub(crate) fn real_threads_table(threads: usize, increments: u64) {
    println!(
        "{:<12} {:>12} {:>12} {:>12} {:>10}",
        "counter", "expected", "got", "lost", "time"
    );
    let counters = scenario::ALL.iter().filter(|s| s.about().sized);
    for &scenario in counters {
        let program = Program {
            scenario,
            version: 0,
            size: Size::new(threads, increments),
        };
        let run = threads::run(program);
        let name = scenario.about().name;
        println!(
            "{:<12} {:>12} {:>12} {:>12} {:>10}",
            name,
            grouped(run.expected),
            grouped(run.got),
            grouped(run.lost()),
            format!("{:.1?}", run.elapsed),
        );
    }
}

fn print_proof() {
    paragraph(
        "loom runs every execution of 2 threads × 1 increment; racelab draws, for each final \
         count, the execution whose explaining interleaving has the fewest preemptions:",
    );
    print!(
        "{}",
        brief(&model::loom(counter("racy", 2, 1)), &commands::line, 80)
    );
    println!("\nThe same proof for the counter with one lock around its whole increment:\n");
    print!(
        "{}",
        brief(&model::loom(counter("mutex", 2, 1)), &commands::line, 80)
    );
    println!();
    paragraph(
        "The lock leaves no gap between read and write (proven on loom's model of a lock, not \
         on std's code). `racelab explore` runs every counter under every engine, and ends with \
         a legend of the words used here.",
    );
}
