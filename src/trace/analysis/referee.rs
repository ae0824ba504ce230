//! The referee: whether the memory model allows an execution at all.
//!
//! A model checker can be wrong. loom 0.7.3 sometimes produces executions
//! that no memory model allows: with two threads each making three
//! `Relaxed` read-then-write increments, a few percent of its executions
//! have a thread read its own older write after writing a newer one (loom
//! issues 254 and 389 report the same family of wrong histories). Calling
//! those "weak memory" would teach something false. So racelab checks each
//! execution that no interleaving explains against the axioms of the C++20
//! memory model, which Rust uses, in the form RC11 gives them (Lahav et al.,
//! *Repairing sequential consistency in C/C++11*, 2017):
//!
//! - **coherence**: each location has one order of its writes (its
//!   *modification order*) that agrees with happens-before: a write that
//!   happens before another comes first (write-write); a read returns
//!   neither a write older than one that happens before it (write-read),
//!   nor a write newer than one that a read it happens after returned
//!   (read-read), nor one that it happens before, or older than that one
//!   (read-write);
//! - **atomicity**: a read-modify-write returns the write just before its
//!   own in that order;
//! - **sequential consistency**: the `SeqCst` operations and fences have one
//!   order that agrees with happens-before, with every location's order of
//!   writes, and with what each read returned;
//! - **no out-of-thin-air values**: no chain of program order and
//!   reads-from comes back to where it began.
//!
//! The trace says what each read returned, not the modification orders, so
//! the referee looks for orders that satisfy the axioms. Coherence and
//! atomicity each require some write to come before another; if those
//! requirements close a cycle, no order exists, and the execution is
//! forbidden. Where `SeqCst` operations are involved it tries every order
//! the requirements leave open.

use std::collections::HashMap;

use crate::trace::analysis::happens_before::{order_of, reads_from, HappensBefore};
use crate::trace::{Action, Location, Trace};

mod seqcst;

/// What the referee decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The memory model allows the execution.
    Allowed,
    /// No execution of any program can look like this: the model forbids it.
    Forbidden(Breach),
    /// The check gave up before it could tell.
    Undecided,
}

/// The rule an execution breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Axiom {
    /// A read returned a write older than one that happens before it.
    WriteReadCoherence,
    /// Two reads, one happening before the other, returned writes in the
    /// opposite of their location's order.
    ReadReadCoherence,
    /// A read returned a write that it happens before, or one older than a
    /// write it happens before.
    ReadWriteCoherence,
    /// Two writes that happen one before the other are ordered the other
    /// way round by what the reads returned.
    WriteWriteCoherence,
    /// A read-modify-write did not return the write just before its own.
    Atomicity,
    /// The `SeqCst` operations have no single order.
    SequentialConsistency,
    /// A value came out of thin air: a chain of program order and reads
    /// returns to its start.
    ThinAir,
    /// Happens-before itself has a cycle.
    Causality,
}

impl Axiom {
    /// The axiom's name, as the output prints it.
    pub fn name(self) -> &'static str {
        match self {
            Axiom::WriteReadCoherence => "write-read coherence",
            Axiom::ReadReadCoherence => "read-read coherence",
            Axiom::ReadWriteCoherence => "read-write coherence",
            Axiom::WriteWriteCoherence => "write-write coherence",
            Axiom::Atomicity => "atomicity of read-modify-writes",
            Axiom::SequentialConsistency => "the single order of SeqCst operations",
            Axiom::ThinAir => "no values out of thin air",
            Axiom::Causality => "happens-before has no cycle",
        }
    }

    /// The rule, as one clause.
    pub fn rule(self) -> &'static str {
        match self {
            Axiom::WriteReadCoherence => {
                "a read returns the newest write that happens before it, or a newer one"
            }
            Axiom::ReadReadCoherence => {
                "of two reads of one place, one happening before the other, the later never \
                 returns an older write than the earlier"
            }
            Axiom::ReadWriteCoherence => {
                "a read returns an older write than any write it happens before"
            }
            Axiom::WriteWriteCoherence => {
                "of two writes to one place, the one that happens first comes first in the \
                 place's order of writes"
            }
            Axiom::Atomicity => {
                "a read-modify-write returns the write just before its own in the place's order \
                 of writes"
            }
            Axiom::SequentialConsistency => {
                "all SeqCst operations and fences have one order, which agrees with \
                 happens-before and with each place's order of writes"
            }
            Axiom::ThinAir => "a value is written before any read returns it",
            Axiom::Causality => "no step happens before itself",
        }
    }
}

