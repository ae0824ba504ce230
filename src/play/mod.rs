//! Play the scheduler: the learner picks which thread takes the next step,
//! until the program breaks its contract — or until every way on keeps it.
//!
//! Every choice the game offers comes from executions a model checker
//! enumerated, so nothing impossible is offered, and every ending the engine
//! reaches can be played:
//!
//! - on a sequentially consistent machine ([`Memory::Sequential`]), shuttle
//!   runs every interleaving of the recorded steps
//!   ([`explore_shuttle_steps`](crate::sync::explore_shuttle_steps)); the
//!   game is the tree of those interleavings, and a move is "thread n takes
//!   its next step";
//! - where weak memory reaches an outcome no interleaving does
//!   ([`Memory::Weak`]: message passing, store buffering, a Relaxed
//!   publication), the game is built from loom's executions instead, for the
//!   fixes too, and at a read that may return more than one write the learner
//!   also picks which.
//!
//! Each position knows which endings are still reachable from it (the hint
//! "from here every ending is correct"), and the fewest preemptions that
//! still reach a wrong one.
//!
//! - [`Game::sequential`] and [`Game::weak`]: the two ways a game is built;
//! - [`session`]: one game in progress — moves, undo, restart — which the
//!   terminal and the scripted `--moves` mode play through;
//! - [`terminal`] and [`page`]: the game in a terminal, and as one
//!   self-contained web page.
//!
//! ```
//! use racelab::counter::RacyCount;
//! use racelab::play::{Game, Session, Status};
//! use racelab::scenario::{Program, Size};
//!
//! let game = Game::new(Program::new(&RacyCount, (), Size::SMALLEST)).unwrap();
//! let mut session = Session::new(&game);
//! // T1 reads 0, T2 reads 0, T1 writes 1, T2 writes 1.
//! for key in ["1", "2", "1", "2"] {
//!     session.play(key).unwrap();
//! }
//! let Status::Ended(ending) = session.status() else { panic!("not over") };
//! assert_eq!(game.endings[ending].observed.to_string(), "count = 1");
//! assert_eq!(session.preemptions(), 2); // T2 after T1's read, T1 after T2's
//! assert_eq!(game.fewest_preemptions(0, 0), Some(1)); // 1 is enough
//! ```

pub mod campaign;
pub mod code;
mod label;
pub mod menu;
pub mod page;
mod sequential;
pub mod session;
pub mod terminal;
mod weak;
mod words;

pub use self::session::{Session, Status};
pub use self::words::PREEMPTION;

use std::collections::BTreeSet;

use crate::explore::report::Hint;
use crate::scenario::{self, Kind, Observed, Program, Size};
use crate::trace::{Drawing, Order, Place, Step, Trace};

/// Every program with a bug to find in a game: each scenario as a learner
/// first writes it, at the smallest size that shows a race, where that
/// version breaks the contract.
pub fn buggy() -> Vec<Program> {
    scenario::ALL
        .iter()
        .map(|&scenario| Program {
            scenario,
            version: 0,
            size: Size::SMALLEST,
        })
        .filter(|program| program.variant().kind == Kind::Bug)
        .collect()
}

/// Which machine the game plays on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Memory {
    /// Every read returns the newest write: shuttle's interleavings.
    Sequential,
    /// A read may return an older write, as loom's model of memory allows.
    Weak,
}

/// One position of a game.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// The moves from here, in the order they are offered.
    pub moves: Vec<Move>,
    /// How the program ended, when every thread is done.
    pub ending: Option<usize>,
    /// Whether an ending that breaks the contract is reachable from here.
    pub can_break: bool,
    /// Whether an ending that keeps the contract is reachable from here.
    pub can_keep: bool,
}

/// One move: a thread takes its next step.
#[derive(Clone, Debug)]
pub struct Move {
    /// The thread that moves: 1 is T1.
    pub thread: usize,
    /// The steps it takes, in order: usually one, with main's steps taken
    /// meanwhile (joining a thread that has finished, reading what they
    /// left) among them.
    pub steps: Vec<Step>,
    /// What the thread does, with main's steps that came with it, in order.
    pub label: String,
    /// What the thread itself does.
    pub own: String,
    /// Which of the thread's moves this is, when a read may return more than
    /// one write: `a`, `b`, …; `None` when the thread has only this move.
    pub choice: Option<char>,
    /// The position it leads to.
    pub to: usize,
}

