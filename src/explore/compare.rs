//! The same program on the other exhaustive engine: loom and shuttle-dfs
//! should find the same behaviours that an interleaving explains, and where
//! they do not, one of them missed some.
//!
//! loom's search has known gaps: it skips some interleavings it should try
//! (loom issues 166 and 392). shuttle-dfs runs every order of the recorded
//! steps on a sequentially consistent machine, and the memory model allows
//! each of them, so loom should reach every one; loom alone reaches weak
//! memory, which is left out of the comparison. Where weak memory cannot
//! matter (a program that shares one location, or whose shared accesses are
//! all ordered or `SeqCst`: see
//! [`Sharing`](crate::trace::analysis::sharing::Sharing)), that is every
//! behaviour, and each engine checks the other.

use std::collections::HashSet;

use crate::explore::model::{self, Watch};
use crate::explore::{Behaviour, Exploration, Search};
use crate::sync::{Budget, Engine, ShuttleScheduler};
use crate::trace::words::behaviour;
use crate::trace::{Order, Step};

/// What the other engine found that this one did not, and the reverse.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The other engine.
    pub other: Engine,
    /// How many behaviours it found.
    pub behaviours: usize,
    /// Behaviours it found that this exploration missed.
    pub missed_here: Vec<Behaviour>,
    /// Behaviours this exploration found that it missed.
    pub missed_there: Vec<Behaviour>,
}

impl Comparison {
    /// Whether both engines found the same behaviours.
    pub fn agree(&self) -> bool {
        self.missed_here.is_empty() && self.missed_there.is_empty()
    }
}

/// `exploration`'s program run on the other exhaustive engine within
/// `budget`, and the behaviours that an interleaving explains which each
/// found and the other did not (weak memory is loom's alone); `None` where
/// the comparison means nothing: the program shares state racelab does not
/// record, either search did not finish, or the engine is no exhaustive one.
pub fn compare(exploration: &Exploration, budget: Budget) -> Option<Comparison> {
    let other = match exploration.engine {
        Engine::Loom => Engine::SHUTTLE_DFS,
        Engine::Shuttle(ShuttleScheduler::Dfs) => Engine::Loom,
        _ => return None,
    };
    let program = exploration.program;
    let comparable = exploration.search() == Search::Complete && program.records_all_sharing();
    if !comparable {
        return None;
    }
    let watch = Watch {
        budget,
        on_execution: None,
    };
    let theirs = model::run(program, &other, &watch);
    if theirs.search() != Search::Complete {
        return None;
    }
    let missing = |from: &Exploration, in_: &Exploration| -> Vec<Behaviour> {
        let known: HashSet<&Vec<Step>> = in_.behaviour_shapes().map(|(shape, _)| shape).collect();
        let mut missed: Vec<Behaviour> = from
            .behaviour_shapes()
            // Only what an interleaving explains: shuttle-dfs cannot reach
            // weak memory, and the memory model forbids what breaks a rule.
            .filter(|(shape, behaviour)| {
                matches!(behaviour.drawing.order, Order::Interleaving { .. })
                    && !known.contains(shape)
            })
            .map(|(_, behaviour)| behaviour.clone())
            .collect();
        // In a fixed order: by outcome, then by what the threads did.
        missed.sort_by_cached_key(|b| (b.observed.clone(), behaviour(&b.drawing.trace)));
        missed
    };
    Some(Comparison {
        missed_here: missing(&theirs, exploration),
        missed_there: missing(exploration, &theirs),
        behaviours: theirs.behaviours(),
        other,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::compare;
    use crate::explore::model;
    use crate::scenario::{find, Program, Size};
    use crate::sync::{Budget, ShuttleScheduler};
    use crate::trace::words::behaviour;

    /// The report names each behaviour one engine skipped in a line; two of
    /// them in the same words would read as one behaviour counted twice.
    /// The racy counter at 2 × 2 ends at 3 in two ways that differ only in
    /// which write main's final read returns.
    #[test]
    fn behaviours_one_engine_skipped_are_named_in_different_words() {
        let program =
            Program::named(find("racy").expect("racy"), None, Size::new(2, 2)).expect("a counter");
        let found = model::shuttle(program, ShuttleScheduler::Dfs);
        let comparison = compare(&found, Budget::default()).expect("comparable");
        let skipped = &comparison.missed_there;
        assert!(skipped.len() > 3, "loom skipped only {}", skipped.len());
        let lines: HashSet<String> = skipped
            .iter()
            .map(|b| behaviour(&b.drawing.trace))
            .collect();
        assert_eq!(lines.len(), skipped.len(), "{lines:#?}");
    }
}