/// Why the model forbids an execution: the axiom, the step where it
/// breaks, and the requirements that contradict each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breach {
    /// The rule broken.
    pub axiom: Axiom,
    /// The step at which it breaks: the read that returned what it could not.
    pub step: usize,
    /// The place whose order of writes cannot be found, if one is.
    pub location: Option<Location>,
    /// Requirements that close a cycle: each says one write must come before
    /// another in the place's order of writes, and why.
    pub cycle: Vec<Before>,
    /// For the other axioms: the steps of the cycle they find, in order.
    pub steps: Vec<usize>,
}

/// One requirement on a place's order of writes: `earlier` before `later`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Before {
    /// The write that must come first (an index into the trace).
    pub earlier: usize,
    /// The write that must come after it.
    pub later: usize,
    /// Why.
    pub because: Because,
}

/// Why one write must come before another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Because {
    /// The earlier write happens before the later (write-write coherence).
    HappensBefore,
    /// `earlier` happens before `read`, which returned `later`
    /// (write-read coherence).
    Seen {
        /// The read.
        read: usize,
    },
    /// `first` happens before `second`; `first` returned `earlier`, and
    /// `second` returned `later` (read-read coherence).
    ReadsInOrder {
        /// The read that happens first.
        first: usize,
        /// The read that happens after it.
        second: usize,
    },
    /// `read` returned `earlier` and happens before the write `later`
    /// (read-write coherence).
    ReadBefore {
        /// The read.
        read: usize,
    },
    /// `later` is a read-modify-write that returned `earlier` (atomicity).
    ReadModifyWrite,
}

impl Because {
    /// The axiom this requirement comes from.
    pub fn axiom(self) -> Axiom {
        match self {
            Because::HappensBefore => Axiom::WriteWriteCoherence,
            Because::Seen { .. } => Axiom::WriteReadCoherence,
            Because::ReadsInOrder { .. } => Axiom::ReadReadCoherence,
            Because::ReadBefore { .. } => Axiom::ReadWriteCoherence,
            Because::ReadModifyWrite => Axiom::Atomicity,
        }
    }

    /// The read that made the requirement, if a read did.
    fn read(self) -> Option<usize> {
        match self {
            Because::Seen { read } | Because::ReadBefore { read } => Some(read),
            Because::ReadsInOrder { second, .. } => Some(second),
            Because::HappensBefore | Because::ReadModifyWrite => None,
        }
    }
}

/// Judges `trace`: whether the memory model allows it.
///
/// ```
/// use std::sync::atomic::Ordering::Relaxed;
/// use racelab::trace::analysis::referee::{judge, Axiom, Verdict};
/// use racelab::trace::{Action::*, Location, Place, Step, Trace, WriteId};
///
/// let count = Location(0);
/// let place = Place { name: "count", states: &[], sync: false, plain: false };
/// // T1 writes 1, then 2, then reads its own older 1: no model allows it.
/// let trace = Trace::new(vec![
///     Step::new(1, New { location: count, value: 0, write: WriteId(0) }),
///     Step::new(1, Write { location: count, value: 1, write: WriteId(1), order: Relaxed }),
///     Step::new(1, Write { location: count, value: 2, write: WriteId(2), order: Relaxed }),
///     Step::new(1, Read { location: count, value: 1, saw: WriteId(1), order: Relaxed }),
/// ], vec![place]);
/// match judge(&trace) {
///     Verdict::Forbidden(breach) => {
///         assert_eq!(breach.axiom, Axiom::WriteReadCoherence);
///         assert_eq!(breach.step, 3);
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn judge(trace: &Trace) -> Verdict {
    let hb = HappensBefore::of(trace);
    if hb.is_cyclic() {
        return Verdict::Forbidden(Breach {
            axiom: Axiom::Causality,
            step: 0,
            location: None,
            cycle: Vec::new(),
            steps: Vec::new(),
        });
    }
    if let Some(step) = thin_air(trace) {
        return Verdict::Forbidden(Breach {
            axiom: Axiom::ThinAir,
            step,
            location: None,
            cycle: Vec::new(),
            steps: vec![step],
        });
    }
    let rf = reads_from(trace);
    let mut places = Vec::new();
    for location in locations(trace) {
        match Requirements::of(trace, &hb, &rf, location).solve() {
            Ok(chains) => places.push(chains),
            Err(breach) => return Verdict::Forbidden(breach),
        }
    }
    if !trace.steps().iter().any(|s| is_seqcst(s.action)) {
        return Verdict::Allowed;
    }
    seqcst::check(trace, &hb, &rf, &places)
}

/// The places that hold values (not locks), in order.
fn locations(trace: &Trace) -> Vec<Location> {
    let mut locations: Vec<Location> = trace
        .steps()
        .iter()
        .filter_map(|step| step.action.written().map(|(location, _)| location))
        .collect();
    locations.sort_unstable();
    locations.dedup();
    locations
}

