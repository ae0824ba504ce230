//! What an exploration found: each outcome, how many executions reached it
//! and in how many distinct behaviours, and the witness that shows how.
//!
//! Grades follow the program's contract, not jcstress's: jcstress grades by
//! the outcomes a test's author declares, usually by what the memory model
//! allows (its FORBIDDEN means "this result must never appear"), racelab by
//! whether the answer is right. Whether an outcome needs weak memory is
//! computed, never declared: it does when no interleaving explains any
//! execution that reached it. An execution the memory model forbids (one
//! the engine produced in error) is no outcome at all: it is counted apart.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use crate::explore::{Comparison, LoomCheck};
use crate::scenario::{Observed, Program};
use crate::sync::{Engine, ShuttleScheduler};
use crate::trace::analysis::referee::Axiom;
use crate::trace::analysis::sharing::Sharing;
use crate::trace::{Drawing, Order, Step, Trace};

/// Everything one exploration of a [`Program`] on one engine found.
#[derive(Clone, Debug)]
pub struct Exploration {
    /// What ran.
    pub program: Program,
    /// The engine and its settings.
    pub engine: Engine,
    /// How many executions (or runs) there were in all, forbidden ones
    /// included.
    pub executions: usize,
    /// Each outcome some execution reached.
    pub outcomes: BTreeMap<Observed, Outcome>,
    /// How long it took, drawing the witnesses included.
    pub elapsed: Duration,
    /// Whether it stopped at its budget before it was complete: then the
    /// table is a sample, not a proof.
    pub stopped: bool,
    /// The executions the memory model forbids, which the engine produced
    /// in error: kept out of `outcomes`.
    pub forbidden: Forbidden,
    /// What the executions shared, and how: whether a sequentially
    /// consistent search covers weak memory too.
    pub sharing: Sharing,
    /// The same program on the other exhaustive engine, where that means
    /// something (see [`compare`](crate::explore::compare)).
    pub comparison: Option<Comparison>,
    /// On real threads, with nothing broken: what loom says of the program
    /// (see [`check_on_loom`](crate::explore::check_on_loom)).
    pub loom_check: Option<LoomCheck>,
    /// Drawings already made.
    drawings: Drawings,
}

/// How far a search went: what its table can claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// Every execution the engine can tell apart: a proof, on its model.
    Complete,
    /// Every execution with at most this many preemptions (loom's bound).
    Bounded(usize),
    /// Stopped at its limit before the end: a sample.
    Stopped,
    /// Random, PCT or real threads: a sample.
    Sampled,
}

impl Search {
    /// Whether the search reached every execution it set out to.
    pub fn is_complete(self) -> bool {
        self == Search::Complete
    }
}

/// Executions an engine produced that the memory model forbids (see
/// [`referee`](crate::trace::analysis::referee)): no program can behave so, so they are
/// not outcomes of this one.
#[derive(Clone, Debug, Default)]
pub struct Forbidden {
    /// How many there were.
    pub executions: usize,
    /// How many broke each axiom.
    pub axioms: BTreeMap<Axiom, usize>,
    /// The first of them, to draw.
    pub witness: Option<Witness>,
}

/// One outcome and the executions that reached it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How many executions ended this way.
    pub executions: usize,
    /// How many different behaviours: executions in which every read
    /// returned the same write count once. The same number on every engine
    /// that can reach them.
    pub behaviours: usize,
    /// How many of the executions no interleaving explains: weak memory.
    pub weak_memory: usize,
    /// How many of them the searches gave up on.
    pub unexplained: usize,
    /// The execution that shows it best: the one an interleaving with the
    /// fewest preemptions explains.
    pub witness: Witness,
}

/// One execution, kept to show how its outcome came about.
#[derive(Clone, Debug)]
pub struct Witness {
    /// Its number, from 1, in the order the engine ran them.
    pub execution: usize,
    /// Its steps as drawn (empty on real threads, which record nothing).
    pub drawing: Drawing,
    /// Its steps in the order the engine ran them.
    pub ran: Trace,
    /// Under shuttle, the schedule that replays it.
    pub schedule: Option<String>,
}

