//! Happens-before: the order that synchronization builds between the steps
//! of an execution, computed from its trace.
//!
//! A step *happens before* another when a chain of these joins them:
//!
//! - **program order**: a thread's own steps, in the order it took them;
//! - **spawn and join**: spawning a thread comes before the thread's first
//!   step; a thread's last step comes before the join that waits for it;
//! - **locks**: letting go of a lock (an unlock, or a condition variable's
//!   wait) comes before the next taking of it (a lock, or a wake-up);
//! - **release and acquire**: a `Release` (or stronger) write comes before an
//!   `Acquire` (or stronger) read that returns it, or returns a
//!   read-modify-write that follows it (its *release sequence*); a `Release`
//!   fence before a write, and an `Acquire` fence after a read, do the same
//!   for relaxed accesses.
//!
//! That is the happens-before of the C++20 memory model, which Rust uses,
//! for the operations racelab records. The [referee](super::referee) checks an
//! execution against it; [`race`](super::race) finds two plain accesses it
//! leaves unordered.

use std::sync::atomic::Ordering::{self, AcqRel, Acquire, Release, SeqCst};

use crate::trace::{Action, Trace};

/// Why one step comes directly before another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The same thread took them in this order.
    Program,
    /// The first spawned the thread of the second.
    Spawn,
    /// The second joined the thread of the first.
    Join,
    /// The first let go of a lock that the second then took.
    Lock,
    /// A release write (or fence) and an acquire read (or fence) that
    /// returned it.
    Synchronizes,
}

/// The happens-before order of one trace's steps.
#[derive(Clone, Debug)]
pub struct HappensBefore {
    /// `before[b]` holds every step that happens before step `b`.
    before: Vec<Bits>,
    /// The direct links into each step: where it came from, and why.
    links: Vec<Vec<(usize, Link)>>,
    /// Whether the links close a cycle, which no execution can have.
    cyclic: bool,
}

impl HappensBefore {
    /// The happens-before order of `trace`'s steps (indices into it).
    pub fn of(trace: &Trace) -> Self {
        let links = links(trace);
        let (before, cyclic) = close(&links);
        Self {
            before,
            links,
            cyclic,
        }
    }

    /// Whether step `a` happens before step `b`.
    pub fn ordered(&self, a: usize, b: usize) -> bool {
        self.before[b].has(a)
    }

    /// The steps linked directly before `step`, and why.
    pub fn links_into(&self, step: usize) -> &[(usize, Link)] {
        &self.links[step]
    }

    /// Whether some step would have to happen before itself.
    pub fn is_cyclic(&self) -> bool {
        self.cyclic
    }
}

/// Every direct link of `trace`.
fn links(trace: &Trace) -> Vec<Vec<(usize, Link)>> {
    let steps = trace.steps();
    let mut links = vec![Vec::new(); steps.len()];
    let first_of = |thread: usize| steps.iter().position(|s| s.thread == thread);
    let last_of = |thread: usize| steps.iter().rposition(|s| s.thread == thread);
    let mut previous_of_thread = std::collections::HashMap::new();
    let mut released = std::collections::HashMap::new();
    for (index, step) in steps.iter().enumerate() {
        if let Some(previous) = previous_of_thread.insert(step.thread, index) {
            links[index].push((previous, Link::Program));
        }
        match step.action {
            Action::Spawn { thread } => {
                if let Some(first) = first_of(thread) {
                    links[first].push((index, Link::Spawn));
                }
            }
            Action::Join { thread } => {
                if let Some(last) = last_of(thread) {
                    links[index].push((last, Link::Join));
                }
            }
            Action::Unlock { lock } | Action::Wait { lock, .. } => {
                released.insert(lock, index);
            }
            Action::Lock { lock, .. } | Action::Woken { lock, .. } => {
                if let Some(&release) = released.get(&lock) {
                    links[index].push((release, Link::Lock));
                }
            }
            _ => {}
        }
    }
    for (read, write) in reads_from(trace) {
        let Some(acquire) = acquire_side(trace, read) else {
            continue;
        };
        for release in release_heads(trace, write) {
            if release != acquire {
                links[acquire].push((release, Link::Synchronizes));
            }
        }
    }
    links
}

