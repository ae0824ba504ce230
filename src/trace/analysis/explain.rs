//! An interleaving that explains an execution, with the fewest preemptions.
//!
//! An *interleaving* runs whole steps one at a time, and every read returns
//! the newest write to its location: the machine of the textbooks, and of
//! shuttle. loom runs a weaker machine, where a load may return an older
//! store, so the order loom ran its steps in is not always an order that
//! explains what the reads returned.
//!
//! Given what each read returned (its *reads-from*), [`explain`] searches for
//! an interleaving in which every read returns exactly the write it did:
//!
//! - if there is one, the execution needs nothing but interleaving, and the
//!   search returns the one with the fewest *preemptions* — switches away from
//!   a thread that could have taken its next step (CHESS's measure);
//! - if there is none, the execution is possible only on weak memory.
//!
//! With one shared location there is always one: coherence gives a location
//! one order of writes that every thread agrees with. So the counters never
//! need weak memory; message passing and store buffering, with two
//! locations, can.
//!
//! The search is a 0-1 breadth-first search over the states "how far each
//! thread has got, and the newest write of each location": a step of the
//! thread that ran last costs nothing, a switch away from a thread that could
//! have gone on costs one preemption.

use std::collections::{HashMap, VecDeque};

use crate::trace::{Action, Step, Trace};

/// How many states the search may visit before it gives up.
const MAX_STATES: usize = 2_000_000;

/// What the search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Explanation {
    /// An interleaving in which every read returns the write it did.
    Interleaving {
        /// The steps in that order (indices into the trace's steps).
        order: Vec<usize>,
        /// Its preemptions: no interleaving that explains the execution has
        /// fewer.
        preemptions: usize,
    },
    /// No interleaving returns those writes to those reads: only a weak
    /// memory model allows this execution.
    WeakMemory,
    /// The search gave up before it could tell.
    TooLarge,
}

/// Finds the interleaving with the fewest preemptions that explains `trace`.
///
/// ```
/// use std::sync::atomic::Ordering::Relaxed;
/// use racelab::trace::{explain, Explanation, Action::*, Location, Place, Step, Trace, WriteId};
///
/// let (count, place) = (Location(0), Place { name: "count", states: &[], sync: false, plain: false });
/// let (zero, t1, t2) = (WriteId(0), WriteId(1), WriteId(2));
/// // Both threads read the initial 0: someone was switched out after a read.
/// let trace = Trace::new(vec![
///     Step::new(0, New { location: count, value: 0, write: zero }),
///     Step::new(1, Read { location: count, value: 0, saw: zero, order: Relaxed }),
///     Step::new(1, Write { location: count, value: 1, write: t1, order: Relaxed }),
///     Step::new(2, Read { location: count, value: 0, saw: zero, order: Relaxed }),
///     Step::new(2, Write { location: count, value: 1, write: t2, order: Relaxed }),
/// ], vec![place]);
/// match explain(&trace) {
///     Explanation::Interleaving { order, preemptions } => {
///         assert_eq!(preemptions, 1);
///         assert_eq!(order, [0, 1, 3, 4, 2]); // T1 reads, T2 runs whole, T1 writes
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn explain(trace: &Trace) -> Explanation {
    let program = Program::new(trace.steps());
    program.search()
}

/// A schedule of `trace`'s steps with the fewest preemptions that keeps
/// each thread's order, spawns, joins and locks, and draws each write before
/// the reads that return it, though not always as the newest: how to draw an
/// execution that no interleaving explains, a thread at a time. The order
/// the engine ran the steps in is one such schedule, if a read never runs
/// before the write it returns (true of loom).
pub fn schedule(trace: &Trace) -> Option<Vec<usize>> {
    let mut program = Program::new(trace.steps());
    program.reads = Reads::AfterTheirWrite;
    match program.search() {
        Explanation::Interleaving { order, .. } => Some(order),
        _ => None,
    }
}

/// What a read may return, in the order being searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// The newest write: an interleaving.
    Newest,
    /// Any write already in the order.
    AfterTheirWrite,
}