impl Witness {
    /// The preemptions of the interleaving drawn, if one explains it.
    pub fn preemptions(&self) -> Option<usize> {
        match self.drawing.order {
            Order::Interleaving { preemptions } => Some(preemptions),
            _ => None,
        }
    }

    /// Whether a witness drawn as `other` shows the outcome better: any
    /// interleaving beats none, and fewer preemptions beat more.
    fn is_beaten_by(&self, other: &Drawing) -> bool {
        let rank = |order: Order| match order {
            Order::Interleaving { preemptions } => preemptions,
            _ => usize::MAX,
        };
        rank(other.order) < rank(self.drawing.order)
    }
}

/// Drawings already made, by the execution's [shape](Trace::shape): engines
/// run many executions that differ only in the order of independent steps,
/// and those are one behaviour, explained once.
#[derive(Clone, Debug, Default)]
struct Drawings(HashMap<Vec<Step>, Behaviour>);

/// One behaviour: how it ended, drawn, and what it shares.
#[derive(Clone, Debug)]
pub struct Behaviour {
    /// What its threads saw.
    pub observed: Observed,
    /// It, drawn.
    pub drawing: Drawing,
    /// What it shares.
    pub sharing: Sharing,
}

impl Drawings {
    /// The behaviour of `trace`, which ended as `observed`, and whether it
    /// is new.
    fn of(&mut self, trace: &Trace, observed: &Observed) -> (Behaviour, bool) {
        let shape = trace.shape();
        if let Some(known) = self.0.get(&shape) {
            return (known.clone(), false);
        }
        let made = Behaviour {
            observed: observed.clone(),
            drawing: Drawing::new(trace),
            sharing: Sharing::of(trace),
        };
        self.0.insert(shape, made.clone());
        (made, true)
    }
}

impl Exploration {
    /// An empty exploration, before any execution.
    pub fn new(program: Program, engine: Engine) -> Self {
        Self {
            program,
            engine,
            executions: 0,
            outcomes: BTreeMap::new(),
            elapsed: Duration::ZERO,
            stopped: false,
            forbidden: Forbidden::default(),
            sharing: Sharing::default(),
            comparison: None,
            loom_check: None,
            drawings: Drawings::default(),
        }
    }

    /// Adds one finished execution whose threads saw `observed`, having
    /// done what `trace` recorded. One the memory model forbids is counted
    /// apart.
    pub fn add(&mut self, observed: Observed, trace: &Trace) {
        let observed = self.program.ended(observed, trace);
        self.executions += 1;
        let execution = self.executions;
        if !self.engine.records() {
            self.count(observed, execution, Drawing::default(), trace, false);
            return;
        }
        let (behaviour, new) = self.drawings.of(trace, &observed);
        let drawing = behaviour.drawing;
        if new {
            self.sharing = std::mem::take(&mut self.sharing).and(&behaviour.sharing);
        }
        if let Some(breach) = &drawing.breach {
            let forbidden = &mut self.forbidden;
            forbidden.executions += 1;
            *forbidden.axioms.entry(breach.axiom).or_default() += 1;
            forbidden.witness.get_or_insert_with(|| Witness {
                execution,
                drawing,
                ran: trace.clone(),
                schedule: None,
            });
            return;
        }
        self.count(observed, execution, drawing, trace, new);
    }

    /// Counts an execution under its outcome, and keeps it as the witness
    /// if an interleaving with fewer preemptions explains it.
    fn count(
        &mut self,
        observed: Observed,
        execution: usize,
        drawing: Drawing,
        trace: &Trace,
        new: bool,
    ) {
        let weak = usize::from(drawing.order == Order::WeakMemory);
        let unexplained = usize::from(drawing.order == Order::Unexplained && self.engine.records());
        let outcome = self.outcomes.entry(observed).or_insert_with(|| Outcome {
            executions: 0,
            behaviours: 0,
            weak_memory: 0,
            unexplained: 0,
            witness: Witness {
                execution,
                drawing: drawing.clone(),
                ran: trace.clone(),
                schedule: None,
            },
        });
        outcome.executions += 1;
        outcome.behaviours += usize::from(new);
        outcome.weak_memory += weak;
        outcome.unexplained += unexplained;
        if outcome.witness.is_beaten_by(&drawing) {
            outcome.witness = Witness {
                execution,
                drawing,
                ran: trace.clone(),
                schedule: None,
            };
        }
    }

