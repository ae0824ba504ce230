//! What an exploration found: each ending (a final count, or the values the
//! threads saw), how many executions reached it, and the witness that shows
//! how.
//!
//! Grades follow the program's contract, not jcstress's: jcstress grades by
//! the outcomes a test's author declares, usually by what the memory model
//! allows (its FORBIDDEN means "this result must never appear"), racelab by
//! whether the answer is right. Whether an outcome needs
//! weak memory is computed, never declared: it does when no interleaving
//! explains any execution that reached it.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use crate::explore::{Counting, Engine, Program};
use crate::trace::referee::Axiom;
use crate::trace::{Drawing, Order, Step, Trace};

/// Everything one exploration of a [`Program`] found: a counter's, or a
/// catalogue scenario's ([`Survey`](crate::catalogue::Survey)).
#[derive(Clone, Debug)]
pub struct Exploration<P: Program> {
    /// What ran.
    pub program: P,
    /// The engine and its settings.
    pub engine: Engine,
    /// How many executions (or runs) there were in all.
    pub executions: usize,
    /// Each ending that some execution reached.
    pub outcomes: BTreeMap<P::Ending, Outcome>,
    /// How long it took, drawing the witnesses included.
    pub elapsed: Duration,
    /// Whether it stopped at its budget before it was complete: then the
    /// table is a sample, not a proof.
    pub stopped: bool,
    /// The executions the memory model forbids, which the engine produced
    /// in error: kept out of `outcomes`.
    pub forbidden: Forbidden,
    /// Drawings already made.
    drawings: Drawings,
}

/// Executions an engine produced that the memory model forbids (see
/// [`referee`](crate::trace::referee)): no program can behave so, so they are
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

/// Drawings already made, by the execution's [shape](Trace::shape):
/// engines run many executions that differ only in the order of independent
/// steps, and those are explained once.
#[derive(Clone, Debug, Default)]
pub struct Drawings(HashMap<Vec<Step>, Drawing>);

impl Drawings {
    /// The drawing of `trace`, made once per shape.
    pub fn of(&mut self, trace: &Trace) -> Drawing {
        self.0
            .entry(trace.shape())
            .or_insert_with(|| Drawing::new(trace))
            .clone()
    }

    /// Adds execution number `execution`, which ended as `key` and is drawn
    /// as `drawing`, to `outcomes`: counts it, and keeps it as the witness if
    /// an interleaving with fewer preemptions explains it.
    pub fn add<K: Ord>(
        outcomes: &mut BTreeMap<K, Outcome>,
        key: K,
        execution: usize,
        drawing: Drawing,
    ) {
        let weak = usize::from(drawing.order == Order::WeakMemory);
        let unexplained = usize::from(drawing.order == Order::Unexplained);
        let outcome = outcomes.entry(key).or_insert_with(|| Outcome {
            executions: 0,
            weak_memory: 0,
            unexplained: 0,
            witness: Witness {
                execution,
                drawing: drawing.clone(),
                schedule: None,
            },
        });
        outcome.executions += 1;
        outcome.weak_memory += weak;
        outcome.unexplained += unexplained;
        if outcome.witness.is_beaten_by(&drawing) {
            outcome.witness = Witness {
                execution,
                drawing,
                schedule: None,
            };
        }
    }
}

/// One final count and the executions that reached it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How many executions ended with this count.
    pub executions: usize,
    /// How many of them no interleaving explains: weak memory only.
    pub weak_memory: usize,
    /// How many of them the search for an interleaving gave up on.
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
    /// Under shuttle, the schedule that replays it.
    pub schedule: Option<String>,
}

/// Gives each witness the shuttle schedule of its execution, from the
/// `schedules` of every run in order; false when there are none, as after a
/// replay that did not fit (whatever ran is not that schedule).
pub(crate) fn attach_schedules<'a>(
    outcomes: impl Iterator<Item = &'a mut Outcome>,
    schedules: &[String],
) -> bool {
    for outcome in outcomes {
        outcome.witness.schedule = schedules
            .get(outcome.witness.execution - 1)
            .map(|schedule| schedule.split_whitespace().collect());
    }
    !schedules.is_empty()
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

/// How an outcome is judged: by the program's contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    /// Every increment counted.
    Correct,
    /// Some increments were lost.
    LostUpdates,
}

impl Grade {
    /// The grade's name, as the table prints it.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Correct => "correct",
            Grade::LostUpdates => "lost updates",
        }
    }
}

impl<P: Program> Exploration<P> {
    /// An empty exploration, before any execution.
    pub fn new(program: P, engine: Engine) -> Self {
        Self {
            program,
            engine,
            executions: 0,
            outcomes: BTreeMap::new(),
            elapsed: Duration::ZERO,
            stopped: false,
            forbidden: Forbidden::default(),
            drawings: Drawings::default(),
        }
    }

    /// Adds one finished execution that ended as `ending`, having done what
    /// `trace` recorded. One the memory model forbids is counted apart.
    pub fn add(&mut self, ending: P::Ending, trace: &Trace) {
        let ending = self.program.ended(ending, trace);
        self.executions += 1;
        let execution = self.executions;
        let drawing = self.drawings.of(trace);
        if let Some(breach) = &drawing.breach {
            let forbidden = &mut self.forbidden;
            forbidden.executions += 1;
            *forbidden.axioms.entry(breach.axiom).or_default() += 1;
            forbidden.witness.get_or_insert(Witness {
                execution,
                drawing,
                schedule: None,
            });
            return;
        }
        Drawings::add(&mut self.outcomes, ending, execution, drawing);
    }

    /// How many executions the outcome table counts: all but the forbidden.
    pub fn counted(&self) -> usize {
        self.executions - self.forbidden.executions
    }

    /// Whether only weak memory reached `ending`: every execution that did
    /// is one that no interleaving explains.
    pub fn weak_memory_only(&self, ending: &P::Ending) -> bool {
        self.outcomes
            .get(ending)
            .is_some_and(|outcome| outcome.weak_memory == outcome.executions)
    }

    /// Whether the table is a proof: every execution of an exhaustive
    /// engine, not stopped early, nor bounded.
    pub fn is_proof(&self) -> bool {
        let bounded = self.engine == Engine::Loom && self.program.loom_preemptions().is_some();
        self.engine.exhaustive() && !self.stopped && !bounded
    }
}

/// A counter's exploration: its endings are final counts.
impl Exploration<Counting> {
    /// The exact count: threads × increments.
    pub fn expected(&self) -> u64 {
        self.program.expected()
    }

    /// How `count` is judged.
    pub fn grade(&self, count: u64) -> Grade {
        if count == self.expected() {
            Grade::Correct
        } else {
            Grade::LostUpdates
        }
    }

    /// The lowest count below the exact one, if any execution lost updates.
    pub fn lost_update(&self) -> Option<(u64, &Outcome)> {
        self.outcomes
            .iter()
            .next()
            .filter(|(&count, _)| count < self.expected())
            .map(|(&count, outcome)| (count, outcome))
    }

    /// Every count below the exact one, highest first, as the table lists them.
    pub fn lost_updates(&self) -> Vec<u64> {
        let expected = self.expected();
        self.outcomes
            .keys()
            .rev()
            .copied()
            .filter(|&count| count < expected)
            .collect()
    }

    /// Whether every execution ended at the exact count.
    pub fn always_exact(&self) -> bool {
        self.executions > 0 && self.outcomes.keys().all(|&count| count == self.expected())
    }
}