/// Each read (or read-modify-write) with the index of the write it
/// returned, where that write is in the trace.
pub(crate) fn reads_from(trace: &Trace) -> Vec<(usize, usize)> {
    let steps = trace.steps();
    let writer: std::collections::HashMap<_, _> = steps
        .iter()
        .enumerate()
        .filter_map(|(index, step)| Some((step.action.written()?.1, index)))
        .collect();
    steps
        .iter()
        .enumerate()
        .filter_map(|(index, step)| Some((index, *writer.get(&step.action.read()?.1)?)))
        .collect()
}

/// Where a read acquires: the read itself if it is `Acquire` or stronger,
/// else the first acquire fence after it in its thread, if any.
fn acquire_side(trace: &Trace, read: usize) -> Option<usize> {
    let steps = trace.steps();
    if order_of(steps[read].action).is_some_and(acquires) {
        return Some(read);
    }
    let thread = steps[read].thread;
    (read + 1..steps.len()).find(|&later| {
        steps[later].thread == thread
            && matches!(steps[later].action, Action::Fence { order } if acquires(order))
    })
}

/// The releases a read of `write` synchronizes with: every release write in
/// the chain of read-modify-writes that `write` ends (its release
/// sequence), and the last release fence before each write of the chain.
fn release_heads(trace: &Trace, write: usize) -> Vec<usize> {
    let steps = trace.steps();
    let mut heads = Vec::new();
    let mut link = Some(write);
    let mut seen = 0;
    while let Some(at) = link.filter(|_| seen <= steps.len()) {
        seen += 1;
        let action = steps[at].action;
        if order_of(action).is_some_and(releases) {
            heads.push(at);
        }
        let thread = steps[at].thread;
        if let Some(fence) = (0..at).rev().find(|&earlier| {
            steps[earlier].thread == thread
                && matches!(steps[earlier].action, Action::Fence { order } if releases(order))
        }) {
            heads.push(fence);
        }
        link = match action {
            Action::Add { saw, .. } | Action::Swap { saw, .. } => steps
                .iter()
                .position(|step| step.action.written().is_some_and(|(_, id)| id == saw)),
            _ => None,
        };
    }
    heads
}

/// The memory ordering of a step that has one: an access or a fence.
pub(crate) fn order_of(action: Action) -> Option<Ordering> {
    match action {
        Action::Read { order, .. }
        | Action::Write { order, .. }
        | Action::Add { order, .. }
        | Action::Swap { order, .. }
        | Action::Fence { order } => Some(order),
        _ => None,
    }
}

/// `Release` or stronger.
pub(crate) fn releases(order: Ordering) -> bool {
    matches!(order, Release | AcqRel | SeqCst)
}

/// `Acquire` or stronger.
pub(crate) fn acquires(order: Ordering) -> bool {
    matches!(order, Acquire | AcqRel | SeqCst)
}

/// The transitive closure of `links`, in an order where every step comes
/// after the steps linked into it; and whether there is no such order.
fn close(links: &[Vec<(usize, Link)>]) -> (Vec<Bits>, bool) {
    let n = links.len();
    let mut waiting: Vec<usize> = links.iter().map(Vec::len).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (to, into) in links.iter().enumerate() {
        for &(from, _) in into {
            out[from].push(to);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut before = vec![Bits::new(n); n];
    let mut done = 0;
    while let Some(step) = ready.pop() {
        done += 1;
        for &(from, _) in &links[step] {
            let (from_bits, mut step_bits) = (before[from].clone(), before[step].clone());
            step_bits.union(&from_bits);
            step_bits.set(from);
            before[step] = step_bits;
        }
        for &next in &out[step] {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.push(next);
            }
        }
    }
    (before, done < n)
}

/// A set of step indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    pub(crate) fn new(n: usize) -> Self {
        Self(vec![0; n.div_ceil(64)])
    }

    pub(crate) fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    pub(crate) fn has(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    pub(crate) fn union(&mut self, other: &Bits) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine |= theirs;
        }
    }

    /// Whether the two sets share a member.
    pub(crate) fn meets(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }
}
