//! The game in a terminal: one column per thread with the steps it has
//! taken and the moves it can make, the shared state, the hint, and the
//! keys. Fits a plain 80 × 24 terminal; the result scrolls.
//!
//! [`screen`] draws a position into any ratatui backend, so the tests draw
//! it into ratatui's test backend at 80 × 24 and read what is there.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use textwrap::core::display_width;

use crate::explore::report::Commands;
use crate::play::code::thread_code;
use crate::play::{Game, Memory, Session, Status};
use crate::trace::thread_name;

/// What the screen shows besides the game: a thread whose moves need a
/// letter, a refusal, and how far the result is scrolled.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// A thread chosen whose read may return more than one write: the next
    /// key is the letter.
    pub choosing: Option<usize>,
    /// The sentence answering the last key, if it was not a move.
    pub message: Option<String>,
    /// Lines of the result scrolled past.
    pub scroll: u16,
    /// How far the result can scroll, as last drawn.
    pub most: std::cell::Cell<u16>,
    /// Whether the hint for this position is shown: off until h is pressed,
    /// and off again after the next move.
    pub hinting: bool,
    /// How many times h showed a hint.
    pub hints: usize,
}

/// Plays `game` in the terminal until the learner quits, its hints worded
/// by `commands`: the fewest preemptions with which the learner broke the
/// contract, if they did.
pub fn play(game: &Game, commands: Commands<'_>) -> io::Result<Option<usize>> {
    let terminated = on_sigterm()?;
    let mut terminal = ratatui::try_init()?;
    let played = run(&mut terminal, game, commands, &terminated);
    ratatui::try_restore()?;
    played.map(|played| played.best)
}

/// SIGTERM (a `kill`, a closing window) ends the game as Ctrl-C does, so
/// the screen and the cursor are restored: the flag it raises, checked
/// between keys.
pub(crate) fn on_sigterm() -> io::Result<Arc<AtomicBool>> {
    let terminated = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&terminated))?;
    Ok(terminated)
}

/// How one game in the terminal went.
pub(crate) struct Played {
    /// The fewest preemptions of an ending reached that broke the contract.
    pub best: Option<usize>,
    /// Whether the learner asked to quit racelab (Ctrl-C, SIGTERM), not
    /// only this game (q).
    pub quit_all: bool,
}

/// Plays `game` on `terminal` until the learner quits.
pub(crate) fn run(
    terminal: &mut ratatui::DefaultTerminal,
    game: &Game,
    commands: Commands<'_>,
    terminated: &AtomicBool,
) -> io::Result<Played> {
    let mut session = Session::new(game);
    let mut view = View::default();
    let mut played = Played {
        best: None,
        quit_all: false,
    };
    loop {
        terminal.draw(|frame| screen(frame, &session, &view, commands))?;
        if terminated.load(Ordering::Relaxed) {
            played.quit_all = true;
            return Ok(played);
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let key = match event::read()? {
            Event::Key(key) if quits(&key) => {
                played.quit_all = key.modifiers.contains(KeyModifiers::CONTROL);
                return Ok(played);
            }
            // Other Ctrl keys are ignored rather than read as letters.
            Event::Key(key) if key.modifiers.contains(KeyModifiers::CONTROL) => continue,
            Event::Key(key) if key.kind == KeyEventKind::Press => key.code,
            _ => continue,
        };
        press(&mut session, &mut view, key);
        if let Status::Ended(ending) = session.status() {
            if !game.endings[ending].correct {
                let used = session.preemptions();
                played.best = Some(played.best.map_or(used, |best| best.min(used)));
            }
        }
    }
}

/// Whether `key` ends the game: q, Esc, and Ctrl-C, Ctrl-D, Ctrl-\ and
/// Ctrl-Z, which in raw mode arrive as keys, not signals (Ctrl-Z quits too: a
/// suspended game would leave the terminal raw). Quitting restores the
/// terminal.
pub fn quits(key: &KeyEvent) -> bool {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c' | 'd' | '\\' | 'z') => control,
        KeyCode::Char('q') | KeyCode::Esc => !control,
        _ => false,
    }
}

