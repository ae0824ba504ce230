//! The claims every drawn trace makes, checked over every execution an
//! engine explores.
//!
//! Executions with the same [shape](racelab::trace::Trace::shape) (each
//! thread's steps, and which write each read returned) have the same
//! drawing, so each shape is checked once and every execution is counted
//! under its shape.

#![allow(dead_code)] // the loom suite and the test suite use different sizes

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use racelab::counter::counting;
use racelab::scenario::{Checker, Program};
use racelab::sync::{explore_loom_within, explore_shuttle_steps_within, Budget};
use racelab::trace::{self, thread_name, Action, Drawing, Order, Trace};

/// What one engine's executions of one scenario showed.
#[derive(Debug, Default)]
pub struct Truth {
    /// Executions run.
    pub executions: usize,
    /// Distinct shapes among them, each checked.
    pub shapes: usize,
    /// For each final count, the fewest preemptions of any drawing.
    pub fewest: BTreeMap<u64, usize>,
    /// Preemption notes that said what the preemption kept from being lost,
    /// each checked.
    pub kept_notes: usize,
}

/// Runs every execution of the counter `program` under loom and checks each.
pub fn under_loom(program: Program) -> Truth {
    let truth = Arc::new(Mutex::new((Truth::default(), HashSet::new())));
    let into = Arc::clone(&truth);
    let expected = counting::expected(program.size);
    let explored = explore_loom_within(None, Budget::default(), move || {
        trace::start();
        let count = counting::count(&program.run(Checker::Loom));
        check_execution(&into, count, expected, trace::finish());
    });
    assert!(!explored.stopped, "loom must explore every execution");
    finish(truth)
}

/// Runs every schedule of the counter `program` under shuttle's depth-first
/// search and checks each.
pub fn under_shuttle_dfs(program: Program) -> Truth {
    let truth = Arc::new(Mutex::new((Truth::default(), HashSet::new())));
    let into = Arc::clone(&truth);
    let expected = counting::expected(program.size);
    let (_, explored) = explore_shuttle_steps_within(None, Budget::default(), move || {
        trace::start();
        let count = counting::count(&program.run(Checker::Shuttle));
        check_execution(&into, count, expected, trace::finish());
    });
    assert!(!explored.stopped, "shuttle must explore every schedule");
    finish(truth)
}

type Shared = Arc<Mutex<(Truth, HashSet<Vec<trace::Step>>)>>;

fn finish(truth: Shared) -> Truth {
    let mut guard = truth.lock().unwrap_or_else(PoisonError::into_inner);
    std::mem::take(&mut guard.0)
}

fn check_execution(shared: &Shared, count: u64, expected: u64, trace: Trace) {
    let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
    let (truth, seen) = &mut *guard;
    truth.executions += 1;
    let shape = trace.shape();
    if seen.contains(&shape) {
        return;
    }
    let drawing = Drawing::new(&trace);
    let preemptions = check_drawing(&trace, &drawing, count, expected);
    truth.kept_notes += check_kept_notes(&drawing);
    let fewest = truth.fewest.entry(count).or_insert(usize::MAX);
    *fewest = (*fewest).min(preemptions);
    truth.shapes += 1;
    seen.insert(shape);
}

/// Checks one drawing against the trace it draws; returns its preemptions.
pub fn check_drawing(trace: &Trace, drawing: &Drawing, count: u64, expected: u64) -> usize {
    let Order::Interleaving { preemptions } = drawing.order else {
        panic!("no interleaving explains a counter's execution: {trace:?}");
    };
    let drawn = drawing.trace.steps();
    assert_keeps_program_order(trace, &drawing.trace);
    // Every read names the write it returned, and it is that write.
    for (index, step) in drawn.iter().enumerate() {
        if let Some((_, saw)) = step.action.read() {
            let writer = drawing.marks.reads_from[index]
                .unwrap_or_else(|| panic!("step {index} names no write: {drawn:?}"));
            assert_eq!(drawn[writer].action.written().map(|(_, w)| w), Some(saw));
        }
    }
    assert_every_read_sees_the_newest_write(&drawing.trace);
    assert_eq!(
        drawing.marks.race, None,
        "a counter's plain count is only touched under its lock"
    );
    assert_locks_exclude_each_other(&drawing.trace);
    assert_coherent(&drawing.trace);
    assert_eq!(
        drawing.marks.lost().len() as u64,
        expected - count,
        "the updates named lost must be expected − got: {drawn:?}"
    );
    assert_eq!(
        drawing.marks.preemptions.len(),
        preemptions,
        "the preemptions drawn must be the ones counted"
    );
    preemptions
}

/// The drawing is the same steps, each thread's in its own order.
fn assert_keeps_program_order(ran: &Trace, drawn: &Trace) {
    let lanes = |trace: &Trace| {
        let mut lanes: BTreeMap<usize, Vec<Action>> = BTreeMap::new();
        for step in trace.steps() {
            lanes.entry(step.thread).or_default().push(step.action);
        }
        lanes
    };
    assert_eq!(
        lanes(ran),
        lanes(drawn),
        "a drawing reorders threads, never a thread's steps"
    );
}