    /// How many executions the outcome table counts: all but the forbidden.
    pub fn counted(&self) -> usize {
        self.executions - self.forbidden.executions
    }

    /// How many behaviours there were in all.
    pub fn behaviours(&self) -> usize {
        self.outcomes.values().map(|o| o.behaviours).sum()
    }

    /// Every behaviour found, by its shape (each thread's steps, with the
    /// writes named by thread and place; see [`Trace::shape`]), forbidden
    /// ones included.
    pub fn behaviour_shapes(&self) -> impl Iterator<Item = (&Vec<Step>, &Behaviour)> {
        self.drawings.0.iter()
    }

    /// How far the search went.
    pub fn search(&self) -> Search {
        match (&self.engine, self.program.loom_preemptions()) {
            _ if self.stopped => Search::Stopped,
            (Engine::Loom, Some(bound)) => Search::Bounded(bound),
            (Engine::Shuttle(ShuttleScheduler::Dfs), Some(bound))
                if self.program.records_all_sharing() =>
            {
                Search::Bounded(bound)
            }
            (engine, _) if engine.exhaustive() => Search::Complete,
            _ => Search::Sampled,
        }
    }

    /// The fewest preemptions that reach `observed`, over this exploration
    /// and the behaviours the other engine found that it missed; `None` if
    /// no interleaving reaches it.
    pub fn fewest(&self, observed: &Observed) -> Option<usize> {
        let here = self.outcomes.get(observed)?.witness.preemptions();
        let missed = self
            .comparison
            .iter()
            .flat_map(|c| &c.missed_here)
            .filter(|b| &b.observed == observed)
            .filter_map(|b| match b.drawing.order {
                Order::Interleaving { preemptions } => Some(preemptions),
                _ => None,
            });
        here.into_iter().chain(missed).min()
    }

    /// The outcomes the other engine found that break the contract and that
    /// this exploration never reached.
    pub fn wrong_elsewhere(&self) -> Vec<&Behaviour> {
        self.comparison
            .iter()
            .flat_map(|c| &c.missed_here)
            .filter(|b| !self.correct(&b.observed) && !self.outcomes.contains_key(&b.observed))
            .collect()
    }

    /// Whether `observed` keeps the program's contract.
    pub fn correct(&self, observed: &Observed) -> bool {
        self.program.correct(observed)
    }

    /// The outcomes that break the program's contract.
    pub fn wrong(&self) -> Vec<&Observed> {
        self.outcomes
            .keys()
            .filter(|observed| !self.correct(observed))
            .collect()
    }

    /// Whether only weak memory reached `observed`: every execution that
    /// did is one that no interleaving explains.
    pub fn weak_memory_only(&self, observed: &Observed) -> bool {
        self.outcomes
            .get(observed)
            .is_some_and(|outcome| outcome.weak_memory == outcome.executions)
    }

    /// Whether the table is a proof on the engine's model: a complete
    /// search.
    pub fn is_proof(&self) -> bool {
        self.search().is_complete()
    }

    /// Whether this engine runs a sequentially consistent machine.
    pub fn is_sequential(&self) -> bool {
        matches!(self.engine, Engine::Shuttle(_))
    }

    /// Gives each witness the shuttle schedule of its execution, from the
    /// `schedules` of every run in order; false when there are none, as
    /// after a replay that did not fit (whatever ran is not that schedule).
    pub(crate) fn attach_schedules(&mut self, schedules: &[String]) -> bool {
        let witnesses = self
            .outcomes
            .values_mut()
            .map(|o| &mut o.witness)
            .chain(self.forbidden.witness.as_mut());
        for witness in witnesses {
            witness.schedule = schedules
                .get(witness.execution - 1)
                .map(|schedule| schedule.split_whitespace().collect());
        }
        !schedules.is_empty()
    }

    /// Whether the engine replays one schedule.
    pub fn is_replay(&self) -> bool {
        matches!(self.engine, Engine::Shuttle(ShuttleScheduler::Replay(_)))
    }
}