impl Move {
    /// Whether the move only asks for a lock another thread holds: the
    /// thread begins to wait, or finds a deadlock.
    pub fn only_waits(&self) -> bool {
        self.steps
            .iter()
            .find(|step| step.thread == self.thread)
            .is_some_and(|step| {
                matches!(
                    step.action,
                    crate::trace::Action::Waits { .. } | crate::trace::Action::Deadlock { .. }
                )
            })
    }
}

impl Move {
    /// Whether the move closes a cycle of waits: its thread asks for a lock
    /// held by a thread that waits, round the cycle, for one it holds. The
    /// game ends there; the moves after it only unwind the deadlock.
    pub fn closes_cycle(&self) -> bool {
        self.steps.iter().any(|step| {
            step.thread == self.thread
                && matches!(step.action, crate::trace::Action::Deadlock { .. })
        })
    }
}

/// How one execution ended.
#[derive(Clone, Debug)]
pub struct Ending {
    /// What the threads saw.
    pub observed: Observed,
    /// Whether that keeps the scenario's contract.
    pub correct: bool,
    /// The whole execution, drawn as `racelab explore` draws it: the
    /// interleaving with the fewest preemptions that explains it.
    pub drawing: Drawing,
    /// The same execution in the order of the moves that reach it, with ↯ on
    /// each preemption among them.
    pub played: Drawing,
    /// For each of those moves, the index in `played`'s trace of the
    /// moving thread's first step: where move #n is drawn.
    pub moves_at: Vec<usize>,
}

/// A game: the positions, the endings, and what it is about.
#[derive(Clone, Debug)]
pub struct Game {
    /// What is played.
    pub program: Program,
    /// The machine.
    pub memory: Memory,
    /// Every position; the game starts at 0.
    pub nodes: Vec<Node>,
    /// Every ending.
    pub endings: Vec<Ending>,
    /// The threads a learner moves, in order.
    pub threads: Vec<usize>,
    /// The steps main takes before any thread moves.
    pub setup: Vec<Step>,
    /// The places the steps touch.
    pub places: Vec<Place>,
    /// How many executions the engine ran to build it.
    pub executions: usize,
    /// What the learner should know about the machine, where it is not the
    /// one the scenario's bug needs.
    pub note: Option<String>,
}

impl Game {
    /// Builds the game of `program`: on loom's weak memory where the bug of
    /// its scenario needs weak memory (an outcome loom reaches and no
    /// interleaving does, found now), so that its fix is played on the
    /// machine that can break it; otherwise on a sequentially consistent one.
    pub fn new(program: Program) -> Result<Game, String> {
        let game = Game::on_its_machine(program)?;
        if game.nodes[0].moves.is_empty() {
            return Err(format!(
                "{program} shares nothing between its threads: no thread takes a step another \
                 can see, so there is no order to choose"
            ));
        }
        Ok(game)
    }

    fn on_its_machine(program: Program) -> Result<Game, String> {
        let buggy = program.with_version(0);
        let sequential = match Game::sequential(buggy) {
            Ok(game) => game,
            Err(why) if buggy == program => return Err(why),
            // Name the version asked for, not the bug's.
            Err(_) => {
                return Err(Game::sequential(program).err().unwrap_or_else(|| {
                    format!(
                        "{program} cannot be played: {buggy}, whose game decides the machine it \
                         is played on, has too many orders of its steps"
                    )
                }));
            }
        };
        let reached: BTreeSet<&Observed> = sequential.endings.iter().map(|e| &e.observed).collect();
        let needs_weak = weak::outcomes(buggy)
            .iter()
            .any(|observed| !reached.contains(observed));
        if !needs_weak {
            return if buggy == program {
                Ok(sequential)
            } else {
                Game::sequential(program)
            };
        }
        match Game::weak(program) {
            Ok(game) => Ok(game),
            Err(why) => {
                let mut game = Game::sequential(program)?;
                game.note = Some(format!(
                    "Played on a sequentially consistent machine, which cannot show weak-memory \
                     effects (here the buggy version could not break either): {why}."
                ));
                Ok(game)
            }
        }
    }

    /// The game on a sequentially consistent machine, from shuttle.
    pub fn sequential(program: Program) -> Result<Game, String> {
        sequential::build(program)
    }

    /// The game on loom's weak memory.
    pub fn weak(program: Program) -> Result<Game, String> {
        weak::build(program)
    }

    /// How to play this game again, with `moves` if any.
    pub fn again(&self, moves: Option<Vec<String>>) -> Hint {
        Hint::Play {
            program: self.program,
            moves,
        }
    }