/// The positions in `trace`, as drawn, at which a preemption happens: the
/// step there belongs to another thread than the step before it, though that
/// thread could have taken its next step.
pub fn preemption_points(trace: &Trace) -> Vec<usize> {
    let order: Vec<usize> = (0..trace.steps().len()).collect();
    let program = Program::new(trace.steps());
    let mut state = program.start();
    let mut points = Vec::new();
    for (position, &index) in order.iter().enumerate() {
        let lane = program.lane_of[&trace.steps()[index].thread];
        if lane != state.last as usize && program.could_go_on(&state, state.last as usize) {
            points.push(position);
        }
        state = program.advance(&state, lane);
    }
    points
}

/// Nothing written yet, or a lock nobody holds.
const NONE: u32 = u32::MAX;

/// The steps of each thread in program order, and what orders them.
struct Program<'a> {
    steps: &'a [Step],
    /// Each thread's steps (indices into `steps`), in program order.
    lanes: Vec<Vec<usize>>,
    /// Each thread's lane, by thread number.
    lane_of: HashMap<usize, usize>,
    /// For each lane: the lane and position of the step that spawned it.
    spawned_by: Vec<Option<(usize, usize)>>,
    /// How many locations and locks there are.
    places: usize,
    /// What a read may return.
    reads: Reads,
    /// Each write's step, by write number: its lane and place in the lane.
    writes: HashMap<u32, (usize, usize)>,
}

/// How far each thread has got, which ran last, and what memory holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct State {
    at: Vec<u16>,
    last: u8,
    /// Per location: the newest write; per lock: the lane holding it.
    memory: Vec<u32>,
}

impl<'a> Program<'a> {
    fn new(steps: &'a [Step]) -> Self {
        let mut lanes: Vec<Vec<usize>> = Vec::new();
        let mut lane_of = HashMap::new();
        // Main is lane 0, whether or not it took a step first.
        lane_of.insert(0, 0);
        lanes.push(Vec::new());
        let mut places = 0;
        for (index, step) in steps.iter().enumerate() {
            let lane = *lane_of.entry(step.thread).or_insert_with(|| {
                lanes.push(Vec::new());
                lanes.len() - 1
            });
            lanes[lane].push(index);
            places = places.max(place_of(step.action).map_or(0, |p| p + 1));
        }
        let mut writes = HashMap::new();
        for (lane, steps_of_lane) in lanes.iter().enumerate() {
            for (position, &index) in steps_of_lane.iter().enumerate() {
                if let Some((_, write)) = steps[index].action.written() {
                    writes.insert(write.0, (lane, position));
                }
            }
        }
        let mut spawned_by = vec![None; lanes.len()];
        for (lane, steps_of_lane) in lanes.iter().enumerate() {
            for (position, &index) in steps_of_lane.iter().enumerate() {
                if let Action::Spawn { thread } = steps[index].action {
                    if let Some(&child) = lane_of.get(&thread) {
                        spawned_by[child] = Some((lane, position));
                    }
                }
            }
        }
        Self {
            steps,
            lanes,
            lane_of,
            spawned_by,
            places,
            reads: Reads::Newest,
            writes,
        }
    }

    fn start(&self) -> State {
        State {
            at: vec![0; self.lanes.len()],
            last: 0,
            memory: vec![NONE; self.places],
        }
    }

    fn next(&self, state: &State, lane: usize) -> Option<Action> {
        let index = *self.lanes[lane].get(state.at[lane] as usize)?;
        Some(self.steps[index].action)
    }

    fn finished(&self, state: &State, lane: usize) -> bool {
        state.at[lane] as usize == self.lanes[lane].len()
    }

