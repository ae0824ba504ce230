//! `racelab play SCENARIO`: the learner chooses which thread runs next, in
//! the terminal, from a script of moves, or in a web page.

use std::io::IsTerminal;
use std::process::ExitCode;

use racelab::play::session::key;
use racelab::play::{page, terminal, Game, Session, Status};
use racelab::scenario::{Program, Size};
use racelab::trace::thread_name;

use crate::cli::{commands, levels, refuse_with, Named};

/// The options of `racelab play`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A counter (racy, split-lock, mutex, parking-lot, atomic, local) or a
    /// scenario of the catalogue (`racelab list` names them all); without
    /// one, the levels: every bug, the lost update first.
    scenario: Option<Named>,
    /// Which version of the scenario: the buggy one by default.
    #[arg(long)]
    variant: Option<String>,
    /// Play these moves and print the result instead of asking: thread
    /// numbers separated by commas, such as 1,2,2,1 (2a, 2b where a read
    /// may return more than one write).
    #[arg(long)]
    moves: Option<String>,
    /// Write the game as one self-contained web page to standard output.
    #[arg(long, conflicts_with = "moves")]
    html: bool,
    /// Write every level as a web page into this directory, with an index
    /// page linking them; progress is kept in the browser.
    #[arg(long, conflicts_with_all = ["scenario", "moves", "html"])]
    html_dir: Option<std::path::PathBuf>,
    /// Forget the levels beaten so far.
    #[arg(long, conflicts_with_all = ["scenario", "moves", "html", "html_dir"])]
    reset: bool,
}

/// The first option given that only one scenario's game takes, and an
/// example of its use.
fn needs_scenario(args: &Args) -> Option<(&'static str, &'static str)> {
    [
        (args.moves.is_some(), "--moves", "racy --moves 1,2,1,2"),
        (
            args.variant.is_some(),
            "--variant",
            "check-then-act --variant swap",
        ),
        (args.html, "--html", "racy --html > racy.html"),
    ]
    .into_iter()
    .find_map(|(given, option, example)| given.then_some((option, example)))
}

/// Runs `racelab play`.
pub(crate) fn run(args: &Args) -> ExitCode {
    let Some(Named(scenario)) = args.scenario else {
        if let Some((option, example)) = needs_scenario(args) {
            return refuse_with(&format!(
                "{option} needs a scenario: racelab play {example}"
            ));
        }
        return levels::run(args.reset, args.html_dir.as_deref());
    };
    let program = match Program::named(scenario, args.variant.as_deref(), Size::SMALLEST) {
        Ok(program) => program,
        Err(sentence) => return refuse_with(&sentence),
    };
    let interactive = args.moves.is_none() && !args.html;
    if interactive && !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        return refuse_with(
            "racelab play needs a terminal to ask for moves; give --moves 1,2,… or --html",
        );
    }
    let spinner = indicatif::ProgressBar::new_spinner()
        .with_message(format!("enumerating every execution of {program}"));
    spinner.enable_steady_tick(std::time::Duration::from_millis(100));
    let game = Game::new(program);
    spinner.finish_and_clear();
    let game = match game {
        Ok(game) => game,
        Err(sentence) => {
            let explore = commands::explore(program, &racelab::sync::Engine::Loom);
            return refuse_with(&format!("{sentence}; `{explore}` shows every outcome"));
        }
    };
    if args.html {
        return crate::cli::print(&page::html(&game, &commands::line));
    }
    match &args.moves {
        Some(moves) => scripted(&game, moves),
        None => match terminal::play(&game, &commands::line) {
            Ok(best) => {
                levels::remember(&game, best);
                ExitCode::SUCCESS
            }
            Err(error) => refuse_with(&format!("the terminal failed: {error}")),
        },
    }
}

/// Plays `moves` and prints each, the hint after it, and the result, every
/// line wrapped at the terminal's width.
fn scripted(game: &Game, moves: &str) -> ExitCode {
    let mut session = Session::new(game);
    let mut out = vec![intro(&session)];
    for (number, name) in moves.split(',').enumerate() {
        let before = session.preemptions();
        let options = session.options();
        if let Err(why) = session.play(name) {
            out.push(String::new());
            crate::cli::print(&out.join("\n"));
            return refuse_with(&format!("move {}, '{}': {why}", number + 1, name.trim()));
        }
        let m = session.played().last().copied().expect("a move was played");
        let preempted = if session.preemptions() > before {
            "↯ "
        } else {
            ""
        };
        out.push(indented(
            &format!(
                "{:>3}. [{}] {preempted}{}: {}",
                number + 1,
                key(m),
                thread_name(m.thread),
                m.label
            ),
            "",
            9,
        ));
        // A letter chose which write a read returned: say what else it could.
        let others: Vec<String> = options
            .iter()
            .filter(|(other, o)| o.thread == m.thread && *other != key(m))
            .map(|(other, o)| format!("{other}: {}", o.own))
            .collect();
        if m.choice.is_some() && !others.is_empty() {
            let line = format!("(instead of {})", others.join("; "));
            out.push(indented(&line, "        ", 9));
        }
        if session.status() == Status::Playing {
            out.push(indented(&session.hint(), "        ", 8));
        }
    }
    // A script that stops at the move closing a cycle of waits ends there.
    session.finish_deadlock();
    match session.result(crate::cli::width(), &commands::line) {
        Some(result) => out.push(format!("\n{result}")),
        None => {
            out.push("\nThe program has not ended. The moves now:".to_string());
            for (key, m) in session.options() {
                let line = format!("  {key}: {}: {}", thread_name(m.thread), m.label);
                out.push(indented(&line, "", 6));
            }
        }
    }
    out.push(String::new());
    crate::cli::print(&out.join("\n"))
}

/// `text` wrapped at the terminal's width, its first line after `first`,
/// the others after `rest` spaces.
fn indented(text: &str, first: &str, rest: usize) -> String {
    let rest = " ".repeat(rest);
    let options = racelab::trace::render::wrapping(crate::cli::width())
        .initial_indent(first)
        .subsequent_indent(&rest);
    textwrap::fill(text, options)
}

/// What the game is, before the first move.
pub(crate) fn intro(session: &Session) -> String {
    let game = session.game();
    let mut lines = vec![
        format!("racelab · {}", game.program),
        game.goal(),
        game.program.about().roles.to_string(),
        game.machine().to_string(),
        game.built_from(),
    ];
    lines.extend(game.note.clone());
    lines.push(format!(
        "A move is a thread's number: it runs to its next step{}. {}",
        if game.memory == racelab::play::Memory::Weak {
            ", with a letter (2a, 2b) where its read may return more than one write: each \
             letter's move says which write it returns"
        } else {
            ""
        },
        racelab::play::PREEMPTION
    ));
    lines.push(format!("Before any move: {}", session.hint()));
    let lines: Vec<String> = lines.iter().map(|line| indented(line, "", 0)).collect();
    lines.join("\n")
}
