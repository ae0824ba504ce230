//! One game in progress: the moves played so far, undo and restart, what
//! is still reachable, and the result at the end. The terminal game and the
//! scripted `--moves` mode both play through it.

use crate::explore::report::{plural, Commands};
use crate::play::{Game, Move};
use crate::trace::{render, thread_name};

/// Where a game stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Some thread can still move.
    Playing,
    /// The program ended: the number of its ending.
    Ended(usize),
}

/// A game in progress.
#[derive(Clone, Debug)]
pub struct Session<'g> {
    game: &'g Game,
    path: Vec<usize>,
    /// How many of the last moves [`Session::finish_deadlock`] played.
    unwound: usize,
}

impl<'g> Session<'g> {
    /// A new game of `game`, at its start.
    pub fn new(game: &'g Game) -> Self {
        Self {
            game,
            path: Vec::new(),
            unwound: 0,
        }
    }

    /// The game.
    pub fn game(&self) -> &'g Game {
        self.game
    }

    /// The current position.
    pub fn node(&self) -> usize {
        self.game.follow(&self.path)
    }

    /// The moves played, in order.
    pub fn played(&self) -> Vec<&'g Move> {
        let mut node = 0;
        self.path
            .iter()
            .map(|&index| {
                let m = &self.game.nodes[node].moves[index];
                node = m.to;
                m
            })
            .collect()
    }

    /// The thread that moved last (0 before the first move).
    fn last(&self) -> usize {
        self.played().last().map_or(0, |m| m.thread)
    }

    /// Where the game stands.
    pub fn status(&self) -> Status {
        let node = &self.game.nodes[self.node()];
        match (node.ending, node.moves.is_empty()) {
            (Some(ending), true) => Status::Ended(ending),
            _ => Status::Playing,
        }
    }

    /// The moves that can be played now, with the key that plays each:
    /// `1`, or `2a` and `2b` where T2's read may return either of two writes.
    pub fn options(&self) -> Vec<(String, &'g Move)> {
        self.game.nodes[self.node()]
            .moves
            .iter()
            .map(|m| (key(m), m))
            .collect()
    }

    /// Plays the move called `name` (`1`, `2a`), or says in one sentence why
    /// it cannot be played.
    pub fn play(&mut self, name: &str) -> Result<(), String> {
        let name = name.trim();
        let node = self.node();
        let moves = &self.game.nodes[node].moves;
        if let Some(index) = moves.iter().position(|m| key(m) == name) {
            self.path.push(index);
            return Ok(());
        }
        Err(self.why_not(name))
    }

    /// The moves played, as `--moves` takes them: `1,2,2,1`.
    pub fn moves_played(&self) -> String {
        let keys: Vec<String> = self.played().into_iter().map(key).collect();
        keys.join(",")
    }

    /// Takes the last move back; false if there was none. After a deadlock
    /// the moves that unwound it go too, with the move that closed the
    /// cycle: undo takes back the learner's last choice.
    pub fn undo(&mut self) -> bool {
        let undone = self.path.pop().is_some();
        while self.deadlocked() {
            self.path.pop();
        }
        self.unwound = 0;
        undone
    }

    /// Goes back to the start.
    pub fn restart(&mut self) {
        self.path.clear();
        self.unwound = 0;
    }

    /// Whether a move played closed a cycle of waits.
    pub fn deadlocked(&self) -> bool {
        self.played().iter().any(|m| m.closes_cycle())
    }

    /// Once a move has closed a cycle of waits, the game is decided: plays
    /// the moves that unwind the deadlock (each thread gives up, lets go and
    /// ends), with no preemption where it can, to the ending.
    pub fn finish_deadlock(&mut self) {
        while self.deadlocked() {
            let Some(index) = self.game.unwinding(self.node(), self.last()) else {
                break;
            };
            self.path.push(index);
            self.unwound += 1;
        }
    }

    /// The preemptions played so far: moves that switched away from a thread
    /// that could have gone on.
    pub fn preemptions(&self) -> usize {
        self.preempted().into_iter().filter(|&p| p).count()
    }

    /// For each move played, whether it was a preemption.
    pub fn preempted(&self) -> Vec<bool> {
        let mut node = 0;
        let mut last = 0;
        self.path
            .iter()
            .map(|&index| {
                let m = &self.game.nodes[node].moves[index];
                let preempted = self.game.is_preemption(node, last, m.thread);
                last = m.thread;
                node = m.to;
                preempted
            })
            .collect()
    }

    /// What is still reachable from here, in one sentence.
    pub fn hint(&self) -> String {
        self.game.hint(self.node(), self.last())
    }

    /// The result, once the program has ended: the ending, the preemptions
    /// used and the fewest possible, and the trace as `racelab explore`
    /// draws it, its sentences wrapped at `width` columns.
    pub fn result(&self, width: usize, commands: Commands<'_>) -> Option<String> {
        let Status::Ended(index) = self.status() else {
            return None;
        };
        let moves = self.moves_played().split(',').map(str::to_string).collect();
        let summary = format!(
            "You used {}{}",
            plural(self.preemptions() as u64, "preemption"),
            self.game.after_used(index, self.preemptions(), commands)
        );
        let wrapped = |text: &str| {
            // A command to copy is broken between words, as a shell continues it.
            let lines: Vec<String> = text
                .lines()
                .map(|line| match line.strip_prefix("  ") {
                    Some(command) => render::command_lines(command, width).trim_end().to_string(),
                    None => textwrap::fill(line, render::wrapping(width)),
                })
                .collect();
            lines.join("\n")
        };
        let closed = self.path.len() - self.unwound;
        let unwound = match self.unwound {
            0 => String::new(),
            n => format!("\n{}", super::words::unwound(closed, n)),
        };
        let lines = [
            wrapped(&format!("{}{unwound}", self.game.ended(index))),
            wrapped(&summary),
            String::new(),
            self.game.drawn(index, width, commands),
            wrapped(&format!(
                "Your moves again:\n  {}",
                commands(&self.game.again(Some(moves)))
            )),
        ];
        Some(lines.join("\n"))
    }

    /// Why `name` is not a move here.
    fn why_not(&self, name: &str) -> String {
        let node = self.node();
        if self.game.nodes[node].moves.is_empty() {
            return "the program has ended: no thread can move".to_string();
        }
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        let Ok(thread) = digits.parse::<usize>() else {
            return format!(
                "'{name}' is not a move: a move is a thread's number, such as 1, followed by a \
                 letter where its read may return more than one write, such as 2a"
            );
        };
        if !self.game.threads.contains(&thread) {
            let names: Vec<String> = self.game.threads.iter().map(|&t| thread_name(t)).collect();
            return format!(
                "there is no {} here: the threads are {}",
                thread_name(thread),
                names.join(" and ")
            );
        }
        let own: Vec<String> = self
            .options()
            .into_iter()
            .filter(|(_, m)| m.thread == thread)
            .map(|(key, m)| format!("{key} ({})", m.label))
            .collect();
        if let [only] = own.as_slice() {
            return format!(
                "'{name}' is not a move: {} has one move here, {only}",
                thread_name(thread)
            );
        }
        if !own.is_empty() {
            return format!(
                "{} may move in more than one way here; choose one of {}",
                thread_name(thread),
                own.join(" or ")
            );
        }
        if let Some(next) = self.waits_to(thread) {
            format!(
                "{} cannot move now: its next step ({next}) cannot run yet",
                thread_name(thread)
            )
        } else {
            format!("{} cannot move: it has finished", thread_name(thread))
        }
    }

    /// Whether `thread` has a move later in the game, though perhaps not
    /// now: it is waiting, not finished.
    pub fn moves_later(&self, thread: usize) -> bool {
        self.game.moves_later(self.node(), thread)
    }

    /// What `thread`, with no move now, waits to do: its next step, if it
    /// has one.
    pub fn waits_to(&self, thread: usize) -> Option<&str> {
        let next = self.game.next_move(self.node(), thread)?;
        Some(&next.own)
    }
}

/// The key that plays `m`: its thread's number, and its letter if it has one.
pub fn key(m: &Move) -> String {
    match m.choice {
        Some(letter) => format!("{}{letter}", m.thread),
        None => m.thread.to_string(),
    }
}
