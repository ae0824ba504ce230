//! A trace ready to draw: its steps in an order that explains them, what
//! each step shows, and the words for it — shared by every format.

use crate::trace::analysis::explain::{explain, schedule, Explanation};
use crate::trace::analysis::marks::Marks;
use crate::trace::analysis::referee::{self, Breach, Verdict};
use crate::trace::Trace;

/// In what order a drawing shows the steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// An interleaving of whole steps in which every read returns the newest
    /// write, with the fewest preemptions of any that explains the execution.
    Interleaving {
        /// Its preemptions.
        preemptions: usize,
    },
    /// No interleaving explains the steps, and the memory model allows
    /// them: only weak memory gives this execution. They are drawn a thread
    /// at a time, switching as rarely as possible, each write before the
    /// reads that return it, and ⚠ marks each read that returned an older
    /// write than one drawn before it.
    WeakMemory,
    /// The memory model forbids the execution: the engine produced one no
    /// program can have (see [`referee`](crate::trace::analysis::referee)). Drawn as
    /// a weak-memory execution is, with ⊘ on the step that breaks the rule.
    Forbidden,
    /// The order the engine ran the steps in: the search for an explaining
    /// interleaving, or the referee, gave up, or there is nothing to explain.
    #[default]
    Unexplained,
    /// The order a learner chose in `racelab play`, with ↯ on the moves that
    /// switched away from a thread that could have gone on.
    Played,
    /// The order the engine ran the steps in, which is an interleaving (a
    /// shuttle run, replayed), with its preemptions.
    Ran {
        /// Its preemptions.
        preemptions: usize,
    },
}

/// A trace, ordered for drawing, and what it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// The steps in the order drawn.
    pub trace: Trace,
    /// What they show.
    pub marks: Marks,
    /// Why they are in this order.
    pub order: Order,
    /// For a forbidden execution: the rule it breaks, in the indices of the
    /// steps as drawn.
    pub breach: Option<Breach>,
    /// Steps a scenario marks ✗ (indices), each with its own note.
    pub marked: Vec<(usize, String)>,
}

impl Drawing {
    /// Draws `trace`: as the interleaving with the fewest preemptions that
    /// explains it; if none does, as a schedule a thread at a time, weak
    /// memory or forbidden as the [referee](crate::trace::analysis::referee) finds;
    /// if the searches give up, in the order it ran.
    pub fn new(trace: &Trace) -> Self {
        let (trace, order) = match explain(trace) {
            Explanation::Interleaving { order, preemptions } => {
                (trace.reordered(&order), Order::Interleaving { preemptions })
            }
            Explanation::WeakMemory => {
                let drawn = schedule(trace).map_or_else(|| trace.clone(), |o| trace.reordered(&o));
                (drawn, Order::WeakMemory)
            }
            Explanation::TooLarge => (trace.clone(), Order::Unexplained),
        };
        // Judged in the order drawn, so that the breach names drawn steps.
        let (order, breach) = match order {
            Order::WeakMemory => match referee::judge(&trace) {
                Verdict::Allowed => (Order::WeakMemory, None),
                Verdict::Forbidden(breach) => (Order::Forbidden, Some(breach)),
                Verdict::Undecided => (Order::Unexplained, None),
            },
            other => (other, None),
        };
        let mut marks = trace.marks();
        if matches!(order, Order::WeakMemory | Order::Forbidden) {
            // Rows drawn a thread at a time are no interleaving: a switch
            // between them preempts nobody.
            marks.preemptions.clear();
        }
        Self {
            marks,
            trace,
            order,
            breach,
            marked: Vec::new(),
        }
    }

    /// Draws `trace` in the order the engine ran it, which on a sequentially
    /// consistent engine is an interleaving, with ↯ on its preemptions: a
    /// replayed run, as it ran.
    pub fn as_run(trace: &Trace) -> Self {
        let marks = trace.marks();
        Self {
            order: Order::Ran {
                preemptions: marks.preemptions.len(),
            },
            marks,
            trace: trace.clone(),
            breach: None,
            marked: Vec::new(),
        }
    }

    /// Draws `trace` in the order it was played, with ↯ on the steps at
    /// `preemptions` (indices into its steps): the game knows which moves
    /// switched away from a thread that still had one.
    pub fn as_played(trace: &Trace, preemptions: Vec<usize>) -> Self {
        let mut marks = trace.marks();
        marks.preemptions = preemptions;
        Self {
            marks,
            trace: trace.clone(),
            order: Order::Played,
            breach: None,
            marked: Vec::new(),
        }
    }

    /// The indices of the steps drawn as rows (initial values are not).
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.trace.steps().len()).filter(|&index| self.marks.numbers[index].is_some())
    }

    /// The step's number as drawn.
    pub fn number(&self, index: usize) -> usize {
        self.marks.numbers[index].unwrap_or(0)
    }
}
