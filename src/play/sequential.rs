//! The game on a sequentially consistent machine: the tree of every
//! interleaving of recorded steps, from shuttle.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::play::label::Writers;
use crate::play::{Game, Memory, Move, Node};
use crate::scenario::{Checker, Observed, Program};
use crate::sync::{explore_shuttle_steps, Budget};
use crate::trace::{self, Step, Trace, WriteId};

/// At most this many interleavings, found within [`MAX_TIME`]: every game
/// of the catalogue but the stolen wakeup's has fewer than a thousand.
const MAX_RUNS: usize = 10_000;

/// At most this long to find them.
const MAX_TIME: Duration = Duration::from_secs(5);

/// One run: what it saw, its steps, and where each move began.
struct Run {
    observed: Observed,
    trace: Trace,
    moves: Vec<(usize, usize)>,
}

/// Builds the game of `program` from every interleaving of its steps.
pub(super) fn build(program: Program) -> Result<Game, String> {
    let runs = runs(program)?;
    let first = runs.first().ok_or("shuttle ran nothing")?;
    let setup_len = first.moves.first().map_or(0, |&(at, _)| at);
    let mut game = Game {
        program,
        memory: Memory::Sequential,
        nodes: vec![Node::default()],
        endings: Vec::new(),
        threads: Vec::new(),
        setup: first.trace.steps()[..setup_len].to_vec(),
        places: first.trace.places().to_vec(),
        executions: runs.len(),
        note: None,
    };
    for run in &runs {
        add_run(&mut game, run);
    }
    game.finish();
    Ok(game)
}

fn runs(program: Program) -> Result<Vec<Run>, String> {
    let moves = Arc::new(Mutex::new(Vec::new()));
    let runs = Arc::new(Mutex::new(Vec::new()));
    let (during, into) = (Arc::clone(&moves), Arc::clone(&runs));
    let budget = Budget {
        executions: Some(MAX_RUNS),
        time: Some(MAX_TIME),
    };
    let explored = explore_shuttle_steps(budget, moves, move || {
        trace::start();
        let observed = program.run(Checker::Shuttle);
        let trace = trace::finish();
        let moves = during
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        into.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Run {
                observed,
                trace,
                moves,
            });
    });
    if explored.stopped {
        return Err(format!(
            "{program} has more orders of its steps than a game can hold (over {}, or more than \
             {} s to find them)",
            crate::explore::grouped(MAX_RUNS as u64),
            MAX_TIME.as_secs()
        ));
    }
    let runs = std::mem::take(&mut *runs.lock().unwrap_or_else(PoisonError::into_inner));
    Ok(runs)
}

/// Walks `run`'s moves down the tree, adding the positions it is the first
/// to reach, and its ending at the leaf.
fn add_run(game: &mut Game, run: &Run) {
    let steps = run.trace.steps();
    let writers = Writers::new(&run.trace);
    let mut node = 0;
    // Main's steps between two moves that recorded nothing of their own
    // (the thread chosen could not go on), kept for the next move.
    let mut pending: Vec<Step> = Vec::new();
    let mut added: Option<(usize, usize)> = None;
    for (index, &(from, thread)) in run.moves.iter().enumerate() {
        let to = run.moves.get(index + 1).map_or(steps.len(), |&(at, _)| at);
        pending.extend_from_slice(&steps[from..to]);
        if !pending.iter().any(|step| step.thread == thread) {
            continue;
        }
        let before = game.nodes.len();
        let parent = node;
        node = child(game, node, thread, std::mem::take(&mut pending), &writers);
        added = (game.nodes.len() > before).then_some((parent, node));
    }
    if let (false, Some((parent, to))) = (pending.is_empty(), added) {
        // Main's last steps, after a move that recorded nothing: they end
        // the move this run added last.
        if let Some(m) = game.nodes[parent].moves.iter_mut().find(|m| m.to == to) {
            m.steps.extend(pending);
            m.label = writers.move_label(m.thread, &m.steps);
        }
    }
    if game.nodes[node].ending.is_none() {
        let ending = game.add_ending(run.observed.clone(), steps.to_vec());
        game.nodes[node].ending = Some(ending);
    }
}

/// The position `thread`'s move `segment` leads to from `node`.
fn child(
    game: &mut Game,
    node: usize,
    thread: usize,
    segment: Vec<Step>,
    writers: &Writers,
) -> usize {
    let own = |steps: &[Step]| -> Vec<Step> {
        steps
            .iter()
            .filter(|s| s.thread == thread)
            .copied()
            .collect()
    };
    let mine = own(&segment);
    if let Some(m) = game.nodes[node]
        .moves
        .iter()
        .find(|m| m.thread == thread && same_steps(&own(&m.steps), &mine))
    {
        return m.to;
    }
    let to = game.nodes.len();
    game.nodes.push(Node::default());
    game.threads.push(thread);
    let label = writers.move_label(thread, &segment);
    let own = writers.own_label(thread, &segment);
    game.nodes[node].moves.push(Move {
        thread,
        steps: segment,
        label,
        own,
        choice: None,
        to,
    });
    game.nodes[node].moves.sort_by_key(|m| m.thread);
    to
}

/// Whether two moves take the same steps: the same actions and values.
/// Write identities differ from run to run, so they are left out.
fn same_steps(a: &[Step], b: &[Step]) -> bool {
    let blank = |step: &Step| step.action.renamed(|_| WriteId(0));
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.thread == y.thread && blank(x) == blank(y))
}