/// Answers one key; false when the learner quits.
pub fn press(session: &mut Session, view: &mut View, key: KeyCode) -> bool {
    view.message = None;
    let before = session.moves_played();
    match key {
        KeyCode::Char('h') if session.status() == Status::Playing => {
            view.hints += usize::from(!view.hinting);
            view.hinting = true;
        }
        KeyCode::Char('q') | KeyCode::Esc => return false,
        // Undo a pending choice of letter first, then the moves.
        KeyCode::Char('u') if view.choosing.is_some() => view.choosing = None,
        KeyCode::Char('u') => {
            view.scroll = 0;
            if !session.undo() {
                view.message = Some("Nothing to undo: this is the start.".to_string());
            }
        }
        KeyCode::Char('r') => {
            view.choosing = None;
            view.scroll = 0;
            session.restart();
        }
        KeyCode::Down | KeyCode::Char('j') => view.scroll = (view.scroll + 1).min(view.most.get()),
        KeyCode::Up | KeyCode::Char('k') => view.scroll = view.scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            view.scroll = (view.scroll + 10).min(view.most.get());
        }
        KeyCode::PageUp => view.scroll = view.scroll.saturating_sub(10),
        KeyCode::Char(c) => typed(session, view, c),
        _ => {}
    }
    if session.moves_played() != before {
        view.hinting = false;
    }
    true
}

/// A thread's number, or the letter of a choice.
fn typed(session: &mut Session, view: &mut View, c: char) {
    let name = match (view.choosing.take(), c) {
        (Some(thread), letter) if letter.is_ascii_lowercase() => format!("{thread}{letter}"),
        (_, digit) if digit.is_ascii_digit() => {
            let thread = digit.to_digit(10).unwrap_or(0) as usize;
            let own = session
                .options()
                .iter()
                .filter(|(_, m)| m.thread == thread)
                .count();
            if own > 1 {
                view.choosing = Some(thread);
                return;
            }
            digit.to_string()
        }
        _ => {
            view.message = Some(format!(
                "'{c}' is not a key of this game: see the last line."
            ));
            return;
        }
    };
    match session.play(&name) {
        Ok(()) => session.finish_deadlock(),
        Err(why) => view.message = Some(format!("{}.", capitalised(&why))),
    }
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Draws the position of `session` into `frame`, its hints worded by
/// `commands`.
pub fn screen(frame: &mut Frame, session: &Session, view: &View, commands: Commands<'_>) {
    let game = session.game();
    let area = frame.area();
    if let Status::Ended(_) = session.status() {
        return ended(frame, session, view, commands);
    }
    let about = format!(
        "{} {} {}{}",
        game.goal(),
        game.program.roles(),
        crate::play::PREEMPTION,
        game.note
            .as_ref()
            .map_or(String::new(), |note| format!(" {note}"))
    );
    let about_rows = textwrap::wrap(&about, usize::from(area.width.max(1))).len() as u16;
    let keys_line = keys_line(session, view);
    // Every part has its rows: too small a terminal is told so, rather than
    // losing the hint, the shared values or the keys without a word.
    let (width, height) = (keys_line.width() as u16, 14 + about_rows.clamp(2, 8));
    if area.width < width || area.height < height {
        return too_small(frame, (width, height));
    }
    let [title, goal, columns, shared, hint, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(about_rows.clamp(2, 8) + 1),
        Constraint::Min(6),
        Constraint::Length(3),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("racelab · {}", game.program),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!("  · {}", memory_name(game.memory))),
        ])),
        title,
    );
    frame.render_widget(Paragraph::new(about).wrap(Wrap { trim: true }), goal);
    thread_columns(frame, session, view, columns);
    frame.render_widget(
        Paragraph::new(shared_state(session))
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP).title(" shared ")),
        shared,
    );
    let used = session.preemptions();
    let hint_text = match &view.message {
        Some(message) => message.clone(),
        None if view.hinting => format!("{} Preemptions used: {used}.", session.hint()),
        None => format!("Preemptions used: {used}. Press h for a hint."),
    };
    frame.render_widget(Paragraph::new(hint_text).wrap(Wrap { trim: true }), hint);
    frame.render_widget(Paragraph::new(keys_line), keys);
}

