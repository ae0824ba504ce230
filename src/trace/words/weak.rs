//! Why no interleaving explains an execution, and why weak memory allows
//! it, in words: the sentences under a weak-memory witness, in its step
//! numbers, for the two patterns [`weak`](crate::trace::analysis::weak)
//! finds.

use std::sync::atomic::Ordering::{self, AcqRel, Acquire, Relaxed, Release, SeqCst};

use crate::trace::analysis::weak::{find, Crossing, LastYetMissed, Weakness};
use crate::trace::{thread_name, Action, Drawing, Trace};

/// Why the execution drawn cannot be an interleaving (the first line), and
/// why weak memory allows it (the second, when the orderings of the accesses
/// say); `None` if its pattern is neither of the two.
pub(crate) fn why(drawing: &Drawing) -> Option<Vec<String>> {
    let words = Words { drawing };
    let lines = match find(&drawing.trace, &drawing.marks.reads_from)? {
        Weakness::SeenThenMissed {
            first,
            second,
            seen,
            missed,
        } => [
            Some(words.seen_then_missed(first, second, seen, missed)),
            words.why_seen_then_missed(first, second, seen, missed),
        ],
        Weakness::BothMissed { one, other } => [
            Some(words.both_missed(one, other)),
            words.why_both_missed(one, other),
        ],
        Weakness::LastYetMissed(shape) => [Some(words.last_yet_missed(shape)), None],
    };
    Some(lines.into_iter().flatten().collect())
}

/// The sentences, in the drawing's step numbers and names.
struct Words<'a> {
    drawing: &'a Drawing,
}

