//! The game on loom's weak memory: a move is one thread's next step, and at
//! a read that may return more than one write, one move per write.
//!
//! loom's executions give each thread's steps in its own order (an
//! execution's *shape*). A move is offered when some execution that agrees
//! with everything played so far takes it next, and, if it is a read, when
//! the write it returns has already been played: loom, too, lets a load
//! return only a store it has already run. Every execution loom found is
//! reached this way (by playing it in the order loom ran it), and nothing
//! else is. The order of the moves is the order the threads ran, which is not
//! the order in which writes became visible to other threads: that is the
//! lesson of weak memory.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex, PoisonError};

use crate::play::label::Writers;
use crate::play::{Game, Memory, Move, Node};
use crate::scenario::{Checker, Observed, Program};
use crate::sync::{explore_loom_within, Budget};
use crate::trace::analysis::referee::{self, Verdict};
use crate::trace::{self, Action, Step, Trace, WriteId};

/// One loom execution: what it saw, its trace, and each thread's steps.
struct Execution {
    observed: Observed,
    trace: Trace,
    threads: Vec<Vec<Step>>,
}

/// The outcomes loom reaches, data races counted as in `racelab explore`.
pub(super) fn outcomes(program: Program) -> BTreeSet<Observed> {
    executions(program)
        .0
        .into_iter()
        .map(|execution| program.ended(execution.observed, &execution.trace))
        .collect()
}

/// loom's executions of `program`, less those the memory model forbids
/// (see [`referee`](crate::trace::analysis::referee)): the game offers none of them.
/// One of each shape is kept, since the game follows only shapes; with them,
/// how many executions loom ran.
fn executions(program: Program) -> (Vec<Execution>, usize) {
    let found = Arc::new(Mutex::new(Vec::new()));
    let into = Arc::clone(&found);
    explore_loom_within(program.loom_preemptions(), Budget::default(), move || {
        trace::start();
        let observed = program.run(Checker::Loom);
        let trace = trace::finish();
        into.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((observed, trace));
    });
    let found = std::mem::take(&mut *found.lock().unwrap_or_else(PoisonError::into_inner));
    let ran = found.len();
    let mut shapes = HashSet::new();
    let kept = found
        .into_iter()
        .filter(|(observed, trace)| shapes.insert((observed.clone(), trace.shape())))
        .filter(|(_, trace)| !matches!(referee::judge(trace), Verdict::Forbidden(_)))
        .map(|(observed, trace)| {
            let mut threads: Vec<Vec<Step>> = Vec::new();
            for step in trace.shape() {
                if threads.len() <= step.thread {
                    threads.resize(step.thread + 1, Vec::new());
                }
                threads[step.thread].push(step);
            }
            Execution {
                observed,
                trace,
                threads,
            }
        })
        .collect();
    (kept, ran)
}

/// A position: how far each thread has got, and the executions that agree.
#[derive(Clone)]
struct Position {
    taken: Vec<usize>,
    agreeing: Vec<usize>,
}