    /// The position reached by `moves` (indices into each position's moves).
    pub fn follow(&self, moves: &[usize]) -> usize {
        moves
            .iter()
            .fold(0, |node, &index| self.nodes[node].moves[index].to)
    }

    /// Whether any ending breaks the contract.
    pub fn has_bug(&self) -> bool {
        self.nodes[0].can_break
    }

    /// The goal, in one sentence.
    pub fn goal(&self) -> String {
        format!(
            "Goal: choose who runs next until the program breaks \"{}\".",
            self.program.contract()
        )
    }

    /// The fewest preemptions with which, from `node`, after a move by
    /// `last` (0 at the start), an ending that breaks the contract is
    /// reached; `None` if none is reachable.
    pub fn fewest_preemptions(&self, node: usize, last: usize) -> Option<usize> {
        fewest::path(self, node, last).map(|(cost, _)| cost)
    }

    /// A way from the start to an ending that breaks the contract with the
    /// fewest preemptions: the keys to play, as `--moves` takes them.
    pub fn solution(&self) -> Option<Vec<String>> {
        let (_, moves) = fewest::path(self, 0, 0)?;
        let mut node = 0;
        Some(
            moves
                .into_iter()
                .map(|index| {
                    let m = &self.nodes[node].moves[index];
                    node = m.to;
                    session::key(m)
                })
                .collect(),
        )
    }

    /// Whether `thread` has a move anywhere after `node`: at a position
    /// where it has none, it is waiting rather than finished.
    pub fn moves_later(&self, node: usize, thread: usize) -> bool {
        self.next_move(node, thread).is_some()
    }

    /// The next move of `thread` from `node` on, nearest first: where it
    /// has no move now, the step it waits to take.
    pub fn next_move(&self, node: usize, thread: usize) -> Option<&Move> {
        let mut queue = std::collections::VecDeque::from([node]);
        while let Some(at) = queue.pop_front() {
            for m in &self.nodes[at].moves {
                if m.thread == thread {
                    return Some(m);
                }
                // The game is a tree: no position is reached twice.
                queue.push_back(m.to);
            }
        }
        None
    }

    /// After a deadlock, the move that unwinds it further from `node`
    /// (after a move by `last`) with no preemption if one can: `None` where
    /// no move is left.
    pub fn unwinding(&self, node: usize, last: usize) -> Option<usize> {
        let moves = &self.nodes[node].moves;
        let calm = moves
            .iter()
            .position(|m| !self.is_preemption(node, last, m.thread));
        calm.or((!moves.is_empty()).then_some(0))
    }

    /// Whether a move by `thread` from `node`, after a move by `last`, is a
    /// preemption: a switch away from a thread that could have gone on — one
    /// with a move that is not a request for a lock another thread holds
    /// (which would only make it wait).
    pub fn is_preemption(&self, node: usize, last: usize, thread: usize) -> bool {
        last != 0
            && thread != last
            && self.nodes[node]
                .moves
                .iter()
                .any(|m| m.thread == last && !m.only_waits())
    }

    /// Settles what the builders leave open: the threads in order, the
    /// letters of moves that share a thread, what each position can reach.
    fn finish(&mut self) {
        self.threads.sort_unstable();
        self.threads.dedup();
        for node in &mut self.nodes {
            node.moves.sort_by_key(|m| m.thread);
            for thread in &self.threads {
                let mut same: Vec<&mut Move> = node
                    .moves
                    .iter_mut()
                    .filter(|m| m.thread == *thread)
                    .collect();
                if same.len() > 1 {
                    for (m, letter) in same.iter_mut().zip('a'..='z') {
                        m.choice = Some(letter);
                    }
                }
            }
        }
        self.mark_reachable();
        self.draw_as_played();
    }

    /// Draws each ending in the order of the moves that reach it: the game
    /// is a tree, so there is one such order.
    fn draw_as_played(&mut self) {
        let mut stack: Vec<(usize, Vec<(usize, usize)>)> = vec![(0, Vec::new())];
        while let Some((node, path)) = stack.pop() {
            if let Some(ending) = self.nodes[node].ending {
                let (played, moves_at) = self.played(&path);
                self.endings[ending].played = played;
                self.endings[ending].moves_at = moves_at;
            }
            for (index, m) in self.nodes[node].moves.iter().enumerate() {
                let mut longer = path.clone();
                longer.push((node, index));
                stack.push((m.to, longer));
            }
        }
    }