/// Says that the terminal is smaller than `needs` (columns, rows).
fn too_small(frame: &mut Frame, needs: (u16, u16)) {
    let area = frame.area();
    let text = format!(
        "This terminal is {} × {}; the game needs {} × {} to show every thread, the shared \
         values, the hint and the keys. Make it larger and the game goes on; or play it as a \
         page (--html) or a script (--moves). q quits.",
        area.width, area.height, needs.0, needs.1
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn memory_name(memory: Memory) -> &'static str {
    match memory {
        Memory::Sequential => "sequentially consistent",
        Memory::Weak => "weak memory (loom's model)",
    }
}

/// One column per thread: the steps it took, then its moves.
fn thread_columns(frame: &mut Frame, session: &Session, view: &View, area: Rect) {
    let game = session.game();
    let constraints = vec![Constraint::Ratio(1, game.threads.len() as u32); game.threads.len()];
    let areas = Layout::horizontal(constraints).split(area);
    let played = session.played();
    let preempted = session.preempted();
    let options = session.options();
    for (&thread, &column) in game.threads.iter().zip(areas.iter()) {
        let mut history: Vec<Line> = Vec::new();
        for (number, (m, &preempt)) in played.iter().zip(&preempted).enumerate() {
            if m.thread != thread {
                continue;
            }
            let mark = if preempt { "↯" } else { " " };
            history.push(Line::raw(format!("#{}{mark} {}", number + 1, m.own)));
        }
        let mut lines: Vec<Line> = Vec::new();
        let own: Vec<_> = options.iter().filter(|(_, m)| m.thread == thread).collect();
        if own.is_empty() {
            lines.push(Line::styled(
                match session.waits_to(thread) {
                    Some(next) => format!("  (blocked: {next})"),
                    None => "  (finished)".to_string(),
                },
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
        for (key, m) in own {
            let chosen = view.choosing == Some(thread);
            let style = if chosen {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            };
            // Wrapped here, its continuation indented under the words.
            let options =
                textwrap::Options::new(usize::from(column.width.max(8))).subsequent_indent("    ");
            for part in textwrap::wrap(&format!("[{key}] {}", m.own), options) {
                lines.push(Line::styled(part.into_owned(), style));
            }
        }
        let lines = fit(
            code_lines(session, thread, column.width),
            history,
            lines,
            column.width,
            column.height.saturating_sub(1),
        );
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(format!(" {} ", thread_name(thread))),
            ),
            column,
        );
    }
}

/// `thread`'s code with its cursor (see [`thread_code`]): `▶` on the line
/// its next move runs, `#n` on a line move n ran, dim once run. Each line
/// is wrapped to `width` here, its continuation indented under its code,
/// so that every returned line is one row.
fn code_lines(session: &Session, thread: usize, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(8));
    let mut lines = Vec::new();
    for row in thread_code(session, thread) {
        if let Some(who) = row.header {
            lines.push(Line::styled(
                format!("  {who}:"),
                Style::default().add_modifier(Modifier::ITALIC),
            ));
        }
        let style = match (row.next, row.ran) {
            (true, _) => Style::default().add_modifier(Modifier::BOLD),
            (false, Some(_)) => Style::default().add_modifier(Modifier::DIM),
            (false, None) => Style::default(),
        };
        let gutter = row.gutter();
        // A listing's own comment gives way first, rather than wrap onto a
        // row of its own and read as code.
        let text = match row.text.split_once(" // ") {
            Some((code, _)) if display_width(&gutter) + display_width(row.text) > width => code,
            _ => row.text,
        };
        let indent = text.len() - text.trim_start().len();
        let rest = " ".repeat(4 + indent + 4);
        let options = textwrap::Options::new(width)
            .initial_indent(&gutter)
            .subsequent_indent(&rest)
            .break_words(true);
        let text = format!("{}{}", " ".repeat(indent), text.trim_start());
        for part in textwrap::wrap(&text, options) {
            lines.push(Line::styled(part.into_owned(), style));
        }
    }
    lines
}

/// How many rows `lines` take at `width`, wrapped.
fn rows(lines: &[Line], width: u16) -> usize {
    lines
        .iter()
        .map(|line| {
            let text: String = line
                .spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect();
            textwrap::wrap(
                &text,
                crate::trace::render::wrapping(usize::from(width.max(1))),
            )
            .len()
            .max(1)
        })
        .sum()
}

/// The `code`, the `history` and then the `moves` within `height` rows of
/// `width`. The moves always show; the code shows whole if it can, else
/// the lines from just before its cursor, with `…` where lines give way;
/// the history fills what is left, its oldest steps giving way first.
fn fit<'a>(
    code: Vec<Line<'a>>,
    mut history: Vec<Line<'a>>,
    moves: Vec<Line<'a>>,
    width: u16,
    height: u16,
) -> Vec<Line<'a>> {
    let room = usize::from(height);
    // A row for the history, if there is one: its latest step, or `…`.
    let reserved = rows(&moves, width) + usize::from(!history.is_empty());
    let code = window(code, room.saturating_sub(reserved), width);
    let left = room.saturating_sub(rows(&moves, width) + rows(&code, width));
    let mut cut = false;
    while !history.is_empty() && rows(&history, width) + usize::from(cut) > left {
        history.remove(0);
        cut = true;
    }
    let mut lines = code;
    if cut {
        lines.push(dim("  …"));
    }
    lines.extend(history);
    lines.extend(moves);
    lines
}