fn is_seqcst(action: Action) -> bool {
    order_of(action) == Some(std::sync::atomic::Ordering::SeqCst)
}

/// A read whose chain of program order and reads-from leads back to it:
/// it would return a value that depends on itself.
fn thin_air(trace: &Trace) -> Option<usize> {
    let steps = trace.steps();
    let n = steps.len();
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut last: HashMap<usize, usize> = HashMap::new();
    for (index, step) in steps.iter().enumerate() {
        if let Some(previous) = last.insert(step.thread, index) {
            into[index].push(previous);
        }
    }
    for (read, write) in reads_from(trace) {
        into[read].push(write);
    }
    let mut state = vec![0u8; n];
    (0..n).find(|&start| reaches_itself(&into, &mut state, start))
}

/// Depth-first search for a cycle through `node`: 1 visiting, 2 finished.
fn reaches_itself(into: &[Vec<usize>], state: &mut [u8], node: usize) -> bool {
    match state[node] {
        1 => return true,
        2 => return false,
        _ => {}
    }
    state[node] = 1;
    for &from in &into[node] {
        if reaches_itself(into, state, from) {
            return true;
        }
    }
    state[node] = 2;
    false
}

/// What coherence requires of one place's order of writes, and the
/// read-modify-writes that atomicity glues to the writes they returned.
struct Requirements {
    location: Location,
    /// The writes to the place (indices into the trace).
    writes: Vec<usize>,
    /// Each requirement coherence makes.
    before: Vec<Before>,
    /// Each read-modify-write, with the write it returned.
    read_modify_writes: Vec<(usize, usize)>,
}

/// One place's writes in chains that atomicity glues together (a write, the
/// read-modify-write that returned it, the one that returned that, …), and
/// which chains must come before which: what is left to choose of the
/// place's order of writes.
#[derive(Clone, Debug)]
pub(crate) struct Chains {
    /// The chains, each in its order.
    pub(crate) chains: Vec<Vec<usize>>,
    /// `after[c]`: the chains that must come before chain `c`.
    pub(crate) after: Vec<Vec<usize>>,
}

impl Requirements {
    fn of(trace: &Trace, hb: &HappensBefore, rf: &[(usize, usize)], location: Location) -> Self {
        let steps = trace.steps();
        let writes: Vec<usize> = (0..steps.len())
            .filter(|&i| {
                steps[i]
                    .action
                    .written()
                    .is_some_and(|(l, _)| l == location)
            })
            .collect();
        let reads: Vec<(usize, usize)> = rf
            .iter()
            .copied()
            .filter(|&(read, _)| {
                steps[read]
                    .action
                    .read()
                    .is_some_and(|(l, _)| l == location)
            })
            .collect();
        let mut before = Vec::new();
        let mut require = |earlier: usize, later: usize, because: Because| {
            before.push(Before {
                earlier,
                later,
                because,
            });
        };
        for &a in &writes {
            for &b in &writes {
                if a != b && hb.ordered(a, b) {
                    require(a, b, Because::HappensBefore);
                }
            }
        }
        for &(read, returned) in &reads {
            for &write in &writes {
                if write != returned && write != read && hb.ordered(write, read) {
                    require(write, returned, Because::Seen { read });
                }
                if write != read && hb.ordered(read, write) {
                    require(returned, write, Because::ReadBefore { read });
                }
            }
            for &(second, also) in &reads {
                if also != returned && hb.ordered(read, second) {
                    require(
                        returned,
                        also,
                        Because::ReadsInOrder {
                            first: read,
                            second,
                        },
                    );
                }
            }
        }
        let read_modify_writes = reads
            .into_iter()
            .filter(|&(read, _)| is_read_modify_write(steps[read].action))
            .collect();
        Self {
            location,
            writes,
            before,
            read_modify_writes,
        }
    }

