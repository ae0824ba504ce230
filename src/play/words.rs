//! What a game says at a position and at an ending: the hint, the verdict,
//! the preemptions, the drawing. Each sentence is computed from the game, and
//! the terminal, the script and the page all print these same sentences.

use crate::explore::grouped;
use crate::explore::report::{plural, Commands, Hint};
use crate::play::{Game, Memory, Move};
use crate::sync::Engine;
use crate::trace::{render, thread_name, Drawing, Location, Mark, Order, Trace};

/// What a preemption is, as the game counts it.
pub const PREEMPTION: &str =
    "A preemption (↯) is a switch away from a thread that could have gone \
                              on; a thread asking for a lock another thread holds could not.";

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
                Some(0) => "From here it can still end either way, and it can break with no \
                            further preemption."
                    .to_string(),
                Some(n) => format!(
                    "From here it can still end either way; breaking it needs {} more.",
                    plural(n as u64, "preemption")
                ),
                None => "From here it can still end either way.".to_string(),
            },
            (true, false) => "From here every ending breaks the contract.".to_string(),
            _ => "From here every ending is correct: undo, and try another order.".to_string(),
        }
    }

    /// Where the game comes from, in one sentence.
    pub fn built_from(&self) -> String {
        let ends = self
            .nodes
            .iter()
            .filter(|node| node.ending.is_some())
            .count();
        let ways = counted(ends, "way");
        match self.memory {
            Memory::Sequential => format!(
                "Built from {}, which choose a thread only between recorded steps: {ways} to \
                 play it to the end.",
                counted(self.executions, "shuttle run")
            ),
            Memory::Weak => format!(
                "Built from the {} loom ran: {ways} to play it to the end.",
                counted(self.executions, "execution")
            ),
        }
    }

    /// The shared places after `played`: each value's newest write (and, on
    /// weak memory, every write so far, any of which a read may still
    /// return), and who holds each lock.
    pub fn shared(&self, played: &[&Move]) -> String {
        let mut steps = self.setup.clone();
        for m in played {
            steps.extend_from_slice(&m.steps);
        }
        let trace = Trace::new(steps, self.places.clone());
        let mut parts = Vec::new();
        for (index, place) in self.places.iter().enumerate() {
            let location = Location(index as u32);
            if place.sync {
                if let Some(holder) = trace.holder(trace.steps().len(), location) {
                    parts.push(format!("{} held by {}", place.name, thread_name(holder)));
                }
                continue;
            }
            let written: Vec<String> = trace
                .steps()
                .iter()
                .filter(|step| step.action.written().is_some_and(|(l, _)| l == location))
                .filter_map(|step| step.action.value_written())
                .map(|value| trace.value_name(location, value))
                .collect();
            let Some(newest) = written.last() else {
                continue;
            };
            parts.push(match self.memory {
                Memory::Sequential => format!("{} = {newest}", place.name),
                Memory::Weak => format!("{}: written {}", place.name, written.join(", then ")),
            });
        }
        parts.join(" · ")
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
        format!("{keeps} \"{}\"", self.program.contract())
    }

    /// What follows "You used 2 preemptions" at ending `index`, reached with
    /// `used` preemptions: the fewest that break the contract from the start,
    /// and moves that do it.
    pub fn after_used(&self, index: usize, used: usize, commands: Commands<'_>) -> String {
        let fewest = self.fewest_preemptions(0, 0);
        match (self.endings[index].correct, fewest) {
            (false, Some(fewest)) if fewest == used => ": the fewest that break it.".to_string(),
            (false, Some(fewest)) => format!(
                "; {fewest} {} enough to break it, as in:\n  {}",
                if fewest == 1 { "is" } else { "are" },
                commands(&self.again(self.solution()))
            ),
            (true, Some(fewest)) => format!(
                ", and it kept its contract. It can break, with {} at fewest.",
                plural(fewest as u64, "preemption")
            ),
            (_, None) => ". No order of moves breaks this version.".to_string(),
        }
    }

    /// Ending `index` drawn in the order of the moves that reach it, with
    /// what that order shows, and the fewest preemptions that reach it; its
    /// sentences wrapped at `width` columns.
    pub fn drawn(&self, index: usize, width: usize, commands: Commands<'_>) -> String {
        let ending = &self.endings[index];
        // The scenario's own notes, as explore writes them under its witness:
        // what broke, marked ✗, and why.
        let mut played = ending.played.clone();
        let notes = self.program.notes(&ending.observed, &played);
        played.marked.extend(notes.marked);
        let played = &played;
        let mut footer = notes.lines;
        footer.push(self.program.roles().to_string());
        footer.extend(played.places_sentence());
        let used = played.marks.preemptions.len();
        let mut order = match used {
            0 => "Drawn in the order you played, with no preemption.".to_string(),
            1 => "Drawn in the order you played: 1 preemption, marked ↯.".to_string(),
            _ => format!("Drawn in the order you played: {used} preemptions, each marked ↯."),
        };
        if played
            .marks
            .marks
            .iter()
            .any(|mark| matches!(mark, Some(Mark::NotNewest { .. })))
        {
            order.push_str(
                " ⚠ marks a read that returned an older write than one drawn before it, so this \
                 order is not an interleaving.",
            );
            if matches!(
                Drawing::new(&played.trace).order,
                Order::Interleaving { .. }
            ) {
                order.push_str(
                    " Another order of the same steps is one, so this execution needs no weak \
                     memory.",
                );
            }
        }
        footer.push(order);
        footer.extend(moves_as_steps(played, &ending.moves_at));
        footer.push(match ending.drawing.order {
            Order::Interleaving { preemptions } if !ending.correct => format!(
                "The fewest preemptions that end this way: {preemptions}. Drawn so:\n  {}",
                commands(&Hint::Explore {
                    program: self.program,
                    engine: Engine::Loom,
                })
            ),
            // explore draws only the endings that break the contract.
            Order::Interleaving { preemptions } => {
                format!("The fewest preemptions that end this way: {preemptions}.")
            }
            Order::WeakMemory => played
                .why_weak()
                .map(|lines| lines.join(" "))
                .unwrap_or_else(|| {
                    "No interleaving of whole steps explains this ending: only weak memory \
                     allows it."
                        .to_string()
                }),
            Order::Unexplained | Order::Played | Order::Forbidden | Order::Ran { .. } => {
                "The search for an interleaving that explains it gave up.".to_string()
            }
        });
        let fix = self.program.about().fix;
        if !ending.correct && !fix.is_empty() {
            footer.push(fix.to_string());
        }
        footer.extend(write_names(played));
        let headline = format!("{}: {}", ending.observed, self.verdict(index));
        render::text_within(played, &headline, &footer, width)
    }
}