/// As many of `code`'s lines as fit in `room` rows: all of them, or those
/// from the line before the cursor (`▶`) on, with `…` above and below
/// where lines were left out.
fn window(code: Vec<Line<'_>>, room: usize, width: u16) -> Vec<Line<'_>> {
    if rows(&code, width) <= room {
        return code;
    }
    let text = |line: &Line| -> String { line.spans.iter().map(|s| s.content.as_ref()).collect() };
    let cursor = code
        .iter()
        .position(|line| text(line).starts_with(" ▶"))
        .unwrap_or(0);
    let start = cursor.saturating_sub(1);
    let mut kept: Vec<Line> = Vec::new();
    if start > 0 {
        kept.push(dim("  …"));
    }
    let mut rest = code.into_iter().skip(start).peekable();
    while let Some(line) = rest.next() {
        let more = usize::from(rest.peek().is_some());
        if rows(&kept, width) + rows(std::slice::from_ref(&line), width) + more > room {
            kept.push(dim("  …"));
            break;
        }
        kept.push(line);
    }
    kept
}

/// A line drawn dim.
fn dim(text: &str) -> Line<'static> {
    Line::styled(
        text.to_string(),
        Style::default().add_modifier(Modifier::DIM),
    )
}

/// The shared places after the moves played.
fn shared_state(session: &Session) -> String {
    session.game().shared(&session.played())
}

fn keys_line(session: &Session, view: &View) -> Line<'static> {
    let game = session.game();
    let threads = match (game.threads.first(), game.threads.last()) {
        (Some(first), Some(last)) if first != last => format!("{first}–{last}"),
        (Some(first), _) => first.to_string(),
        _ => String::new(),
    };
    let text = match view.choosing {
        Some(thread) => {
            let letters: Vec<String> = session
                .options()
                .iter()
                .filter_map(|(_, m)| m.choice.filter(|_| m.thread == thread))
                .map(String::from)
                .collect();
            format!(
                "{}: which write does it read? press {} · u back · q quit",
                thread_name(thread),
                letters.join(" or ")
            )
        }
        None if game.memory == Memory::Weak => format!(
            "{threads}: run that thread (then a letter: which write) · h hint · u undo · q quit"
        ),
        None => format!(
            "{threads}: that thread runs its next step · h hint · u undo · r restart · q quit"
        ),
    };
    Line::styled(text, Style::default().add_modifier(Modifier::DIM))
}

/// `result` with how many hints were shown, after its first paragraph.
fn with_hints(result: &str, hints: usize) -> String {
    let used = match hints {
        0 => "No hint used.".to_string(),
        1 => "1 hint used.".to_string(),
        n => format!("{n} hints used."),
    };
    match result.split_once("\n\n") {
        Some((first, rest)) => format!("{first}\n{used}\n\n{rest}"),
        None => format!("{result}\n{used}"),
    }
}

/// The end: the result, scrollable.
fn ended(frame: &mut Frame, session: &Session, view: &View, commands: Commands<'_>) {
    let [body, keys] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    let width = usize::from(body.width.max(1));
    let result = with_hints(
        &session.result(width, commands).unwrap_or_default(),
        view.hints,
    );
    let rows: usize = result
        .lines()
        .map(|line| {
            textwrap::wrap(line, crate::trace::render::wrapping(width))
                .len()
                .max(1)
        })
        .sum();
    let most = u16::try_from(rows.saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX);
    view.most.set(most);
    let scroll = view.scroll.min(most);
    frame.render_widget(
        Paragraph::new(result)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );
    let more = if scroll < most {
        "↓ more below · "
    } else {
        ""
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("{more}↑/↓ scroll · u undo · r restart · q quit"),
            Style::default().add_modifier(Modifier::DIM),
        )),
        keys,
    );
}