    /// The steps of `path` (positions and the move taken at each), drawn
    /// with ↯ on the first step of each move that preempted; and where each
    /// move's first step of its own thread is.
    fn played(&self, path: &[(usize, usize)]) -> (Drawing, Vec<usize>) {
        let mut steps = self.setup.clone();
        let mut preempted = Vec::new();
        let mut moves_at = Vec::new();
        let mut last = 0;
        for &(node, index) in path {
            let m = &self.nodes[node].moves[index];
            let own = m.steps.iter().position(|step| step.thread == m.thread);
            moves_at.extend(own.map(|at| steps.len() + at));
            if self.is_preemption(node, last, m.thread) {
                preempted.extend(own.map(|at| steps.len() + at));
            }
            steps.extend_from_slice(&m.steps);
            last = m.thread;
        }
        let trace = Trace::new(steps, self.places.clone());
        (Drawing::as_played(&trace, preempted), moves_at)
    }

    /// Fills in what each position can still reach.
    fn mark_reachable(&mut self) {
        // Both builders make a tree whose children have higher numbers than
        // their parents, so one pass from the end settles every position.
        for node in (0..self.nodes.len()).rev() {
            let (mut can_break, mut can_keep) = match self.nodes[node].ending {
                Some(ending) => {
                    let correct = self.endings[ending].correct;
                    (!correct, correct)
                }
                None => (false, false),
            };
            for m in &self.nodes[node].moves {
                can_break |= self.nodes[m.to].can_break;
                can_keep |= self.nodes[m.to].can_keep;
            }
            self.nodes[node].can_break = can_break;
            self.nodes[node].can_keep = can_keep;
        }
    }

    /// Adds an ending for `observed` after `steps`, drawn as `explore` draws
    /// it, and returns its number.
    fn add_ending(&mut self, observed: Observed, steps: Vec<Step>) -> usize {
        let trace = Trace::new(steps, self.places.clone());
        let observed = self.program.ended(observed, &trace);
        self.endings.push(Ending {
            correct: self.program.correct(&observed),
            observed,
            drawing: Drawing::new(&trace),
            played: Drawing::default(),
            moves_at: Vec::new(),
        });
        self.endings.len() - 1
    }
}

impl Ending {
    /// The fewest preemptions of any interleaving that reaches this
    /// execution, or `None` if only weak memory does.
    pub fn preemptions(&self) -> Option<usize> {
        match self.drawing.order {
            Order::Interleaving { preemptions } => Some(preemptions),
            _ => None,
        }
    }
}

mod fewest {
    //! The fewest preemptions to a wrong ending: a shortest path over
    //! (position, thread that moved last), where a switch away from a thread
    //! that could have gone on costs one.

    use std::collections::{HashMap, VecDeque};

    use super::Game;

    /// The cost and the moves (indices) of a cheapest way from `node`.
    pub(super) fn path(game: &Game, node: usize, last: usize) -> Option<(usize, Vec<usize>)> {
        type State = (usize, usize);
        let mut dist: HashMap<State, usize> = HashMap::from([((node, last), 0)]);
        let mut came: HashMap<State, (State, usize)> = HashMap::new();
        let mut queue = VecDeque::from([((node, last), 0)]);
        while let Some((state, cost)) = queue.pop_front() {
            if dist.get(&state).is_some_and(|&known| known < cost) {
                continue;
            }
            let (at, last) = state;
            let here = &game.nodes[at];
            if here
                .ending
                .is_some_and(|ending| !game.endings[ending].correct)
            {
                let mut moves = Vec::new();
                let mut back = state;
                while let Some(&(before, index)) = came.get(&back) {
                    moves.push(index);
                    back = before;
                }
                moves.reverse();
                return Some((cost, moves));
            }
            // In reverse, so that of equally cheap moves the first offered
            // (the lowest thread) is tried first.
            for (index, m) in here.moves.iter().enumerate().rev() {
                if !game.nodes[m.to].can_break {
                    continue;
                }
                let next = (m.to, m.thread);
                let step = usize::from(game.is_preemption(at, last, m.thread));
                if dist.get(&next).is_some_and(|&known| known <= cost + step) {
                    continue;
                }
                dist.insert(next, cost + step);
                came.insert(next, (state, index));
                if step == 1 {
                    queue.push_back((next, cost + 1));
                } else {
                    queue.push_front((next, cost));
                }
            }
        }
        None
    }
}