/// How the drawing names the write a read returned, with its first example:
/// `(T1@4) after a read names the write it returned: T1's, at step 4.`
fn write_names(drawing: &Drawing) -> Option<String> {
    let steps = drawing.trace.steps();
    drawing.rows().find_map(|index| {
        let writer = drawing.marks.reads_from[index]?;
        drawing.marks.numbers[writer]?;
        steps[index].action.read()?;
        let name = drawing.marks.name(&drawing.trace, writer);
        Some(format!(
            "In the drawing, ({name}) after a step that reads names the write it returned: {}'s, \
             at step {}.",
            thread_name(steps[writer].thread),
            drawing.number(writer)
        ))
    })
}

/// `1 way`, `2,862 shuttle runs`.
fn counted(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{} {word}s", grouped(n as u64)),
    }
}

/// Said at the end when move `closed` closed a cycle of waits and the `n`
/// moves after it were played for the learner.
pub(crate) fn unwound(closed: usize, n: usize) -> String {
    format!(
        "Move {closed} closed a cycle of waits, so the game ended there; the {} after it, which \
         only unwind the deadlock, {} played for you.",
        counted(n, "move"),
        if n == 1 { "was" } else { "were" }
    )
}

/// Which drawn steps the learner's moves are, since the drawing numbers
/// main's steps too: `Your moves #1 to #4 are steps 3, 4, 5 and 7.`
fn moves_as_steps(played: &Drawing, moves_at: &[usize]) -> Option<String> {
    let steps: Vec<String> = moves_at
        .iter()
        .map(|&index| played.number(index).to_string())
        .collect();
    let (last, rest) = steps.split_last()?;
    let which = match rest {
        [] => format!("Your move #1 is step {last}"),
        _ => format!(
            "Your moves #1 to #{} are steps {} and {last}",
            steps.len(),
            rest.join(", ")
        ),
    };
    let trace = &played.trace;
    let others_main = (0..trace.steps().len())
        .filter(|index| played.marks.numbers[*index].is_some() && !moves_at.contains(index))
        .all(|index| trace.steps()[index].thread == 0);
    let others = if others_main {
        "main took the others"
    } else {
        "the others are main's, or further steps of the same moves"
    };
    Some(format!("{which}; {others}."))
}
