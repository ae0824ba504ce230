//! Each thread's code in the game, with its cursor: every step a thread
//! takes in the scenario's own file lands on a line of the listing that
//! does what the step did, and the screen marks it.

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

mod common;

use common::program;
use racelab::explore::report::Hint;
use racelab::play::terminal::{press, screen, View};
use racelab::play::{self as games, Game, Session};
use racelab::trace::{Action, Step};

/// The calls a listing line must make to run `step`; `None` for a step
/// that is no call (an event the program reports).
fn calls(step: &Step) -> Option<&'static [&'static str]> {
    Some(match step.action {
        Action::Read { .. } => &["load", "get", "compare_exchange"],
        Action::Write { .. } => &["store", "set"],
        Action::Add { .. } => &["fetch_add"],
        Action::Swap { .. } => &["swap", "compare_exchange"],
        Action::Lock { .. }
        | Action::Waits { .. }
        | Action::Deadlock { .. }
        | Action::TryLockFailed { .. } => &["lock", "with"],
        Action::Unlock { .. } => &["unlock", "with"],
        Action::Wait { .. } | Action::Woken { .. } | Action::WaitsForever { .. } => &["wait"],
        Action::Notify { .. } => &["notify"],
        Action::Fence { .. } => &["fence"],
        _ => return None,
    })
}

#[test]
fn every_step_in_a_scenarios_own_file_lands_on_a_listed_line_that_makes_its_call() {
    let mut landed = 0;
    for buggy in games::buggy() {
        for program in std::iter::once(buggy).chain(buggy.fixes()) {
            let Ok(game) = Game::new(program) else {
                continue; // too large to play (the stolen wakeup)
            };
            let code = program.variant().code;
            for m in game.nodes.iter().flat_map(|node| &node.moves) {
                for step in m.steps.iter().filter(|s| s.thread == m.thread) {
                    let (Some(at), Some(calls)) = (step.at, calls(step)) else {
                        continue;
                    };
                    if at.file() != program.about().file.path {
                        continue; // code shared with another scenario's file
                    }
                    let line = program
                        .code_line(step)
                        .unwrap_or_else(|| panic!("{program}: {step:?} has no listed line"));
                    let text = code[line.block].rust[line.line];
                    assert!(
                        calls.iter().any(|call| text.contains(call)),
                        "{program}: {step:?} landed on {text:?}"
                    );
                    landed += 1;
                }
            }
        }
    }
    assert!(landed > 1000, "{landed}");
}

/// The 24 rows of an 80-column screen of `name` after `keys`.
fn screen_after(name: &str, keys: &str) -> Vec<String> {
    let game = Game::new(program(name, None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    for key in keys.chars() {
        assert!(press(&mut session, &mut view, KeyCode::Char(key)));
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| screen(frame, &session, &view, &Hint::words))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn the_racy_screen_marks_the_line_each_move_ran_and_the_next() {
    let rows = screen_after("racy", "12");
    let column = |row: &String, thread: usize| -> String {
        row.chars().skip(40 * (thread - 1)).take(40).collect()
    };
    let t1: Vec<String> = rows.iter().map(|row| column(row, 1)).collect();
    let t2: Vec<String> = rows.iter().map(|row| column(row, 2)).collect();
    let has = |lines: &[String], text: &str| lines.iter().any(|l| l.trim_end() == text);
    assert!(
        has(&t1, "#1  let seen = self.count.load(Relaxed);"),
        "{rows:#?}"
    );
    assert!(
        has(&t1, " ▶  self.count.store(seen + 1, Relaxed);"),
        "{rows:#?}"
    );
    assert!(
        has(&t2, "#2↯ let seen = self.count.load(Relaxed);"),
        "{rows:#?}"
    );
    assert!(
        has(&t2, " ▶  self.count.store(seen + 1, Relaxed);"),
        "{rows:#?}"
    );
}

#[test]
fn a_long_listing_keeps_its_cursor_and_the_moves_on_80_by_24() {
    // Deadlock's listing is longer than its column: the lines around the
    // cursor stay, with … where others give way, and so do the moves.
    let rows = screen_after("deadlock", "1").join("\n");
    assert!(
        rows.contains(" ▶  let taken = match locks.lock(me,"),
        "{rows}"
    );
    assert!(rows.contains("  …"), "{rows}");
    assert!(
        rows.contains("[1] lock B") && rows.contains("[2] lock B"),
        "{rows}"
    );
}
