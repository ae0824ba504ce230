//! The campaign in the terminal: the levels in order, each with its par
//! and what the learner has done in it; Enter plays the one chosen, and
//! the game's result is recorded when the learner comes back.

use std::io;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::explore::report::Commands;
use crate::play::campaign::{Progress, Record};
use crate::play::terminal::{on_sigterm, run};
use crate::play::Game;

/// One level of the menu: its game and its par.
#[derive(Debug)]
pub struct Level {
    /// The game.
    pub game: Game,
    /// The fewest preemptions that break its contract.
    pub par: usize,
}

/// Shows the levels until the learner quits; `save` keeps the progress
/// after each game and returns a sentence if it could not.
pub fn campaign(
    levels: &[Level],
    progress: &mut Progress,
    save: &mut dyn FnMut(&Progress) -> Option<String>,
    commands: Commands<'_>,
) -> io::Result<()> {
    let terminated = on_sigterm()?;
    let mut terminal = ratatui::try_init()?;
    let mut chosen = first_unbeaten(levels, progress);
    let mut message: Option<String> = None;
    let result = loop {
        let drawn = terminal.draw(|frame| {
            screen(frame, levels, progress, chosen, message.as_deref());
        });
        if let Err(error) = drawn {
            break Err(error);
        }
        if terminated.load(Ordering::Relaxed) {
            break Ok(());
        }
        match event::poll(Duration::from_millis(200)) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => break Err(error),
        }
        let key = match event::read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => key,
            Ok(_) => continue,
            Err(error) => break Err(error),
        };
        if key.modifiers.contains(KeyModifiers::CONTROL) || key.code == KeyCode::Char('q') {
            break Ok(());
        }
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => chosen = (chosen + 1).min(levels.len() - 1),
            KeyCode::Up | KeyCode::Char('k') => chosen = chosen.saturating_sub(1),
            KeyCode::Enter | KeyCode::Char(' ') => {
                let level = &levels[chosen];
                let played = match run(&mut terminal, &level.game, commands, &terminated) {
                    Ok(played) => played,
                    Err(error) => break Err(error),
                };
                if let Some(used) = played.best {
                    progress.record(level.game.program, used, level.par);
                    message = save(progress);
                    if progress.of(level.game.program).par {
                        chosen = next_unbeaten(levels, progress, chosen);
                    }
                }
                if played.quit_all {
                    break Ok(());
                }
            }
            _ => {}
        }
    };
    ratatui::try_restore()?;
    result
}

/// The first level not yet beaten at par; the last if all are.
fn first_unbeaten(levels: &[Level], progress: &Progress) -> usize {
    levels
        .iter()
        .position(|level| !progress.of(level.game.program).par)
        .unwrap_or(levels.len().saturating_sub(1))
}

/// The next level after `after` not yet beaten at par, in teaching order;
/// the first such level before it if none comes after.
fn next_unbeaten(levels: &[Level], progress: &Progress, after: usize) -> usize {
    levels
        .iter()
        .enumerate()
        .skip(after + 1)
        .find(|(_, level)| !progress.of(level.game.program).par)
        .map_or_else(|| first_unbeaten(levels, progress), |(index, _)| index)
}

/// What the learner has done in a level, in words.
pub fn done(record: Record) -> &'static str {
    match (record.beaten, record.par) {
        (true, true) => "beaten at par",
        (true, false) => "beaten",
        _ => "",
    }
}

/// Draws the menu, `chosen` marked, with `message` (or the chosen level's
/// goal) under it.
pub fn screen(
    frame: &mut Frame,
    levels: &[Level],
    progress: &Progress,
    chosen: usize,
    message: Option<&str>,
) {
    let [title, list, goal, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(4),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let beaten = levels
        .iter()
        .filter(|level| progress.of(level.game.program).beaten)
        .count();
    frame.render_widget(
        Paragraph::new(format!(
            "racelab · the levels: {beaten} of {} beaten. Par is the fewest preemptions \
             that break the contract.",
            levels.len()
        ))
        .wrap(Wrap { trim: true }),
        title,
    );
    // Keep the chosen level in view on a short terminal.
    let skip = chosen.saturating_sub(usize::from(list.height.saturating_sub(1)));
    let lines: Vec<Line> = levels
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(index, level)| {
            let record = progress.of(level.game.program);
            let text = format!(
                "{} {:>2}. {:<18} par {}  {}",
                if index == chosen { '>' } else { ' ' },
                index + 1,
                level.game.program.about().name,
                level.par,
                done(record)
            );
            let style = if index == chosen {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let about = message.map_or_else(|| levels[chosen].game.goal(), str::to_string);
    frame.render_widget(Paragraph::new(about).wrap(Wrap { trim: true }), goal);
    frame.render_widget(
        Paragraph::new("↑/↓ choose · Enter play (q in a game comes back here) · q quit")
            .style(Style::default().add_modifier(Modifier::DIM)),
        keys,
    );
}

#[cfg(test)]
mod tests {
    use super::{next_unbeaten, Level};
    use crate::play::campaign::Progress;
    use crate::play::{buggy, Game};

    #[test]
    fn after_a_level_beaten_at_par_the_next_one_is_chosen_not_an_earlier_one() {
        let levels: Vec<Level> = buggy()
            .into_iter()
            .take(3)
            .map(|program| Level {
                game: Game::new(program).unwrap(),
                par: 1,
            })
            .collect();
        let mut progress = Progress::default();
        // Level 1 beaten over par, level 2 at par: level 3 comes next.
        progress.record(levels[0].game.program, 2, 1);
        progress.record(levels[1].game.program, 1, 1);
        assert_eq!(next_unbeaten(&levels, &progress, 1), 2);
        // Level 3 at par too: back to level 1, the only one left.
        progress.record(levels[2].game.program, 1, 1);
        assert_eq!(next_unbeaten(&levels, &progress, 2), 0);
    }
}