    /// The chains and the order they must keep, or the breach if no order
    /// of the place's writes meets every requirement.
    fn solve(self) -> Result<Chains, Breach> {
        let glued = self.glued()?;
        let chains = self.chains(&glued);
        let mut chain_of = HashMap::new();
        for (c, chain) in chains.iter().enumerate() {
            for (position, &write) in chain.iter().enumerate() {
                chain_of.insert(write, (c, position));
            }
        }
        // Each requirement between two chains is an edge; one inside a chain
        // must agree with the chain's order.
        let mut out: Vec<Vec<(usize, Before)>> = vec![Vec::new(); chains.len()];
        for &requirement in &self.before {
            let (from, p) = chain_of[&requirement.earlier];
            let (to, q) = chain_of[&requirement.later];
            if from != to {
                out[from].push((to, requirement));
            } else if p >= q {
                let mut cycle = vec![requirement];
                cycle.extend(glue(&chains[from], q, p));
                return Err(self.breach(cycle));
            }
        }
        if let Some(edges) = find_cycle(&out) {
            let mut cycle = Vec::new();
            for (k, requirement) in edges.iter().enumerate() {
                cycle.push(*requirement);
                let next = edges[(k + 1) % edges.len()];
                let (chain, landed) = chain_of[&requirement.later];
                let (_, leaves) = chain_of[&next.earlier];
                cycle.extend(glue(&chains[chain], landed.min(leaves), landed.max(leaves)));
            }
            return Err(self.breach(cycle));
        }
        let mut after = vec![Vec::new(); chains.len()];
        for (from, edges) in out.iter().enumerate() {
            for &(to, _) in edges {
                if !after[to].contains(&from) {
                    after[to].push(from);
                }
            }
        }
        Ok(Chains { chains, after })
    }

    /// For each write, the read-modify-write that returned it; or the breach
    /// if two returned the same write, where only one can come just after it.
    fn glued(&self) -> Result<HashMap<usize, usize>, Breach> {
        let mut glued: HashMap<usize, usize> = HashMap::new();
        for &(rmw, returned) in &self.read_modify_writes {
            if let Some(&other) = glued.get(&returned) {
                let (first, second) = (other.min(rmw), other.max(rmw));
                let link = |later| Before {
                    earlier: returned,
                    later,
                    because: Because::ReadModifyWrite,
                };
                return Err(Breach {
                    axiom: Axiom::Atomicity,
                    step: second,
                    location: Some(self.location),
                    cycle: vec![link(first), link(second)],
                    steps: Vec::new(),
                });
            }
            glued.insert(returned, rmw);
        }
        Ok(glued)
    }

    /// The place's writes in chains: each write followed by the
    /// read-modify-write that returned it, if any.
    fn chains(&self, glued: &HashMap<usize, usize>) -> Vec<Vec<usize>> {
        let starts = self
            .writes
            .iter()
            .filter(|write| !glued.values().any(|rmw| rmw == *write));
        starts
            .map(|&start| {
                let mut chain = vec![start];
                while let Some(&next) = glued.get(chain.last().expect("a chain has a start")) {
                    chain.push(next);
                }
                chain
            })
            .collect()
    }

    /// The breach that `cycle` shows, blamed on the requirement a read made
    /// (write-read before read-read before read-write), at that read.
    fn breach(&self, cycle: Vec<Before>) -> Breach {
        let blamed = cycle
            .iter()
            .min_by_key(|b| b.because.axiom())
            .copied()
            .expect("a cycle has a requirement");
        Breach {
            axiom: blamed.because.axiom(),
            step: blamed.because.read().unwrap_or(blamed.later),
            location: Some(self.location),
            cycle,
            steps: Vec::new(),
        }
    }
}

fn is_read_modify_write(action: Action) -> bool {
    matches!(action, Action::Add { .. } | Action::Swap { .. })
}

/// The atomicity links inside `chain` from position `from` to `to`.
fn glue(chain: &[usize], from: usize, to: usize) -> Vec<Before> {
    (from..to)
        .map(|p| Before {
            earlier: chain[p],
            later: chain[p + 1],
            because: Because::ReadModifyWrite,
        })
        .collect()
}

/// A cycle in a graph given by each node's outgoing edges, as the labels of
/// its edges in order, if there is one.
fn find_cycle<L: Copy>(out: &[Vec<(usize, L)>]) -> Option<Vec<L>> {
    let mut state = vec![Visit::New; out.len()];
    let mut path = Vec::new();
    (0..out.len()).find_map(|start| walk(out, start, None, &mut state, &mut path))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    OnPath,
    Done,
}

/// Depth-first from `node`, reached by the edge `via`; `path` holds the
/// nodes on the way, each with the edge that reached it.
fn walk<L: Copy>(
    out: &[Vec<(usize, L)>],
    node: usize,
    via: Option<L>,
    state: &mut [Visit],
    path: &mut Vec<(usize, Option<L>)>,
) -> Option<Vec<L>> {
    match state[node] {
        Visit::Done => return None,
        Visit::OnPath => {
            let start = path.iter().position(|&(n, _)| n == node)?;
            let mut cycle: Vec<L> = path[start + 1..].iter().filter_map(|&(_, e)| e).collect();
            cycle.extend(via);
            return Some(cycle);
        }
        Visit::New => {}
    }
    state[node] = Visit::OnPath;
    path.push((node, via));
    for &(to, label) in &out[node] {
        if let Some(cycle) = walk(out, to, Some(label), state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state[node] = Visit::Done;
    None
}