fn assert_every_read_sees_the_newest_write(drawn: &Trace) {
    let mut newest = HashMap::new();
    for step in drawn.steps() {
        if let Some((location, saw)) = step.action.read() {
            assert_eq!(
                newest.get(&location),
                Some(&saw),
                "a read in an interleaving sees the newest write"
            );
        }
        if let Some((location, write)) = step.action.written() {
            newest.insert(location, write);
        }
    }
}

fn assert_locks_exclude_each_other(drawn: &Trace) {
    let mut holder = HashMap::new();
    for step in drawn.steps() {
        match step.action {
            Action::Lock { lock, .. } => {
                assert!(
                    holder.insert(lock, step.thread).is_none(),
                    "two threads hold one lock"
                );
            }
            Action::Unlock { lock } => {
                assert_eq!(holder.remove(&lock), Some(step.thread));
            }
            _ => {}
        }
    }
}

/// No thread reads or writes a write older, in its location's order of
/// writes, than one it already saw or made.
fn assert_coherent(drawn: &Trace) {
    let mut order = HashMap::new();
    for step in drawn.steps() {
        if let Some((_, write)) = step.action.written() {
            let position = order.len();
            order.insert(write, position);
        }
    }
    let mut latest: HashMap<(usize, trace::Location), usize> = HashMap::new();
    for step in drawn.steps() {
        for (location, write) in step.action.read().into_iter().chain(step.action.written()) {
            let position = order[&write];
            let seen = latest.entry((step.thread, location)).or_insert(position);
            assert!(
                position >= *seen,
                "a thread went back in a location's order of writes"
            );
            *seen = position;
        }
    }
}

/// Checks each preemption note that says "Had T2 made its next write to
/// count first, T1's write here would have replaced that too: this
/// preemption keeps the loss at this write to N updates"; returns how many
/// there were.
///
/// Checked from the drawn steps alone: the write the note is on replaces
/// exactly the N writes to its place drawn between the writer's read and
/// it; the stopped thread writes that place again later; and every step it
/// takes up to that write could have run before the note's step (none asks
/// for a lock the writer holds, or joins it), which would have put one more
/// write between the read and the write.
pub fn check_kept_notes(drawing: &Drawing) -> usize {
    let steps = drawing.trace.steps();
    let mut checked = 0;
    for note in drawing.notes() {
        let Some(rest) = note.strip_prefix("↯ step ") else {
            continue;
        };
        let Some((_, kept)) = rest.split_once(" Had ") else {
            continue;
        };
        let number: usize = rest[..rest.find(':').unwrap()].parse().unwrap();
        let index = drawing
            .marks
            .numbers
            .iter()
            .position(|&n| n == Some(number))
            .unwrap();
        let writer = steps[index].thread;
        let (place, _) = steps[index]
            .action
            .written()
            .expect("the note is on a write");
        let stopped = (0..=steps.len())
            .find(|&t| kept.starts_with(&format!("{} made its next write to ", thread_name(t))))
            .expect("the note names a thread");
        let read = (0..index)
            .rev()
            .find(|&i| {
                steps[i].thread == writer && steps[i].action.read().is_some_and(|(l, _)| l == place)
            })
            .expect("the writer read the place before");
        let between = (read + 1..index)
            .filter(|&i| steps[i].action.written().is_some_and(|(l, _)| l == place))
            .count();
        let expected = format!(
            "{} made its next write to {} first, {}'s write here would have replaced that \
             too: this preemption keeps the loss at this write to {}",
            thread_name(stopped),
            drawing.trace.place_name(place),
            thread_name(writer),
            match between {
                1 => "1 update.".to_string(),
                n => format!("{n} updates."),
            },
        );
        assert_eq!(kept, expected, "in {note}");
        let next_write = (index + 1..steps.len())
            .find(|&i| {
                steps[i].thread == stopped
                    && steps[i].action.written().is_some_and(|(l, _)| l == place)
            })
            .expect("the stopped thread writes the place again");
        let held = held_by(steps, writer, index);
        for step in steps[index + 1..=next_write]
            .iter()
            .filter(|s| s.thread == stopped)
        {
            match step.action {
                Action::Lock { lock, .. } => assert!(!held.contains(&lock), "{note}"),
                Action::Join { .. } => panic!("{note}: the stopped thread joins first"),
                _ => {}
            }
        }
        checked += 1;
    }
    checked
}

/// The locks `thread` holds just before step `index`.
fn held_by(steps: &[trace::Step], thread: usize, index: usize) -> HashSet<trace::Location> {
    let mut held = HashSet::new();
    for step in steps[..index].iter().filter(|s| s.thread == thread) {
        match step.action {
            Action::Lock { lock, .. } => {
                held.insert(lock);
            }
            Action::Unlock { lock } => {
                held.remove(&lock);
            }
            _ => {}
        }
    }
    held
}