    /// Whether `lane` could take its next step on a real machine: it has
    /// one, it has been spawned, and it is not waiting for a lock or a join.
    fn runnable(&self, state: &State, lane: usize) -> bool {
        let Some(action) = self.next(state, lane) else {
            return false;
        };
        if let Some((parent, position)) = self.spawned_by[lane] {
            if state.at[parent] as usize <= position {
                return false;
            }
        }
        match action {
            Action::Join { thread } => self
                .lane_of
                .get(&thread)
                .is_none_or(|&joined| self.finished(state, joined)),
            Action::Lock { lock, .. } => state.memory[lock.0 as usize] == NONE,
            // Woken only by a notify since the wait, and once the lock is free.
            Action::Woken { lock, signal } => {
                state.memory[lock.0 as usize] == NONE
                    && signal_bits(state, signal) & notified(lane) != 0
            }
            // For ever: never notified, and every thread that could notify
            // has finished (main, waiting to join, notifies nothing).
            Action::WaitsForever { signal } => {
                signal_bits(state, signal) & notified(lane) == 0
                    && (1..self.lanes.len())
                        .all(|other| other == lane || self.finished(state, other))
            }
            _ => true,
        }
    }

    /// Whether `lane` could go on: its next step can run now, and if it asks
    /// for a lock, the lock is free (asking for a held one only makes it
    /// wait, whether this execution recorded the wait or took the lock
    /// later). Switching away from a thread that could go on is a preemption.
    fn could_go_on(&self, state: &State, lane: usize) -> bool {
        match self.next(state, lane) {
            Some(
                Action::Lock { lock, .. }
                | Action::Waits { lock }
                | Action::Deadlock { wants: lock },
            ) => {
                self.runnable_apart_from_locks(state, lane) && state.memory[lock.0 as usize] == NONE
            }
            _ => self.runnable(state, lane),
        }
    }

    /// Whether `lane` has a next step and has been spawned.
    fn runnable_apart_from_locks(&self, state: &State, lane: usize) -> bool {
        self.next(state, lane).is_some()
            && self.spawned_by[lane]
                .is_none_or(|(parent, position)| state.at[parent] as usize > position)
    }

    /// Whether `lane`'s next step can run now *and* read what it did.
    fn enabled(&self, state: &State, lane: usize) -> bool {
        if !self.runnable(state, lane) {
            return false;
        }
        match self.next(state, lane) {
            // A deadlock is found, a wait begins, or a try_lock fails, while
            // another thread holds the lock asked for.
            Some(
                Action::Deadlock { wants }
                | Action::Waits { lock: wants }
                | Action::TryLockFailed { lock: wants },
            ) => {
                let holder = state.memory[wants.0 as usize];
                holder != NONE && holder != lane as u32
            }
            Some(action) => match (action.read(), self.reads) {
                (Some((location, saw)), Reads::Newest) => {
                    state.memory[location.0 as usize] == saw.0
                }
                (Some((_, saw)), Reads::AfterTheirWrite) => self
                    .writes
                    .get(&saw.0)
                    .is_none_or(|&(lane, position)| state.at[lane] as usize > position),
                (None, _) => true,
            },
            None => true,
        }
    }

    fn advance(&self, state: &State, lane: usize) -> State {
        let mut next = state.clone();
        if let Some(action) = self.next(state, lane) {
            match action {
                Action::Lock { lock, .. } => next.memory[lock.0 as usize] = lane as u32,
                Action::Unlock { lock } => next.memory[lock.0 as usize] = NONE,
                Action::Wait { lock, signal } => {
                    next.memory[lock.0 as usize] = NONE;
                    let bits = signal_bits(state, signal) & !notified(lane) | waiting(lane);
                    next.memory[signal.0 as usize] = bits;
                }
                Action::Notify { signal, .. } => {
                    // Everyone waiting now is notified, and those notified
                    // before stay so until they wake; a notify with nobody
                    // waiting changes nothing: it is lost.
                    let bits = signal_bits(state, signal);
                    next.memory[signal.0 as usize] = (bits & 0xffff_0000) | ((bits & 0xffff) << 16);
                }
                Action::Woken { lock, signal } => {
                    next.memory[lock.0 as usize] = lane as u32;
                    let bits = signal_bits(state, signal) & !notified(lane);
                    next.memory[signal.0 as usize] = bits;
                }
                Action::WaitsForever { signal } => {
                    let bits = signal_bits(state, signal) & !waiting(lane);
                    next.memory[signal.0 as usize] = bits;
                }
                _ => {
                    if let Some((location, write)) = action.written() {
                        next.memory[location.0 as usize] = write.0;
                    }
                }
            }
        }
        next.at[lane] += 1;
        next.last = lane as u8;
        next
    }