impl Words<'_> {
    fn seen_then_missed(&self, first: usize, second: usize, seen: usize, missed: usize) -> String {
        let writer = self.thread(first);
        let reader = self.thread(seen);
        format!(
            "No interleaving explains this execution: {writer} wrote {} (step {}) before {} \
             (step {}), and {reader} read {} (step {}), getting that second write, before it \
             read {} (step {}). Any interleaving runs steps {}, {}, {} and {} in that order \
             (each thread's steps in its own order, and a read after the write it returns), so \
             step {} would return {} or a newer write, not {}. Only weak memory allows it.",
            self.written(first),
            self.number(first),
            self.written(second),
            self.number(second),
            self.place(seen),
            self.number(seen),
            self.place(missed),
            self.number(missed),
            self.number(first),
            self.number(second),
            self.number(seen),
            self.number(missed),
            self.number(missed),
            self.value_written(first),
            self.returned(missed),
        )
    }

    fn why_seen_then_missed(
        &self,
        first: usize,
        second: usize,
        seen: usize,
        missed: usize,
    ) -> Option<String> {
        if self.fenced(&[first, second, seen, missed]) || self.has_read_modify_write() {
            return None;
        }
        let (store, load) = (self.order(second)?, self.order(seen)?);
        if releases(store) && acquires(load) {
            return None;
        }
        let writer = self.thread(first);
        let reader = self.thread(seen);
        let mut words = format!(
            "Why weak memory allows it: {writer} wrote {} with a {store:?} store, and {reader} \
             read it with a {load:?} load. In Rust, without fences or read-modify-writes, a load \
             that \
             returns another thread's store orders that thread's earlier writes before the \
             loading thread's later reads only if the store is Release (or stronger) and the \
             load Acquire (or stronger); so {writer}'s write of {} need not be visible to \
             {reader} yet.",
            self.place(second),
            self.place(first),
        );
        if store == Relaxed && load == Relaxed {
            words.push_str(
                " The compiler may reorder two Relaxed accesses to different places, and so may \
                 weakly ordered CPUs such as Arm and POWER. x86 processors keep both pairs here \
                 in order, but the compiler still may reorder them, so the program is wrong on \
                 x86 too.",
            );
        }
        Some(words)
    }

    fn last_yet_missed(&self, shape: LastYetMissed) -> String {
        let LastYetMissed {
            earlier,
            later,
            check,
            theirs,
            missed,
        } = shape;
        format!(
            "No interleaving explains this execution: {b} wrote {} (step {}) before {} (step \
             {}), then read {} (step {}) and got {a}'s write (step {}), not its own at step {}: \
             so in an interleaving step {} comes after step {}, and so after step {} too. {a} \
             wrote {} (step {}) before it read {} (step {}), so step {} would return {} or a \
             newer write. Yet it returned {}. Only weak memory allows it.",
            self.place(earlier),
            self.number(earlier),
            self.place(later),
            self.number(later),
            self.place(check),
            self.number(check),
            self.number(theirs),
            self.number(later),
            self.number(theirs),
            self.number(later),
            self.number(earlier),
            self.place(theirs),
            self.number(theirs),
            self.place(missed),
            self.number(missed),
            self.number(missed),
            self.value_written(earlier),
            self.returned(missed),
            a = self.thread(theirs),
            b = self.thread(check),
        )
    }

    fn both_missed(&self, one: Crossing, other: Crossing) -> String {
        format!(
            "No interleaving explains this execution: {} wrote {} (step {}) before it read {} \
             (step {}), and {} wrote {} (step {}) before it read {} (step {}). In an \
             interleaving, if step {} came before step {}, step {} would come after both and \
             return {} or a newer write; if step {} came first, step {} would return {} or a \
             newer write. Yet step {} returned {}, \
             and step {} returned {}. Only weak memory allows it.",
            self.thread(one.write),
            self.place(one.write),
            self.number(one.write),
            self.place(one.read),
            self.number(one.read),
            self.thread(other.write),
            self.place(other.write),
            self.number(other.write),
            self.place(other.read),
            self.number(other.read),
            self.number(one.write),
            self.number(other.write),
            self.number(other.read),
            self.value_written(one.write),
            self.number(other.write),
            self.number(one.read),
            self.value_written(other.write),
            self.number(one.read),
            self.returned(one.read),
            self.number(other.read),
            self.returned(other.read),
        )
    }

    fn why_both_missed(&self, one: Crossing, other: Crossing) -> Option<String> {
        if self.fenced(&[one.write, one.read, other.write, other.read]) {
            return None;
        }
        let stores = [self.order(one.write), self.order(other.write)];
        let loads = [self.order(one.read), self.order(other.read)];
        let all = |orders: &[Option<Ordering>], wanted: &dyn Fn(Ordering) -> bool| {
            orders.iter().all(|order| order.is_some_and(wanted))
        };
        let four = [stores, loads].concat();
        if all(&four, &|order| order == SeqCst) {
            Some(
                "All four accesses are SeqCst, which forbids this outcome in Rust and C++: loom \
                 treats SeqCst loads and stores as Release and Acquire (loom issue 180), so this \
                 execution is loom's false alarm."
                    .to_string(),
            )
        } else if all(&four, &|order| order == Relaxed) {
            Some(
                "Why weak memory allows it: all four accesses are Relaxed, which orders nothing \
                 between a thread's store and its later load of another place, so each load may \
                 take its value before the other thread's store has become visible to it (on \
                 real CPUs, x86 included, a store can wait in its core's store buffer while \
                 that core's later load goes ahead)."
                    .to_string(),
            )
        } else if all(&stores, &releases) && all(&loads, &acquires) {
            Some(format!(
                "Why weak memory allows it: the stores are {} and the loads {}. A Release store \
                 keeps the thread's earlier accesses before it, as seen by a thread that \
                 synchronizes with it (for example with an Acquire load that returns it); an \
                 Acquire load keeps the thread's later accesses after it, which matters only \
                 when it returns a Release store (or a store after a Release fence, or one in a \
                 release sequence). Neither keeps a thread's store before its own \
                 later load of another place. And here neither load returned the other thread's \
                 store, so nothing synchronized.",
                named(&stores),
                named(&loads)
            ))
        } else {
            None
        }
    }

    fn thread(&self, index: usize) -> String {
        thread_name(self.trace().steps()[index].thread)
    }

    fn number(&self, index: usize) -> usize {
        self.drawing.number(index)
    }

    /// The place a step reads or writes.
    fn place(&self, index: usize) -> &'static str {
        let action = self.trace().steps()[index].action;
        action
            .written()
            .or(action.read())
            .map_or("?", |(location, _)| self.trace().place_name(location))
    }

    /// `data = 42`.
    fn written(&self, index: usize) -> String {
        format!("{} = {}", self.place(index), self.value_written(index))
    }

    fn value_written(&self, index: usize) -> String {
        let action = self.trace().steps()[index].action;
        match (action.written(), action.value_written()) {
            (Some((location, _)), Some(value)) => self.trace().value_name(location, value),
            _ => "?".to_string(),
        }
    }

    /// What a read returned: `the initial 0`, `the 1 written at step 3`.
    fn returned(&self, read: usize) -> String {
        let Some(write) = self.drawing.marks.reads_from[read] else {
            return "?".to_string();
        };
        let value = self.value_written(write);
        match self.trace().steps()[write].action {
            Action::New { .. } => format!("the initial {value}"),
            _ => format!("the {value} written at step {}", self.number(write)),
        }
    }

    /// A read's or a write's memory ordering; `None` for a read-modify-write.
    fn order(&self, index: usize) -> Option<Ordering> {
        match self.trace().steps()[index].action {
            Action::Read { order, .. } | Action::Write { order, .. } => Some(order),
            _ => None,
        }
    }

    /// Whether a thread of these steps has a fence: then the orderings of the
    /// accesses alone do not say what is ordered.
    fn fenced(&self, indices: &[usize]) -> bool {
        let steps = self.trace().steps();
        steps.iter().any(|step| {
            matches!(step.action, Action::Fence { .. })
                && indices
                    .iter()
                    .any(|&index| steps[index].thread == step.thread)
        })
    }

    /// Whether any step is a read-modify-write, which can carry a Release
    /// store's ordering on to the loads that return it (a release sequence).
    fn has_read_modify_write(&self) -> bool {
        self.trace()
            .steps()
            .iter()
            .any(|step| matches!(step.action, Action::Add { .. } | Action::Swap { .. }))
    }

    fn trace(&self) -> &Trace {
        &self.drawing.trace
    }
}

/// `Release`, or `Release and SeqCst` when the two differ.
fn named(orders: &[Option<Ordering>]) -> String {
    let mut names: Vec<String> = orders.iter().flatten().map(|o| format!("{o:?}")).collect();
    names.dedup();
    names.join(" and ")
}

fn releases(order: Ordering) -> bool {
    matches!(order, Release | AcqRel | SeqCst)
}

fn acquires(order: Ordering) -> bool {
    matches!(order, Acquire | AcqRel | SeqCst)
}
