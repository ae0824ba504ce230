//! The command line: parsing, and one function per subcommand.
//!
//! Bad input never panics: it is answered with one sentence on standard error
//! and exit code 2.

mod count;
mod numbers;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// Teaches, and proves, how threads go wrong and how locks, atomics and
/// thread pools put them right.
#[derive(Debug, Parser)]
#[command(name = "racelab", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The options of the default command, `count`.
    #[command(flatten)]
    count: count::Args,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Counts on real threads with every counter, then proves which ones can
    /// lose updates (the default command).
    Count(count::Args),
}

/// Parses the command line and runs it.
pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse(error),
    };
    match cli.command.unwrap_or(Command::Count(cli.count)) {
        Command::Count(args) => count::run(&args),
    }
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
    let rendered = error.render().to_string();
    let first_line = rendered
        .lines()
        .next()
        .unwrap_or("the command line is not valid");
    eprintln!("racelab: {}", first_line.trim_start_matches("error: "));
    ExitCode::from(2)
}
