//! The terminal game, drawn into ratatui's test backend at 80 × 24: what a
//! plain terminal shows, key by key.

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

mod common;

use common::program;
use racelab::explore::report::Hint;
use racelab::play::terminal::{press, quits, screen, View};
use racelab::play::{self as games, Game, Session};

/// The 24 rows of an 80-column screen showing `session`.
fn rows(session: &Session, view: &View) -> Vec<String> {
    rows_of(session, view, (80, 24))
}

/// The rows of a screen of `size` (columns, rows) showing `session`.
fn rows_of(session: &Session, view: &View, (width, height): (u16, u16)) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| screen(frame, session, view, &Hint::words))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

fn keys(session: &mut Session, view: &mut View, keys: &str) {
    for key in keys.chars() {
        assert!(press(session, view, KeyCode::Char(key)));
    }
}

#[test]
fn racy_from_the_first_key_to_the_lost_update() {
    let game = Game::new(program("racy", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    let start = rows(&session, &view).join("\n");
    assert!(start.contains("[1] read 0 (initial)"), "{start}");
    assert!(start.contains("[2] read 0 (initial)"), "{start}");
    assert!(start.contains("count = 0"), "{start}");
    assert!(
        start.contains("1–2: that thread runs its next step"),
        "{start}"
    );

    keys(&mut session, &mut view, "12");
    let racing = rows(&session, &view).join("\n");
    assert!(racing.contains("#2↯ read 0 (initial)"), "{racing}");
    // The hint waits until it is asked for, and lasts until the next move.
    assert!(racing.contains("Press h for a hint."), "{racing}");
    assert!(!racing.contains("From here"), "{racing}");
    keys(&mut session, &mut view, "hh");
    let hinted = rows(&session, &view).join("\n");
    assert!(
        hinted.contains("From here every ending breaks the contract."),
        "{hinted}"
    );
    assert!(hinted.contains("Preemptions used: 1."), "{hinted}");

    keys(&mut session, &mut view, "12");
    let ended = rows(&session, &view);
    assert!(
        ended[0].starts_with("Ended: count = 1: breaks"),
        "{ended:?}"
    );
    assert_eq!(
        ended[1..4],
        [
            "You used 2 preemptions; 1 is enough to break it, as in:",
            "  play racy with the moves 1,2,2,1",
            "1 hint used."
        ]
    );
    assert!(ended[23].contains("↑/↓ scroll · u undo · r restart · q quit"));

    keys(&mut session, &mut view, "u");
    assert_eq!(session.played().len(), 3);
    assert!(!press(&mut session, &mut view, KeyCode::Char('q')));
}

#[test]
fn a_read_that_may_return_two_writes_asks_for_a_letter() {
    let game = Game::new(program("message-passing", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    keys(&mut session, &mut view, "112");
    assert_eq!(view.choosing, Some(2));
    let asking = rows(&session, &view).join("\n");
    assert!(asking.contains("[2a] read flag = 0 (initial)"), "{asking}");
    assert!(
        asking.contains("[2b] read flag = 1 (T1's write)"),
        "{asking}"
    );
    assert!(asking.contains("T2: which write does it read?"), "{asking}");
    keys(&mut session, &mut view, "b2a");
    let ended = rows(&session, &view).join("\n");
    assert!(
        ended.contains("Ended: flag = 1, data = 0: breaks"),
        "{ended}"
    );
}

#[test]
fn a_refused_key_is_answered_in_a_sentence() {
    let game = Game::new(program("racy", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    keys(&mut session, &mut view, "7");
    let refused = rows(&session, &view).join("\n");
    assert!(
        refused.contains("There is no T7 here: the threads are T1 and T2."),
        "{refused}"
    );
}

#[test]
fn every_game_shows_its_moves_on_80_by_24_all_the_way_to_its_bug() {
    for subject in games::buggy() {
        let Ok(game) = Game::new(subject) else {
            continue; // too many orders for a game: the stolen wakeup
        };
        let mut session = Session::new(&game);
        let view = View::default();
        for key in game.solution().unwrap() {
            let screen = rows(&session, &view).join("\n");
            for (offered, _) in session.options() {
                assert!(
                    screen.contains(&format!("[{offered}]")),
                    "{subject}: move {offered} is not on the screen:\n{screen}"
                );
            }
            assert!(screen.contains("u undo"), "{subject}:\n{screen}");
            session.play(&key).unwrap();
        }
        let ended = rows(&session, &view).join("\n");
        assert!(ended.starts_with("Ended: "), "{subject}:\n{ended}");
    }
}

#[test]
fn the_readme_shows_the_screen_racelab_draws() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("<!-- play-terminal -->\n```text\n")
        .expect("the README has the terminal screen")
        + "<!-- play-terminal -->\n```text\n".len();
    let end = start
        + readme[start..]
            .find("```\n<!-- /play-terminal -->")
            .unwrap();
    let game = Game::new(program("racy", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    keys(&mut session, &mut view, "12");
    let drawn = rows(&session, &view).join("\n") + "\n";
    assert_eq!(readme[start..end], drawn);
}

#[test]
fn u_cancels_a_pending_letter_before_it_undoes_a_move() {
    let game = Game::new(program("message-passing", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    keys(&mut session, &mut view, "112b2");
    assert_eq!(view.choosing, Some(2));
    let played = session.moves_played();
    keys(&mut session, &mut view, "u");
    assert_eq!(view.choosing, None);
    assert_eq!(
        session.moves_played(),
        played,
        "u undid a move, not the choice"
    );
    keys(&mut session, &mut view, "u");
    assert_ne!(session.moves_played(), played);
}

#[test]
fn ctrl_c_d_backslash_and_z_quit_and_are_not_letters() {
    for c in ['c', 'd', '\\', 'z'] {
        assert!(
            quits(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            "Ctrl-{c}"
        );
        assert!(
            !quits(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            "{c}"
        );
    }
    assert!(quits(&KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE
    )));
    assert!(quits(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(!quits(&KeyEvent::new(
        KeyCode::Char('1'),
        KeyModifiers::NONE
    )));
}

#[test]
fn a_terminal_too_small_is_told_so_and_the_game_goes_on_when_it_grows() {
    let game = Game::new(program("deadlock", None)).unwrap();
    let mut session = Session::new(&game);
    let mut view = View::default();
    keys(&mut session, &mut view, "1");
    let small = rows_of(&session, &view, (40, 10)).join(" ");
    let words: Vec<&str> = small.split_whitespace().collect();
    let said = words.join(" ");
    assert!(
        said.starts_with("This terminal is 40 × 10; the game needs"),
        "{said}"
    );
    assert!(
        said.contains("Make it larger and the game goes on"),
        "{said}"
    );
    // The same position at 80 × 24: the hint, the shared values and the keys.
    keys(&mut session, &mut view, "h");
    let large = rows(&session, &view).join("\n");
    for part in ["From here", " shared ", "h hint", "#1"] {
        assert!(large.contains(part), "{part}:\n{large}");
    }
}

#[test]
fn the_levels_menu_shows_par_and_what_was_beaten_on_80_by_24() {
    use racelab::play::campaign::Progress;
    use racelab::play::menu::{self, Level};
    let levels: Vec<Level> = ["racy", "deadlock"]
        .into_iter()
        .map(|name| {
            let game = Game::new(program(name, None)).unwrap();
            let par = game.fewest_preemptions(0, 0).unwrap();
            Level { game, par }
        })
        .collect();
    let mut progress = Progress::default();
    progress.record(levels[0].game.program, 1, levels[0].par);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| menu::screen(frame, &levels, &progress, 1, None))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let shown: String = (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
        .collect();
    assert!(shown.contains("1 of 2 beaten"), "{shown}");
    assert!(
        shown.contains("  1. racy               par 1  beaten at par"),
        "{shown}"
    );
    assert!(shown.contains(">  2. deadlock           par 1"), "{shown}");
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("each thread gets both locks"),
        "the chosen level's goal:\n{shown}"
    );
}
