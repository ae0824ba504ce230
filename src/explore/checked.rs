//! What loom says of a program that real threads ran: runs that broke
//! nothing prove nothing, so whether the program can break, and how, is
//! asked of loom, never taken from the version's label.

use crate::explore::model::{self, Watch};
use crate::explore::{Exploration, Search};
use crate::sync::{Budget, Engine};
use crate::trace::analysis::weak::{self, Weakness};

/// loom's answer for a program real threads ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoomCheck {
    /// How far loom's search went.
    pub search: Search,
    /// How many of its behaviours break the contract.
    pub wrong: usize,
    /// Whether every one of those needs weak memory.
    pub weak_only: bool,
    /// Whether a witness of the bug is a reader that saw one write, then
    /// missed an earlier write of the same thread (message passing): two
    /// stores of one thread, or two loads, seen out of order.
    pub seen_then_missed: bool,
}

/// loom's exploration of `exploration`'s program within `budget`, if the
/// exploration ran on real threads and found nothing wrong: the only case
/// in which its runs leave the question open.
pub fn check_on_loom(exploration: &Exploration, budget: Budget) -> Option<LoomCheck> {
    if !matches!(exploration.engine, Engine::Threads { .. }) || !exploration.wrong().is_empty() {
        return None;
    }
    let watch = Watch {
        budget,
        on_execution: None,
    };
    let loom = model::run(exploration.program, &Engine::Loom, &watch);
    let wrong = loom.wrong();
    let seen_then_missed = wrong.iter().any(|observed| {
        let drawing = &loom.outcomes[*observed].witness.drawing;
        matches!(
            weak::find(&drawing.trace, &drawing.marks.reads_from),
            Some(Weakness::SeenThenMissed { .. })
        )
    });
    Some(LoomCheck {
        search: loom.search(),
        wrong: wrong.iter().map(|o| loom.outcomes[*o].behaviours).sum(),
        weak_only: !wrong.is_empty() && wrong.iter().all(|o| loom.weak_memory_only(o)),
        seen_then_missed,
    })
}
