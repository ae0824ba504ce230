//! What a game says at a position and at an ending: the hint, the verdict,
//! the preemptions, the drawing. Each sentence is computed from the game, and
//! the terminal, the script and the page all print these same sentences.

use crate::explore::report::plural;
use crate::play::{Game, Memory};
use crate::trace::{render, Order};

impl Game {
    /// The machine the game plays on, in one sentence.
    pub fn machine(&self) -> &'static str {
        match self.memory {
            Memory::Sequential => {
                "Sequentially consistent: every read returns the newest write (shuttle's \
                 interleavings)."
            }
            Memory::Weak => {
                "Weak memory (loom's model): a read may return an older write, so some moves \
                 ask which write the thread sees."
            }
        }
    }

    /// What is still reachable from `node` after a move by `last`, in one
    /// sentence.
    pub fn hint(&self, node: usize, last: usize) -> String {
        if !self.has_bug() {
            return "No order of moves breaks it: every ending keeps the contract.".to_string();
        }
        let here = &self.nodes[node];
        match (here.can_break, here.can_keep) {
            (true, true) => match self.fewest_preemptions(node, last) {
                Some(0) => "From here it can still end either way; no more preemptions are \
                            needed to break it."
                    .to_string(),
                Some(n) => format!(
                    "From here it can still end either way; breaking it needs {} more.",
                    plural(n as u64, "preemption")
                ),
                None => "From here it can still end either way.".to_string(),
            },
            (true, false) => "From here every ending breaks the contract.".to_string(),
            _ => "From here every ending is correct: undo (u) and try another order.".to_string(),
        }
    }

    /// Where the game comes from, in one sentence.
    pub fn built_from(&self) -> String {
        let ends = self
            .nodes
            .iter()
            .filter(|node| node.ending.is_some())
            .count();
        match self.memory {
            Memory::Sequential => format!(
                "Built from {}, which reach every interleaving of the threads' steps: {}, {}.",
                plural(self.executions as u64, "shuttle run"),
                plural(ends as u64, "interleaving"),
                plural(self.nodes.len() as u64, "position")
            ),
            Memory::Weak => format!(
                "Built from every execution loom ran ({}): {}, {} where the program ends.",
                self.executions,
                plural(self.nodes.len() as u64, "position"),
                ends
            ),
        }
    }

    /// The verdict on ending `index`: `Ended: count = 1: breaks "…".`
    pub fn ended(&self, index: usize) -> String {
        let ending = &self.endings[index];
        format!("Ended: {}: {}.", ending.observed, self.verdict(index))
    }

    fn verdict(&self, index: usize) -> String {
        let keeps = if self.endings[index].correct {
            "keeps"
        } else {
            "breaks"
        };
        format!("{keeps} \"{}\"", self.subject.contract())
    }

    /// What follows "You used 2 preemptions" at ending `index`: the fewest
    /// that break the contract from the start.
    pub fn after_used(&self, index: usize) -> String {
        match (self.endings[index].correct, self.fewest_preemptions(0, 0)) {
            (false, Some(fewest)) => format!(
                "; {fewest} {} enough to break it.",
                if fewest == 1 { "is" } else { "are" }
            ),
            (true, Some(fewest)) => format!(
                ", and it kept its contract. It can break, with {} at fewest: r to restart, u to \
                 undo.",
                plural(fewest as u64, "preemption")
            ),
            (_, None) => ". No order of moves breaks this version.".to_string(),
        }
    }

    /// Ending `index` drawn as `racelab explore` draws it, its sentences
    /// wrapped at `width` columns.
    pub fn drawn(&self, index: usize, width: usize) -> String {
        let ending = &self.endings[index];
        let mut footer = vec![self.subject.roles().to_string()];
        footer.extend(ending.drawing.places_sentence());
        footer.push(match ending.drawing.order {
            Order::Interleaving { preemptions } => format!(
                "Drawn as `racelab explore` draws it: the interleaving with the fewest \
                 preemptions that ends this way, {}.",
                plural(preemptions as u64, "preemption")
            ),
            Order::WeakMemory => format!(
                "No interleaving of whole steps explains this execution: only weak memory allows \
                 it. It is drawn as a schedule, a thread at a time; row order is not the order in \
                 which writes became visible to the other thread. {}",
                self.subject.why_weak()
            )
            .trim_end()
            .to_string(),
            Order::Unexplained => "The search for an interleaving gave up: drawn in the order \
                                   the engine ran it."
                .to_string(),
        });
        if !ending.correct {
            footer.extend(self.subject.fix().map(str::to_string));
        }
        let headline = format!("{}: {}", ending.observed, self.verdict(index));
        render::text_within(&ending.drawing, &headline, &footer, width)
    }
}