    fn done(&self, state: &State) -> bool {
        (0..self.lanes.len()).all(|lane| self.finished(state, lane))
    }

    /// 0-1 breadth-first search: states reached without a new preemption go
    /// to the front of the queue, so the first finished state popped has the
    /// fewest.
    fn search(&self) -> Explanation {
        // Every state found, with the state and lane it came from.
        let mut found: Vec<(State, Option<(usize, usize)>)> = vec![(self.start(), None)];
        let mut cost: HashMap<State, usize> = HashMap::from([(self.start(), 0)]);
        let mut queue = VecDeque::from([(0usize, 0usize)]);
        while let Some((node, preemptions)) = queue.pop_front() {
            let state = found[node].0.clone();
            if cost.get(&state).is_some_and(|&best| best < preemptions) {
                continue;
            }
            if self.done(&state) {
                return Explanation::Interleaving {
                    order: self.path(&found, node),
                    preemptions,
                };
            }
            // Zero-cost states go to the front of the queue, so the lanes are
            // tried in reverse: the same thread first, then T1, T2, …, and
            // main last, which draws main's joins after the work they wait for.
            let last = state.last as usize;
            let lanes: Vec<usize> = std::iter::once(last)
                .chain((1..self.lanes.len()).chain([0]).filter(|&l| l != last))
                .collect();
            for lane in lanes.into_iter().rev() {
                if !self.enabled(&state, lane) {
                    continue;
                }
                let step_cost = usize::from(lane != last && self.could_go_on(&state, last));
                let next = self.advance(&state, lane);
                let total = preemptions + step_cost;
                if cost.get(&next).is_some_and(|&best| best <= total) {
                    continue;
                }
                if found.len() >= MAX_STATES {
                    return Explanation::TooLarge;
                }
                cost.insert(next.clone(), total);
                found.push((next, Some((node, lane))));
                let entry = (found.len() - 1, total);
                if step_cost == 0 {
                    queue.push_front(entry);
                } else {
                    queue.push_back(entry);
                }
            }
        }
        Explanation::WeakMemory
    }

    /// The steps taken from the start to `node`, in order.
    fn path(&self, found: &[(State, Option<(usize, usize)>)], mut node: usize) -> Vec<usize> {
        let mut lanes = Vec::new();
        while let Some((parent, lane)) = found[node].1 {
            lanes.push(lane);
            node = parent;
        }
        lanes.reverse();
        let mut at = vec![0; self.lanes.len()];
        lanes
            .into_iter()
            .map(|lane| {
                at[lane] += 1;
                self.lanes[lane][at[lane] - 1]
            })
            .collect()
    }
}

/// A condition variable's state: bit `lane` of the low half set while that
/// lane waits, bit `lane` of the high half once a notify has woken it.
fn signal_bits(state: &State, signal: crate::trace::Location) -> u32 {
    match state.memory[signal.0 as usize] {
        NONE => 0,
        bits => bits,
    }
}

fn waiting(lane: usize) -> u32 {
    1 << lane
}

fn notified(lane: usize) -> u32 {
    1 << (lane + 16)
}

/// The location or lock a step touches, as an index.
fn place_of(action: Action) -> Option<usize> {
    match action {
        Action::Lock { lock, .. }
        | Action::Unlock { lock }
        | Action::Waits { lock }
        | Action::TryLockFailed { lock }
        | Action::Deadlock { wants: lock } => Some(lock.0 as usize),
        Action::Wait { lock, signal } | Action::Woken { lock, signal } => {
            Some(lock.0.max(signal.0) as usize)
        }
        Action::Notify { signal, .. } | Action::WaitsForever { signal } => Some(signal.0 as usize),
        _ => action
            .written()
            .or(action.read())
            .map(|(location, _)| location.0 as usize),
    }
}