/// Builds the game of `program` from loom's executions.
pub(super) fn build(program: Program) -> Result<Game, String> {
    let (executions, ran) = executions(program);
    if executions.iter().any(|e| orders_seq_cst(&e.trace)) {
        return Err(
            "this version uses SeqCst, which loom orders by the order it runs the \
                    threads in, and the game on loom does not follow that order"
                .to_string(),
        );
    }
    let Some(first) = executions.first() else {
        return Err("loom ran nothing".to_string());
    };
    let threads = first.threads.len();
    let mut start = Position {
        taken: vec![0; threads],
        agreeing: (0..executions.len()).collect(),
    };
    advance_main(&executions, &mut start);
    let mut game = Game {
        program,
        memory: Memory::Weak,
        nodes: vec![Node::default()],
        endings: Vec::new(),
        threads: (1..threads).collect(),
        setup: first.threads[0][..start.taken[0]].to_vec(),
        places: first.trace.places().to_vec(),
        executions: ran,
        note: None,
    };
    // Each execution's writes named once, not once per move.
    let shapes: Vec<Trace> = executions.iter().map(shape_trace).collect();
    let writers: Vec<Writers> = shapes.iter().map(Writers::new).collect();
    let mut drawn: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([(0, start)]);
    // A tree, breadth first: each position is the moves that led to it, in
    // their order, and is numbered after the position it came from.
    while let Some((node, position)) = queue.pop_front() {
        let moves = next_moves(&executions, &position);
        if moves.is_empty() {
            // Every way to play one execution ends in the same drawing:
            // drawn once, then copied (each copy is played in its own order).
            let index = position.agreeing[0];
            let ending = match drawn.get(&index) {
                Some(&first) => {
                    game.endings.push(game.endings[first].clone());
                    game.endings.len() - 1
                }
                None => {
                    let execution = &executions[index];
                    let steps = execution.trace.steps().to_vec();
                    let ending = game.add_ending(execution.observed.clone(), steps);
                    drawn.insert(index, ending);
                    ending
                }
            };
            game.nodes[node].ending = Some(ending);
            continue;
        }
        for (thread, step, mut next) in moves {
            let before = next.taken[0];
            advance_main(&executions, &mut next);
            let execution = &executions[next.agreeing[0]];
            let mut steps = vec![step];
            steps.extend_from_slice(&execution.threads[0][before..next.taken[0]]);
            let writers = &writers[next.agreeing[0]];
            let label = writers.move_label(thread, &steps);
            let own = writers.own_label(thread, &steps);
            game.nodes.push(Node::default());
            let id = game.nodes.len() - 1;
            queue.push_back((id, next));
            game.nodes[node].moves.push(Move {
                thread,
                steps,
                label,
                own,
                choice: None,
                to: id,
            });
        }
    }
    game.finish();
    Ok(game)
}

/// The shape of an execution as a trace, so its writes can be named.
fn shape_trace(execution: &Execution) -> Trace {
    Trace::new(
        execution.threads.concat(),
        execution.trace.places().to_vec(),
    )
}

/// Whether a trace orders anything SeqCst: loom ties such steps to its
/// running order.
fn orders_seq_cst(trace: &Trace) -> bool {
    trace.steps().iter().any(|step| {
        matches!(
            step.action,
            Action::Fence { order: SeqCst }
                | Action::Read { order: SeqCst, .. }
                | Action::Write { order: SeqCst, .. }
        )
    })
}

/// Whether the write `saw` has been played.
fn played(executions: &[Execution], position: &Position, saw: WriteId) -> bool {
    let execution = &executions[position.agreeing[0]];
    position.taken.iter().enumerate().any(|(thread, &taken)| {
        execution.threads[thread][..taken]
            .iter()
            .any(|step| step.action.written().is_some_and(|(_, write)| write == saw))
    })
}

/// The distinct next steps of `thread`, each with the position it leads to.
fn next_steps(
    executions: &[Execution],
    position: &Position,
    thread: usize,
) -> Vec<(Step, Position)> {
    let at = position.taken[thread];
    let mut found: Vec<(Step, Position)> = Vec::new();
    for &index in &position.agreeing {
        let Some(&step) = executions[index].threads[thread].get(at) else {
            continue;
        };
        if let Some((_, next)) = found.iter_mut().find(|(s, _)| *s == step) {
            next.agreeing.push(index);
            continue;
        }
        let mut taken = position.taken.clone();
        taken[thread] += 1;
        found.push((
            step,
            Position {
                taken,
                agreeing: vec![index],
            },
        ));
    }
    found.retain(|(step, _)| {
        step.action
            .read()
            .is_none_or(|(_, saw)| played(executions, position, saw))
    });
    found
}

/// The moves of the threads a learner plays.
fn next_moves(executions: &[Execution], position: &Position) -> Vec<(usize, Step, Position)> {
    (1..position.taken.len())
        .flat_map(|thread| {
            next_steps(executions, position, thread)
                .into_iter()
                .map(move |(step, next)| (thread, step, next))
        })
        .collect()
}

/// Plays main's steps while it has exactly one, and a join only once the
/// joined thread has finished.
fn advance_main(executions: &[Execution], position: &mut Position) {
    loop {
        let steps = next_steps(executions, position, 0);
        let [(step, next)] = steps.as_slice() else {
            return;
        };
        if let Action::Join { thread } = step.action {
            let unfinished = position
                .agreeing
                .iter()
                .any(|&index| executions[index].threads[thread].len() > position.taken[thread]);
            if unfinished {
                return;
            }
        }
        *position = next.clone();
    }
}
